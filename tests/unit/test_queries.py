"""The core's one read side: which units a question covers, and unknown units refused."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from nghedan_core import (
    Appointment,
    ComplaintCategory,
    ContributionSource,
    FundNotOpenedError,
    HouseholdCategory,
    MergeUnit,
    Month,
    NgheDan,
    OpenFund,
    Person,
    Queries,
    RaiseComplaint,
    ReceiveContribution,
    RecordReason,
    RegisterHousehold,
    RegisterUnit,
    ScheduleSession,
    TakeOnRecord,
    UnitKind,
    UnknownUnitError,
    Vnd,
)
from nghedan_core.projections import ComplaintStatus

from world import COMMUNE, HAMLETS, MONTH, at

DISTRICT = "842"
OTHER = "29501"


def _world() -> tuple[NgheDan, UUID]:
    """The test world, a district between province and commune, and one complaint on record."""
    app = NgheDan("memory://")
    h = app.handle
    for code, name, kind, parent in (
        ("94", "Tỉnh Trà Vinh", UnitKind.PROVINCE, None),
        (DISTRICT, "Huyện Cầu Kè", UnitKind.DISTRICT, "94"),
        (COMMUNE, "Xã Ninh Thới", UnitKind.COMMUNE, DISTRICT),
        (OTHER, "Xã Hòa Ân", UnitKind.COMMUNE, DISTRICT),
        (HAMLETS[0], "Ấp Ô Rồm", UnitKind.HAMLET, COMMUNE),
        (HAMLETS[1], "Ấp Ngãi Hiệp", UnitKind.HAMLET, COMMUNE),
    ):
        h(RegisterUnit(code=code, name=name, kind=kind, parent=parent, occurred_at=at(1)))
    h(
        ScheduleSession(
            unit=COMMUNE,
            month=MONTH,
            date=date(2024, 3, 4),
            reception_hamlet=HAMLETS[0],
            occurred_at=at(1),
        )
    )
    h(OpenFund(unit=COMMUNE, occurred_at=at(1)))
    h(
        ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=Vnd(10_000_000),
            source=ContributionSource.FLAG_CEREMONY,
            occurred_at=at(4, 7),
        )
    )
    for head in ("Thạch Thị Hoa", "Sơn Văn Lợi"):
        h(
            RegisterHousehold(
                household_id=uuid4(),
                unit=COMMUNE,
                hamlet=HAMLETS[0],
                head=Person(person_id=uuid4(), full_name=head),
                categories=frozenset({HouseholdCategory.POOR}),
                occurred_at=at(1),
            )
        )
    complaint = uuid4()
    app.handle(
        RaiseComplaint(
            complaint_id=complaint,
            unit=COMMUNE,
            month=MONTH,
            hamlet=HAMLETS[0],
            citizen=Person(person_id=uuid4(), full_name="Nguyễn Thị Mười"),
            category=ComplaintCategory.INFRASTRUCTURE,
            content="Đường vào ấp bị sạt lở.",
            occurred_at=at(4, 9),
        )
    )
    app.handle(
        TakeOnRecord(
            complaint_id=complaint,
            reason=RecordReason.NEEDS_VERIFICATION,
            appointment=Appointment(at=at(15, 9), place="UBND xã"),
            responsible="Văn phòng UBND xã",
            occurred_at=at(4, 10),
        )
    )
    return app, complaint


@pytest.fixture(scope="module")
def world() -> tuple[NgheDan, UUID]:
    return _world()


def _ids(queries: Queries, *units: str) -> list[str]:
    return [e.complaint_id for e in queries.board(units, as_of=at(20)).entries]


def test_a_district_or_province_board_lists_the_complaints_of_the_communes_below(world) -> None:
    """The board of a district, or of its province, holds its communes' complaints."""
    app, complaint = world
    queries = Queries(app)
    assert _ids(queries, DISTRICT) == [str(complaint)]
    assert _ids(queries, "94") == [str(complaint)]
    assert _ids(queries, COMMUNE) == [str(complaint)]
    assert _ids(queries, OTHER) == []


def test_a_board_of_several_units_counts_only_what_it_lists(world) -> None:
    """Totals, counts by unit and groups are those of the complaints kept."""
    app, _ = world
    board = Queries(app).board((OTHER,), as_of=at(20))
    assert board.totals.total == 0
    assert board.by_unit == {}
    assert board.groups == ()
    board = Queries(app).board(("94",), as_of=at(20))
    assert board.totals.overdue == 1
    assert set(board.by_unit) == {COMMUNE}


def test_a_unit_covers_the_units_merged_into_it() -> None:
    """After a merger the successor's board holds the merged commune's complaints."""
    app, complaint = _world()
    app.handle(MergeUnit(code=COMMUNE, into=OTHER, occurred_at=at(16)))
    assert _ids(Queries(app), OTHER) == [str(complaint)]


def test_the_board_as_of_a_moment_leaves_out_what_happened_after_it(world) -> None:
    """At 9:30 the complaint had no appointment yet; from 15 March 9:00 on it is overdue."""
    app, _ = world
    queries = Queries(app)
    [entry] = queries.board((COMMUNE,), as_of=at(4, 9).replace(minute=30)).entries
    assert entry.status is ComplaintStatus.OPEN
    [entry] = queries.board((COMMUNE,), as_of=at(20)).entries
    assert entry.status is ComplaintStatus.OVERDUE
    assert queries.board((COMMUNE,), as_of=at(20), status=ComplaintStatus.DUE).entries == ()


def test_a_board_keeps_the_complaints_raised_between_two_dates(world) -> None:
    """``raised_from`` and ``raised_to`` keep the complaints raised in those Vietnam days."""
    app, _ = world
    queries = Queries(app)
    march = queries.board((COMMUNE,), as_of=at(20), raised_from=date(2024, 3, 1))
    assert march.totals.total == 1
    april = queries.board((COMMUNE,), as_of=at(20), raised_from=date(2024, 4, 1))
    assert april.totals.total == 0


@pytest.mark.parametrize(
    "ask",
    [
        lambda q, u: q.board(u),
        lambda q, u: q.report(u, date(2024, 3, 1), date(2024, 3, 31)),
        lambda q, u: q.quota(u),
        lambda q, u: q.households(u),
        lambda q, u: q.ledger(u[-1]),
        lambda q, u: q.disclosure(u[-1], Month(2024, 3)),
        lambda q, u: q.session_dossier(u[-1], Month(2024, 3)),
    ],
    ids=["board", "report", "quota", "households", "ledger", "disclosure", "dossier"],
)
def test_a_unit_never_registered_is_refused_as_unknown(world, ask) -> None:
    """Every read refuses a code no unit was registered with, never a page of zeros."""
    app, _ = world
    with pytest.raises(UnknownUnitError) as refused:
        ask(Queries(app), (COMMUNE, "29250"))
    assert refused.value.code == "unit.unknown"
    assert refused.value.units == ("29250",)
    assert "29250" in refused.value.message("vi")


def test_every_unknown_unit_is_named(world) -> None:
    """Several unknown codes: each one is named, in both languages."""
    app, _ = world
    with pytest.raises(UnknownUnitError) as refused:
        Queries(app).report(("29250", COMMUNE, "29251"), date(2024, 3, 1), date(2024, 3, 31))
    assert refused.value.units == ("29250", "29251")
    assert "29250, 29251" in refused.value.message("vi")
    assert "29250, 29251" in refused.value.message("en")


def test_the_ledger_of_a_unit_without_a_fund_is_refused_as_not_opened(world) -> None:
    """A registered unit that opened no fund has no ledger (``fund.not_opened``)."""
    app, _ = world
    with pytest.raises(FundNotOpenedError) as refused:
        Queries(app).ledger("94")
    assert refused.value.message("vi") == "Đơn vị 94 chưa lập quỹ hỗ trợ."


def test_a_ledger_holds_only_its_own_unit(world) -> None:
    """The ledger of a commune: its lines, its balance, its disclosures."""
    app, _ = world
    ledger = Queries(app).ledger(COMMUNE)
    assert ledger.balances == {COMMUNE: 10_000_000}
    assert {line.unit for line in ledger.lines} == {COMMUNE}
    d = Queries(app).disclosure(COMMUNE, Month(2024, 3))
    assert (d.receipts_vnd, d.closing_vnd) == (10_000_000, 10_000_000)


def test_the_quota_of_a_district_covers_its_communes(world) -> None:
    """The quota lines of a district are those of the communes below it."""
    app, _ = world
    queries = Queries(app)
    assert [line.unit for line in queries.quota((DISTRICT,)).lines] == [COMMUNE]
    assert queries.quota((OTHER,)).lines == ()
    assert queries.quota((COMMUNE,), (Month(2024, 4),)).lines == ()


def test_the_households_of_a_district_are_those_of_its_communes(world) -> None:
    """Households are listed for every unit a selection covers, in registration order."""
    app, _ = world
    queries = Queries(app)
    assert len(queries.households((DISTRICT,)).households) == 2
    assert queries.households((OTHER,)).households == {}


def test_units_lists_every_registered_unit(world) -> None:
    """The unit directory, by code."""
    app, _ = world
    codes = [u.code for u in Queries(app).units()]
    assert codes == sorted(["94", DISTRICT, COMMUNE, OTHER, *HAMLETS])


def test_a_report_made_before_the_appointment_passed_counts_nothing_overdue(world) -> None:
    """The month's report made on 10 March: the appointment of 15 March is not yet overdue."""
    app, _ = world
    queries = Queries(app)
    month = (date(2024, 3, 1), date(2024, 3, 31))
    assert queries.report((COMMUNE,), *month, as_of=at(10)).complaints_overdue == 0
    assert queries.report((COMMUNE,), *month, as_of=at(20)).complaints_overdue == 1
    # made after the period: the end of the period is the cutoff, whenever it is read
    later = queries.report((COMMUNE,), *month, as_of=at(20).replace(year=2026))
    assert later == queries.report((COMMUNE,), *month)
    assert later.complaints_overdue == 1
