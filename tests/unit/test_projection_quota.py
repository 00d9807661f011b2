"""Quota compliance per commune-month: target, achieved, shortfall reason, closed or not."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID, uuid4

import nghedan_core as n
from nghedan_core import NgheDan
from nghedan_core.projections import QuotaCompliance, fold
from nghedan_core.serialization import unstructure

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

APRIL = n.Month(2024, 4)


def visit(
    app: NgheDan, w: World, household: UUID, month: n.Month = MONTH, *, cancel: bool = False
) -> None:
    vid = uuid4()
    day = 4 if month == MONTH else 1
    app.handle(
        n.PlanVisit(
            visit_id=vid,
            unit=COMMUNE,
            month=month,
            household_id=household,
            team=(w.chair,),
            occurred_at=at(day, 13, month=month.month),
        )
    )
    if cancel:
        app.handle(
            n.CancelVisit(
                visit_id=vid, reason="Vắng nhà", occurred_at=at(day, 14, month=month.month)
            )
        )
    else:
        app.handle(n.ConductVisit(visit_id=vid, occurred_at=at(day, 14, month=month.month)))


def recorded() -> tuple[NgheDan, World]:
    """March: two households visited (one twice), one visit cancelled; still open."""
    app = NgheDan("memory://")
    w = build_world(app)
    visit(app, w, w.household)
    visit(app, w, w.other_household)
    visit(app, w, w.household)
    visit(app, w, w.other_household, cancel=True)
    return app, w


def test_an_open_session_shows_distinct_households_visited_so_far_against_the_quota() -> None:
    """Not closed: achieved = distinct households with a conducted visit; target = quota."""
    app, _ = recorded()
    (line,) = fold(QuotaCompliance(), app.records()).view().lines
    assert (line.unit, line.month, line.date, line.status) == (
        COMMUNE,
        MONTH,
        date(2024, 3, 4),
        "scheduled",
    )
    assert (line.target, line.achieved, line.shortfall, line.met, line.closed) == (
        2,
        2,
        0,
        True,
        False,
    )
    assert line.shortfall_reason is None
    assert fold(QuotaCompliance(monthly_quota=3), app.records()).view().lines[0].target == 3


def test_closed_sessions_carry_their_own_figures_and_shortfall_reason() -> None:
    """March met the quota; April made one visit of two and says why."""
    app, w = recorded()
    app.handle(
        n.CloseSession(unit=COMMUNE, month=MONTH, minutes="Biên bản tháng 3", occurred_at=at(4, 17))
    )
    app.handle(
        n.ScheduleSession(
            unit=COMMUNE,
            month=APRIL,
            date=date(2024, 4, 1),
            reception_hamlet=HAMLETS[1],
            occurred_at=at(25),
        )
    )
    visit(app, w, w.household, APRIL)
    app.handle(
        n.CloseSession(
            unit=COMMUNE,
            month=APRIL,
            minutes="Biên bản tháng 4",
            shortfall_reason="Hộ thứ hai đi làm ăn xa",
            occurred_at=at(1, 17, month=4),
        )
    )
    view = fold(QuotaCompliance(monthly_quota=5), app.records()).view()
    march, april = view.for_unit(COMMUNE)
    assert (march.month, march.target, march.achieved, march.closed, march.shortfall_reason) == (
        MONTH,
        2,
        2,
        True,
        None,
    )
    assert (april.month, april.target, april.achieved, april.shortfall) == (APRIL, 2, 1, 1)
    assert april.shortfall_reason == "Hộ thứ hai đi làm ăn xa"
    assert view.shortfalls() == (april,)
    assert json.loads(json.dumps(unstructure(view)))["lines"][1]["month"] == "2024-04"


def test_cancelled_and_supervisory_sessions() -> None:
    """A cancelled commune session is listed as cancelled; supervisory sessions have no quota."""
    app, _ = recorded()
    app.handle(
        n.ScheduleSession(
            unit=COMMUNE,
            month=APRIL,
            date=date(2024, 4, 1),
            reception_hamlet=HAMLETS[1],
            occurred_at=at(25),
        )
    )
    app.handle(n.CancelSession(unit=COMMUNE, month=APRIL, reason="Bầu cử", occurred_at=at(26)))
    app.handle(
        n.ScheduleSession(
            unit="94",
            month=MONTH,
            level=n.SessionLevel.SUPERVISORY,
            date=date(2024, 3, 12),
            occurred_at=at(2),
        )
    )
    view = fold(QuotaCompliance(), app.records()).view()
    assert [(line.unit, line.month, line.status) for line in view.lines] == [
        (COMMUNE, MONTH, "scheduled"),
        (COMMUNE, APRIL, "cancelled"),
    ]
    assert view.shortfalls() == ()


def test_a_rescheduled_session_shows_its_new_date() -> None:
    """The line's date follows the reschedule."""
    app, _ = recorded()
    app.handle(
        n.RescheduleSession(
            unit=COMMUNE,
            month=MONTH,
            date=date(2024, 3, 11),
            reason="Trùng lịch",
            occurred_at=at(5),
        )
    )
    assert fold(QuotaCompliance(), app.records()).view().lines[0].date == date(2024, 3, 11)


def test_quota_resumed_from_its_snapshot_equals_one_folded_in_one_go() -> None:
    """Snapshot half-way through JSON, restore, finish: the same lines."""
    app, _ = recorded()
    records = list(app.records())
    for cut in (len(records) // 2, len(records) - 3):
        first = fold(QuotaCompliance(), records[:cut])
        resumed = QuotaCompliance()
        resumed.restore(json.loads(json.dumps(first.snapshot())))
        fold(resumed, records[cut:])
        assert resumed.view() == fold(QuotaCompliance(), records).view()
    assert QuotaCompliance.name == "quota_compliance"
