"""The one builder of the core's commands from what a step wrote, for *Cho* and *Khi* alike.

A *Cho* step states a fact (``hộ "Thạch Thị Hoa" đã được ... bình xét chọn``) and a *Khi*
step performs it (``... bình xét chọn hộ "Thạch Thị Hoa"``): both name the same command with
the same words, so both build it here and differ only in what they do with it — a *Cho*
step records it (it must be accepted), a *Khi* step keeps its events or its refusal for the
*Thì* steps. Each builder turns the names the scenario gave into ids and codes, and parses
money, dates, moments and months with the core's one reader of notation.
"""

from __future__ import annotations

from datetime import datetime

from nghedan_bdd.parsing import parse_date, parse_datetime, parse_money, parse_month
from nghedan_bdd.vocabulary import enum_value, enum_values, names, source_of
from nghedan_bdd.world import World
from nghedan_core import (
    AnswerComplaint,
    AnswerOnSpot,
    Appointment,
    CloseSession,
    ComplaintCategory,
    ConductVisit,
    ContributionSource,
    DeclareRelative,
    DeliverSupport,
    FundingSource,
    HardshipCause,
    HouseholdCategory,
    Month,
    NotifyVolunteers,
    Person,
    PlanVisit,
    PlanVolunteerWork,
    PledgeContribution,
    RaiseComplaint,
    ReceiveContribution,
    RecordReason,
    ReferComplaint,
    RegisterHousehold,
    ResolveComplaint,
    ScheduleSession,
    SelectHousehold,
    SessionLevel,
    SupportKind,
    TakeOnRecord,
    Vnd,
    VolunteerWorkKind,
    WithdrawComplaint,
)
from nghedan_core.policies.scheduling import first_monday

__all__ = [
    "NOTIFIED",
    "answer",
    "appointment",
    "close_session",
    "conduct_visit",
    "declare_relative",
    "deliver_support",
    "funded_by",
    "notify_volunteers",
    "plan_visit",
    "plan_work",
    "pledge",
    "raise_complaint",
    "receive",
    "refer",
    "register_household",
    "resolve",
    "schedule_session",
    "select_household",
    "session",
    "take_on_record",
    "withdraw",
]

#: who a volunteer notice goes to, when a step does not say
NOTIFIED = "Đoàn viên, hội viên và người dân"


def funded_by(funder: str | None) -> FundingSource:
    """``ngân sách`` is the budget; ``nhà tài trợ`` (or nothing said) a donor."""
    return FundingSource.BUDGET if funder == "ngân sách" else FundingSource.DONOR


def session(
    world: World, sup: str | None, month: str, unit: str
) -> tuple[str, Month, SessionLevel]:
    """The unit code, month and level of a session phrase."""
    return world.unit(unit), parse_month(month), world.session_level(sup)


# --- officials and households -------------------------------------------------------------


def declare_relative(world: World, official: str, relation: str, household: str) -> DeclareRelative:
    """An official declares being `relation` of a household."""
    return DeclareRelative(
        official_id=world.official(official),
        relation=relation,
        household_id=world.household(household),
    )


def register_household(
    world: World, head: str, unit: str, hamlet: str | None, categories: str
) -> RegisterHousehold:
    """A household (called by its head's name) on the commune's list."""
    code = world.unit(unit)
    return RegisterHousehold(
        household_id=world.household(head),
        unit=code,
        hamlet=world.hamlet(code, hamlet) if hamlet else None,
        head=Person(person_id=world.id("person", head), full_name=head),
        categories=enum_values(HouseholdCategory, categories, "diện hộ"),
    )


def select_household(
    world: World, household: str, officials: str, month: str, why: str | None
) -> SelectHousehold:
    """The officials (a list of quoted names) select a household for the month."""
    return SelectHousehold(
        household_id=world.household(household),
        month=parse_month(month),
        selected_by=tuple(world.official(n) for n in names(officials)),
        justification=why,
    )


def deliver_support(
    world: World,
    household: str,
    kind: str,
    amount: str,
    funder: str | None,
    *,
    occurred_at: datetime | None = None,
) -> DeliverSupport:
    """Support paid by a donor or the budget (not the fund)."""
    return DeliverSupport(
        household_id=world.household(household),
        kind=enum_value(SupportKind, kind, "loại hỗ trợ"),
        value=parse_money(amount),
        funded_by=funded_by(funder),
        occurred_at=occurred_at,
    )


# --- sessions -----------------------------------------------------------------------------


def schedule_session(
    world: World,
    unit: str,
    sup: str | None,
    month: str,
    day: str | None,
    hamlet: str | None,
    date_reason: str | None,
    hamlet_reason: str | None,
) -> ScheduleSession:
    """The month's session, on its first Monday unless a day is written."""
    code = world.unit(unit)
    m = parse_month(month)
    return ScheduleSession(
        unit=code,
        month=m,
        date=parse_date(day) if day else first_monday(m),
        level=world.session_level(sup),
        reception_hamlet=world.hamlet(code, hamlet) if hamlet else None,
        date_reason=date_reason,
        hamlet_reason=hamlet_reason,
    )


def close_session(
    world: World, sup: str | None, month: str, unit: str, why: str | None
) -> CloseSession:
    """The session ends, with its minutes (and the reason the quota was not met)."""
    code, m, level = session(world, sup, month, unit)
    return CloseSession(
        unit=code, month=m, level=level, minutes="Biên bản buổi làm việc", shortfall_reason=why
    )


# --- complaints ---------------------------------------------------------------------------


def raise_complaint(
    world: World,
    citizen: str,
    label: str,
    category: str | None,
    sup: str | None,
    month: str,
    unit: str,
) -> RaiseComplaint:
    """A citizen's complaint at a session, called by its label from then on."""
    code, m, level = session(world, sup, month, unit)
    world.complaint_units[label] = code
    return RaiseComplaint(
        complaint_id=world.complaint(label),
        unit=code,
        month=m,
        level=level,
        citizen=Person(person_id=world.id("person", citizen), full_name=citizen),
        category=enum_value(ComplaintCategory, category, "lĩnh vực")
        if category
        else ComplaintCategory.OTHER,
        content=label,
    )


def appointment(at: str | datetime, place: str) -> Appointment:
    """An appointment to answer: a moment (as written, or as a time) and a place."""
    return Appointment(at=parse_datetime(at) if isinstance(at, str) else at, place=place)


def take_on_record(
    world: World, label: str, reason: RecordReason | str, at: Appointment, responsible: str
) -> TakeOnRecord:
    """The complaint taken on record, with an appointment to answer it."""
    return TakeOnRecord(
        complaint_id=world.complaint(label),
        reason=reason
        if isinstance(reason, RecordReason)
        else enum_value(RecordReason, reason, "lý do tiếp thu"),
        appointment=at,
        responsible=responsible,
    )


def refer(world: World, label: str, agency: str, at: Appointment) -> ReferComplaint:
    """The complaint referred to the competent agency, with an appointment."""
    return ReferComplaint(complaint_id=world.complaint(label), to_agency=agency, appointment=at)


def answer(
    world: World,
    label: str,
    official: str,
    text: str,
    basis: str | None = None,
    *,
    on_spot: bool = False,
) -> AnswerComplaint | AnswerOnSpot:
    """A complaint answered: at the session (`on_spot`), or once taken on record or referred."""
    cls = AnswerOnSpot if on_spot else AnswerComplaint
    return cls(
        complaint_id=world.complaint(label),
        answer=text,
        answered_by=world.official(official),
        basis=basis,
    )


def resolve(world: World, label: str, official: str) -> ResolveComplaint:
    """The matter of the complaint is settled."""
    return ResolveComplaint(
        complaint_id=world.complaint(label),
        resolution="Đã giải quyết",
        resolved_by=world.official(official),
    )


def withdraw(world: World, label: str, why: str) -> WithdrawComplaint:
    """The citizen withdraws the complaint."""
    return WithdrawComplaint(complaint_id=world.complaint(label), reason=why)


# --- the fund -----------------------------------------------------------------------------


def pledge(world: World, who: str, amount: str, unit: str, source: str) -> PledgeContribution:
    """A pledge to the fund (remembered as `who`'s latest)."""
    kind, donor = source_of(source)
    pledge_id = world.id("pledge", who)
    world.pledges[who] = pledge_id
    return PledgeContribution(
        unit=world.unit(unit),
        pledge_id=pledge_id,
        amount=parse_money(amount),
        source=kind,
        contributor=None if kind is ContributionSource.LAWFUL_DONATION else who,
        donor=donor,
    )


def receive(
    world: World, unit: str, amount: Vnd, source: ContributionSource, donor: str | None = None
) -> ReceiveContribution:
    """Cash received into the fund, under a receipt of its own."""
    return ReceiveContribution(
        unit=world.unit(unit),
        receipt_id=world.id("receipt", f"{unit} {world.serial()}"),
        amount=amount,
        source=source,
        donor=donor,
    )


# --- visits -------------------------------------------------------------------------------


def plan_visit(
    world: World, team: list[str], household: str, code: str, month: Month, level: SessionLevel
) -> PlanVisit:
    """A visit planned to a household (remembered as the household's latest)."""
    visit = world.id("visit", f"{household} {month} {len(world.visits)}")
    world.visits[household] = visit
    return PlanVisit(
        visit_id=visit,
        unit=code,
        month=month,
        level=level,
        household_id=world.household(household),
        team=tuple(world.official(n) for n in team),
    )


def conduct_visit(
    world: World,
    household: str,
    gift: Vnd,
    *,
    funded: FundingSource = FundingSource.FUND,
    causes: str | None = None,
    approvers: list[str] | None = None,
) -> ConductVisit:
    """The latest visit planned to the household is made, with its gift (if any)."""
    return ConductVisit(
        visit_id=world.visit(household),
        gift_value=gift,
        gift_description="Quà tặng" if gift else None,
        gift_funded_by=funded,
        causes=enum_values(HardshipCause, causes, "nguyên nhân") if causes else frozenset(),
        approvers=tuple(world.official(n) for n in approvers or ()),
    )


# --- volunteer work -----------------------------------------------------------------------


def plan_work(
    world: World, name: str, kind: str, unit: str, place: str, at: str
) -> PlanVolunteerWork:
    """Volunteer work planned; its task is its name."""
    return PlanVolunteerWork(
        work_id=world.work(name),
        unit=world.unit(unit),
        kind=enum_value(VolunteerWorkKind, kind, "loại hoạt động"),
        place=place,
        starts_at=parse_datetime(at),
        task=name,
    )


def notify_volunteers(world: World, name: str, at: str | None) -> NotifyVolunteers:
    """The volunteers told the time, place and task — at `at`, or at the scenario's now."""
    return NotifyVolunteers(
        work_id=world.work(name),
        notified=NOTIFIED,
        notified_at=parse_datetime(at) if at else None,
    )
