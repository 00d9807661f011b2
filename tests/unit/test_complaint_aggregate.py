"""Given/when/then tests of the complaint decider: from the session to its answer and beyond."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest

from nghedan_core.aggregates._base import Command, Event, OfficialInfo, UnitInfo
from nghedan_core.aggregates.complaint import (
    AnswerComplaint,
    AnswerOnSpot,
    AppointmentRescheduled,
    CitizenFeedbackRecorded,
    ComplaintAnswered,
    ComplaintAnsweredOnSpot,
    ComplaintFacts,
    ComplaintRaised,
    ComplaintReferred,
    ComplaintReopened,
    ComplaintResolved,
    ComplaintTakenOnRecord,
    ComplaintWithdrawn,
    NoteSupervision,
    RaiseComplaint,
    RecordCitizenFeedback,
    ReferComplaint,
    ReopenComplaint,
    RescheduleAppointment,
    ResolveComplaint,
    SessionInfo,
    State,
    SupervisionNoted,
    TakeOnRecord,
    WithdrawComplaint,
    decide,
    evolve,
)
from nghedan_core.aggregates.session import SessionStatus, session_id
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import (
    AlreadyExistsError,
    AppointmentBeforeComplaintError,
    AppointmentBeyondLimitError,
    BasisRequiredError,
    DomainError,
    InvalidStateError,
    NotFoundError,
)
from nghedan_core.values import (
    VIETNAM_TZ,
    Appointment,
    ComplaintCategory,
    ComplaintOutcome,
    Month,
    OfficialRole,
    Person,
    RecordReason,
    SessionLevel,
    SupervisorKind,
)

RAISED_AT = datetime(2024, 3, 4, 9, tzinfo=VIETNAM_TZ)
AT = datetime(2024, 3, 4, 10, tzinfo=VIETNAM_TZ)
LATER = datetime(2024, 3, 20, 10, tzinfo=VIETNAM_TZ)
MARCH = Month(2024, 3)
COMPLAINT = UUID("00000000-0000-4000-8000-00000000c001")
OFFICIAL = UUID("00000000-0000-4000-8000-000000000001")
CITIZEN = Person(person_id=UUID("00000000-0000-4000-8000-000000000009"), full_name="Lê Văn Cường")
SESSION = session_id("29500", MARCH, SessionLevel.COMMUNE)
OPEN_SESSION = SessionInfo(unit="29500", status=SessionStatus.SCHEDULED)
COMMUNE = UnitInfo(code="29500", name="Xã Tân Phước", kind="commune", hamlets=("29500-01",))
ACTIVE = OfficialInfo(official_id=OFFICIAL, unit="29500", roles=frozenset({OfficialRole.LEADER}))
FACTS = ComplaintFacts(session=OPEN_SESSION, official=ACTIVE)
APPOINTMENT = Appointment(at=RAISED_AT + timedelta(days=7), place="UBND xã")
LATER_APPOINTMENT = Appointment(at=RAISED_AT + timedelta(days=20), place="UBND xã")


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events: the state a command is decided against."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def state_of(*events: Event) -> State:
    """`given`, for histories that start with the complaint being raised."""
    state = given(*events)
    assert state is not None
    return state


RAISED = ComplaintRaised(
    occurred_at=RAISED_AT,
    complaint_id=COMPLAINT,
    session_id=SESSION,
    unit="29500",
    hamlet="29500-01",
    citizen=CITIZEN,
    category=ComplaintCategory.INFRASTRUCTURE,
    content="Đường ấp 1 ngập nước",
)
ANSWERED_ON_SPOT = ComplaintAnsweredOnSpot(
    occurred_at=AT, answer="Đã có kế hoạch nâng đường", answered_by=OFFICIAL, basis="NQ 12/HĐND"
)
TAKEN_ON_RECORD = ComplaintTakenOnRecord(
    occurred_at=AT,
    reason=RecordReason.NEEDS_VERIFICATION,
    appointment=APPOINTMENT,
    responsible="Công chức địa chính",
)
REFERRED = ComplaintReferred(occurred_at=AT, to_agency="Phòng Kinh tế", appointment=APPOINTMENT)
ANSWERED = ComplaintAnswered(occurred_at=LATER, answer="Sẽ nạo vét", answered_by=OFFICIAL)
RESOLVED = ComplaintResolved(occurred_at=LATER, resolution="Đã nạo vét", resolved_by=OFFICIAL)
WITHDRAWN = ComplaintWithdrawn(occurred_at=AT, reason="công dân tự thỏa thuận")

#: histories by where the complaint stands
OPEN = (RAISED,)
ON_SPOT = (RAISED, ANSWERED_ON_SPOT)
ON_RECORD = (RAISED, TAKEN_ON_RECORD)
REFERRED_ = (RAISED, REFERRED)
ANSWERED_LATER = (RAISED, TAKEN_ON_RECORD, ANSWERED)
RESOLVED_ = (RAISED, ANSWERED_ON_SPOT, RESOLVED)
WITHDRAWN_ = (RAISED, WITHDRAWN)
HISTORIES = {
    "open": OPEN,
    "answered_on_spot": ON_SPOT,
    "taken_on_record": ON_RECORD,
    "referred": REFERRED_,
    "answered": ANSWERED_LATER,
    "resolved": RESOLVED_,
    "withdrawn": WITHDRAWN_,
}


def histories(*names: str) -> pytest.MarkDecorator:
    """Parametrize a test over the named histories."""
    return pytest.mark.parametrize("history", [HISTORIES[n] for n in names], ids=names)


def raise_complaint() -> RaiseComplaint:
    """The command that raised `RAISED`."""
    return RaiseComplaint(
        occurred_at=RAISED_AT,
        complaint_id=COMPLAINT,
        unit="29500",
        month=MARCH,
        hamlet="29500-01",
        citizen=CITIZEN,
        category=ComplaintCategory.INFRASTRUCTURE,
        content="Đường ấp 1 ngập nước",
    )


def answer_on_spot(basis: str | None = "NQ 12/HĐND") -> AnswerOnSpot:
    """An on-the-spot answer, with a basis unless told otherwise."""
    return AnswerOnSpot(
        occurred_at=AT,
        complaint_id=COMPLAINT,
        answer="Đã có kế hoạch nâng đường",
        answered_by=OFFICIAL,
        basis=basis,
    )


def take_on_record(appointment: Appointment = APPOINTMENT) -> TakeOnRecord:
    """Take the complaint on record with `appointment`."""
    return TakeOnRecord(
        occurred_at=AT,
        complaint_id=COMPLAINT,
        reason=RecordReason.NEEDS_VERIFICATION,
        appointment=appointment,
        responsible="Công chức địa chính",
    )


def refer(appointment: Appointment = APPOINTMENT) -> ReferComplaint:
    """Refer the complaint to an agency with `appointment`."""
    return ReferComplaint(
        occurred_at=AT, complaint_id=COMPLAINT, to_agency="Phòng Kinh tế", appointment=appointment
    )


def reschedule(appointment: Appointment = LATER_APPOINTMENT) -> RescheduleAppointment:
    """Move the appointment, with a reason."""
    return RescheduleAppointment(
        occurred_at=AT, complaint_id=COMPLAINT, appointment=appointment, reason="cần thêm hồ sơ"
    )


def answer() -> AnswerComplaint:
    """Answer a complaint taken on record or referred."""
    return AnswerComplaint(
        occurred_at=LATER, complaint_id=COMPLAINT, answer="Sẽ nạo vét", answered_by=OFFICIAL
    )


def resolve() -> ResolveComplaint:
    """Record that the matter was resolved."""
    return ResolveComplaint(
        occurred_at=LATER, complaint_id=COMPLAINT, resolution="Đã nạo vét", resolved_by=OFFICIAL
    )


def appointment_in(delta: timedelta) -> Appointment:
    """An appointment `delta` after the complaint was raised."""
    return Appointment(at=RAISED_AT + delta, place="UBND xã")


# --- raising ------------------------------------------------------------------------------


def test_a_complaint_is_raised_at_a_scheduled_session() -> None:
    """Raising records the complaint against the session's stream id."""
    events = decide(raise_complaint(), given(), ComplaintFacts(session=OPEN_SESSION, unit=COMMUNE))
    assert events == (RAISED,)


def test_a_raised_complaint_is_open_without_an_outcome() -> None:
    """Raising folds into an open complaint, neither answered nor resolved."""
    state = state_of(*OPEN)
    assert state.outcome is ComplaintOutcome.OPEN
    assert not state.has_outcome
    assert (state.answered, state.resolved, state.appointment) == (False, False, None)
    assert state.raised_at == RAISED_AT
    assert state.session_id == SESSION


def test_raising_the_same_complaint_twice_is_refused() -> None:
    """A complaint id is used once."""
    with pytest.raises(AlreadyExistsError) as e:
        decide(raise_complaint(), given(*OPEN), ComplaintFacts(session=OPEN_SESSION))
    assert e.value.code == "already_exists"


def test_raising_a_complaint_at_an_unknown_session_is_refused() -> None:
    """The session must be scheduled first."""
    with pytest.raises(NotFoundError):
        decide(raise_complaint(), given(), ComplaintFacts(session=None))


@pytest.mark.parametrize("status", [SessionStatus.CLOSED, SessionStatus.CANCELLED])
def test_raising_a_complaint_at_a_finished_session_is_refused(status: SessionStatus) -> None:
    """A closed or cancelled session takes no new complaints."""
    with pytest.raises(InvalidStateError) as e:
        decide(
            raise_complaint(),
            given(),
            ComplaintFacts(session=SessionInfo(unit="29500", status=status)),
        )
    assert e.value.code == "state.invalid"


@pytest.mark.parametrize(
    "command",
    [
        answer_on_spot(),
        take_on_record(),
        refer(),
        reschedule(),
        answer(),
        resolve(),
        RecordCitizenFeedback(occurred_at=AT, complaint_id=COMPLAINT, satisfied=True),
        ReopenComplaint(occurred_at=AT, complaint_id=COMPLAINT, reason="chưa thỏa đáng"),
        NoteSupervision(
            occurred_at=AT, complaint_id=COMPLAINT, by=SupervisorKind.MTTQ, note="Theo dõi"
        ),
        WithdrawComplaint(occurred_at=AT, complaint_id=COMPLAINT, reason="rút"),
    ],
    ids=lambda c: type(c).__name__,
)
def test_acting_on_an_unknown_complaint_is_refused(command: Command) -> None:
    """Every command but raising needs a recorded complaint."""
    with pytest.raises(NotFoundError) as e:
        decide(command, given(), FACTS)
    assert e.value.code == "not_found"


# --- answering on the spot ----------------------------------------------------------------


def test_an_on_the_spot_answer_with_a_basis_is_recorded() -> None:
    """The answer, who gave it and its legal basis are recorded."""
    events = decide(answer_on_spot(), given(*OPEN), FACTS)
    assert events == (ANSWERED_ON_SPOT,)


def test_an_on_the_spot_answer_counts_as_an_answer_but_not_a_resolution() -> None:
    """Answered is not resolved."""
    state = state_of(*ON_SPOT)
    assert state.outcome is ComplaintOutcome.ANSWERED_ON_SPOT
    assert state.has_outcome
    assert state.answered
    assert not state.resolved


@pytest.mark.parametrize("basis", [None, ""])
def test_an_on_the_spot_answer_without_a_basis_is_refused(basis: str | None) -> None:
    """Without a legal or policy basis the complaint must be taken on record instead."""
    with pytest.raises(BasisRequiredError) as e:
        decide(answer_on_spot(basis), given(*OPEN), FACTS)
    assert e.value.code == "answers.basis_required"


def test_an_on_the_spot_answer_by_an_unknown_official_is_refused() -> None:
    """The answering official must be recorded."""
    with pytest.raises(NotFoundError):
        decide(answer_on_spot(), given(*OPEN), ComplaintFacts(session=OPEN_SESSION))


def test_an_on_the_spot_answer_by_an_official_who_left_is_refused() -> None:
    """The answering official must still be in office."""
    gone = OfficialInfo(official_id=OFFICIAL, unit="29500", active=False)
    with pytest.raises(DomainError) as e:
        decide(answer_on_spot(), given(*OPEN), ComplaintFacts(official=gone))
    assert e.value.code == "official.inactive"


@histories("answered_on_spot", "taken_on_record", "referred", "answered", "resolved", "withdrawn")
def test_only_an_open_complaint_is_answered_on_the_spot(history: tuple[Event, ...]) -> None:
    """Once the complaint has an outcome, it is no longer answered on the spot."""
    with pytest.raises(InvalidStateError):
        decide(answer_on_spot(), given(*history), FACTS)


# --- taking on record ---------------------------------------------------------------------


def test_taking_on_record_with_an_appointment_within_the_limit_is_recorded() -> None:
    """The reason, the appointment (time and place) and who is responsible are recorded."""
    events = decide(take_on_record(), given(*OPEN), FACTS)
    assert events == (TAKEN_ON_RECORD,)


def test_a_complaint_taken_on_record_has_an_outcome_and_an_appointment() -> None:
    """An appointment is an outcome (the session may close) but not an answer."""
    state = state_of(*ON_RECORD)
    assert state.outcome is ComplaintOutcome.TAKEN_ON_RECORD
    assert state.has_outcome
    assert state.appointment == APPOINTMENT
    assert not state.answered


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(hours=-1)], ids=["same_time", "before"])
def test_an_appointment_not_after_the_complaint_is_refused(delta: timedelta) -> None:
    """The appointment must come after the complaint was raised."""
    with pytest.raises(AppointmentBeforeComplaintError) as e:
        decide(take_on_record(appointment_in(delta)), given(*OPEN), FACTS)
    assert e.value.code == "answers.appointment_before_complaint"


def test_an_appointment_beyond_the_limit_is_refused() -> None:
    """The appointment lies within the configured number of days (30 by default)."""
    with pytest.raises(AppointmentBeyondLimitError) as e:
        decide(take_on_record(appointment_in(timedelta(days=30, minutes=1))), given(*OPEN), FACTS)
    assert e.value.code == "answers.appointment_beyond_limit"
    assert e.value.params["limit_days"] == 30


def test_an_appointment_exactly_at_the_limit_is_accepted() -> None:
    """The last moment of the limit is still within it."""
    events = decide(take_on_record(appointment_in(timedelta(days=30))), given(*OPEN), FACTS)
    assert [type(e) for e in events] == [ComplaintTakenOnRecord]


def test_the_appointment_limit_comes_from_the_policy_config() -> None:
    """With a 7-day limit, an appointment in 8 days is refused."""
    facts = ComplaintFacts(config=PolicyConfig(appointment_limit_days=7), official=ACTIVE)
    with pytest.raises(AppointmentBeyondLimitError):
        decide(take_on_record(appointment_in(timedelta(days=8))), given(*OPEN), facts)


@histories("answered_on_spot", "taken_on_record", "referred", "answered", "resolved", "withdrawn")
def test_only_an_open_complaint_is_taken_on_record(history: tuple[Event, ...]) -> None:
    """A complaint with an outcome is not taken on record again."""
    with pytest.raises(InvalidStateError):
        decide(take_on_record(), given(*history), FACTS)


# --- referring ----------------------------------------------------------------------------


@histories("open", "taken_on_record")
def test_an_open_or_recorded_complaint_is_referred(history: tuple[Event, ...]) -> None:
    """A complaint beyond the commune's authority goes to the competent agency."""
    events = decide(refer(), given(*history), FACTS)
    assert events == (REFERRED,)
    state = state_of(*history, *events)
    assert state.outcome is ComplaintOutcome.REFERRED
    assert state.appointment == APPOINTMENT
    assert not state.answered


@histories("answered_on_spot", "referred", "answered", "resolved", "withdrawn")
def test_an_answered_referred_or_finished_complaint_is_not_referred(
    history: tuple[Event, ...],
) -> None:
    """Referral happens before an answer, once."""
    with pytest.raises(InvalidStateError):
        decide(refer(), given(*history), FACTS)


def test_a_referral_appointment_before_the_complaint_is_refused() -> None:
    """A referral's appointment must also come after the complaint."""
    with pytest.raises(AppointmentBeforeComplaintError):
        decide(refer(appointment_in(timedelta(hours=-1))), given(*OPEN), FACTS)


def test_a_referral_appointment_beyond_the_limit_is_refused() -> None:
    """A referral's appointment must also lie within the limit."""
    with pytest.raises(AppointmentBeyondLimitError):
        decide(refer(appointment_in(timedelta(days=40))), given(*OPEN), FACTS)


# --- rescheduling the appointment ---------------------------------------------------------


@histories("taken_on_record", "referred")
def test_an_awaited_appointment_is_rescheduled_with_a_reason(history: tuple[Event, ...]) -> None:
    """The new appointment and the reason are recorded; the state holds the new appointment."""
    events = decide(reschedule(), given(*history), FACTS)
    assert events == (
        AppointmentRescheduled(
            occurred_at=AT, appointment=LATER_APPOINTMENT, reason="cần thêm hồ sơ"
        ),
    )
    state = state_of(*history, *events)
    assert state.appointment == LATER_APPOINTMENT
    assert state.outcome is state_of(*history).outcome


@histories("open", "answered_on_spot", "answered", "resolved", "withdrawn")
def test_only_an_awaited_appointment_is_rescheduled(history: tuple[Event, ...]) -> None:
    """Without a pending appointment there is nothing to reschedule."""
    with pytest.raises(InvalidStateError):
        decide(reschedule(), given(*history), FACTS)


def test_a_rescheduled_appointment_in_the_past_is_refused() -> None:
    """The new appointment must lie ahead."""
    with pytest.raises(AppointmentBeforeComplaintError):
        decide(reschedule(appointment_in(timedelta(hours=-1))), given(*ON_RECORD), FACTS)


def test_a_rescheduled_appointment_beyond_the_limit_is_refused() -> None:
    """The new appointment must also lie within the limit."""
    with pytest.raises(AppointmentBeyondLimitError):
        decide(reschedule(appointment_in(timedelta(days=40))), given(*ON_RECORD), FACTS)


# --- answering later ----------------------------------------------------------------------


@histories("taken_on_record", "referred")
def test_a_recorded_or_referred_complaint_is_answered(history: tuple[Event, ...]) -> None:
    """The later answer is recorded; the complaint is answered but not resolved."""
    events = decide(answer(), given(*history), FACTS)
    assert events == (ANSWERED,)
    state = state_of(*history, *events)
    assert state.outcome is ComplaintOutcome.ANSWERED
    assert state.answered
    assert not state.resolved


@histories("open", "answered_on_spot", "answered", "resolved", "withdrawn")
def test_only_an_awaited_complaint_is_answered_later(history: tuple[Event, ...]) -> None:
    """An open complaint is answered on the spot or taken on record first."""
    with pytest.raises(InvalidStateError):
        decide(answer(), given(*history), FACTS)


def test_an_answer_by_an_official_who_left_is_refused() -> None:
    """The answering official must still be in office."""
    gone = OfficialInfo(official_id=OFFICIAL, unit="29500", active=False)
    with pytest.raises(DomainError) as e:
        decide(answer(), given(*ON_RECORD), ComplaintFacts(official=gone))
    assert e.value.code == "official.inactive"


def test_an_answer_by_an_unknown_official_is_refused() -> None:
    """The answering official must be recorded."""
    with pytest.raises(NotFoundError):
        decide(answer(), given(*ON_RECORD), ComplaintFacts(official=None))


# --- resolving ----------------------------------------------------------------------------


@histories("answered_on_spot", "answered")
def test_an_answered_complaint_is_resolved(history: tuple[Event, ...]) -> None:
    """Resolution is a separate step after the answer."""
    events = decide(resolve(), given(*history), FACTS)
    assert events == (RESOLVED,)
    state = state_of(*history, *events)
    assert state.outcome is ComplaintOutcome.RESOLVED
    assert state.resolved
    assert state.answered


@histories("open", "taken_on_record", "referred")
def test_a_complaint_cannot_be_resolved_before_it_is_answered(
    history: tuple[Event, ...],
) -> None:
    """No resolution without an answer first."""
    with pytest.raises(InvalidStateError) as e:
        decide(resolve(), given(*history), FACTS)
    assert e.value.code == "state.invalid"


@histories("resolved", "withdrawn")
def test_a_resolved_or_withdrawn_complaint_is_not_resolved_again(
    history: tuple[Event, ...],
) -> None:
    """Resolution is recorded once, and never for a withdrawn complaint."""
    with pytest.raises(InvalidStateError):
        decide(resolve(), given(*history), FACTS)


def test_a_resolution_by_an_official_who_left_is_refused() -> None:
    """The resolving official must still be in office."""
    gone = OfficialInfo(official_id=OFFICIAL, unit="29500", active=False)
    with pytest.raises(DomainError) as e:
        decide(resolve(), given(*ON_SPOT), ComplaintFacts(official=gone))
    assert e.value.code == "official.inactive"


# --- citizen feedback ---------------------------------------------------------------------


@histories("answered_on_spot", "answered", "resolved")
def test_citizen_feedback_is_recorded_after_an_answer(history: tuple[Event, ...]) -> None:
    """Whether the citizen was satisfied is recorded; it changes nothing else."""
    events = decide(
        RecordCitizenFeedback(
            occurred_at=LATER, complaint_id=COMPLAINT, satisfied=False, comment="chưa thỏa đáng"
        ),
        given(*history),
        FACTS,
    )
    assert events == (
        CitizenFeedbackRecorded(occurred_at=LATER, satisfied=False, comment="chưa thỏa đáng"),
    )
    assert given(*history, *events) == given(*history)


@histories("open", "taken_on_record", "referred")
def test_citizen_feedback_before_an_answer_is_refused(history: tuple[Event, ...]) -> None:
    """There is nothing to be satisfied with before an answer."""
    with pytest.raises(InvalidStateError):
        decide(
            RecordCitizenFeedback(occurred_at=LATER, complaint_id=COMPLAINT, satisfied=True),
            given(*history),
            FACTS,
        )


# --- reopening ----------------------------------------------------------------------------


def reopen() -> ReopenComplaint:
    """Reopen the complaint, with a reason."""
    return ReopenComplaint(occurred_at=LATER, complaint_id=COMPLAINT, reason="chưa thỏa đáng")


@histories("answered_on_spot", "answered", "resolved")
def test_an_answered_or_resolved_complaint_is_reopened(history: tuple[Event, ...]) -> None:
    """An unsatisfactory answer or resolution can be reopened, with a reason."""
    events = decide(reopen(), given(*history), FACTS)
    assert events == (ComplaintReopened(occurred_at=LATER, reason="chưa thỏa đáng"),)


def test_a_reopened_complaint_with_an_appointment_goes_back_to_taken_on_record() -> None:
    """It awaits an answer again, keeping its appointment; neither answered nor resolved."""
    reopened = ComplaintReopened(occurred_at=LATER, reason="chưa thỏa đáng")
    state = state_of(*ANSWERED_LATER, RESOLVED, reopened)
    assert state.outcome is ComplaintOutcome.TAKEN_ON_RECORD
    assert state.appointment == APPOINTMENT
    assert not state.answered
    assert not state.resolved


def test_a_reopened_complaint_answered_on_the_spot_is_open_again() -> None:
    """Without an appointment it goes back to open (and blocks the session from closing)."""
    state = state_of(*ON_SPOT, ComplaintReopened(occurred_at=LATER, reason="sai căn cứ"))
    assert state.outcome is ComplaintOutcome.OPEN
    assert not state.has_outcome
    assert not state.answered


def test_a_reopened_complaint_can_be_answered_again() -> None:
    """After reopening, the complaint follows the answering path once more."""
    history = (*ANSWERED_LATER, ComplaintReopened(occurred_at=LATER, reason="chưa thỏa đáng"))
    assert decide(answer(), given(*history), FACTS) == (ANSWERED,)


@histories("open", "taken_on_record", "referred")
def test_an_unanswered_complaint_is_not_reopened(history: tuple[Event, ...]) -> None:
    """Only an answered or resolved complaint is reopened."""
    with pytest.raises(InvalidStateError):
        decide(reopen(), given(*history), FACTS)


def test_a_withdrawn_complaint_is_not_reopened_even_if_it_was_answered() -> None:
    """The citizen withdrew it: there is nothing to reopen."""
    with pytest.raises(InvalidStateError):
        decide(reopen(), given(*ON_SPOT, WITHDRAWN), FACTS)


# --- supervision --------------------------------------------------------------------------


@histories("open", "answered", "resolved", "withdrawn")
def test_supervision_is_noted_in_any_state(history: tuple[Event, ...]) -> None:
    """MTTQ or the People's Inspectorate may note something at any point; state is unchanged."""
    events = decide(
        NoteSupervision(
            occurred_at=LATER,
            complaint_id=COMPLAINT,
            by=SupervisorKind.PEOPLES_INSPECTORATE,
            note="Trả lời chậm",
            concern=True,
        ),
        given(*history),
        FACTS,
    )
    assert events == (
        SupervisionNoted(
            occurred_at=LATER,
            by=SupervisorKind.PEOPLES_INSPECTORATE,
            note="Trả lời chậm",
            concern=True,
        ),
    )
    assert given(*history, *events) == given(*history)


# --- withdrawing --------------------------------------------------------------------------


def withdraw() -> WithdrawComplaint:
    """The citizen withdraws the complaint."""
    return WithdrawComplaint(
        occurred_at=AT, complaint_id=COMPLAINT, reason="công dân tự thỏa thuận"
    )


@histories("open", "answered_on_spot", "taken_on_record", "referred", "answered")
def test_an_unfinished_complaint_is_withdrawn(history: tuple[Event, ...]) -> None:
    """The citizen may withdraw until the matter is resolved."""
    events = decide(withdraw(), given(*history), FACTS)
    assert events == (WITHDRAWN,)
    assert state_of(*history, *events).outcome is ComplaintOutcome.WITHDRAWN


@histories("resolved", "withdrawn")
def test_a_resolved_or_withdrawn_complaint_is_not_withdrawn(history: tuple[Event, ...]) -> None:
    """Withdrawal comes before the end, once."""
    with pytest.raises(InvalidStateError):
        decide(withdraw(), given(*history), FACTS)


def test_a_withdrawn_complaint_still_counts_as_having_an_outcome() -> None:
    """A withdrawn complaint does not hold its session open."""
    assert state_of(*WITHDRAWN_).has_outcome
