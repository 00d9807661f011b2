"""The contract every storage backend keeps (memory, SQLite file, PostgreSQL).

The same tests run against each backend: what a user records is what they read back,
a refused command writes nothing, a gift is one atomic save, a repeated command_id records
nothing, and every stream is hash-chained.
"""

from __future__ import annotations

from uuid import uuid4

import pytest

from nghedan_core import (
    AlreadyExistsError,
    AnswerOnSpot,
    Appointment,
    ConcurrencyConflictError,
    ConductVisit,
    ContributionReceived,
    ContributionSource,
    DeclareRelative,
    DisbursementMade,
    DisbursementPurpose,
    DomainError,
    InvalidInputError,
    MakeDisbursement,
    NgheDan,
    NotFoundError,
    Person,
    PlanVisit,
    PolicyConfig,
    RaiseComplaint,
    ReceiveContribution,
    RecordReason,
    RegisterUnit,
    SupportDelivered,
    TakeOnRecord,
    UnitKind,
    VisitConducted,
    Vnd,
    structure_command,
)
from nghedan_core.aggregates import household, visit
from nghedan_core.errors import (
    AppointmentBeforeComplaintError,
    ConflictOfInterestError,
    InsufficientBalanceError,
)
from nghedan_core.serialization import GENESIS, event_hash, unstructure

from world import COMMUNE, MONTH, at, build_world


def receive(amount: int, **kw: object) -> ReceiveContribution:
    """A flag-ceremony contribution to the test commune's fund."""
    return ReceiveContribution(
        unit=COMMUNE,
        receipt_id=uuid4(),
        amount=Vnd(amount),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=at(4, 7),
        **kw,  # type: ignore[arg-type]
    )


def test_recorded_events_read_back_in_global_order(backend_url: str) -> None:
    """Every event recorded is read back, in the order it was recorded."""
    app = NgheDan(backend_url)
    build_world(app)
    read = list(app.read())
    assert [p for p, _ in read] == sorted(p for p, _ in read)
    assert len(read) == app.max_position()
    # the store's start (its administrator), then the first unit
    assert read[0][1].topic == "nghedan.RecordStarted"
    assert read[1][1].event.code == "94"  # type: ignore[attr-defined]


def test_refused_command_writes_nothing(backend_url: str) -> None:
    """A command refused by a rule leaves the store exactly as it was."""
    app = NgheDan(backend_url)
    build_world(app, fund_vnd=1_000)
    before = app.max_position()
    w_household = app.state(household.AGGREGATE, next(iter(_households(app))))
    assert w_household is not None
    with pytest.raises(InsufficientBalanceError):
        app.handle(
            MakeDisbursement(
                unit=COMMUNE,
                disbursement_id=uuid4(),
                purpose=DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(1_001),
                household_id=w_household.household_id,
                approvers=_leaders(app)[:1],
                occurred_at=at(4, 15),
            )
        )
    assert app.max_position() == before


def test_unknown_unit_is_refused_and_nothing_written(backend_url: str) -> None:
    """Naming a unit that was never registered is refused with not_found."""
    app = NgheDan(backend_url)
    admin = app.start_record("Quản trị viên")
    with pytest.raises(NotFoundError):
        app.handle(
            RegisterUnit(
                code="29999", name="Xã Ma", kind=UnitKind.COMMUNE, parent="99", occurred_at=at(1)
            ),
            actor=admin,
        )
    assert app.max_position() == 1  # the store's start only


def test_negative_money_in_a_command_is_refused_before_anything_is_written(
    backend_url: str,
) -> None:
    """Negative đồng never becomes a command: the input is refused naming the field."""
    app = NgheDan(backend_url)
    build_world(app)
    before = app.max_position()
    data = unstructure(receive(1))
    data["amount"] = -500
    with pytest.raises(InvalidInputError) as e:
        structure_command({"command": "ReceiveContribution", **data})
    assert [p.path for p in e.value.problems] == ["$.amount"]
    assert app.max_position() == before


def test_appointment_before_the_complaint_is_refused(backend_url: str) -> None:
    """An appointment earlier than the complaint is refused and nothing is written."""
    app = NgheDan(backend_url)
    build_world(app)
    complaint_id = uuid4()
    app.handle(
        RaiseComplaint(
            complaint_id=complaint_id,
            unit=COMMUNE,
            month=MONTH,
            citizen=Person(person_id=uuid4(), full_name="Kim Thị Mai"),
            content="Đèn đường ấp Ô Rồm hỏng",
            occurred_at=at(4, 9),
        )
    )
    before = app.max_position()
    with pytest.raises(AppointmentBeforeComplaintError):
        app.handle(
            TakeOnRecord(
                complaint_id=complaint_id,
                reason=RecordReason.NEEDS_VERIFICATION,
                appointment=Appointment(at=at(3, 9), place="UBND xã"),
                responsible="Công chức địa chính",
                occurred_at=at(4, 10),
            )
        )
    assert app.max_position() == before


def test_conflicted_approver_is_refused_and_nothing_written(backend_url: str) -> None:
    """An approver who declared the household as a relative cannot approve its payment."""
    app = NgheDan(backend_url)
    w = build_world(app)
    app.handle(
        DeclareRelative(
            official_id=w.deputy, relation="em ruột", household_id=w.household, occurred_at=at(1)
        )
    )
    before = app.max_position()
    with pytest.raises(ConflictOfInterestError):
        app.handle(
            MakeDisbursement(
                unit=COMMUNE,
                disbursement_id=uuid4(),
                purpose=DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(300_000),
                household_id=w.household,
                approvers=(w.deputy,),
                occurred_at=at(4, 15),
            )
        )
    assert app.max_position() == before


def test_gift_records_visit_payment_and_support_in_one_save(backend_url: str) -> None:
    """Conducting a visit with a fund gift records all three events at one time."""
    app = NgheDan(backend_url)
    w = build_world(app)
    visit_id = uuid4()
    app.handle(
        PlanVisit(
            visit_id=visit_id,
            unit=COMMUNE,
            month=MONTH,
            household_id=w.household,
            team=(w.chair, w.clerk),
            occurred_at=at(4, 13),
        )
    )
    recorded = app.handle(
        ConductVisit(
            visit_id=visit_id, gift_value=Vnd(500_000), approvers=(w.deputy,), occurred_at=at(4, 14)
        )
    )
    kinds = [type(r.event) for r in recorded]
    assert kinds == [VisitConducted, DisbursementMade, SupportDelivered]
    assert len({r.recorded_at for r in recorded}) == 1
    fund = app.fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(10_000_000 - 500_000)
    v = app.state(visit.AGGREGATE, visit_id)
    assert v is not None
    assert v.conducted


def test_gift_above_the_balance_records_neither_visit_nor_support(backend_url: str) -> None:
    """When the fund cannot pay the gift, the visit and the support are not recorded either."""
    app = NgheDan(backend_url)
    w = build_world(app, fund_vnd=100_000)
    visit_id = uuid4()
    app.handle(
        PlanVisit(
            visit_id=visit_id,
            unit=COMMUNE,
            month=MONTH,
            household_id=w.household,
            team=(w.chair,),
            occurred_at=at(4, 13),
        )
    )
    before = app.max_position()
    with pytest.raises(InsufficientBalanceError):
        app.handle(
            ConductVisit(
                visit_id=visit_id,
                gift_value=Vnd(500_000),
                approvers=(w.deputy,),
                occurred_at=at(4, 14),
            )
        )
    assert app.max_position() == before
    v = app.state(visit.AGGREGATE, visit_id)
    assert v is not None
    assert not v.conducted


def test_same_command_id_twice_records_nothing_the_second_time(backend_url: str) -> None:
    """Re-sending a command with the same command_id is accepted and records nothing."""
    app = NgheDan(backend_url)
    build_world(app)
    command = receive(200_000, command_id="phieu-thu-0001")
    first = app.handle(command)
    assert len(first) == 2  # the contribution and the command marker
    position = app.max_position()
    assert app.handle(command) == ()
    assert app.max_position() == position
    fund = app.fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(10_200_000)


def test_registering_a_unit_code_twice_is_refused(backend_url: str) -> None:
    """Unit codes are natural keys: a second registration collides."""
    app = NgheDan(backend_url)
    build_world(app)
    with pytest.raises(AlreadyExistsError):
        app.handle(RegisterUnit(code=COMMUNE, name="Xã Khác", kind=UnitKind.COMMUNE, parent="94"))


def test_every_stream_is_hash_chained(backend_url: str) -> None:
    """Each event's hash covers its content and the previous event's hash of its stream."""
    app = NgheDan(backend_url)
    build_world(app)
    streams: dict[object, str] = {}
    for _, r in app.read():
        prev = streams.get(r.originator_id, GENESIS)
        assert r.prev_hash == prev
        expected = event_hash(
            r.originator_id,
            r.originator_version,
            r.topic,
            r.recorded_at.isoformat(),
            r.payload,  # as stored: personal fields encrypted (ADR 0010)
            prev,
            None if r.actor is None else str(r.actor),  # who acted: under the hash too
        )
        assert r.actor is not None
        assert r.hash == expected
        assert r.payload is not None
        assert r.payload.keys() == unstructure(r.event).keys()
        streams[r.originator_id] = r.hash


def test_on_the_spot_answer_without_basis_is_refused(backend_url: str) -> None:
    """Answering on the spot with no legal basis is refused (take it on record instead)."""
    app = NgheDan(backend_url)
    w = build_world(app)
    complaint_id = uuid4()
    app.handle(
        RaiseComplaint(
            complaint_id=complaint_id,
            unit=COMMUNE,
            month=MONTH,
            citizen=Person(person_id=uuid4(), full_name="Kim Văn Tư"),
            content="Hỏi về chế độ bảo trợ xã hội",
            occurred_at=at(4, 9),
        )
    )
    with pytest.raises(DomainError) as e:
        app.handle(
            AnswerOnSpot(
                complaint_id=complaint_id,
                answer="Được hưởng",
                answered_by=w.chair,
                occurred_at=at(4, 9),
            )
        )
    assert e.value.code == "answers.basis_required"


def test_state_survives_reopening_the_store(shared_url: str) -> None:
    """A second application on the same store sees everything the first recorded."""
    first = NgheDan(shared_url)
    build_world(first)
    first.handle(receive(123_456))
    second = NgheDan(shared_url)
    fund = second.fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(10_123_456)
    assert second.max_position() == first.max_position()


class _Interrupted(NgheDan):
    """An application whose first decision is overtaken by another writer before it saves."""

    def __init__(self, url: str, other: NgheDan, **kw: object) -> None:
        super().__init__(url, **kw)  # type: ignore[arg-type]
        self.other = other
        self.interruptions = 1

    def _decide(self, command):  # type: ignore[no-untyped-def]
        writes = super()._decide(command)
        if self.interruptions:
            self.interruptions -= 1
            self.other.handle(receive(1_000))
        return writes


def test_a_writer_overtaken_by_another_is_re_decided_against_fresh_state(shared_url: str) -> None:
    """A write that collides with another writer is retried on the new state, not lost."""
    a = NgheDan(shared_url)
    build_world(a)
    b = _Interrupted(shared_url, a)
    b.handle(receive(2_000))
    assert b.interruptions == 0
    received = [r for _, r in a.read() if isinstance(r.event, ContributionReceived)]
    assert len(received) == 3
    fund = NgheDan(shared_url).fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(10_003_000)


def test_conflict_beyond_the_retry_limit_is_a_clear_error(shared_url: str) -> None:
    """With no retries allowed, a collision is refused as a concurrency conflict."""
    a = NgheDan(shared_url)
    build_world(a)
    b = _Interrupted(shared_url, a, config=PolicyConfig(max_retries=0))
    with pytest.raises(ConcurrencyConflictError) as e:
        b.handle(receive(2_000))
    assert e.value.code == "concurrency.conflict"
    fund = NgheDan(shared_url).fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(10_001_000)


def _households(app: NgheDan) -> list[object]:
    return [
        r.event.household_id
        for _, r in app.read()  # type: ignore[attr-defined]
        if type(r.event).__name__ == "HouseholdRegistered"
    ][:1]


def _leaders(app: NgheDan) -> tuple:  # type: ignore[type-arg]
    return tuple(
        r.event.official_id
        for _, r in app.read()  # type: ignore[attr-defined]
        if type(r.event).__name__ == "OfficialRegistered"
    )[:2]
