"""The read side's answers for the officials' workspace: names, hamlets, queues, rows."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from nghedan_core import (
    ApprovePayment,
    AssessHousehold,
    DeclareRelative,
    DisbursementPurpose,
    InspectSession,
    LeaveOffice,
    Month,
    NgheDan,
    OfficialRole,
    RegisterOfficial,
    RegisterUnit,
    RequestPayment,
    TransferOfficial,
    UnitKind,
    Vnd,
)

from world import COMMUNE, HAMLETS, MONTH, at, build_world


def test_officials_are_those_in_office_in_the_unit_by_name() -> None:
    """One who left or moved away is not offered; names and positions come from the record."""
    app = NgheDan("memory://")
    w = build_world(app)
    app.handle(LeaveOffice(official_id=w.deputy, reason="Nghỉ hưu", occurred_at=at(5)))
    app.handle(RegisterUnit(code="29501", name="Xã Hòa Ân", kind=UnitKind.COMMUNE, parent="94"))
    app.handle(
        TransferOfficial(
            official_id=w.clerk, to_unit="29501", position="Văn phòng", occurred_at=at(6)
        )
    )
    names = [(o.full_name, o.position) for o in app.queries.officials(COMMUNE)]
    assert names == [("Trần Văn An", "Chủ tịch UBND xã")]
    assert [o.full_name for o in app.queries.officials("29501")] == ["Ngô Văn Cường"]


def test_hamlets_of_a_commune_by_name() -> None:
    """Only the commune's own hamlets, sorted by name."""
    app = NgheDan("memory://")
    build_world(app)
    assert [(u.code, u.name) for u in app.queries.hamlets(COMMUNE)] == [
        (HAMLETS[1], "Ấp Ngãi Hiệp"),
        (HAMLETS[0], "Ấp Ô Rồm"),
    ]


def test_the_proposed_schedule_is_the_first_monday_and_the_next_hamlet_in_rotation() -> None:
    """April 2024: Monday 1 April, and the hamlet that has not hosted yet."""
    app = NgheDan("memory://")
    build_world(app)  # March's reception was in the first hamlet
    assert app.queries.proposed_schedule(COMMUNE, Month(2024, 4)) == (date(2024, 4, 1), HAMLETS[1])


def test_payment_requests_wait_with_their_approvals_until_paid() -> None:
    """Above the threshold two approvals are needed; a paid request leaves the queue."""
    app = NgheDan("memory://")
    w = build_world(app)
    did = uuid4()
    app.handle(
        RequestPayment(
            unit=COMMUNE,
            disbursement_id=did,
            purpose=DisbursementPurpose.HOUSE_REPAIR,
            amount=Vnd(6_000_000),
            household_id=w.household,
            requested_by=w.clerk,
            occurred_at=at(10),
        )
    )
    app.handle(
        ApprovePayment(unit=COMMUNE, disbursement_id=did, approver=w.chair, occurred_at=at(11))
    )
    (waiting,) = app.queries.payment_requests(COMMUNE)
    assert waiting.amount_vnd == 6_000_000
    assert waiting.approvals == (str(w.chair),)
    assert waiting.required == 2
    app.handle(
        ApprovePayment(unit=COMMUNE, disbursement_id=did, approver=w.deputy, occurred_at=at(12))
    )
    assert app.queries.payment_requests(COMMUNE) == ()


def test_the_supervision_table_has_one_row_per_commune_below() -> None:
    """Sessions scheduled and inspected, for each commune-level unit the scope covers."""
    app = NgheDan("memory://")
    build_world(app)
    app.handle(RegisterUnit(code="29501", name="Xã Hòa Ân", kind=UnitKind.COMMUNE, parent="94"))
    inspector = uuid4()
    app.handle(
        RegisterOfficial(
            official_id=inspector,
            unit="94",
            full_name="Kim Văn Sơn",
            position="Ủy viên",
            roles=frozenset({OfficialRole.SUPERVISOR}),
            occurred_at=at(1),
        )
    )
    app.handle(
        InspectSession(
            unit=COMMUNE,
            month=MONTH,
            inspector_id=inspector,
            findings="Đúng quy trình.",
            occurred_at=at(5),
        )
    )
    rows = app.queries.supervision("94")
    assert [r.unit for r in rows] == [COMMUNE, "29501"]
    assert (rows[0].sessions_scheduled, rows[0].sessions_held, rows[0].inspections) == (1, 0, 1)
    assert (rows[1].sessions_scheduled, rows[1].inspections) == (0, 0)
    assert app.queries.supervision(COMMUNE) == ()


def test_households_ranked_for_a_selection_waiting_first_with_who_must_recuse() -> None:
    """The neediest waiting household first, one selected for the month after, who recuses."""
    app = NgheDan("memory://")
    w = build_world(app)  # the first household was selected for March
    app.handle(
        DeclareRelative(
            official_id=w.deputy,
            relation="em ruột",
            household_id=w.other_household,
            occurred_at=at(2),
        )
    )
    app.handle(
        AssessHousehold(
            household_id=w.other_household,
            criteria=("nhà tạm",),
            score=60,
            assessed_by=w.chair,
            occurred_at=at(3),
        )
    )
    ranked = app.queries.selection_ranking(COMMUNE, MONTH, date(2024, 3, 10))
    assert [r.household_id for r in ranked] == [str(w.other_household), str(w.household)]
    assert ranked[0].reasons == ()
    assert ranked[0].must_recuse == (str(w.deputy),)
    assert ranked[1].reasons == ("selected_for_month",)
    assert ranked[1].must_recuse == ()
