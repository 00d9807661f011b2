"""Fund (quỹ hỗ trợ đối tượng chính sách gặp khó khăn): one per unit.

Income comes from voluntary contributions at the flag ceremony, at the session, or from named
lawful donors; payments go to households selected under the impartiality policy, approved
by officials not related to them (two approvers above the threshold). The balance never goes
negative. Nothing is edited: a mistaken payment is reversed by a compensating entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from uuid import UUID

import attrs

from nghedan_core.aggregates import household as household_
from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    OfficialInfo,
    UnitInfo,
    check_named_official,
    check_official_active,
    check_unit_usable,
    optional_text,
    refuse,
    require_state,
    required_text,
)
from nghedan_core.aggregates.official import relatives
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import AlreadyExistsError, NotFoundError, error_class, raise_for
from nghedan_core.policies.authority import APPROVER
from nghedan_core.policies.fund import check_amount, check_approvers, check_balance, check_source
from nghedan_core.policies.impartiality import Candidate, Relative, check_conflict
from nghedan_core.values import (
    PERSONAL,
    ContributionSource,
    DisbursementPurpose,
    Month,
    OfficialRole,
    Vnd,
    business_date,
    command_date_validator,
    stable_id,
)

__all__ = [
    "AGGREGATE",
    "ApprovePayment",
    "CancelPledge",
    "ContributionPledged",
    "ContributionReceived",
    "DisbursementMade",
    "DisbursementReversed",
    "DisclosurePublished",
    "FundFacts",
    "FundOpened",
    "HouseholdInfo",
    "MakeDisbursement",
    "OpenFund",
    "PaymentApproved",
    "PaymentRejected",
    "PaymentRequested",
    "PledgeCancelled",
    "PledgeContribution",
    "PublishDisclosure",
    "ReceiveContribution",
    "RejectPayment",
    "RequestPayment",
    "ReverseDisbursement",
    "State",
    "fund_id",
]


def fund_id(unit: str) -> UUID:
    """The stream id of the fund of `unit` (one fund per unit)."""
    return stable_id("fund", unit)


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FundOpened(Event):
    """The unit's support fund was opened."""

    unit: str
    name: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ContributionPledged(Event):
    """A contribution was pledged (contributor None = anonymous)."""

    pledge_id: UUID
    amount: Vnd
    source: ContributionSource
    contributor: str | None = attrs.field(default=None, validator=optional_text, metadata=PERSONAL)
    donor: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ContributionReceived(Event):
    """Cash came in, against a pledge or (at the flag ceremony) without one."""

    receipt_id: UUID
    amount: Vnd
    source: ContributionSource
    pledge_id: UUID | None = None
    contributor: str | None = attrs.field(default=None, validator=optional_text, metadata=PERSONAL)
    donor: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class PledgeCancelled(Event):
    """A pledge will not be honoured."""

    pledge_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class DisbursementMade(Event):
    """Money was paid to a selected household, for a purpose, by named approvers."""

    disbursement_id: UUID
    purpose: DisbursementPurpose
    amount: Vnd
    household_id: UUID
    visit_id: UUID | None = None
    approvers: tuple[UUID, ...]
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class PaymentRequested(Event):
    """A clerk or leader of the unit asked for a payment; its approvers act next (ADR 0017)."""

    disbursement_id: UUID
    purpose: DisbursementPurpose
    amount: Vnd
    household_id: UUID
    requested_by: UUID
    visit_id: UUID | None = None
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class PaymentApproved(Event):
    """One leader of the unit approved a requested payment, acting for themselves."""

    disbursement_id: UUID
    approver: UUID


@attrs.frozen(kw_only=True)
class PaymentRejected(Event):
    """A requested payment was refused by a leader, or withdrawn by its requester."""

    disbursement_id: UUID
    rejected_by: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class DisbursementReversed(Event):
    """A payment was reversed by a compensating entry (the money came back)."""

    disbursement_id: UUID
    amount: Vnd
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class DisclosurePublished(Event):
    """Income and expenditure of a period were disclosed, with the history's digest.

    closing = opening + receipts − payments + reversals (payments reversed in the period
    come back to the fund on their own line, so receipts are contributions only).
    """

    period_from: date
    period_to: date
    opening: Vnd
    receipts: Vnd
    payments: Vnd
    reversals: Vnd = Vnd(0)
    #: declared corrections of earlier, published periods recorded since the last
    #: disclosure (ADR 0016): money in, money out; 0 in disclosures recorded before them
    corrections_in: Vnd = Vnd(0)
    corrections_out: Vnd = Vnd(0)
    closing: Vnd
    digest: str
    #: how many events of the history (in global order) `digest` covers (ADR 0011) — a
    #: count, not a position, so a re-run import or a restore reproduces it; None in
    #: disclosures recorded before it, whose `digest` is the fund stream's head (ADR 0003)
    digest_events: int | None = None


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OpenFund(Command):
    """Open the unit's support fund."""

    unit: str
    name: str = attrs.field(
        default="Quỹ hỗ trợ đối tượng chính sách gặp khó khăn", validator=required_text
    )


@attrs.frozen(kw_only=True)
class PledgeContribution(Command):
    """Record a pledge (leave `contributor` empty for an anonymous one)."""

    unit: str
    pledge_id: UUID
    amount: Vnd
    source: ContributionSource
    contributor: str | None = attrs.field(default=None, validator=optional_text, metadata=PERSONAL)
    donor: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ReceiveContribution(Command):
    """Record cash received, against a pledge or (flag ceremony, session) without one."""

    unit: str
    receipt_id: UUID
    amount: Vnd
    source: ContributionSource
    pledge_id: UUID | None = None
    contributor: str | None = attrs.field(default=None, validator=optional_text, metadata=PERSONAL)
    donor: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class CancelPledge(Command):
    """Cancel a pledge that will not be honoured."""

    unit: str
    pledge_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class MakeDisbursement(Command):
    """Pay a selected household from the fund."""

    unit: str
    disbursement_id: UUID
    purpose: DisbursementPurpose
    amount: Vnd
    household_id: UUID
    approvers: tuple[UUID, ...]
    visit_id: UUID | None = None
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class RequestPayment(Command):
    """Ask for a payment to a selected household (by a clerk or leader of the unit)."""

    unit: str
    disbursement_id: UUID
    purpose: DisbursementPurpose
    amount: Vnd
    household_id: UUID
    requested_by: UUID
    visit_id: UUID | None = None
    note: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class ApprovePayment(Command):
    """Approve a requested payment as oneself: paid once enough distinct leaders approved."""

    unit: str
    disbursement_id: UUID
    approver: UUID


@attrs.frozen(kw_only=True)
class RejectPayment(Command):
    """Refuse a requested payment (a leader of the unit) or withdraw it (its requester)."""

    unit: str
    disbursement_id: UUID
    rejected_by: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class ReverseDisbursement(Command):
    """Reverse a payment by a compensating entry."""

    unit: str
    disbursement_id: UUID
    reason: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class PublishDisclosure(Command):
    """Publish the income and expenditure of a period (business dates, inclusive)."""

    unit: str
    period_from: date = attrs.field(validator=command_date_validator)
    period_to: date = attrs.field(validator=command_date_validator)


# --- state --------------------------------------------------------------------------------


@attrs.frozen
class _Pledge:
    amount: Vnd
    source: ContributionSource
    donor: str | None = None
    received: Vnd = Vnd(0)
    cancelled: bool = False

    @property
    def remaining(self) -> Vnd:
        if self.cancelled or self.received >= self.amount:
            return Vnd(0)
        return self.amount - self.received


@attrs.frozen
class _Entry:
    """One ledger movement: business date, signed amount (money in +, out -), reversal or not."""

    day: date
    delta: int
    reversal: bool = False
    #: a declared correction of a published period, counted from the day after the last
    #: published period (its `day`), on the disclosure's own line
    correction: bool = False


@attrs.frozen
class _Request:
    """A payment requested and not yet paid nor refused, with its approvals so far."""

    event: PaymentRequested
    approvals: tuple[UUID, ...] = ()


@attrs.frozen(kw_only=True)
class State:
    """A fund as recorded: balance, open pledges, payments, and the dated movements."""

    unit: str
    name: str
    balance: Vnd = Vnd(0)
    pledges: Mapping[UUID, _Pledge] = attrs.field(factory=dict)
    receipts: frozenset[UUID] = frozenset()
    disbursements: Mapping[UUID, Vnd] = attrs.field(factory=dict)
    reversed: frozenset[UUID] = frozenset()
    entries: tuple[_Entry, ...] = ()
    #: payments requested and still awaiting approval (ADR 0017)
    requests: Mapping[UUID, _Request] = attrs.field(factory=dict)
    #: requests refused or withdrawn
    rejected: frozenset[UUID] = frozenset()
    #: the periods (first day, last day) whose disclosure is published
    published: tuple[tuple[date, date], ...] = ()

    def published_period(self, day: date) -> tuple[date, date] | None:
        """The published period `day` falls in, if any."""
        return next(((f, t) for f, t in self.published if f <= day <= t), None)

    def counted_day(self, day: date, *, correction: bool) -> date:
        """The day a movement counts from: a correction's, the day after the last period."""
        if not correction or not self.published:
            return day
        return max(day, max(t for _, t in self.published) + timedelta(days=1))


@attrs.frozen(kw_only=True)
class HouseholdInfo:
    """What a payment needs to know about the household paid."""

    candidate: Candidate
    unit: str
    deregistered: bool = False


@attrs.frozen(kw_only=True)
class FundFacts:
    """What fund rules need from outside the fund."""

    config: PolicyConfig = attrs.field(factory=PolicyConfig)
    unit: UnitInfo | None = None
    household: HouseholdInfo | None = None
    approvers: Mapping[UUID, OfficialInfo | None] = attrs.field(factory=dict)
    #: the official requesting or refusing a payment (RequestPayment, RejectPayment)
    official: OfficialInfo | None = None
    relatives: tuple[Relative, ...] = ()
    #: whether the household counts as selected in the payment's business month
    #: (`household.selection_covers`, the policy's `selection_covers` with `config`)
    household_selected: bool = False
    #: digest of the recorded history, carried by a disclosure, and how many events it
    #: covers (None: `digest` is the fund stream's head hash)
    digest: str = ""
    digest_events: int | None = None


def gather(command: Command, lookup: Lookup) -> FundFacts:
    """The unit a fund opens in, a payment's household and approvers, a disclosure's digest."""
    config = lookup.config
    match command:
        case OpenFund():
            return FundFacts(config=config, unit=lookup.unit(command.unit))
        case MakeDisbursement():
            return _disbursement_facts(
                command.household_id, command.approvers, lookup, at=command.at
            )
        case RequestPayment():
            facts = _disbursement_facts(command.household_id, (), lookup, at=command.at)
            return attrs.evolve(facts, official=lookup.official(command.requested_by))
        case ApprovePayment():
            return _approval_facts(command, lookup)
        case RejectPayment():
            return FundFacts(config=config, official=lookup.official(command.rejected_by))
        case PublishDisclosure():
            digest, events = lookup.digest()
            return FundFacts(config=config, digest=digest, digest_events=events)
    return FundFacts(config=config)


def _approval_facts(command: ApprovePayment, lookup: Lookup) -> FundFacts:
    """The approver, and the household of the request approved (its payment may follow)."""
    fund = lookup.state(AGGREGATE, fund_id(command.unit))
    request = None if fund is None else fund.requests.get(command.disbursement_id)
    if request is None:
        return FundFacts(config=lookup.config, approvers={command.approver: None})
    return _disbursement_facts(
        request.event.household_id, (command.approver,), lookup, at=command.at
    )


def _disbursement_facts(
    household_id: UUID,
    approvers: tuple[UUID, ...],
    lookup: Lookup,
    *,
    at: datetime,
) -> FundFacts:
    household = lookup.state(household_.AGGREGATE, household_id)
    info = None
    selected = False
    if household is not None:
        info = HouseholdInfo(
            candidate=household.candidate(),
            unit=household.unit,
            deregistered=household.deregistered,
        )
        selected = household_.selection_covers(
            household, Month.of(business_date(at)), lookup.config
        )
    return FundFacts(
        config=lookup.config,
        household=info,
        approvers={a: lookup.official(a) for a in approvers},
        relatives=relatives(lookup, approvers),
        household_selected=selected,
    )


def unit_of(command: Command, _lookup: Lookup) -> str | None:
    """Every fund command records in its fund's unit: a merged unit's fund takes nothing."""
    return command.unit  # type: ignore[attr-defined,no-any-return]


def correction_of(command: Command, fund: State) -> str | None:
    """The correction a money movement records; refuses one dated into a published period.

    Nothing is dated into a period whose disclosure is published (ADR 0016), unless it is
    declared a correction with its reason: then the next disclosure shows it on its own
    line and the published figures stay as published. A correction of a period not
    published is refused too (it would show on a line of its own for nothing).
    """
    day = business_date(command.at)
    period = fund.published_period(day)
    reason = command.correction_reason or None
    if period is None:
        if reason is not None:
            raise error_class("period.correction_not_needed")(unit=fund.unit, day=_dmy(day))
        return None
    if reason is None:
        raise error_class("period.published")(
            unit=fund.unit, day=_dmy(day), period=f"{_dmy(period[0])}–{_dmy(period[1])}"
        )
    return reason


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_payee(
    disbursement_id: UUID, amount: Vnd, household_id: UUID, fund: State, facts: FundFacts
) -> HouseholdInfo:
    """A new payment's id, its amount, and its household: of the unit, on the list, selected."""
    if disbursement_id in fund.disbursements or disbursement_id in fund.requests:
        raise AlreadyExistsError(kind="disbursement", key=str(disbursement_id))
    if disbursement_id in fund.rejected:
        raise AlreadyExistsError(kind="payment_request", key=str(disbursement_id))
    raise_for(check_amount(amount))
    household = facts.household
    if household is None:
        raise NotFoundError(kind="household", key=str(household_id))
    if household.unit != fund.unit:
        raise error_class("fund.household_of_other_unit")(
            household=str(household_id), unit=fund.unit
        )
    if household.deregistered:
        raise error_class("selection.deregistered")(household=str(household_id))
    if not facts.household_selected:
        raise error_class("selection.not_selected")(household=str(household_id))
    return household


def check_leader(official: OfficialInfo | None, official_id: UUID, unit: str) -> None:
    """An approver is an official in office, a leader of the fund's own unit.

    The authority policy's rule for a named approver (`policies.authority.APPROVER`).
    """
    check_named_official(official, official_id, APPROVER, unit=unit)


def required_approvals(amount: Vnd, config: PolicyConfig) -> int:
    """How many distinct leaders approve a payment: two at or above the threshold, else one."""
    return 2 if amount >= config.dual_approval_threshold else 1


def _disburse(command: MakeDisbursement, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    """A one-step payment: below the threshold, one approver, who records it (ADR 0017)."""
    if required_approvals(command.amount, facts.config) > 1:
        raise error_class("fund.request_required")(
            amount=str(command.amount), threshold=str(facts.config.dual_approval_threshold)
        )
    if len(set(command.approvers)) > 1:
        raise error_class("fund.single_approver")(count=len(set(command.approvers)))
    raise_for(check_approvers(command.amount, command.approvers, facts.config))
    household = _check_payee(
        command.disbursement_id, command.amount, command.household_id, fund, facts
    )
    for approver in command.approvers:
        check_leader(facts.approvers.get(approver), approver, fund.unit)
    raise_for(check_conflict(command.approvers, household.candidate, facts.relatives))
    raise_for(check_balance(fund.balance, command.amount))
    return (
        DisbursementMade(
            occurred_at=command.at,
            disbursement_id=command.disbursement_id,
            purpose=command.purpose,
            amount=command.amount,
            household_id=command.household_id,
            visit_id=command.visit_id,
            approvers=tuple(dict.fromkeys(command.approvers)),
            note=command.note,
        ),
    )


def _request(command: RequestPayment, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    _check_payee(command.disbursement_id, command.amount, command.household_id, fund, facts)
    official = check_official_active(facts.official, command.requested_by)
    if official.unit != fund.unit or not official.roles & {OfficialRole.CLERK, OfficialRole.LEADER}:
        raise error_class("fund.requester_not_of_unit")(
            official=str(command.requested_by), unit=fund.unit
        )
    return (
        PaymentRequested(
            occurred_at=command.at,
            disbursement_id=command.disbursement_id,
            purpose=command.purpose,
            amount=command.amount,
            household_id=command.household_id,
            requested_by=command.requested_by,
            visit_id=command.visit_id,
            note=command.note,
        ),
    )


def _pending(fund: State, disbursement_id: UUID) -> _Request:
    """The request still awaiting approval, or the refusal saying why it is not."""
    request = fund.requests.get(disbursement_id)
    if request is not None:
        return request
    if disbursement_id in fund.disbursements:
        raise error_class("fund.request_paid")(disbursement=str(disbursement_id))
    if disbursement_id in fund.rejected:
        raise error_class("fund.request_rejected")(disbursement=str(disbursement_id))
    raise NotFoundError(kind="payment_request", key=str(disbursement_id))


def _approve(command: ApprovePayment, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    request = _pending(fund, command.disbursement_id)
    asked = request.event
    approver = command.approver
    check_leader(facts.approvers.get(approver), approver, fund.unit)
    if approver == asked.requested_by:
        raise error_class("fund.requester_approves")(
            official=str(approver), disbursement=str(command.disbursement_id)
        )
    if approver in request.approvals:
        raise error_class("fund.already_approved")(
            official=str(approver), disbursement=str(command.disbursement_id)
        )
    household = facts.household
    if household is None:  # pragma: no cover - a request names a registered household
        raise NotFoundError(kind="household", key=str(asked.household_id))
    raise_for(check_conflict((approver,), household.candidate, facts.relatives))
    approved = PaymentApproved(
        occurred_at=command.at, disbursement_id=command.disbursement_id, approver=approver
    )
    approvers = (*request.approvals, approver)
    if len(approvers) < required_approvals(asked.amount, facts.config):
        return (approved,)
    if household.deregistered:
        raise error_class("selection.deregistered")(household=str(asked.household_id))
    if not facts.household_selected:
        raise error_class("selection.not_selected")(household=str(asked.household_id))
    raise_for(check_balance(fund.balance, asked.amount))
    return (
        approved,
        DisbursementMade(
            occurred_at=command.at,
            disbursement_id=command.disbursement_id,
            purpose=asked.purpose,
            amount=asked.amount,
            household_id=asked.household_id,
            visit_id=asked.visit_id,
            approvers=approvers,
            note=asked.note,
        ),
    )


def _reject(command: RejectPayment, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    request = _pending(fund, command.disbursement_id)
    official = check_official_active(facts.official, command.rejected_by)
    leader = official.unit == fund.unit and OfficialRole.LEADER in official.roles
    if not leader and command.rejected_by != request.event.requested_by:
        raise error_class("fund.rejecter_not_allowed")(
            official=str(command.rejected_by),
            unit=fund.unit,
            disbursement=str(command.disbursement_id),
        )
    return (
        PaymentRejected(
            occurred_at=command.at,
            disbursement_id=command.disbursement_id,
            rejected_by=command.rejected_by,
            reason=command.reason,
        ),
    )


def _disclose(command: PublishDisclosure, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    if command.period_to < command.period_from:
        raise refuse("disclosure_period", "ends_before_start", "PublishDisclosure")
    opening = sum(e.delta for e in fund.entries if e.day < command.period_from)
    within = [e for e in fund.entries if command.period_from <= e.day <= command.period_to]
    corrections = [e for e in within if e.correction]
    within = [e for e in within if not e.correction]
    receipts = sum(e.delta for e in within if e.delta > 0 and not e.reversal)
    reversals = sum(e.delta for e in within if e.reversal)
    payments = -sum(e.delta for e in within if e.delta < 0)
    corrections_in = sum(e.delta for e in corrections if e.delta > 0)
    corrections_out = -sum(e.delta for e in corrections if e.delta < 0)
    closing = opening + receipts - payments + reversals + corrections_in - corrections_out
    return (
        DisclosurePublished(
            occurred_at=command.at,
            period_from=command.period_from,
            period_to=command.period_to,
            opening=Vnd(opening),
            receipts=Vnd(receipts),
            payments=Vnd(payments),
            reversals=Vnd(reversals),
            corrections_in=Vnd(corrections_in),
            corrections_out=Vnd(corrections_out),
            closing=Vnd(closing),
            digest=facts.digest,
            digest_events=facts.digest_events,
        ),
    )


def _receive(command: ReceiveContribution, fund: State) -> tuple[Event, ...]:
    if command.receipt_id in fund.receipts:
        raise AlreadyExistsError(kind="receipt", key=str(command.receipt_id))
    raise_for(check_amount(command.amount))
    raise_for(check_source(command.source, command.donor))
    if command.pledge_id is not None:
        pledge = fund.pledges.get(command.pledge_id)
        if pledge is None:
            raise NotFoundError(kind="pledge", key=str(command.pledge_id))
        if pledge.remaining.amount == 0:
            raise error_class("fund.pledge_settled")(pledge=str(command.pledge_id))
        if command.source is not pledge.source or (command.donor or None) != (pledge.donor or None):
            raise error_class("fund.receipt_source_mismatch")(pledge=str(command.pledge_id))
        if command.amount > pledge.remaining:
            raise error_class("fund.receipt_exceeds_pledge")(
                amount=str(command.amount), remaining=str(pledge.remaining)
            )
    return (
        ContributionReceived(
            occurred_at=command.at,
            receipt_id=command.receipt_id,
            amount=command.amount,
            source=command.source,
            pledge_id=command.pledge_id,
            contributor=command.contributor,
            donor=command.donor,
        ),
    )


def decide(command: Command, state: State | None, facts: FundFacts) -> tuple[Event, ...]:
    """Decide a fund command.

    Every act on an open fund but its disclosure is dated into a period: one whose
    disclosure is published takes it only as a declared correction (`correction_of`,
    checked before anything else, so a request is refused when it is made), and each of
    its events records the correction.
    """
    if isinstance(command, OpenFund):
        if state is not None:
            raise AlreadyExistsError(kind="fund", key=command.unit)
        check_unit_usable(facts.unit, command.unit)
        return (FundOpened(occurred_at=command.at, unit=command.unit, name=command.name),)
    fund = require_state(state, "fund", getattr(command, "unit", "?"))
    if isinstance(command, PublishDisclosure):
        return _disclose(command, fund, facts)
    correction = correction_of(command, fund)
    events = _act(command, fund, facts)
    if correction is None:
        return events
    return tuple(attrs.evolve(e, correction_reason=correction) for e in events)


def _act(command: Command, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    """The events of an act on the open fund `fund` (its period checked by `decide`)."""
    at = command.at
    match command:
        case PledgeContribution():
            if command.pledge_id in fund.pledges:
                raise AlreadyExistsError(kind="pledge", key=str(command.pledge_id))
            raise_for(check_amount(command.amount))
            raise_for(check_source(command.source, command.donor))
            return (
                ContributionPledged(
                    occurred_at=at,
                    pledge_id=command.pledge_id,
                    amount=command.amount,
                    source=command.source,
                    contributor=command.contributor,
                    donor=command.donor,
                ),
            )
        case ReceiveContribution():
            return _receive(command, fund)
        case CancelPledge():
            pledge = fund.pledges.get(command.pledge_id)
            if pledge is None:
                raise NotFoundError(kind="pledge", key=str(command.pledge_id))
            if pledge.remaining.amount == 0:
                raise error_class("fund.pledge_settled")(pledge=str(command.pledge_id))
            return (
                PledgeCancelled(occurred_at=at, pledge_id=command.pledge_id, reason=command.reason),
            )
        case MakeDisbursement():
            return _disburse(command, fund, facts)
        case RequestPayment():
            return _request(command, fund, facts)
        case ApprovePayment():
            return _approve(command, fund, facts)
        case RejectPayment():
            return _reject(command, fund, facts)
        case ReverseDisbursement():
            amount = fund.disbursements.get(command.disbursement_id)
            if amount is None:
                raise NotFoundError(kind="disbursement", key=str(command.disbursement_id))
            if command.disbursement_id in fund.reversed:
                raise error_class("fund.already_reversed")(
                    disbursement=str(command.disbursement_id)
                )
            return (
                DisbursementReversed(
                    occurred_at=at,
                    disbursement_id=command.disbursement_id,
                    amount=amount,
                    reason=command.reason,
                ),
            )
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one fund event."""
    if isinstance(event, FundOpened):
        return State(unit=event.unit, name=event.name)
    if state is None:  # pragma: no cover - a stored stream always starts with FundOpened
        raise TypeError(type(event).__name__)
    correction = event.correction_reason is not None
    day = state.counted_day(business_date(event.occurred_at), correction=correction)
    match event:
        case ContributionPledged():
            return attrs.evolve(
                state,
                pledges={
                    **state.pledges,
                    event.pledge_id: _Pledge(event.amount, event.source, event.donor),
                },
            )
        case ContributionReceived():
            pledges = state.pledges
            if event.pledge_id is not None and event.pledge_id in pledges:
                p = pledges[event.pledge_id]
                pledges = {
                    **pledges,
                    event.pledge_id: attrs.evolve(p, received=p.received + event.amount),
                }
            return attrs.evolve(
                state,
                balance=state.balance + event.amount,
                pledges=pledges,
                receipts=state.receipts | {event.receipt_id},
                entries=(*state.entries, _Entry(day, event.amount.amount, correction=correction)),
            )
        case PledgeCancelled():
            cancelled = state.pledges.get(event.pledge_id)
            if cancelled is None:
                return state
            return attrs.evolve(
                state,
                pledges={**state.pledges, event.pledge_id: attrs.evolve(cancelled, cancelled=True)},
            )
        case DisbursementMade():
            requests = state.requests
            if event.disbursement_id in requests:
                requests = {k: v for k, v in requests.items() if k != event.disbursement_id}
            return attrs.evolve(
                state,
                balance=Vnd(max(0, state.balance.amount - event.amount.amount)),
                disbursements={**state.disbursements, event.disbursement_id: event.amount},
                entries=(
                    *state.entries,
                    _Entry(day, -event.amount.amount, correction=correction),
                ),
                requests=requests,
            )
        case PaymentRequested():
            return attrs.evolve(
                state, requests={**state.requests, event.disbursement_id: _Request(event)}
            )
        case PaymentApproved():
            request = state.requests.get(event.disbursement_id)
            if request is None:
                return state
            approvals = (*request.approvals, event.approver)
            return attrs.evolve(
                state,
                requests={
                    **state.requests,
                    event.disbursement_id: attrs.evolve(request, approvals=approvals),
                },
            )
        case PaymentRejected():
            return attrs.evolve(
                state,
                requests={k: v for k, v in state.requests.items() if k != event.disbursement_id},
                rejected=state.rejected | {event.disbursement_id},
            )
        case DisbursementReversed():
            return attrs.evolve(
                state,
                balance=state.balance + event.amount,
                reversed=state.reversed | {event.disbursement_id},
                entries=(
                    *state.entries,
                    _Entry(day, event.amount.amount, reversal=True, correction=correction),
                ),
            )
        case DisclosurePublished():
            return attrs.evolve(
                state, published=(*state.published, (event.period_from, event.period_to))
            )
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: Command) -> UUID:
    return fund_id(command.unit)  # type: ignore[attr-defined]


AGGREGATE: Aggregate[State] = Aggregate(
    name="fund",
    label_vi="quỹ",
    events={
        "fund.FundOpened": FundOpened,
        "fund.ContributionPledged": ContributionPledged,
        "fund.ContributionReceived": ContributionReceived,
        "fund.PledgeCancelled": PledgeCancelled,
        "fund.DisbursementMade": DisbursementMade,
        "fund.DisbursementReversed": DisbursementReversed,
        "fund.DisclosurePublished": DisclosurePublished,
        "fund.PaymentRequested": PaymentRequested,
        "fund.PaymentApproved": PaymentApproved,
        "fund.PaymentRejected": PaymentRejected,
    },
    commands=(
        OpenFund,
        PledgeContribution,
        ReceiveContribution,
        CancelPledge,
        MakeDisbursement,
        RequestPayment,
        ApprovePayment,
        RejectPayment,
        ReverseDisbursement,
        PublishDisclosure,
    ),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=FundFacts,
)
