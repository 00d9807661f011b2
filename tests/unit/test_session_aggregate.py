"""Given/when/then tests of the session decider: scheduling, the morning's record, closing."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict
from uuid import UUID

import pytest

from nghedan_core.aggregates._base import Event, OfficialInfo, UnitInfo
from nghedan_core.aggregates.session import (
    CancelSession,
    CloseSession,
    CommendOfficial,
    ComplaintReceived,
    FlagCeremonyHeld,
    HearProposal,
    HoldFlagCeremony,
    HoldReception,
    InspectSession,
    MonthReviewed,
    OfficialCommended,
    OfficialReminded,
    ProposalHeard,
    ReceiveComplaint,
    ReceptionHeld,
    RemindOfficial,
    RescheduleSession,
    ReviewMonth,
    ScheduleSession,
    SessionCancelled,
    SessionClosed,
    SessionFacts,
    SessionInspected,
    SessionRescheduled,
    SessionScheduled,
    SessionStatus,
    State,
    decide,
    evolve,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import (
    AlreadyExistsError,
    DomainError,
    InvalidStateError,
    NotFoundError,
    OpenComplaintsError,
    RotationReasonRequiredError,
    SchedulingReasonRequiredError,
    ShortfallReasonRequiredError,
)
from nghedan_core.values import VIETNAM_TZ, Month, OfficialRole, SessionLevel, UnitKind

AT = datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
MARCH = Month(2024, 3)
FIRST_MONDAY = date(2024, 3, 4)
HAMLETS = ("29500-01", "29500-02", "29500-03")
COMMUNE = UnitInfo(code="29500", name="Xã Tân Phước", kind=UnitKind.COMMUNE.value, hamlets=HAMLETS)
PROVINCE = UnitInfo(code="82", name="Tỉnh Tiền Giang", kind=UnitKind.PROVINCE.value)
OFFICIAL = UUID("00000000-0000-4000-8000-000000000001")
INSPECTOR = UUID("00000000-0000-4000-8000-000000000002")
SUPERVISOR = OfficialInfo(
    official_id=INSPECTOR, unit="82", roles=frozenset({OfficialRole.SUPERVISOR})
)
LEADER = OfficialInfo(official_id=OFFICIAL, unit="29500", roles=frozenset({OfficialRole.LEADER}))
FACTS = SessionFacts(unit=COMMUNE)


class _Key(TypedDict):
    unit: str
    month: Month
    occurred_at: datetime


#: the session a command addresses: the commune's March 2024 session
KEY = _Key(unit="29500", month=MARCH, occurred_at=AT)


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events: the state a command is decided against."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def scheduled(
    level: SessionLevel = SessionLevel.COMMUNE, unit: str = "29500", day: date = FIRST_MONDAY
) -> SessionScheduled:
    """A `SessionScheduled` event for March 2024."""
    return SessionScheduled(
        occurred_at=AT, unit=unit, month=MARCH, level=level, date=day, reception_hamlet=HAMLETS[0]
    )


SCHEDULED = scheduled()
CLOSED = SessionClosed(occurred_at=AT, minutes="Biên bản", visits_made=2, visits_required=2)
CANCELLED = SessionCancelled(occurred_at=AT, reason="bão")


def schedule(**changes: object) -> ScheduleSession:
    """A `ScheduleSession` command on the first Monday of March 2024, with `changes`."""
    fields: dict[str, object] = {
        "occurred_at": AT,
        "unit": "29500",
        "month": MARCH,
        "date": FIRST_MONDAY,
    }
    fields.update(changes)
    return ScheduleSession(**fields)  # type: ignore[arg-type]


# --- scheduling ---------------------------------------------------------------------------


def test_a_commune_session_on_the_first_monday_at_the_due_hamlet_is_scheduled() -> None:
    """The rule-abiding schedule is recorded with no reasons."""
    events = decide(
        schedule(reception_hamlet=HAMLETS[0], hosts=(OFFICIAL,)),
        given(),
        SessionFacts(unit=COMMUNE, hosts={OFFICIAL: LEADER}),
    )
    assert events == (
        SessionScheduled(
            occurred_at=AT,
            unit="29500",
            month=MARCH,
            level=SessionLevel.COMMUNE,
            date=FIRST_MONDAY,
            reception_hamlet=HAMLETS[0],
            hosts=(OFFICIAL,),
        ),
    )


def test_scheduling_a_second_session_for_the_same_unit_month_and_level_is_refused() -> None:
    """One session per unit, month and level."""
    with pytest.raises(AlreadyExistsError) as e:
        decide(schedule(), given(SCHEDULED), FACTS)
    assert e.value.code == "already_exists"


def test_scheduling_for_an_unknown_unit_is_refused() -> None:
    """The unit must be recorded."""
    with pytest.raises(NotFoundError):
        decide(schedule(), given(), SessionFacts(unit=None))


def test_scheduling_for_a_merged_unit_is_refused() -> None:
    """A merged unit takes no new sessions."""
    merged = UnitInfo(code="29500", name="Xã cũ", kind="commune", merged_into="29501")
    with pytest.raises(DomainError) as e:
        decide(schedule(), given(), SessionFacts(unit=merged))
    assert e.value.code == "unit.merged"


@pytest.mark.parametrize("kind", [UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.HAMLET])
def test_a_commune_session_needs_a_commune_level_unit(kind: UnitKind) -> None:
    """Only communes, wards, towns and special zones hold the monthly commune session."""
    unit = UnitInfo(code="29500", name="Đơn vị", kind=kind.value)
    with pytest.raises(DomainError) as e:
        decide(schedule(), given(), SessionFacts(unit=unit))
    assert e.value.code == "unit.not_commune_level"


@pytest.mark.parametrize("kind", [UnitKind.WARD, UnitKind.TOWN, UnitKind.SPECIAL_ZONE])
def test_wards_towns_and_special_zones_hold_commune_sessions(kind: UnitKind) -> None:
    """Every commune-level kind may schedule a commune session."""
    unit = UnitInfo(code="29500", name="Đơn vị", kind=kind.value)
    assert len(decide(schedule(), given(), SessionFacts(unit=unit))) == 1


def test_a_supervisory_session_may_be_held_by_a_province() -> None:
    """The supervising level is not commune-level, and needs not be."""
    events = decide(
        schedule(unit="82", level=SessionLevel.SUPERVISORY), given(), SessionFacts(unit=PROVINCE)
    )
    assert [type(e) for e in events] == [SessionScheduled]
    assert events[0].level is SessionLevel.SUPERVISORY  # type: ignore[attr-defined]


def test_a_session_on_a_day_other_than_the_first_monday_needs_a_reason() -> None:
    """Without a reason, a commune session off the first Monday is refused."""
    with pytest.raises(SchedulingReasonRequiredError) as e:
        decide(schedule(date=date(2024, 3, 11)), given(), FACTS)
    assert e.value.code == "scheduling.reason_required"
    assert e.value.params == {"date": "2024-03-11", "first_monday": "2024-03-04"}


def test_a_session_on_another_day_with_a_reason_is_scheduled_and_keeps_the_reason() -> None:
    """With a recorded reason the other day is accepted; the reason is on the event."""
    (event,) = decide(
        schedule(date=date(2024, 3, 11), date_reason="trùng lịch họp huyện"), given(), FACTS
    )
    assert isinstance(event, SessionScheduled)
    assert event.date == date(2024, 3, 11)
    assert event.date_reason == "trùng lịch họp huyện"


def test_an_empty_date_reason_is_no_reason() -> None:
    """An empty reason does not count as recorded; a blank one cannot even be built."""
    with pytest.raises(SchedulingReasonRequiredError):
        decide(schedule(date=date(2024, 3, 11), date_reason=""), given(), FACTS)
    with pytest.raises(ValueError, match="date_reason"):
        schedule(date=date(2024, 3, 11), date_reason="   ")


def test_a_supervisory_session_is_exempt_from_the_first_monday() -> None:
    """The supervising level meets at its own time: no reason is needed."""
    (event,) = decide(
        schedule(unit="82", level=SessionLevel.SUPERVISORY, date=date(2024, 3, 20)),
        given(),
        SessionFacts(unit=PROVINCE),
    )
    assert isinstance(event, SessionScheduled)
    assert event.date == date(2024, 3, 20)
    assert event.date_reason is None


@pytest.mark.parametrize("level", list(SessionLevel))
def test_a_session_date_outside_its_month_is_refused_even_with_a_reason(
    level: SessionLevel,
) -> None:
    """The date must fall in the session's month; no reason overrides that."""
    with pytest.raises(DomainError) as e:
        decide(
            schedule(date=date(2024, 4, 1), level=level, date_reason="lý do"),
            given(),
            SessionFacts(unit=COMMUNE),
        )
    assert e.value.code == "scheduling.date_outside_month"


def test_the_reception_must_be_at_one_of_the_units_hamlets() -> None:
    """A hamlet of another unit is refused, even with a reason."""
    with pytest.raises(DomainError) as e:
        decide(schedule(reception_hamlet="99999-01", hamlet_reason="lý do"), given(), FACTS)
    assert e.value.code == "unit.not_hamlet_of"


def test_reception_off_the_rotation_needs_a_reason() -> None:
    """Choosing a hamlet other than the least recently hosted one needs a reason."""
    facts = SessionFacts(
        unit=COMMUNE,
        last_hosted={
            HAMLETS[0]: date(2024, 2, 5),
            HAMLETS[1]: date(2024, 1, 1),
            HAMLETS[2]: date(2023, 12, 4),
        },
    )
    with pytest.raises(RotationReasonRequiredError) as e:
        decide(schedule(reception_hamlet=HAMLETS[0]), given(), facts)
    assert e.value.code == "scheduling.rotation_reason_required"
    assert e.value.params == {"expected": HAMLETS[2], "chosen": HAMLETS[0]}


def test_reception_off_the_rotation_with_a_reason_is_scheduled_and_keeps_the_reason() -> None:
    """E.g. "nhiều bức xúc": the reason is recorded on the event."""
    facts = SessionFacts(unit=COMMUNE, last_hosted={HAMLETS[0]: date(2024, 2, 5)})
    (event,) = decide(
        schedule(reception_hamlet=HAMLETS[0], hamlet_reason="nhiều bức xúc"), given(), facts
    )
    assert isinstance(event, SessionScheduled)
    assert event.reception_hamlet == HAMLETS[0]
    assert event.hamlet_reason == "nhiều bức xúc"


def test_the_least_recently_hosted_hamlet_is_within_the_rotation() -> None:
    """The hamlet due by rotation needs no reason."""
    facts = SessionFacts(
        unit=COMMUNE,
        last_hosted={
            HAMLETS[0]: date(2024, 2, 5),
            HAMLETS[1]: date(2024, 1, 1),
            HAMLETS[2]: date(2023, 12, 4),
        },
    )
    (event,) = decide(schedule(reception_hamlet=HAMLETS[2]), given(), facts)
    assert isinstance(event, SessionScheduled)
    assert event.hamlet_reason is None


def test_a_hamlet_tied_with_the_due_one_is_within_the_rotation() -> None:
    """Two hamlets never hosted are equally due: either may host without a reason."""
    facts = SessionFacts(unit=COMMUNE, last_hosted={HAMLETS[0]: date(2024, 2, 5)})
    (event,) = decide(schedule(reception_hamlet=HAMLETS[2]), given(), facts)
    assert isinstance(event, SessionScheduled)
    assert event.reception_hamlet == HAMLETS[2]


def test_a_province_without_hamlet_rotation_needs_no_rotation_reason() -> None:
    """With `hamlet_rotation = false` any hamlet of the unit may host."""
    facts = SessionFacts(
        unit=COMMUNE,
        last_hosted={HAMLETS[0]: date(2024, 2, 5)},
        config=PolicyConfig(hamlet_rotation=False),
    )
    (event,) = decide(schedule(reception_hamlet=HAMLETS[0]), given(), facts)
    assert isinstance(event, SessionScheduled)
    with pytest.raises(DomainError) as e:
        decide(schedule(reception_hamlet="99999-01"), given(), facts)
    assert e.value.code == "unit.not_hamlet_of"


def test_a_supervisory_session_is_exempt_from_the_hamlet_rotation() -> None:
    """The supervising level receives citizens at its own points."""
    (event,) = decide(
        schedule(unit="82", level=SessionLevel.SUPERVISORY, reception_hamlet="29500-01"),
        given(),
        SessionFacts(unit=PROVINCE),
    )
    assert isinstance(event, SessionScheduled)
    assert event.reception_hamlet == "29500-01"


def test_a_scheduled_session_starts_empty() -> None:
    """Scheduling folds into a scheduled session with nothing counted yet."""
    assert given(SCHEDULED) == State(
        unit="29500",
        month=MARCH,
        level=SessionLevel.COMMUNE,
        date=FIRST_MONDAY,
        reception_hamlet=HAMLETS[0],
        status=SessionStatus.SCHEDULED,
    )


# --- rescheduling -------------------------------------------------------------------------


def test_rescheduling_within_the_month_records_the_reason_and_moves_the_date() -> None:
    """A session moves to another day of its month, with its reason."""
    events = decide(
        RescheduleSession(**KEY, date=date(2024, 3, 11), reason="mưa bão"), given(SCHEDULED), FACTS
    )
    assert events == (SessionRescheduled(occurred_at=AT, date=date(2024, 3, 11), reason="mưa bão"),)
    state = given(SCHEDULED, *events)
    assert state is not None
    assert state.date == date(2024, 3, 11)


def test_rescheduling_outside_the_month_is_refused() -> None:
    """The new date must stay in the session's month."""
    with pytest.raises(DomainError) as e:
        decide(
            RescheduleSession(**KEY, date=date(2024, 4, 1), reason="mưa bão"),
            given(SCHEDULED),
            FACTS,
        )
    assert e.value.code == "scheduling.date_outside_month"


def test_rescheduling_needs_a_reason() -> None:
    """A reschedule without a reason cannot be built."""
    with pytest.raises(ValueError, match="reason"):
        RescheduleSession(**KEY, date=date(2024, 3, 11), reason="")


def test_rescheduling_an_unknown_session_is_refused() -> None:
    """Only a scheduled session can move."""
    with pytest.raises(NotFoundError):
        decide(RescheduleSession(**KEY, date=date(2024, 3, 11), reason="mưa"), given(), FACTS)


# --- the morning's record -----------------------------------------------------------------


def test_flag_ceremony_attendees_add_up() -> None:
    """Each recorded ceremony adds its attendees to the session's count."""
    events = decide(HoldFlagCeremony(**KEY, attendees=40), given(SCHEDULED), FACTS)
    assert events == (FlagCeremonyHeld(occurred_at=AT, attendees=40),)
    state = given(SCHEDULED, *events, FlagCeremonyHeld(occurred_at=AT, attendees=5))
    assert state is not None
    assert state.flag_attendees == 45


def test_attendance_cannot_be_negative() -> None:
    """A negative head count cannot be built."""
    with pytest.raises(ValueError, match="attendees"):
        HoldFlagCeremony(**KEY, attendees=-1)


def test_the_month_review_and_proposals_are_recorded() -> None:
    """Review and proposals become events and leave the state unchanged."""
    review = decide(
        ReviewMonth(**KEY, summary="Tổng kết tháng 2", next_focus="Vệ sinh môi trường"),
        given(SCHEDULED),
        FACTS,
    )
    proposal = decide(
        HearProposal(**KEY, proposer="Hội Nông dân", content="Sửa cầu"), given(SCHEDULED), FACTS
    )
    assert review == (
        MonthReviewed(occurred_at=AT, summary="Tổng kết tháng 2", next_focus="Vệ sinh môi trường"),
    )
    assert proposal == (ProposalHeard(occurred_at=AT, proposer="Hội Nông dân", content="Sửa cầu"),)
    assert given(SCHEDULED, *review, *proposal) == given(SCHEDULED)


def test_an_active_official_is_commended_and_reminded() -> None:
    """Commendations and reminders name an official in office."""
    facts = SessionFacts(unit=COMMUNE, official=LEADER)
    commended = decide(
        CommendOfficial(**KEY, official_id=OFFICIAL, reason="tích cực"), given(SCHEDULED), facts
    )
    reminded = decide(
        RemindOfficial(**KEY, official_id=OFFICIAL, reason="chậm trễ"), given(SCHEDULED), facts
    )
    assert commended == (
        OfficialCommended(occurred_at=AT, official_id=OFFICIAL, reason="tích cực"),
    )
    assert reminded == (OfficialReminded(occurred_at=AT, official_id=OFFICIAL, reason="chậm trễ"),)


@pytest.mark.parametrize("command_type", [CommendOfficial, RemindOfficial])
def test_commending_or_reminding_an_unknown_official_is_refused(
    command_type: type[CommendOfficial | RemindOfficial],
) -> None:
    """The official must be recorded."""
    with pytest.raises(NotFoundError):
        decide(
            command_type(**KEY, official_id=OFFICIAL, reason="lý do"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, official=None),
        )


@pytest.mark.parametrize("command_type", [CommendOfficial, RemindOfficial])
def test_commending_or_reminding_an_official_who_left_is_refused(
    command_type: type[CommendOfficial | RemindOfficial],
) -> None:
    """The official must still be in office."""
    gone = OfficialInfo(official_id=OFFICIAL, unit="29500", active=False)
    with pytest.raises(DomainError) as e:
        decide(
            command_type(**KEY, official_id=OFFICIAL, reason="lý do"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, official=gone),
        )
    assert e.value.code == "official.inactive"


# --- reception ----------------------------------------------------------------------------


def test_reception_at_a_hamlet_of_the_unit_is_recorded() -> None:
    """A reception names the hamlet and the citizens present."""
    events = decide(HoldReception(**KEY, hamlet=HAMLETS[1], attendees=30), given(SCHEDULED), FACTS)
    assert events == (ReceptionHeld(occurred_at=AT, hamlet=HAMLETS[1], attendees=30),)


def test_reception_attendees_add_up_and_the_last_hamlet_is_kept() -> None:
    """Receptions add their attendees; the state names the hamlet actually used."""
    state = given(
        SCHEDULED,
        ReceptionHeld(occurred_at=AT, hamlet=HAMLETS[1], attendees=30),
        ReceptionHeld(occurred_at=AT, hamlet=HAMLETS[1], attendees=12),
    )
    assert state is not None
    assert state.reception_attendees == 42
    assert state.reception_hamlet == HAMLETS[1]


def test_a_commune_reception_at_another_units_hamlet_is_refused() -> None:
    """A commune receives citizens at its own hamlets."""
    with pytest.raises(DomainError) as e:
        decide(HoldReception(**KEY, hamlet="99999-01", attendees=3), given(SCHEDULED), FACTS)
    assert e.value.code == "unit.not_hamlet_of"


def test_a_supervisory_reception_may_be_held_anywhere() -> None:
    """The supervising level is not bound to its own hamlets."""
    session = scheduled(level=SessionLevel.SUPERVISORY, unit="82")
    events = decide(
        HoldReception(
            occurred_at=AT,
            unit="82",
            month=MARCH,
            level=SessionLevel.SUPERVISORY,
            hamlet="29500-01",
            attendees=3,
        ),
        given(session),
        SessionFacts(unit=PROVINCE),
    )
    assert events == (ReceptionHeld(occurred_at=AT, hamlet="29500-01", attendees=3),)


def test_reception_for_a_unit_merged_since_is_refused() -> None:
    """A unit merged after scheduling takes no new records."""
    merged = UnitInfo(code="29500", name="Xã cũ", kind="commune", hamlets=HAMLETS, merged_into="1")
    with pytest.raises(DomainError) as e:
        decide(
            HoldReception(**KEY, hamlet=HAMLETS[0], attendees=3),
            given(SCHEDULED),
            SessionFacts(unit=merged),
        )
    assert e.value.code == "unit.merged"


# --- closing ------------------------------------------------------------------------------


def test_a_session_with_every_complaint_answered_and_the_quota_met_closes() -> None:
    """Closing records the minutes and the visits made against the quota."""
    events = decide(
        CloseSession(**KEY, minutes="Biên bản"),
        given(SCHEDULED),
        SessionFacts(unit=COMMUNE, visits_made=2),
    )
    assert events == (
        SessionClosed(occurred_at=AT, minutes="Biên bản", visits_made=2, visits_required=2),
    )
    state = given(SCHEDULED, *events)
    assert state is not None
    assert state.status is SessionStatus.CLOSED


def test_a_session_with_open_complaints_cannot_close() -> None:
    """Every complaint needs an answer or an appointment first; no reason overrides that."""
    with pytest.raises(OpenComplaintsError) as e:
        decide(
            CloseSession(**KEY, minutes="Biên bản", shortfall_reason="lý do"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, open_complaints=2, visits_made=5),
        )
    assert e.value.code == "session.open_complaints"
    assert e.value.params == {"count": 2}


def test_a_quota_shortfall_without_a_reason_is_refused() -> None:
    """Fewer visits than the monthly quota need a recorded reason."""
    with pytest.raises(ShortfallReasonRequiredError) as e:
        decide(
            CloseSession(**KEY, minutes="Biên bản"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, visits_made=1),
        )
    assert e.value.code == "quota.shortfall_reason_required"
    assert e.value.params == {"achieved": 1, "required": 2}


def test_a_quota_shortfall_with_a_reason_closes_the_session_and_records_the_reason() -> None:
    """Real data may fall short: the shortfall and its reason are recorded, not refused."""
    events = decide(
        CloseSession(**KEY, minutes="Biên bản", shortfall_reason="hộ đi vắng"),
        given(SCHEDULED),
        SessionFacts(unit=COMMUNE, visits_made=1),
    )
    assert events == (
        SessionClosed(
            occurred_at=AT,
            minutes="Biên bản",
            visits_made=1,
            visits_required=2,
            shortfall_reason="hộ đi vắng",
        ),
    )


def test_the_quota_comes_from_the_policy_config() -> None:
    """Another province's quota applies: 2 visits fall short of a quota of 3."""
    with pytest.raises(ShortfallReasonRequiredError):
        decide(
            CloseSession(**KEY, minutes="Biên bản"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, visits_made=2, config=PolicyConfig(monthly_quota=3)),
        )


def test_a_shortfall_reason_is_not_recorded_when_the_quota_is_met() -> None:
    """A reason given without a shortfall is not kept as one."""
    (event,) = decide(
        CloseSession(**KEY, minutes="Biên bản", shortfall_reason="thừa"),
        given(SCHEDULED),
        SessionFacts(unit=COMMUNE, visits_made=3),
    )
    assert isinstance(event, SessionClosed)
    assert event.shortfall_reason is None


def test_a_supervisory_session_is_exempt_from_the_quota() -> None:
    """The quota is per commune: a supervisory session closes with no visits and no reason."""
    session = scheduled(level=SessionLevel.SUPERVISORY, unit="82")
    events = decide(
        CloseSession(
            occurred_at=AT, unit="82", month=MARCH, level=SessionLevel.SUPERVISORY, minutes="BB"
        ),
        given(session),
        SessionFacts(unit=PROVINCE, visits_made=0),
    )
    assert events == (
        SessionClosed(occurred_at=AT, minutes="BB", visits_made=0, visits_required=0),
    )


def test_closing_an_unknown_session_is_refused() -> None:
    """Only a scheduled session can close."""
    with pytest.raises(NotFoundError):
        decide(CloseSession(**KEY, minutes="Biên bản"), given(), FACTS)


# --- cancelling and finished sessions -----------------------------------------------------


def test_cancelling_records_the_reason_and_cancels_the_session() -> None:
    """A cancelled session keeps its reason."""
    events = decide(CancelSession(**KEY, reason="bão"), given(SCHEDULED), FACTS)
    assert events == (CANCELLED,)
    state = given(SCHEDULED, *events)
    assert state is not None
    assert state.status is SessionStatus.CANCELLED


def test_a_complaint_raised_is_recorded_on_its_session_and_counted() -> None:
    """The session's side of a complaint: one event each, counted in the state."""
    first = decide(ReceiveComplaint(**KEY, complaint_id=OFFICIAL), given(SCHEDULED), FACTS)
    assert first == (ComplaintReceived(occurred_at=AT, complaint_id=OFFICIAL),)
    second = ComplaintReceived(occurred_at=AT, complaint_id=INSPECTOR)
    state = given(SCHEDULED, *first, second)
    assert state is not None
    assert (state.complaints_received, state.status) == (2, SessionStatus.SCHEDULED)


FINISHED_COMMANDS = [
    RescheduleSession(**KEY, date=date(2024, 3, 11), reason="mưa"),
    HoldFlagCeremony(**KEY, attendees=1),
    ReviewMonth(**KEY, summary="Tổng kết"),
    HearProposal(**KEY, proposer="Hội Phụ nữ", content="Đèn đường"),
    CommendOfficial(**KEY, official_id=OFFICIAL, reason="tốt"),
    RemindOfficial(**KEY, official_id=OFFICIAL, reason="chậm"),
    HoldReception(**KEY, hamlet=HAMLETS[0], attendees=1),
    ReceiveComplaint(**KEY, complaint_id=OFFICIAL),
    CloseSession(**KEY, minutes="Biên bản"),
    CancelSession(**KEY, reason="bão"),
]


@pytest.mark.parametrize("finished", [CLOSED, CANCELLED], ids=["closed", "cancelled"])
@pytest.mark.parametrize("command", FINISHED_COMMANDS, ids=lambda c: type(c).__name__)
def test_a_closed_or_cancelled_session_takes_no_more_records(
    finished: Event, command: CloseSession
) -> None:
    """Once closed or cancelled, only an inspection may still be recorded."""
    facts = SessionFacts(unit=COMMUNE, official=LEADER, visits_made=2)
    with pytest.raises(InvalidStateError) as e:
        decide(command, given(SCHEDULED, finished), facts)
    assert e.value.code == "state.invalid"


# --- inspection ---------------------------------------------------------------------------


def test_a_supervisor_inspects_a_closed_session() -> None:
    """The supervising level checks a session and its results after it closed."""
    events = decide(
        InspectSession(
            **KEY, inspector_id=INSPECTOR, findings="Đạt", follow_ups=("Theo dõi ý kiến 3",)
        ),
        given(SCHEDULED, CLOSED),
        SessionFacts(unit=COMMUNE, official=SUPERVISOR, above=("82",)),
    )
    assert events == (
        SessionInspected(
            occurred_at=AT,
            inspector_id=INSPECTOR,
            findings="Đạt",
            follow_ups=("Theo dõi ý kiến 3",),
        ),
    )


def test_inspections_are_counted() -> None:
    """Each inspection adds one to the session's count and leaves its status alone."""
    inspected = SessionInspected(occurred_at=AT, inspector_id=INSPECTOR, findings="Đạt")
    state = given(SCHEDULED, CLOSED, inspected, inspected)
    assert state is not None
    assert state.inspections == 2
    assert state.status is SessionStatus.CLOSED


def test_an_inspector_without_the_supervisor_role_is_refused() -> None:
    """Only a member of the supervising level inspects."""
    with pytest.raises(DomainError) as e:
        decide(
            InspectSession(**KEY, inspector_id=OFFICIAL, findings="Đạt"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, official=LEADER),
        )
    assert e.value.code == "official.role_missing"
    assert e.value.params == {"official": str(OFFICIAL), "unit": "29500", "role": "supervisor"}


def test_an_inspector_who_left_office_is_refused() -> None:
    """The inspector must still be in office."""
    gone = OfficialInfo(
        official_id=INSPECTOR, unit="82", roles=frozenset({OfficialRole.SUPERVISOR}), active=False
    )
    with pytest.raises(DomainError) as e:
        decide(
            InspectSession(**KEY, inspector_id=INSPECTOR, findings="Đạt"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, official=gone),
        )
    assert e.value.code == "official.inactive"


def test_an_unknown_inspector_is_refused() -> None:
    """The inspector must be a recorded official."""
    with pytest.raises(NotFoundError):
        decide(
            InspectSession(**KEY, inspector_id=INSPECTOR, findings="Đạt"),
            given(SCHEDULED),
            SessionFacts(unit=COMMUNE, official=None),
        )


def test_inspecting_an_unknown_session_is_refused() -> None:
    """There is nothing to inspect before the session is scheduled."""
    with pytest.raises(NotFoundError):
        decide(
            InspectSession(**KEY, inspector_id=INSPECTOR, findings="Đạt"),
            given(),
            SessionFacts(unit=COMMUNE, official=SUPERVISOR),
        )
