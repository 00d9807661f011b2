"""Given/when/then tests of the fund decider: amounts, balance, sources, pledges, payments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import attrs
import pytest

from nghedan_core.aggregates._base import Command, Event, OfficialInfo, UnitInfo
from nghedan_core.aggregates.fund import (
    CancelPledge,
    ContributionPledged,
    ContributionReceived,
    DisbursementMade,
    DisbursementReversed,
    DisclosurePublished,
    FundFacts,
    FundOpened,
    HouseholdInfo,
    MakeDisbursement,
    OpenFund,
    PledgeCancelled,
    PledgeContribution,
    PublishDisclosure,
    ReceiveContribution,
    ReverseDisbursement,
    State,
    decide,
    evolve,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import DomainError
from nghedan_core.policies.impartiality import Candidate, Relative
from nghedan_core.values import (
    VIETNAM_TZ,
    ContributionSource,
    DisbursementPurpose,
    HouseholdCategory,
    OfficialRole,
    Vnd,
)

UNIT = "26734"
AT = datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
HOUSEHOLD = UUID(int=1)
HEAD = UUID(int=2)
APPROVER = UUID(int=11)
SECOND_APPROVER = UUID(int=12)
RECEIPT = UUID(int=21)
PLEDGE = UUID(int=31)
DISBURSEMENT = UUID(int=41)
OTHER_HOUSEHOLD = UUID(int=51)
OTHER_PERSON = UUID(int=52)


# --- helpers ------------------------------------------------------------------------------


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def refusal(command: Command, state: State | None, facts: FundFacts) -> DomainError:
    """Decide `command` and return the refusal it must raise."""
    with pytest.raises(DomainError) as caught:
        decide(command, state, facts)
    return caught.value


def opened(at: datetime = AT) -> FundOpened:
    """The fund of UNIT was opened."""
    return FundOpened(occurred_at=at, unit=UNIT, name="Quỹ hỗ trợ")


def received(
    amount: int,
    *,
    receipt_id: UUID = RECEIPT,
    pledge_id: UUID | None = None,
    at: datetime = AT,
) -> ContributionReceived:
    """Cash came in at the flag ceremony (or, against a pledge, at the session)."""
    return ContributionReceived(
        occurred_at=at,
        receipt_id=receipt_id,
        amount=Vnd(amount),
        source=ContributionSource.FLAG_CEREMONY
        if pledge_id is None
        else ContributionSource.SESSION,
        pledge_id=pledge_id,
    )


def pledged(amount: int, *, pledge_id: UUID = PLEDGE) -> ContributionPledged:
    """A contribution was pledged at the session."""
    return ContributionPledged(
        occurred_at=AT,
        pledge_id=pledge_id,
        amount=Vnd(amount),
        source=ContributionSource.SESSION,
        contributor="Nguyễn Văn A",
    )


def paid(
    amount: int,
    *,
    disbursement_id: UUID = DISBURSEMENT,
    at: datetime = AT,
    approvers: tuple[UUID, ...] = (APPROVER,),
) -> DisbursementMade:
    """A payment was made to HOUSEHOLD."""
    return DisbursementMade(
        occurred_at=at,
        disbursement_id=disbursement_id,
        purpose=DisbursementPurpose.GIFT,
        amount=Vnd(amount),
        household_id=HOUSEHOLD,
        approvers=approvers,
    )


def receive(
    amount: int,
    *,
    source: ContributionSource | None = None,
    donor: str | None = None,
    pledge_id: UUID | None = None,
    receipt_id: UUID = RECEIPT,
) -> ReceiveContribution:
    """Command: record cash received (against a pledge: from the pledge's source)."""
    if source is None:
        source = (
            ContributionSource.FLAG_CEREMONY if pledge_id is None else ContributionSource.SESSION
        )
    return ReceiveContribution(
        occurred_at=AT,
        unit=UNIT,
        receipt_id=receipt_id,
        amount=Vnd(amount),
        source=source,
        donor=donor,
        pledge_id=pledge_id,
    )


def disburse(
    amount: int,
    approvers: tuple[UUID, ...] = (APPROVER,),
    *,
    disbursement_id: UUID = DISBURSEMENT,
) -> MakeDisbursement:
    """Command: pay HOUSEHOLD a gift."""
    return MakeDisbursement(
        occurred_at=AT,
        unit=UNIT,
        disbursement_id=disbursement_id,
        purpose=DisbursementPurpose.GIFT,
        amount=Vnd(amount),
        household_id=HOUSEHOLD,
        approvers=approvers,
    )


def household(*, deregistered: bool = False) -> HouseholdInfo:
    """HOUSEHOLD, a poor household of UNIT headed by HEAD."""
    return HouseholdInfo(
        candidate=Candidate(
            household_id=HOUSEHOLD,
            categories=frozenset({HouseholdCategory.POOR}),
            head_person_id=HEAD,
            deregistered=deregistered,
        ),
        unit=UNIT,
        deregistered=deregistered,
    )


def active(official_id: UUID, *, is_active: bool = True) -> OfficialInfo:
    """A leader of UNIT (the role that approves a payment)."""
    return OfficialInfo(
        official_id=official_id,
        unit=UNIT,
        roles=frozenset({OfficialRole.LEADER}),
        active=is_active,
    )


PAYMENT_FACTS = FundFacts(
    household=household(),
    household_selected=True,
    approvers={APPROVER: active(APPROVER), SECOND_APPROVER: active(SECOND_APPROVER)},
)


def payment_facts(**changes: object) -> FundFacts:
    """Facts under which a payment to HOUSEHOLD is allowed; `changes` override them."""
    return attrs.evolve(PAYMENT_FACTS, **changes)


NO_FACTS = FundFacts()


# --- opening ------------------------------------------------------------------------------


def test_opening_a_fund_records_it_for_the_unit() -> None:
    """A fund opens for a usable unit."""
    facts = FundFacts(unit=UnitInfo(code=UNIT, name="Xã A", kind="commune"))
    events = decide(OpenFund(occurred_at=AT, unit=UNIT, name="Quỹ hỗ trợ"), None, facts)
    assert events == (opened(),)


def test_opening_a_fund_for_an_unknown_unit_is_refused() -> None:
    """The unit must exist."""
    assert refusal(OpenFund(occurred_at=AT, unit=UNIT), None, NO_FACTS).code == "not_found"


def test_opening_a_fund_for_a_merged_unit_is_refused() -> None:
    """A unit merged away records nothing new."""
    facts = FundFacts(unit=UnitInfo(code=UNIT, name="Xã A", kind="commune", merged_into="30000"))
    assert refusal(OpenFund(occurred_at=AT, unit=UNIT), None, facts).code == "unit.merged"


def test_opening_a_fund_twice_is_refused() -> None:
    """One fund per unit."""
    facts = FundFacts(unit=UnitInfo(code=UNIT, name="Xã A", kind="commune"))
    error = refusal(OpenFund(occurred_at=AT, unit=UNIT), given(opened()), facts)
    assert error.code == "already_exists"


def test_receiving_into_a_fund_never_opened_is_refused() -> None:
    """Commands other than opening need an opened fund."""
    assert refusal(receive(100_000), None, NO_FACTS).code == "not_found"


# --- amounts and sources ------------------------------------------------------------------


def test_contribution_of_zero_dong_is_refused() -> None:
    """Amounts are positive."""
    assert refusal(receive(0), given(opened()), NO_FACTS).code == "fund.non_positive_amount"


def test_contribution_of_one_dong_is_accepted() -> None:
    """The smallest positive amount is allowed."""
    assert decide(receive(1), given(opened()), NO_FACTS) == (received(1),)


def test_pledge_of_zero_dong_is_refused() -> None:
    """A pledge's amount is positive."""
    command = PledgeContribution(
        occurred_at=AT,
        unit=UNIT,
        pledge_id=PLEDGE,
        amount=Vnd(0),
        source=ContributionSource.SESSION,
    )
    assert refusal(command, given(opened()), NO_FACTS).code == "fund.non_positive_amount"


def test_disbursement_of_zero_dong_is_refused() -> None:
    """A payment's amount is positive."""
    state = given(opened(), received(1_000_000))
    assert refusal(disburse(0), state, payment_facts()).code == "fund.non_positive_amount"


def test_lawful_donation_without_a_named_donor_is_refused() -> None:
    """A lawful donation names its donor."""
    command = receive(1_000_000, source=ContributionSource.LAWFUL_DONATION)
    assert refusal(command, given(opened()), NO_FACTS).code == "fund.unlawful_source"


def test_lawful_donation_from_a_named_donor_is_accepted() -> None:
    """A named donor's donation is lawful and the donor is recorded."""
    command = receive(1_000_000, source=ContributionSource.LAWFUL_DONATION, donor="Công ty B")
    events = decide(command, given(opened()), NO_FACTS)
    assert events == (
        ContributionReceived(
            occurred_at=AT,
            receipt_id=RECEIPT,
            amount=Vnd(1_000_000),
            source=ContributionSource.LAWFUL_DONATION,
            donor="Công ty B",
        ),
    )


def test_pledged_lawful_donation_without_a_named_donor_is_refused() -> None:
    """A pledge from a lawful donation names its donor too."""
    command = PledgeContribution(
        occurred_at=AT,
        unit=UNIT,
        pledge_id=PLEDGE,
        amount=Vnd(1_000_000),
        source=ContributionSource.LAWFUL_DONATION,
    )
    assert refusal(command, given(opened()), NO_FACTS).code == "fund.unlawful_source"


def test_flag_ceremony_contribution_may_be_anonymous_and_without_a_pledge() -> None:
    """Cash at the flag ceremony needs neither a name nor a pledge."""
    events = decide(receive(50_000), given(opened()), NO_FACTS)
    assert events == (received(50_000),)


def test_receipt_raises_the_balance() -> None:
    """Received cash is added to the balance."""
    state = given(opened(), received(50_000), received(20_000, receipt_id=UUID(int=22)))
    assert state is not None
    assert state.balance == Vnd(70_000)


def test_duplicate_receipt_id_is_refused() -> None:
    """The same receipt is never counted twice."""
    state = given(opened(), received(50_000))
    assert refusal(receive(50_000), state, NO_FACTS).code == "already_exists"


# --- pledges ------------------------------------------------------------------------------


def test_pledge_is_recorded_with_its_contributor() -> None:
    """A pledge records amount, source and contributor."""
    command = PledgeContribution(
        occurred_at=AT,
        unit=UNIT,
        pledge_id=PLEDGE,
        amount=Vnd(500_000),
        source=ContributionSource.SESSION,
        contributor="Nguyễn Văn A",
    )
    assert decide(command, given(opened()), NO_FACTS) == (pledged(500_000),)


def test_duplicate_pledge_id_is_refused() -> None:
    """A pledge id is used once."""
    command = PledgeContribution(
        occurred_at=AT,
        unit=UNIT,
        pledge_id=PLEDGE,
        amount=Vnd(500_000),
        source=ContributionSource.SESSION,
    )
    assert refusal(command, given(opened(), pledged(500_000)), NO_FACTS).code == "already_exists"


def test_receipt_against_a_pledge_up_to_its_amount_is_accepted() -> None:
    """The whole pledge may be received at once."""
    events = decide(receive(500_000, pledge_id=PLEDGE), given(opened(), pledged(500_000)), NO_FACTS)
    assert events == (received(500_000, pledge_id=PLEDGE),)


def test_receipt_exceeding_the_pledge_is_refused() -> None:
    """One đồng more than pledged is refused."""
    error = refusal(receive(500_001, pledge_id=PLEDGE), given(opened(), pledged(500_000)), NO_FACTS)
    assert error.code == "fund.receipt_exceeds_pledge"


def test_receipt_exceeding_what_remains_of_a_partly_received_pledge_is_refused() -> None:
    """Earlier receipts count against the pledge."""
    state = given(opened(), pledged(500_000), received(300_000, pledge_id=PLEDGE))
    second = UUID(int=22)
    error = refusal(receive(200_001, pledge_id=PLEDGE, receipt_id=second), state, NO_FACTS)
    assert error.code == "fund.receipt_exceeds_pledge"
    events = decide(receive(200_000, pledge_id=PLEDGE, receipt_id=second), state, NO_FACTS)
    assert events == (received(200_000, pledge_id=PLEDGE, receipt_id=second),)


def test_receipt_against_an_unknown_pledge_is_refused() -> None:
    """The pledge must have been recorded."""
    error = refusal(receive(100_000, pledge_id=PLEDGE), given(opened()), NO_FACTS)
    assert error.code == "not_found"


def test_receipt_against_a_settled_pledge_is_refused() -> None:
    """A fully received pledge takes no more."""
    state = given(opened(), pledged(500_000), received(500_000, pledge_id=PLEDGE))
    error = refusal(receive(1, pledge_id=PLEDGE, receipt_id=UUID(int=22)), state, NO_FACTS)
    assert error.code == "fund.pledge_settled"


def test_receipt_against_a_cancelled_pledge_is_refused() -> None:
    """A cancelled pledge takes nothing."""
    state = given(
        opened(),
        pledged(500_000),
        PledgeCancelled(occurred_at=AT, pledge_id=PLEDGE, reason="chuyển đi"),
    )
    error = refusal(receive(100_000, pledge_id=PLEDGE), state, NO_FACTS)
    assert error.code == "fund.pledge_settled"


def test_cancelling_an_open_pledge_is_recorded() -> None:
    """A pledge partly received may still be cancelled."""
    state = given(opened(), pledged(500_000), received(100_000, pledge_id=PLEDGE))
    command = CancelPledge(occurred_at=AT, unit=UNIT, pledge_id=PLEDGE, reason="chuyển đi")
    assert decide(command, state, NO_FACTS) == (
        PledgeCancelled(occurred_at=AT, pledge_id=PLEDGE, reason="chuyển đi"),
    )


def test_cancelling_a_settled_pledge_is_refused() -> None:
    """A fully received pledge cannot be cancelled."""
    state = given(opened(), pledged(500_000), received(500_000, pledge_id=PLEDGE))
    command = CancelPledge(occurred_at=AT, unit=UNIT, pledge_id=PLEDGE, reason="nhầm")
    assert refusal(command, state, NO_FACTS).code == "fund.pledge_settled"


def test_cancelling_a_pledge_twice_is_refused() -> None:
    """A cancelled pledge stays cancelled."""
    state = given(
        opened(), pledged(500_000), PledgeCancelled(occurred_at=AT, pledge_id=PLEDGE, reason="x")
    )
    command = CancelPledge(occurred_at=AT, unit=UNIT, pledge_id=PLEDGE, reason="nhầm")
    assert refusal(command, state, NO_FACTS).code == "fund.pledge_settled"


def test_cancelling_an_unknown_pledge_is_refused() -> None:
    """Only a recorded pledge can be cancelled."""
    command = CancelPledge(occurred_at=AT, unit=UNIT, pledge_id=PLEDGE, reason="nhầm")
    assert refusal(command, given(opened()), NO_FACTS).code == "not_found"


# --- disbursements: balance ---------------------------------------------------------------


def test_disbursement_within_the_balance_is_recorded() -> None:
    """A payment names purpose, amount, household and approvers."""
    events = decide(disburse(300_000), given(opened(), received(1_000_000)), payment_facts())
    assert events == (paid(300_000),)


def test_disbursement_lowers_the_balance() -> None:
    """A payment is taken from the balance."""
    state = given(opened(), received(1_000_000), paid(300_000))
    assert state is not None
    assert state.balance == Vnd(700_000)


def test_disbursement_of_exactly_the_balance_is_allowed() -> None:
    """The balance may reach zero."""
    state = given(opened(), received(1_000_000))
    events = decide(disburse(1_000_000), state, payment_facts())
    after = given(opened(), received(1_000_000), *events)
    assert after is not None
    assert after.balance == Vnd(0)


def test_disbursement_above_balance_is_refused() -> None:
    """One đồng more than the balance is refused."""
    state = given(opened(), received(1_000_000))
    error = refusal(disburse(1_000_001), state, payment_facts())
    assert error.code == "fund.insufficient_balance"


def test_disbursement_from_an_empty_fund_is_refused() -> None:
    """A fund with nothing in it pays nothing."""
    assert refusal(disburse(1), given(opened()), payment_facts()).code == (
        "fund.insufficient_balance"
    )


def test_disbursement_counts_earlier_payments_against_the_balance() -> None:
    """The balance left after earlier payments is what may be paid."""
    state = given(opened(), received(1_000_000), paid(600_000))
    command = disburse(400_001, disbursement_id=UUID(int=42))
    assert refusal(command, state, payment_facts()).code == "fund.insufficient_balance"


def test_duplicate_disbursement_id_is_refused() -> None:
    """The same payment is never made twice."""
    state = given(opened(), received(1_000_000), paid(100_000))
    assert refusal(disburse(100_000), state, payment_facts()).code == "already_exists"


# --- disbursements: household -------------------------------------------------------------


def test_disbursement_to_an_unselected_household_is_refused() -> None:
    """A payment needs a household selected under the impartiality policy."""
    state = given(opened(), received(1_000_000))
    error = refusal(disburse(100_000), state, payment_facts(household_selected=False))
    assert error.code == "selection.not_selected"


def test_disbursement_to_an_unknown_household_is_refused() -> None:
    """The household must be on record."""
    state = given(opened(), received(1_000_000))
    assert refusal(disburse(100_000), state, payment_facts(household=None)).code == "not_found"


def test_disbursement_to_a_deregistered_household_is_refused() -> None:
    """A household off the list is paid nothing."""
    state = given(opened(), received(1_000_000))
    facts = payment_facts(household=household(deregistered=True))
    assert refusal(disburse(100_000), state, facts).code == "selection.deregistered"


# --- disbursements: approvers -------------------------------------------------------------


def test_disbursement_without_an_approver_is_refused() -> None:
    """A payment has at least one approver."""
    state = given(opened(), received(1_000_000))
    assert refusal(disburse(100_000, ()), state, payment_facts()).code == "fund.approval_required"


def test_disbursement_approved_by_a_relative_of_the_household_is_refused() -> None:
    """An approver related to the household must recuse."""
    state = given(opened(), received(1_000_000))
    relatives = (Relative(APPROVER, "anh ruột", household_id=HOUSEHOLD),)
    error = refusal(disburse(100_000), state, payment_facts(relatives=relatives))
    assert error.code == "selection.conflict_of_interest"


def test_disbursement_approved_by_a_relative_of_the_household_head_is_refused() -> None:
    """An approver related to the household's head must recuse."""
    state = given(opened(), received(1_000_000))
    relatives = (Relative(APPROVER, "cháu", person_id=HEAD),)
    error = refusal(disburse(100_000), state, payment_facts(relatives=relatives))
    assert error.code == "selection.conflict_of_interest"


def test_approvers_related_only_to_other_households_may_approve() -> None:
    """Relations to another household or person do not block the payment."""
    state = given(opened(), received(1_000_000))
    relatives = (
        Relative(APPROVER, "anh ruột", household_id=OTHER_HOUSEHOLD),
        Relative(APPROVER, "cháu", person_id=OTHER_PERSON),
        Relative(UUID(int=99), "con", household_id=HOUSEHOLD),
    )
    events = decide(disburse(100_000), state, payment_facts(relatives=relatives))
    assert events == (paid(100_000),)


def test_disbursement_approved_by_an_official_who_left_is_refused() -> None:
    """An approver no longer in office cannot approve."""
    state = given(opened(), received(1_000_000))
    facts = payment_facts(approvers={APPROVER: active(APPROVER, is_active=False)})
    assert refusal(disburse(100_000), state, facts).code == "official.inactive"


def test_disbursement_approved_by_an_unknown_official_is_refused() -> None:
    """An approver must be a recorded official."""
    state = given(opened(), received(1_000_000))
    assert refusal(disburse(100_000), state, payment_facts(approvers={})).code == "not_found"


def test_disbursement_just_below_the_threshold_needs_one_approver() -> None:
    """4,999,999 đ with one approver is allowed."""
    state = given(opened(), received(10_000_000))
    events = decide(disburse(4_999_999), state, payment_facts())
    assert events == (paid(4_999_999),)


def test_disbursement_at_the_threshold_in_one_step_is_refused() -> None:
    """5,000,000 đ is requested and approved by each leader, never paid in one step."""
    state = given(opened(), received(10_000_000))
    for approvers in ((APPROVER,), (APPROVER, APPROVER), (APPROVER, SECOND_APPROVER)):
        error = refusal(disburse(5_000_000, approvers), state, payment_facts())
        assert error.code == "fund.request_required"


def test_one_step_disbursement_naming_two_approvers_is_refused() -> None:
    """Below the threshold a one-step payment names its one approver, who records it."""
    state = given(opened(), received(10_000_000))
    error = refusal(disburse(100_000, (APPROVER, SECOND_APPROVER)), state, payment_facts())
    assert error.code == "fund.single_approver"


def test_repeated_approver_is_recorded_once() -> None:
    """The same approver named twice is one approver, recorded once."""
    state = given(opened(), received(10_000_000))
    events = decide(disburse(100_000, (APPROVER, APPROVER)), state, payment_facts())
    assert events == (paid(100_000),)


def test_dual_approval_threshold_follows_the_policy_config() -> None:
    """A province may set its own threshold."""
    state = given(opened(), received(10_000_000))
    facts = payment_facts(config=PolicyConfig(dual_approval_threshold_vnd=1_000_000))
    assert refusal(disburse(1_000_000), state, facts).code == "fund.request_required"
    assert decide(disburse(999_999), state, facts) == (paid(999_999),)


# --- reversal -----------------------------------------------------------------------------


def test_reversal_is_a_compensating_entry_for_the_original_amount() -> None:
    """A reversal records the amount paid and the reason."""
    state = given(opened(), received(1_000_000), paid(300_000))
    command = ReverseDisbursement(
        occurred_at=AT, unit=UNIT, disbursement_id=DISBURSEMENT, reason="chi nhầm"
    )
    assert decide(command, state, NO_FACTS) == (
        DisbursementReversed(
            occurred_at=AT, disbursement_id=DISBURSEMENT, amount=Vnd(300_000), reason="chi nhầm"
        ),
    )


def test_reversal_restores_the_balance() -> None:
    """The money comes back to the fund."""
    reversal = DisbursementReversed(
        occurred_at=AT, disbursement_id=DISBURSEMENT, amount=Vnd(300_000), reason="chi nhầm"
    )
    state = given(opened(), received(1_000_000), paid(300_000), reversal)
    assert state is not None
    assert state.balance == Vnd(1_000_000)


def test_reversing_twice_is_refused() -> None:
    """A payment is reversed at most once."""
    reversal = DisbursementReversed(
        occurred_at=AT, disbursement_id=DISBURSEMENT, amount=Vnd(300_000), reason="chi nhầm"
    )
    state = given(opened(), received(1_000_000), paid(300_000), reversal)
    command = ReverseDisbursement(
        occurred_at=AT, unit=UNIT, disbursement_id=DISBURSEMENT, reason="lại"
    )
    assert refusal(command, state, NO_FACTS).code == "fund.already_reversed"


def test_reversing_an_unknown_disbursement_is_refused() -> None:
    """Only a recorded payment can be reversed."""
    command = ReverseDisbursement(
        occurred_at=AT, unit=UNIT, disbursement_id=DISBURSEMENT, reason="nhầm"
    )
    assert refusal(command, given(opened(), received(1_000)), NO_FACTS).code == "not_found"


def test_reversed_disbursement_id_cannot_be_reused() -> None:
    """A new payment needs a new id even after a reversal."""
    reversal = DisbursementReversed(
        occurred_at=AT, disbursement_id=DISBURSEMENT, amount=Vnd(300_000), reason="chi nhầm"
    )
    state = given(opened(), received(1_000_000), paid(300_000), reversal)
    assert refusal(disburse(300_000), state, payment_facts()).code == "already_exists"


# --- disclosure ---------------------------------------------------------------------------


def _day(day: int, month: int = 3) -> datetime:
    return datetime(2024, month, day, 9, tzinfo=VIETNAM_TZ)


def disclose(period_from: date, period_to: date) -> PublishDisclosure:
    """Command: disclose a period."""
    return PublishDisclosure(
        occurred_at=_day(1, 5), unit=UNIT, period_from=period_from, period_to=period_to
    )


def test_disclosure_reports_opening_receipts_payments_and_closing() -> None:
    """Movements before the period open it; those within it are receipts and payments."""
    state = given(
        opened(_day(1, 2)),
        received(1_000_000, at=_day(20, 2)),
        paid(200_000, at=_day(25, 2)),
        received(500_000, receipt_id=UUID(int=22), at=_day(1)),
        received(300_000, receipt_id=UUID(int=23), at=_day(31)),
        paid(400_000, disbursement_id=UUID(int=42), at=_day(15)),
        received(9_000_000, receipt_id=UUID(int=24), at=_day(1, 4)),
    )
    events = decide(disclose(date(2024, 3, 1), date(2024, 3, 31)), state, FundFacts(digest="ab12"))
    assert events == (
        DisclosurePublished(
            occurred_at=_day(1, 5),
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            opening=Vnd(800_000),
            receipts=Vnd(800_000),
            payments=Vnd(400_000),
            closing=Vnd(1_200_000),
            digest="ab12",
        ),
    )


def test_disclosure_closing_equals_opening_plus_receipts_minus_payments() -> None:
    """The closing balance is derived, and equals the balance when nothing came after."""
    state = given(
        opened(_day(1, 2)),
        received(700_000, at=_day(10, 2)),
        received(100_000, receipt_id=UUID(int=22), at=_day(5)),
        paid(650_000, at=_day(6)),
    )
    (event,) = decide(disclose(date(2024, 3, 1), date(2024, 3, 31)), state, NO_FACTS)
    assert isinstance(event, DisclosurePublished)
    assert event.closing == event.opening + event.receipts - event.payments
    assert state is not None
    assert event.closing == state.balance == Vnd(150_000)


def test_disclosure_closing_matches_the_balance_after_a_reversal() -> None:
    """A reversed payment leaves the disclosed closing equal to the restored balance."""
    state = given(
        opened(_day(1, 2)),
        received(700_000, at=_day(5)),
        paid(300_000, at=_day(6)),
        DisbursementReversed(
            occurred_at=_day(7), disbursement_id=DISBURSEMENT, amount=Vnd(300_000), reason="nhầm"
        ),
    )
    (event,) = decide(disclose(date(2024, 3, 1), date(2024, 3, 31)), state, NO_FACTS)
    assert isinstance(event, DisclosurePublished)
    assert event.closing == Vnd(700_000)


def test_disclosure_carries_the_digest_from_facts() -> None:
    """The digest of the recorded history is published with the figures."""
    (event,) = decide(
        disclose(date(2024, 3, 1), date(2024, 3, 31)),
        given(opened()),
        FundFacts(digest="sha256:0f3c"),
    )
    assert isinstance(event, DisclosurePublished)
    assert event.digest == "sha256:0f3c"


def test_disclosure_groups_movements_by_vietnam_business_date() -> None:
    """17:30 UTC on 31 March is already 1 April in Vietnam."""
    late = datetime(2024, 3, 31, 17, 30, tzinfo=UTC)
    state = given(opened(_day(1)), received(100_000, at=late))
    (march,) = decide(disclose(date(2024, 3, 1), date(2024, 3, 31)), state, NO_FACTS)
    (april,) = decide(disclose(date(2024, 4, 1), date(2024, 4, 1)), state, NO_FACTS)
    assert isinstance(march, DisclosurePublished)
    assert isinstance(april, DisclosurePublished)
    assert march.receipts == Vnd(0)
    assert april.receipts == Vnd(100_000)


def test_disclosure_of_a_single_day_includes_both_ends() -> None:
    """The period's dates are inclusive."""
    state = given(opened(), received(100_000, at=_day(4) + timedelta(hours=14)))
    (event,) = decide(disclose(date(2024, 3, 4), date(2024, 3, 4)), state, NO_FACTS)
    assert isinstance(event, DisclosurePublished)
    assert (event.opening, event.receipts, event.closing) == (Vnd(0), Vnd(100_000), Vnd(100_000))


def test_disclosure_of_a_period_ending_before_it_starts_is_refused() -> None:
    """The period runs forward."""
    command = disclose(date(2024, 3, 31), date(2024, 3, 1))
    assert refusal(command, given(opened()), NO_FACTS).code == "state.invalid"


def test_receipt_against_a_pledge_from_another_source_is_refused() -> None:
    """Cash received against a session pledge cannot be booked as flag-ceremony money."""
    error = refusal(
        receive(500_000, pledge_id=PLEDGE, source=ContributionSource.FLAG_CEREMONY),
        given(opened(), pledged(500_000)),
        NO_FACTS,
    )
    assert error.code == "fund.receipt_source_mismatch"
