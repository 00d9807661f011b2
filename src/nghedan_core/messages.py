"""Every word a person reads, in Vietnamese and English, and the one renderer that uses them.

Three tables, one renderer:

- `VOCABULARY`: the words for every code the model writes — each enum value of
  `nghedan_core.values` (by enum), the states a refusal names, the kinds of record, ledger
  line kinds and sources, board statuses, and every command and event class, as
  ``group -> code -> (vi, en)``. `word` reads it; the words are those of ``docs/glossary.md``.
- `MESSAGES`: every refusal the core can make, ``code -> (vi, en)`` templates with
  ``str.format`` fields.
- `render`: a template with its parameters shown by meaning — dates ``09/07/2024``, moments
  ``08:00 ngày 10/05/2024`` (``08:00 on 10/05/2024``), money ``26.500.000 đ``
  (``26,500,000 VND``), months ``03/2024``, states, roles, kinds and command names in words,
  and the units, officials and households named through an optional `Names` lookup that the
  adapter supplies from its store (the core stays pure: it never reads a store here).

This module imports nothing of the model (``values`` reads its labels from here), so every
layer may use it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Final, Literal

__all__ = [
    "MESSAGES",
    "VOCABULARY",
    "Lang",
    "Names",
    "code_of",
    "command_words",
    "event_words",
    "format_date",
    "format_moment",
    "format_money",
    "format_month",
    "format_number",
    "money_in_words",
    "render",
    "show",
    "word",
]

Lang = Literal["vi", "en"]

#: id or code -> how a person calls it (``"29257"`` -> ``"Xã Ninh Thới (29257)"``), or None
Names = Callable[[str], str | None]

_VN: Final = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

W = dict[str, tuple[str, str]]

# --- the vocabulary -----------------------------------------------------------------------

#: the enums of `nghedan_core.values`, by class name (docs/glossary.md §4)
_ENUMS: Final[dict[str, W]] = {
    "UnitKind": {
        "province": ("tỉnh/thành phố", "province"),
        "district": ("huyện", "district"),
        "commune": ("xã", "commune"),
        "ward": ("phường", "ward"),
        "town": ("thị trấn", "town"),
        "special_zone": ("đặc khu", "special zone"),
        "hamlet": ("ấp/khóm/thôn/tổ dân phố", "hamlet"),
    },
    "OfficialRole": {
        "clerk": ("văn phòng", "clerk"),
        "leader": ("lãnh đạo", "leader"),
        "supervisor": ("cấp giám sát", "supervisor"),
        "mttq": ("Mặt trận Tổ quốc", "Fatherland Front"),
        "inspectorate": ("Ban Thanh tra nhân dân", "People's Inspectorate"),
    },
    "SessionLevel": {
        "commune": ("xã", "commune"),
        "supervisory": ("cấp giám sát", "supervisory level"),
    },
    "HouseholdCategory": {
        "policy_family": ("gia đình chính sách", "policy family"),
        "poor": ("hộ nghèo", "poor household"),
        "near_poor": ("hộ cận nghèo", "near-poor household"),
        "lonely_elderly": ("người già neo đơn", "lonely elderly"),
        "studious_child": (
            "trẻ em hiếu học có hoàn cảnh khó khăn",
            "studious child in hardship",
        ),
        "poor_patient": ("bệnh nhân nghèo", "poor patient"),
        "housing_difficulty": ("khó khăn về nhà ở", "housing difficulty"),
        "other_hardship": ("hoàn cảnh khó khăn khác", "other hardship"),
    },
    "HardshipCause": {
        "illness": ("ốm đau, bệnh tật", "illness"),
        "old_age": ("già yếu", "old age"),
        "disability": ("khuyết tật", "disability"),
        "lack_of_labour": ("thiếu lao động", "lack of labour"),
        "lack_of_land": ("thiếu đất sản xuất", "lack of farmland"),
        "lack_of_capital": ("thiếu vốn", "lack of capital"),
        "lack_of_skills": ("thiếu kiến thức, tay nghề", "lack of knowledge and skills"),
        "natural_disaster": ("thiên tai", "natural disaster"),
        "many_dependants": ("đông người ăn theo", "many dependants"),
        "social_evils": ("tệ nạn xã hội", "social evils"),
        "other": ("khác", "other"),
    },
    "DisbursementPurpose": {
        "gift": ("quà", "gift"),
        "house_building": ("xây nhà", "house building"),
        "house_repair": ("sửa nhà", "house repair"),
        "toilet": ("nhà vệ sinh", "toilet"),
        "other_support": ("hỗ trợ khác", "other support"),
    },
    "SupportKind": {
        "gift": ("quà", "gift"),
        "house_built": ("nhà tình thương", "charity house built"),
        "house_repaired": ("sửa chữa nhà", "house repaired"),
        "toilet": ("nhà vệ sinh", "toilet"),
        "other": ("khác", "other"),
    },
    "FundingSource": {
        "fund": ("quỹ", "the support fund"),
        "donor": ("nhà tài trợ", "a donor"),
        "budget": ("ngân sách", "the state budget"),
    },
    "ContributionSource": {
        "flag_ceremony": ("chào cờ", "flag ceremony"),
        "lawful_donation": ("nguồn xã hội hóa hợp pháp", "lawful donation"),
        "session": ("buổi Nghe dân nói", "the session"),
    },
    "VolunteerWorkKind": {
        "cleaning": ("dọn vệ sinh", "cleaning"),
        "tree_trimming": ("phát quang", "tree trimming"),
        "road_building": ("làm đường", "road building"),
        "house_building": ("xây nhà", "house building"),
        "house_repair": ("sửa nhà", "house repair"),
        "toilet": ("nhà vệ sinh", "toilet"),
        "other": ("khác", "other"),
    },
    "ComplaintCategory": {
        "land": ("đất đai", "land"),
        "infrastructure": ("hạ tầng", "infrastructure"),
        "environment": ("môi trường", "environment"),
        "social_policy": ("chính sách xã hội", "social policy"),
        "security_order": ("an ninh trật tự", "security and order"),
        "administrative": ("thủ tục hành chính", "administrative procedure"),
        "other": ("khác", "other"),
    },
    "ComplaintOutcome": {
        "open": ("đang mở", "open"),
        "answered_on_spot": ("trả lời tại chỗ", "answered on the spot"),
        "taken_on_record": ("tiếp thu, hẹn trả lời", "taken on record"),
        "referred": ("chuyển cơ quan có thẩm quyền", "referred to the competent agency"),
        "answered": ("đã trả lời", "answered"),
        "resolved": ("đã giải quyết", "resolved"),
        "withdrawn": ("đã rút", "withdrawn"),
    },
    "RecordReason": {
        "beyond_authority": ("vượt thẩm quyền", "beyond authority"),
        "needs_verification": ("cần xác minh", "needs verification"),
        "not_certain": ("chưa rõ", "not certain"),
    },
    "SupervisorKind": {
        "mttq": ("Mặt trận Tổ quốc", "Fatherland Front"),
        "peoples_inspectorate": ("Ban Thanh tra nhân dân", "People's Inspectorate"),
    },
    "DeregistrationReason": {
        "escaped_poverty": ("thoát nghèo", "escaped poverty"),
        "moved": ("chuyển đi", "moved away"),
        "deceased": ("qua đời", "deceased"),
        "other": ("khác", "other"),
    },
}

#: the commands, by class name (docs/glossary.md §3): what a person asked for
_COMMANDS: Final[W] = {
    "RegisterUnit": ("đăng ký đơn vị", "register a unit"),
    "RenameUnit": ("đổi tên đơn vị", "rename a unit"),
    "MergeUnit": ("sáp nhập đơn vị", "merge a unit into another"),
    "RegisterOfficial": ("đăng ký cán bộ", "register an official"),
    "DeclareRelative": ("kê khai người thân", "declare a relative"),
    "TransferOfficial": ("điều động cán bộ", "transfer an official"),
    "LeaveOffice": ("ghi nhận thôi công tác", "record leaving office"),
    "ScheduleSession": ("lên lịch buổi làm việc", "schedule the session"),
    "RescheduleSession": ("đổi ngày buổi làm việc", "reschedule the session"),
    "HoldFlagCeremony": ("ghi nhận lễ chào cờ", "record the flag ceremony"),
    "ReviewMonth": ("sơ kết tháng", "review the month"),
    "HearProposal": ("ghi nhận đề xuất", "record a proposal"),
    "CommendOfficial": ("biểu dương cán bộ", "commend an official"),
    "RemindOfficial": ("nhắc nhở cán bộ", "remind an official"),
    "HoldReception": ("ghi nhận tiếp dân", "record the citizen reception"),
    "CloseSession": ("kết thúc buổi làm việc", "close the session"),
    "CancelSession": ("hủy buổi làm việc", "cancel the session"),
    "InspectSession": ("kiểm tra buổi làm việc", "inspect the session"),
    "RaiseComplaint": ("tiếp nhận ý kiến", "record a complaint"),
    "AnswerOnSpot": ("trả lời tại chỗ", "answer on the spot"),
    "TakeOnRecord": ("tiếp thu, hẹn trả lời", "take on record with an appointment"),
    "ReferComplaint": ("chuyển cơ quan có thẩm quyền", "refer to the competent agency"),
    "RescheduleAppointment": ("đổi lịch hẹn", "reschedule the appointment"),
    "AnswerComplaint": ("trả lời ý kiến", "answer the complaint"),
    "ResolveComplaint": ("ghi nhận đã giải quyết", "record the complaint resolved"),
    "RecordCitizenFeedback": ("ghi ý kiến phản hồi", "record the citizen's feedback"),
    "ReopenComplaint": ("mở lại ý kiến", "reopen the complaint"),
    "NoteSupervision": ("ghi nhận giám sát", "note supervision"),
    "WithdrawComplaint": ("rút ý kiến", "withdraw the complaint"),
    "OpenFund": ("lập quỹ", "open the fund"),
    "PledgeContribution": ("ghi nhận cam kết đóng góp", "record a pledge"),
    "ReceiveContribution": ("nhận đóng góp", "receive a contribution"),
    "CancelPledge": ("hủy cam kết", "cancel a pledge"),
    "MakeDisbursement": ("chi quỹ", "make a payment"),
    "RequestPayment": ("đề nghị chi quỹ", "request a payment"),
    "ApprovePayment": ("duyệt đề nghị chi", "approve a payment request"),
    "RejectPayment": ("từ chối đề nghị chi", "refuse a payment request"),
    "ReverseDisbursement": ("điều chỉnh ngược khoản chi", "reverse a payment"),
    "PublishDisclosure": ("công khai thu chi", "publish the disclosure"),
    "RegisterHousehold": ("đưa hộ vào danh sách", "register a household"),
    "AssessHousehold": ("đánh giá hoàn cảnh", "assess hardship"),
    "SelectHousehold": ("bình xét chọn hỗ trợ", "select for support"),
    "DeliverSupport": ("ghi nhận hỗ trợ", "record support delivered"),
    "DeregisterHousehold": ("đưa hộ ra khỏi danh sách", "deregister a household"),
    "PlanVisit": ("lên kế hoạch thăm", "plan a visit"),
    "ConductVisit": ("ghi nhận thăm hỏi, tặng quà", "record the visit"),
    "CancelVisit": ("hủy chuyến thăm", "cancel the visit"),
    "PlanVolunteerWork": ("lên kế hoạch hoạt động tình nguyện", "plan volunteer work"),
    "NotifyVolunteers": ("thông báo tình nguyện viên", "notify the volunteers"),
    "CompleteVolunteerWork": ("ghi nhận hoàn thành hoạt động", "record the work completed"),
    "CancelVolunteerWork": ("hủy hoạt động tình nguyện", "cancel the volunteer work"),
    "ErasePersonalData": ("xoá dữ liệu cá nhân", "erase personal data"),
}

#: the events, by class name: what was recorded (``Đã ghi: đăng ký đơn vị …``)
_EVENTS: Final[W] = {
    "UnitRegistered": ("đăng ký đơn vị", "registration of the unit"),
    "UnitRenamed": ("đổi tên đơn vị", "new name of the unit"),
    "UnitMerged": ("sáp nhập đơn vị", "merger of the unit"),
    "OfficialRegistered": ("đăng ký cán bộ", "registration of the official"),
    "RelativeDeclared": ("kê khai người thân của cán bộ", "relative declared by the official"),
    "OfficialTransferred": ("điều động cán bộ", "transfer of the official"),
    "OfficialLeft": ("thôi công tác của cán bộ", "leaving office of the official"),
    "SessionScheduled": ("lên lịch buổi làm việc", "session scheduled"),
    "SessionRescheduled": ("đổi ngày buổi làm việc", "session rescheduled"),
    "FlagCeremonyHeld": ("lễ chào cờ", "flag ceremony"),
    "MonthReviewed": ("sơ kết tháng", "review of the month"),
    "ProposalHeard": ("đề xuất tại buổi làm việc", "proposal heard"),
    "OfficialCommended": ("biểu dương cán bộ", "commendation of an official"),
    "OfficialReminded": ("nhắc nhở cán bộ", "reminder to an official"),
    "ReceptionHeld": ("tiếp dân tại ấp", "citizen reception"),
    "SessionClosed": ("kết thúc buổi làm việc", "session closed"),
    "SessionCancelled": ("hủy buổi làm việc", "session cancelled"),
    "SessionInspected": ("kiểm tra buổi làm việc", "session inspected"),
    "ComplaintReceived": ("buổi làm việc tiếp nhận ý kiến", "complaint received at the session"),
    "ComplaintRaised": ("tiếp nhận ý kiến", "complaint raised"),
    "ComplaintAnsweredOnSpot": ("trả lời tại chỗ", "answer on the spot"),
    "ComplaintTakenOnRecord": ("tiếp thu, hẹn trả lời", "complaint taken on record"),
    "ComplaintReferred": ("chuyển cơ quan có thẩm quyền", "complaint referred"),
    "AppointmentRescheduled": ("đổi lịch hẹn", "appointment rescheduled"),
    "ComplaintAnswered": ("trả lời ý kiến", "complaint answered"),
    "ComplaintResolved": ("ý kiến đã giải quyết", "complaint resolved"),
    "CitizenFeedbackRecorded": ("ý kiến phản hồi của người dân", "citizen's feedback"),
    "ComplaintReopened": ("mở lại ý kiến", "complaint reopened"),
    "SupervisionNoted": ("ghi nhận giám sát", "supervision noted"),
    "ComplaintWithdrawn": ("rút ý kiến", "complaint withdrawn"),
    "FundOpened": ("lập quỹ", "opening of the fund of"),
    "ContributionPledged": ("cam kết đóng góp vào quỹ", "pledge to the fund of"),
    "ContributionReceived": ("khoản thu vào quỹ", "receipt into the fund of"),
    "PledgeCancelled": ("hủy cam kết đóng góp vào quỹ", "pledge cancelled, fund of"),
    "DisbursementMade": ("khoản chi của quỹ", "payment from the fund of"),
    "PaymentRequested": ("đề nghị chi của quỹ", "payment request to the fund of"),
    "PaymentApproved": ("lượt duyệt chi của quỹ", "approval of a payment from the fund of"),
    "PaymentRejected": ("đề nghị chi bị từ chối của quỹ", "refused payment request of"),
    "DisbursementReversed": ("điều chỉnh ngược khoản chi của quỹ", "payment reversed, fund of"),
    "DisclosurePublished": ("công khai thu chi của quỹ", "disclosure published, fund of"),
    "HouseholdRegistered": ("đưa vào danh sách", "registration of"),
    "HouseholdAssessed": ("đánh giá hoàn cảnh", "hardship assessment of"),
    "HouseholdSelected": ("bình xét chọn hỗ trợ", "selection for support of"),
    "SupportDelivered": ("hỗ trợ", "support delivered to"),
    "HouseholdDeregistered": ("đưa ra khỏi danh sách", "deregistration of"),
    "VisitPlanned": ("lên kế hoạch thăm", "visit planned to"),
    "VisitConducted": ("thăm hỏi, tặng quà", "visit to"),
    "VisitCancelled": ("hủy chuyến thăm", "visit cancelled to"),
    "VolunteerWorkPlanned": ("lên kế hoạch hoạt động tình nguyện", "volunteer work planned"),
    "VolunteersNotified": ("thông báo tình nguyện viên", "volunteers notified"),
    "VolunteerWorkCompleted": ("hoàn thành hoạt động tình nguyện", "volunteer work completed"),
    "VolunteerWorkCancelled": ("hủy hoạt động tình nguyện", "volunteer work cancelled"),
    "CommandAccepted": ("lệnh đã nhận", "command accepted"),
}

#: what a person may be refused to read (``action`` of an access refusal, beside commands)
_READS: Final[W] = {
    "read": ("xem dữ liệu", "read the data"),
    "dossier": ("xem hồ sơ buổi làm việc", "read the session dossier"),
    "households": ("xem hồ sơ hộ", "read the households' records"),
    "complaints": ("xem bảng theo dõi ý kiến", "read the complaint board"),
    "public": ("xem dữ liệu công khai", "read the public data"),
}

#: what kind of record a refusal names (``kind``): aggregates and the records inside them
_RECORDS: Final[W] = {
    "unit": ("đơn vị", "unit"),
    "official": ("cán bộ", "official"),
    "session": ("buổi làm việc", "session"),
    "complaint": ("ý kiến", "complaint"),
    "fund": ("quỹ", "fund"),
    "household": ("hộ", "household"),
    "visit": ("chuyến thăm", "visit"),
    "volunteer": ("hoạt động tình nguyện", "volunteer work"),
    "pledge": ("cam kết đóng góp", "pledge"),
    "receipt": ("khoản thu", "receipt"),
    "disbursement": ("khoản chi", "payment"),
    "payment_request": ("đề nghị chi", "payment request"),
    "disclosure_period": ("kỳ công khai", "disclosure period"),
    "personal_data": ("dữ liệu cá nhân của", "personal data of"),
}

#: where a record stands, as a refusal says it (``state``), beyond the enums' own values
_STATES: Final[W] = {
    "scheduled": ("đã lên lịch", "scheduled"),
    "closed": ("đã kết thúc", "closed"),
    "cancelled": ("đã hủy", "cancelled"),
    "left": ("đã thôi công tác", "no longer in office"),
    "conducted": ("đã thực hiện", "already carried out"),
    "completed": ("đã hoàn thành", "completed"),
    "selected": ("đã được chọn trong tháng này", "already selected this month"),
    "ends_before_start": ("ngày kết thúc trước ngày bắt đầu", "ending before it starts"),
    "other_level": (
        "khác cấp với đơn vị nhận sáp nhập",
        "not at the level of the unit it would merge into",
    ),
}

#: why a refusal was made (``reason`` of a rule), where the rule names it by a code
_REASONS: Final[W] = {
    "donor_unnamed": (
        "nguồn xã hội hóa phải ghi rõ tên nhà tài trợ",
        "a lawful donation must name its donor",
    ),
}

#: the lines of a fund ledger (`LineKind`)
_LEDGER: Final[W] = {
    "receipt": ("thu", "receipt"),
    "payment": ("chi", "payment"),
    "reversal": ("điều chỉnh ngược", "reversal"),
}

#: where a complaint stands on the board (`ComplaintStatus`)
_BOARD: Final[W] = {
    "open": ("chưa trả lời, chưa hẹn", "open"),
    "due": ("đang trong hạn hẹn", "due"),
    "overdue": ("quá hẹn chưa trả lời", "overdue"),
    "answered": ("đã trả lời", "answered"),
    "resolved": ("đã giải quyết", "resolved"),
    "withdrawn": ("đã rút", "withdrawn"),
}

#: where a visit stands (dossier)
_VISITS: Final[W] = {
    "planned": ("đã lên kế hoạch", "planned"),
    "conducted": ("đã thăm", "visited"),
    "cancelled": ("đã hủy", "cancelled"),
}

#: every group of words: ``group -> code -> (vi, en)``
VOCABULARY: Final[dict[str, W]] = {
    **_ENUMS,
    "SessionStatus": {k: _STATES[k] for k in ("scheduled", "closed", "cancelled")},
    "ComplaintStatus": _BOARD,
    "LineKind": _LEDGER,
    # what a ledger line's ``source`` says: a contribution's source, a payment's purpose, or
    # the reversal of a payment
    "LedgerSource": {
        **_ENUMS["ContributionSource"],
        **_ENUMS["DisbursementPurpose"],
        "reversal": ("điều chỉnh ngược khoản chi", "reversal of a payment"),
    },
    "VisitStatus": _VISITS,
    # why a household does not rank among those waiting (`policies.impartiality.ranking`)
    "RankingReason": {
        "not_eligible": ("không thuộc diện được hỗ trợ", "not in a qualifying category"),
        "deregistered": ("đã ra khỏi danh sách", "deregistered"),
        "recently_supported": ("đã được hỗ trợ gần đây", "supported recently"),
        "selected_for_month": ("đã được chọn cho tháng này", "already selected for the month"),
    },
    "record": _RECORDS,
    "state": _STATES,
    "reason": _REASONS,
    "command": _COMMANDS,
    "read": _READS,
    "event": _EVENTS,
}

#: an enum value alone (no group): the first group that has it, enums first (as
#: `values.label_vi` always read them)
_FLAT: Final[W] = {}
for _group in (*_ENUMS.values(), _LEDGER, _STATES):
    for _code, _words in _group.items():
        _FLAT.setdefault(_code, _words)


def word(value: object, lang: Lang = "vi", group: str | None = None) -> str:
    """The word for a code in `lang`: ``word(SessionLevel.SUPERVISORY)`` → ``"cấp giám sát"``.

    An enum member finds its own group; a plain code looks in `group` (a key of
    `VOCABULARY`), else among the enum values. A code with no word is returned as it is.

    >>> word("reversal", "vi", "LedgerSource")
    'điều chỉnh ngược khoản chi'
    >>> word("closed", "en", "SessionStatus")
    'closed'
    """
    if isinstance(value, enum.Enum):
        group = group or type(value).__name__
        value = value.value
    code = str(value)
    table = VOCABULARY.get(group, {}) if group is not None else {}
    words = table.get(code) or _FLAT.get(code)
    if words is None:
        return code
    return words[0] if lang == "vi" else words[1]


def code_of(group: str, text: str) -> str | None:
    """The code a person meant by `text` in `group`, or None.

    The code itself or its words in either language (each part of ``ấp/khóm/thôn/tổ dân
    phố`` too), case and spacing ignored.

    >>> code_of("UnitKind", "Phường")
    'ward'
    >>> code_of("SessionLevel", "cấp giám sát")
    'supervisory'
    """
    wanted = " ".join(text.split()).casefold()
    for code, (vi, en) in VOCABULARY.get(group, {}).items():
        spoken = {code.casefold(), vi.casefold(), en.casefold(), *vi.casefold().split("/")}
        if wanted in spoken or wanted.replace(" ", "_") == code:
            return code
    return None


def command_words(command: str | type, lang: Lang = "vi") -> str:
    """A command (class or name) in words: ``CloseSession`` → ``kết thúc buổi làm việc``."""
    name = command if isinstance(command, str) else command.__name__
    return word(name, lang, "command")


def event_words(event: str | type, lang: Lang = "vi") -> str:
    """An event (class, name or topic) in words: ``unit.UnitRegistered`` → ``đăng ký đơn vị``."""
    name = event if isinstance(event, str) else event.__name__
    return word(name.rsplit(".", 1)[-1], lang, "event")


# --- formats --------------------------------------------------------------------------


def format_date(day: date | str, lang: Lang = "vi") -> str:  # noqa: ARG001 - same in both
    """``2024-07-09`` → ``09/07/2024`` (both languages write day/month/year)."""
    if isinstance(day, str):
        text = day
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            return text
    if isinstance(day, datetime):
        day = day.astimezone(_VN).date() if day.tzinfo else day.date()
    return f"{day:%d/%m/%Y}"


def format_moment(moment: datetime | str, lang: Lang = "vi") -> str:
    """A moment in Vietnam time: ``08:00 ngày 10/05/2024`` (``08:00 on 10/05/2024``)."""
    if isinstance(moment, str):
        text = moment
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(_VN)
    joint = "ngày" if lang == "vi" else "on"
    return f"{moment:%H:%M} {joint} {moment:%d/%m/%Y}"


_DIGITS: Final = re.compile(r"^\s*(-?)\s*([\d.,]+)\s*(?:đ|đồng|VND)?\s*$")


def format_money(amount: object, lang: Lang = "vi") -> str:
    """Whole đồng: ``26.500.000 đ`` in Vietnamese, ``26,500,000 VND`` in English."""
    value = getattr(amount, "amount", amount)
    if isinstance(value, str):
        m = _DIGITS.match(value)
        if m is None:
            return value
        digits = m.group(2).replace(".", "").replace(",", "")
        if not digits.isdigit():
            return value
        value = int(m.group(1) + digits)
    if not isinstance(value, int) or isinstance(value, bool):
        return str(amount)
    sign = "-" if value < 0 else ""
    grouped = f"{abs(value):,}"
    if lang == "vi":
        return f"{sign}{grouped.replace(',', '.')} đ"
    return f"{sign}{grouped} VND"


_VI_DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_EN_SMALL: Final = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS: Final = [
    "_",
    "_",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
#: the scales below a billion (tỷ): a count of billions is read as a number of its own
_SCALES: Final = ((10**6, "triệu", "million"), (10**3, "nghìn", "thousand"), (1, "", ""))


def _vi_hundreds(n: int, *, leading: bool) -> list[str]:
    """A group of three digits as read aloud (``không trăm linh năm`` inside a number)."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if h or not leading:
        words += [_VI_DIGITS[h], "trăm"]
    if t == 0:
        if u and words:
            words.append("linh")
    elif t == 1:
        words.append("mười")
    else:
        words += [_VI_DIGITS[t], "mươi"]
    if u == 1 and t >= 2:
        words.append("mốt")
    elif u == 5 and t >= 1:
        words.append("lăm")
    elif u:
        words.append(_VI_DIGITS[u])
    return words


def _en_hundreds(n: int) -> list[str]:
    h, rest = divmod(n, 100)
    words = [_EN_SMALL[h], "hundred"] if h else []
    if rest >= 20:
        tens, u = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_SMALL[u]}" if u else ""))
    elif rest:
        words.append(_EN_SMALL[rest])
    return words


def _in_words(n: int, lang: Lang, *, leading: bool = True) -> list[str]:
    """A positive number in words (billions first, each read as a number of its own)."""
    billions, rest = divmod(n, 10**9)
    words: list[str] = []
    if billions:
        words += [*_in_words(billions, lang), "tỷ" if lang == "vi" else "billion"]
    for size, vi, en in _SCALES:
        group, rest = divmod(rest, size)
        if not group:
            continue
        if lang == "vi":
            words += _vi_hundreds(group, leading=leading and not words)
        else:
            words += _en_hundreds(group)
        words += [vi if lang == "vi" else en] if size > 1 else []
    return words


def money_in_words(amount: object, lang: Lang = "vi") -> str:
    """Whole đồng in words, as a receipt writes them below the figure.

    ``1.005.000`` → ``Một triệu không trăm linh năm nghìn đồng``; in English ``One million
    five thousand dong``.
    """
    value = getattr(amount, "amount", amount)
    if not isinstance(value, int) or isinstance(value, bool):
        return str(amount)
    words: list[str] = ["âm" if lang == "vi" else "minus"] if value < 0 else []
    if value == 0:
        words.append(_VI_DIGITS[0] if lang == "vi" else "zero")
    words += _in_words(abs(value), lang) if value else []
    words.append("đồng" if lang == "vi" else "dong")
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def format_number(value: float, lang: Lang = "vi", decimals: int = 0) -> str:
    """A count or a measure: ``1.234,5`` in Vietnamese, ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if lang != "vi":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_month(month: object, lang: Lang = "vi") -> str:  # noqa: ARG001 - same in both
    """``2024-03`` (or a `Month`) → ``03/2024``."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", str(month).strip())
    if m is None:
        return str(month)
    return f"{int(m.group(2)):02d}/{m.group(1)}"


# --- the refusals ---------------------------------------------------------------------

#: code -> (Vietnamese template, English template); templates use ``str.format`` fields
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # generic
    "input.invalid": ("Dữ liệu không hợp lệ: {summary}", "Invalid input: {summary}"),
    "not_found": ("Không tìm thấy {kind} {key}.", "No {kind} {key} was found."),
    "already_exists": ("{kind} {key} đã có.", "The {kind} {key} already exists."),
    "state.invalid": (
        "Không thể {action}: {kind} đang ở trạng thái {state}.",
        "Cannot {action}: the {kind} is {state}.",
    ),
    "period.published": (
        "Ngày {day} thuộc kỳ {period} của quỹ {unit} đã công khai: không ghi lùi vào kỳ đã"
        " công khai; nếu là đính chính, hãy ghi rõ lý do đính chính.",
        "{day} lies in the period {period} of fund {unit}, whose disclosure is published:"
        " nothing is dated into a published period; a correction must state its reason.",
    ),
    "period.correction_not_needed": (
        "Ngày {day} không thuộc kỳ đã công khai nào của quỹ {unit}: không cần ghi là đính chính.",
        "{day} lies in no published period of fund {unit}: it is not a correction.",
    ),
    "time.in_future": (
        "Thời điểm {at} của lệnh muộn hơn giờ của hệ thống ({now}) quá {skew} phút: không ghi"
        " việc chưa xảy ra.",
        "The command's time {at} is more than {skew} minutes ahead of the system's clock"
        " ({now}): nothing is recorded before it happens.",
    ),
    "time.too_late": (
        "Thời điểm {at} sớm hơn {days} ngày trước giờ của hệ thống ({now}, tức trước {since}):"
        " ghi muộn phải ghi rõ lý do ghi muộn.",
        "The command's time {at} is more than {days} days before the system's clock ({now},"
        " that is before {since}): a late entry must state its reason.",
    ),
    "time.late_entry_not_needed": (
        "Thời điểm {at} còn trong {days} ngày gần đây: không cần ghi là ghi muộn.",
        "{at} lies within the last {days} days: it is not a late entry.",
    ),
    "command.id_reused": (
        "Mã lệnh {command_id} đã dùng ở đơn vị {unit} cho lệnh {command} ghi lúc {at}, với nội"
        " dung khác; một mã lệnh chỉ dùng cho một lệnh — hãy dùng mã mới.",
        "Command id {command_id} was already used in unit {unit} for {command} at {at}, with"
        " other content; an id names one command only — use a new one.",
    ),
    "concurrency.conflict": (
        "Dữ liệu vừa bị thay đổi đồng thời ({attempts} lần thử); vui lòng thử lại.",
        "The record was changed concurrently ({attempts} attempts); please try again.",
    ),
    # units and officials
    "unit.not_commune_level": (
        "Đơn vị {unit} không phải cấp xã (xã, phường, thị trấn, đặc khu).",
        "Unit {unit} is not commune-level (commune, ward, town, special zone).",
    ),
    "unit.not_hamlet_of": (
        "{hamlet} không phải ấp/khóm của đơn vị {unit}.",
        "{hamlet} is not a hamlet of unit {unit}.",
    ),
    "unit.unknown": (
        "Không có đơn vị nào mang mã {units}: mã này chưa từng được đăng ký.",
        "There is no unit {units}: no unit was ever registered with this code.",
    ),
    "fund.not_opened": (
        "Đơn vị {unit} chưa lập quỹ hỗ trợ.",
        "Unit {unit} has not opened a support fund.",
    ),
    "unit.merged": (
        "Đơn vị {unit} đã sáp nhập vào {into}; hãy ghi cho đơn vị mới.",
        "Unit {unit} was merged into {into}; record against the new unit.",
    ),
    "official.inactive": (
        "Cán bộ {official} đã nghỉ hoặc chuyển công tác.",
        "Official {official} has left or been transferred away.",
    ),
    "official.role_missing": (
        "Cán bộ {official} không có vai trò {role}.",
        "Official {official} does not have the role {role}.",
    ),
    # the acting person (ADR 0018)
    "actor.required": (
        "Lệnh {action} phải do một người được ghi nhận thực hiện: hãy nêu cán bộ thực hiện"
        " (hoặc quản trị viên đã khởi tạo kho dữ liệu).",
        "{action} must be carried out by someone of the record: name the acting official"
        " (or the administrator who started the store).",
    ),
    "actor.unknown": (
        "{official} không phải cán bộ đã đăng ký, cũng không phải quản trị viên của kho dữ"
        " liệu này: không ai được ghi việc dưới danh nghĩa đó.",
        "{official} is neither a registered official nor the administrator of this store:"
        " nothing is recorded in that name.",
    ),
    "actor.not_serving": (
        "Cán bộ {official} đã nghỉ hoặc chuyển công tác: không còn được ghi việc.",
        "Official {official} has left office or been transferred away: they record nothing"
        " any more.",
    ),
    "actor.setup_only": (
        "Quản trị viên {official} chỉ thiết lập hồ sơ (đơn vị, cán bộ), không được {action}:"
        " việc đó do cán bộ có thẩm quyền của đơn vị thực hiện.",
        "The administrator {official} sets the record up (units, officials) and may not"
        " {action}: that is for an official of the unit with the authority.",
    ),
    "actor.role_forbidden": (
        "Cán bộ {official} (vai trò {role}) không được {action}.",
        "Official {official} (role {role}) may not {action}.",
    ),
    "actor.out_of_scope": (
        "Cán bộ {official} thuộc {scope}; đơn vị {unit} nằm ngoài phạm vi đó, nên không được"
        " {action} tại đây.",
        "Official {official} belongs to {scope}; unit {unit} lies outside it, so they may not"
        " {action} there.",
    ),
    "actor.import_forbidden": (
        "Cán bộ {official} (vai trò {role}) không được nhập lịch sử ({action}) do người khác"
        " thực hiện: chỉ văn phòng, lãnh đạo của đơn vị hoặc cấp giám sát bên trên được nhập.",
        "Official {official} (role {role}) may not import history ({action}) carried out by"
        " others: only a clerk or leader of the unit, or the supervising level above it, may.",
    ),
    "actor.import_out_of_scope": (
        "Cán bộ {official} thuộc {scope}; đơn vị {unit} nằm ngoài phạm vi đó, nên không được"
        " nhập lịch sử ({action}) của đơn vị này.",
        "Official {official} belongs to {scope}; unit {unit} lies outside it, so they may not"
        " import its history ({action}).",
    ),
    "actor.not_own_act": (
        "Việc {action} là việc của chính người thực hiện: lệnh phải ghi tên cán bộ {official}"
        " đang thực hiện nó; mỗi người tự làm việc của mình.",
        "To {action} is an act in person: the command must name official {official}, who"
        " carries it out; each acts for themselves.",
    ),
    "actor.record_started": (
        "Kho dữ liệu đã được khởi tạo hoặc đã có dữ liệu ({events} sự kiện): quản trị viên"
        " chỉ khởi tạo một kho trống.",
        "The store is started already or holds data ({events} events): an administrator"
        " starts only an empty store.",
    ),
    # authority (ADR 0015)
    "authority.role_forbidden": (
        "Vai trò {role} không được {action}.",
        "The role {role} may not {action}.",
    ),
    "authority.out_of_scope": (
        "Đơn vị {unit} nằm ngoài phạm vi của {scope}.",
        "Unit {unit} lies outside the scope of {scope}.",
    ),
    "authority.official_not_of_unit": (
        "Cán bộ {official} thuộc đơn vị {official_unit}, không phải cán bộ của {unit}: chỉ cán"
        " bộ của đơn vị được ghi tên vào việc của đơn vị.",
        "Official {official} belongs to unit {official_unit}, not {unit}: only a unit's own"
        " officials are named on its acts.",
    ),
    "authority.answerer_role": (
        "Chỉ lãnh đạo của {unit} (hoặc cấp giám sát ở buổi của mình) được trả lời, giải quyết"
        " ý kiến; cán bộ {official} không có vai trò đó.",
        "Only a leader of {unit} (or the supervising level at its own session) answers or"
        " resolves a complaint; official {official} holds no such role.",
    ),
    "authority.selector_role": (
        "Chỉ lãnh đạo của {unit} được bình xét chọn hộ; cán bộ {official} không có vai trò đó.",
        "Only a leader of {unit} selects a household; official {official} holds no such role.",
    ),
    "authority.assessor_role": (
        "Chỉ văn phòng hoặc lãnh đạo của {unit} được thẩm định hộ; cán bộ {official} không có"
        " vai trò đó.",
        "Only a clerk or a leader of {unit} assesses a household; official {official} holds no"
        " such role.",
    ),
    "authority.approver_role": (
        "Chỉ lãnh đạo của {unit} được duyệt chi quỹ; cán bộ {official} không có vai trò đó.",
        "Only a leader of {unit} approves a payment from the fund; official {official} holds"
        " no such role.",
    ),
    "authority.host_role": (
        "Chỉ lãnh đạo, văn phòng của {unit} (hoặc cấp giám sát ở buổi của mình) được chủ trì"
        " buổi làm việc; cán bộ {official} không có vai trò đó.",
        "Only a leader or clerk of {unit} (or the supervising level at its own session) hosts"
        " a session; official {official} holds no such role.",
    ),
    "authority.visitor_role": (
        "Chỉ cán bộ của {unit} (hoặc cấp giám sát) được đi thăm hộ; cán bộ {official} không có"
        " vai trò đó.",
        "Only officials of {unit} (or the supervising level) visit a household; official"
        " {official} holds no such role.",
    ),
    "authority.reference_out_of_unit": (
        "{kind} {key} thuộc đơn vị {other}, không thuộc {unit}: mỗi đơn vị chỉ ghi vào hồ sơ"
        " của mình.",
        "The {kind} {key} belongs to unit {other}, not {unit}: a unit records only against its"
        " own records.",
    ),
    # scheduling
    "scheduling.reason_required": (
        "Ngày {date} không phải thứ Hai đầu tháng ({first_monday}); cần ghi lý do.",
        "{date} is not the first Monday of the month ({first_monday}); a reason is required.",
    ),
    "scheduling.date_outside_month": (
        "Ngày {date} không thuộc tháng {month} của buổi làm việc.",
        "{date} is not in the session's month {month}.",
    ),
    "scheduling.rotation_reason_required": (
        "Theo luân phiên, lần này tiếp dân tại {expected}; chọn {chosen} cần ghi lý do.",
        "By rotation the reception is due at {expected}; choosing {chosen} needs a reason.",
    ),
    # complaints and answers
    "answers.basis_required": (
        "Trả lời tại chỗ phải nêu căn cứ pháp lý/chính sách; nếu chưa rõ, hãy tiếp thu và hẹn.",
        "An on-the-spot answer needs a legal or policy basis; otherwise take it on record.",
    ),
    "answers.appointment_before_complaint": (
        "Thời gian hẹn {at} phải sau thời điểm nhận ý kiến {raised_at}.",
        "The appointment {at} must come after the complaint was raised ({raised_at}).",
    ),
    "answers.appointment_beyond_limit": (
        "Thời gian hẹn {at} quá {limit_days} ngày kể từ khi nhận ý kiến.",
        "The appointment {at} is more than {limit_days} days after the complaint.",
    ),
    "session.open_complaints": (
        "Chưa thể kết thúc buổi: còn {count} ý kiến chưa được trả lời hoặc hẹn.",
        "The session cannot close: {count} complaints have no answer or appointment.",
    ),
    "session.wrong_session": (
        "Ý kiến không thuộc buổi {session}.",
        "The complaint is not from session {session}.",
    ),
    # quota
    "quota.shortfall_reason_required": (
        "Mới thăm {achieved}/{required} hộ trong tháng; cần ghi lý do chưa đạt chỉ tiêu.",
        "Only {achieved} of {required} households were visited; a shortfall reason is required.",
    ),
    # selection
    "selection.conflict_of_interest": (
        "Cán bộ {official} có quan hệ {relation} với hộ {household}; phải tránh (không thiên vị"
        " người thân).",
        "Official {official} is related ({relation}) to household {household} and must recuse.",
    ),
    "selection.not_eligible": (
        "Hộ {household} không thuộc đối tượng được hỗ trợ.",
        "Household {household} has no qualifying category.",
    ),
    "selection.recently_supported": (
        "Hộ {household} đã được hỗ trợ ngày {last_supported} (trong vòng {cooldown_months} tháng).",
        "Household {household} was supported on {last_supported} (within {cooldown_months}"
        " months).",
    ),
    "selection.out_of_rank": (
        "Còn {count} hộ khó khăn hơn chưa được hỗ trợ.",
        "{count} households in greater hardship have not been supported yet.",
    ),
    "selection.justification_required": (
        "Cần ghi lý do: {reasons}",
        "A written justification is required: {reasons}",
    ),
    "selection.not_selected": (
        "Hộ {household} chưa được bình xét chọn hỗ trợ.",
        "Household {household} has not been selected for support.",
    ),
    "selection.deregistered": (
        "Hộ {household} đã ra khỏi danh sách.",
        "Household {household} has been deregistered.",
    ),
    # fund
    "fund.non_positive_amount": (
        "Số tiền phải là số nguyên đồng lớn hơn 0.",
        "The amount must be a whole number of dong greater than 0.",
    ),
    "fund.insufficient_balance": (
        "Số dư quỹ {balance} không đủ để chi {amount}.",
        "The fund balance {balance} is not enough to pay {amount}.",
    ),
    "fund.unlawful_source": (
        "Nguồn đóng góp không hợp pháp: {reason}.",
        "Unlawful source of contribution: {reason}.",
    ),
    "fund.dual_approval_required": (
        "Khoản chi {amount} từ {threshold} trở lên cần hai người duyệt khác nhau.",
        "A payment of {amount} (threshold {threshold}) needs two different approvers.",
    ),
    "fund.approval_required": (
        "Khoản chi phải có người duyệt.",
        "A payment needs an approver.",
    ),
    "fund.pledge_settled": (
        "Cam kết {pledge} đã nhận đủ hoặc đã hủy.",
        "Pledge {pledge} is already received or cancelled.",
    ),
    "fund.receipt_exceeds_pledge": (
        "Số tiền nhận {amount} vượt số còn lại của cam kết {remaining}.",
        "Received {amount} exceeds what remains of the pledge ({remaining}).",
    ),
    "fund.request_required": (
        "Khoản chi {amount} từ {threshold} trở lên không chi một lần được: hãy đề nghị chi"
        " để từng lãnh đạo tự duyệt.",
        "A payment of {amount} (threshold {threshold}) cannot be made in one step: request it"
        " and let each leader approve it.",
    ),
    "fund.single_approver": (
        "Khoản chi một lần chỉ ghi một người duyệt, là chính người ghi; nhiều người duyệt thì"
        " hãy đề nghị chi để từng người tự duyệt.",
        "A one-step payment names one approver, the one recording it; for more approvers"
        " request it and let each approve it.",
    ),
    "fund.requester_not_of_unit": (
        "Cán bộ {official} không phải công chức hay lãnh đạo đương nhiệm của {unit}; không"
        " được đề nghị chi quỹ của đơn vị này.",
        "Official {official} is not a serving clerk or leader of {unit} and may not request"
        " its fund's payments.",
    ),
    "fund.requester_approves": (
        "Cán bộ {official} đã đề nghị khoản chi {disbursement} nên không được tự duyệt nó.",
        "Official {official} requested payment {disbursement} and may not approve it.",
    ),
    "fund.already_approved": (
        "Cán bộ {official} đã duyệt khoản chi {disbursement}; cần lãnh đạo khác duyệt.",
        "Official {official} already approved payment {disbursement}; another leader must.",
    ),
    "fund.request_paid": (
        "Đề nghị chi {disbursement} đã được chi; không còn duyệt hay từ chối được.",
        "Payment request {disbursement} was already paid; it can no longer be approved or refused.",
    ),
    "fund.request_rejected": (
        "Đề nghị chi {disbursement} đã bị từ chối hoặc rút lại; không còn duyệt được.",
        "Payment request {disbursement} was refused or withdrawn; it can no longer be approved.",
    ),
    "fund.rejecter_not_allowed": (
        "Cán bộ {official} không phải người đề nghị hay lãnh đạo của {unit}; không được từ"
        " chối đề nghị chi {disbursement}.",
        "Official {official} is neither the requester nor a leader of {unit}; they may not"
        " refuse payment request {disbursement}.",
    ),
    "fund.already_reversed": (
        "Khoản chi {disbursement} đã được điều chỉnh ngược.",
        "Disbursement {disbursement} was already reversed.",
    ),
    # volunteer notice
    "notice.too_late": (
        "Phải thông báo cho tình nguyện viên trước ít nhất {hours} giờ (thông báo lúc"
        " {notified_at}, bắt đầu {starts_at}).",
        "Volunteers must be notified at least {hours} hours ahead (notified {notified_at},"
        " starts {starts_at}).",
    ),
    "notice.missing": (
        "Chưa thông báo hợp lệ cho tình nguyện viên về thời gian, địa điểm, nhiệm vụ.",
        "Volunteers were not validly notified of the time, place and task.",
    ),
    "fund.household_of_other_unit": (
        "Hộ {household} không thuộc đơn vị {unit}; quỹ chỉ chi cho hộ của đơn vị mình.",
        "Household {household} is not of unit {unit}; a fund pays its own unit's households.",
    ),
    "fund.receipt_source_mismatch": (
        "Khoản nhận phải cùng nguồn và cùng nhà tài trợ với cam kết {pledge}.",
        "A receipt must have the same source and donor as pledge {pledge}.",
    ),
    "answers.appointment_in_past": (
        "Thời gian hẹn {at} đã qua (ghi nhận lúc {now}).",
        "The appointment {at} is already past (recorded at {now}).",
    ),
}

#: what each parameter name means, for `show`
_DATES: Final = frozenset(
    {"date", "first_monday", "last_supported", "period_from", "period_to", "date_from", "date_to"}
)
_MOMENTS: Final = frozenset({"at", "raised_at", "now", "notified_at", "starts_at"})
_MONEY: Final = frozenset({"amount", "balance", "threshold", "remaining"})
_NAMED: Final = frozenset(
    {
        "official",
        "scope",
        "household",
        "unit",
        "hamlet",
        "into",
        "expected",
        "chosen",
        "key",
        "pledge",
        "disbursement",
        "session",
    }
)
_GROUPS: Final = {
    "kind": "record",
    "state": "state",
    "action": "command",
    "command": "command",
    "role": "OfficialRole",
    "level": "SessionLevel",
    "category": "ComplaintCategory",
    "source": "ContributionSource",
    "reason": "reason",
}


def show(key: str, value: object, lang: Lang = "vi", names: Names | None = None) -> str:
    """One parameter of a message as a person reads it, by its name and type.

    >>> show("date", "2024-07-09")
    '09/07/2024'
    >>> show("at", "2024-05-10T08:00:00+07:00", "en")
    '08:00 on 10/05/2024'
    >>> show("action", "CloseSession")
    'kết thúc buổi làm việc'
    """
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(show(key, v, lang, names) for v in items)
    if isinstance(value, enum.Enum):
        return word(value, lang)
    if isinstance(value, datetime) or (key in _MOMENTS and isinstance(value, str)):
        return format_moment(value, lang)
    if isinstance(value, date) or (key in _DATES and isinstance(value, str)):
        return format_date(value, lang)
    if key in _MONEY or hasattr(value, "amount"):
        return format_money(value, lang)
    if key == "month" or type(value).__name__ == "Month":
        return format_month(value, lang)
    text = str(value)
    if key == "action" and text in _READS:
        return word(text, lang, "read")
    if key in _GROUPS:
        return word(text, lang, _GROUPS[key])
    if key in _NAMED and names is not None:
        named = names(text)
        if named:
            return named
    return text


def render(
    code: str,
    params: Mapping[str, object],
    lang: Lang = "vi",
    names: Names | None = None,
    *,
    templates: Mapping[str, tuple[str, str]] = MESSAGES,
) -> str:
    """The message for `code` in `lang`, every parameter shown by `show`.

    An unknown code falls back to the code itself; a template naming a parameter that is
    missing is returned unformatted. `templates`: a table of the same shape kept beside
    the code that raises it (the exchange's), rendered the same way.

    >>> render("state.invalid", {"kind": "session", "state": "closed", "action": "CloseSession"})
    'Không thể kết thúc buổi làm việc: buổi làm việc đang ở trạng thái đã kết thúc.'
    """
    pair = templates.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "vi" else pair[1]
    shown = {k: show(k, v, lang, names) for k, v in params.items()}
    if code == "not_found" and params.get("kind") == "session":
        shown["key"] = _session_key(params, lang, names)
    nested = params.get("violations")
    if isinstance(nested, Iterable) and not isinstance(nested, (str, bytes)):
        # soft violations listed by a justification refusal: each in the same language
        reasons = [
            render(str(v.get("code")), v.get("params") or {}, lang, names)
            for v in nested
            if isinstance(v, Mapping)
        ]
        if reasons:
            shown["reasons"] = " ".join(reasons)
    try:
        text = template.format(**shown)
    except (KeyError, IndexError):
        return template
    return text[:1].upper() + text[1:]


def _session_key(params: Mapping[str, object], lang: Lang, names: Names | None) -> str:
    """A session's key (``29257 2024-03 commune``) in words."""
    parts = str(params.get("key", "")).split()
    unit, month, level = (
        params.get("unit", parts[0] if parts else ""),
        params.get("month", parts[1] if len(parts) > 1 else ""),
        params.get("level", parts[2] if len(parts) > 2 else "commune"),
    )
    where = show("unit", unit, lang, names)
    when = format_month(month, lang)
    if lang == "vi":
        text = f"tháng {when} của đơn vị {where}"
        return text + (" (cấp giám sát)" if level == "supervisory" else "")
    text = f"of {when} of unit {where}"
    return text + (" (supervisory level)" if level == "supervisory" else "")
