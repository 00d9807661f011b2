"""Facts gathered beside their deciders, through a fake `Lookup`; workflows decided purely."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import attrs
import pytest

from nghedan_core import workflows
from nghedan_core.aggregates import (
    Aggregate,
    Command,
    Event,
    OfficialInfo,
    UnitInfo,
    complaint,
    fund,
    gather,
    household,
    session,
    visit,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import DomainError
from nghedan_core.policies.impartiality import Candidate
from nghedan_core.values import (
    VIETNAM_TZ,
    ContributionSource,
    DisbursementPurpose,
    HouseholdCategory,
    Month,
    Person,
    Vnd,
)

AT = datetime(2024, 3, 4, 9, tzinfo=VIETNAM_TZ)
MARCH = Month(2024, 3)


@attrs.define
class FakeLookup:
    """A `Lookup` made of dictionaries: what a test says is recorded, nothing else."""

    config: PolicyConfig = attrs.field(factory=PolicyConfig)
    units: dict[str, UnitInfo] = attrs.field(factory=dict)
    officials: dict[UUID, OfficialInfo] = attrs.field(factory=dict)
    states: dict[UUID, Any] = attrs.field(factory=dict)
    open_counts: dict[UUID, int] = attrs.field(factory=dict)
    visit_counts: dict[UUID, int] = attrs.field(factory=dict)

    def unit(self, code: str) -> UnitInfo | None:
        """The unit as the test recorded it."""
        return self.units.get(code)

    def merged_into(self, code: str) -> str | None:
        """The successor the test gave the unit."""
        unit = self.units.get(code)
        return None if unit is None else unit.merged_into

    def official(self, official_id: UUID) -> OfficialInfo | None:
        """The official as the test recorded it."""
        return self.officials.get(official_id)

    def state(self, _aggregate: Aggregate[Any], stream_id: UUID) -> Any:
        """The state the test gave the stream."""
        return self.states.get(stream_id)

    def candidate(self, household_id: UUID) -> Candidate | None:
        """The household's candidate, made from its state."""
        state = self.states.get(household_id)
        return None if state is None else state.candidate()

    def households_of(self, _unit: str) -> Sequence[UUID]:
        """Every household the test recorded."""
        return [k for k, v in self.states.items() if isinstance(v, household.State)]

    def last_hosted(self, _unit: str) -> Mapping[str, date]:
        """No hamlet has hosted yet."""
        return {}

    def open_complaints(self, session_id: UUID) -> int:
        """The count the test set for the session."""
        return self.open_counts.get(session_id, 0)

    def visits_made(self, session_id: UUID) -> int:
        """The count the test set for the session."""
        return self.visit_counts.get(session_id, 0)

    def digest(self) -> tuple[str, int]:
        """A fixed digest."""
        return ("d" * 64, 7)


def commune(code: str = "29500", merged_into: str | None = None) -> UnitInfo:
    return UnitInfo(code=code, name="Xã Ninh Thới", kind="commune", merged_into=merged_into)


def a_household(hid: UUID, **kwargs: Any) -> household.State:
    return household.State(
        household_id=hid,
        unit="29500",
        hamlet=None,
        head_person_id=uuid4(),
        categories=frozenset({HouseholdCategory.POOR}),
        **kwargs,
    )


def test_closing_a_session_gathers_its_open_complaints_and_visits_from_the_lookup() -> None:
    """`session.gather` reads the counts `decide` checks, for the session's own id."""
    sid = session.session_id("29500", MARCH, session.SessionLevel.COMMUNE)
    lookup = FakeLookup(units={"29500": commune()}, open_counts={sid: 2}, visit_counts={sid: 9})
    facts = gather(session.CloseSession(unit="29500", month=MARCH, minutes="Biên bản"), lookup)
    assert (facts.open_complaints, facts.visits_made) == (2, 9)


def test_any_command_in_a_merged_unit_is_refused_where_facts_are_gathered() -> None:
    """The one rule: a command recording in a unit merged away names the successor."""
    lookup = FakeLookup(units={"29500": commune(merged_into="29600")})
    receipt = fund.ReceiveContribution(
        unit="29500",
        receipt_id=uuid4(),
        amount=Vnd(10_000),
        source=ContributionSource.FLAG_CEREMONY,
        occurred_at=AT,
    )
    with pytest.raises(DomainError) as e:
        gather(receipt, lookup)
    assert e.value.code == "unit.merged"
    assert "29600" in str(e.value)


def test_a_command_on_a_stream_of_a_merged_unit_is_refused_too() -> None:
    """An assessment of a household of the merged commune: its unit is read from its state."""
    hid = uuid4()
    state = a_household(hid)
    lookup = FakeLookup(units={"29500": commune(merged_into="29600")}, states={hid: state})
    assess = household.AssessHousehold(
        household_id=hid, criteria=("nhà dột",), score=5, assessed_by=uuid4(), occurred_at=AT
    )
    with pytest.raises(DomainError) as e:
        gather(assess, lookup)
    assert e.value.code == "unit.merged"


def test_a_payment_gathers_its_household_and_whether_its_selection_covers_it() -> None:
    """`fund.gather` builds the household's facts from its state, as the lookup has it."""
    hid = uuid4()
    state = a_household(hid, selected_months=(MARCH,))
    lookup = FakeLookup(units={"29500": commune()}, states={hid: state})
    payment = fund.MakeDisbursement(
        unit="29500",
        disbursement_id=uuid4(),
        purpose=DisbursementPurpose.OTHER_SUPPORT,
        amount=Vnd(500_000),
        household_id=hid,
        approvers=(),
        occurred_at=AT,
    )
    facts = gather(payment, lookup)
    assert facts.household is not None
    assert facts.household.unit == "29500"
    assert facts.household_selected


@attrs.frozen
class Decided:
    """What the fake per-stream decider returns: the command and its facts."""

    command: Command
    facts: Any
    state: Any = None
    events: tuple[Event, ...] = ()


def test_a_complaint_is_decided_with_its_sessions_record_of_it() -> None:
    """`workflows.decide` sends the session's side of a complaint with the complaint."""
    sid = session.session_id("29500", MARCH, session.SessionLevel.COMMUNE)
    lookup = FakeLookup(
        units={"29500": commune()},
        states={
            sid: session.State(
                unit="29500",
                month=MARCH,
                level=session.SessionLevel.COMMUNE,
                date=date(2024, 3, 4),
                reception_hamlet=None,
            )
        },
    )
    raised = complaint.RaiseComplaint(
        complaint_id=uuid4(),
        unit="29500",
        month=MARCH,
        citizen=Person(person_id=uuid4(), full_name="Kim Thị Lan"),
        content="Đường ngập",
        occurred_at=AT,
    )
    decided = workflows.decide(raised, Decided, lookup)
    assert [type(d.command) for d in decided] == [
        complaint.RaiseComplaint,
        session.ReceiveComplaint,
    ]
    assert decided[0].facts.session == complaint.SessionInfo(
        unit="29500", status=session.SessionStatus.SCHEDULED
    )


def test_a_visit_without_a_gift_is_decided_on_the_visit_alone() -> None:
    """A plain visit records only on its own stream."""
    conduct = visit.ConductVisit(visit_id=uuid4(), occurred_at=AT)
    conducted = visit.VisitConducted(occurred_at=AT, gift_value=Vnd(0))
    decided = workflows.decide(
        conduct, lambda c, f: Decided(c, f, events=(conducted,)), FakeLookup()
    )
    assert [type(d.command) for d in decided] == [visit.ConductVisit]
