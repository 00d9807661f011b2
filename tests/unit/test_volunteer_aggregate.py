"""Given/when/then tests of the volunteer-work decider: notice a day ahead, then completion."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest

from nghedan_core.aggregates._base import Command, Event, UnitInfo
from nghedan_core.aggregates.volunteer import (
    CancelVolunteerWork,
    CompleteVolunteerWork,
    NotifyVolunteers,
    PlanVolunteerWork,
    State,
    VolunteerFacts,
    VolunteersNotified,
    VolunteerWorkCancelled,
    VolunteerWorkCompleted,
    VolunteerWorkPlanned,
    decide,
    evolve,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import DomainError
from nghedan_core.values import VIETNAM_TZ, UnitKind, Vnd, VolunteerWorkKind

UNIT = "29500"
WORK = UUID("00000000-0000-4000-8000-000000000001")
PLANNED_AT = datetime(2024, 3, 1, 8, tzinfo=VIETNAM_TZ)
STARTS_AT = datetime(2024, 3, 10, 7, tzinfo=VIETNAM_TZ)
DONE_AT = datetime(2024, 3, 10, 17, tzinfo=VIETNAM_TZ)
COMMUNE = UnitInfo(code=UNIT, name="Xã Tân Phước", kind=UnitKind.COMMUNE.value)
FACTS = VolunteerFacts(unit=COMMUNE)


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def refusal(command: Command, state: State | None, facts: VolunteerFacts) -> DomainError:
    """Decide `command` and return the refusal it must raise."""
    with pytest.raises(DomainError) as caught:
        decide(command, state, facts)
    return caught.value


PLANNED = VolunteerWorkPlanned(
    occurred_at=PLANNED_AT,
    work_id=WORK,
    unit=UNIT,
    kind=VolunteerWorkKind.ROAD_BUILDING,
    place="Ấp 1",
    starts_at=STARTS_AT,
    task="đổ bê tông đường ấp",
)
NOTIFIED = VolunteersNotified(
    occurred_at=STARTS_AT - timedelta(days=2),
    notified_at=STARTS_AT - timedelta(days=2),
    notified="đoàn viên ấp 1",
)
CANCELLED = VolunteerWorkCancelled(occurred_at=PLANNED_AT, reason="mưa lớn")


def plan() -> PlanVolunteerWork:
    """Command: plan road building in Ấp 1."""
    return PlanVolunteerWork(
        occurred_at=PLANNED_AT,
        work_id=WORK,
        unit=UNIT,
        kind=VolunteerWorkKind.ROAD_BUILDING,
        place="Ấp 1",
        starts_at=STARTS_AT,
        task="đổ bê tông đường ấp",
    )


def notify(notified_at: datetime) -> NotifyVolunteers:
    """Command: volunteers were told at `notified_at` (recorded at that moment)."""
    return NotifyVolunteers(
        occurred_at=notified_at, work_id=WORK, notified="đoàn viên ấp 1", channel="loa"
    )


def complete() -> CompleteVolunteerWork:
    """Command: the work was done by 45 person-turns over 1.2 km."""
    return CompleteVolunteerWork(
        occurred_at=DONE_AT, work_id=WORK, participants=45, length_m=1_200, value=Vnd(30_000_000)
    )


# --- planning -----------------------------------------------------------------------------


def test_planning_volunteer_work_records_kind_place_start_and_task() -> None:
    """Work is planned in a usable unit."""
    assert decide(plan(), None, FACTS) == (PLANNED,)


def test_planning_volunteer_work_in_an_unknown_unit_is_refused() -> None:
    """The unit must exist."""
    assert refusal(plan(), None, VolunteerFacts()).code == "not_found"


def test_planning_volunteer_work_in_a_merged_unit_is_refused() -> None:
    """A unit merged away records nothing new."""
    merged = VolunteerFacts(
        unit=UnitInfo(code=UNIT, name="Xã cũ", kind="commune", merged_into="29501")
    )
    assert refusal(plan(), None, merged).code == "unit.merged"


def test_planning_the_same_work_twice_is_refused() -> None:
    """A work id is planned once."""
    assert refusal(plan(), given(PLANNED), FACTS).code == "already_exists"


def test_planning_needs_a_timezone_aware_start() -> None:
    """A naive start time is refused."""
    with pytest.raises(ValueError, match="timezone-aware"):
        PlanVolunteerWork(
            occurred_at=PLANNED_AT,
            work_id=WORK,
            unit=UNIT,
            kind=VolunteerWorkKind.CLEANING,
            place="Ấp 1",
            starts_at=datetime(2024, 3, 10, 7),  # noqa: DTZ001 - the point of the test
            task="dọn rác",
        )


# --- notice -------------------------------------------------------------------------------


def test_notice_exactly_24_hours_before_the_start_is_accepted() -> None:
    """A day ahead is enough."""
    at = STARTS_AT - timedelta(hours=24)
    events = decide(notify(at), given(PLANNED), FACTS)
    assert events == (
        VolunteersNotified(
            occurred_at=at, notified_at=at, notified="đoàn viên ấp 1", channel="loa"
        ),
    )


def test_notice_23_hours_59_minutes_before_the_start_is_refused() -> None:
    """One minute short of a day is too late."""
    at = STARTS_AT - timedelta(hours=23, minutes=59)
    assert refusal(notify(at), given(PLANNED), FACTS).code == "notice.too_late"


def test_notice_after_the_start_is_refused() -> None:
    """Telling volunteers once the work began is no notice."""
    at = STARTS_AT + timedelta(hours=1)
    assert refusal(notify(at), given(PLANNED), FACTS).code == "notice.too_late"


def test_notice_time_may_be_given_apart_from_the_recording_time() -> None:
    """A notice given two days ahead may be recorded later; its own time counts."""
    command = NotifyVolunteers(
        occurred_at=STARTS_AT - timedelta(hours=1),
        work_id=WORK,
        notified="đoàn viên ấp 1",
        notified_at=STARTS_AT - timedelta(days=2),
    )
    (event,) = decide(command, given(PLANNED), FACTS)
    assert isinstance(event, VolunteersNotified)
    assert event.notified_at == STARTS_AT - timedelta(days=2)


def test_a_given_notice_time_too_close_to_the_start_is_refused() -> None:
    """An explicit notice time is checked like a recorded one."""
    command = NotifyVolunteers(
        occurred_at=STARTS_AT - timedelta(days=3),
        work_id=WORK,
        notified="đoàn viên ấp 1",
        notified_at=STARTS_AT - timedelta(hours=12),
    )
    assert refusal(command, given(PLANNED), FACTS).code == "notice.too_late"


def test_notice_period_follows_the_policy_config() -> None:
    """A province may ask for 48 hours."""
    facts = VolunteerFacts(unit=COMMUNE, config=PolicyConfig(volunteer_notice_hours=48))
    early, late = STARTS_AT - timedelta(hours=48), STARTS_AT - timedelta(hours=47)
    assert refusal(notify(late), given(PLANNED), facts).code == "notice.too_late"
    assert len(decide(notify(early), given(PLANNED), facts)) == 1


def test_notifying_for_unplanned_work_is_refused() -> None:
    """Only planned work has volunteers to notify."""
    assert refusal(notify(PLANNED_AT), None, FACTS).code == "not_found"


# --- completion ---------------------------------------------------------------------------


def test_completion_without_a_notice_is_refused() -> None:
    """Work cannot be recorded as done if volunteers were never validly told."""
    assert refusal(complete(), given(PLANNED), FACTS).code == "notice.missing"


def test_completion_after_a_valid_notice_records_participants_length_and_value() -> None:
    """Person-turns, metres and value are recorded."""
    assert decide(complete(), given(PLANNED, NOTIFIED), FACTS) == (
        VolunteerWorkCompleted(
            occurred_at=DONE_AT, participants=45, length_m=1_200, value=Vnd(30_000_000)
        ),
    )


def test_a_refused_late_notice_does_not_allow_completion() -> None:
    """Only a notice that was accepted counts toward completion."""
    late = STARTS_AT - timedelta(hours=2)
    state = given(PLANNED)
    with pytest.raises(DomainError):
        decide(notify(late), state, FACTS)
    assert refusal(complete(), state, FACTS).code == "notice.missing"


def test_cancelled_work_cannot_be_completed() -> None:
    """Work called off stays called off."""
    assert refusal(complete(), given(PLANNED, NOTIFIED, CANCELLED), FACTS).code == "state.invalid"


def test_completed_work_cannot_be_completed_again() -> None:
    """Work is completed once."""
    done = VolunteerWorkCompleted(occurred_at=DONE_AT, participants=45)
    assert refusal(complete(), given(PLANNED, NOTIFIED, done), FACTS).code == "state.invalid"


def test_negative_participants_are_refused() -> None:
    """Person-turns are never negative."""
    with pytest.raises(ValueError, match="participants"):
        CompleteVolunteerWork(occurred_at=DONE_AT, work_id=WORK, participants=-1)


# --- cancelling ---------------------------------------------------------------------------


def test_cancelling_planned_work_is_recorded() -> None:
    """Planned work may be called off with a reason."""
    command = CancelVolunteerWork(occurred_at=PLANNED_AT, work_id=WORK, reason="mưa lớn")
    assert decide(command, given(PLANNED), FACTS) == (CANCELLED,)


def test_cancelling_completed_work_is_refused() -> None:
    """Done work stays on record."""
    done = VolunteerWorkCompleted(occurred_at=DONE_AT, participants=45)
    command = CancelVolunteerWork(occurred_at=DONE_AT, work_id=WORK, reason="nhầm")
    assert refusal(command, given(PLANNED, NOTIFIED, done), FACTS).code == "state.invalid"


def test_notifying_for_cancelled_work_is_refused() -> None:
    """No notice for work called off."""
    at = STARTS_AT - timedelta(days=2)
    assert refusal(notify(at), given(PLANNED, CANCELLED), FACTS).code == "state.invalid"
