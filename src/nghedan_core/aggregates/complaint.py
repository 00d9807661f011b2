"""Complaint (ý kiến, kiến nghị, phản ánh): followed from the session to its answer.

An on-the-spot answer needs a legal or policy basis; otherwise the complaint is taken on
record with an appointment (time and place) after the complaint and within the limit.
Answered is not resolved; overdue means past the appointment without an answer.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from nghedan_core.aggregates import session as session_
from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    OfficialInfo,
    check_official_active,
    optional_text,
    refuse,
    require_state,
    required_text,
)
from nghedan_core.aggregates.session import SessionStatus, session_id
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import AlreadyExistsError, NotFoundError, raise_for
from nghedan_core.policies.answers import check_appointment, check_on_spot_answer
from nghedan_core.values import (
    Appointment,
    ComplaintCategory,
    ComplaintOutcome,
    Month,
    Person,
    RecordReason,
    SessionLevel,
    SupervisorKind,
)

__all__ = [
    "AGGREGATE",
    "AnswerComplaint",
    "AnswerOnSpot",
    "AppointmentRescheduled",
    "CitizenFeedbackRecorded",
    "ComplaintAnswered",
    "ComplaintAnsweredOnSpot",
    "ComplaintFacts",
    "ComplaintRaised",
    "ComplaintReferred",
    "ComplaintReopened",
    "ComplaintResolved",
    "ComplaintTakenOnRecord",
    "ComplaintWithdrawn",
    "NoteSupervision",
    "RaiseComplaint",
    "RecordCitizenFeedback",
    "ReferComplaint",
    "ReopenComplaint",
    "RescheduleAppointment",
    "ResolveComplaint",
    "SessionInfo",
    "State",
    "SupervisionNoted",
    "TakeOnRecord",
    "WithdrawComplaint",
    "session_info",
]

# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ComplaintRaised(Event):
    """A citizen raised an opinion, petition or report at a session."""

    complaint_id: UUID
    session_id: UUID
    unit: str
    hamlet: str | None = None
    citizen: Person
    category: ComplaintCategory
    content: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ComplaintAnsweredOnSpot(Event):
    """The complaint was answered at the session, citing its legal or policy basis."""

    answer: str = attrs.field(validator=required_text)
    answered_by: UUID
    basis: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ComplaintTakenOnRecord(Event):
    """The complaint was taken on record with an appointment to answer it."""

    reason: RecordReason
    appointment: Appointment
    responsible: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ComplaintReferred(Event):
    """The complaint was referred to the competent agency."""

    to_agency: str = attrs.field(validator=required_text)
    appointment: Appointment


@attrs.frozen(kw_only=True)
class AppointmentRescheduled(Event):
    """The appointment moved, with a reason."""

    appointment: Appointment
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ComplaintAnswered(Event):
    """The complaint was answered after being taken on record or referred."""

    answer: str = attrs.field(validator=required_text)
    answered_by: UUID
    basis: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ComplaintResolved(Event):
    """The matter the citizen raised was resolved."""

    resolution: str = attrs.field(validator=required_text)
    resolved_by: UUID


@attrs.frozen(kw_only=True)
class CitizenFeedbackRecorded(Event):
    """The citizen said whether they were satisfied with the answer."""

    satisfied: bool
    comment: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ComplaintReopened(Event):
    """An answered or resolved complaint was opened again."""

    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class SupervisionNoted(Event):
    """MTTQ or the People's Inspectorate noted something about the answer."""

    by: SupervisorKind
    note: str = attrs.field(validator=required_text)
    concern: bool = False


@attrs.frozen(kw_only=True)
class ComplaintWithdrawn(Event):
    """The citizen withdrew the complaint."""

    reason: str = attrs.field(validator=required_text)


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RaiseComplaint(Command):
    """Record a citizen's complaint at the session of `unit`, `month`, `level`."""

    complaint_id: UUID
    unit: str
    month: Month
    level: SessionLevel = SessionLevel.COMMUNE
    hamlet: str | None = None
    citizen: Person
    category: ComplaintCategory = ComplaintCategory.OTHER
    content: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class AnswerOnSpot(Command):
    """Answer the complaint at the session, citing the basis."""

    complaint_id: UUID
    answer: str = attrs.field(validator=required_text)
    answered_by: UUID
    basis: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class TakeOnRecord(Command):
    """Take the complaint on record and set a time and place to answer it."""

    complaint_id: UUID
    reason: RecordReason
    appointment: Appointment
    responsible: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ReferComplaint(Command):
    """Refer the complaint to the competent agency, with an appointment."""

    complaint_id: UUID
    to_agency: str = attrs.field(validator=required_text)
    appointment: Appointment


@attrs.frozen(kw_only=True)
class RescheduleAppointment(Command):
    """Move the appointment, with a reason."""

    complaint_id: UUID
    appointment: Appointment
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class AnswerComplaint(Command):
    """Answer a complaint that was taken on record or referred."""

    complaint_id: UUID
    answer: str = attrs.field(validator=required_text)
    answered_by: UUID
    basis: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ResolveComplaint(Command):
    """Record that the matter was resolved."""

    complaint_id: UUID
    resolution: str = attrs.field(validator=required_text)
    resolved_by: UUID


@attrs.frozen(kw_only=True)
class RecordCitizenFeedback(Command):
    """Record whether the citizen was satisfied."""

    complaint_id: UUID
    satisfied: bool
    comment: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ReopenComplaint(Command):
    """Open an answered or resolved complaint again."""

    complaint_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class NoteSupervision(Command):
    """Record a supervision note by MTTQ or the People's Inspectorate."""

    complaint_id: UUID
    by: SupervisorKind
    note: str = attrs.field(validator=required_text)
    concern: bool = False


@attrs.frozen(kw_only=True)
class WithdrawComplaint(Command):
    """Record that the citizen withdrew the complaint."""

    complaint_id: UUID
    reason: str = attrs.field(validator=required_text)


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """A complaint as recorded."""

    complaint_id: UUID
    session_id: UUID
    unit: str
    raised_at: datetime
    outcome: ComplaintOutcome = ComplaintOutcome.OPEN
    appointment: Appointment | None = None
    answered: bool = False
    resolved: bool = False

    @property
    def has_outcome(self) -> bool:
        """Answered on the spot, or given an appointment, or further along."""
        return self.outcome is not ComplaintOutcome.OPEN


@attrs.frozen(kw_only=True)
class SessionInfo:
    """The session a complaint is raised at."""

    unit: str
    status: SessionStatus


@attrs.frozen(kw_only=True)
class ComplaintFacts:
    """What complaint rules need from outside the complaint."""

    config: PolicyConfig = attrs.field(factory=PolicyConfig)
    session: SessionInfo | None = None
    #: the official who answers or resolves, when the command names one
    official: OfficialInfo | None = None


def session_info(lookup: Lookup, sid: UUID) -> SessionInfo | None:
    """The session `sid` as a complaint or a visit sees it; None if never scheduled."""
    session = lookup.state(session_.AGGREGATE, sid)
    if session is None:
        return None
    return SessionInfo(unit=session.unit, status=session.status)


def gather(command: Command, lookup: Lookup) -> ComplaintFacts:
    """The session a complaint is raised at, or the official who answers or resolves it."""
    config = lookup.config
    match command:
        case RaiseComplaint():
            sid = session_id(command.unit, command.month, command.level)
            return ComplaintFacts(config=config, session=session_info(lookup, sid))
        case AnswerOnSpot() | AnswerComplaint():
            return ComplaintFacts(config=config, official=lookup.official(command.answered_by))
        case ResolveComplaint():
            return ComplaintFacts(config=config, official=lookup.official(command.resolved_by))
    return ComplaintFacts(config=config)


def unit_of(command: Command, _lookup: Lookup) -> str | None:
    """A complaint is raised in its session's unit.

    What follows (answers, appointments, feedback, supervision) finishes a record already
    made: the citizens of a unit merged away are still owed their answers (ADR 0014).
    """
    return command.unit if isinstance(command, RaiseComplaint) else None


_AWAITING = (ComplaintOutcome.TAKEN_ON_RECORD, ComplaintOutcome.REFERRED)
_FINISHED = (ComplaintOutcome.RESOLVED, ComplaintOutcome.WITHDRAWN)


def _raise(command: RaiseComplaint, facts: ComplaintFacts) -> tuple[Event, ...]:
    sid = session_id(command.unit, command.month, command.level)
    if facts.session is None:
        raise NotFoundError(kind="session", key=f"{command.unit} {command.month} {command.level}")
    if facts.session.status is not SessionStatus.SCHEDULED:
        raise refuse("session", facts.session.status.value, "RaiseComplaint")
    return (
        ComplaintRaised(
            occurred_at=command.at,
            complaint_id=command.complaint_id,
            session_id=sid,
            unit=command.unit,
            hamlet=command.hamlet,
            citizen=command.citizen,
            category=command.category,
            content=command.content,
        ),
    )


def decide(command: Command, state: State | None, facts: ComplaintFacts) -> tuple[Event, ...]:
    """Decide a complaint command."""
    if isinstance(command, RaiseComplaint):
        if state is not None:
            raise AlreadyExistsError(kind="complaint", key=str(command.complaint_id))
        return _raise(command, facts)
    complaint = require_state(state, "complaint", getattr(command, "complaint_id", "?"))
    at = command.at
    outcome = complaint.outcome

    def refused() -> Exception:
        return refuse("complaint", outcome.value, type(command).__name__)

    match command:
        case AnswerOnSpot():
            if outcome is not ComplaintOutcome.OPEN:
                raise refused()
            check_official_active(facts.official, command.answered_by)
            raise_for(check_on_spot_answer(command.basis))
            return (
                ComplaintAnsweredOnSpot(
                    occurred_at=at,
                    answer=command.answer,
                    answered_by=command.answered_by,
                    basis=command.basis or "",
                ),
            )
        case TakeOnRecord():
            if outcome is not ComplaintOutcome.OPEN:
                raise refused()
            raise_for(
                check_appointment(complaint.raised_at, command.appointment.at, facts.config, now=at)
            )
            return (
                ComplaintTakenOnRecord(
                    occurred_at=at,
                    reason=command.reason,
                    appointment=command.appointment,
                    responsible=command.responsible,
                ),
            )
        case ReferComplaint():
            if outcome not in (ComplaintOutcome.OPEN, ComplaintOutcome.TAKEN_ON_RECORD):
                raise refused()
            raise_for(
                check_appointment(complaint.raised_at, command.appointment.at, facts.config, now=at)
            )
            return (
                ComplaintReferred(
                    occurred_at=at, to_agency=command.to_agency, appointment=command.appointment
                ),
            )
        case RescheduleAppointment():
            if outcome not in _AWAITING:
                raise refused()
            # A new appointment counts its limit from when it is set (its reason is recorded).
            raise_for(check_appointment(at, command.appointment.at, facts.config))
            return (
                AppointmentRescheduled(
                    occurred_at=at, appointment=command.appointment, reason=command.reason
                ),
            )
        case AnswerComplaint():
            if outcome not in _AWAITING:
                raise refused()
            check_official_active(facts.official, command.answered_by)
            return (
                ComplaintAnswered(
                    occurred_at=at,
                    answer=command.answer,
                    answered_by=command.answered_by,
                    basis=command.basis,
                ),
            )
        case ResolveComplaint():
            if outcome not in (ComplaintOutcome.ANSWERED_ON_SPOT, ComplaintOutcome.ANSWERED):
                raise refused()
            check_official_active(facts.official, command.resolved_by)
            return (
                ComplaintResolved(
                    occurred_at=at, resolution=command.resolution, resolved_by=command.resolved_by
                ),
            )
        case RecordCitizenFeedback():
            if not complaint.answered:
                raise refused()
            return (
                CitizenFeedbackRecorded(
                    occurred_at=at, satisfied=command.satisfied, comment=command.comment
                ),
            )
        case ReopenComplaint():
            if not complaint.answered or outcome is ComplaintOutcome.WITHDRAWN:
                raise refused()
            return (ComplaintReopened(occurred_at=at, reason=command.reason),)
        case NoteSupervision():
            return (
                SupervisionNoted(
                    occurred_at=at, by=command.by, note=command.note, concern=command.concern
                ),
            )
        case WithdrawComplaint():
            if outcome in _FINISHED:
                raise refused()
            return (ComplaintWithdrawn(occurred_at=at, reason=command.reason),)
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one complaint event."""
    if isinstance(event, ComplaintRaised):
        return State(
            complaint_id=event.complaint_id,
            session_id=event.session_id,
            unit=event.unit,
            raised_at=event.occurred_at,
        )
    if state is None:  # pragma: no cover - a stored stream always starts with ComplaintRaised
        raise TypeError(type(event).__name__)
    match event:
        case ComplaintAnsweredOnSpot():
            return attrs.evolve(state, outcome=ComplaintOutcome.ANSWERED_ON_SPOT, answered=True)
        case ComplaintTakenOnRecord():
            return attrs.evolve(
                state, outcome=ComplaintOutcome.TAKEN_ON_RECORD, appointment=event.appointment
            )
        case ComplaintReferred():
            return attrs.evolve(
                state, outcome=ComplaintOutcome.REFERRED, appointment=event.appointment
            )
        case AppointmentRescheduled():
            return attrs.evolve(state, appointment=event.appointment)
        case ComplaintAnswered():
            return attrs.evolve(state, outcome=ComplaintOutcome.ANSWERED, answered=True)
        case ComplaintResolved():
            return attrs.evolve(state, outcome=ComplaintOutcome.RESOLVED, resolved=True)
        case ComplaintReopened():
            return attrs.evolve(
                state,
                outcome=ComplaintOutcome.TAKEN_ON_RECORD
                if state.appointment is not None
                else ComplaintOutcome.OPEN,
                answered=False,
                resolved=False,
            )
        case ComplaintWithdrawn():
            return attrs.evolve(state, outcome=ComplaintOutcome.WITHDRAWN)
        case CitizenFeedbackRecorded() | SupervisionNoted():
            return state
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: Command) -> UUID:
    return command.complaint_id  # type: ignore[attr-defined,no-any-return]


AGGREGATE: Aggregate[State] = Aggregate(
    name="complaint",
    label_vi="ý kiến",
    events={
        "complaint.ComplaintRaised": ComplaintRaised,
        "complaint.ComplaintAnsweredOnSpot": ComplaintAnsweredOnSpot,
        "complaint.ComplaintTakenOnRecord": ComplaintTakenOnRecord,
        "complaint.ComplaintReferred": ComplaintReferred,
        "complaint.AppointmentRescheduled": AppointmentRescheduled,
        "complaint.ComplaintAnswered": ComplaintAnswered,
        "complaint.ComplaintResolved": ComplaintResolved,
        "complaint.CitizenFeedbackRecorded": CitizenFeedbackRecorded,
        "complaint.ComplaintReopened": ComplaintReopened,
        "complaint.SupervisionNoted": SupervisionNoted,
        "complaint.ComplaintWithdrawn": ComplaintWithdrawn,
    },
    commands=(
        RaiseComplaint,
        AnswerOnSpot,
        TakeOnRecord,
        ReferComplaint,
        RescheduleAppointment,
        AnswerComplaint,
        ResolveComplaint,
        RecordCitizenFeedback,
        ReopenComplaint,
        NoteSupervision,
        WithdrawComplaint,
    ),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=ComplaintFacts,
)
