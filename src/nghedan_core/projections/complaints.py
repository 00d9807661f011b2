"""The complaint board: where every complaint stands, by unit and responsible party.

A complaint is *open* while it has no outcome, *due* while it waits for its appointment,
*overdue* once the appointment has passed without an answer, then *answered*, *resolved* or
*withdrawn*. Due and overdue are judged at a given time (``now``), passed in by the caller:
the projection has no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Final

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.values import PERSONAL

__all__ = [
    "UNASSIGNED",
    "BoardCounts",
    "BoardEntry",
    "BoardGroup",
    "ComplaintBoard",
    "ComplaintBoardView",
    "ComplaintStatus",
]

#: the responsible party of complaints nobody was made responsible for (answered on the spot)
UNASSIGNED: Final = ""

_RAISED: Final = "complaint.ComplaintRaised"
_ANSWERED_OUTCOMES: Final = frozenset({"answered_on_spot", "answered"})


class ComplaintStatus(StrEnum):
    """Where a complaint stands on the board at a given time."""

    OPEN = "open"
    DUE = "due"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


@attrs.frozen
class BoardEntry:
    """One complaint on the board."""

    complaint_id: str
    unit: str
    hamlet: str | None
    category: str
    raised_at: datetime
    status: ComplaintStatus
    #: the outcome as recorded (``taken_on_record``, ``referred``, ``answered_on_spot``, ...)
    outcome: str
    appointment: datetime | None
    appointment_place: str | None
    #: who must answer: the official or office named on record, or the agency referred to
    responsible: str | None
    #: the citizen's name: personal data, dropped from public views
    citizen: str | None = attrs.field(default=None, metadata=PERSONAL)


@attrs.frozen
class BoardCounts:
    """How many complaints stand in each status."""

    open: int = 0
    due: int = 0
    overdue: int = 0
    answered: int = 0
    resolved: int = 0
    withdrawn: int = 0

    @property
    def total(self) -> int:
        """Every complaint counted."""
        return self.open + self.due + self.overdue + self.answered + self.resolved + self.withdrawn

    @classmethod
    def of(cls, entries: tuple[BoardEntry, ...]) -> BoardCounts:
        """Count `entries` by status."""
        counts = dict.fromkeys((s.value for s in ComplaintStatus), 0)
        for entry in entries:
            counts[entry.status.value] += 1
        return cls(**counts)


@attrs.frozen
class BoardGroup:
    """The complaints of one unit for which one party is responsible."""

    unit: str
    #: `UNASSIGNED` ("") when nobody was made responsible
    responsible: str
    counts: BoardCounts
    entries: tuple[BoardEntry, ...]

    def with_status(self, status: ComplaintStatus) -> tuple[BoardEntry, ...]:
        """The group's complaints in `status`."""
        return tuple(e for e in self.entries if e.status is status)


@attrs.frozen
class ComplaintBoardView:
    """Every complaint as at `now`, grouped by unit and responsible party."""

    now: datetime | None
    totals: BoardCounts
    by_unit: dict[str, BoardCounts]
    groups: tuple[BoardGroup, ...]
    #: every complaint, oldest first
    entries: tuple[BoardEntry, ...]

    def with_status(self, status: ComplaintStatus) -> tuple[BoardEntry, ...]:
        """Every complaint in `status`, oldest first."""
        return tuple(e for e in self.entries if e.status is status)

    def public(self) -> ComplaintBoardView:
        """The same board without personal data (citizens' names)."""
        entries = {id(e): attrs.evolve(e, citizen=None) for e in self.entries}
        return attrs.evolve(
            self,
            entries=tuple(entries[id(e)] for e in self.entries),
            groups=tuple(
                attrs.evolve(g, entries=tuple(entries[id(e)] for e in g.entries))
                for g in self.groups
            ),
        )


def _parse(moment: str | None) -> datetime | None:
    return None if moment is None else datetime.fromisoformat(moment)


class ComplaintBoard:
    """Folds complaint events into the board.

    With `as_of`, events that occurred after it are left out (the board as it stood then)
    and due/overdue are judged at `as_of` unless `view` is given another time.
    """

    name = "complaint_board"
    #: the aggregates whose events it folds (the views kept in the store read only those)
    READS: ClassVar[frozenset[str]] = frozenset({"complaint"})

    def __init__(self, as_of: datetime | None = None) -> None:
        """Start an empty board (optionally as it stood at `as_of`)."""
        if as_of is not None and as_of.tzinfo is None:
            msg = "as_of must be timezone-aware"
            raise ValueError(msg)
        self.as_of = as_of
        self._complaints: dict[str, dict[str, Any]] = {}
        #: the latest business time seen on a complaint event
        self._latest: datetime | None = None
        self._handlers: dict[str, Callable[[dict[str, Any], Mapping[str, Any]], None]] = {
            "complaint.ComplaintAnsweredOnSpot": self._answered_on_spot,
            "complaint.ComplaintTakenOnRecord": self._taken_on_record,
            "complaint.ComplaintReferred": self._referred,
            "complaint.AppointmentRescheduled": self._rescheduled,
            "complaint.ComplaintAnswered": self._answered,
            "complaint.ComplaintResolved": self._resolved,
            "complaint.ComplaintReopened": self._reopened,
            "complaint.ComplaintWithdrawn": self._withdrawn,
        }

    def apply(self, record: EventRecord) -> None:
        """Take one record into account (non-complaint events are ignored)."""
        topic = record.topic
        handler = self._handlers.get(topic)
        if handler is None and topic != _RAISED:
            return
        p = record.payload
        occurred = datetime.fromisoformat(p["occurred_at"])
        if self.as_of is not None and occurred > self.as_of:
            return
        if self._latest is None or occurred > self._latest:
            self._latest = occurred
        if handler is None:
            self._raised(record.stream_id, p)
            return
        complaint = self._complaints.get(record.stream_id)
        if complaint is not None:
            handler(complaint, p)

    def _raised(self, stream: str, p: Mapping[str, Any]) -> None:
        citizen = p.get("citizen") or {}
        self._complaints[stream] = {
            "unit": p["unit"],
            "hamlet": p.get("hamlet"),
            "category": p["category"],
            "raised_at": p["occurred_at"],
            "citizen": citizen.get("full_name"),
            "outcome": "open",
            "appointment": None,
            "place": None,
            "responsible": None,
        }

    @staticmethod
    def _answered_on_spot(c: dict[str, Any], _p: Mapping[str, Any]) -> None:
        c["outcome"] = "answered_on_spot"

    @staticmethod
    def _taken_on_record(c: dict[str, Any], p: Mapping[str, Any]) -> None:
        c["outcome"] = "taken_on_record"
        c["appointment"], c["place"] = p["appointment"]["at"], p["appointment"]["place"]
        c["responsible"] = p["responsible"]

    @staticmethod
    def _referred(c: dict[str, Any], p: Mapping[str, Any]) -> None:
        c["outcome"] = "referred"
        c["appointment"], c["place"] = p["appointment"]["at"], p["appointment"]["place"]
        c["responsible"] = p["to_agency"]

    @staticmethod
    def _rescheduled(c: dict[str, Any], p: Mapping[str, Any]) -> None:
        c["appointment"], c["place"] = p["appointment"]["at"], p["appointment"]["place"]

    @staticmethod
    def _answered(c: dict[str, Any], _p: Mapping[str, Any]) -> None:
        c["outcome"] = "answered"

    @staticmethod
    def _resolved(c: dict[str, Any], _p: Mapping[str, Any]) -> None:
        c["outcome"] = "resolved"

    @staticmethod
    def _reopened(c: dict[str, Any], _p: Mapping[str, Any]) -> None:
        c["outcome"] = "taken_on_record" if c["appointment"] is not None else "open"

    @staticmethod
    def _withdrawn(c: dict[str, Any], _p: Mapping[str, Any]) -> None:
        c["outcome"] = "withdrawn"

    # --- saving and resuming --------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data."""
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "latest": None if self._latest is None else self._latest.isoformat(),
            "complaints": {k: dict(v) for k, v in self._complaints.items()},
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot` (for the same `as_of`)."""
        if _parse(data["as_of"]) != self.as_of:
            msg = f"snapshot of a board as at {data['as_of']}, not {self.as_of}"
            raise ValueError(msg)
        self._latest = _parse(data["latest"])
        self._complaints = {k: dict(v) for k, v in data["complaints"].items()}

    # --- reading --------------------------------------------------------------------------

    @property
    def latest(self) -> datetime | None:
        """The latest business time of a complaint event taken in (None before any)."""
        return self._latest

    def view(self, now: datetime | None = None) -> ComplaintBoardView:
        """The board, judging due and overdue at `now`.

        `now` defaults to `as_of`, else to the latest time recorded on a complaint event.
        """
        now = now or self.as_of or self._latest
        entries = sorted(
            (self._entry(cid, c, now) for cid, c in self._complaints.items()),
            key=lambda e: (e.raised_at, e.complaint_id),
        )
        grouped: dict[tuple[str, str], list[BoardEntry]] = {}
        by_unit: dict[str, list[BoardEntry]] = {}
        for entry in entries:
            grouped.setdefault((entry.unit, entry.responsible or UNASSIGNED), []).append(entry)
            by_unit.setdefault(entry.unit, []).append(entry)
        all_entries = tuple(entries)
        return ComplaintBoardView(
            now=now,
            totals=BoardCounts.of(all_entries),
            by_unit={u: BoardCounts.of(tuple(es)) for u, es in sorted(by_unit.items())},
            groups=tuple(
                BoardGroup(
                    unit=u, responsible=r, counts=BoardCounts.of(tuple(es)), entries=tuple(es)
                )
                for (u, r), es in sorted(grouped.items())
            ),
            entries=all_entries,
        )

    @staticmethod
    def _entry(cid: str, c: Mapping[str, Any], now: datetime | None) -> BoardEntry:
        outcome = c["outcome"]
        appointment = _parse(c["appointment"])
        if outcome == "withdrawn":
            status = ComplaintStatus.WITHDRAWN
        elif outcome == "resolved":
            status = ComplaintStatus.RESOLVED
        elif outcome in _ANSWERED_OUTCOMES:
            status = ComplaintStatus.ANSWERED
        elif appointment is None:
            status = ComplaintStatus.OPEN
        elif now is not None and now > appointment:
            status = ComplaintStatus.OVERDUE
        else:
            status = ComplaintStatus.DUE
        return BoardEntry(
            complaint_id=cid,
            unit=c["unit"],
            hamlet=c["hamlet"],
            category=c["category"],
            raised_at=datetime.fromisoformat(c["raised_at"]),
            status=status,
            outcome=outcome,
            appointment=appointment,
            appointment_place=c["place"],
            responsible=c["responsible"],
            citizen=c["citizen"],
        )
