"""The read side's answers for the officials' workspace: names, hamlets, queues, rows."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from nghedan_core import (
    ApprovePayment,
    AssessHousehold,
    CancelPledge,
    CompleteVolunteerWork,
    ContributionSource,
    DeclareRelative,
    DisbursementPurpose,
    InspectSession,
    LeaveOffice,
    Month,
    NgheDan,
    NotifyVolunteers,
    OfficialRole,
    PlanVolunteerWork,
    PledgeContribution,
    PolicyConfig,
    ReceiveContribution,
    RegisterOfficial,
    RegisterUnit,
    RequestPayment,
    ReverseDisbursement,
    TransferOfficial,
    UnitKind,
    Vnd,
    VolunteerWorkKind,
)

from world import COMMUNE, HAMLETS, MONTH, at, build_world, pay_approved


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


def test_pledges_show_what_came_in_and_what_remains() -> None:
    """A pledge received in part keeps the rest; a cancelled one has nothing remaining."""
    app = NgheDan("memory://")
    build_world(app)
    kept, dropped = uuid4(), uuid4()
    for pid in (kept, dropped):
        app.handle(
            PledgeContribution(
                unit=COMMUNE,
                pledge_id=pid,
                amount=Vnd(3_000_000),
                source=ContributionSource.LAWFUL_DONATION,
                donor="Công ty Hòa Bình",
                occurred_at=at(5),
            )
        )
    app.handle(
        ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            pledge_id=kept,
            amount=Vnd(1_000_000),
            source=ContributionSource.LAWFUL_DONATION,
            donor="Công ty Hòa Bình",
            occurred_at=at(6),
        )
    )
    app.handle(
        CancelPledge(unit=COMMUNE, pledge_id=dropped, reason="Không thực hiện", occurred_at=at(7))
    )
    first, second = app.queries.pledges(COMMUNE)
    assert (first.received_vnd, first.remaining_vnd, first.cancelled) == (
        1_000_000,
        2_000_000,
        False,
    )
    assert (second.remaining_vnd, second.cancelled) == (0, True)


def test_receipts_are_numbered_in_order_and_name_the_contributor() -> None:
    """The printed receipt's number is its order in the fund; the contributor, revealed."""
    app = NgheDan("memory://")
    build_world(app)
    rid = uuid4()
    app.handle(
        ReceiveContribution(
            unit=COMMUNE,
            receipt_id=rid,
            amount=Vnd(250_000),
            source=ContributionSource.SESSION,
            contributor="Phạm Văn Hòa",
            occurred_at=at(6),
        )
    )
    receipts = app.queries.receipts(COMMUNE)
    assert [r.number for r in receipts] == list(range(1, len(receipts) + 1))
    found = app.queries.receipt(COMMUNE, rid)
    assert found is not None
    assert found.number == len(receipts)
    assert app.reveal(found).contributor == "Phạm Văn Hòa"
    assert found.fund_name == "Quỹ hỗ trợ đối tượng chính sách gặp khó khăn"
    assert app.queries.receipt(COMMUNE, uuid4()) is None


def test_the_ceremony_contributions_are_that_days_flag_ceremony_receipts() -> None:
    """Not another day's, not another source's; their total is the sum of those kept."""
    app = NgheDan("memory://")
    build_world(app)
    day = at(4).date()
    before = app.queries.ceremony_contributions(COMMUNE, day)
    for amount, source, when in (
        (700_000, ContributionSource.FLAG_CEREMONY, at(4, 8)),
        (900_000, ContributionSource.SESSION, at(4, 9)),
        (400_000, ContributionSource.FLAG_CEREMONY, at(5, 8)),
    ):
        app.handle(
            ReceiveContribution(
                unit=COMMUNE,
                receipt_id=uuid4(),
                amount=Vnd(amount),
                source=source,
                occurred_at=when,
            )
        )
    after = app.queries.ceremony_contributions(COMMUNE, day)
    assert len(after.lines) == len(before.lines) + 1
    assert after.total_vnd == before.total_vnd + 700_000
    assert app.queries.ceremony_contributions(COMMUNE, at(5).date()).total_vnd == 400_000


def test_reversed_payments_are_no_longer_reversible() -> None:
    """Each payment may be reversed once."""
    app = NgheDan("memory://")
    w = build_world(app)
    paid = pay_approved(app, w, amount=300_000, occurred_at=at(6))
    assert str(paid) in {line.reference for line in app.queries.reversible_payments(COMMUNE)}
    app.handle(
        ReverseDisbursement(
            unit=COMMUNE, disbursement_id=paid, reason="Chi nhầm", occurred_at=at(7)
        )
    )
    assert str(paid) not in {line.reference for line in app.queries.reversible_payments(COMMUNE)}


def test_volunteer_work_is_listed_with_its_progress_and_its_notice_deadline() -> None:
    """Planned, notified, completed; the deadline is the notice policy's."""
    app = NgheDan("memory://", config=PolicyConfig(volunteer_notice_hours=48))
    build_world(app)
    wid = uuid4()
    starts = at(10, 7)
    app.handle(
        PlanVolunteerWork(
            work_id=wid,
            unit=COMMUNE,
            kind=VolunteerWorkKind.CLEANING,
            place="Chợ xã",
            starts_at=starts,
            task="Dọn vệ sinh chợ",
            occurred_at=at(5),
        )
    )
    [work] = app.queries.volunteer_works(COMMUNE)
    assert (work.status, work.place, work.starts_at) == ("planned", "Chợ xã", starts)
    assert app.queries.notice_deadline(starts) == at(8, 7)
    assert app.queries.earliest_volunteer_start(at(5)) == at(7)
    app.handle(NotifyVolunteers(work_id=wid, notified="Đoàn Thanh niên", occurred_at=at(6)))
    app.handle(
        CompleteVolunteerWork(work_id=wid, participants=30, length_m=800, occurred_at=at(10, 11))
    )
    [done] = app.queries.volunteer_works(COMMUNE)
    assert (done.status, done.notified, done.participants, done.length_m) == (
        "completed",
        "Đoàn Thanh niên",
        30,
        800,
    )
