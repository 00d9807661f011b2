"""Fund (quỹ hỗ trợ đối tượng chính sách gặp khó khăn): one per unit.

Income comes from voluntary contributions at the flag ceremony, at the session, or from named
lawful donors; payments go to households selected under the impartiality policy, approved
by officials not related to them (two approvers above the threshold). The balance never goes
negative. Nothing is edited: a mistaken payment is reversed by a compensating entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
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
from nghedan_core.policies.fund import check_amount, check_approvers, check_balance, check_source
from nghedan_core.policies.impartiality import Candidate, Relative, check_conflict
from nghedan_core.values import (
    PERSONAL,
    ContributionSource,
    DisbursementPurpose,
    Month,
    Vnd,
    business_date,
    command_date_validator,
    stable_id,
)

__all__ = [
    "AGGREGATE",
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
    "PledgeCancelled",
    "PledgeContribution",
    "PublishDisclosure",
    "ReceiveContribution",
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
            return _disbursement_facts(command, lookup)
        case PublishDisclosure():
            digest, events = lookup.digest()
            return FundFacts(config=config, digest=digest, digest_events=events)
    return FundFacts(config=config)


def _disbursement_facts(command: MakeDisbursement, lookup: Lookup) -> FundFacts:
    household = lookup.state(household_.AGGREGATE, command.household_id)
    info = None
    selected = False
    if household is not None:
        info = HouseholdInfo(
            candidate=household.candidate(),
            unit=household.unit,
            deregistered=household.deregistered,
        )
        selected = household_.selection_covers(
            household, Month.of(business_date(command.at)), lookup.config
        )
    return FundFacts(
        config=lookup.config,
        household=info,
        approvers={a: lookup.official(a) for a in command.approvers},
        relatives=relatives(lookup, command.approvers),
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


def _disburse(command: MakeDisbursement, fund: State, facts: FundFacts) -> tuple[Event, ...]:
    if command.disbursement_id in fund.disbursements:
        raise AlreadyExistsError(kind="disbursement", key=str(command.disbursement_id))
    raise_for(check_amount(command.amount))
    household = facts.household
    if household is None:
        raise NotFoundError(kind="household", key=str(command.household_id))
    if household.unit != fund.unit:
        raise error_class("fund.household_of_other_unit")(
            household=str(command.household_id), unit=fund.unit
        )
    if household.deregistered:
        raise error_class("selection.deregistered")(household=str(command.household_id))
    if not facts.household_selected:
        raise error_class("selection.not_selected")(household=str(command.household_id))
    for approver in command.approvers:
        check_official_active(facts.approvers.get(approver), approver)
    raise_for(check_approvers(command.amount, command.approvers, facts.config))
    raise_for(check_conflict(command.approvers, household.candidate, facts.relatives))
    raise_for(check_balance(fund.balance, command.amount))
    correction = correction_of(command, fund)
    return (
        DisbursementMade(
            occurred_at=command.at,
            correction_reason=correction,
            disbursement_id=command.disbursement_id,
            purpose=command.purpose,
            amount=command.amount,
            household_id=command.household_id,
            visit_id=command.visit_id,
            approvers=tuple(dict.fromkeys(command.approvers)),
            note=command.note,
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
    correction = correction_of(command, fund)
    return (
        ContributionReceived(
            occurred_at=command.at,
            correction_reason=correction,
            receipt_id=command.receipt_id,
            amount=command.amount,
            source=command.source,
            pledge_id=command.pledge_id,
            contributor=command.contributor,
            donor=command.donor,
        ),
    )


def decide(command: Command, state: State | None, facts: FundFacts) -> tuple[Event, ...]:
    """Decide a fund command."""
    if isinstance(command, OpenFund):
        if state is not None:
            raise AlreadyExistsError(kind="fund", key=command.unit)
        check_unit_usable(facts.unit, command.unit)
        return (FundOpened(occurred_at=command.at, unit=command.unit, name=command.name),)
    fund = require_state(state, "fund", getattr(command, "unit", "?"))
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
                    correction_reason=correction_of(command, fund),
                    disbursement_id=command.disbursement_id,
                    amount=amount,
                    reason=command.reason,
                ),
            )
        case PublishDisclosure():
            return _disclose(command, fund, facts)
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
            return attrs.evolve(
                state,
                balance=Vnd(max(0, state.balance.amount - event.amount.amount)),
                disbursements={**state.disbursements, event.disbursement_id: event.amount},
                entries=(
                    *state.entries,
                    _Entry(day, -event.amount.amount, correction=correction),
                ),
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
    },
    commands=(
        OpenFund,
        PledgeContribution,
        ReceiveContribution,
        CancelPledge,
        MakeDisbursement,
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
