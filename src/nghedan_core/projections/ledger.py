"""The fund ledger (sổ quỹ) and the public disclosure (công khai thu chi).

Every receipt, payment and reversal of every fund, in the order recorded, with its running
balance, its source, and its event position — the figures the public disclosure, the period
report and the audit all start from.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.values import VIETNAM_TZ

__all__ = [
    "DisclosureView",
    "FundLedger",
    "LedgerLine",
    "LedgerView",
    "LineKind",
    "disclosure",
]

_FUND_TOPICS = frozenset(
    {
        "fund.FundOpened",
        "fund.ContributionReceived",
        "fund.DisbursementMade",
        "fund.DisbursementReversed",
        "fund.DisclosurePublished",
    }
)


class LineKind(StrEnum):
    """What a ledger line records."""

    RECEIPT = "receipt"
    PAYMENT = "payment"
    REVERSAL = "reversal"


@attrs.frozen
class LedgerLine:
    """One movement of a fund: money in (receipt, reversal) or out (payment)."""

    position: int
    unit: str
    day: date
    kind: LineKind
    amount_vnd: int
    balance_vnd: int
    #: receipts: flag_ceremony | lawful_donation | session; payments: the purpose
    source: str
    #: the receipt, disbursement or reversed disbursement id
    reference: str
    #: named donor (public); the contributor's name is personal data and is not carried
    donor: str | None = None
    household_id: str | None = None
    approvers: tuple[str, ...] = ()
    #: a declared correction of a published period: its reason (ADR 0016)
    correction: str | None = None
    #: the day a correction counts from (the day after the last published period); None:
    #: the line counts from its own `day`
    counted: date | None = None

    @property
    def counted_day(self) -> date:
        """The day the line counts from in a disclosure: a correction's, after the period."""
        return self.counted or self.day

    @property
    def signed_vnd(self) -> int:
        """+amount for money in, -amount for money out."""
        return -self.amount_vnd if self.kind is LineKind.PAYMENT else self.amount_vnd


@attrs.frozen
class PublishedDisclosure:
    """A disclosure as it was published on the record."""

    position: int
    unit: str
    period_from: date
    period_to: date
    opening_vnd: int
    receipts_vnd: int
    payments_vnd: int
    reversals_vnd: int
    closing_vnd: int
    digest: str
    corrections_in_vnd: int = 0
    corrections_out_vnd: int = 0


@attrs.frozen
class LedgerView:
    """Every line of every fund, and every disclosure that was published."""

    lines: tuple[LedgerLine, ...]
    balances: dict[str, int]
    disclosures: tuple[PublishedDisclosure, ...]
    #: the lowest running balance each fund ever had (never negative in a sound history)
    lowest: dict[str, int]

    def for_unit(self, unit: str) -> tuple[LedgerLine, ...]:
        """The lines of one unit's fund."""
        return tuple(line for line in self.lines if line.unit == unit)


def business_day(occurred_at: str) -> date:
    """The Vietnam calendar date of an ISO 8601 time."""
    return datetime.fromisoformat(occurred_at).astimezone(VIETNAM_TZ).date()


class FundLedger:
    """Folds fund events into the ledger (one per unit, found from the fund's stream).

    A `Materialised` projection: `snapshot` and `restore` save the accumulator as JSON.
    """

    #: the name the runner stores this view under
    name = "fund_ledger"
    #: the aggregates whose events it folds (the views kept in the store read only those)
    READS: ClassVar[frozenset[str]] = frozenset(t.partition(".")[0] for t in _FUND_TOPICS)

    def __init__(self) -> None:
        """Start with no funds."""
        self._unit_of: dict[str, str] = {}
        self._lines: list[LedgerLine] = []
        self._balance: dict[str, int] = defaultdict(int)
        self._lowest: dict[str, int] = {}
        self._paid: dict[str, int] = {}
        self._disclosures: list[PublishedDisclosure] = []
        #: unit -> the last day of its latest published period
        self._published_to: dict[str, date] = {}

    def apply(self, record: EventRecord) -> None:
        """Take one record into account (non-fund events are ignored)."""
        topic = record.topic
        if topic not in _FUND_TOPICS:
            return
        p = record.payload
        if topic == "fund.FundOpened":
            self._unit_of[record.stream_id] = p["unit"]
            self._balance[p["unit"]] = 0
            self._lowest[p["unit"]] = 0
            return
        unit = self._unit_of.get(record.stream_id, "?")
        if topic == "fund.DisclosurePublished":
            self._disclosures.append(
                PublishedDisclosure(
                    position=record.position,
                    unit=unit,
                    period_from=date.fromisoformat(p["period_from"]),
                    period_to=date.fromisoformat(p["period_to"]),
                    opening_vnd=p["opening"],
                    receipts_vnd=p["receipts"],
                    payments_vnd=p["payments"],
                    reversals_vnd=p.get("reversals", 0),
                    closing_vnd=p["closing"],
                    digest=p["digest"],
                    corrections_in_vnd=p.get("corrections_in", 0),
                    corrections_out_vnd=p.get("corrections_out", 0),
                )
            )
            to = date.fromisoformat(p["period_to"])
            self._published_to[unit] = max(to, self._published_to.get(unit, to))
            return
        if topic == "fund.ContributionReceived":
            kind, amount, source, ref = LineKind.RECEIPT, p["amount"], p["source"], p["receipt_id"]
            extra = {"donor": p.get("donor")}
        elif topic == "fund.DisbursementMade":
            kind, amount, source, ref = (
                LineKind.PAYMENT,
                p["amount"],
                p["purpose"],
                p["disbursement_id"],
            )
            self._paid[ref] = amount
            extra = {"household_id": p["household_id"], "approvers": tuple(p["approvers"])}
        else:
            kind, amount, ref = LineKind.REVERSAL, p["amount"], p["disbursement_id"]
            source = "reversal"
            extra = {}
        balance = self._balance[unit] + (-amount if kind is LineKind.PAYMENT else amount)
        self._balance[unit] = balance
        if balance < self._lowest.get(unit, 0):
            self._lowest[unit] = balance
        day = business_day(p["occurred_at"])
        correction = p.get("correction_reason")
        counted = None
        published_to = self._published_to.get(unit)
        if correction is not None and published_to is not None and day <= published_to:
            counted = published_to + timedelta(days=1)
        self._lines.append(
            LedgerLine(
                position=record.position,
                unit=unit,
                day=day,
                correction=correction,
                counted=counted,
                kind=kind,
                amount_vnd=amount,
                balance_vnd=balance,
                source=source,
                reference=ref,
                **extra,  # type: ignore[arg-type]
            )
        )

    def view(self) -> LedgerView:
        """The ledger so far."""
        return LedgerView(
            lines=tuple(self._lines),
            balances=dict(self._balance),
            disclosures=tuple(self._disclosures),
            lowest=dict(self._lowest),
        )

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data (see `restore`)."""
        return {
            "unit_of": dict(self._unit_of),
            "lines": [_line_to_json(line) for line in self._lines],
            "balance": dict(self._balance),
            "lowest": dict(self._lowest),
            "paid": dict(self._paid),
            "disclosures": [_disclosure_to_json(d) for d in self._disclosures],
            "published_to": {u: d.isoformat() for u, d in self._published_to.items()},
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot`."""
        self._unit_of = dict(data["unit_of"])
        self._lines = [_line_from_json(line) for line in data["lines"]]
        self._balance = defaultdict(int, data["balance"])
        self._lowest = dict(data["lowest"])
        self._paid = dict(data["paid"])
        self._disclosures = [_disclosure_from_json(d) for d in data["disclosures"]]
        self._published_to = {
            u: date.fromisoformat(d) for u, d in data.get("published_to", {}).items()
        }


def _line_to_json(line: LedgerLine) -> list[Any]:
    return [
        line.position,
        line.unit,
        line.day.isoformat(),
        line.kind.value,
        line.amount_vnd,
        line.balance_vnd,
        line.source,
        line.reference,
        line.donor,
        line.household_id,
        list(line.approvers),
        line.correction,
        None if line.counted is None else line.counted.isoformat(),
    ]


def _line_from_json(data: list[Any]) -> LedgerLine:
    position, unit, day, kind, amount, balance, source, ref, donor, household, approvers = data[:11]
    correction, counted = (*data[11:13], None, None)[:2]
    return LedgerLine(
        position=position,
        unit=unit,
        day=date.fromisoformat(day),
        kind=LineKind(kind),
        amount_vnd=amount,
        balance_vnd=balance,
        source=source,
        reference=ref,
        donor=donor,
        household_id=household,
        approvers=tuple(approvers),
        correction=correction,
        counted=None if counted is None else date.fromisoformat(counted),
    )


def _disclosure_to_json(d: PublishedDisclosure) -> dict[str, Any]:
    return {
        "position": d.position,
        "unit": d.unit,
        "period_from": d.period_from.isoformat(),
        "period_to": d.period_to.isoformat(),
        "opening_vnd": d.opening_vnd,
        "receipts_vnd": d.receipts_vnd,
        "payments_vnd": d.payments_vnd,
        "reversals_vnd": d.reversals_vnd,
        "closing_vnd": d.closing_vnd,
        "digest": d.digest,
        "corrections_in_vnd": d.corrections_in_vnd,
        "corrections_out_vnd": d.corrections_out_vnd,
    }


def _disclosure_from_json(data: dict[str, Any]) -> PublishedDisclosure:
    return PublishedDisclosure(
        **{
            **data,
            "period_from": date.fromisoformat(data["period_from"]),
            "period_to": date.fromisoformat(data["period_to"]),
        }
    )


@attrs.frozen
class DisclosureView:
    """Income and expenditure of one fund over a period, line by line (công khai thu chi)."""

    unit: str
    period_from: date
    period_to: date
    opening_vnd: int
    receipts_vnd: int
    payments_vnd: int
    reversals_vnd: int
    closing_vnd: int
    lines: tuple[LedgerLine, ...]
    #: declared corrections of published periods counted in this one, on their own line
    #: (ADR 0016): money in, money out, and the lines themselves
    corrections_in_vnd: int = 0
    corrections_out_vnd: int = 0
    corrections: tuple[LedgerLine, ...] = ()


def disclosure(ledger: LedgerView, unit: str, period_from: date, period_to: date) -> DisclosureView:
    """The disclosure of `unit`'s fund for the period (business dates, both inclusive).

    A declared correction of a published period counts from the day after that period
    (`LedgerLine.counted_day`): it stays out of the published figures and shows on the
    next disclosure's own line (`corrections`), not among its receipts and payments.
    """
    lines = ledger.for_unit(unit)
    opening = sum(line.signed_vnd for line in lines if line.counted_day < period_from)
    counted = tuple(line for line in lines if period_from <= line.counted_day <= period_to)
    within = tuple(line for line in counted if line.correction is None)
    corrections = tuple(line for line in counted if line.correction is not None)
    receipts = sum(line.amount_vnd for line in within if line.kind is LineKind.RECEIPT)
    payments = sum(line.amount_vnd for line in within if line.kind is LineKind.PAYMENT)
    reversals = sum(line.amount_vnd for line in within if line.kind is LineKind.REVERSAL)
    corrections_in = sum(line.signed_vnd for line in corrections if line.signed_vnd > 0)
    corrections_out = -sum(line.signed_vnd for line in corrections if line.signed_vnd < 0)
    return DisclosureView(
        unit=unit,
        period_from=period_from,
        period_to=period_to,
        opening_vnd=opening,
        receipts_vnd=receipts,
        payments_vnd=payments,
        reversals_vnd=reversals,
        closing_vnd=opening + receipts - payments + reversals + corrections_in - corrections_out,
        lines=within,
        corrections_in_vnd=corrections_in,
        corrections_out_vnd=corrections_out,
        corrections=corrections,
    )
