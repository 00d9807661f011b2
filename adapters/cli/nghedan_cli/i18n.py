"""Words the command line shows: Vietnamese by default, English with ``--lang en``.

Every subcommand of an aggregate group is generated from a core command class; this module
gives each one its name, a one-line help in both languages, and a working example.
"""

from __future__ import annotations

from typing import Final

from nghedan_core import (
    AnswerComplaint,
    AnswerOnSpot,
    AssessHousehold,
    CancelPledge,
    CancelSession,
    CancelVisit,
    CancelVolunteerWork,
    CloseSession,
    Command,
    CommendOfficial,
    CompleteVolunteerWork,
    ConductVisit,
    DeclareRelative,
    DeliverSupport,
    DeregisterHousehold,
    HearProposal,
    HoldFlagCeremony,
    HoldReception,
    InspectSession,
    LeaveOffice,
    MakeDisbursement,
    MergeUnit,
    NoteSupervision,
    NotifyVolunteers,
    OpenFund,
    PlanVisit,
    PlanVolunteerWork,
    PledgeContribution,
    PublishDisclosure,
    RaiseComplaint,
    ReceiveContribution,
    RecordCitizenFeedback,
    ReferComplaint,
    RegisterHousehold,
    RegisterOfficial,
    RegisterUnit,
    RemindOfficial,
    RenameUnit,
    ReopenComplaint,
    RescheduleAppointment,
    RescheduleSession,
    ResolveComplaint,
    ReverseDisbursement,
    ReviewMonth,
    ScheduleSession,
    SelectHousehold,
    TakeOnRecord,
    TransferOfficial,
    WithdrawComplaint,
)

__all__ = ["GROUPS", "SUBCOMMANDS", "T", "field_label"]

#: group name -> (Vietnamese help, English help)
GROUPS: Final[dict[str, tuple[str, str]]] = {
    "unit": (
        "Đơn vị hành chính: tỉnh, xã, thị trấn, ấp/khóm.",
        "Administrative units: province, commune, town, hamlet.",
    ),
    "official": (
        "Cán bộ, công chức và người thân đã kê khai.",
        "Officials and their declared relatives.",
    ),
    "session": (
        'Buổi "Nghe dân nói – Làm dân tin" hằng tháng.',
        'The monthly "Nghe dân nói – Làm dân tin" session.',
    ),
    "complaint": (
        "Ý kiến, kiến nghị, phản ánh của người dân.",
        "Citizens' complaints, petitions and reports.",
    ),
    "fund": (
        "Quỹ hỗ trợ đối tượng chính sách gặp khó khăn.",
        "The support fund: contributions and payments.",
    ),
    "household": (
        "Hộ gia đình khó khăn được bình xét hỗ trợ.",
        "Households in hardship selected for support.",
    ),
    "visit": ("Thăm hỏi, tặng quà hộ khó khăn.", "Home visits and gifts."),
    "volunteer": ("Hoạt động tình nguyện.", "Volunteer work."),
}

U = "29257"
M = "2024-03"
ID = "6f1c2a4e-5b7d-5e0a-9c3b-1d2e3f405162"
ID2 = "0d9b1f3a-7c55-4e0e-9a5e-2b4f6c8d0e1f"

#: command class -> (group, subcommand, Vietnamese help, English help, example arguments)
SUBCOMMANDS: Final[dict[type[Command], tuple[str, str, str, str, str]]] = {
    RegisterUnit: (
        "unit",
        "register",
        "Đăng ký đơn vị (ấp ghi rõ xã của nó).",
        "Register a unit (a hamlet names its commune).",
        f'--code {U}-01 --name "Ấp Ngãi Hiệp" --kind hamlet --parent {U}',
    ),
    RenameUnit: (
        "unit",
        "rename",
        "Đổi tên đơn vị.",
        "Rename a unit.",
        f'--code {U} --name "Xã Ninh Thới"',
    ),
    MergeUnit: (
        "unit",
        "merge",
        "Sáp nhập đơn vị vào đơn vị khác.",
        "Merge a unit into another.",
        f"--code {U} --into 29260",
    ),
    RegisterOfficial: (
        "official",
        "register",
        "Đăng ký cán bộ (mã tự sinh nếu không ghi).",
        "Register an official (id generated if absent).",
        f'--unit {U} --full-name "Trần Văn An" --position "Chủ tịch UBND xã" --roles leader',
    ),
    DeclareRelative: (
        "official",
        "declare-relative",
        "Kê khai người thân (hộ hoặc người).",
        "Declare a relative (household or person).",
        f'--official-id {ID} --relation "em ruột" --household-id {ID2}',
    ),
    TransferOfficial: (
        "official",
        "transfer",
        "Điều chuyển cán bộ.",
        "Transfer an official.",
        f'--official-id {ID} --to-unit 29260 --position "Phó Chủ tịch"',
    ),
    LeaveOffice: (
        "official",
        "leave",
        "Ghi nhận cán bộ nghỉ việc.",
        "Record that an official left.",
        f'--official-id {ID} --reason "Nghỉ hưu"',
    ),
    ScheduleSession: (
        "session",
        "schedule",
        "Lên lịch buổi làm việc (thứ Hai đầu tháng, ấp luân phiên).",
        "Schedule the session (first Monday, rotating hamlet).",
        f"--unit {U} --month {M} --date 04/03/2024 --reception-hamlet {U}-01",
    ),
    RescheduleSession: (
        "session",
        "reschedule",
        "Dời ngày buổi làm việc (ghi lý do).",
        "Move the session (with a reason).",
        f'--unit {U} --month {M} --date 11/03/2024 --reason "Trùng lịch tiếp xúc cử tri"',
    ),
    HoldFlagCeremony: (
        "session",
        "flag-ceremony",
        "Ghi nhận lễ chào cờ và số người dự.",
        "Record the flag ceremony.",
        f"--unit {U} --month {M} --attendees 45",
    ),
    ReviewMonth: (
        "session",
        "review",
        "Đánh giá tháng qua, trọng tâm tháng tới.",
        "Review the month and set next month's focus.",
        f'--unit {U} --month {M} --summary "Hoàn thành chỉ tiêu"',
    ),
    HearProposal: (
        "session",
        "proposal",
        "Ghi nhận đề xuất tại buổi làm việc.",
        "Record a proposal heard.",
        f'--unit {U} --month {M} --proposer "Hội Nông dân" --content "Nạo vét kênh"',
    ),
    CommendOfficial: (
        "session",
        "commend",
        "Biểu dương cán bộ.",
        "Commend an official.",
        f'--unit {U} --month {M} --official-id {ID} --reason "Tiếp dân tận tình"',
    ),
    RemindOfficial: (
        "session",
        "remind",
        "Nhắc nhở cán bộ.",
        "Remind an official.",
        f'--unit {U} --month {M} --official-id {ID} --reason "Trả lời chậm"',
    ),
    HoldReception: (
        "session",
        "reception",
        "Ghi nhận tiếp dân tại ấp và số người dân dự.",
        "Record the citizen reception.",
        f"--unit {U} --month {M} --hamlet {U}-01 --attendees 23",
    ),
    CloseSession: (
        "session",
        "close",
        "Kết thúc buổi làm việc (ghi lý do nếu chưa đạt chỉ tiêu).",
        "Close the session (reason if the quota is not met).",
        f'--unit {U} --month {M} --minutes "Biên bản" --shortfall-reason "Hộ thứ hai vắng nhà"',
    ),
    CancelSession: (
        "session",
        "cancel",
        "Hủy buổi làm việc (ghi lý do).",
        "Cancel the session (with a reason).",
        f'--unit {U} --month 2024-02 --reason "Nghỉ Tết"',
    ),
    InspectSession: (
        "session",
        "inspect",
        "Cấp giám sát kiểm tra buổi làm việc và kết quả.",
        "Supervising level inspects the session.",
        f'--unit {U} --month {M} --inspector-id {ID} --findings "Hồ sơ đầy đủ"',
    ),
    RaiseComplaint: (
        "complaint",
        "raise",
        "Ghi nhận ý kiến, kiến nghị của người dân.",
        "Record a citizen's complaint.",
        f'--unit {U} --month {M} --citizen-full-name "Kim Thị Mai" --category infrastructure --content "Đường sạt lở"',
    ),
    AnswerOnSpot: (
        "complaint",
        "answer-on-spot",
        "Trả lời tại chỗ (phải nêu căn cứ).",
        "Answer on the spot (with the basis).",
        f'--complaint-id {ID} --answer "..." --answered-by {ID2} --basis "Luật Đất đai 2013, Điều 99"',
    ),
    TakeOnRecord: (
        "complaint",
        "take-on-record",
        "Tiếp thu, hẹn thời gian và địa điểm trả lời.",
        "Take on record with an appointment.",
        f'--complaint-id {ID} --reason needs_verification --appointment-at 15/03/2024T08:00 --appointment-place "UBND xã" --responsible "Công chức địa chính"',
    ),
    ReferComplaint: (
        "complaint",
        "refer",
        "Chuyển cơ quan có thẩm quyền, có hẹn.",
        "Refer to the competent agency.",
        f'--complaint-id {ID} --to-agency "UBND tỉnh" --appointment-at 2024-03-30T08:00 --appointment-place "UBND xã"',
    ),
    RescheduleAppointment: (
        "complaint",
        "reschedule",
        "Đổi lịch hẹn (ghi lý do).",
        "Move the appointment (with a reason).",
        f'--complaint-id {ID} --appointment-at 2024-03-20T08:00 --appointment-place "Thực địa" --reason "Chờ đo đạc"',
    ),
    AnswerComplaint: (
        "complaint",
        "answer",
        "Trả lời ý kiến đã tiếp thu hoặc chuyển.",
        "Answer a complaint taken on record.",
        f'--complaint-id {ID} --answer "..." --answered-by {ID2}',
    ),
    ResolveComplaint: (
        "complaint",
        "resolve",
        "Ghi nhận đã giải quyết.",
        "Record the complaint resolved.",
        f'--complaint-id {ID} --resolution "Đã sửa đường" --resolved-by {ID2}',
    ),
    RecordCitizenFeedback: (
        "complaint",
        "feedback",
        "Ghi ý kiến phản hồi của người dân.",
        "Record the citizen's feedback.",
        f"--complaint-id {ID} --satisfied",
    ),
    ReopenComplaint: (
        "complaint",
        "reopen",
        "Mở lại ý kiến.",
        "Reopen a complaint.",
        f'--complaint-id {ID} --reason "Người dân chưa đồng ý"',
    ),
    NoteSupervision: (
        "complaint",
        "supervise",
        "MTTQ/Ban TTND ghi nhận giám sát.",
        "Record a supervision note.",
        f'--complaint-id {ID} --by mttq --note "Đề nghị trả lời bằng văn bản"',
    ),
    WithdrawComplaint: (
        "complaint",
        "withdraw",
        "Người dân rút ý kiến.",
        "The citizen withdraws the complaint.",
        f'--complaint-id {ID} --reason "Đã hòa giải"',
    ),
    OpenFund: ("fund", "open", "Mở quỹ của đơn vị.", "Open the unit's fund.", f"--unit {U}"),
    PledgeContribution: (
        "fund",
        "pledge",
        "Ghi nhận cam kết đóng góp.",
        "Record a pledge.",
        f'--unit {U} --amount 5.000.000 --source lawful_donation --donor "Công ty TNHH Minh Phát"',
    ),
    ReceiveContribution: (
        "fund",
        "receive",
        "Ghi nhận khoản thu vào quỹ.",
        "Record money received.",
        f"--unit {U} --amount 2.350.000 --source flag_ceremony",
    ),
    CancelPledge: (
        "fund",
        "cancel-pledge",
        "Hủy cam kết đóng góp.",
        "Cancel a pledge.",
        f'--unit {U} --pledge-id {ID} --reason "Chuyển đi nơi khác"',
    ),
    MakeDisbursement: (
        "fund",
        "disburse",
        "Chi quỹ cho hộ đã được bình xét.",
        "Pay a selected household.",
        f"--unit {U} --purpose other_support --amount 500.000 --household-id {ID} --approvers {ID2}",
    ),
    ReverseDisbursement: (
        "fund",
        "reverse",
        "Điều chỉnh ngược khoản chi (bút toán bù trừ).",
        "Reverse a payment (compensating entry).",
        f'--unit {U} --disbursement-id {ID} --reason "Ghi nhầm hộ"',
    ),
    PublishDisclosure: (
        "fund",
        "publish-disclosure",
        "Công khai thu chi của kỳ.",
        "Publish the period's income and expenditure.",
        f"--unit {U} --period-from 01/01/2024 --period-to 30/06/2024",
    ),
    RegisterHousehold: (
        "household",
        "register",
        "Đưa hộ vào danh sách hộ khó khăn.",
        "Put a household on the list.",
        f'--unit {U} --hamlet {U}-01 --head-full-name "Thạch Thị Hoa" --categories poor',
    ),
    AssessHousehold: (
        "household",
        "assess",
        "Đánh giá mức độ khó khăn (0–100).",
        "Assess hardship (0–100).",
        f'--household-id {ID} --criteria "nhà tạm" --score 70 --assessed-by {ID2}',
    ),
    SelectHousehold: (
        "household",
        "select",
        "Bình xét chọn hộ hỗ trợ trong tháng.",
        "Select the household this month.",
        f"--household-id {ID} --month {M} --selected-by {ID2}",
    ),
    DeliverSupport: (
        "household",
        "support",
        "Ghi nhận hỗ trợ từ nhà tài trợ hoặc ngân sách.",
        "Record donor- or budget-funded support.",
        f"--household-id {ID} --kind house_built --value 44.000.000 --funded-by donor",
    ),
    DeregisterHousehold: (
        "household",
        "deregister",
        "Đưa hộ ra khỏi danh sách.",
        "Take the household off the list.",
        f"--household-id {ID} --reason escaped_poverty",
    ),
    PlanVisit: (
        "visit",
        "plan",
        "Lên kế hoạch thăm hộ.",
        "Plan a visit.",
        f"--unit {U} --month {M} --household-id {ID} --team {ID2}",
    ),
    ConductVisit: (
        "visit",
        "conduct",
        "Ghi nhận đã thăm, tặng quà (chi quỹ cùng lúc).",
        "Record the visit and its gift.",
        f"--visit-id {ID} --gift-value 500.000 --causes illness --approvers {ID2}",
    ),
    CancelVisit: (
        "visit",
        "cancel",
        "Hủy chuyến thăm.",
        "Cancel a visit.",
        f'--visit-id {ID} --reason "Chủ hộ vắng nhà"',
    ),
    PlanVolunteerWork: (
        "volunteer",
        "plan",
        "Lên kế hoạch hoạt động tình nguyện.",
        "Plan volunteer work.",
        f'--unit {U} --kind cleaning --place "Đường ấp" --starts-at 2024-03-16T07:00 --task "Dọn vệ sinh"',
    ),
    NotifyVolunteers: (
        "volunteer",
        "notify",
        "Thông báo tình nguyện viên (trước ít nhất 1 ngày).",
        "Notify the volunteers (a day ahead).",
        f'--work-id {ID} --notified "Đoàn viên ấp" --channel "Loa ấp"',
    ),
    CompleteVolunteerWork: (
        "volunteer",
        "complete",
        "Ghi nhận hoàn thành (lượt người, mét).",
        "Record the work done.",
        f"--work-id {ID} --participants 45 --length-m 2000",
    ),
    CancelVolunteerWork: (
        "volunteer",
        "cancel",
        "Hủy hoạt động.",
        "Cancel the work.",
        f'--work-id {ID} --reason "Mưa lớn"',
    ),
}

_FIELDS_VI: Final[dict[str, str]] = {
    "unit": "mã đơn vị",
    "month": "tháng YYYY-MM",
    "level": "cấp: commune | supervisory",
    "code": "mã đơn vị",
    "name": "tên",
    "kind": "loại",
    "parent": "mã đơn vị cấp trên",
    "into": "sáp nhập vào",
    "date": "ngày (dd/mm/yyyy hoặc YYYY-MM-DD)",
    "reason": "lý do",
    "amount": "số tiền (đồng, vd 26.500.000)",
    "value": "giá trị (đồng)",
    "gift_value": "giá trị quà (đồng)",
    "source": "nguồn",
    "donor": "nhà tài trợ",
    "contributor": "người đóng góp (dữ liệu cá nhân)",
    "attendees": "số người dự",
    "content": "nội dung",
    "occurred_at": "thời điểm (mặc định: bây giờ)",
    "command_id": "mã lệnh (ghi một lần)",
}


def field_label(name: str, lang: str) -> str:
    """The help of an option for field `name`."""
    if lang == "vi":
        return _FIELDS_VI.get(name, name.replace("_", " "))
    return name.replace("_", " ")


#: other words of the command line: key -> (vi, en)
T: Final[dict[str, tuple[str, str]]] = {
    "main.help": (
        'nghedan — hồ sơ mô hình "Nghe dân nói – Làm dân tin": buổi làm việc, ý kiến người dân, '
        "quỹ hỗ trợ, thăm hỏi, hoạt động tình nguyện; báo cáo và kiểm toán quỹ.",
        'nghedan — the "Nghe dân nói – Làm dân tin" dossier: sessions, complaints, the support '
        "fund, visits, volunteer work; reports and the fund audit.",
    ),
    "opt.db": (
        "URL cơ sở dữ liệu (mặc định $NGHEDAN_DATABASE_URL, sqlite:///nghedan.db).",
        "Database URL (default $NGHEDAN_DATABASE_URL, sqlite:///nghedan.db).",
    ),
    "opt.lang": (
        "Ngôn ngữ: vi | en (mặc định $NGHEDAN_LANG, vi).",
        "Language: vi | en (default $NGHEDAN_LANG, vi).",
    ),
    "opt.config": ("Tệp TOML cấu hình chính sách.", "Policy configuration TOML file."),
    "opt.json": ("In kết quả dạng JSON.", "Print the result as JSON."),
    "example": ("Ví dụ", "Example"),
    "recorded": ("Đã ghi", "Recorded"),
    "nothing": (
        "Không ghi gì thêm (lệnh đã được xử lý trước đó).",
        "Nothing recorded (the command was handled before).",
    ),
    "error": ("Lỗi", "Error"),
    "refused": ("Từ chối", "Refused"),
    "generated_id": ("Mã tự sinh", "Generated id"),
}


def t(key: str, lang: str) -> str:
    """The word for `key` in `lang`."""
    vi, en = T[key]
    return vi if lang == "vi" else en


__all__ += ["t"]
