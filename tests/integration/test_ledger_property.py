"""Property: for any sequence of fund commands, the ledger balances and never goes negative."""

from __future__ import annotations

from uuid import UUID, uuid4

from hypothesis import event, given
from hypothesis import strategies as st

import nghedan_core as n
from nghedan_core import NgheDan, Vnd
from nghedan_core.errors import DomainError
from nghedan_core.projections import FundLedger, fold

from world import COMMUNE, at, build_world

INITIAL = 1_000_000

receive = st.tuples(st.just("receive"), st.integers(min_value=0, max_value=20_000_000))
disburse = st.tuples(st.just("disburse"), st.integers(min_value=0, max_value=30_000_000))
#: which earlier payment to reverse (modulo how many there are; may repeat one reversed)
reverse = st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=20))
operations = st.lists(st.one_of(receive, disburse, reverse), max_size=25)


@given(operations)
def test_ledger_balance_is_receipts_less_payments_plus_reversals_and_never_negative(
    ops: list[tuple[str, int]],
) -> None:
    """Refused commands record nothing; accepted ones add up, in the ledger and in the fund."""
    app = NgheDan("memory://")
    w = build_world(app, fund_vnd=INITIAL)
    receipts, payments, reversals = INITIAL, 0, 0
    paid: list[tuple[UUID, int]] = []
    for step, (op, value) in enumerate(ops):
        when = at(5 + step % 20, 9)
        command: n.Command
        if op == "receive":
            command = n.ReceiveContribution(
                unit=COMMUNE,
                receipt_id=uuid4(),
                amount=Vnd(value),
                source=n.ContributionSource.FLAG_CEREMONY,
                occurred_at=when,
            )
        elif op == "disburse":
            command = n.MakeDisbursement(
                unit=COMMUNE,
                disbursement_id=uuid4(),
                purpose=n.DisbursementPurpose.OTHER_SUPPORT,
                amount=Vnd(value),
                household_id=w.household,
                approvers=(w.chair,),
                occurred_at=when,
            )
        else:
            target = paid[value % len(paid)][0] if paid else uuid4()
            command = n.ReverseDisbursement(
                unit=COMMUNE, disbursement_id=target, reason="Ghi nhầm", occurred_at=when
            )
        try:
            app.handle(command)
        except DomainError as e:
            event(f"{op} refused: {e.code}")
            continue
        event(f"{op} accepted")
        if op == "receive":
            receipts += value
        elif op == "disburse":
            payments += value
            paid.append((command.disbursement_id, value))  # type: ignore[attr-defined]
        else:
            reversals += dict(paid)[command.disbursement_id]  # type: ignore[attr-defined]

    ledger = fold(FundLedger(), app.records()).view()
    expected = receipts - payments + reversals
    assert ledger.balances[COMMUNE] == expected
    fund = app.fund(COMMUNE)
    assert fund is not None
    assert fund.balance.amount == expected
    assert ledger.lowest[COMMUNE] >= 0
    assert all(line.balance_vnd >= 0 for line in ledger.lines)
