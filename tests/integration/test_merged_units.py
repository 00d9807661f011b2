"""A unit merged away takes no new records (the refusal names its successor); its history stays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import attrs
import pytest

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.projections import PeriodReport, fold

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

SUCCESSOR = "29600"


def merge(app: NgheDan) -> None:
    """Merge the test world's commune into another on 5 March (after its first session)."""
    app.handle(
        n.RegisterUnit(
            code=SUCCESSOR,
            name="Xã Ninh Hòa",
            kind=n.UnitKind.COMMUNE,
            parent="94",
            occurred_at=at(1),
        )
    )
    app.handle(n.MergeUnit(code=COMMUNE, into=SUCCESSOR, occurred_at=at(5)))


def merged_world() -> tuple[NgheDan, World]:
    """The test world, its commune merged away."""
    app = NgheDan("memory://")
    w = build_world(app)
    merge(app)
    return app, w


def citizen() -> n.Person:
    return n.Person(person_id=uuid4(), full_name="Kim Thị Lan")


#: a command recording something new in the merged commune (fund, session, household, ...)
NEW_RECORDS: dict[str, Callable[[World], n.Command]] = {
    "receipt": lambda _w: n.ReceiveContribution(
        unit=COMMUNE,
        receipt_id=uuid4(),
        amount=Vnd(500_000),
        source=n.ContributionSource.FLAG_CEREMONY,
    ),
    "complaint": lambda _w: n.RaiseComplaint(
        complaint_id=uuid4(),
        unit=COMMUNE,
        month=MONTH,
        citizen=citizen(),
        content="Đường ngập nước",
    ),
    "session": lambda _w: n.ScheduleSession(
        unit=COMMUNE, month=n.Month(2024, 4), date=date(2024, 4, 1)
    ),
    "flag-ceremony": lambda _w: n.HoldFlagCeremony(unit=COMMUNE, month=MONTH, attendees=30),
    "household": lambda _w: n.RegisterHousehold(
        household_id=uuid4(),
        unit=COMMUNE,
        hamlet=HAMLETS[1],
        head=citizen(),
        categories=frozenset({n.HouseholdCategory.POOR}),
    ),
    "assessment": lambda w: n.AssessHousehold(
        household_id=w.household, criteria=("nhà dột",), score=7, assessed_by=w.chair
    ),
    "pledge": lambda _w: n.PledgeContribution(
        unit=COMMUNE,
        pledge_id=uuid4(),
        amount=Vnd(100_000),
        source=n.ContributionSource.FLAG_CEREMONY,
    ),
    "official": lambda _w: n.RegisterOfficial(
        official_id=uuid4(),
        unit=COMMUNE,
        full_name="Đỗ Văn Hải",
        position="Công chức",
        roles=frozenset({n.OfficialRole.CLERK}),
    ),
    "volunteer-work": lambda _w: n.PlanVolunteerWork(
        work_id=uuid4(),
        unit=COMMUNE,
        kind=n.VolunteerWorkKind.CLEANING,
        place="Ấp Ô Rồm",
        starts_at=at(20),
        task="Đổ bê tông",
    ),
}


@pytest.mark.parametrize("command", NEW_RECORDS.values(), ids=NEW_RECORDS.keys())
def test_every_new_record_in_a_merged_commune_is_refused_naming_its_successor(
    command: Callable[[World], n.Command],
) -> None:
    """Receipts, complaints, sessions, households, officials: refused, the successor named."""
    app, w = merged_world()
    before = app.max_position()
    with pytest.raises(n.DomainError) as e:
        app.handle(attrs.evolve(command(w), occurred_at=at(6)))
    assert e.value.code == "unit.merged"
    assert SUCCESSOR in str(e.value)
    assert app.max_position() == before


def test_a_merged_communes_officials_may_move_to_its_successor() -> None:
    """Transferring an official out of the merged commune records in the successor: allowed."""
    app, w = merged_world()
    assert app.handle(
        n.TransferOfficial(
            official_id=w.clerk, to_unit=SUCCESSOR, position="Công chức", occurred_at=at(6)
        )
    )


def complaint_before_merger(app: NgheDan) -> UUID:
    cid = uuid4()
    app.handle(
        n.RaiseComplaint(
            complaint_id=cid,
            unit=COMMUNE,
            month=MONTH,
            citizen=citizen(),
            content="Xin hỗ trợ sửa nhà",
            occurred_at=at(4, 9),
        )
    )
    return cid


def test_a_complaint_raised_before_the_merger_can_still_be_answered() -> None:
    """The citizens of a merged commune are still owed their answers (ADR 0014)."""
    app = NgheDan("memory://")
    w = build_world(app)
    cid = complaint_before_merger(app)
    merge(app)
    assert app.handle(
        n.AnswerOnSpot(
            complaint_id=cid,
            answer="Đã đưa vào danh sách hỗ trợ",
            answered_by=w.chair,
            basis="Nghị quyết 12/2023",
            occurred_at=at(6),
        )
    )


def test_a_merged_communes_history_stays_reportable_under_its_old_code() -> None:
    """The report of the old code still shows what it recorded before the merger."""
    app = NgheDan("memory://")
    build_world(app, fund_vnd=2_000_000)
    complaint_before_merger(app)
    merge(app)
    got = fold(PeriodReport(date(2024, 3, 1), date(2024, 3, 31), (COMMUNE,)), app.records()).view()
    assert got.fund.receipts_vnd == 2_000_000
    assert got.complaints_received == 1


def test_the_read_side_reports_a_merged_commune_under_its_old_code() -> None:
    """`app.queries` still answers the old code: its report and its fund's ledger."""
    app = NgheDan("memory://")
    build_world(app, fund_vnd=2_000_000)
    complaint_before_merger(app)
    merge(app)
    report = app.queries.report((COMMUNE,), date(2024, 3, 1), date(2024, 3, 31))
    assert (report.fund.receipts_vnd, report.complaints_received) == (2_000_000, 1)
    assert app.queries.ledger(COMMUNE).balances == {COMMUNE: 2_000_000}
