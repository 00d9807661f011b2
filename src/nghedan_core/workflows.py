"""Decisions that span streams: what one command records in more than one aggregate.

Most commands are decided by their own aggregate alone: their facts gathered
(`nghedan_core.aggregates.gather`), their stream's state loaded, ``decide`` called. A few
record on several streams in **one** save, and this module says which, pure (no storage):

- a complaint and its session's record of it (`session.ComplaintReceived`): the session's
  version moves with every complaint, so a close decided at the same moment collides with
  it and is decided again (ADR 0004);
- a payment from the fund and the support it delivers to the household (ADR 0006), made
  in one step (`fund.MakeDisbursement`) or by the approval that completes a request
  (`fund.ApprovePayment`, ADR 0017);
- a visit, its gift's payment from the fund and the household's support: a gift paid by the
  fund is a payment, one not paid by it a support only.

`decide` takes the per-stream decider of the caller (`one(command, facts)`: load the
command's stream, decide it against `facts`, return the `Decision`) and the `Lookup` the
facts are gathered through; it returns the decisions to save together, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from nghedan_core.aggregates import Command, Event, Lookup, gather
from nghedan_core.aggregates import complaint as complaint_
from nghedan_core.aggregates import fund as fund_
from nghedan_core.aggregates import household as household_
from nghedan_core.aggregates import session as session_
from nghedan_core.aggregates import visit as visit_
from nghedan_core.values import DisbursementPurpose, FundingSource, SupportKind

__all__ = ["Decision", "decide"]


class Decision(Protocol):
    """One stream's part of a decision: its state before, and the events decided."""

    @property
    def state(self) -> Any:
        """The stream's state the events were decided against (None: a new stream)."""
        ...

    @property
    def events(self) -> tuple[Event, ...]:
        """The new events of the stream."""
        ...


D = TypeVar("D", bound=Decision)
#: ``one(command, facts)``: decide `command` on its own stream against `facts`
One = Callable[[Command, Any], D]


def decide(command: Command, one: One[D], lookup: Lookup) -> list[D]:
    """Every stream's decision for `command`, saved together (a `DomainError` refuses all)."""
    match command:
        case visit_.ConductVisit():
            return _conduct_visit(command, one, lookup)
        case fund_.MakeDisbursement():
            return _disburse(command, one, lookup)
        case fund_.ApprovePayment():
            return _approve_payment(command, one, lookup)
        case complaint_.RaiseComplaint():
            return _raise_complaint(command, one, lookup)
    return [one(command, gather(command, lookup))]


def _raise_complaint(command: complaint_.RaiseComplaint, one: One[D], lookup: Lookup) -> list[D]:
    """A complaint and its session's record of it (`ComplaintReceived`), in one save."""
    raised = one(command, gather(command, lookup))
    received = session_.ReceiveComplaint(
        occurred_at=command.at,
        unit=command.unit,
        month=command.month,
        level=command.level,
        complaint_id=command.complaint_id,
    )
    return [raised, one(received, session_.SessionFacts(config=lookup.config))]


def _disburse(command: fund_.MakeDisbursement, one: One[D], lookup: Lookup) -> list[D]:
    """A payment from the fund and the support it delivers to the household, together."""
    return _with_support(one(command, gather(command, lookup)), one, lookup)


def _approve_payment(command: fund_.ApprovePayment, one: One[D], lookup: Lookup) -> list[D]:
    """An approval; the one completing its request pays, with the household's support."""
    return _with_support(one(command, gather(command, lookup)), one, lookup)


def _with_support(paid: D, one: One[D], lookup: Lookup) -> list[D]:
    """The fund's decision, and the support its payment (if any) delivers to the household."""
    decisions = [paid]
    for made in paid.events:
        if not isinstance(made, fund_.DisbursementMade):
            continue
        if lookup.state(household_.AGGREGATE, made.household_id) is None:
            continue
        support = household_.DeliverSupport(
            occurred_at=made.occurred_at,
            household_id=made.household_id,
            kind=made.purpose.support_kind,
            value=made.amount,
            funded_by=FundingSource.FUND,
            description=made.note,
            disbursement_id=made.disbursement_id,
            visit_id=made.visit_id,
        )
        decisions.append(one(support, household_.HouseholdFacts()))
    return decisions


def _conduct_visit(command: visit_.ConductVisit, one: One[D], lookup: Lookup) -> list[D]:
    """A visit, its gift's payment from the fund and the household's support: one save."""
    conducted_visit = one(command, gather(command, lookup))
    visit: visit_.State = conducted_visit.state
    conducted = next(e for e in conducted_visit.events if isinstance(e, visit_.VisitConducted))
    if conducted.disbursement_id is not None:
        payment = fund_.MakeDisbursement(
            occurred_at=command.at,
            unit=visit.unit,
            disbursement_id=conducted.disbursement_id,
            purpose=DisbursementPurpose.GIFT,
            amount=command.gift_value,
            household_id=visit.household_id,
            approvers=command.approvers,
            visit_id=visit.visit_id,
            note=command.gift_description,
            correction_reason=command.correction_reason,
        )
        return [conducted_visit, *_disburse(payment, one, lookup)]
    if command.gift_value:
        support = household_.DeliverSupport(
            occurred_at=command.at,
            household_id=visit.household_id,
            kind=SupportKind.GIFT,
            value=command.gift_value,
            funded_by=command.gift_funded_by,
            description=command.gift_description,
            visit_id=visit.visit_id,
        )
        return [conducted_visit, one(support, household_.HouseholdFacts())]
    return [conducted_visit]
