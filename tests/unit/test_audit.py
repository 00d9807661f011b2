"""The fund audit on hand-written histories: every invariant holds, and each one can fail."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghedan_core import NgheDan
from nghedan_core.aggregates.fund import (
    ContributionReceived,
    DisbursementMade,
    DisbursementReversed,
    DisclosurePublished,
    FundOpened,
    MakeDisbursement,
    PaymentApproved,
    PaymentRequested,
    fund_id,
)
from nghedan_core.aggregates.household import (
    HouseholdRegistered,
    HouseholdSelected,
    SelectHousehold,
    SupportDelivered,
)
from nghedan_core.aggregates.official import OfficialRegistered, RelativeDeclared
from nghedan_core.aggregates.unit import UnitRegistered, unit_id
from nghedan_core.audit import (
    AUDIT_MESSAGES,
    CHECK_CODES,
    ChainVerifier,
    audit,
    next_digest,
    record_hash,
    verify,
)
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import NotSelectedError
from nghedan_core.projections import EventRecord, FundLedger, disclosure, fold
from nghedan_core.serialization import GENESIS, event_hash, unstructure
from nghedan_core.values import (
    VIETNAM_TZ,
    ContributionSource,
    DisbursementPurpose,
    FundingSource,
    HouseholdCategory,
    Month,
    OfficialRole,
    Person,
    SupportKind,
    UnitKind,
    Vnd,
)

from world import COMMUNE as WORLD_COMMUNE
from world import MONTH as WORLD_MONTH
from world import build_world

UNIT = "29500"
OTHER = "29501"
RECORDED = "2024-03-04T01:00:00+00:00"


def at(month: int = 3, day: int = 4, hour: int = 9, year: int = 2024) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VIETNAM_TZ)


def recorded_at(payload: dict[str, Any]) -> str:
    """When an act with `payload` is recorded live: at its business time (else `RECORDED`)."""
    occurred = payload.get("occurred_at")
    if occurred is None:
        return RECORDED
    return datetime.fromisoformat(occurred).astimezone(UTC).isoformat()


class Log:
    """Builds a correctly chained history, event by event, like the application would."""

    def __init__(self) -> None:
        """An empty log."""
        self.records: list[EventRecord] = []
        self._heads: dict[str, tuple[int, str]] = {}
        self._officials: set[UUID] = set()

    def leaders(self, officials: tuple[UUID, ...], unit: str = UNIT) -> None:
        """OfficialRegistered (a leader of `unit`) for each official not yet registered."""
        for official in officials:
            if official not in self._officials:
                self._officials.add(official)
                event = OfficialRegistered(
                    occurred_at=at(1, 1),
                    official_id=official,
                    unit=unit,
                    full_name="Trần Văn An",
                    position="Chủ tịch UBND xã",
                    roles=frozenset({OfficialRole.LEADER}),
                )
                self.add(official, "official.OfficialRegistered", unstructure(event))

    def add(self, stream: UUID | str, topic: str, payload: dict[str, Any]) -> EventRecord:
        """Append an event to `stream`, chained to its head, recorded at its business time."""
        stream_id = str(stream)
        version, prev = self._heads.get(stream_id, (0, GENESIS))
        version += 1
        recorded = recorded_at(payload)
        digest = event_hash(UUID(stream_id), version, topic, recorded, payload, prev)
        record = EventRecord(
            position=len(self.records) + 1,
            stream_id=stream_id,
            version=version,
            topic=topic,
            recorded_at=recorded,
            payload=payload,
            prev=prev,
            hash=digest,
        )
        self.records.append(record)
        self._heads[stream_id] = (version, digest)
        return record

    # the events a fund audit looks at

    def open_fund(self, unit: str = UNIT) -> None:
        """FundOpened for `unit`."""
        self.add(
            fund_id(unit),
            "fund.FundOpened",
            unstructure(FundOpened(occurred_at=at(1, 2), unit=unit, name="Quỹ")),
        )

    def receive(
        self,
        amount: int,
        *,
        unit: str = UNIT,
        source: str = "flag_ceremony",
        donor: str | None = None,
        when: datetime | None = None,
        correction: str | None = None,
    ) -> EventRecord:
        """ContributionReceived (any `source` text, to craft unlawful ones)."""
        payload = unstructure(
            ContributionReceived(
                occurred_at=when or at(),
                receipt_id=uuid4(),
                amount=Vnd(amount),
                source=ContributionSource.FLAG_CEREMONY,
                correction_reason=correction,
            )
        )
        payload["source"] = source
        payload["donor"] = donor
        return self.add(fund_id(unit), "fund.ContributionReceived", payload)

    def pay(
        self,
        amount: int,
        household: UUID,
        approvers: tuple[UUID, ...],
        *,
        unit: str = UNIT,
        when: datetime | None = None,
        disbursement: UUID | None = None,
        support: bool = True,
        correction: str | None = None,
    ) -> EventRecord:
        """DisbursementMade to `household`, approved by `approvers` (leaders of `unit`), and its support."""
        self.leaders(approvers, unit)
        disbursement = disbursement or uuid4()
        if amount >= PolicyConfig().dual_approval_threshold_vnd:
            asked = PaymentRequested(
                occurred_at=when or at(),
                disbursement_id=disbursement,
                purpose=DisbursementPurpose.GIFT,
                amount=Vnd(amount),
                household_id=household,
                requested_by=uuid4(),
            )
            self.add(fund_id(unit), "fund.PaymentRequested", unstructure(asked))
            for approver in dict.fromkeys(approvers):
                approved = PaymentApproved(
                    occurred_at=when or at(), disbursement_id=disbursement, approver=approver
                )
                self.add(fund_id(unit), "fund.PaymentApproved", unstructure(approved))
        event = DisbursementMade(
            occurred_at=when or at(),
            disbursement_id=disbursement or uuid4(),
            purpose=DisbursementPurpose.GIFT,
            amount=Vnd(amount),
            household_id=household,
            approvers=approvers,
            correction_reason=correction,
        )
        record = self.add(fund_id(unit), "fund.DisbursementMade", unstructure(event))
        if support:  # the domain records both in one save (ADR 0006)
            self.support(household, amount, event.disbursement_id, when=event.occurred_at)
        return record

    def support(
        self, household: UUID, value: int, disbursement: UUID | None, *, when: datetime
    ) -> EventRecord:
        """SupportDelivered to `household`, paid by the fund."""
        event = SupportDelivered(
            occurred_at=when,
            kind=SupportKind.GIFT,
            value=Vnd(value),
            funded_by=FundingSource.FUND,
            disbursement_id=disbursement,
        )
        return self.add(household, "household.SupportDelivered", unstructure(event))

    def reverse(self, amount: int, disbursement: UUID, *, when: datetime | None = None) -> None:
        """DisbursementReversed."""
        event = DisbursementReversed(
            occurred_at=when or at(),
            disbursement_id=disbursement,
            amount=Vnd(amount),
            reason="Chi nhầm",
        )
        self.add(fund_id(UNIT), "fund.DisbursementReversed", unstructure(event))

    def disclose(
        self, figures: dict[str, int], *, digest: str | None = None, covered: int | None = None
    ) -> EventRecord:
        """DisclosurePublished for March 2024 with `figures` (`covered`: digest_events)."""
        head = self._heads[str(fund_id(UNIT))][1]
        event = DisclosurePublished(
            occurred_at=at(3, 31, 17),
            period_from=date(2024, 3, 1),
            period_to=date(2024, 3, 31),
            opening=Vnd(figures["opening"]),
            receipts=Vnd(figures["receipts"]),
            payments=Vnd(figures["payments"]),
            reversals=Vnd(figures["reversals"]),
            closing=Vnd(figures["closing"]),
            digest=head if digest is None else digest,
            digest_events=covered,
        )
        return self.add(fund_id(UNIT), "fund.DisclosurePublished", unstructure(event))

    def household(self, *, head: UUID | None = None) -> UUID:
        """HouseholdRegistered; returns its id."""
        hid = uuid4()
        event = HouseholdRegistered(
            occurred_at=at(1, 2),
            household_id=hid,
            unit=UNIT,
            head=Person(person_id=head or uuid4(), full_name="Thạch Thị Hoa"),
            categories=frozenset({HouseholdCategory.POOR}),
        )
        self.add(hid, "household.HouseholdRegistered", unstructure(event))
        return hid

    def select(self, household: UUID, month: Month, by: UUID) -> None:
        """HouseholdSelected for `month`, by `by` (a leader of the unit)."""
        self.leaders((by,))
        event = HouseholdSelected(occurred_at=at(), month=month, selected_by=(by,))
        self.add(household, "household.HouseholdSelected", unstructure(event))

    def relative(
        self, official: UUID, *, household: UUID | None = None, person: UUID | None = None
    ) -> None:
        """RelativeDeclared by `official`."""
        event = RelativeDeclared(
            occurred_at=at(1, 2), relation="em ruột", household_id=household, person_id=person
        )
        self.add(official, "official.RelativeDeclared", unstructure(event))


@pytest.fixture
def sound() -> tuple[Log, UUID, UUID]:
    """A sound month: a receipt, a payment to a selected household, a reversal, a disclosure."""
    log = Log()
    log.add(
        unit_id(UNIT),
        "unit.UnitRegistered",
        unstructure(
            UnitRegistered(
                occurred_at=at(1, 1), code=UNIT, name="Xã Ninh Thới", kind=UnitKind.COMMUNE
            )
        ),
    )
    log.open_fund()
    log.receive(5_000_000, when=at(2, 20))  # before the period: the opening balance
    log.receive(3_000_000, source="lawful_donation", donor="Công ty Trà Vinh Xanh")
    household, official = log.household(), uuid4()
    log.select(household, Month(2024, 3), official)
    paid, other = uuid4(), uuid4()
    log.pay(2_000_000, household, (official,), disbursement=paid, support=False)
    log.pay(500_000, household, (official,), disbursement=other, support=False)
    log.reverse(500_000, paid)
    log.disclose(
        {
            "opening": 5_000_000,
            "receipts": 3_000_000,
            "payments": 2_500_000,
            "reversals": 500_000,
            "closing": 6_000_000,
        }
    )
    # the supports the payments delivered (the domain saves each with its payment; kept
    # last here so the positions above stay those the tests below name)
    log.support(household, 2_000_000, paid, when=at())
    log.support(household, 500_000, other, when=at())
    return log, household, official


def failed(report: Any) -> list[str]:
    return [c.code for c in report.checks if not c.passed]


# --- a sound history ----------------------------------------------------------------------


def test_a_sound_history_passes_every_check(sound) -> None:
    """Every invariant holds; totals are hand-computed; no break."""
    log, _, _ = sound
    report = audit(log.records)
    assert failed(report) == []
    assert report.passed
    assert [c.code for c in report.checks] == list(CHECK_CODES)
    assert report.first_break is None
    assert report.events == len(log.records) == report.last_position
    (totals,) = report.totals
    assert (totals.unit, totals.receipts_vnd, totals.payments_vnd) == (UNIT, 8_000_000, 2_500_000)
    assert (totals.reversals_vnd, totals.balance_vnd, totals.lowest_vnd) == (500_000, 6_000_000, 0)
    assert verify(log.records) is None
    assert verify(log.records, expected_digest=report.digest) is None


def test_the_digest_is_a_running_sha256_over_the_hashes(sound) -> None:
    """d0 = GENESIS, d_i = SHA-256(d_{i-1} + hash_i) as hex text, in global order."""
    log, _, _ = sound
    d = "0" * 64
    for r in log.records:
        d = hashlib.sha256((d + r.hash).encode()).hexdigest()
    assert audit(log.records).digest == d
    assert (
        next_digest(GENESIS, log.records[0].hash)
        == hashlib.sha256((GENESIS + log.records[0].hash).encode()).hexdigest()
    )


def test_record_hash_is_the_serialization_event_hash(sound) -> None:
    """The verifier hashes exactly what `event_hash` hashed when the event was sealed."""
    log, _, _ = sound
    for r in log.records:
        assert record_hash(r) == r.hash


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": 'quotes " \\ and\nnewlines\t', "emoji": "😀漢字", "nfd": "Đồng"},
        {"nested": {"b": [1, {"z": None, "a": True}], "a": -5}, "big": 10**20},
    ],
)
def test_record_hash_matches_event_hash_on_awkward_payloads(payload) -> None:
    """Escapes, non-ASCII text, nesting and key order: the fast path hashes the same bytes."""
    stream, topic, recorded = uuid4(), 'fund."Ấ\\\n😀', RECORDED + "\u2028"
    expected = event_hash(stream, 7, topic, recorded, payload, "ab" * 32)
    record = EventRecord(1, str(stream), 7, topic, recorded, payload, "ab" * 32, expected)
    assert record_hash(record) == expected


def test_the_audit_ledger_and_totals_agree_with_the_fund_ledger(sound) -> None:
    """The report's ledger is `FundLedger`'s; totals and the disclosure figures agree."""
    log, _, _ = sound
    report = audit(log.records)
    ledger = fold(FundLedger(), log.records).view()
    assert report.ledger == ledger
    assert ledger.balances[UNIT] == report.totals[0].balance_vnd
    d = disclosure(ledger, UNIT, date(2024, 3, 1), date(2024, 3, 31))
    (published,) = ledger.disclosures
    assert (d.opening_vnd, d.receipts_vnd, d.payments_vnd, d.reversals_vnd, d.closing_vnd) == (
        published.opening_vnd,
        published.receipts_vnd,
        published.payments_vnd,
        published.reversals_vnd,
        published.closing_vnd,
    )


def test_the_audit_streams_from_a_one_shot_iterator(sound) -> None:
    """One pass: a generator is enough, and lines=False leaves the ledger out."""
    log, _, _ = sound
    report = audit((r for r in log.records), lines=False)
    assert report.ledger is None
    assert report.passed
    assert report.digest == audit(log.records).digest


def test_the_report_serializes_to_json_in_both_languages(sound) -> None:
    """to_json gives JSON; detail is Vietnamese by default, English on request."""
    log, _, _ = sound
    report = audit(log.records)
    vi = json.loads(report.to_json())
    en = json.loads(report.to_json("en"))
    assert vi["digest"] == report.digest
    assert vi["passed"] is True
    assert vi["totals"][UNIT]["balance_vnd"] == 6_000_000
    assert vi["ledger"]["lines"][0]["kind"] == "receipt"
    assert vi["ledger"]["lines"][0]["day"] == "2024-02-20"
    assert "Chuỗi băm nguyên vẹn" in vi["checks"][0]["detail"]
    assert "hash chain is intact" in en["checks"][0]["detail"]


def test_every_check_has_a_message_pair() -> None:
    """Each check code has a vi/en statement and a vi/en failure; every pair is non-empty."""
    for code in CHECK_CODES:
        assert code in AUDIT_MESSAGES
        assert f"{code}.failed" in AUDIT_MESSAGES
    for vi, en in AUDIT_MESSAGES.values():
        assert vi.strip()
        assert en.strip()
        assert vi != en


def test_units_limit_the_funds_reported_but_not_the_chain(sound) -> None:
    """Another commune's broken fund does not fail this commune's audit; the chain is global."""
    log, _, _ = sound
    log.open_fund(OTHER)
    log.pay(1_000, uuid4(), (uuid4(),), unit=OTHER)  # negative, unselected: fails for OTHER
    assert set(failed(audit(log.records))) == {
        "fund.balance_never_negative",
        "fund.disbursement_to_selected_household",
    }
    mine = audit(log.records, units=[UNIT])
    assert mine.passed
    assert [t.unit for t in mine.totals] == [UNIT]
    assert {line.unit for line in mine.ledger.lines} == {UNIT}
    assert mine.digest == audit(log.records).digest
    theirs = audit(log.records, units=[OTHER])
    assert theirs.totals[0].balance_vnd == -1_000


# --- each invariant fails -----------------------------------------------------------------


def test_a_negative_balance_is_found_at_its_position() -> None:
    """A payment larger than the balance: the check names the payment's position."""
    log = Log()
    log.open_fund()
    log.receive(1_000)
    household, official = log.household(), uuid4()
    log.select(household, Month(2024, 3), official)
    bad = log.pay(5_000, household, (official,))
    report = audit(log.records)
    assert failed(report) == ["fund.balance_never_negative"]
    check = report.check("fund.balance_never_negative")
    assert check.first_position == bad.position
    assert check.violations == 1
    assert "-4000" in check.detail
    assert "âm" in check.detail
    assert "negative" in check.message("en")
    assert report.totals[0].lowest_vnd == -4_000


@pytest.mark.parametrize(
    ("selected", "paid", "ok"),
    [
        (Month(2024, 3), at(3), True),
        (Month(2023, 4), at(3), True),  # 11 months before: within the 12-month cooldown
        (Month(2023, 3), at(3), False),  # 12 months before: the cooldown is over
        (Month(2024, 4), at(3), False),  # selected for a later month
        (None, at(3), False),  # never selected
    ],
)
def test_a_payment_needs_a_selection_covering_its_month(selected, paid, ok) -> None:
    """The selection window: the payment's business month and the 11 months before it."""
    log = Log()
    log.open_fund()
    log.receive(10_000)
    household, official = log.household(), uuid4()
    if selected is not None:
        log.select(household, selected, official)
    payment = log.pay(1_000, household, (official,), when=paid)
    check = audit(log.records).check("fund.disbursement_to_selected_household")
    assert check.passed is ok
    if not ok:
        assert check.first_position == payment.position
        assert str(household) in check.detail


def test_a_selection_recorded_after_the_payment_does_not_count() -> None:
    """'Earlier in the log': selecting the household afterwards does not cover the payment."""
    log = Log()
    log.open_fund()
    log.receive(10_000)
    household, official = log.household(), uuid4()
    payment = log.pay(1_000, household, (official,))
    log.select(household, Month(2024, 3), official)
    check = audit(log.records).check("fund.disbursement_to_selected_household")
    assert not check.passed
    assert check.first_position == payment.position


def test_the_selection_window_is_the_configured_cooldown() -> None:
    """A province with a longer cooldown widens the window: the audit reads its PolicyConfig."""
    log = Log()
    log.open_fund()
    log.receive(10_000)
    household, official = log.household(), uuid4()
    log.select(household, Month(2022, 9), official)
    log.pay(1_000, household, (official,))
    assert not audit(log.records).check("fund.disbursement_to_selected_household").passed
    assert audit(log.records, config=PolicyConfig(reselection_cooldown_months=24)).passed


def _paid_months_after(selected: Month, months: int) -> datetime:
    """The 10th of the month `months` after `selected`, Vietnam time."""
    number = selected.year * 12 + selected.month - 1 + months
    return datetime(number // 12, number % 12 + 1, 10, 9, tzinfo=VIETNAM_TZ)


def _audit_passes(cooldown: int, selected: Month, months: int) -> bool:
    """Whether the audit (with that cooldown) accepts a payment `months` after a selection."""
    log = Log()
    log.open_fund()
    log.receive(10_000)
    household, official = log.household(), uuid4()
    log.select(household, selected, official)
    log.pay(1_000, household, (official,), when=_paid_months_after(selected, months))
    config = PolicyConfig(reselection_cooldown_months=cooldown)
    return audit(log.records, config=config).check("fund.disbursement_to_selected_household").passed


def _domain_accepts(cooldown: int, selected: Month, months: int) -> bool:
    """Whether the application (with that cooldown) makes a payment `months` after a selection."""
    app = NgheDan("memory://", config=PolicyConfig(reselection_cooldown_months=cooldown))
    w = build_world(app)  # selects its household for March 2024
    if selected != WORLD_MONTH:
        app.handle(
            SelectHousehold(
                household_id=w.other_household,
                month=selected,
                selected_by=(w.chair,),
                justification="hộ neo đơn",
                occurred_at=datetime(2024, 3, 4, 11, tzinfo=VIETNAM_TZ),
            )
        )
    paid = _paid_months_after(selected, months)
    command = MakeDisbursement(
        unit=WORLD_COMMUNE,
        disbursement_id=uuid4(),
        purpose=DisbursementPurpose.GIFT,
        amount=Vnd(100_000),
        household_id=w.household if selected == WORLD_MONTH else w.other_household,
        approvers=(w.deputy,),
        occurred_at=paid,
    )
    try:
        app.handle(command)
    except NotSelectedError:
        return False
    return True


@pytest.mark.parametrize(("months", "agreed"), [(7, False), (6, False), (5, True), (0, True)])
def test_with_a_6_month_cooldown_the_domain_and_the_audit_agree(months, agreed) -> None:
    """Selected 7 months before: refused and flagged; 5 months before: accepted and passes."""
    assert _domain_accepts(6, WORLD_MONTH, months) is agreed
    assert _audit_passes(6, WORLD_MONTH, months) is agreed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cooldown=st.sampled_from([0, 1, 6, 12]),
    months=st.integers(min_value=-2, max_value=14),
)
def test_the_domain_and_the_audit_agree_on_every_month(cooldown: int, months: int) -> None:
    """For cooldowns 0, 1, 6 and 12, a payment the domain makes is one the audit passes."""
    selected = Month(2024, 6)
    assert _domain_accepts(cooldown, selected, months) is _audit_passes(cooldown, selected, months)


@pytest.mark.parametrize("target", ["household", "head"])
def test_an_approver_related_to_the_household_fails(target) -> None:
    """A relation declared earlier to the household, or to its head person, is a conflict."""
    log = Log()
    log.open_fund()
    log.receive(10_000)
    head = uuid4()
    household, official, other = log.household(head=head), uuid4(), uuid4()
    if target == "household":
        log.relative(official, household=household)
    else:
        log.relative(official, person=head)
    log.relative(other, person=uuid4())  # someone else's relative: no conflict
    log.select(household, Month(2024, 3), other)
    payment = log.pay(1_000, household, (other, official))
    report = audit(log.records)
    assert failed(report) == ["fund.approvers_not_related"]
    check = report.check("fund.approvers_not_related")
    assert check.first_position == payment.position
    assert str(official) in check.detail


def test_a_relation_declared_after_the_payment_does_not_count() -> None:
    """Only relations declared earlier in the log are held against an approval."""
    log = Log()
    log.open_fund()
    log.receive(10_000)
    household, official = log.household(), uuid4()
    log.select(household, Month(2024, 3), official)
    log.pay(1_000, household, (official,))
    log.relative(official, household=household)
    assert audit(log.records).passed


@pytest.mark.parametrize(
    ("source", "donor"),
    [
        ("bribe", None),
        ("lawful_donation", None),
        ("lawful_donation", "  "),
        ("lawful_donation", "\u200b\u200b"),  # written past the converter: names nobody
        ("", "Ai đó"),
    ],
)
def test_receipts_from_unlawful_sources_fail(source, donor) -> None:
    """Only the flag ceremony, the session and a named lawful donor are lawful sources."""
    log = Log()
    log.open_fund()
    log.receive(1_000, source="session")
    bad = log.receive(1_000, source=source, donor=donor)
    report = audit(log.records)
    assert failed(report) == ["fund.lawful_sources"]
    assert report.check("fund.lawful_sources").first_position == bad.position


def test_a_disclosure_that_does_not_match_the_ledger_fails(sound) -> None:
    """Published figures are compared with the ledger as of the disclosure's position."""
    log, _, _ = sound
    bad = log.disclose(
        {
            "opening": 5_000_000,
            "receipts": 3_500_000,  # half a million more than received
            "payments": 2_500_000,
            "reversals": 500_000,
            "closing": 6_500_000,
        }
    )
    report = audit(log.records)
    assert failed(report) == ["fund.disclosures_match_ledger"]
    check = report.check("fund.disclosures_match_ledger")
    assert check.first_position == bad.position
    assert "receipts 3500000 ≠ 3000000" in check.detail
    assert "closing 6500000 ≠ 6000000" in check.detail


def test_a_disclosure_is_checked_as_of_its_position(sound) -> None:
    """Money received after the disclosure, dated inside its period, leaves it unchanged.

    Such an act is flagged unless it is a declared correction (ADR 0016).
    """
    log, _, _ = sound
    late = log.receive(1_000_000, when=at(3, 15))
    report = audit(log.records)
    assert failed(report) == ["fund.corrections_declared"]
    assert report.check("fund.corrections_declared").first_position == late.position


def test_a_declared_correction_after_the_disclosure_passes_and_counts_next(sound) -> None:
    """A declared correction of the published month passes; the next disclosure shows it."""
    log, _, _ = sound
    log.receive(1_000_000, when=at(3, 15), correction="Phiếu thu bỏ sót ngày 15/03")
    assert audit(log.records).passed
    ledger = fold(FundLedger(), log.records).view()
    march = disclosure(ledger, UNIT, date(2024, 3, 1), date(2024, 3, 31))
    assert (march.receipts_vnd, march.closing_vnd, march.corrections) == (3_000_000, 6_000_000, ())
    april = disclosure(ledger, UNIT, date(2024, 4, 1), date(2024, 4, 30))
    assert (april.opening_vnd, april.receipts_vnd, april.corrections_in_vnd) == (
        6_000_000,
        0,
        1_000_000,
    )
    assert april.closing_vnd == 7_000_000
    assert [line.correction for line in april.corrections] == ["Phiếu thu bỏ sót ngày 15/03"]


def test_a_payment_without_its_support_fails(sound) -> None:
    """A fund payment whose household support is missing is named by the audit."""
    log, household, official = sound
    lone = log.pay(100_000, household, (official,), when=at(4, 2), support=False)
    report = audit(log.records)
    assert failed(report) == ["fund.payments_match_supports"]
    check = report.check("fund.payments_match_supports")
    assert check.first_position == lone.position
    assert "fund.DisbursementMade" in check.detail


def test_a_fund_paid_support_without_its_payment_fails(sound) -> None:
    """A support said to be paid by the fund, with no payment, is named by the audit."""
    log, household, _ = sound
    lone = log.support(household, 100_000, uuid4(), when=at(4, 2))
    report = audit(log.records)
    assert failed(report) == ["fund.payments_match_supports"]
    assert report.check("fund.payments_match_supports").first_position == lone.position


def test_a_disclosure_with_a_foreign_digest_fails(sound) -> None:
    """A disclosure's digest must anchor the history it disclosed."""
    log, _, _ = sound
    bad = log.disclose(
        {
            "opening": 5_000_000,
            "receipts": 3_000_000,
            "payments": 2_500_000,
            "reversals": 500_000,
            "closing": 6_000_000,
        },
        digest="f" * 64,
    )
    report = audit(log.records)
    assert failed(report) == ["fund.disclosure_digest_anchored"]
    assert report.check("fund.disclosure_digest_anchored").first_position == bad.position


# --- the chain ----------------------------------------------------------------------------


def fund_records(log: Log) -> list[EventRecord]:
    return [r for r in log.records if r.stream_id == str(fund_id(UNIT))]


def renumber(records: list[EventRecord]) -> list[EventRecord]:
    return [r._replace(position=i) for i, r in enumerate(records, 1)]


def test_an_edited_payload_is_named(sound) -> None:
    """Changing an amount without re-hashing: the edited event is the first break."""
    log, _, _ = sound
    records = list(log.records)
    target = fund_records(log)[2]
    i = records.index(target)
    records[i] = target._replace(payload={**target.payload, "amount": 300})
    brk = verify(records)
    assert brk is not None
    assert (brk.position, brk.stream_id, brk.version, brk.reason) == (
        target.position,
        target.stream_id,
        target.version,
        "edited",
    )
    assert brk.topic == "fund.ContributionReceived"
    assert "đã bị sửa" in brk.message()
    assert "edited" in brk.message("en")
    report = audit(records)
    assert failed(report)[0] == "chain.intact"
    assert report.check("chain.intact").first_position == target.position
    assert report.first_break == brk


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(sound) -> None:
    """Re-hashing the edited event does not help: its successor no longer links to it."""
    log, _, _ = sound
    records = list(log.records)
    fund = fund_records(log)
    target, successor = fund[2], fund[3]
    payload = {**target.payload, "amount": 300}
    forged = target._replace(payload=payload)
    forged = forged._replace(hash=record_hash(forged))
    records[records.index(target)] = forged
    brk = verify(records)
    assert brk is not None
    assert (brk.position, brk.version, brk.reason) == (
        successor.position,
        successor.version,
        "relinked",
    )


def test_a_deleted_middle_event_leaves_a_gap(sound) -> None:
    """Deleting version 3 of the fund: version 4 is named, version 3 expected."""
    log, _, _ = sound
    fund = fund_records(log)
    records = [r for r in log.records if r is not fund[2]]
    brk = verify(records)
    assert brk is not None
    assert (brk.position, brk.stream_id, brk.version, brk.reason) == (
        fund[3].position,
        fund[3].stream_id,
        4,
        "gap",
    )
    assert brk.params == {"expected": 3}


def test_reordered_events_of_a_stream_are_named(sound) -> None:
    """Swapping two events of a stream in the global order: the first out of place is named."""
    log, _, _ = sound
    records = list(log.records)
    fund = fund_records(log)
    a, b = records.index(fund[2]), records.index(fund[3])
    records[a], records[b] = records[b], records[a]
    brk = verify(renumber(records))
    assert brk is not None
    assert (brk.position, brk.version, brk.reason) == (a + 1, 4, "gap")
    # without renumbering, the positions themselves go backwards
    brk = verify(records)
    assert brk is not None
    assert brk.reason == "gap"


def test_a_version_seen_again_is_out_of_order(sound) -> None:
    """A duplicated event (same stream and version, later in the log) is named."""
    log, _, _ = sound
    records = [*log.records, fund_records(log)[1]]
    brk = verify(renumber(records))
    assert brk is not None
    assert (brk.position, brk.version, brk.reason) == (len(records), 2, "out_of_order")


def test_an_inserted_forged_event_is_named(sound) -> None:
    """A forged event chained correctly, then the rest of the stream renumbered: caught."""
    log, _, _ = sound
    records = list(log.records)
    fund = fund_records(log)
    after = fund[2]
    forged = EventRecord(
        position=0,
        stream_id=after.stream_id,
        version=after.version + 1,
        topic="fund.ContributionReceived",
        recorded_at=RECORDED,
        payload={**fund[2].payload, "receipt_id": str(uuid4())},
        prev=after.hash,
        hash="",
    )
    forged = forged._replace(hash=record_hash(forged))
    shifted = {id(r): r._replace(version=r.version + 1) for r in fund[3:]}
    records = [shifted.get(id(r), r) for r in records]
    records.insert(records.index(after) + 1, forged)
    records = renumber(records)
    brk = verify(records)
    assert brk is not None
    # the forged event itself chains; the renumbered successor's hash no longer matches
    successor = next(
        r for r in records if r.stream_id == after.stream_id and r.version == after.version + 2
    )
    assert (brk.position, brk.version, brk.reason) == (
        successor.position,
        successor.version,
        "edited",
    )


def test_a_wrong_genesis_link_is_named() -> None:
    """A first event whose prev is not GENESIS (its predecessors cut away) is named."""
    log = Log()
    log.open_fund()
    log.receive(1_000)
    first = log.records[1]._replace(prev="a" * 64, version=1)
    first = first._replace(hash=record_hash(first))
    brk = verify([first])
    assert brk is not None
    assert brk.reason == "relinked"


def test_positions_that_go_backwards_are_named(sound) -> None:
    """An export whose global order was edited by hand."""
    log, _, _ = sound
    records = list(log.records)
    records[4] = records[4]._replace(position=2)
    brk = verify(records)
    assert brk is not None
    assert (brk.position, brk.reason) == (2, "position")


def test_deleting_the_last_event_is_caught_by_the_published_digest(sound) -> None:
    """The chain cannot see a stream's last event removed; the digest published can."""
    log, _, _ = sound
    published = audit(log.records).digest
    truncated = log.records[:-1]  # the disclosure, the fund's last event
    assert verify(truncated) is None
    brk = verify(truncated, expected_digest=published)
    assert brk is not None
    assert brk.reason == "digest"
    assert brk.params["expected"] == published
    assert "mã tổng hợp" in brk.message()


def test_reordering_across_streams_is_caught_by_the_digest(sound) -> None:
    """Two events of different streams swapped: each chain holds, the digest does not."""
    log, _, _ = sound
    published = audit(log.records).digest
    records = list(log.records)
    records[0], records[1] = records[1], records[0]
    records = renumber(records)
    assert verify(records) is None
    brk = verify(records, expected_digest=published)
    assert brk is not None
    assert brk.reason == "digest"


def test_a_digest_published_at_a_position_covers_that_prefix_only(sound) -> None:
    """`digest_at` checks the history up to a position; later events are free to follow."""
    log, _, _ = sound
    n = 7
    assert log.records[n - 1].topic == "household.HouseholdSelected"  # its stream's last
    published = audit(log.records[:n]).digest
    assert verify(log.records, expected_digest=published, digest_at=n) is None
    # the household's supports come last: without them its selection is its stream's last
    rewritten = [r for r in log.records[:-2] if r.position != n]
    assert verify(rewritten) is None
    brk = verify(rewritten, expected_digest=published, digest_at=n)
    assert brk is not None
    assert (brk.reason, brk.position) == ("digest", n)
    assert verify(log.records[:3], expected_digest=published, digest_at=n) is not None


MARCH = {
    "opening": 5_000_000,
    "receipts": 3_000_000,
    "payments": 2_500_000,
    "reversals": 500_000,
    "closing": 6_000_000,
}


def _digest_after(log: Log, events: int) -> str:
    digest = GENESIS
    for record in log.records[:events]:
        digest = hashlib.sha256((digest + record.hash).encode()).hexdigest()
    return digest


@pytest.mark.parametrize("later", [0, 1, 5])
def test_a_disclosure_carries_the_digest_of_the_first_events_it_covers(sound, later) -> None:
    """ADR 0011: the digest of the first N events, even when others were recorded since."""
    log, _, _ = sound
    covered = len(log.records)
    for _ in range(later):  # recorded by other writers between the digest and the insert
        log.receive(1_000, when=at(4, 2))
    log.disclose(MARCH, digest=_digest_after(log, covered), covered=covered)
    assert audit(log.records).passed


@pytest.mark.parametrize(
    ("claimed", "actual"),
    [(3, 4), (4, 3), (99, 99), (-1, 0)],
    ids=["count-too-small", "count-too-large", "beyond-the-disclosure", "negative"],
)
def test_a_disclosure_whose_count_and_digest_disagree_fails(sound, claimed, actual) -> None:
    log, _, _ = sound
    bad = log.disclose(MARCH, digest=_digest_after(log, max(actual, 0)), covered=claimed)
    report = audit(log.records)
    assert failed(report) == ["fund.disclosure_digest_anchored"]
    assert report.check("fund.disclosure_digest_anchored").first_position == bad.position


def test_a_disclosure_digest_older_than_the_window_fails(sound, monkeypatch) -> None:
    import nghedan_core.audit as audit_module

    monkeypatch.setattr(audit_module, "DIGEST_WINDOW", 3)
    log, _, _ = sound
    covered = len(log.records) - 5
    log.disclose(MARCH, digest=_digest_after(log, covered), covered=covered)
    assert failed(audit(log.records)) == ["fund.disclosure_digest_anchored"]


def test_other_projections_fed_in_the_same_pass_see_what_a_fold_of_their_own_sees(sound) -> None:
    """`audit(..., also=[...])`: the same audit, and each projection as if folded alone."""
    log, _, _ = sound
    ledger = FundLedger()
    report = audit(log.records, also=[ledger])
    assert report == audit(log.records)
    assert ledger.view() == fold(FundLedger(), log.records).view()


def test_records_said_to_be_linked_must_have_been_linked(sound) -> None:
    """A chain passed to `audit` that the records never went through is refused."""
    log, _, _ = sound
    with pytest.raises(ValueError, match="linked"):
        audit(log.records, chain=ChainVerifier())
    ahead = ChainVerifier()  # linked all at once beforehand: the folds would be misled
    for record in log.records:
        ahead.apply(record)
    with pytest.raises(ValueError, match="linked"):
        audit(log.records, chain=ahead)

    def linked_as_read(chain: ChainVerifier) -> Any:
        for record in log.records:
            chain.apply(record)  # as `NgheDan.records(chain=...)` does before yielding
            yield record

    chain = ChainVerifier()
    assert audit(linked_as_read(chain), chain=chain) == audit(log.records)


@pytest.mark.parametrize(
    ("role", "unit"), [(OfficialRole.CLERK, UNIT), (OfficialRole.LEADER, OTHER)]
)
def test_a_payment_approved_by_an_official_without_the_role_in_the_unit_fails(
    sound, role: OfficialRole, unit: str
) -> None:
    """A clerk or another commune's leader as approver fails the audit at that payment."""
    log, household, _ = sound
    approver = uuid4()
    event = OfficialRegistered(
        occurred_at=at(1, 1),
        official_id=approver,
        unit=unit,
        full_name="Hồ Thị Giang",
        position="Cán bộ",
        roles=frozenset({role}),
    )
    log.add(approver, "official.OfficialRegistered", unstructure(event))
    log._officials.add(approver)
    paid = log.pay(100_000, household, (approver,), when=at(4, 5))  # after March's disclosure
    report = audit(log.records)
    assert failed(report) == ["acts.officials_held_role"]
    check = report.check("acts.officials_held_role")
    assert check.first_position == paid.position
    assert str(approver) in check.detail
