"""VolunteerWork (hoạt động tình nguyện): cleaning, tree trimming, roads, houses, toilets.

Volunteers are told the time, place and task at least a day before the start; work cannot
be recorded as completed without such a notice. Lengths are whole metres (46.3 km is
46 300 m) so that no float ever enters a total.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    UnitInfo,
    check_unit_usable,
    optional_text,
    refuse,
    require_state,
    required_text,
    unit_of_stream,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import AlreadyExistsError, raise_for
from nghedan_core.policies.notice import check_completion, check_notice
from nghedan_core.values import (
    COUNT_MESSAGE,
    MAX_COUNT,
    Vnd,
    VolunteerWorkKind,
    aware_validator,
    command_time_validator,
)

__all__ = [
    "AGGREGATE",
    "CancelVolunteerWork",
    "CompleteVolunteerWork",
    "NotifyVolunteers",
    "PlanVolunteerWork",
    "State",
    "VolunteerFacts",
    "VolunteerWorkCancelled",
    "VolunteerWorkCompleted",
    "VolunteerWorkPlanned",
    "VolunteersNotified",
]


def _non_negative(_i: object, a: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or value < 0:
        msg = f"{a.name}: must be a whole number ≥ 0"
        raise ValueError(msg)
    if value > MAX_COUNT:  # a count that large is a typo, and would overflow the reports
        msg = f"{a.name}: {COUNT_MESSAGE}"
        raise ValueError(msg)


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class VolunteerWorkPlanned(Event):
    """Volunteer work was planned: kind, place, start, task, household if any."""

    work_id: UUID
    unit: str
    kind: VolunteerWorkKind
    place: str = attrs.field(validator=required_text)
    starts_at: datetime = attrs.field(validator=aware_validator)
    task: str = attrs.field(validator=required_text)
    household_id: UUID | None = None


@attrs.frozen(kw_only=True)
class VolunteersNotified(Event):
    """Volunteers were told the time, place and task."""

    notified_at: datetime = attrs.field(validator=aware_validator)
    notified: str = attrs.field(validator=required_text)
    channel: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class VolunteerWorkCompleted(Event):
    """The work was done: person-turns, length in metres where it applies, value."""

    participants: int = attrs.field(validator=_non_negative)
    length_m: int = attrs.field(default=0, validator=_non_negative)
    value: Vnd = Vnd(0)
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class VolunteerWorkCancelled(Event):
    """The work was called off."""

    reason: str = attrs.field(validator=required_text)


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanVolunteerWork(Command):
    """Plan volunteer work."""

    work_id: UUID
    unit: str
    kind: VolunteerWorkKind
    place: str = attrs.field(validator=required_text)
    starts_at: datetime = attrs.field(validator=command_time_validator)
    task: str = attrs.field(validator=required_text)
    household_id: UUID | None = None


@attrs.frozen(kw_only=True)
class NotifyVolunteers(Command):
    """Tell the volunteers the time, place and task (`notified_at` defaults to now)."""

    work_id: UUID
    notified: str = attrs.field(validator=required_text)
    notified_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(command_time_validator)
    )
    channel: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class CompleteVolunteerWork(Command):
    """Record the work as done."""

    work_id: UUID
    participants: int = attrs.field(validator=_non_negative)
    length_m: int = attrs.field(default=0, validator=_non_negative)
    value: Vnd = Vnd(0)
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class CancelVolunteerWork(Command):
    """Call the work off."""

    work_id: UUID
    reason: str = attrs.field(validator=required_text)


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """Volunteer work as recorded."""

    work_id: UUID
    unit: str
    kind: VolunteerWorkKind
    starts_at: datetime
    validly_notified: bool = False
    completed: bool = False
    cancelled: bool = False


@attrs.frozen(kw_only=True)
class VolunteerFacts:
    """What volunteer rules need from outside the work."""

    config: PolicyConfig = attrs.field(factory=PolicyConfig)
    unit: UnitInfo | None = None


def gather(command: Command, lookup: Lookup) -> VolunteerFacts:
    """The unit volunteer work is planned in."""
    if isinstance(command, PlanVolunteerWork):
        return VolunteerFacts(config=lookup.config, unit=lookup.unit(command.unit))
    return VolunteerFacts(config=lookup.config)


def unit_of(command: Command, lookup: Lookup) -> str | None:
    """The unit work is planned in, or the unit of the work addressed."""
    if isinstance(command, PlanVolunteerWork):
        return command.unit
    return unit_of_stream(command, lookup, AGGREGATE)


def decide(command: Command, state: State | None, facts: VolunteerFacts) -> tuple[Event, ...]:
    """Decide a volunteer-work command."""
    at = command.at
    if isinstance(command, PlanVolunteerWork):
        if state is not None:
            raise AlreadyExistsError(kind="volunteer", key=str(command.work_id))
        check_unit_usable(facts.unit, command.unit)
        return (
            VolunteerWorkPlanned(
                occurred_at=at,
                work_id=command.work_id,
                unit=command.unit,
                kind=command.kind,
                place=command.place,
                starts_at=command.starts_at,
                task=command.task,
                household_id=command.household_id,
            ),
        )
    work = require_state(state, "volunteer", getattr(command, "work_id", "?"))
    if work.completed or work.cancelled:
        raise refuse(
            "volunteer", "completed" if work.completed else "cancelled", type(command).__name__
        )
    match command:
        case NotifyVolunteers():
            notified_at = command.notified_at or at
            raise_for(check_notice(notified_at, work.starts_at, facts.config))
            return (
                VolunteersNotified(
                    occurred_at=at,
                    notified_at=notified_at,
                    notified=command.notified,
                    channel=command.channel,
                ),
            )
        case CompleteVolunteerWork():
            raise_for(check_completion(validly_notified=work.validly_notified))
            return (
                VolunteerWorkCompleted(
                    occurred_at=at,
                    participants=command.participants,
                    length_m=command.length_m,
                    value=command.value,
                    note=command.note,
                ),
            )
        case CancelVolunteerWork():
            return (VolunteerWorkCancelled(occurred_at=at, reason=command.reason),)
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one volunteer-work event."""
    if isinstance(event, VolunteerWorkPlanned):
        return State(
            work_id=event.work_id, unit=event.unit, kind=event.kind, starts_at=event.starts_at
        )
    if state is None:  # pragma: no cover - a stored stream always starts with the plan
        raise TypeError(type(event).__name__)
    match event:
        case VolunteersNotified():
            return attrs.evolve(state, validly_notified=True)
        case VolunteerWorkCompleted():
            return attrs.evolve(state, completed=True)
        case VolunteerWorkCancelled():
            return attrs.evolve(state, cancelled=True)
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: Command) -> UUID:
    return command.work_id  # type: ignore[attr-defined,no-any-return]


AGGREGATE: Aggregate[State] = Aggregate(
    name="volunteer",
    label_vi="hoạt động tình nguyện",
    events={
        "volunteer.VolunteerWorkPlanned": VolunteerWorkPlanned,
        "volunteer.VolunteersNotified": VolunteersNotified,
        "volunteer.VolunteerWorkCompleted": VolunteerWorkCompleted,
        "volunteer.VolunteerWorkCancelled": VolunteerWorkCancelled,
    },
    commands=(PlanVolunteerWork, NotifyVolunteers, CompleteVolunteerWork, CancelVolunteerWork),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=VolunteerFacts,
)
