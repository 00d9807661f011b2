"""Household history: registration, assessments, selections, supports, deregistration."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID, uuid4

import attrs
import pytest

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.projections import HouseholdHistory, HouseholdRecord, fold
from nghedan_core.serialization import unstructure
from nghedan_core.values import is_personal

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world


def recorded() -> tuple[NgheDan, World, dict[str, str]]:
    """The world's household: assessed, selected, given a gift on a visit, paid for a toilet."""
    app = NgheDan("memory://")
    w = build_world(app)
    h = app.handle
    h(
        n.AssessHousehold(
            household_id=w.household,
            criteria=("thu nhập thấp", "nhà dột"),
            score=70,
            assessed_by=w.clerk,
            occurred_at=at(3),
        )
    )
    visit, toilet = uuid4(), uuid4()
    h(
        n.PlanVisit(
            visit_id=visit,
            unit=COMMUNE,
            month=MONTH,
            household_id=w.household,
            team=(w.chair,),
            occurred_at=at(4, 13),
        )
    )
    h(
        n.ConductVisit(
            visit_id=visit,
            gift_value=Vnd(500_000),
            gift_description="Gạo",
            approvers=(w.deputy,),
            occurred_at=at(4, 14),
        )
    )
    h(
        n.MakeDisbursement(
            unit=COMMUNE,
            disbursement_id=toilet,
            purpose=n.DisbursementPurpose.TOILET,
            amount=Vnd(1_450_000),
            household_id=w.household,
            approvers=(w.chair,),
            occurred_at=at(20),
        )
    )
    h(
        n.DeliverSupport(
            household_id=w.other_household,
            kind=n.SupportKind.OTHER,
            value=Vnd(300_000),
            funded_by=n.FundingSource.DONOR,
            description="Xe đạp",
            occurred_at=at(21),
        )
    )
    h(
        n.DeregisterHousehold(
            household_id=w.other_household,
            reason=n.DeregistrationReason.ESCAPED_POVERTY,
            note="Có việc làm ổn định",
            occurred_at=at(31),
        )
    )
    return (
        app,
        w,
        {"visit": str(visit), "toilet": str(toilet), "gift": str(n.gift_disbursement_id(visit))},
    )


def test_a_household_history_shows_registration_assessment_selection_and_supports() -> None:
    """Who was supported, when, with what, paid by whom, selected by whom."""
    app, w, ids = recorded()
    history = fold(HouseholdHistory(), app.records()).view()
    hh = history.of(w.household)
    assert hh is not None
    assert (hh.unit, hh.hamlet, hh.categories, hh.registered_at) == (
        COMMUNE,
        HAMLETS[0],
        ("poor",),
        at(1),
    )
    assert [(a.at, a.criteria, a.score, a.assessed_by) for a in hh.assessments] == [
        (at(3), ("thu nhập thấp", "nhà dột"), 70, str(w.clerk))
    ]
    assert [(s.month, s.selected_by, s.justification) for s in hh.selections] == [
        (MONTH, (str(w.chair),), None)
    ]
    assert [
        (s.day, s.kind, s.value_vnd, s.funded_by, s.disbursement_id, s.visit_id)
        for s in hh.supports
    ] == [
        (date(2024, 3, 4), "gift", 500_000, "fund", ids["gift"], ids["visit"]),
        (date(2024, 3, 20), "toilet", 1_450_000, "fund", ids["toilet"], None),
    ]
    assert hh.supported_vnd == 1_950_000
    assert hh.deregistration is None
    assert (
        json.loads(json.dumps(unstructure(history)))["households"][str(w.household)]["unit"]
        == COMMUNE
    )
    assert history.officials == {
        str(w.clerk): "Ngô Văn Cường (Văn phòng - Thống kê)",
        str(w.chair): "Trần Văn An (Chủ tịch UBND xã)",
    }


def test_support_from_a_donor_and_deregistration_are_in_the_history() -> None:
    """The other household: one donor support, then off the list with the reason."""
    app, w, _ = recorded()
    other = fold(HouseholdHistory(), app.records()).view().of(w.other_household)
    assert other is not None
    assert [(s.kind, s.value_vnd, s.funded_by, s.description) for s in other.supports] == [
        ("other", 300_000, "donor", "Xe đạp")
    ]
    assert other.deregistration is not None
    assert (other.deregistration.at, other.deregistration.reason, other.deregistration.note) == (
        at(31),
        "escaped_poverty",
        "Có việc làm ổn định",
    )


def test_the_head_of_household_is_personal_data_and_public_drops_it() -> None:
    """Head's name and circumstances are in personal fields; public() empties them."""
    app, w, _ = recorded()
    history = fold(HouseholdHistory(), app.records()).view()
    assert "Thạch" not in str(history.households[str(w.household)].head)
    history = app.reveal(history)
    assert history.households[str(w.household)].head == "Thạch Thị Hoa"
    assert {f.name for f in attrs.fields(HouseholdRecord) if is_personal(f)} == {
        "head",
        "circumstances",
    }
    public = history.public()
    assert all(h.head is None and h.circumstances is None for h in public.households.values())
    assert len(public.for_unit(COMMUNE)) == 2


def test_a_history_of_chosen_households_leaves_the_others_out() -> None:
    """Given household ids, only those are followed."""
    app, w, _ = recorded()
    history = fold(HouseholdHistory([w.other_household]), app.records()).view()
    assert set(history.households) == {str(w.other_household)}
    assert history.of(w.household) is None


def test_a_history_resumed_from_its_snapshot_equals_one_folded_in_one_go() -> None:
    """Snapshot half-way through JSON, restore, finish: the same histories."""
    app, w, _ = recorded()
    records = list(app.records())
    half = len(records) // 2
    first = fold(HouseholdHistory(), records[:half])
    resumed = HouseholdHistory()
    resumed.restore(json.loads(json.dumps(first.snapshot())))
    fold(resumed, records[half:])
    assert resumed.view() == fold(HouseholdHistory(), records).view()
    assert HouseholdHistory.name == "household_history"
    with pytest.raises(ValueError, match="other households"):
        HouseholdHistory([w.household]).restore(first.snapshot())


def test_a_reversed_payment_stays_in_the_history_marked_and_no_longer_counts() -> None:
    """The toilet payment is reversed: still listed, with the day, out of the totals."""
    app, w, ids = recorded()
    app.handle(
        n.ReverseDisbursement(
            unit=COMMUNE,
            disbursement_id=UUID(ids["toilet"]),
            reason="Chi nhầm hộ",
            occurred_at=at(25),
        )
    )
    projection = fold(HouseholdHistory(), app.records())
    hh = projection.view().of(w.household)
    assert hh is not None
    assert [(s.kind, s.reversed_on) for s in hh.supports] == [
        ("gift", None),
        ("toilet", date(2024, 3, 25)),
    ]
    assert [s.kind for s in hh.delivered] == ["gift"]
    assert hh.supported_vnd == 500_000
    # a history resumed from its snapshot knows which payment went where
    resumed = HouseholdHistory()
    resumed.restore(
        json.loads(json.dumps(fold(HouseholdHistory(), list(app.records())[:-1]).snapshot()))
    )
    for record in list(app.records())[-1:]:
        resumed.apply(record)
    assert resumed.view() == projection.view()
