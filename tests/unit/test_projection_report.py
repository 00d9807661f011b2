"""The period report, folded over data recorded through commands, against hand-computed figures."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.projections import ComplaintBoard, FundLedger, PeriodReport, disclosure, fold
from nghedan_core.values import VIETNAM_TZ

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world

KEY: dict[str, Any] = {"unit": COMMUNE, "month": MONTH}
MARCH = (date(2024, 3, 1), date(2024, 3, 31))


def report(
    app: NgheDan,
    start: date = MARCH[0],
    end: date = MARCH[1],
    units: tuple[str, ...] = (),
    as_of: datetime | None = None,
) -> dict[str, Any]:
    return fold(PeriodReport(start, end, units, as_of=as_of), app.records()).view().to_json()


def new_world(**kwargs: Any) -> tuple[NgheDan, World]:
    app = NgheDan("memory://")
    return app, build_world(app, **kwargs)


def raise_complaint(app: NgheDan, *, hour: int = 9, unit: str = COMMUNE) -> UUID:
    cid = uuid4()
    app.handle(
        n.RaiseComplaint(
            complaint_id=cid,
            unit=unit,
            month=MONTH,
            hamlet=HAMLETS[0] if unit == COMMUNE else None,
            citizen=n.Person(person_id=uuid4(), full_name="Kim Thị Mai"),
            category=n.ComplaintCategory.INFRASTRUCTURE,
            content="Đường sạt lở",
            occurred_at=at(4, hour),
        )
    )
    return cid


def take_on_record(app: NgheDan, cid: UUID, day: int) -> None:
    app.handle(
        n.TakeOnRecord(
            complaint_id=cid,
            reason=n.RecordReason.NEEDS_VERIFICATION,
            appointment=n.Appointment(at=at(day, 8), place="Trụ sở UBND xã"),
            responsible="Công chức Địa chính",
            occurred_at=at(4, 10),
        )
    )


def answer(app: NgheDan, cid: UUID, w: World, day: int) -> None:
    """The complaint taken on record is answered on `day` of March."""
    app.handle(
        n.AnswerComplaint(
            complaint_id=cid, answer="Đã xử lý", answered_by=w.chair, occurred_at=at(day)
        )
    )


def answer_on_spot(app: NgheDan, cid: UUID, w: World) -> None:
    app.handle(
        n.AnswerOnSpot(
            complaint_id=cid,
            answer="Hồ sơ đủ",
            answered_by=w.chair,
            basis="Luật Đất đai 2024",
            occurred_at=at(4, 10),
        )
    )


def close_session(app: NgheDan, unit: str = COMMUNE, day: int = 4) -> None:
    app.handle(
        n.CloseSession(
            unit=unit,
            month=MONTH,
            minutes="Biên bản",
            shortfall_reason="Hộ vắng nhà",
            occurred_at=at(day, 17),
        )
    )


def support(app: NgheDan, household: UUID, kind: n.SupportKind, value: int, day: int) -> None:
    app.handle(
        n.DeliverSupport(
            household_id=household,
            kind=kind,
            value=Vnd(value),
            funded_by=n.FundingSource.DONOR,
            occurred_at=at(day, 9),
        )
    )


def pay(app: NgheDan, w: World, purpose: n.DisbursementPurpose, amount: int, day: int) -> UUID:
    """A payment from the commune's fund to the selected household; its disbursement id."""
    paid = uuid4()
    app.handle(
        n.MakeDisbursement(
            unit=COMMUNE,
            disbursement_id=paid,
            purpose=purpose,
            amount=Vnd(amount),
            household_id=w.household,
            approvers=(w.chair, w.deputy),
            occurred_at=at(day),
        )
    )
    return paid


def reverse(app: NgheDan, paid: UUID, day: int) -> None:
    """Reverse the commune fund's payment `paid` on `day` (9 o'clock)."""
    app.handle(
        n.ReverseDisbursement(
            unit=COMMUNE, disbursement_id=paid, reason="Ghi nhầm", occurred_at=at(day, 9)
        )
    )


def volunteer(app: NgheDan, unit: str, participants: int, metres: int) -> None:
    work = uuid4()
    app.handle(
        n.PlanVolunteerWork(
            work_id=work,
            unit=unit,
            kind=n.VolunteerWorkKind.CLEANING,
            place="Tuyến đường ấp",
            starts_at=datetime(2024, 3, 16, 7, tzinfo=VIETNAM_TZ),
            task="Dọn vệ sinh",
            occurred_at=at(10),
        )
    )
    app.handle(n.NotifyVolunteers(work_id=work, notified="Đoàn viên", occurred_at=at(14)))
    app.handle(
        n.CompleteVolunteerWork(
            work_id=work, participants=participants, length_m=metres, occurred_at=at(16, 11)
        )
    )


def register_commune(app: NgheDan, code: str) -> None:
    app.handle(
        n.RegisterUnit(
            code=code, name=f"Xã {code}", kind=n.UnitKind.COMMUNE, parent="94", occurred_at=at(1)
        )
    )
    hamlet = f"{code}-01"
    app.handle(
        n.RegisterUnit(
            code=hamlet, name="Ấp 1", kind=n.UnitKind.HAMLET, parent=code, occurred_at=at(1)
        )
    )
    app.handle(
        n.ScheduleSession(
            unit=code,
            month=MONTH,
            date=date(2024, 3, 4),
            reception_hamlet=hamlet,
            occurred_at=at(1),
        )
    )
    app.handle(
        n.HoldReception(unit=code, month=MONTH, hamlet=hamlet, attendees=10, occurred_at=at(4, 9))
    )


def test_report_of_a_small_month_matches_every_hand_computed_figure() -> None:
    """Every key of the JSON report, on a month recorded through commands."""
    app, w = new_world()
    h = app.handle
    # opening balance: a contribution before the period
    h(
        n.ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=Vnd(1_000_000),
            source=n.ContributionSource.FLAG_CEREMONY,
            occurred_at=at(28, 7, month=2),
        )
    )
    # complaints: resolved, answered, overdue
    resolved, answered, overdue = (raise_complaint(app) for _ in range(3))
    answer_on_spot(app, resolved, w)
    h(
        n.ResolveComplaint(
            complaint_id=resolved, resolution="Đã cấp giấy", resolved_by=w.chair, occurred_at=at(10)
        )
    )
    take_on_record(app, answered, 20)
    h(
        n.AnswerComplaint(
            complaint_id=answered, answer="Sẽ gia cố", answered_by=w.chair, occurred_at=at(19)
        )
    )
    take_on_record(app, overdue, 15)
    # a visit with a 500,000 gift from the fund (also a payment and a gift support)
    visit = uuid4()
    h(n.PlanVisit(visit_id=visit, **KEY, household_id=w.household, team=(w.chair,)))
    h(
        n.ConductVisit(
            visit_id=visit, gift_value=Vnd(500_000), approvers=(w.deputy,), occurred_at=at(4, 14)
        )
    )
    # supports: other (donor), a charity house (budget), a toilet paid by the fund
    support(app, w.other_household, n.SupportKind.OTHER, 300_000, 12)
    support(app, w.other_household, n.SupportKind.HOUSE_BUILT, 40_000_000, 20)
    h(
        n.MakeDisbursement(
            unit=COMMUNE,
            disbursement_id=uuid4(),
            purpose=n.DisbursementPurpose.TOILET,
            amount=Vnd(1_450_000),
            household_id=w.household,
            approvers=(w.chair,),
            occurred_at=at(22),
        )
    )
    # volunteer work: one at the commune, one at a hamlet under it
    volunteer(app, COMMUNE, 45, 2_000)
    volunteer(app, HAMLETS[0], 15, 300)
    close_session(app)

    got = report(app, units=(COMMUNE,))

    assert got == {
        "from": "2024-03-01",
        "to": "2024-03-31",
        "units": [COMMUNE],
        "sessions_held": 1,
        "attendees": 25,
        "units_with_sessions": 1,
        "supervisory_sessions_held": 0,
        "supervisory_attendees": 0,
        "supervisory_units_with_sessions": 0,
        "complaints_received": 3,
        "complaints_answered": 2,
        "complaints_resolved": 1,
        "complaints_overdue": 1,
        "resolution_rate": 0.3333,
        "gifts": {"count": 1, "value_vnd": 500_000},
        "households_supported": {"count": 2, "value_vnd": 800_000},
        "volunteer_turns": 60,
        "volunteer_km": 2.3,
        "houses_built": {"count": 1, "value_vnd": 40_000_000},
        "houses_repaired": {"count": 0, "value_vnd": 0},
        "toilets_built": {"count": 1, "value_vnd": 1_450_000},
        "fund": {
            "opening_vnd": 1_000_000,
            "receipts_vnd": 10_000_000,
            "payments_vnd": 1_950_000,
            "reversals_vnd": 0,
            "closing_vnd": 9_050_000,
        },
        "quota": {"required": 2, "achieved": 1, "shortfall_months": 1},
    }
    assert json.loads(json.dumps(got)) == got
    assert report(app) == {**got, "units": []}  # one commune recorded: the same as every unit
    fund = app.fund(COMMUNE)
    assert fund is not None
    assert got["fund"]["closing_vnd"] == fund.balance.amount


def test_an_empty_log_gives_a_report_of_zeros_and_a_zero_resolution_rate() -> None:
    """No records: every count is 0 and resolution_rate is 0 (no division by zero)."""
    got = fold(PeriodReport(*MARCH, units=("b", "a", "a")), []).view().to_json()
    assert got["units"] == ["a", "b"]
    assert got["resolution_rate"] == 0
    assert got["sessions_held"] == got["complaints_received"] == 0
    assert got["fund"] == dict.fromkeys(
        ("opening_vnd", "receipts_vnd", "payments_vnd", "reversals_vnd", "closing_vnd"), 0
    )


def test_a_period_ending_before_it_starts_is_refused() -> None:
    """date_to before date_from is a programming error: ValueError."""
    with pytest.raises(ValueError, match="before it starts"):
        PeriodReport(date(2024, 3, 2), date(2024, 3, 1))


def test_a_unit_merged_into_the_selected_unit_counts_with_it() -> None:
    """Sessions of a commune merged into the selected one count; the merged one alone too."""
    app, _ = new_world()
    close_session(app)
    register_commune(app, "29501")
    close_session(app, "29501")
    app.handle(n.MergeUnit(code="29501", into=COMMUNE, occurred_at=at(1, month=7)))

    merged = report(app, units=(COMMUNE,))
    assert (merged["sessions_held"], merged["attendees"], merged["units_with_sessions"]) == (
        2,
        35,
        2,
    )
    alone = report(app, units=("29501",))
    assert (alone["sessions_held"], alone["attendees"], alone["units_with_sessions"]) == (1, 10, 1)


def test_records_of_a_hamlet_count_for_its_commune_and_a_province_covers_everything() -> None:
    """Volunteer work at a hamlet is in its commune's report, not a sibling hamlet's."""
    app, _ = new_world()
    volunteer(app, HAMLETS[0], 15, 300)
    register_commune(app, "29501")
    close_session(app, "29501")

    assert report(app, units=(COMMUNE,))["volunteer_turns"] == 15
    assert report(app, units=(HAMLETS[0],))["volunteer_turns"] == 15
    assert report(app, units=(HAMLETS[1],))["volunteer_turns"] == 0
    assert report(app, units=(COMMUNE,))["sessions_held"] == 0
    whole = report(app, units=("94",))
    assert (whole["volunteer_turns"], whole["sessions_held"]) == (15, 1)


def test_a_reschedule_moves_the_session_into_or_out_of_the_period() -> None:
    """A session moved from 4 to 11 March counts by its new date only."""
    app, _ = new_world()
    app.handle(
        n.RescheduleSession(**KEY, date=date(2024, 3, 11), reason="Trùng lịch", occurred_at=at(2))
    )
    close_session(app, day=11)

    assert report(app, date(2024, 3, 1), date(2024, 3, 10))["sessions_held"] == 0
    moved_in = report(app, date(2024, 3, 11), date(2024, 3, 11))
    assert (moved_in["sessions_held"], moved_in["attendees"]) == (1, 25)
    assert moved_in["quota"] == {"required": 2, "achieved": 0, "shortfall_months": 1}


def test_a_session_not_yet_closed_or_cancelled_is_not_held() -> None:
    """Only closed sessions count as held."""
    app, _ = new_world()
    assert report(app)["sessions_held"] == 0
    app.handle(n.CancelSession(**KEY, reason="Bão", occurred_at=at(3)))
    assert report(app)["sessions_held"] == 0


def test_a_reopened_complaint_is_not_resolved_after_it_was_reopened() -> None:
    """Resolved on the 10th, reopened on the 20th: resolved as at the 15th, not at the 31st."""
    app, w = new_world()
    cid = raise_complaint(app)
    answer_on_spot(app, cid, w)
    app.handle(
        n.ResolveComplaint(
            complaint_id=cid, resolution="Xong", resolved_by=w.chair, occurred_at=at(10)
        )
    )
    app.handle(n.ReopenComplaint(complaint_id=cid, reason="Chưa đồng ý", occurred_at=at(20)))

    mid = report(app, date(2024, 3, 1), date(2024, 3, 15))
    assert (mid["complaints_resolved"], mid["complaints_answered"], mid["resolution_rate"]) == (
        1,
        1,
        1.0,
    )
    end = report(app)
    assert (end["complaints_resolved"], end["complaints_answered"], end["resolution_rate"]) == (
        0,
        0,
        0,
    )


def test_a_complaint_is_overdue_from_its_appointment_until_it_is_answered() -> None:
    """Appointment 15 March, answered 20 March: overdue as at 15–19 March only."""
    app, w = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)
    answer(app, cid, w, 20)
    overdue = {
        day: report(app, date(2024, 3, 1), date(2024, 3, day))["complaints_overdue"]
        for day in (14, 15, 19, 20, 31)
    }
    assert overdue == {14: 0, 15: 1, 19: 1, 20: 0, 31: 0}


def test_a_withdrawn_complaint_is_received_but_never_overdue() -> None:
    """Withdrawn before its appointment: received, not answered, not overdue."""
    app, _ = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)
    app.handle(n.WithdrawComplaint(complaint_id=cid, reason="Tự hòa giải", occurred_at=at(5)))
    got = report(app)
    assert (got["complaints_received"], got["complaints_answered"], got["complaints_overdue"]) == (
        1,
        0,
        0,
    )


def test_complaints_raised_outside_the_period_are_not_received_in_it() -> None:
    """A report starting after the complaint was raised does not count it."""
    app, _ = new_world()
    raise_complaint(app)
    assert report(app, date(2024, 3, 5), date(2024, 3, 31))["complaints_received"] == 0
    assert report(app, date(2024, 3, 4), date(2024, 3, 4))["complaints_received"] == 1


def test_households_supported_counts_each_household_once_with_every_value() -> None:
    """A gift and another support to one household: one household, both values."""
    app, w = new_world()
    support(app, w.household, n.SupportKind.GIFT, 200_000, 5)
    support(app, w.household, n.SupportKind.OTHER, 300_000, 6)
    support(app, w.household, n.SupportKind.GIFT, 100_000, 2)  # before the period below
    got = report(app, date(2024, 3, 3), date(2024, 3, 31))
    assert got["households_supported"] == {"count": 1, "value_vnd": 500_000}


def test_houses_and_toilets_are_counted_on_their_own_lines_not_as_households_supported() -> None:
    """House built, house repaired and toilet supports never enter households_supported."""
    app, w = new_world()
    support(app, w.household, n.SupportKind.HOUSE_BUILT, 44_000_000, 5)
    support(app, w.other_household, n.SupportKind.HOUSE_REPAIRED, 18_100_000, 6)
    support(app, w.other_household, n.SupportKind.TOILET, 1_450_000, 7)
    got = report(app)
    assert got["households_supported"] == {"count": 0, "value_vnd": 0}
    assert got["houses_built"] == {"count": 1, "value_vnd": 44_000_000}
    assert got["houses_repaired"] == {"count": 1, "value_vnd": 18_100_000}
    assert got["toilets_built"] == {"count": 1, "value_vnd": 1_450_000}


def test_reversals_are_their_own_figure_and_payments_are_never_negative() -> None:
    """Paid on the 14th, reversed on the 15th: the second half holds only the reversal."""
    app, w = new_world()
    paid = pay(app, w, n.DisbursementPurpose.HOUSE_REPAIR, 6_000_000, 14)
    reverse(app, paid, 15)
    month = report(app)["fund"]
    assert month == {
        "opening_vnd": 0,
        "receipts_vnd": 10_000_000,
        "payments_vnd": 6_000_000,
        "reversals_vnd": 6_000_000,
        "closing_vnd": 10_000_000,
    }
    first = report(app, date(2024, 3, 1), date(2024, 3, 14))["fund"]
    assert (first["payments_vnd"], first["reversals_vnd"], first["closing_vnd"]) == (
        6_000_000,
        0,
        4_000_000,
    )
    second = report(app, date(2024, 3, 15), date(2024, 3, 31))["fund"]
    assert second == {
        "opening_vnd": 4_000_000,
        "receipts_vnd": 0,
        "payments_vnd": 0,
        "reversals_vnd": 6_000_000,
        "closing_vnd": 10_000_000,
    }
    # the same lines as the fund's disclosure of each period
    ledger = fold(FundLedger(), app.records()).view()
    for start, end in ((1, 31), (1, 14), (15, 31)):
        d = disclosure(ledger, COMMUNE, date(2024, 3, start), date(2024, 3, end))
        got = report(app, date(2024, 3, start), date(2024, 3, end), (COMMUNE,))["fund"]
        assert got == {
            "opening_vnd": d.opening_vnd,
            "receipts_vnd": d.receipts_vnd,
            "payments_vnd": d.payments_vnd,
            "reversals_vnd": d.reversals_vnd,
            "closing_vnd": d.closing_vnd,
        }


def test_a_report_resumed_from_its_snapshot_equals_one_folded_in_one_go() -> None:
    """Snapshot half-way (through JSON), restore into a new report, finish: same view."""
    app, w = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)
    support(app, w.household, n.SupportKind.GIFT, 200_000, 5)
    volunteer(app, HAMLETS[0], 15, 300)
    close_session(app)
    records = list(app.records())
    half = len(records) // 2
    first = fold(PeriodReport(*MARCH, units=(COMMUNE,)), records[:half])
    resumed = PeriodReport(*MARCH, units=(COMMUNE,))
    resumed.restore(json.loads(json.dumps(first.snapshot())))
    fold(resumed, records[half:])
    assert resumed.view() == fold(PeriodReport(*MARCH, units=(COMMUNE,)), records).view()
    assert PeriodReport.name == "period_report"
    with pytest.raises(ValueError, match="another report"):
        PeriodReport(*MARCH).restore(first.snapshot())


def test_a_payment_reversed_in_the_period_no_longer_counts_as_support_given() -> None:
    """A fund payment reversed (e.g. to the wrong household) leaves households_supported."""
    app, w = new_world()
    paid = uuid4()
    for disbursement in (uuid4(), paid):
        app.handle(
            n.MakeDisbursement(
                unit=COMMUNE,
                disbursement_id=disbursement,
                purpose=n.DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(300_000),
                household_id=w.household,
                approvers=(w.deputy,),
                occurred_at=at(5, 9),
            )
        )
    assert report(app)["households_supported"] == {"count": 1, "value_vnd": 600_000}
    app.handle(
        n.ReverseDisbursement(
            unit=COMMUNE, disbursement_id=paid, reason="Ghi trùng", occurred_at=at(6, 9)
        )
    )
    assert report(app)["households_supported"] == {"count": 1, "value_vnd": 300_000}
    app.handle(
        n.ReverseDisbursement(
            unit=COMMUNE,
            disbursement_id=next(
                r.event.disbursement_id  # type: ignore[attr-defined]
                for r in app.stream(n.fund_id(COMMUNE))
                if isinstance(r.event, n.DisbursementMade) and r.event.disbursement_id != paid
            ),
            reason="Nhầm hộ",
            occurred_at=at(7, 9),
        )
    )
    assert report(app)["households_supported"] == {"count": 0, "value_vnd": 0}
    # a reversal after the period does not rewrite the period's report
    assert report(app, MARCH[0], date(2024, 3, 5))["households_supported"] == {
        "count": 1,
        "value_vnd": 600_000,
    }


def hold_supervisory_session(app: NgheDan, unit: str, attendees: int, day: int = 12) -> None:
    """A supervisory-level session of `unit` in March, with its reception, closed."""
    level = n.SessionLevel.SUPERVISORY
    app.handle(
        n.ScheduleSession(
            unit=unit, month=MONTH, level=level, date=date(2024, 3, day), occurred_at=at(1)
        )
    )
    app.handle(
        n.HoldReception(
            unit=unit,
            month=MONTH,
            level=level,
            hamlet=HAMLETS[1],
            attendees=attendees,
            occurred_at=at(day, 9),
        )
    )
    app.handle(
        n.CloseSession(
            unit=unit, month=MONTH, level=level, minutes="Biên bản", occurred_at=at(day, 17)
        )
    )


def test_supervisory_sessions_are_counted_apart_from_the_commune_sessions() -> None:
    """A province's supervisory session is not a commune session; the quota stays commune-only."""
    app, _ = new_world()
    close_session(app)
    hold_supervisory_session(app, "94", 40)
    hold_supervisory_session(app, COMMUNE, 7, day=13)

    got = report(app)

    commune = (got["sessions_held"], got["attendees"], got["units_with_sessions"])
    assert commune == (1, 25, 1)
    supervisory = (
        got["supervisory_sessions_held"],
        got["supervisory_attendees"],
        got["supervisory_units_with_sessions"],
    )
    assert supervisory == (2, 47, 2)
    assert got["quota"] == {"required": 2, "achieved": 0, "shortfall_months": 1}
    only_commune = report(app, units=(COMMUNE,))
    assert (only_commune["sessions_held"], only_commune["supervisory_sessions_held"]) == (1, 1)


def conduct_gift_visit(app: NgheDan, w: World, value: int) -> UUID:
    """A visit to the selected household with a gift paid by the fund; its disbursement id."""
    visit = uuid4()
    app.handle(n.PlanVisit(visit_id=visit, **KEY, household_id=w.household, team=(w.chair,)))
    app.handle(
        n.ConductVisit(
            visit_id=visit, gift_value=Vnd(value), approvers=(w.deputy,), occurred_at=at(4, 14)
        )
    )
    return n.gift_disbursement_id(visit)


def test_a_reversed_gift_leaves_every_line_it_touched() -> None:
    """A fund gift on a visit, reversed: off gifts and households supported; money back."""
    app, w = new_world()
    paid = conduct_gift_visit(app, w, 500_000)
    before = report(app)
    assert before["gifts"] == {"count": 1, "value_vnd": 500_000}
    assert before["households_supported"] == {"count": 1, "value_vnd": 500_000}

    reverse(app, paid, 6)

    got = report(app)
    assert got["gifts"] == {"count": 0, "value_vnd": 0}
    assert got["households_supported"] == {"count": 0, "value_vnd": 0}
    assert got["fund"] == {
        "opening_vnd": 0,
        "receipts_vnd": 10_000_000,
        "payments_vnd": 500_000,
        "reversals_vnd": 500_000,
        "closing_vnd": 10_000_000,
    }
    # reversed after the period: the period keeps the gift it gave
    early = report(app, MARCH[0], date(2024, 3, 5))
    assert early["gifts"] == {"count": 1, "value_vnd": 500_000}
    assert early["households_supported"] == {"count": 1, "value_vnd": 500_000}


def test_a_reversed_house_or_toilet_payment_leaves_its_line() -> None:
    """A fund payment for a toilet, reversed in the period, is off the toilets line."""
    app, w = new_world()
    paid = pay(app, w, n.DisbursementPurpose.TOILET, 1_450_000, 22)
    assert report(app)["toilets_built"] == {"count": 1, "value_vnd": 1_450_000}
    reverse(app, paid, 23)
    assert report(app)["toilets_built"] == {"count": 0, "value_vnd": 0}


def vn(day: int, hour: int = 12, month: int = 3) -> datetime:
    """A moment in Vietnam in 2024."""
    return datetime(2024, month, day, hour, tzinfo=VIETNAM_TZ)


def test_a_complaint_raised_before_the_period_is_overdue_in_it_until_answered() -> None:
    """Raised 4 March, appointment 15 March, never answered: overdue in April, not received."""
    app, _ = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)

    april = report(app, date(2024, 4, 1), date(2024, 4, 30))

    assert (april["complaints_received"], april["complaints_overdue"]) == (0, 1)


def test_a_complaint_answered_before_the_period_is_not_overdue_in_it() -> None:
    """Raised and answered in March: April's report has nothing overdue."""
    app, w = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)
    answer(app, cid, w, 20)
    assert report(app, date(2024, 4, 1), date(2024, 4, 30))["complaints_overdue"] == 0


def test_overdue_is_judged_at_the_moment_the_report_is_made_when_that_is_earlier() -> None:
    """Report of March made on 10 March: an appointment on 15 March is not yet overdue."""
    app, w = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)
    answer(app, cid, w, 20)

    overdue = {
        moment: report(app, as_of=moment)["complaints_overdue"]
        for moment in (vn(10), vn(15, 7), vn(15, 9), vn(19), vn(20, 12), vn(10, month=4))
    }

    assert list(overdue.values()) == [0, 0, 1, 1, 0, 0]
    # made after the period ended: judged at the end of the period
    assert (
        report(app, date(2024, 3, 1), date(2024, 3, 16), as_of=vn(1, month=5))["complaints_overdue"]
        == 1
    )


def test_the_report_counts_as_overdue_what_the_complaint_board_shows_overdue() -> None:
    """Over the whole history, as at many moments, the report and the board agree."""
    app, w = new_world()
    waiting, answered, withdrawn, reopened = (raise_complaint(app) for _ in range(4))
    for cid in (waiting, answered, withdrawn, reopened):
        take_on_record(app, cid, 15)
    answer(app, answered, w, 18)
    app.handle(
        n.WithdrawComplaint(complaint_id=withdrawn, reason="Tự hòa giải", occurred_at=at(17))
    )
    answer(app, reopened, w, 14)
    app.handle(n.ReopenComplaint(complaint_id=reopened, reason="Chưa đồng ý", occurred_at=at(21)))
    records = list(app.records())
    for moment in (vn(14), vn(16), vn(17, 20), vn(19), vn(22), vn(1, month=4)):
        board = fold(ComplaintBoard(as_of=moment), records).view()
        got = fold(PeriodReport(date(2024, 1, 1), date(2024, 12, 31), as_of=moment), records)
        assert got.view().complaints_overdue == board.totals.overdue, moment


def test_the_moment_of_a_report_must_carry_its_time_zone() -> None:
    """A naive as_of is a programming error: ValueError."""
    with pytest.raises(ValueError, match="timezone"):
        PeriodReport(*MARCH, as_of=datetime(2024, 3, 10))  # noqa: DTZ001


def test_a_report_with_a_moment_is_resumed_from_its_snapshot_only_for_that_moment() -> None:
    """The snapshot carries as_of; a report for another moment refuses it."""
    app, _ = new_world()
    cid = raise_complaint(app)
    take_on_record(app, cid, 15)
    records = list(app.records())
    first = fold(PeriodReport(*MARCH, as_of=vn(16)), records[:-3])
    resumed = PeriodReport(*MARCH, as_of=vn(16))
    resumed.restore(json.loads(json.dumps(first.snapshot())))
    fold(resumed, records[-3:])
    assert resumed.view() == fold(PeriodReport(*MARCH, as_of=vn(16)), records).view()
    assert resumed.view().complaints_overdue == 1
    with pytest.raises(ValueError, match="another report"):
        PeriodReport(*MARCH, as_of=vn(17)).restore(first.snapshot())
