"""Session (buổi "Nghe dân nói – Làm dân tin"): one per unit, month and level.

The morning: flag ceremony, review of the month, proposals, commendations and reminders,
then citizen reception at a hamlet. The afternoon: visits (see `visit`). Closing needs every
complaint of the session to have an outcome, and a recorded reason for any quota shortfall.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from uuid import UUID

import attrs

from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    OfficialInfo,
    UnitInfo,
    check_official_active,
    check_unit_usable,
    optional_text,
    refuse,
    require_state,
    required_text,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import AlreadyExistsError, Violation, error_class, raise_for
from nghedan_core.policies.quota import check_quota
from nghedan_core.policies.scheduling import check_rotation, check_session_date
from nghedan_core.values import (
    COUNT_MESSAGE,
    MAX_COUNT,
    Month,
    SessionLevel,
    UnitKind,
    command_date_validator,
    stable_id,
)

__all__ = [
    "AGGREGATE",
    "CancelSession",
    "CloseSession",
    "CommendOfficial",
    "ComplaintReceived",
    "FlagCeremonyHeld",
    "HearProposal",
    "HoldFlagCeremony",
    "HoldReception",
    "InspectSession",
    "MonthReviewed",
    "OfficialCommended",
    "OfficialReminded",
    "ProposalHeard",
    "ReceiveComplaint",
    "ReceptionHeld",
    "RemindOfficial",
    "RescheduleSession",
    "ReviewMonth",
    "ScheduleSession",
    "SessionCancelled",
    "SessionClosed",
    "SessionFacts",
    "SessionInspected",
    "SessionRescheduled",
    "SessionScheduled",
    "SessionStatus",
    "State",
    "session_id",
]


def session_id(unit: str, month: Month, level: SessionLevel) -> UUID:
    """The stream id of a session: unit + month + level (a second one collides)."""
    return stable_id("session", unit, month, level.value)


def _non_negative(_i: object, a: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or value < 0:
        msg = f"{a.name}: must be a whole number ≥ 0"
        raise ValueError(msg)
    if value > MAX_COUNT:  # a count that large is a typo, and would overflow the reports
        msg = f"{a.name}: {COUNT_MESSAGE}"
        raise ValueError(msg)


class SessionStatus(StrEnum):
    """Where a session stands."""

    SCHEDULED = "scheduled"
    CLOSED = "closed"
    CANCELLED = "cancelled"


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SessionScheduled(Event):
    """A session was scheduled (date, level, reception hamlet, hosts), with any reasons."""

    unit: str
    month: Month
    level: SessionLevel
    date: date
    reception_hamlet: str | None = None
    hosts: tuple[UUID, ...] = ()
    date_reason: str | None = attrs.field(default=None, validator=optional_text)
    hamlet_reason: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class SessionRescheduled(Event):
    """The session moved to another date."""

    date: date
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class FlagCeremonyHeld(Event):
    """The Monday flag ceremony was held."""

    attendees: int = attrs.field(validator=_non_negative)
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class MonthReviewed(Event):
    """The past month was reviewed and the next month's focus set."""

    summary: str = attrs.field(validator=required_text)
    next_focus: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ProposalHeard(Event):
    """A proposal was heard from an official or an organisation."""

    proposer: str = attrs.field(validator=required_text)
    content: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class OfficialCommended(Event):
    """An official was commended."""

    official_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class OfficialReminded(Event):
    """An official was reminded."""

    official_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ReceptionHeld(Event):
    """Citizens were received at a hamlet; `attendees` counts the citizens present."""

    hamlet: str
    attendees: int = attrs.field(validator=_non_negative)


@attrs.frozen(kw_only=True)
class ComplaintReceived(Event):
    """A complaint was raised at the session (recorded with `complaint.ComplaintRaised`).

    Written in the same save as the complaint, it moves the session's version: a close
    decided at the same moment without this complaint then collides with it and is decided
    again, and a complaint decided against an open session that another writer just
    closed is decided again too (ADR 0004).
    """

    complaint_id: UUID


@attrs.frozen(kw_only=True)
class SessionClosed(Event):
    """The session was closed, with its minutes and any quota shortfall reason."""

    minutes: str = attrs.field(validator=required_text)
    visits_made: int = attrs.field(validator=_non_negative)
    visits_required: int = attrs.field(validator=_non_negative)
    shortfall_reason: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class SessionCancelled(Event):
    """The session was cancelled."""

    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class SessionInspected(Event):
    """A member of the supervising level checked the session and its results."""

    inspector_id: UUID
    findings: str = attrs.field(validator=required_text)
    follow_ups: tuple[str, ...] = ()


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ScheduleSession(Command):
    """Schedule the month's session (first Monday, rotating hamlet, or reasons)."""

    unit: str
    month: Month
    date: date = attrs.field(validator=command_date_validator)
    level: SessionLevel = SessionLevel.COMMUNE
    reception_hamlet: str | None = None
    hosts: tuple[UUID, ...] = ()
    date_reason: str | None = attrs.field(default=None, validator=optional_text)
    hamlet_reason: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class _SessionCommand(Command):
    unit: str
    month: Month
    level: SessionLevel = SessionLevel.COMMUNE


@attrs.frozen(kw_only=True)
class RescheduleSession(_SessionCommand):
    """Move the session to another date of its month, with a reason."""

    date: date = attrs.field(validator=command_date_validator)
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class HoldFlagCeremony(_SessionCommand):
    """Record the flag ceremony and its attendance."""

    attendees: int = attrs.field(validator=_non_negative)
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ReviewMonth(_SessionCommand):
    """Record the review of the past month and the focus for the next."""

    summary: str = attrs.field(validator=required_text)
    next_focus: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class HearProposal(_SessionCommand):
    """Record a proposal heard at the session."""

    proposer: str = attrs.field(validator=required_text)
    content: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class CommendOfficial(_SessionCommand):
    """Commend an official."""

    official_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class RemindOfficial(_SessionCommand):
    """Remind an official."""

    official_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class HoldReception(_SessionCommand):
    """Record the citizen reception at a hamlet and how many citizens came."""

    hamlet: str
    attendees: int = attrs.field(validator=_non_negative)


@attrs.frozen(kw_only=True)
class ReceiveComplaint(_SessionCommand):
    """The session's side of `complaint.RaiseComplaint`; sent by the application only.

    Not a command of its own (it is not in `AGGREGATE.commands`, so no import line, HTTP
    route or CLI command sends it): the application decides it with every complaint raised.
    """

    complaint_id: UUID


@attrs.frozen(kw_only=True)
class CloseSession(_SessionCommand):
    """Close the session with its minutes (and a reason if the quota was not met)."""

    minutes: str = attrs.field(validator=required_text)
    shortfall_reason: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class CancelSession(_SessionCommand):
    """Cancel the session, with a reason."""

    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class InspectSession(_SessionCommand):
    """Record a supervising-level inspection of the session and its results."""

    inspector_id: UUID
    findings: str = attrs.field(validator=required_text)
    follow_ups: tuple[str, ...] = ()


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """A session as recorded."""

    unit: str
    month: Month
    level: SessionLevel
    date: date
    reception_hamlet: str | None
    status: SessionStatus = SessionStatus.SCHEDULED
    flag_attendees: int = 0
    reception_attendees: int = 0
    inspections: int = 0
    #: complaints raised at the session (`ComplaintReceived`)
    complaints_received: int = 0


@attrs.frozen(kw_only=True)
class SessionFacts:
    """What closing, scheduling and inspecting need from outside the session."""

    config: PolicyConfig = attrs.field(factory=PolicyConfig)
    unit: UnitInfo | None = None
    #: date each hamlet of the unit last hosted a reception
    last_hosted: Mapping[str, date] = attrs.field(factory=dict)
    #: complaints of this session without an answer or an appointment
    open_complaints: int = 0
    #: distinct households visited (visits conducted) for this session
    visits_made: int = 0
    official: OfficialInfo | None = None


def gather(command: Command, lookup: Lookup) -> SessionFacts:
    """The unit and its hamlets' turns, the session's open complaints and visits, an official."""
    config = lookup.config
    match command:
        case ScheduleSession():
            return SessionFacts(
                config=config,
                unit=lookup.unit(command.unit),
                last_hosted=lookup.last_hosted(command.unit),
            )
        case HoldReception():
            return SessionFacts(config=config, unit=lookup.unit(command.unit))
        case CloseSession():
            sid = session_id(command.unit, command.month, command.level)
            return SessionFacts(
                config=config,
                open_complaints=lookup.open_complaints(sid),
                visits_made=lookup.visits_made(sid),
            )
        case CommendOfficial() | RemindOfficial():
            return SessionFacts(config=config, official=lookup.official(command.official_id))
        case InspectSession():
            return SessionFacts(config=config, official=lookup.official(command.inspector_id))
    return SessionFacts(config=config)


def unit_of(command: Command, _lookup: Lookup) -> str | None:
    """Every session command records in its session's unit."""
    return command.unit  # type: ignore[attr-defined,no-any-return]


def _schedule(command: ScheduleSession, facts: SessionFacts) -> tuple[Event, ...]:
    unit = check_unit_usable(facts.unit, command.unit)
    supervisory = command.level is SessionLevel.SUPERVISORY
    if not supervisory and not UnitKind(unit.kind).is_commune_level:
        raise error_class("unit.not_commune_level")(unit=command.unit)
    date_violations = check_session_date(command.date, command.month, supervisory=supervisory)
    raise_for(date_violations, command.date_reason, unjustified=None)
    if command.reception_hamlet is not None and not supervisory:
        rotation = check_rotation(
            command.reception_hamlet,
            unit.hamlets,
            facts.last_hosted,
            facts.config,
            unit=command.unit,
        )
        raise_for(rotation, command.hamlet_reason, unjustified=None)
    return (
        SessionScheduled(
            occurred_at=command.at,
            unit=command.unit,
            month=command.month,
            level=command.level,
            date=command.date,
            reception_hamlet=command.reception_hamlet,
            hosts=command.hosts,
            date_reason=command.date_reason,
            hamlet_reason=command.hamlet_reason,
        ),
    )


def _close(command: CloseSession, session: State, facts: SessionFacts) -> tuple[Event, ...]:
    if facts.open_complaints:
        raise error_class("session.open_complaints")(count=facts.open_complaints)
    quota: list[Violation] = []
    required = 0
    if session.level is SessionLevel.COMMUNE:
        required = facts.config.monthly_quota
        quota = check_quota(facts.visits_made, facts.config)
    raise_for(quota, command.shortfall_reason, unjustified=None)
    return (
        SessionClosed(
            occurred_at=command.at,
            minutes=command.minutes,
            visits_made=facts.visits_made,
            visits_required=required,
            shortfall_reason=command.shortfall_reason if quota else None,
        ),
    )


def decide(command: Command, state: State | None, facts: SessionFacts) -> tuple[Event, ...]:
    """Decide a session command."""
    if isinstance(command, ScheduleSession):
        if state is not None:
            raise AlreadyExistsError(
                kind="session", key=f"{command.unit} {command.month} {command.level}"
            )
        return _schedule(command, facts)
    assert isinstance(command, _SessionCommand)
    session = require_state(state, "session", f"{command.unit} {command.month} {command.level}")
    if session.status is not SessionStatus.SCHEDULED and not isinstance(command, InspectSession):
        raise refuse("session", session.status.value, type(command).__name__)
    at = command.at
    match command:
        case RescheduleSession():
            violations = check_session_date(
                command.date, session.month, supervisory=session.level is SessionLevel.SUPERVISORY
            )
            raise_for(violations, command.reason, unjustified=None)
            return (SessionRescheduled(occurred_at=at, date=command.date, reason=command.reason),)
        case HoldFlagCeremony():
            return (
                FlagCeremonyHeld(occurred_at=at, attendees=command.attendees, note=command.note),
            )
        case ReviewMonth():
            return (
                MonthReviewed(
                    occurred_at=at, summary=command.summary, next_focus=command.next_focus
                ),
            )
        case HearProposal():
            return (
                ProposalHeard(occurred_at=at, proposer=command.proposer, content=command.content),
            )
        case CommendOfficial():
            check_official_active(facts.official, command.official_id)
            return (
                OfficialCommended(
                    occurred_at=at, official_id=command.official_id, reason=command.reason
                ),
            )
        case RemindOfficial():
            check_official_active(facts.official, command.official_id)
            return (
                OfficialReminded(
                    occurred_at=at, official_id=command.official_id, reason=command.reason
                ),
            )
        case HoldReception():
            unit = check_unit_usable(facts.unit, session.unit)
            if session.level is SessionLevel.COMMUNE and command.hamlet not in unit.hamlets:
                raise error_class("unit.not_hamlet_of")(hamlet=command.hamlet, unit=session.unit)
            return (
                ReceptionHeld(occurred_at=at, hamlet=command.hamlet, attendees=command.attendees),
            )
        case ReceiveComplaint():
            return (ComplaintReceived(occurred_at=at, complaint_id=command.complaint_id),)
        case CloseSession():
            return _close(command, session, facts)
        case CancelSession():
            return (SessionCancelled(occurred_at=at, reason=command.reason),)
        case InspectSession():
            inspector = check_official_active(facts.official, command.inspector_id)
            if "supervisor" not in {str(r) for r in inspector.roles}:
                raise error_class("official.role_missing")(
                    official=str(command.inspector_id), role="supervisor"
                )
            return (
                SessionInspected(
                    occurred_at=at,
                    inspector_id=command.inspector_id,
                    findings=command.findings,
                    follow_ups=command.follow_ups,
                ),
            )
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one session event."""
    if isinstance(event, SessionScheduled):
        return State(
            unit=event.unit,
            month=event.month,
            level=event.level,
            date=event.date,
            reception_hamlet=event.reception_hamlet,
        )
    if state is None:  # pragma: no cover - a stored stream always starts with SessionScheduled
        raise TypeError(type(event).__name__)
    match event:
        case SessionRescheduled():
            return attrs.evolve(state, date=event.date)
        case FlagCeremonyHeld():
            return attrs.evolve(state, flag_attendees=state.flag_attendees + event.attendees)
        case ReceptionHeld():
            return attrs.evolve(
                state,
                reception_hamlet=event.hamlet,
                reception_attendees=state.reception_attendees + event.attendees,
            )
        case SessionClosed():
            return attrs.evolve(state, status=SessionStatus.CLOSED)
        case SessionCancelled():
            return attrs.evolve(state, status=SessionStatus.CANCELLED)
        case SessionInspected():
            return attrs.evolve(state, inspections=state.inspections + 1)
        case ComplaintReceived():
            return attrs.evolve(state, complaints_received=state.complaints_received + 1)
        case MonthReviewed() | ProposalHeard() | OfficialCommended() | OfficialReminded():
            return state
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: ScheduleSession | _SessionCommand) -> UUID:
    return session_id(command.unit, command.month, command.level)


AGGREGATE: Aggregate[State] = Aggregate(
    name="session",
    label_vi="buổi làm việc",
    events={
        "session.SessionScheduled": SessionScheduled,
        "session.SessionRescheduled": SessionRescheduled,
        "session.FlagCeremonyHeld": FlagCeremonyHeld,
        "session.MonthReviewed": MonthReviewed,
        "session.ProposalHeard": ProposalHeard,
        "session.OfficialCommended": OfficialCommended,
        "session.OfficialReminded": OfficialReminded,
        "session.ReceptionHeld": ReceptionHeld,
        "session.SessionClosed": SessionClosed,
        "session.SessionCancelled": SessionCancelled,
        "session.SessionInspected": SessionInspected,
        "session.ComplaintReceived": ComplaintReceived,
    },
    commands=(
        ScheduleSession,
        RescheduleSession,
        HoldFlagCeremony,
        ReviewMonth,
        HearProposal,
        CommendOfficial,
        RemindOfficial,
        HoldReception,
        CloseSession,
        CancelSession,
        InspectSession,
    ),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=SessionFacts,
)
