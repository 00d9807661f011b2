"""The demo dataset: Cầu Kè district, January to June 2024, as a clerk would record it.

`demo_commands()` yields, in order, every command a commune clerk, leader or supervisor
would send to record the first half of 2024 in the 11 communes and towns of Cầu Kè district
(Trà Vinh): units and hamlets, officials and their declared relatives, households, monthly
sessions with receptions, complaints and their answers, contributions and payments, visits
with gifts, volunteer work, houses built and repaired, toilets. Nothing is written directly
as an event. Recorded through `NgheDan.handle`, its period report for 2024-01-01..2024-06-30
reproduces the source article's table: 55 sessions; 1,146 attendees; 11 units; 252
complaints, all resolved; 55 gifts worth 26,500,000 đ; 288 households supported worth
128,500,000 đ; more than 2,000 volunteer turns over 46.3 km; 3 houses built (132,000,000 đ),
3 repaired (54,300,000 đ), 2 toilets (2,900,000 đ).

Names are typical of the district (Kinh and Khmer) but invented; unit codes are
illustrative. The generator is deterministic: the same commands, ids and times every run.

`record_demo(app)` records it as the record demands (ADR 0018): the store is started by
its administrator (`DEMO_ADMINISTRATOR`), who registers the province and the district's
supervisor; every other command is carried out by a named official of the demo — the
supervisor registers the communes, each commune's clerk records, its chair and deputy
answer, select and pay — `demo_actor` picks, for each command, the first official the
record admits for it (`NgheDan.actors_for`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final
from uuid import UUID

from nghedan_core.aggregates import Command
from nghedan_core.aggregates.complaint import (
    AnswerComplaint,
    AnswerOnSpot,
    NoteSupervision,
    RaiseComplaint,
    RecordCitizenFeedback,
    ResolveComplaint,
    TakeOnRecord,
)
from nghedan_core.aggregates.fund import (
    MakeDisbursement,
    OpenFund,
    PledgeContribution,
    PublishDisclosure,
    ReceiveContribution,
)
from nghedan_core.aggregates.household import (
    AssessHousehold,
    DeliverSupport,
    RegisterHousehold,
    SelectHousehold,
)
from nghedan_core.aggregates.official import DeclareRelative, RegisterOfficial
from nghedan_core.aggregates.session import (
    CancelSession,
    CloseSession,
    CommendOfficial,
    HearProposal,
    HoldFlagCeremony,
    HoldReception,
    InspectSession,
    ReviewMonth,
    ScheduleSession,
)
from nghedan_core.aggregates.unit import RegisterUnit
from nghedan_core.aggregates.visit import ConductVisit, PlanVisit
from nghedan_core.aggregates.volunteer import (
    CompleteVolunteerWork,
    NotifyVolunteers,
    PlanVolunteerWork,
)
from nghedan_core.messages import format_month
from nghedan_core.policies.scheduling import first_monday
from nghedan_core.values import (
    VIETNAM_TZ,
    Appointment,
    ComplaintCategory,
    ContributionSource,
    DisbursementPurpose,
    FundingSource,
    HardshipCause,
    HouseholdCategory,
    Month,
    OfficialRole,
    Person,
    RecordReason,
    SupervisorKind,
    SupportKind,
    UnitKind,
    Vnd,
    VolunteerWorkKind,
    stable_id,
)

__all__ = [
    "DEMO_ADMINISTRATOR",
    "DEMO_FROM",
    "DEMO_RECORDED_AT",
    "DEMO_TO",
    "DEMO_UNITS",
    "PROVINCE",
    "demo_actor",
    "demo_commands",
    "demo_official",
    "record_demo",
]

PROVINCE: Final = "84"
DISTRICT: Final = "847"
DEMO_FROM: Final = date(2024, 1, 1)
DEMO_TO: Final = date(2024, 6, 30)
#: a moment after the demo's last act (its June disclosure, 1 July 2024 08:00): a clock
#: that records the demo "then" (a scenario set in 2024) reads it
DEMO_RECORDED_AT: Final = datetime(2024, 7, 1, 9, 0, tzinfo=VIETNAM_TZ)

#: (code, name, kind, hamlet names) — the 11 communes and towns of Cầu Kè district
DEMO_UNITS: Final[tuple[tuple[str, str, UnitKind, tuple[str, ...]], ...]] = (
    ("29242", "Thị trấn Cầu Kè", UnitKind.TOWN, ("Khóm 1", "Khóm 2", "Khóm 3", "Khóm 4", "Khóm 5")),
    (
        "29245",
        "Xã Hòa Ân",
        UnitKind.COMMUNE,
        ("Ấp Bà My", "Ấp Đông Hải", "Ấp Trà Mẹt", "Ấp Giồng Lức", "Ấp Kinh Xáng"),
    ),
    (
        "29248",
        "Xã Châu Điền",
        UnitKind.COMMUNE,
        ("Ấp Ô Mịch", "Ấp Trà Kháo", "Ấp Chợ", "Ấp Ô Tưng A", "Ấp Ô Tưng B"),
    ),
    (
        "29251",
        "Xã An Phú Tân",
        UnitKind.COMMUNE,
        ("Ấp An Bình", "Ấp An Hòa", "Ấp An Thạnh", "Ấp Xóm Lớn", "Ấp Ô Rồm"),
    ),
    (
        "29254",
        "Xã Hòa Tân",
        UnitKind.COMMUNE,
        ("Ấp Hòa Lạc", "Ấp Hòa Thuận", "Ấp Hòa Hưng", "Ấp Tân Qui", "Ấp Sóc Dừa"),
    ),
    (
        "29257",
        "Xã Ninh Thới",
        UnitKind.COMMUNE,
        ("Ấp Ngãi Hiệp", "Ấp Trà Điêu", "Ấp Ô Tre", "Ấp Mỹ Văn", "Ấp Kinh Xáng"),
    ),
    (
        "29260",
        "Xã Phong Phú",
        UnitKind.COMMUNE,
        ("Ấp Phong Hòa", "Ấp Phong Tân", "Ấp Dinh An", "Ấp Sóc Ruộng", "Ấp Kinh Xuôi"),
    ),
    (
        "29263",
        "Xã Phong Thạnh",
        UnitKind.COMMUNE,
        ("Ấp Rạch Giồng", "Ấp Phú Thạnh", "Ấp Đại Mong", "Ấp Nhứt", "Ấp Nhì"),
    ),
    (
        "29266",
        "Xã Tam Ngãi",
        UnitKind.COMMUNE,
        ("Ấp Bưng Lớn", "Ấp Tân Qui 1", "Ấp Tân Qui 2", "Ấp Ngãi Lợi", "Ấp Giồng Nổi"),
    ),
    (
        "29269",
        "Xã Thông Hòa",
        UnitKind.COMMUNE,
        ("Ấp Sóc Kha", "Ấp Rạch Dừa", "Ấp Trà Ốp", "Ấp Thông Thuận", "Ấp Kinh Ngang"),
    ),
    (
        "29272",
        "Xã Thạnh Phú",
        UnitKind.COMMUNE,
        ("Ấp Mới", "Ấp Chông Nô", "Ấp Bà Tây", "Ấp Bãi Vàng", "Ấp Cả Bướm"),
    ),
)

#: the months with a session; February's were called off for Tết Giáp Thìn
_MONTHS: Final = (1, 3, 4, 5, 6)

_SURNAMES: Final = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Thạch",
    "Sơn",
    "Kim",
    "Lâm",
    "Dương",
    "Ngô",
)
_MIDDLE: Final = ("Văn", "Thị", "Minh", "Hoàng", "Ngọc", "Thanh", "Kim", "Thị Bé")
_GIVEN: Final = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hoa",
    "Lan",
    "Mai",
    "Nga",
    "Phúc",
    "Sang",
    "Tâm",
    "Thảo",
    "Tuấn",
    "Út",
    "Vân",
    "Xuân",
    "Sa Rết",
    "Sô Phol",
    "Ty",
    "Chanh",
    "Sóc",
    "Mỹ",
    "Hồng",
    "Lợi",
)

#: (category, content, on-the-spot basis or None when it must be taken on record)
_COMPLAINTS: Final = (
    (
        ComplaintCategory.LAND,
        "Hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất",
        "Luật Đất đai 2013, Điều 99–100",
    ),
    (ComplaintCategory.INFRASTRUCTURE, "Đường đal liên ấp bị sạt lở sau mưa", None),
    (
        ComplaintCategory.SOCIAL_POLICY,
        "Đề nghị xem xét trợ cấp bảo trợ xã hội cho người cao tuổi",
        "Nghị định 20/2021/NĐ-CP, Điều 5",
    ),
    (ComplaintCategory.ENVIRONMENT, "Cống thoát nước bị nghẹt gây ngập", None),
    (
        ComplaintCategory.ADMINISTRATIVE,
        "Hỏi thủ tục chứng thực bản sao",
        "Nghị định 23/2015/NĐ-CP, Điều 5",
    ),
    (ComplaintCategory.INFRASTRUCTURE, "Đèn chiếu sáng đường ấp hư hỏng", None),
    (
        ComplaintCategory.SECURITY_ORDER,
        "Đề nghị tăng cường tuần tra ban đêm",
        "Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở 2023",
    ),
    (
        ComplaintCategory.SOCIAL_POLICY,
        "Hỏi chế độ bảo hiểm y tế cho hộ cận nghèo",
        "Nghị định 146/2018/NĐ-CP, Điều 4",
    ),
    (ComplaintCategory.LAND, "Tranh chấp ranh đất giữa hai hộ", None),
    (ComplaintCategory.OTHER, "Đề nghị hỗ trợ con giống, cây giống", None),
)

_CAUSES: Final = (
    frozenset({HardshipCause.ILLNESS}),
    frozenset({HardshipCause.OLD_AGE, HardshipCause.LACK_OF_LABOUR}),
    frozenset({HardshipCause.LACK_OF_LAND, HardshipCause.LACK_OF_CAPITAL}),
    frozenset({HardshipCause.DISABILITY}),
    frozenset({HardshipCause.MANY_DEPENDANTS, HardshipCause.LACK_OF_SKILLS}),
)

_DONORS: Final = (
    "Công ty TNHH MTV Xổ số kiến thiết Trà Vinh",
    "Ngân hàng Chính sách xã hội huyện Cầu Kè",
    "Hội Doanh nhân trẻ tỉnh Trà Vinh",
    "Chùa Âng (Ban quản trị)",
)


def _id(*key: object) -> UUID:
    return stable_id("demo", *key)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM_TZ)


def _spread(total: int, parts: int, rng: random.Random, low: int, high: int) -> list[int]:
    """`parts` whole numbers in [low, high] that add up to exactly `total`."""
    values = [rng.randint(low, high) for _ in range(parts)]
    i = 0
    while sum(values) != total:
        step = 1 if sum(values) < total else -1
        j = i % parts
        if low <= values[j] + step <= high:
            values[j] += step
        i += 1
    return values


def _person(rng: random.Random, key: object) -> Person:
    name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    phone = f"09{rng.randint(10_000_000, 99_999_999)}"
    return Person(person_id=_id("person", key), full_name=name, phone=phone, address=None)


def demo_commands() -> Iterator[Command]:  # noqa: PLR0915 - one district's half year, in order
    """Every command of the demo, in the order a clerk would send them."""
    rng = random.Random(20240101)  # noqa: S311 - reproducible demo data, not security
    yield RegisterUnit(
        code=PROVINCE,
        name="Tỉnh Trà Vinh",
        kind=UnitKind.PROVINCE,
        occurred_at=_at(date(2023, 12, 1), 8),
    )
    yield RegisterUnit(
        code=DISTRICT,
        name="Huyện Cầu Kè",
        kind=UnitKind.DISTRICT,
        parent=PROVINCE,
        occurred_at=_at(date(2023, 12, 1), 8),
    )
    supervisor = _id("official", DISTRICT, "supervisor")
    yield RegisterOfficial(
        official_id=supervisor,
        unit=DISTRICT,
        full_name="Trương Văn Mười",
        position="Ủy viên Ban Thường vụ Huyện ủy",
        roles=frozenset({OfficialRole.SUPERVISOR}),
        occurred_at=_at(date(2023, 12, 1), 8),
    )

    # 55 sessions: attendees, complaints, volunteer turns and metres spread over them
    sessions = [(u, m) for m in _MONTHS for u in range(len(DEMO_UNITS))]
    attendees = _spread(1_146, len(sessions), rng, 15, 28)
    complaints_per = _spread(252, len(sessions), rng, 3, 6)
    turns = _spread(2_035, len(sessions), rng, 25, 50)
    metres = _spread(46_300, len(sessions), rng, 500, 1_300)
    # gifts: 45 × 500.000 + 10 × 400.000 = 26.500.000 đ
    gift_values = [500_000] * 45 + [400_000] * 10
    rng.shuffle(gift_values)
    # other support: 88 × 500.000 + 145 × 400.000 = 102.000.000 đ, to 233 more households
    other_values = [500_000] * 88 + [400_000] * 145
    rng.shuffle(other_values)

    for code, name, kind, hamlets in DEMO_UNITS:
        setup = _at(date(2023, 12, 15), 8)
        yield RegisterUnit(code=code, name=name, kind=kind, parent=DISTRICT, occurred_at=setup)
        for h, hamlet in enumerate(hamlets):
            yield RegisterUnit(
                code=f"{code}-{h + 1:02d}",
                name=hamlet,
                kind=UnitKind.HAMLET,
                parent=code,
                occurred_at=setup,
            )
        for role, position, roles in (
            ("chair", "Chủ tịch UBND", {OfficialRole.LEADER}),
            ("deputy", "Phó Chủ tịch UBND", {OfficialRole.LEADER}),
            ("clerk", "Công chức Văn phòng - Thống kê", {OfficialRole.CLERK}),
            ("mttq", "Chủ tịch Ủy ban MTTQ", {OfficialRole.MTTQ}),
        ):
            person = _person(rng, (code, role))
            yield RegisterOfficial(
                official_id=_id("official", code, role),
                unit=code,
                full_name=person.full_name,
                position=f"{position} {name}",
                roles=frozenset(roles),
                occurred_at=setup,
            )
        yield OpenFund(unit=code, occurred_at=setup)
        february = Month(2024, 2)
        yield ScheduleSession(
            unit=code,
            month=february,
            date=first_monday(february),
            occurred_at=_at(date(2024, 1, 22), 8),
        )
        yield CancelSession(
            unit=code,
            month=february,
            reason="Tập trung chăm lo Tết Nguyên Đán Giáp Thìn cho hộ khó khăn",
            occurred_at=_at(date(2024, 1, 29), 8),
        )

    other_index = 0
    for s, (u, m) in enumerate(sessions):
        code, name, _kind, hamlets = DEMO_UNITS[u]
        month = Month(2024, m)
        chair, deputy, clerk = (_id("official", code, r) for r in ("chair", "deputy", "clerk"))
        planned = first_monday(month)
        if m == 1:
            # 1 January is a public holiday: the session moves to the next Monday, reason recorded
            day = planned + timedelta(days=7)
            reason: str | None = "Ngày 01/01 trùng nghỉ Tết Dương lịch"
        else:
            day, reason = planned, None
        hamlet_code = f"{code}-{_MONTHS.index(m) % len(hamlets) + 1:02d}"
        prep = _at(day - timedelta(days=10), 8)
        yield ScheduleSession(
            unit=code,
            month=month,
            date=day,
            reception_hamlet=hamlet_code,
            hosts=(chair, deputy),
            date_reason=reason,
            occurred_at=prep,
        )
        if s % 11 == 7:
            yield HearProposal(
                unit=code,
                month=month,
                proposer="Đoàn Thanh niên",
                content="Tổ chức ngày Chủ nhật xanh hằng tháng",
                occurred_at=_at(day, 7, 40),
            )
        # volunteer work announced a week ahead, done on the Saturday before the session
        work = _id("work", code, m)
        work_start = _at(day - timedelta(days=2), 6, 30)
        yield PlanVolunteerWork(
            work_id=work,
            unit=code,
            kind=VolunteerWorkKind.TREE_TRIMMING if s % 2 else VolunteerWorkKind.CLEANING,
            place=f"Tuyến đường {hamlets[_MONTHS.index(m) % len(hamlets)]}",
            starts_at=work_start,
            task="Phát quang, dọn vệ sinh, khơi thông cống rãnh",
            occurred_at=prep,
        )
        yield NotifyVolunteers(
            work_id=work,
            notified="Cán bộ, đoàn viên, hội viên và nhân dân trong ấp",
            channel="Loa truyền thanh, Zalo nhóm ấp",
            occurred_at=_at(day - timedelta(days=9), 17),
        )
        yield CompleteVolunteerWork(
            work_id=work,
            participants=turns[s],
            length_m=metres[s],
            occurred_at=_at(day - timedelta(days=2), 10, 30),
        )
        # the morning: flag ceremony with contributions, review, reception
        yield HoldFlagCeremony(
            unit=code, month=month, attendees=rng.randint(35, 60), occurred_at=_at(day, 7)
        )
        yield ReceiveContribution(
            unit=code,
            receipt_id=_id("ceremony", code, m),
            amount=Vnd(rng.randint(20, 40) * 100_000),
            source=ContributionSource.FLAG_CEREMONY,
            occurred_at=_at(day, 7, 15),
        )
        yield ReviewMonth(
            unit=code,
            month=month,
            summary="Đánh giá kết quả thực hiện nhiệm vụ tháng trước",
            next_focus="Giải quyết dứt điểm ý kiến tồn đọng; chăm lo hộ khó khăn",
            occurred_at=_at(day, 7, 30),
        )
        if s % 11 == 3:
            yield CommendOfficial(
                unit=code,
                month=month,
                official_id=clerk,
                reason="Tiếp dân tận tình, đúng hẹn",
                occurred_at=_at(day, 7, 45),
            )
        yield HoldReception(
            unit=code,
            month=month,
            hamlet=hamlet_code,
            attendees=attendees[s],
            occurred_at=_at(day, 8),
        )
        for c in range(complaints_per[s]):
            yield from _complaint(rng, code, month, day, s, c, chair)
        # the afternoon: one household visited with a gift from the fund
        yield from _visit(rng, code, month, day, u, s, gift_values[s], chair, deputy, clerk)
        # other support this month: lawful donations paid out to further selected households
        share = 233 // len(sessions) + (1 if s < 233 % len(sessions) else 0)
        donor = _DONORS[s % len(_DONORS)]
        total = sum(other_values[other_index : other_index + share])
        pledge = _id("pledge", code, m)
        yield PledgeContribution(
            unit=code,
            pledge_id=pledge,
            amount=Vnd(total),
            source=ContributionSource.LAWFUL_DONATION,
            donor=donor,
            occurred_at=_at(day, 9),
        )
        yield ReceiveContribution(
            unit=code,
            receipt_id=_id("donation", code, m),
            pledge_id=pledge,
            amount=Vnd(total),
            source=ContributionSource.LAWFUL_DONATION,
            donor=donor,
            occurred_at=_at(day + timedelta(days=1), 9),
        )
        for k in range(share):
            value = other_values[other_index]
            other_index += 1
            household = _id("household", code, m, "other", k)
            yield from _register(rng, household, code, hamlets, (m, k), _at(day, 15))
            yield SelectHousehold(
                household_id=household,
                month=month,
                selected_by=(chair,),
                occurred_at=_at(day, 15, 30),
            )
            yield MakeDisbursement(
                unit=code,
                disbursement_id=_id("support", household),
                purpose=DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(value),
                household_id=household,
                approvers=(deputy,),
                note="Hỗ trợ gạo, nhu yếu phẩm",
                occurred_at=_at(day + timedelta(days=2), 9),
            )
        yield CloseSession(
            unit=code,
            month=month,
            minutes=(
                f"Biên bản buổi Nghe dân nói – Làm dân tin tháng {format_month(month)} của {name}"
            ),
            shortfall_reason=(
                "Chỉ thăm 01 hộ/buổi: nhân lực buổi chiều dành cho hỗ trợ hộ khó khăn và làm nhà"
            ),
            occurred_at=_at(day, 17),
        )
        if m == 6 and u % 3 == 0:
            yield InspectSession(
                unit=code,
                month=month,
                inspector_id=supervisor,
                findings="Hồ sơ đầy đủ, ý kiến được giải quyết đúng hẹn",
                follow_ups=("Nhân rộng cách làm ở các ấp",),
                occurred_at=_at(day + timedelta(days=14), 9),
            )
    yield from _houses(rng)
    for code, _name, _kind, _hamlets in DEMO_UNITS:
        yield PublishDisclosure(
            unit=code,
            period_from=DEMO_FROM,
            period_to=DEMO_TO,
            occurred_at=_at(date(2024, 7, 1), 8),
        )


def _register(
    rng: random.Random,
    household: UUID,
    code: str,
    hamlets: tuple[str, ...],
    key: object,
    at: datetime,
    categories: frozenset[HouseholdCategory] | None = None,
) -> Iterator[Command]:
    """Put a household of `code` on the list."""
    if categories is None:
        categories = frozenset(
            {
                rng.choice(
                    (
                        HouseholdCategory.POOR,
                        HouseholdCategory.NEAR_POOR,
                        HouseholdCategory.LONELY_ELDERLY,
                        HouseholdCategory.POLICY_FAMILY,
                        HouseholdCategory.POOR_PATIENT,
                        HouseholdCategory.STUDIOUS_CHILD,
                    )
                )
            }
        )
    h = rng.randrange(len(hamlets))
    yield RegisterHousehold(
        household_id=household,
        unit=code,
        hamlet=f"{code}-{h + 1:02d}",
        head=Person(
            person_id=_id("head", household),
            full_name=_person(rng, key).full_name,
            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            address=f"Số {rng.randint(1, 300)}, {hamlets[h]}",
        ),
        categories=categories,
        circumstances="Hoàn cảnh khó khăn, thu nhập không ổn định",
        occurred_at=at,
    )


def _complaint(
    rng: random.Random, code: str, month: Month, day: date, s: int, c: int, chair: UUID
) -> Iterator[Command]:
    """One citizen's complaint at the reception, followed to its resolution."""
    category, content, basis = _COMPLAINTS[(s * 3 + c) % len(_COMPLAINTS)]
    complaint = _id("complaint", code, month, c)
    raised = _at(day, 8, 10 + 5 * c)
    yield RaiseComplaint(
        complaint_id=complaint,
        unit=code,
        month=month,
        hamlet=None,
        citizen=_person(rng, ("citizen", code, month, c)),
        category=category,
        content=content,
        occurred_at=raised,
    )
    if basis is not None:
        yield AnswerOnSpot(
            complaint_id=complaint,
            answer="Đã giải thích, hướng dẫn cụ thể tại buổi tiếp dân",
            answered_by=chair,
            basis=basis,
            occurred_at=raised + timedelta(minutes=10),
        )
        done = raised + timedelta(days=3)
    else:
        meet = _at(day + timedelta(days=7 + c % 7), 8)
        yield TakeOnRecord(
            complaint_id=complaint,
            reason=RecordReason.NEEDS_VERIFICATION if c % 2 else RecordReason.BEYOND_AUTHORITY,
            appointment=Appointment(at=meet, place="Trụ sở UBND xã"),
            responsible="Công chức Địa chính - Xây dựng",
            occurred_at=raised + timedelta(minutes=10),
        )
        if c % 4 == 0:
            yield NoteSupervision(
                complaint_id=complaint,
                by=SupervisorKind.MTTQ,
                note="MTTQ theo dõi việc trả lời đúng hẹn",
                occurred_at=raised + timedelta(days=1),
            )
        yield AnswerComplaint(
            complaint_id=complaint,
            answer="Đã kiểm tra thực tế và trả lời bằng văn bản",
            answered_by=chair,
            occurred_at=meet,
        )
        done = meet + timedelta(days=3)
    yield ResolveComplaint(
        complaint_id=complaint,
        resolution="Đã giải quyết xong, người dân thống nhất",
        resolved_by=chair,
        occurred_at=done,
    )
    yield RecordCitizenFeedback(
        complaint_id=complaint, satisfied=True, occurred_at=done + timedelta(hours=2)
    )


def _visit(
    rng: random.Random,
    code: str,
    month: Month,
    day: date,
    u: int,
    s: int,
    gift: int,
    chair: UUID,
    deputy: UUID,
    clerk: UUID,
) -> Iterator[Command]:
    """The afternoon visit: assess, select (recusing a related leader), visit with a gift."""
    hamlets = DEMO_UNITS[u][3]
    household = _id("household", code, month, "gift")
    yield from _register(rng, household, code, hamlets, ("gift", month), _at(day, 10))
    approver = deputy
    if s % 7 == 0:
        # the deputy is related to this household: declared, so the chair approves instead
        yield DeclareRelative(
            official_id=deputy,
            relation="cô ruột",
            household_id=household,
            occurred_at=_at(day, 10, 5),
        )
        approver = chair
    yield AssessHousehold(
        household_id=household,
        criteria=("thu nhập bình quân thấp", "có người bệnh nặng", "nhà tạm"),
        score=60 + (s % 30),
        assessed_by=clerk,
        occurred_at=_at(day, 10, 10),
    )
    yield SelectHousehold(
        household_id=household, month=month, selected_by=(chair,), occurred_at=_at(day, 11)
    )
    visit = _id("visit", code, month)
    yield PlanVisit(
        visit_id=visit,
        unit=code,
        month=month,
        household_id=household,
        team=(chair, clerk),
        occurred_at=_at(day, 11, 5),
    )
    yield ConductVisit(
        visit_id=visit,
        gift_value=Vnd(gift),
        gift_description="Quà gồm tiền mặt và nhu yếu phẩm",
        causes=_CAUSES[s % len(_CAUSES)],
        findings="Chủ hộ lớn tuổi, thu nhập bấp bênh",
        support_direction="Đề nghị hỗ trợ vốn vay, giới thiệu việc làm",
        approvers=(approver,),
        occurred_at=_at(day, 14),
    )


def _houses(rng: random.Random) -> Iterator[Command]:
    """Three charity houses, three repairs, two toilets, paid by donors and the budget."""
    plan = (
        (
            SupportKind.HOUSE_BUILT,
            44_000_000,
            FundingSource.DONOR,
            VolunteerWorkKind.HOUSE_BUILDING,
            3,
        ),
        (
            SupportKind.HOUSE_REPAIRED,
            18_100_000,
            FundingSource.DONOR,
            VolunteerWorkKind.HOUSE_REPAIR,
            3,
        ),
        (SupportKind.TOILET, 1_450_000, FundingSource.BUDGET, VolunteerWorkKind.TOILET, 2),
    )
    n = 0
    for kind, value, funded_by, work_kind, count in plan:
        for _ in range(count):
            code, _name, _kind, hamlets = DEMO_UNITS[(2 + 3 * n) % len(DEMO_UNITS)]
            household = _id("household", code, "house", n)
            start = date(2024, 4, 8) + timedelta(days=9 * n)
            yield from _register(
                rng,
                household,
                code,
                hamlets,
                ("house", n),
                _at(start - timedelta(days=20), 9),
                frozenset({HouseholdCategory.POOR, HouseholdCategory.HOUSING_DIFFICULTY}),
            )
            work = _id("house-work", n)
            yield PlanVolunteerWork(
                work_id=work,
                unit=code,
                kind=work_kind,
                place="Nhà hộ được hỗ trợ",
                starts_at=_at(start, 6, 30),
                task="Ngày công làm nhà, vận chuyển vật liệu",
                household_id=household,
                occurred_at=_at(start - timedelta(days=10), 8),
            )
            yield NotifyVolunteers(
                work_id=work,
                notified="Đoàn viên, hội viên, dân quân",
                occurred_at=_at(start - timedelta(days=3), 17),
            )
            yield CompleteVolunteerWork(
                work_id=work,
                participants=rng.randint(15, 25),
                value=Vnd(0),
                occurred_at=_at(start + timedelta(days=12), 16),
            )
            yield DeliverSupport(
                household_id=household,
                kind=kind,
                value=Vnd(value),
                funded_by=funded_by,
                description={
                    "house_built": "Nhà tình thương",
                    "house_repaired": "Sửa chữa nhà ở",
                    "toilet": "Nhà vệ sinh hợp vệ sinh",
                }[kind.value],
                occurred_at=_at(start + timedelta(days=12), 17),
            )
            n += 1


if TYPE_CHECKING:
    from nghedan_core.application import NgheDan

#: the administrator who starts the demo's store
DEMO_ADMINISTRATOR: Final = "Quản trị viên dữ liệu mẫu"


def demo_official(unit: str, role: str) -> UUID:
    """The id of a demo commune's ``chair``, ``deputy``, ``clerk`` or ``mttq`` official."""
    return _id("official", unit, role)


def demo_actor(app: NgheDan, command: Command) -> UUID:
    """The official (else the administrator) of the demo's record who carries out `command`."""
    found = app.actors_for(command)
    if not found:  # pragma: no cover - the demo names an official for every act
        msg = f"nobody of the demo may carry out {type(command).__name__}"
        raise LookupError(msg)
    return found[0]


def record_demo(
    app: NgheDan,
    progress: Callable[[Iterable[Command]], Iterable[Command]] = iter,
) -> UUID:
    """Record the demo into `app`'s empty store; return its administrator's id.

    `progress` wraps the commands (a progress bar). Each command is carried out by the
    official `demo_actor` names. The demo is a half year of history kept elsewhere,
    recorded in one go: like `nghedan import` (`NgheDan.handle_many(..., imported=True)`,
    ADR 0019) its events keep their business time in 2024, carry the time they are
    recorded and are marked imported, so the late-entry window does not apply; every other
    rule does.
    """
    administrator = app.start_record(DEMO_ADMINISTRATOR)
    for command in progress(list(demo_commands())):
        result = app.handle_many(
            [command], actor=demo_actor(app, command), group=False, imported=True
        )
        if result.error is not None:  # pragma: no cover - the demo is a valid history
            raise result.error
    return administrator
