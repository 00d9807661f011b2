"""The period report: the source article's results table for any set of units and dates.

Business dates are the Vietnam calendar dates of each event's ``occurred_at``. A unit
selection covers the named units, every unit below them (hamlets under a commune, communes
under a district) and every unit merged into them; an empty selection covers every unit.
Figures are accumulated per unit during the fold and summed over the selection when the view
is read, so a unit registered or merged late in the log still counts its earlier records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from sys import intern as _intern
from typing import Any, ClassVar, Final

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.projections.ledger import business_day

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
_WIDTH: Final = 20

_HOUSE_KINDS: Final = {
    "house_built": (_BUILT_N, _BUILT_V),
    "house_repaired": (_REPAIRED_N, _REPAIRED_V),
    "toilet": (_TOILET_N, _TOILET_V),
}
_HOUSEHOLD_KINDS: Final = frozenset({"gift", "other"})

# A tracked complaint: (unit, answered, resolved, withdrawn, appointment day or None) — a
# tuple, replaced on change: a long history tracks a hundred thousand of them, and tuples of
# plain values are smaller than lists and left alone by the garbage collector
# An open session: [unit, commune level, day, attendees]
_S_UNIT, _S_COMMUNE, _S_DAY, _S_ATTENDEES = 0, 1, 2, 3
_C_ANSWERED, _C_RESOLVED, _C_WITHDRAWN, _C_APPOINTMENT = 1, 2, 3, 4


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
    """The selected funds over the period: closing = opening + receipts − payments."""

    opening_vnd: int
    receipts_vnd: int
    #: payments made in the period less payments reversed in the period
    payments_vnd: int
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

    date_from: date
    date_to: date
    #: the unit codes asked for, sorted (empty: every unit)
    units: tuple[str, ...]
    sessions_held: int
    attendees: int
    units_with_sessions: int
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
    everything else counts by the business date it occurred on.
    """

    __slots__ = (
        "_complaints",
        "_from",
        "_fund_unit",
        "_household_unit",
        "_merged",
        "_paid_support",
        "_parents",
        "_sessions",
        "_supported",
        "_to",
        "_totals",
        "_unit_code",
        "_visit_unit",
        "_work_unit",
        "date_from",
        "date_to",
        "units",
    )

    name = "period_report"

    def __init__(self, date_from: date, date_to: date, units: Sequence[str] = ()) -> None:
        """Report on `units` (and the units below or merged into them; empty: all)."""
        if date_to < date_from:
            msg = f"the period ends ({date_to}) before it starts ({date_from})"
            raise ValueError(msg)
        self.date_from = date_from
        self.date_to = date_to
        self.units = tuple(sorted(set(units)))
        self._from = date_from.isoformat()
        self._to = date_to.isoformat()
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
        #: complaints raised in the period
        self._complaints: dict[str, tuple[Any, ...]] = {}
        #: unit -> running totals
        self._totals: dict[str, list[int]] = {}
        #: unit -> household -> how many gifts or other supports it had in the period
        self._supported: dict[str, dict[str, int]] = {}
        #: disbursement id -> (unit, household, kind, value) of the support it paid (in period)
        self._paid_support: dict[str, tuple[Any, ...]] = {}

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
        row[_SESSIONS] += 1
        row[_ATTENDEES] += session[_S_ATTENDEES]
        if session[_S_COMMUNE]:
            made, required = p["visits_made"], p["visits_required"]
            row[_REQUIRED] += required
            row[_ACHIEVED] += made
            if made < required:
                row[_SHORT] += 1

    def _session_cancelled(self, stream: str, _p: Mapping[str, Any]) -> None:
        self._sessions.pop(stream, None)

    def _complaint_raised(self, stream: str, p: Mapping[str, Any]) -> None:
        if self._from <= day_of(p["occurred_at"]) <= self._to:
            self._complaints[stream] = (_shared(p["unit"]), False, False, False, None)

    def _update_complaint(self, stream: str, p: Mapping[str, Any], slot: int, value: Any) -> None:
        """Change the tracked complaint, if the event happened by the end of the period."""
        complaint = self._complaints.get(stream)
        if complaint is not None and day_of(p["occurred_at"]) <= self._to:
            changed = list(complaint)
            changed[slot] = value
            self._complaints[stream] = tuple(changed)

    def _complaint_answered(self, stream: str, p: Mapping[str, Any]) -> None:
        self._update_complaint(stream, p, _C_ANSWERED, True)  # noqa: FBT003

    def _complaint_resolved(self, stream: str, p: Mapping[str, Any]) -> None:
        self._update_complaint(stream, p, _C_RESOLVED, True)  # noqa: FBT003

    def _complaint_reopened(self, stream: str, p: Mapping[str, Any]) -> None:
        complaint = self._complaints.get(stream)
        if complaint is not None and day_of(p["occurred_at"]) <= self._to:
            unit, _answered, _resolved, withdrawn, appointment = complaint
            self._complaints[stream] = (unit, False, False, withdrawn, appointment)

    def _complaint_withdrawn(self, stream: str, p: Mapping[str, Any]) -> None:
        self._update_complaint(stream, p, _C_WITHDRAWN, True)  # noqa: FBT003

    def _complaint_appointment(self, stream: str, p: Mapping[str, Any]) -> None:
        self._update_complaint(stream, p, _C_APPOINTMENT, day_of(p["appointment"]["at"]))

    def _visit_planned(self, stream: str, p: Mapping[str, Any]) -> None:
        self._visit_unit[stream] = _shared(p["unit"])

    def _visit_conducted(self, stream: str, p: Mapping[str, Any]) -> None:
        unit = self._visit_unit.pop(stream, None)
        value = p["gift_value"]
        if unit is not None and value > 0 and self._from <= day_of(p["occurred_at"]) <= self._to:
            row = self._row(unit)
            row[_GIFTS_N] += 1
            row[_GIFTS_V] += value

    def _visit_cancelled(self, stream: str, _p: Mapping[str, Any]) -> None:
        self._visit_unit.pop(stream, None)

    def _household_registered(self, stream: str, p: Mapping[str, Any]) -> None:
        # interned: the household's id is kept again for each of its supports paid
        self._household_unit[_shared(stream)] = _shared(p["unit"])

    def _support_delivered(self, stream: str, p: Mapping[str, Any]) -> None:
        unit = self._household_unit.get(stream)
        if unit is None or not self._from <= day_of(p["occurred_at"]) <= self._to:
            return
        kind, value = _shared(p["kind"]), p["value"]
        self._count_support(unit, stream, kind, value, 1)
        disbursement = p.get("disbursement_id")
        if disbursement is not None:
            self._paid_support[disbursement] = (unit, _shared(stream), kind, value)

    def _count_support(self, unit: str, household: str, kind: str, value: int, sign: int) -> None:
        """Add (sign 1) or take back (sign -1) one support in the period's totals."""
        row = self._row(unit)
        if kind in _HOUSEHOLD_KINDS:
            row[_SUPPORT_V] += sign * value
            supported = self._supported.setdefault(unit, {})
            left = supported.get(household, 0) + sign
            if left > 0:
                supported[household] = left
            else:
                supported.pop(household, None)
            return
        slots = _HOUSE_KINDS.get(kind)
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
        # a payment reversed by the end of the period no longer counts as support given
        paid = self._paid_support.pop(p["disbursement_id"], None)
        if paid is not None and day_of(p["occurred_at"]) <= self._to:
            unit, household, kind, value = paid
            self._count_support(unit, household, kind, value, -1)

    # --- saving and resuming -------------------------------------------------------------

    def _params(self) -> dict[str, Any]:
        return {"from": self._from, "to": self._to, "units": list(self.units)}

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
            "paid_support": {k: list(v) for k, v in self._paid_support.items()},
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
        self._paid_support.update({k: tuple(v) for k, v in data.get("paid_support", {}).items()})

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
        units_with_sessions = 0
        for unit, row in self._totals.items():
            if not chosen(unit):
                continue
            for i, v in enumerate(row):
                total[i] += v
            if row[_SESSIONS]:
                units_with_sessions += 1
        households = sum(len(hh) for unit, hh in self._supported.items() if chosen(unit))
        received = answered = resolved = overdue = 0
        for unit, is_answered, is_resolved, withdrawn, appointment in self._complaints.values():
            if not chosen(unit):
                continue
            received += 1
            answered += is_answered
            resolved += is_resolved
            if (
                appointment is not None
                and appointment <= self._to
                and not (is_answered or withdrawn)
            ):
                overdue += 1
        opening = total[_OPENING]
        receipts = total[_RECEIPTS]
        payments = total[_PAYMENTS] - total[_REVERSALS]
        return PeriodReportView(
            date_from=self.date_from,
            date_to=self.date_to,
            units=self.units,
            sessions_held=total[_SESSIONS],
            attendees=total[_ATTENDEES],
            units_with_sessions=units_with_sessions,
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
                closing_vnd=opening + receipts - payments,
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
