"""Given/when/then tests of the visit decider: planning, conducting, cancelling."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import pytest

from nghedan_core.aggregates._base import Command, Event, OfficialInfo
from nghedan_core.aggregates.complaint import SessionInfo
from nghedan_core.aggregates.session import SessionStatus, session_id
from nghedan_core.aggregates.visit import (
    CancelVisit,
    ConductVisit,
    PlanVisit,
    State,
    VisitCancelled,
    VisitConducted,
    VisitFacts,
    VisitPlanned,
    decide,
    evolve,
    gift_disbursement_id,
)
from nghedan_core.errors import DomainError
from nghedan_core.values import (
    VIETNAM_TZ,
    FundingSource,
    HardshipCause,
    Month,
    OfficialRole,
    SessionLevel,
    Vnd,
)

UNIT = "29500"
AT = datetime(2024, 3, 4, 14, tzinfo=VIETNAM_TZ)
MARCH = Month(2024, 3)
VISIT = UUID("00000000-0000-4000-8000-000000000001")
HOUSEHOLD = UUID("00000000-0000-4000-8000-000000000002")
LEADER = UUID("00000000-0000-4000-8000-000000000011")
MEMBER = UUID("00000000-0000-4000-8000-000000000012")
SESSION = session_id(UNIT, MARCH, SessionLevel.COMMUNE)


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def refusal(command: Command, state: State | None, facts: VisitFacts) -> DomainError:
    """Decide `command` and return the refusal it must raise."""
    with pytest.raises(DomainError) as caught:
        decide(command, state, facts)
    return caught.value


def official(official_id: UUID, *, active: bool = True) -> OfficialInfo:
    """A clerk of UNIT (any official of the unit may visit)."""
    return OfficialInfo(
        official_id=official_id, unit=UNIT, roles=frozenset({OfficialRole.CLERK}), active=active
    )


def plan_facts(
    *,
    status: SessionStatus | None = SessionStatus.SCHEDULED,
    household_exists: bool = True,
    household_deregistered: bool = False,
    member_active: bool = True,
) -> VisitFacts:
    """Facts under which planning is allowed, unless changed."""
    return VisitFacts(
        session=None if status is None else SessionInfo(unit=UNIT, status=status),
        household_exists=household_exists,
        household_deregistered=household_deregistered,
        team={LEADER: official(LEADER), MEMBER: official(MEMBER, active=member_active)},
    )


def plan(team: tuple[UUID, ...] = (LEADER, MEMBER)) -> PlanVisit:
    """Command: plan a visit to HOUSEHOLD at the March commune session."""
    return PlanVisit(
        occurred_at=AT, visit_id=VISIT, unit=UNIT, month=MARCH, household_id=HOUSEHOLD, team=team
    )


PLANNED = VisitPlanned(
    occurred_at=AT,
    visit_id=VISIT,
    session_id=SESSION,
    unit=UNIT,
    household_id=HOUSEHOLD,
    team=(LEADER, MEMBER),
)
CANCELLED = VisitCancelled(occurred_at=AT, reason="mưa bão")
NO_FACTS = VisitFacts()


def conduct(
    gift_value: int = 500_000, funded_by: FundingSource = FundingSource.FUND
) -> ConductVisit:
    """Command: record the visit with a gift."""
    return ConductVisit(
        occurred_at=AT,
        visit_id=VISIT,
        gift_value=Vnd(gift_value),
        gift_description="gạo, mì",
        gift_funded_by=funded_by,
        causes=frozenset({HardshipCause.ILLNESS, HardshipCause.OLD_AGE}),
        findings="nhà dột",
        support_direction="sửa nhà",
        approvers=(LEADER,),
    )


def conducted(
    gift_value: int = 500_000,
    funded_by: FundingSource = FundingSource.FUND,
    disbursement_id: UUID | None = None,
) -> VisitConducted:
    """The visit took place with a gift."""
    return VisitConducted(
        occurred_at=AT,
        gift_value=Vnd(gift_value),
        gift_description="gạo, mì",
        gift_funded_by=funded_by,
        causes=frozenset({HardshipCause.ILLNESS, HardshipCause.OLD_AGE}),
        findings="nhà dột",
        support_direction="sửa nhà",
        disbursement_id=disbursement_id,
    )


# --- planning -----------------------------------------------------------------------------


def test_planning_a_visit_records_session_household_and_team() -> None:
    """The visit belongs to the session of its unit, month and level."""
    assert decide(plan(), None, plan_facts()) == (PLANNED,)


def test_planning_records_each_team_member_once() -> None:
    """A member named twice is on the team once."""
    events = decide(plan((LEADER, MEMBER, LEADER)), None, plan_facts())
    assert events == (PLANNED,)


def test_planning_a_visit_for_a_supervisory_session_names_that_session() -> None:
    """The level chooses the session."""
    command = PlanVisit(
        occurred_at=AT,
        visit_id=VISIT,
        unit=UNIT,
        month=MARCH,
        level=SessionLevel.SUPERVISORY,
        household_id=HOUSEHOLD,
        team=(LEADER,),
    )
    (event,) = decide(command, None, plan_facts())
    assert isinstance(event, VisitPlanned)
    assert event.session_id == session_id(UNIT, MARCH, SessionLevel.SUPERVISORY)
    assert event.session_id != SESSION


def test_planning_a_visit_without_a_session_is_refused() -> None:
    """The session must be scheduled."""
    assert refusal(plan(), None, plan_facts(status=None)).code == "not_found"


def test_planning_a_visit_for_a_cancelled_session_is_refused() -> None:
    """A cancelled session has no visits."""
    error = refusal(plan(), None, plan_facts(status=SessionStatus.CANCELLED))
    assert error.code == "state.invalid"


def test_planning_a_visit_to_an_unknown_household_is_refused() -> None:
    """The household must be on record."""
    assert refusal(plan(), None, plan_facts(household_exists=False)).code == "not_found"


def test_planning_a_visit_to_a_deregistered_household_is_refused() -> None:
    """A household off the list is not visited."""
    error = refusal(plan(), None, plan_facts(household_deregistered=True))
    assert error.code == "selection.deregistered"


def test_planning_with_a_team_member_who_left_is_refused() -> None:
    """Every team member must still be in office."""
    assert refusal(plan(), None, plan_facts(member_active=False)).code == "official.inactive"


def test_planning_with_an_unknown_team_member_is_refused() -> None:
    """Every team member must be a recorded official."""
    stranger = UUID("00000000-0000-4000-8000-000000000099")
    assert refusal(plan((LEADER, stranger)), None, plan_facts()).code == "not_found"


def test_planning_without_a_team_is_refused() -> None:
    """A visit has at least one team member."""
    with pytest.raises(ValueError, match="team"):
        plan(())


def test_planning_the_same_visit_twice_is_refused() -> None:
    """A visit id is planned once."""
    assert refusal(plan(), given(PLANNED), plan_facts()).code == "already_exists"


# --- conducting ---------------------------------------------------------------------------


def test_gift_funded_by_the_fund_names_its_disbursement() -> None:
    """A fund-paid gift carries the visit's gift disbursement id."""
    events = decide(conduct(), given(PLANNED), NO_FACTS)
    assert events == (conducted(disbursement_id=gift_disbursement_id(VISIT)),)


@pytest.mark.parametrize("source", [FundingSource.DONOR, FundingSource.BUDGET])
def test_gift_funded_outside_the_fund_has_no_disbursement(source: FundingSource) -> None:
    """A gift paid by a donor or the budget moves no fund money."""
    events = decide(conduct(funded_by=source), given(PLANNED), NO_FACTS)
    assert events == (conducted(funded_by=source),)


def test_visit_without_a_gift_has_no_disbursement() -> None:
    """A visit with no gift value pays nothing from the fund."""
    events = decide(conduct(gift_value=0), given(PLANNED), NO_FACTS)
    assert events == (conducted(gift_value=0),)


def test_gift_disbursement_id_is_stable_and_distinct_per_visit() -> None:
    """The same visit always names the same disbursement; different visits differ."""
    other = UUID("00000000-0000-4000-8000-000000000003")
    assert gift_disbursement_id(VISIT) == gift_disbursement_id(VISIT)
    assert gift_disbursement_id(VISIT) != gift_disbursement_id(other)
    assert gift_disbursement_id(VISIT) != VISIT


def test_conducting_a_visit_twice_is_refused() -> None:
    """A visit takes place once (and pays its gift once)."""
    state = given(PLANNED, conducted(disbursement_id=gift_disbursement_id(VISIT)))
    assert refusal(conduct(), state, NO_FACTS).code == "state.invalid"


def test_conducting_a_cancelled_visit_is_refused() -> None:
    """A cancelled visit cannot be recorded as done."""
    assert refusal(conduct(), given(PLANNED, CANCELLED), NO_FACTS).code == "state.invalid"


def test_conducting_an_unplanned_visit_is_refused() -> None:
    """Only a planned visit can be conducted."""
    assert refusal(conduct(), None, NO_FACTS).code == "not_found"


# --- cancelling ---------------------------------------------------------------------------


def test_cancelling_a_planned_visit_is_recorded() -> None:
    """A planned visit may be called off with a reason."""
    command = CancelVisit(occurred_at=AT, visit_id=VISIT, reason="mưa bão")
    assert decide(command, given(PLANNED), NO_FACTS) == (CANCELLED,)


def test_cancelling_a_conducted_visit_is_refused() -> None:
    """A visit that took place stays on record."""
    command = CancelVisit(occurred_at=AT, visit_id=VISIT, reason="nhầm")
    assert refusal(command, given(PLANNED, conducted()), NO_FACTS).code == "state.invalid"


def test_cancelling_a_visit_twice_is_refused() -> None:
    """A visit is cancelled once."""
    command = CancelVisit(occurred_at=AT, visit_id=VISIT, reason="nhầm")
    assert refusal(command, given(PLANNED, CANCELLED), NO_FACTS).code == "state.invalid"


def test_cancelling_an_unplanned_visit_is_refused() -> None:
    """Only a planned visit can be cancelled."""
    command = CancelVisit(occurred_at=AT, visit_id=VISIT, reason="nhầm")
    assert refusal(command, None, NO_FACTS).code == "not_found"
