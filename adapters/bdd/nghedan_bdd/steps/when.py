"""*Khi* steps: perform the core's commands; the events or the refusal go to the *Thì* steps.

Natural Vietnamese steps cover the commands staff use most; ``Khi thực hiện lệnh "..." với:``
performs any of the 48 commands from a table of fields.
"""

from __future__ import annotations

from nghedan_bdd import builders as build
from nghedan_bdd.commands import build_command
from nghedan_bdd.parsing import (
    parse_date,
    parse_datetime,
    parse_int,
    parse_km,
    parse_money,
    parse_month,
)
from nghedan_bdd.steps._registry import Section, step
from nghedan_bdd.vocabulary import (
    DATETIME,
    MONEY,
    NAMES,
    SESSION,
    SOURCE,
    enum_value,
    names,
    source_of,
)
from nghedan_bdd.world import Outcome, World
from nghedan_core import (
    CancelPledge,
    CancelSession,
    CancelVisit,
    CancelVolunteerWork,
    CommendOfficial,
    CompleteVolunteerWork,
    ContributionSource,
    DeregisterHousehold,
    DeregistrationReason,
    DisbursementPurpose,
    FundingSource,
    HoldFlagCeremony,
    HoldReception,
    InspectSession,
    InvalidInputError,
    LeaveOffice,
    MakeDisbursement,
    MergeUnit,
    NoteSupervision,
    OpenFund,
    PublishDisclosure,
    ReceiveContribution,
    RecordCitizenFeedback,
    RemindOfficial,
    RenameUnit,
    ReopenComplaint,
    RescheduleAppointment,
    RescheduleSession,
    ReverseDisbursement,
    SupervisorKind,
    TransferOfficial,
    Vnd,
)
from nghedan_core.erasure import erase_person

__all__: list[str] = []


def _s(world: World, sup: str | None, month: str, unit: str) -> dict[str, object]:
    """The session fields of a session phrase."""
    return {
        "unit": world.unit(unit),
        "month": parse_month(month),
        "level": world.session_level(sup),
    }


# --- time ---------------------------------------------------------------------------------


@step(
    "when",
    r"(?:đến|sang) ngày (?P<day>[^\s\"]+)",
    description="Thời gian trôi tới một ngày (8 giờ sáng); các lệnh sau mang thời điểm này.",
    example="đến ngày 21/03/2024",
    section=Section.TIME,
)
def _until(nghedan_world: World, day: str) -> None:
    nghedan_world.require_checked()
    nghedan_world.now = nghedan_world.at_day(parse_date(day))


@step(
    "when",
    r"đến lúc " + DATETIME,
    description="Thời gian trôi tới một thời điểm (ngày và giờ).",
    example="đến lúc 21/03/2024 14:00",
    section=Section.TIME,
)
def _until_time(nghedan_world: World, at: str) -> None:
    nghedan_world.require_checked()
    nghedan_world.now = parse_datetime(at)


# --- units and officials ------------------------------------------------------------------


@step(
    "when",
    r"đổi tên \"(?P<unit>[^\"]+)\" thành \"(?P<name>[^\"]+)\"",
    description="Đổi tên một đơn vị (RenameUnit).",
    example='đổi tên "Ninh Thới" thành "Ninh Thới Mới"',
    section=Section.UNITS,
)
def _rename(nghedan_world: World, unit: str, name: str) -> None:
    code = nghedan_world.unit(unit)
    nghedan_world.when(f"đổi tên {unit}", RenameUnit(code=code, name=name))
    nghedan_world.units.setdefault(name, code)


@step(
    "when",
    r"sáp nhập \"(?P<unit>[^\"]+)\" vào \"(?P<into>[^\"]+)\"",
    description="Sáp nhập một đơn vị vào đơn vị khác cùng cấp (MergeUnit).",
    example='sáp nhập "Phong Phú" vào "Ninh Thới"',
    section=Section.UNITS,
)
def _merge(nghedan_world: World, unit: str, into: str) -> None:
    nghedan_world.when(
        f"sáp nhập {unit}",
        MergeUnit(code=nghedan_world.unit(unit), into=nghedan_world.unit(into)),
    )


@step(
    "when",
    r"cán bộ \"(?P<official>[^\"]+)\" kê khai là \"(?P<relation>[^\"]+)\""
    r" của hộ \"(?P<household>[^\"]+)\"",
    description="Cán bộ kê khai quan hệ thân nhân với một hộ (DeclareRelative).",
    example='cán bộ "Trần Văn An" kê khai là "em ruột" của hộ "Thạch Thị Hoa"',
    section=Section.OFFICIALS,
)
def _declare(nghedan_world: World, official: str, relation: str, household: str) -> None:
    nghedan_world.when(
        f"kê khai {official}", build.declare_relative(nghedan_world, official, relation, household)
    )


@step(
    "when",
    r"điều động cán bộ \"(?P<official>[^\"]+)\" sang \"(?P<unit>[^\"]+)\""
    r" làm \"(?P<position>[^\"]+)\"",
    description="Điều động cán bộ sang đơn vị khác (TransferOfficial).",
    example='điều động cán bộ "Lê Thị Bình" sang "Phong Phú" làm "Phó Chủ tịch UBND xã"',
    section=Section.OFFICIALS,
)
def _transfer(nghedan_world: World, official: str, unit: str, position: str) -> None:
    nghedan_world.when(
        f"điều động {official}",
        TransferOfficial(
            official_id=nghedan_world.official(official),
            to_unit=nghedan_world.unit(unit),
            position=position,
        ),
    )


@step(
    "when",
    r"cán bộ \"(?P<official>[^\"]+)\" nghỉ công tác với lý do \"(?P<why>[^\"]+)\"",
    description="Cán bộ nghỉ công tác (LeaveOffice); sau đó không được duyệt, chọn, trả lời.",
    example='cán bộ "Lê Thị Bình" nghỉ công tác với lý do "nghỉ hưu"',
    section=Section.OFFICIALS,
)
def _leave(nghedan_world: World, official: str, why: str) -> None:
    nghedan_world.when(
        f"{official} nghỉ",
        LeaveOffice(official_id=nghedan_world.official(official), reason=why),
    )


# --- sessions -----------------------------------------------------------------------------


@step(
    "when",
    r"\"(?P<unit>[^\"]+)\" lên lịch buổi làm việc(?P<sup> cấp giám sát)? tháng"
    r" (?P<month>[^\s\"]+)(?: vào ngày (?P<day>[^\s\"]+))?"
    r"(?: tiếp dân tại (?:ấp|khóm|thôn|tổ dân phố) \"(?P<hamlet>[^\"]+)\")?"
    r"(?: với lý do đổi ngày \"(?P<date_reason>[^\"]+)\")?"
    r"(?: với lý do chọn ấp \"(?P<hamlet_reason>[^\"]+)\")?",
    description="Lên lịch buổi làm việc của tháng (ScheduleSession): ngày mặc định là thứ Hai"
    " đầu tháng; ngày khác cần lý do đổi ngày; ấp ngoài lượt luân phiên cần lý do chọn ấp.",
    example='"Ninh Thới" lên lịch buổi làm việc tháng 03/2024 vào ngày 05/03/2024 với lý do'
    ' đổi ngày "trùng lễ"',
    section=Section.SESSIONS,
)
def _schedule(
    nghedan_world: World,
    unit: str,
    sup: str | None,
    month: str,
    day: str | None,
    hamlet: str | None,
    date_reason: str | None,
    hamlet_reason: str | None,
) -> None:
    nghedan_world.when(
        f"lên lịch buổi làm việc {month}",
        build.schedule_session(
            nghedan_world, unit, sup, month, day, hamlet, date_reason, hamlet_reason
        ),
    )


@step(
    "when",
    r"dời " + SESSION + r" sang ngày (?P<day>[^\s\"]+) với lý do \"(?P<why>[^\"]+)\"",
    description="Dời buổi làm việc sang ngày khác trong tháng (RescheduleSession).",
    example='dời buổi làm việc tháng 03/2024 của "Ninh Thới" sang ngày 11/03/2024 với lý do'
    ' "mưa bão"',
    section=Section.SESSIONS,
)
def _reschedule(
    nghedan_world: World, sup: str | None, month: str, unit: str, day: str, why: str
) -> None:
    nghedan_world.when(
        "dời buổi làm việc",
        RescheduleSession(**_s(nghedan_world, sup, month, unit), date=parse_date(day), reason=why),  # type: ignore[arg-type]
    )


@step(
    "when",
    SESSION + r" chào cờ với (?P<n>\S+) người dự",
    description="Ghi lễ chào cờ đầu buổi và số người dự (HoldFlagCeremony).",
    example='buổi làm việc tháng 03/2024 của "Ninh Thới" chào cờ với 45 người dự',
    section=Section.SESSIONS,
)
def _flag(nghedan_world: World, sup: str | None, month: str, unit: str, n: str) -> None:
    nghedan_world.when(
        "chào cờ",
        HoldFlagCeremony(**_s(nghedan_world, sup, month, unit), attendees=parse_int(n)),  # type: ignore[arg-type]
    )


@step(
    "when",
    r"\"(?P<unit>[^\"]+)\" tiếp dân tại (?:ấp|khóm|thôn|tổ dân phố) \"(?P<hamlet>[^\"]+)\""
    r" trong buổi làm việc(?P<sup> cấp giám sát)? tháng (?P<month>[^\s\"]+)"
    r" với (?P<n>\S+) người dự",
    description="Ghi buổi tiếp dân tại một ấp và số công dân đến dự (HoldReception).",
    example='"Ninh Thới" tiếp dân tại ấp "Ô Rồm" trong buổi làm việc tháng 03/2024 với 25 người dự',
    section=Section.SESSIONS,
)
def _reception(
    nghedan_world: World, unit: str, hamlet: str, sup: str | None, month: str, n: str
) -> None:
    fields = _s(nghedan_world, sup, month, unit)
    nghedan_world.when(
        f"tiếp dân tại {hamlet}",
        HoldReception(
            **fields,  # type: ignore[arg-type]
            hamlet=nghedan_world.hamlet(str(fields["unit"]), hamlet),
            attendees=parse_int(n),
        ),
    )


@step(
    "when",
    r"kết thúc " + SESSION + r"(?: với lý do chưa đạt chỉ tiêu \"(?P<why>[^\"]+)\")?",
    description="Kết thúc buổi làm việc (CloseSession): mọi ý kiến phải được trả lời hoặc"
    " hẹn; thăm chưa đủ chỉ tiêu cần lý do.",
    example='kết thúc buổi làm việc tháng 03/2024 của "Ninh Thới"',
    section=Section.SESSIONS,
)
def _close(nghedan_world: World, sup: str | None, month: str, unit: str, why: str | None) -> None:
    nghedan_world.when(
        "kết thúc buổi làm việc", build.close_session(nghedan_world, sup, month, unit, why)
    )


@step(
    "when",
    r"hủy " + SESSION + r" với lý do \"(?P<why>[^\"]+)\"",
    description="Hủy buổi làm việc (CancelSession).",
    example='hủy buổi làm việc tháng 02/2024 của "Ninh Thới" với lý do "nghỉ Tết"',
    section=Section.SESSIONS,
)
def _cancel_session(nghedan_world: World, sup: str | None, month: str, unit: str, why: str) -> None:
    nghedan_world.when(
        "hủy buổi làm việc",
        CancelSession(**_s(nghedan_world, sup, month, unit), reason=why),  # type: ignore[arg-type]
    )


@step(
    "when",
    r"\"(?P<official>[^\"]+)\" (?P<what>biểu dương|nhắc nhở) cán bộ \"(?P<target>[^\"]+)\""
    r" tại " + SESSION + r" vì \"(?P<why>[^\"]+)\"",
    description="Biểu dương (CommendOfficial) hoặc nhắc nhở (RemindOfficial) một cán bộ tại"
    " buổi làm việc.",
    example='"Trần Văn An" biểu dương cán bộ "Lê Thị Bình" tại buổi làm việc tháng 03/2024'
    ' của "Ninh Thới" vì "giải quyết nhanh hồ sơ"',
    section=Section.SESSIONS,
)
def _commend(
    nghedan_world: World,
    what: str,
    target: str,
    sup: str | None,
    month: str,
    unit: str,
    why: str,
) -> None:
    fields = _s(nghedan_world, sup, month, unit)
    cls = CommendOfficial if what == "biểu dương" else RemindOfficial
    nghedan_world.when(
        f"{what} {target}",
        cls(**fields, official_id=nghedan_world.official(target), reason=why),  # type: ignore[arg-type]
    )


@step(
    "when",
    r"\"(?P<official>[^\"]+)\" kiểm tra " + SESSION + r" với nhận xét \"(?P<findings>[^\"]+)\"",
    description="Cán bộ cấp giám sát kiểm tra buổi làm việc và kết quả của xã (InspectSession).",
    example='"Trương Văn Mười" kiểm tra buổi làm việc tháng 03/2024 của "Ninh Thới" với nhận'
    ' xét "thực hiện đúng quy trình"',
    section=Section.SESSIONS,
)
def _inspect(
    nghedan_world: World, official: str, sup: str | None, month: str, unit: str, findings: str
) -> None:
    nghedan_world.when(
        "kiểm tra buổi làm việc",
        InspectSession(
            **_s(nghedan_world, sup, month, unit),  # type: ignore[arg-type]
            inspector_id=nghedan_world.official(official),
            findings=findings,
        ),
    )


# --- complaints ---------------------------------------------------------------------------


@step(
    "when",
    r"công dân \"(?P<citizen>[^\"]+)\" nêu ý kiến \"(?P<label>[^\"]+)\""
    r"(?: về \"(?P<category>[^\"]+)\")? tại " + SESSION,
    description="Ghi ý kiến của công dân tại buổi làm việc (RaiseComplaint); nhãn dùng để gọi"
    " ý kiến ở các bước sau.",
    example='công dân "Nguyễn Văn Nam" nêu ý kiến "đường ấp ngập" về "hạ tầng" tại buổi làm'
    ' việc tháng 03/2024 của "Ninh Thới"',
    section=Section.COMPLAINTS,
)
def _raise(
    nghedan_world: World,
    citizen: str,
    label: str,
    category: str | None,
    sup: str | None,
    month: str,
    unit: str,
) -> None:
    nghedan_world.when(
        f"ý kiến {label}",
        build.raise_complaint(nghedan_world, citizen, label, category, sup, month, unit),
    )


@step(
    "when",
    r"\"(?P<official>[^\"]+)\" trả lời tại chỗ ý kiến \"(?P<label>[^\"]+)\""
    r"(?: căn cứ \"(?P<basis>[^\"]+)\"| mà không nêu căn cứ)",
    description="Trả lời ý kiến ngay tại buổi làm việc (AnswerOnSpot); phải nêu căn cứ pháp lý"
    " hoặc chính sách.",
    example='"Trần Văn An" trả lời tại chỗ ý kiến "thủ tục đất" căn cứ "Luật Đất đai 2024"',
    section=Section.COMPLAINTS,
)
def _answer_on_spot(nghedan_world: World, official: str, label: str, basis: str | None) -> None:
    nghedan_world.when(
        f"trả lời tại chỗ {label}",
        build.answer(
            nghedan_world, label, official, "Đã giải thích cho công dân", basis, on_spot=True
        ),
    )


@step(
    "when",
    r"tiếp thu ý kiến \"(?P<label>[^\"]+)\" vì \"(?P<reason>[^\"]+)\" và hẹn trả lời lúc "
    + DATETIME
    + r" tại \"(?P<place>[^\"]+)\"(?: giao \"(?P<who>[^\"]+)\")?",
    description="Tiếp thu ý kiến và hẹn thời gian, địa điểm trả lời (TakeOnRecord); lý do:"
    " vượt thẩm quyền, cần xác minh, chưa rõ.",
    example='tiếp thu ý kiến "đường ấp ngập" vì "cần xác minh" và hẹn trả lời lúc 20/03/2024'
    ' 08:00 tại "Trụ sở UBND xã" giao "Công chức địa chính"',
    section=Section.COMPLAINTS,
)
def _take_on_record(
    nghedan_world: World, label: str, reason: str, at: str, place: str, who: str | None
) -> None:
    nghedan_world.when(
        f"tiếp thu {label}",
        build.take_on_record(
            nghedan_world, label, reason, build.appointment(at, place), who or "UBND xã"
        ),
    )


@step(
    "when",
    r"chuyển ý kiến \"(?P<label>[^\"]+)\" đến \"(?P<agency>[^\"]+)\" và hẹn trả lời lúc "
    + DATETIME
    + r" tại \"(?P<place>[^\"]+)\"",
    description="Chuyển ý kiến đến cơ quan có thẩm quyền, kèm lịch hẹn (ReferComplaint).",
    example='chuyển ý kiến "tranh chấp đất" đến "Phòng Tài nguyên và Môi trường" và hẹn trả'
    ' lời lúc 25/03/2024 08:00 tại "Trụ sở UBND xã"',
    section=Section.COMPLAINTS,
)
def _refer(nghedan_world: World, label: str, agency: str, at: str, place: str) -> None:
    nghedan_world.when(
        f"chuyển {label}",
        build.refer(nghedan_world, label, agency, build.appointment(at, place)),
    )


@step(
    "when",
    r"dời lịch hẹn ý kiến \"(?P<label>[^\"]+)\" sang "
    + DATETIME
    + r" tại \"(?P<place>[^\"]+)\" với lý do \"(?P<why>[^\"]+)\"",
    description="Dời lịch hẹn trả lời ý kiến, có lý do (RescheduleAppointment).",
    example='dời lịch hẹn ý kiến "đường ấp ngập" sang 27/03/2024 08:00 tại "Trụ sở UBND xã"'
    ' với lý do "chờ kết quả khảo sát"',
    section=Section.COMPLAINTS,
)
def _reschedule_appointment(
    nghedan_world: World, label: str, at: str, place: str, why: str
) -> None:
    nghedan_world.when(
        f"dời lịch hẹn {label}",
        RescheduleAppointment(
            complaint_id=nghedan_world.complaint(label),
            appointment=build.appointment(at, place),
            reason=why,
        ),
    )


@step(
    "when",
    r"\"(?P<official>[^\"]+)\" trả lời ý kiến \"(?P<label>[^\"]+)\""
    r"(?: căn cứ \"(?P<basis>[^\"]+)\")?",
    description="Trả lời ý kiến đã tiếp thu hoặc đã chuyển (AnswerComplaint).",
    example='"Trần Văn An" trả lời ý kiến "đường ấp ngập" căn cứ "Kế hoạch sửa đường năm 2024"',
    section=Section.COMPLAINTS,
)
def _answer(nghedan_world: World, official: str, label: str, basis: str | None) -> None:
    nghedan_world.when(
        f"trả lời {label}",
        build.answer(nghedan_world, label, official, "Đã trả lời công dân", basis),
    )


@step(
    "when",
    r"\"(?P<official>[^\"]+)\" ghi nhận ý kiến \"(?P<label>[^\"]+)\" đã được giải quyết",
    description="Ghi nhận vấn đề đã được giải quyết xong (ResolveComplaint); trả lời chưa phải"
    " là giải quyết.",
    example='"Trần Văn An" ghi nhận ý kiến "đường ấp ngập" đã được giải quyết',
    section=Section.COMPLAINTS,
)
def _resolve(nghedan_world: World, official: str, label: str) -> None:
    nghedan_world.when(f"giải quyết {label}", build.resolve(nghedan_world, label, official))


@step(
    "when",
    r"công dân (?P<how>hài lòng|không hài lòng) với trả lời ý kiến \"(?P<label>[^\"]+)\"",
    description="Ghi ý kiến phản hồi của công dân về câu trả lời (RecordCitizenFeedback).",
    example='công dân hài lòng với trả lời ý kiến "đường ấp ngập"',
    section=Section.COMPLAINTS,
)
def _feedback(nghedan_world: World, how: str, label: str) -> None:
    nghedan_world.when(
        f"phản hồi {label}",
        RecordCitizenFeedback(
            complaint_id=nghedan_world.complaint(label), satisfied=how == "hài lòng"
        ),
    )


@step(
    "when",
    r"mở lại ý kiến \"(?P<label>[^\"]+)\" với lý do \"(?P<why>[^\"]+)\"",
    description="Mở lại ý kiến đã trả lời hoặc đã giải quyết (ReopenComplaint).",
    example='mở lại ý kiến "đường ấp ngập" với lý do "đường lại ngập"',
    section=Section.COMPLAINTS,
)
def _reopen(nghedan_world: World, label: str, why: str) -> None:
    nghedan_world.when(
        f"mở lại {label}",
        ReopenComplaint(complaint_id=nghedan_world.complaint(label), reason=why),
    )


@step(
    "when",
    r"(?P<by>Mặt trận Tổ quốc|MTTQ|Ban Thanh tra nhân dân) ghi nhận giám sát ý kiến"
    r" \"(?P<label>[^\"]+)\": \"(?P<note>[^\"]+)\"(?P<concern> và có kiến nghị)?",
    description="MTTQ hoặc Ban Thanh tra nhân dân ghi nhận giám sát câu trả lời (NoteSupervision).",
    example='Mặt trận Tổ quốc ghi nhận giám sát ý kiến "đường ấp ngập": "trả lời đúng hẹn"',
    section=Section.COMPLAINTS,
)
def _supervise(nghedan_world: World, by: str, label: str, note: str, concern: str | None) -> None:
    nghedan_world.when(
        f"giám sát {label}",
        NoteSupervision(
            complaint_id=nghedan_world.complaint(label),
            by=SupervisorKind.PEOPLES_INSPECTORATE if by.startswith("Ban") else SupervisorKind.MTTQ,
            note=note,
            concern=bool(concern),
        ),
    )


@step(
    "when",
    r"công dân rút ý kiến \"(?P<label>[^\"]+)\" với lý do \"(?P<why>[^\"]+)\"",
    description="Công dân rút ý kiến (WithdrawComplaint).",
    example='công dân rút ý kiến "đường ấp ngập" với lý do "đã tự thỏa thuận"',
    section=Section.COMPLAINTS,
)
def _withdraw(nghedan_world: World, label: str, why: str) -> None:
    nghedan_world.when(f"rút {label}", build.withdraw(nghedan_world, label, why))


# --- the fund -----------------------------------------------------------------------------


@step(
    "when",
    r"lập quỹ của \"(?P<unit>[^\"]+)\"",
    description="Lập quỹ hỗ trợ của đơn vị (OpenFund).",
    example='lập quỹ của "Ninh Thới"',
    section=Section.FUND,
)
def _open_fund(nghedan_world: World, unit: str) -> None:
    nghedan_world.when("lập quỹ", OpenFund(unit=nghedan_world.unit(unit)))


@step(
    "when",
    r"\"(?P<who>[^\"]+)\" cam kết đóng góp "
    + MONEY
    + r" vào quỹ của \"(?P<unit>[^\"]+)\" "
    + SOURCE,
    description="Ghi một cam kết đóng góp (PledgeContribution); nhà tài trợ phải có tên.",
    example='"Nguyễn Văn Bảy" cam kết đóng góp 1.000.000 đồng vào quỹ của "Ninh Thới" tại'
    " buổi chào cờ",
    section=Section.FUND,
)
def _pledge(nghedan_world: World, who: str, amount: str, unit: str, source: str) -> None:
    nghedan_world.when(f"cam kết của {who}", build.pledge(nghedan_world, who, amount, unit, source))


@step(
    "when",
    r"quỹ của \"(?P<unit>[^\"]+)\" nhận " + MONEY + " " + SOURCE,
    description="Ghi khoản thu tiền mặt vào quỹ (ReceiveContribution): từ buổi chào cờ, tại"
    ' buổi làm việc, hoặc từ nhà tài trợ "tên" (nguồn xã hội hóa phải ghi tên).',
    example='quỹ của "Ninh Thới" nhận 2.000.000 đồng từ buổi chào cờ',
    section=Section.FUND,
)
def _receive(nghedan_world: World, unit: str, amount: str, source: str) -> None:
    kind, donor = source_of(source)
    nghedan_world.when(
        "nhận đóng góp", build.receive(nghedan_world, unit, parse_money(amount), kind, donor)
    )


@step(
    "when",
    r"quỹ của \"(?P<unit>[^\"]+)\" nhận " + MONEY + r" theo cam kết của \"(?P<who>[^\"]+)\"",
    description="Ghi khoản thu theo một cam kết đã có (ReceiveContribution có pledge_id).",
    example='quỹ của "Ninh Thới" nhận 1.000.000 đồng theo cam kết của "Nguyễn Văn Bảy"',
    section=Section.FUND,
)
def _receive_pledge(nghedan_world: World, unit: str, amount: str, who: str) -> None:
    w = nghedan_world
    pledge = w.pledges.get(who) or w.id("pledge", who)
    fund = w.reader().fund(w.unit(unit))
    source, donor = ContributionSource.FLAG_CEREMONY, None
    if fund is not None and pledge in fund.pledges:
        source, donor = fund.pledges[pledge].source, fund.pledges[pledge].donor
    w.when(
        f"nhận theo cam kết của {who}",
        ReceiveContribution(
            unit=w.unit(unit),
            receipt_id=w.id("receipt", f"{unit} {w.serial()}"),
            amount=parse_money(amount),
            source=source,
            pledge_id=pledge,
            contributor=None if donor else who,
            donor=donor,
        ),
    )


@step(
    "when",
    r"hủy cam kết của \"(?P<who>[^\"]+)\" vào quỹ của \"(?P<unit>[^\"]+)\""
    r" với lý do \"(?P<why>[^\"]+)\"",
    description="Hủy một cam kết sẽ không được thực hiện (CancelPledge).",
    example='hủy cam kết của "Nguyễn Văn Bảy" vào quỹ của "Ninh Thới" với lý do "chuyển đi"',
    section=Section.FUND,
)
def _cancel_pledge(nghedan_world: World, who: str, unit: str, why: str) -> None:
    nghedan_world.when(
        f"hủy cam kết của {who}",
        CancelPledge(
            unit=nghedan_world.unit(unit),
            pledge_id=nghedan_world.pledges.get(who) or nghedan_world.id("pledge", who),
            reason=why,
        ),
    )


_PURPOSES = r"(?P<purpose>tặng quà|xây nhà tình thương|xây nhà|sửa nhà|làm nhà vệ sinh|hỗ trợ khác)"


@step(
    "when",
    r"chi "
    + MONEY
    + r" từ quỹ của \"(?P<unit>[^\"]+)\" cho hộ \"(?P<household>[^\"]+)\" để "
    + _PURPOSES
    + r"(?: do (?P<approvers>"
    + NAMES
    + r") duyệt| mà không có người duyệt)",
    description="Chi tiền từ quỹ cho một hộ đã được bình xét chọn (MakeDisbursement): số dư"
    " không được âm, người duyệt không là người thân của hộ, từ ngưỡng cần hai người duyệt.",
    example='chi 2.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do'
    ' "Trần Văn An" duyệt',
    section=Section.FUND,
)
def _disburse(
    nghedan_world: World,
    amount: str,
    unit: str,
    household: str,
    purpose: str,
    approvers: str | None,
) -> None:
    w = nghedan_world
    disbursement = w.id("disbursement", f"{household} {w.serial()}")
    w.disbursements[household] = disbursement
    w.when(
        f"chi cho hộ {household}",
        MakeDisbursement(
            unit=w.unit(unit),
            disbursement_id=disbursement,
            purpose=enum_value(DisbursementPurpose, purpose, "mục đích chi"),
            amount=parse_money(amount),
            household_id=w.household(household),
            approvers=tuple(w.official(n) for n in names(approvers or "")),
        ),
    )


@step(
    "when",
    r"điều chỉnh ngược khoản chi cho hộ \"(?P<household>[^\"]+)\" từ quỹ của"
    r" \"(?P<unit>[^\"]+)\" với lý do \"(?P<why>[^\"]+)\"",
    description="Điều chỉnh ngược (hoàn lại quỹ) khoản chi gần nhất cho hộ bằng bút toán bù"
    " (ReverseDisbursement); không sửa, không xóa.",
    example='điều chỉnh ngược khoản chi cho hộ "Thạch Thị Hoa" từ quỹ của "Ninh Thới" với lý do'
    ' "chi nhầm hộ"',
    section=Section.FUND,
)
def _reverse(nghedan_world: World, household: str, unit: str, why: str) -> None:
    w = nghedan_world
    disbursement = w.disbursements.get(household) or w.id("disbursement", household)
    w.when(
        f"điều chỉnh khoản chi cho {household}",
        ReverseDisbursement(unit=w.unit(unit), disbursement_id=disbursement, reason=why),
    )


@step(
    "when",
    r"công bố công khai thu chi quỹ của \"(?P<unit>[^\"]+)\" từ (?P<start>[^\s\"]+)"
    r" đến (?P<end>[^\s\"]+)",
    description="Công bố công khai thu chi của quỹ trong kỳ (PublishDisclosure), kèm mã băm"
    " của lịch sử.",
    example='công bố công khai thu chi quỹ của "Ninh Thới" từ 01/03/2024 đến 31/03/2024',
    section=Section.FUND,
)
def _disclose(nghedan_world: World, unit: str, start: str, end: str) -> None:
    nghedan_world.when(
        "công khai thu chi",
        PublishDisclosure(
            unit=nghedan_world.unit(unit),
            period_from=parse_date(start),
            period_to=parse_date(end),
        ),
    )


# --- households ---------------------------------------------------------------------------


@step(
    "when",
    r"đăng ký hộ \"(?P<head>[^\"]+)\" của \"(?P<unit>[^\"]+)\""
    r"(?: ở (?:ấp|khóm|thôn|tổ dân phố) \"(?P<hamlet>[^\"]+)\")? thuộc diện \"(?P<cats>[^\"]+)\"",
    description="Đưa một hộ vào danh sách hỗ trợ (RegisterHousehold).",
    example='đăng ký hộ "Sơn Văn Lợi" của "Ninh Thới" thuộc diện "người già neo đơn"',
    section=Section.HOUSEHOLDS,
)
def _register_household(
    nghedan_world: World, head: str, unit: str, hamlet: str | None, cats: str
) -> None:
    nghedan_world.when(
        f"đăng ký hộ {head}", build.register_household(nghedan_world, head, unit, hamlet, cats)
    )


@step(
    "when",
    r"(?P<officials>" + NAMES + r") bình xét chọn hộ \"(?P<household>[^\"]+)\""
    r" tháng (?P<month>[^\s\"]+)(?: với lý do \"(?P<why>[^\"]+)\")?",
    description="Các cán bộ bình xét chọn hộ được hỗ trợ trong tháng (SelectHousehold):"
    " không ai là người thân của hộ; hộ vừa được hỗ trợ hoặc xếp sau hộ khó khăn hơn cần lý do.",
    example='"Trần Văn An" và "Lê Thị Bình" bình xét chọn hộ "Thạch Thị Hoa" tháng 03/2024',
    section=Section.HOUSEHOLDS,
)
def _select(
    nghedan_world: World, officials: str, household: str, month: str, why: str | None
) -> None:
    nghedan_world.when(
        f"bình xét hộ {household}",
        build.select_household(nghedan_world, household, officials, month, why),
    )


@step(
    "when",
    r"ghi nhận hỗ trợ \"(?P<kind>[^\"]+)\" trị giá " + MONEY + r" cho hộ"
    r" \"(?P<household>[^\"]+)\" do (?P<funder>nhà tài trợ|ngân sách) chi trả",
    description="Ghi hỗ trợ do nhà tài trợ hoặc ngân sách chi trả (DeliverSupport): quà, nhà"
    " tình thương, sửa chữa nhà, nhà vệ sinh, khác.",
    example='ghi nhận hỗ trợ "nhà tình thương" trị giá 44.000.000 đồng cho hộ "Thạch Thị Hoa"'
    " do nhà tài trợ chi trả",
    section=Section.HOUSEHOLDS,
)
def _support(nghedan_world: World, kind: str, amount: str, household: str, funder: str) -> None:
    nghedan_world.when(
        f"hỗ trợ hộ {household}",
        build.deliver_support(nghedan_world, household, kind, amount, funder),
    )


@step(
    "when",
    r"đưa hộ \"(?P<household>[^\"]+)\" ra khỏi danh sách vì \"(?P<reason>[^\"]+)\"",
    description="Đưa hộ ra khỏi danh sách hỗ trợ (DeregisterHousehold): thoát nghèo, chuyển"
    " đi, qua đời, khác.",
    example='đưa hộ "Sơn Văn Lợi" ra khỏi danh sách vì "thoát nghèo"',
    section=Section.HOUSEHOLDS,
)
def _deregister(nghedan_world: World, household: str, reason: str) -> None:
    nghedan_world.when(
        f"đưa hộ {household} ra khỏi danh sách",
        DeregisterHousehold(
            household_id=nghedan_world.household(household),
            reason=enum_value(DeregistrationReason, reason, "lý do"),
        ),
    )


@step(
    "when",
    r"xoá dữ liệu cá nhân của hộ \"(?P<household>[^\"]+)\"",
    description="Xoá vĩnh viễn dữ liệu cá nhân của một hộ và chủ hộ (huỷ khoá; lịch sử giữ"
    " nguyên), như lệnh `nghedan person erase`.",
    example='xoá dữ liệu cá nhân của hộ "Thạch Thị Hoa"',
    section=Section.HOUSEHOLDS,
)
def _erase_household(nghedan_world: World, household: str) -> None:
    nghedan_world.require_checked()
    # who erases: the official a step named, else the record's administrator (ADR 0018)
    started = nghedan_world.app.administrator()
    actor = nghedan_world.acting or (started.administrator_id if started else None)
    erase_person(nghedan_world.app, str(nghedan_world.household(household)), actor=actor)


# --- visits -------------------------------------------------------------------------------


@step(
    "when",
    r"lên kế hoạch thăm hộ \"(?P<household>[^\"]+)\" tại "
    + SESSION
    + r" với đoàn (?P<team>"
    + NAMES
    + ")",
    description="Lên kế hoạch thăm một hộ trong buổi làm việc, với đoàn cán bộ (PlanVisit).",
    example='lên kế hoạch thăm hộ "Thạch Thị Hoa" tại buổi làm việc tháng 03/2024 của "Ninh'
    ' Thới" với đoàn "Trần Văn An"',
    section=Section.VISITS,
)
def _plan_visit(
    nghedan_world: World, household: str, sup: str | None, month: str, unit: str, team: str
) -> None:
    code, m, level = build.session(nghedan_world, sup, month, unit)
    nghedan_world.when(
        f"lên kế hoạch thăm hộ {household}",
        build.plan_visit(nghedan_world, names(team), household, code, m, level),
    )


@step(
    "when",
    r"đoàn thăm hộ \"(?P<household>[^\"]+)\"(?: và tặng quà "
    + MONEY
    + r"(?: do (?P<funder>nhà tài trợ|ngân sách) chi trả| do (?P<approvers>"
    + NAMES
    + r") duyệt chi từ quỹ)| và không tặng quà)"
    + r"(?:, nguyên nhân khó khăn \"(?P<causes>[^\"]+)\")?",
    description="Ghi chuyến thăm đã lên kế hoạch gần nhất tới hộ (ConductVisit); quà chi từ"
    " quỹ được chi và ghi hỗ trợ cho hộ cùng một lần ghi.",
    example='đoàn thăm hộ "Thạch Thị Hoa" và tặng quà 500.000 đồng do "Trần Văn An" duyệt chi'
    ' từ quỹ, nguyên nhân khó khăn "ốm đau, bệnh tật"',
    section=Section.VISITS,
)
def _conduct(
    nghedan_world: World,
    household: str,
    amount: str | None,
    funder: str | None,
    approvers: str | None,
    causes: str | None,
) -> None:
    gift = parse_money(amount) if amount else Vnd(0)
    nghedan_world.when(
        f"thăm hộ {household}",
        build.conduct_visit(
            nghedan_world,
            household,
            gift,
            funded=build.funded_by(funder) if funder else FundingSource.FUND,
            causes=causes,
            approvers=names(approvers or ""),
        ),
    )


@step(
    "when",
    r"hủy chuyến thăm hộ \"(?P<household>[^\"]+)\" với lý do \"(?P<why>[^\"]+)\"",
    description="Hủy chuyến thăm đã lên kế hoạch gần nhất tới hộ (CancelVisit).",
    example='hủy chuyến thăm hộ "Thạch Thị Hoa" với lý do "gia đình đi vắng"',
    section=Section.VISITS,
)
def _cancel_visit(nghedan_world: World, household: str, why: str) -> None:
    nghedan_world.when(
        f"hủy thăm hộ {household}",
        CancelVisit(visit_id=nghedan_world.visit(household), reason=why),
    )


# --- volunteer work -----------------------------------------------------------------------


@step(
    "when",
    r"lên kế hoạch hoạt động tình nguyện \"(?P<name>[^\"]+)\" loại \"(?P<kind>[^\"]+)\" của"
    r" \"(?P<unit>[^\"]+)\" tại \"(?P<place>[^\"]+)\" bắt đầu lúc " + DATETIME,
    description="Lên kế hoạch hoạt động tình nguyện (PlanVolunteerWork).",
    example='lên kế hoạch hoạt động tình nguyện "Làm đường" loại "làm đường" của "Ninh Thới"'
    ' tại "Ấp Ô Rồm" bắt đầu lúc 10/03/2024 07:00',
    section=Section.VOLUNTEER,
)
def _plan_work(nghedan_world: World, name: str, kind: str, unit: str, place: str, at: str) -> None:
    nghedan_world.when(
        f"lên kế hoạch {name}", build.plan_work(nghedan_world, name, kind, unit, place, at)
    )


@step(
    "when",
    r"thông báo cho tình nguyện viên về hoạt động \"(?P<name>[^\"]+)\"(?: lúc " + DATETIME + ")?",
    description="Báo cho tình nguyện viên thời gian, địa điểm, nhiệm vụ (NotifyVolunteers);"
    " phải trước giờ bắt đầu ít nhất 24 giờ. Không ghi giờ thì là thời điểm hiện tại.",
    example='thông báo cho tình nguyện viên về hoạt động "Phát quang đường ấp" lúc 09/03/2024'
    " 06:00",
    section=Section.VOLUNTEER,
)
def _notify(nghedan_world: World, name: str, at: str | None) -> None:
    nghedan_world.when(f"thông báo {name}", build.notify_volunteers(nghedan_world, name, at))


@step(
    "when",
    r"ghi nhận hoàn thành hoạt động \"(?P<name>[^\"]+)\" với (?P<n>\S+) lượt người"
    r"(?: trên (?P<km>\S+) km)?(?: trị giá " + MONEY + ")?",
    description="Ghi hoạt động tình nguyện đã hoàn thành (CompleteVolunteerWork): số lượt"
    " người, độ dài (km, dấu phẩy thập phân), giá trị; cần thông báo hợp lệ trước đó.",
    example='ghi nhận hoàn thành hoạt động "Phát quang đường ấp" với 40 lượt người trên 1,2 km',
    section=Section.VOLUNTEER,
)
def _complete(nghedan_world: World, name: str, n: str, km: str | None, amount: str | None) -> None:
    nghedan_world.when(
        f"hoàn thành {name}",
        CompleteVolunteerWork(
            work_id=nghedan_world.work(name),
            participants=parse_int(n, "số lượt người"),
            length_m=parse_km(km) if km else 0,
            value=parse_money(amount) if amount else Vnd(0),
        ),
    )


@step(
    "when",
    r"hủy hoạt động \"(?P<name>[^\"]+)\" với lý do \"(?P<why>[^\"]+)\"",
    description="Hủy hoạt động tình nguyện (CancelVolunteerWork).",
    example='hủy hoạt động "Phát quang đường ấp" với lý do "mưa lớn"',
    section=Section.VOLUNTEER,
)
def _cancel_work(nghedan_world: World, name: str, why: str) -> None:
    nghedan_world.when(
        f"hủy {name}", CancelVolunteerWork(work_id=nghedan_world.work(name), reason=why)
    )


# --- any command --------------------------------------------------------------------------


@step(
    "when",
    r"thực hiện lệnh \"(?P<command>[^\"]+)\" với:",
    description="Thực hiện bất kỳ lệnh nào trong 48 lệnh (tên lệnh tiếng Anh như trong lược đồ"
    " JSON) với bảng trường | giá trị; tên người, hộ, ý kiến thay cho mã.",
    example='thực hiện lệnh "HearProposal" với:',
    table=(
        "| trường   | giá trị                         |",
        "| unit     | Ninh Thới                       |",
        "| month    | 03/2024                         |",
        "| proposer | Đoàn Thanh niên                 |",
        "| content  | Mở lớp tin học cho thanh niên   |",
    ),
    section=Section.GENERIC,
)
def _generic(nghedan_world: World, command: str, datatable: list[list[str]]) -> None:
    nghedan_world.require_checked()
    try:
        built = build_command(nghedan_world, command, datatable)
    except InvalidInputError as refusal:
        nghedan_world.outcome = Outcome(step=f"lệnh {command}", error=refusal)
        return
    nghedan_world.when(f"lệnh {command}", built)
