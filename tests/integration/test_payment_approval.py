"""Approval is an act of the approver: request → each leader approves → paid (ADR 0017)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID, uuid4

import pytest

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.aggregates.fund import fund_id
from nghedan_core.errors import DomainError
from nghedan_core.serialization import canonical_json, event_hash

from world import COMMUNE, World, at, build_world

AMOUNT = 6_000_000  # at or above the 5.000.000 đ threshold: two approvers


@pytest.fixture
def app() -> NgheDan:
    """An application on a memory store."""
    return NgheDan("memory://")


@pytest.fixture
def w(app: NgheDan) -> World:
    """The small commune world: a chair, a deputy (leaders), a clerk, a selected household."""
    return build_world(app)


def official(app: NgheDan, unit: str, role: n.OfficialRole) -> UUID:
    """Register one more official of `unit` with `role`; its id."""
    oid = uuid4()
    app.handle(
        n.RegisterOfficial(
            official_id=oid,
            unit=unit,
            full_name="Đặng Văn Dũng",
            position="Cán bộ",
            roles=frozenset({role}),
            occurred_at=at(1),
        )
    )
    return oid


def request(app: NgheDan, w: World, *, by: UUID | None = None, amount: int = AMOUNT) -> UUID:
    """The clerk (or `by`) requests a payment to the selected household; its id."""
    paid = uuid4()
    app.handle(
        n.RequestPayment(
            unit=COMMUNE,
            disbursement_id=paid,
            purpose=n.DisbursementPurpose.OTHER_SUPPORT,
            amount=Vnd(amount),
            household_id=w.household,
            requested_by=by or w.clerk,
            occurred_at=at(5),
        )
    )
    return paid


def approve(app: NgheDan, paid: UUID, approver: UUID) -> tuple[n.Event, ...]:
    """`approver` approves payment `paid`; the events recorded."""
    recorded = app.handle(
        n.ApprovePayment(unit=COMMUNE, disbursement_id=paid, approver=approver, occurred_at=at(5))
    )
    return tuple(r.event for r in recorded)


def refused(app: NgheDan, paid: UUID, approver: UUID) -> str:
    """The code of the refusal of `approver` approving `paid`."""
    with pytest.raises(DomainError) as caught:
        approve(app, paid, approver)
    return caught.value.code


def balance(app: NgheDan) -> int:
    """The commune fund's balance in đồng."""
    fund = app.fund(COMMUNE)
    assert fund is not None
    return fund.balance.amount


def test_two_leaders_approving_a_clerks_request_pay_it(app: NgheDan, w: World) -> None:
    """The second distinct leader's approval makes the payment, with the household's support."""
    paid = request(app, w)
    first = approve(app, paid, w.chair)
    assert [type(e) for e in first] == [n.PaymentApproved]
    assert balance(app) == 10_000_000
    second = approve(app, paid, w.deputy)
    made = [e for e in second if isinstance(e, n.DisbursementMade)]
    assert [e.approvers for e in made] == [(w.chair, w.deputy)]
    assert any(isinstance(e, n.SupportDelivered) and e.disbursement_id == paid for e in second)
    assert balance(app) == 10_000_000 - AMOUNT


def test_one_leader_alone_above_the_threshold_does_not_pay(app: NgheDan, w: World) -> None:
    """One approval of a 6.000.000 đ request leaves the money in the fund."""
    paid = request(app, w)
    approve(app, paid, w.chair)
    assert balance(app) == 10_000_000
    assert refused(app, paid, w.chair) == "fund.already_approved"


def test_below_the_threshold_one_leader_pays_a_request(app: NgheDan, w: World) -> None:
    """A 500.000 đ request is paid by one leader's approval."""
    paid = request(app, w, amount=500_000)
    events = approve(app, paid, w.chair)
    assert any(isinstance(e, n.DisbursementMade) for e in events)


def test_the_requester_cannot_approve_the_request(app: NgheDan, w: World) -> None:
    """A leader who requested a payment is not one of its approvers."""
    paid = request(app, w, by=w.chair)
    assert refused(app, paid, w.chair) == "fund.requester_approves"


def test_a_leader_related_to_the_household_cannot_approve(app: NgheDan, w: World) -> None:
    """A leader who declared a relation to the household must recuse."""
    app.handle(
        n.DeclareRelative(
            official_id=w.deputy, relation="anh ruột", household_id=w.household, occurred_at=at(2)
        )
    )
    paid = request(app, w)
    assert refused(app, paid, w.deputy) == "selection.conflict_of_interest"


def test_a_clerk_cannot_approve(app: NgheDan, w: World) -> None:
    """Only a leader approves: the clerk of the commune is refused."""
    paid = request(app, w, by=w.chair)
    assert refused(app, paid, w.clerk) == "actor.role_forbidden"


def test_an_mttq_member_cannot_approve(app: NgheDan, w: World) -> None:
    """MTTQ supervises; it never approves a payment."""
    mttq = official(app, COMMUNE, n.OfficialRole.MTTQ)
    paid = request(app, w)
    assert refused(app, paid, mttq) == "actor.role_forbidden"


def test_leaders_of_another_commune_cannot_approve(app: NgheDan, w: World) -> None:
    """A leader approves the payments of their own commune only."""
    app.handle(
        n.RegisterUnit(
            code="29501", name="Xã Khác", kind=n.UnitKind.COMMUNE, parent="94", occurred_at=at(1)
        )
    )
    stranger = official(app, "29501", n.OfficialRole.LEADER)
    paid = request(app, w)
    assert refused(app, paid, stranger) == "actor.out_of_scope"


def test_an_mttq_member_cannot_request_a_payment(app: NgheDan, w: World) -> None:
    """A request comes from the commune's clerk or a leader."""
    mttq = official(app, COMMUNE, n.OfficialRole.MTTQ)
    with pytest.raises(DomainError) as caught:
        request(app, w, by=mttq)
    assert caught.value.code == "actor.role_forbidden"


def test_a_refused_request_is_never_paid(app: NgheDan, w: World) -> None:
    """A leader refuses a request; approving it afterwards is refused."""
    paid = request(app, w)
    app.handle(
        n.RejectPayment(
            unit=COMMUNE,
            disbursement_id=paid,
            rejected_by=w.chair,
            reason="Hộ đã nhận hỗ trợ khác",
            occurred_at=at(5),
        )
    )
    assert refused(app, paid, w.deputy) == "fund.request_rejected"
    assert balance(app) == 10_000_000


def test_the_requester_may_withdraw_but_a_stranger_may_not_refuse(app: NgheDan, w: World) -> None:
    """The clerk withdraws their own request; an MTTQ member cannot refuse one."""
    mttq = official(app, COMMUNE, n.OfficialRole.MTTQ)
    paid = request(app, w)
    with pytest.raises(DomainError) as caught:
        app.handle(
            n.RejectPayment(
                unit=COMMUNE,
                disbursement_id=paid,
                rejected_by=mttq,
                reason="Không đồng ý",
                occurred_at=at(5),
            )
        )
    assert caught.value.code == "actor.role_forbidden"
    app.handle(
        n.RejectPayment(
            unit=COMMUNE,
            disbursement_id=paid,
            rejected_by=w.clerk,
            reason="Rút đề nghị",
            occurred_at=at(5),
        )
    )


def test_one_step_payment_above_the_threshold_is_refused(app: NgheDan, w: World) -> None:
    """MakeDisbursement naming two approvers who did not act is refused above the threshold."""
    with pytest.raises(DomainError) as caught:
        app.handle(
            n.MakeDisbursement(
                unit=COMMUNE,
                disbursement_id=uuid4(),
                purpose=n.DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(AMOUNT),
                household_id=w.household,
                approvers=(w.chair, w.deputy),
                occurred_at=at(5),
            )
        )
    assert caught.value.code == "fund.request_required"
    assert "đề nghị chi" in caught.value.message("vi")


def test_one_step_payment_by_an_mttq_member_is_refused(app: NgheDan, w: World) -> None:
    """Below the threshold the one approver is still a leader of the commune."""
    mttq = official(app, COMMUNE, n.OfficialRole.MTTQ)
    with pytest.raises(DomainError) as caught:
        app.handle(
            n.MakeDisbursement(
                unit=COMMUNE,
                disbursement_id=uuid4(),
                purpose=n.DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(500_000),
                household_id=w.household,
                approvers=(mttq,),
                occurred_at=at(5),
            )
        )
    assert caught.value.code == "actor.role_forbidden"


def test_the_audit_passes_on_approved_payments(app: NgheDan, w: World) -> None:
    """A payment requested and approved by two leaders passes the approvals check."""
    paid = request(app, w)
    approve(app, paid, w.chair)
    approve(app, paid, w.deputy)
    report = app.audit()
    assert report.check("fund.approved_by_distinct_leaders").passed


def test_the_audit_fails_on_a_forged_payment_whose_approvals_do_not_hold(tmp_path: Path) -> None:
    """A 6.000.000 đ payment written into the file, naming two leaders who never approved it."""
    url = f"sqlite:///{tmp_path / 'nghedan.db'}"
    app = NgheDan(url)
    w = build_world(app)
    app.handle(
        n.MakeDisbursement(
            unit=COMMUNE,
            disbursement_id=uuid4(),
            purpose=n.DisbursementPurpose.OTHER_SUPPORT,
            amount=Vnd(100_000),
            household_id=w.household,
            approvers=(w.chair,),
            occurred_at=at(5),
        )
    )
    assert app.audit().check("fund.approved_by_distinct_leaders").passed
    app.close()
    stream = fund_id(COMMUNE)
    db = sqlite3.connect(tmp_path / "nghedan.db", isolation_level=None)
    version, topic, state = db.execute(
        "SELECT originator_version, topic, state FROM stored_events WHERE originator_id = ?"
        " ORDER BY originator_version DESC LIMIT 1",
        (stream.hex,),
    ).fetchone()
    last = json.loads(bytes(state))
    assert topic == "fund.DisbursementMade"
    payload = {
        **last["payload"],
        "disbursement_id": str(uuid4()),
        "amount": AMOUNT,
        "approvers": [str(w.chair), str(w.deputy)],
    }
    digest = event_hash(
        stream, version + 1, topic, last["recorded_at"], payload, last["hash"], last.get("actor")
    )
    forged = {**last, "payload": payload, "prev": last["hash"], "hash": digest}
    db.execute(
        "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
        " VALUES (?, ?, ?, ?)",
        (stream.hex, version + 1, topic, canonical_json(forged)),
    )
    db.close()
    app = NgheDan(url)
    report = app.audit()
    app.close()
    check = report.check("fund.approved_by_distinct_leaders")
    assert report.check("chain.intact").passed  # the forger recomputed the hashes
    assert not check.passed
    assert check.first_position == report.last_position
    assert "không có đề nghị" in check.detail
