"""The period report: the source article's results table for any set of units and dates.

Business dates are the Vietnam calendar dates of each event's ``occurred_at``. A unit
selection covers the named units, every unit below them (hamlets under a commune, communes
under a district) and every unit merged into them; an empty selection covers every unit.
Figures are accumulated per unit during the fold and summed over the selection when the view
is read, so a unit registered or merged late in the log still counts its earlier records.

Each figure is defined, in one sentence in Vietnamese and English, in `nghedan_core.figures`
(and ``docs/figures.md``). Three rules hold for every line:

- commune sessions and supervisory sessions (ADR 0007) are counted apart, and only commune
  sessions have a visit quota;
- a fund payment reversed by the end of the period leaves every line it was counted on — a
  gift on a visit, households supported, a house or a toilet — keyed by its disbursement id
  (ADR 0006); the fund shows the payment and the reversal on lines of their own, as the
  disclosure does;
- a complaint is overdue when its appointment passed before the cutoff (the end of the period,
  or the moment the report is made when that is earlier) without an answer by then, whatever
  month it was raised in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from sys import intern as _intern
from typing import Any, ClassVar, Final

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.projections.ledger import business_day
from nghedan_core.values import PUBLISHED_KEY, VIETNAM_TZ

__all__ = [
    "FundFigures",
    "PeriodReport",
    "PeriodReportView",
    "QuotaFigures",
    "Tally",
    "covered_units",
    "day_of",
]

_VIETNAM_SUFFIX: Final = "+07:00"

# Indexes into a unit's list of running totals (one list of ints per unit).
_SESSIONS, _ATTENDEES = 0, 1
_GIFTS_N, _GIFTS_V = 2, 3
_SUPPORT_V = 4
_TURNS, _METRES = 5, 6
_BUILT_N, _BUILT_V, _REPAIRED_N, _REPAIRED_V, _TOILET_N, _TOILET_V = 7, 8, 9, 10, 11, 12
_OPENING, _RECEIPTS, _PAYMENTS, _REVERSALS = 13, 14, 15, 16
_REQUIRED, _ACHIEVED, _SHORT = 17, 18, 19
_SUP_SESSIONS, _SUP_ATTENDEES = 20, 21
# complaints no longer tracked one by one (withdrawn: nothing changes them any more)
_WD_RECEIVED, _WD_ANSWERED, _WD_RESOLVED, _WD_OVERDUE = 22, 23, 24, 25
_WIDTH: Final = 26

_HOUSE_KINDS: Final = {
    "house_built": (_BUILT_N, _BUILT_V),
    "house_repaired": (_REPAIRED_N, _REPAIRED_V),
    "toilet": (_TOILET_N, _TOILET_V),
}
_HOUSEHOLD_KINDS: Final = frozenset({"gift", "other"})
#: the line a gift given on a visit is counted on (not a support kind: a visit's own line)
_VISIT_GIFT: Final = "visit_gift"

# An open session: [unit, commune level, day, attendees]
_S_UNIT, _S_COMMUNE, _S_DAY, _S_ATTENDEES = 0, 1, 2, 3
# A tracked complaint, raised by the end of the period (in it or before it): (unit, raised in
# the period, answered and resolved at the end of the period, answered at the cutoff,
# appointment passed at the cutoff) — a tuple, replaced on change: a long history tracks a
# hundred thousand of them, and tuples of plain values are smaller than lists and left alone
# by the garbage collector. A withdrawn complaint is added to its unit's totals and dropped.


def _shared(text: Any) -> Any:
    """`text` interned: a unit code or household id kept many times is then stored once."""
    return _intern(text) if type(text) is str else text


def day_of(occurred_at: str) -> str:
    """The Vietnam business date (``YYYY-MM-DD``) of an ISO 8601 time, cheaply.

    Times recorded in Vietnam's offset are sliced; any other offset is converted.
    """
    if occurred_at.endswith(_VIETNAM_SUFFIX):
        return occurred_at[:10]
    return business_day(occurred_at).isoformat()


def covered_units(
    selection: Iterable[str], parents: Mapping[str, str | None], merged: Mapping[str, str]
) -> set[str]:
    """`selection` plus every unit below it or merged into it, transitively."""
    children: dict[str, list[str]] = {}
    for code, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(code)
    for code, into in merged.items():
        children.setdefault(into, []).append(code)
    covered: set[str] = set()
    todo = list(selection)
    while todo:
        code = todo.pop()
        if code in covered:
            continue
        covered.add(code)
        todo.extend(children.get(code, ()))
    return covered


@attrs.frozen
class Tally:
    """How many, and what they were worth in đồng."""

    count: int
    value_vnd: int


@attrs.frozen
class FundFigures:
    """The selected funds over the period: closing = opening + receipts − payments + reversals.

    The same lines as the fund's disclosure (`ledger.disclosure`): a reversal is never netted
    into payments, so payments are never negative.
    """

    opening_vnd: int
    receipts_vnd: int
    #: payments made in the period (each at its full amount, reversed later or not)
    payments_vnd: int
    #: payments reversed in the period (the money put back)
    reversals_vnd: int
    closing_vnd: int


@attrs.frozen
class QuotaFigures:
    """Visits required and made at the closed commune sessions of the period."""

    required: int
    achieved: int
    #: sessions (commune-months) that made fewer visits than required
    shortfall_months: int


@attrs.frozen
class PeriodReportView:
    """The report of a set of units over a period (both dates inclusive)."""

    #: published as ``from`` and ``to`` (`to_json`, the API's schema)
    date_from: date = attrs.field(metadata={PUBLISHED_KEY: "from"})
    date_to: date = attrs.field(metadata={PUBLISHED_KEY: "to"})
    #: the unit codes asked for, sorted (empty: every unit)
    units: tuple[str, ...]
    #: commune-level sessions closed in the period (supervisory ones are counted apart)
    sessions_held: int
    attendees: int
    units_with_sessions: int
    #: supervisory-level sessions (ADR 0007) closed in the period
    supervisory_sessions_held: int
    supervisory_attendees: int
    supervisory_units_with_sessions: int
    complaints_received: int
    complaints_answered: int
    complaints_resolved: int
    complaints_overdue: int
    resolution_rate: float
    gifts: Tally
    households_supported: Tally
    volunteer_turns: int
    volunteer_km: float
    houses_built: Tally
    houses_repaired: Tally
    toilets_built: Tally
    fund: FundFigures
    quota: QuotaFigures

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data with the published keys (``from``, ``to``, ...)."""

        def tally(t: Tally) -> dict[str, int]:
            return {"count": t.count, "value_vnd": t.value_vnd}

        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "units": list(self.units),
            "sessions_held": self.sessions_held,
            "attendees": self.attendees,
            "units_with_sessions": self.units_with_sessions,
            "supervisory_sessions_held": self.supervisory_sessions_held,
            "supervisory_attendees": self.supervisory_attendees,
            "supervisory_units_with_sessions": self.supervisory_units_with_sessions,
            "complaints_received": self.complaints_received,
            "complaints_answered": self.complaints_answered,
            "complaints_resolved": self.complaints_resolved,
            "complaints_overdue": self.complaints_overdue,
            "resolution_rate": self.resolution_rate,
            "gifts": tally(self.gifts),
            "households_supported": tally(self.households_supported),
            "volunteer_turns": self.volunteer_turns,
            "volunteer_km": self.volunteer_km,
            "houses_built": tally(self.houses_built),
            "houses_repaired": tally(self.houses_repaired),
            "toilets_built": tally(self.toilets_built),
            "fund": {
                "opening_vnd": self.fund.opening_vnd,
                "receipts_vnd": self.fund.receipts_vnd,
                "payments_vnd": self.fund.payments_vnd,
                "reversals_vnd": self.fund.reversals_vnd,
                "closing_vnd": self.fund.closing_vnd,
            },
            "quota": {
                "required": self.quota.required,
                "achieved": self.quota.achieved,
                "shortfall_months": self.quota.shortfall_months,
            },
        }


class PeriodReport:
    """Folds the log into the period report of `units` from `date_from` to `date_to`.

    Sessions count when closed, by their (latest) session date; complaints raised in the
    period are followed to their state at the end of `date_to` (later events are ignored);
    complaints raised by then are followed to the cutoff for `complaints_overdue`;
    everything else counts by the business date it occurred on.

    `as_of`: the moment the report is made (the core has no clock: the caller passes now).
    When it comes before the end of the period, overdue is judged at it; None: at the end
    of the period.
    """

    __slots__ = (
        "_as_of",
        "_by_disbursement",
        "_complaints",
        "_from",
        "_fund_unit",
        "_household_unit",
        "_merged",
        "_parents",
        "_sessions",
        "_supported",
        "_to",
        "_totals",
        "_unit_code",
        "_visit_unit",
        "_work_unit",
        "as_of",
        "date_from",
        "date_to",
        "units",
    )

    name = "period_report"

    def __init__(
        self,
        date_from: date,
        date_to: date,
        units: Sequence[str] = (),
        *,
        as_of: datetime | None = None,
    ) -> None:
        """Report on `units` (and the units below or merged into them; empty: all).

        `as_of` (timezone-aware): the moment the report is made; None: the end of the period.
        """
        if date_to < date_from:
            msg = f"the period ends ({date_to}) before it starts ({date_from})"
            raise ValueError(msg)
        if as_of is not None and as_of.tzinfo is None:
            msg = "as_of must be timezone-aware"
            raise ValueError(msg)
        self.date_from = date_from
        self.date_to = date_to
        self.units = tuple(sorted(set(units)))
        self.as_of = as_of
        self._from = date_from.isoformat()
        self._to = date_to.isoformat()
        end = datetime.combine(date_to, time.max, VIETNAM_TZ)  # 31/12/9999 has no next day
        #: the cutoff when it comes before the end of the period (else None: the period's end)
        self._as_of = as_of if as_of is not None and as_of <= end else None
        self._reset()

    def _reset(self) -> None:
        #: unit stream id -> code; code -> parent code; code -> code merged into
        self._unit_code: dict[str, str] = {}
        self._parents: dict[str, str | None] = {}
        self._merged: dict[str, str] = {}
        #: stream id -> unit, for streams whose later events do not name their unit
        self._fund_unit: dict[str, str] = {}
        self._visit_unit: dict[str, str] = {}
        self._work_unit: dict[str, str] = {}
        self._household_unit: dict[str, str] = {}
        #: sessions not yet closed or cancelled
        self._sessions: dict[str, list[Any]] = {}
        #: complaints raised by the end of the period, not withdrawn
        self._complaints: dict[str, tuple[Any, ...]] = {}
        #: unit -> running totals
        self._totals: dict[str, list[int]] = {}
        #: unit -> household -> how many gifts or other supports it had in the period
        self._supported: dict[str, dict[str, int]] = {}
        #: disbursement id -> the (unit, household, line, value) it was counted on in the period
        self._by_disbursement: dict[str, tuple[tuple[Any, ...], ...]] = {}

    def _row(self, unit: str) -> list[int]:
        row = self._totals.get(unit)
        if row is None:
            row = self._totals[unit] = [0] * _WIDTH
        return row

    # --- the fold -----------------------------------------------------------------------

    def apply(self, record: EventRecord) -> None:
        """Take one record into account (events the report does not use are ignored)."""
        handler = self.HANDLERS.get(record.topic)
        if handler is not None:
            handler(self, record.stream_id, record.payload)

    def _unit_registered(self, stream: str, p: Mapping[str, Any]) -> None:
        self._unit_code[stream] = p["code"]
        self._parents[p["code"]] = p.get("parent")

    def _unit_merged(self, stream: str, p: Mapping[str, Any]) -> None:
        code = self._unit_code.get(stream)
        if code is not None:
            self._merged[code] = p["into"]

    def _session_scheduled(self, stream: str, p: Mapping[str, Any]) -> None:
        self._sessions[stream] = [_shared(p["unit"]), p["level"] == "commune", p["date"], 0]

    def _session_rescheduled(self, stream: str, p: Mapping[str, Any]) -> None:
        session = self._sessions.get(stream)
        if session is not None:
            session[_S_DAY] = p["date"]

    def _reception_held(self, stream: str, p: Mapping[str, Any]) -> None:
        session = self._sessions.get(stream)
        if session is not None:
            session[_S_ATTENDEES] += p["attendees"]

    def _session_closed(self, stream: str, p: Mapping[str, Any]) -> None:
        session = self._sessions.pop(stream, None)
        if session is None or not self._from <= session[_S_DAY] <= self._to:
            return
        row = self._row(session[_S_UNIT])
        if not session[_S_COMMUNE]:
            row[_SUP_SESSIONS] += 1
            row[_SUP_ATTENDEES] += session[_S_ATTENDEES]
        else:
            row[_SESSIONS] += 1
            row[_ATTENDEES] += session[_S_ATTENDEES]
            made, required = p["visits_made"], p["visits_required"]
            row[_REQUIRED] += required
            row[_ACHIEVED] += made
            if made < required:
                row[_SHORT] += 1

    def _session_cancelled(self, stream: str, _p: Mapping[str, Any]) -> None:
        self._sessions.pop(stream, None)

    def _by_cutoff(self, p: Mapping[str, Any]) -> bool:
        """Whether the event occurred by the cutoff (the end of the period or `as_of`)."""
        if self._as_of is None:
            return day_of(p["occurred_at"]) <= self._to
        return datetime.fromisoformat(p["occurred_at"]) <= self._as_of

    def _by_as_of(self, p: Mapping[str, Any]) -> bool:
        """Whether an event that occurred by the end of the period also did by the cutoff."""
        return self._as_of is None or datetime.fromisoformat(p["occurred_at"]) <= self._as_of

    def _passed(self, moment: str) -> bool:
        """Whether `moment` (ISO 8601) comes before the cutoff."""
        if self._as_of is None:
            return day_of(moment) <= self._to
        return datetime.fromisoformat(moment) < self._as_of

    # Each complaint handler below changes the tracked complaint as of the end of the period
    # (events after it are ignored) and its answered-at-the-cutoff flag (events after the
    # cutoff leave it). Written out, not through a helper: they run for every complaint event.

    def _complaint_raised(self, stream: str, p: Mapping[str, Any]) -> None:
        day = day_of(p["occurred_at"])
        if day <= self._to:
            in_period = self._from <= day
            self._complaints[stream] = (_shared(p["unit"]), in_period, False, False, False, False)

    def _complaint_answered(self, stream: str, p: Mapping[str, Any]) -> None:
        c = self._complaints.get(stream)
        if c is not None and day_of(p["occurred_at"]) <= self._to:
            unit, in_period, _answered, resolved, settled, passed = c
            settled = settled or self._by_as_of(p)
            self._complaints[stream] = (unit, in_period, True, resolved, settled, passed)

    def _complaint_resolved(self, stream: str, p: Mapping[str, Any]) -> None:
        c = self._complaints.get(stream)
        if c is not None and day_of(p["occurred_at"]) <= self._to:
            unit, in_period, answered, _resolved, settled, passed = c
            self._complaints[stream] = (unit, in_period, answered, True, settled, passed)

    def _complaint_reopened(self, stream: str, p: Mapping[str, Any]) -> None:
        c = self._complaints.get(stream)
        if c is not None and day_of(p["occurred_at"]) <= self._to:
            unit, in_period, _answered, _resolved, settled, passed = c
            settled = settled and not self._by_as_of(p)
            self._complaints[stream] = (unit, in_period, False, False, settled, passed)

    def _complaint_withdrawn(self, stream: str, p: Mapping[str, Any]) -> None:
        """Withdrawn is final (no reopening): count it on its unit's row and stop tracking it."""
        c = self._complaints.get(stream)
        if c is None or day_of(p["occurred_at"]) > self._to:
            return
        del self._complaints[stream]
        unit, in_period, answered, resolved, settled, passed = c
        row = self._row(unit)
        if in_period:
            row[_WD_RECEIVED] += 1
            row[_WD_ANSWERED] += answered
            row[_WD_RESOLVED] += resolved
        if passed and not (settled or self._by_as_of(p)):
            row[_WD_OVERDUE] += 1

    def _complaint_appointment(self, stream: str, p: Mapping[str, Any]) -> None:
        c = self._complaints.get(stream)
        if c is not None and self._by_cutoff(p):
            self._complaints[stream] = (*c[:-1], self._passed(p["appointment"]["at"]))

    def _visit_planned(self, stream: str, p: Mapping[str, Any]) -> None:
        self._visit_unit[stream] = _shared(p["unit"])

    def _visit_conducted(self, stream: str, p: Mapping[str, Any]) -> None:
        unit = self._visit_unit.pop(stream, None)
        value = p["gift_value"]
        if unit is not None and value > 0 and self._from <= day_of(p["occurred_at"]) <= self._to:
            self._count(unit, "", _VISIT_GIFT, value, p.get("disbursement_id"))

    def _visit_cancelled(self, stream: str, _p: Mapping[str, Any]) -> None:
        self._visit_unit.pop(stream, None)

    def _household_registered(self, stream: str, p: Mapping[str, Any]) -> None:
        # interned: the household's id is kept again for each of its supports paid
        self._household_unit[_shared(stream)] = _shared(p["unit"])

    def _support_delivered(self, stream: str, p: Mapping[str, Any]) -> None:
        unit = self._household_unit.get(stream)
        if unit is None or not self._from <= day_of(p["occurred_at"]) <= self._to:
            return
        self._count(unit, _shared(stream), _shared(p["kind"]), p["value"], p.get("disbursement_id"))

    def _count(
        self, unit: str, household: str, line: str, value: int, disbursement: str | None
    ) -> None:
        """Count one gift or support in the period; remember it under the payment behind it."""
        self._add(unit, household, line, value, 1)
        if disbursement is not None:
            counted = self._by_disbursement.get(disbursement, ())
            self._by_disbursement[disbursement] = (*counted, (unit, household, line, value))

    def _add(self, unit: str, household: str, line: str, value: int, sign: int) -> None:
        """Add (sign 1) or take back (sign -1) one gift or support on its line.

        `line`: a support kind, or `_VISIT_GIFT` (then `household` is not used).
        """
        row = self._row(unit)
        if line == _VISIT_GIFT:
            row[_GIFTS_N] += sign
            row[_GIFTS_V] += sign * value
            return
        if line in _HOUSEHOLD_KINDS:
            row[_SUPPORT_V] += sign * value
            supported = self._supported.setdefault(unit, {})
            left = supported.get(household, 0) + sign
            if left > 0:
                supported[household] = left
            else:
                supported.pop(household, None)
            return
        slots = _HOUSE_KINDS.get(line)
        if slots is not None:
            row[slots[0]] += sign
            row[slots[1]] += sign * value

    def _work_planned(self, stream: str, p: Mapping[str, Any]) -> None:
        self._work_unit[stream] = _shared(p["unit"])

    def _work_completed(self, stream: str, p: Mapping[str, Any]) -> None:
        unit = self._work_unit.pop(stream, None)
        if unit is not None and self._from <= day_of(p["occurred_at"]) <= self._to:
            row = self._row(unit)
            row[_TURNS] += p["participants"]
            row[_METRES] += p.get("length_m", 0)

    def _work_cancelled(self, stream: str, _p: Mapping[str, Any]) -> None:
        self._work_unit.pop(stream, None)

    def _fund_opened(self, stream: str, p: Mapping[str, Any]) -> None:
        self._fund_unit[stream] = _shared(p["unit"])

    def _fund_move(self, stream: str, p: Mapping[str, Any], slot: int, sign: int) -> None:
        unit = self._fund_unit.get(stream)
        if unit is None:
            return
        day = day_of(p["occurred_at"])
        if day > self._to:
            return
        row = self._row(unit)
        if day < self._from:
            row[_OPENING] += sign * p["amount"]
        else:
            row[slot] += p["amount"]

    def _fund_received(self, stream: str, p: Mapping[str, Any]) -> None:
        self._fund_move(stream, p, _RECEIPTS, 1)

    def _fund_paid(self, stream: str, p: Mapping[str, Any]) -> None:
        self._fund_move(stream, p, _PAYMENTS, -1)

    def _fund_reversed(self, stream: str, p: Mapping[str, Any]) -> None:
        self._fund_move(stream, p, _REVERSALS, 1)
        # a payment reversed by the end of the period leaves every line it was counted on
        counted = self._by_disbursement.pop(p["disbursement_id"], ())
        if counted and day_of(p["occurred_at"]) <= self._to:
            for unit, household, line, value in counted:
                self._add(unit, household, line, value, -1)

    # --- saving and resuming -------------------------------------------------------------

    def _params(self) -> dict[str, Any]:
        return {
            "from": self._from,
            "to": self._to,
            "units": list(self.units),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
        }

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data (with the period and units it was made for)."""
        return {
            "params": self._params(),
            "unit_code": dict(self._unit_code),
            "parents": dict(self._parents),
            "merged": dict(self._merged),
            "fund_unit": dict(self._fund_unit),
            "visit_unit": dict(self._visit_unit),
            "work_unit": dict(self._work_unit),
            "household_unit": dict(self._household_unit),
            "sessions": {k: list(v) for k, v in self._sessions.items()},
            "complaints": {k: list(v) for k, v in self._complaints.items()},
            "totals": {k: list(v) for k, v in self._totals.items()},
            "supported": {k: dict(sorted(v.items())) for k, v in self._supported.items()},
            "by_disbursement": {k: [list(c) for c in v] for k, v in self._by_disbursement.items()},
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot` for the same period and units."""
        if data["params"] != self._params():
            msg = f"snapshot of another report: {data['params']} is not {self._params()}"
            raise ValueError(msg)
        self._reset()
        self._unit_code.update(data["unit_code"])
        self._parents.update(data["parents"])
        self._merged.update(data["merged"])
        self._fund_unit.update(data["fund_unit"])
        self._visit_unit.update(data["visit_unit"])
        self._work_unit.update(data["work_unit"])
        self._household_unit.update(data["household_unit"])
        self._sessions.update({k: list(v) for k, v in data["sessions"].items()})
        self._complaints.update({k: tuple(v) for k, v in data["complaints"].items()})
        self._totals.update({k: list(v) for k, v in data["totals"].items()})
        self._supported.update({k: dict(v) for k, v in data["supported"].items()})
        self._by_disbursement.update(
            {k: tuple(tuple(c) for c in v) for k, v in data["by_disbursement"].items()}
        )

    # --- reading --------------------------------------------------------------------------

    def selected_units(self) -> set[str] | None:
        """The unit codes the report covers (None: every unit)."""
        if not self.units:
            return None
        return covered_units(self.units, self._parents, self._merged)

    def view(self) -> PeriodReportView:
        """The report from the records applied so far."""
        selected = self.selected_units()

        def chosen(unit: str) -> bool:
            return selected is None or unit in selected

        total = [0] * _WIDTH
        units_with_sessions = supervisory_units = 0
        for unit, row in self._totals.items():
            if not chosen(unit):
                continue
            for i, v in enumerate(row):
                total[i] += v
            units_with_sessions += row[_SESSIONS] > 0
            supervisory_units += row[_SUP_SESSIONS] > 0
        households = sum(len(hh) for unit, hh in self._supported.items() if chosen(unit))
        received, answered = total[_WD_RECEIVED], total[_WD_ANSWERED]
        resolved, overdue = total[_WD_RESOLVED], total[_WD_OVERDUE]
        for unit, in_period, is_answered, is_resolved, settled, passed in self._complaints.values():
            if not chosen(unit):
                continue
            if in_period:
                received += 1
                answered += is_answered
                resolved += is_resolved
            overdue += passed and not settled
        opening, receipts = total[_OPENING], total[_RECEIPTS]
        payments, reversals = total[_PAYMENTS], total[_REVERSALS]
        return PeriodReportView(
            date_from=self.date_from,
            date_to=self.date_to,
            units=self.units,
            sessions_held=total[_SESSIONS],
            attendees=total[_ATTENDEES],
            units_with_sessions=units_with_sessions,
            supervisory_sessions_held=total[_SUP_SESSIONS],
            supervisory_attendees=total[_SUP_ATTENDEES],
            supervisory_units_with_sessions=supervisory_units,
            complaints_received=received,
            complaints_answered=answered,
            complaints_resolved=resolved,
            complaints_overdue=overdue,
            resolution_rate=round(resolved / received, 4) if received else 0.0,
            gifts=Tally(total[_GIFTS_N], total[_GIFTS_V]),
            households_supported=Tally(households, total[_SUPPORT_V]),
            volunteer_turns=total[_TURNS],
            volunteer_km=round(total[_METRES] / 1000, 1),
            houses_built=Tally(total[_BUILT_N], total[_BUILT_V]),
            houses_repaired=Tally(total[_REPAIRED_N], total[_REPAIRED_V]),
            toilets_built=Tally(total[_TOILET_N], total[_TOILET_V]),
            fund=FundFigures(
                opening_vnd=opening,
                receipts_vnd=receipts,
                payments_vnd=payments,
                reversals_vnd=reversals,
                closing_vnd=opening + receipts - payments + reversals,
            ),
            quota=QuotaFigures(
                required=total[_REQUIRED],
                achieved=total[_ACHIEVED],
                shortfall_months=total[_SHORT],
            ),
        )

    #: the events the report reads, and how (functions, not bound methods: no reference cycle)
    HANDLERS: ClassVar[dict[str, Callable[[PeriodReport, str, Mapping[str, Any]], None]]] = {
        "unit.UnitRegistered": _unit_registered,
        "unit.UnitMerged": _unit_merged,
        "session.SessionScheduled": _session_scheduled,
        "session.SessionRescheduled": _session_rescheduled,
        "session.ReceptionHeld": _reception_held,
        "session.SessionClosed": _session_closed,
        "session.SessionCancelled": _session_cancelled,
        "complaint.ComplaintRaised": _complaint_raised,
        "complaint.ComplaintAnsweredOnSpot": _complaint_answered,
        "complaint.ComplaintAnswered": _complaint_answered,
        "complaint.ComplaintResolved": _complaint_resolved,
        "complaint.ComplaintReopened": _complaint_reopened,
        "complaint.ComplaintWithdrawn": _complaint_withdrawn,
        "complaint.ComplaintTakenOnRecord": _complaint_appointment,
        "complaint.ComplaintReferred": _complaint_appointment,
        "complaint.AppointmentRescheduled": _complaint_appointment,
        "visit.VisitPlanned": _visit_planned,
        "visit.VisitConducted": _visit_conducted,
        "visit.VisitCancelled": _visit_cancelled,
        "household.HouseholdRegistered": _household_registered,
        "household.SupportDelivered": _support_delivered,
        "volunteer.VolunteerWorkPlanned": _work_planned,
        "volunteer.VolunteerWorkCompleted": _work_completed,
        "volunteer.VolunteerWorkCancelled": _work_cancelled,
        "fund.FundOpened": _fund_opened,
        "fund.ContributionReceived": _fund_received,
        "fund.DisbursementMade": _fund_paid,
        "fund.DisbursementReversed": _fund_reversed,
    }
    #: the aggregates whose events it folds (the views kept in the store read only those)
    READS: ClassVar[frozenset[str]] = frozenset(t.partition(".")[0] for t in HANDLERS)
