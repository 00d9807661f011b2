"""Quota compliance: per commune and month, households visited against the target.

The model's target is 2 households visited per commune per month (chỉ tiêu 02 trường
hợp/xã/tháng). A closed session carries its own figures (what closing counted and required,
and the reason for any shortfall); a session not yet closed shows the distinct households
visited so far against the configured quota. Only commune-level sessions have a quota.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

import attrs

from nghedan_core.config import PolicyConfig
from nghedan_core.projections._base import EventRecord
from nghedan_core.values import Month

__all__ = ["QuotaCompliance", "QuotaLine", "QuotaView"]


@attrs.frozen
class QuotaLine:
    """One commune-month: target, visits achieved, and the reason for any shortfall."""

    unit: str
    month: Month
    session_id: str
    #: the session date (after any reschedule)
    date: date
    #: ``scheduled``, ``closed`` or ``cancelled``
    status: str
    target: int
    achieved: int
    shortfall_reason: str | None

    @property
    def closed(self) -> bool:
        """Whether the session was closed (its figures are final)."""
        return self.status == "closed"

    @property
    def shortfall(self) -> int:
        """Visits missing to reach the target (0 when met)."""
        return max(0, self.target - self.achieved)

    @property
    def met(self) -> bool:
        """Whether the target was reached."""
        return self.achieved >= self.target


@attrs.frozen
class QuotaView:
    """Every commune-month, by unit then month."""

    lines: tuple[QuotaLine, ...]

    def for_unit(self, unit: str) -> tuple[QuotaLine, ...]:
        """The lines of one unit."""
        return tuple(line for line in self.lines if line.unit == unit)

    def shortfalls(self) -> tuple[QuotaLine, ...]:
        """Closed commune-months that made fewer visits than required."""
        return tuple(line for line in self.lines if line.closed and not line.met)


class QuotaCompliance:
    """Folds sessions and visits into quota lines (`monthly_quota`: target of open sessions)."""

    name = "quota_compliance"
    #: the aggregates whose events it folds (the views kept in the store read only those)
    READS: ClassVar[frozenset[str]] = frozenset({"session", "visit"})

    def __init__(self, monthly_quota: int | None = None) -> None:
        """Use `monthly_quota` (default: `PolicyConfig`'s) as the target of unclosed sessions."""
        self.monthly_quota = (
            PolicyConfig().monthly_quota if monthly_quota is None else monthly_quota
        )
        #: session stream -> its line's data (JSON-ready)
        self._sessions: dict[str, dict[str, Any]] = {}
        #: visit stream -> [session stream, household id], until conducted or cancelled
        self._visits: dict[str, list[str]] = {}

    def apply(self, record: EventRecord) -> None:
        """Take one record into account (other events are ignored)."""
        topic = record.topic
        if not topic.startswith(("session.", "visit.")):
            return
        p = record.payload
        stream = record.stream_id
        if topic == "session.SessionScheduled":
            if p["level"] == "commune":
                self._sessions[stream] = _scheduled(p)
            return
        if topic == "visit.VisitPlanned":
            if p["session_id"] in self._sessions:
                self._visits[stream] = [p["session_id"], p["household_id"]]
            return
        if topic == "visit.VisitConducted":
            visit = self._visits.pop(stream, None)
            if visit is not None:
                households = self._sessions[visit[0]]["households"]
                if visit[1] not in households:
                    households.append(visit[1])
            return
        if topic == "visit.VisitCancelled":
            self._visits.pop(stream, None)
            return
        session = self._sessions.get(stream)
        if session is None:
            return
        if topic == "session.SessionRescheduled":
            session["date"] = p["date"]
        elif topic == "session.SessionClosed":
            session.update(
                status="closed",
                target=p["visits_required"],
                achieved=p["visits_made"],
                reason=p.get("shortfall_reason"),
            )
        elif topic == "session.SessionCancelled":
            session["status"] = "cancelled"

    def snapshot(self) -> dict[str, Any]:
        """The accumulator as JSON-ready data."""
        return {
            "monthly_quota": self.monthly_quota,
            "sessions": {
                k: {**v, "households": list(v["households"])} for k, v in self._sessions.items()
            },
            "visits": {k: list(v) for k, v in self._visits.items()},
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with one saved by `snapshot`."""
        self.monthly_quota = data["monthly_quota"]
        self._sessions = {
            k: {**v, "households": list(v["households"])} for k, v in data["sessions"].items()
        }
        self._visits = {k: list(v) for k, v in data["visits"].items()}

    def view(self) -> QuotaView:
        """Every commune-month so far."""
        lines = []
        for sid, s in self._sessions.items():
            closed = s["status"] == "closed"
            lines.append(
                QuotaLine(
                    unit=s["unit"],
                    month=Month.parse(s["month"]),
                    session_id=sid,
                    date=date.fromisoformat(s["date"]),
                    status=s["status"],
                    target=s["target"] if closed else self.monthly_quota,
                    achieved=s["achieved"] if closed else len(s["households"]),
                    shortfall_reason=s["reason"],
                )
            )
        lines.sort(key=lambda line: (line.unit, line.month))
        return QuotaView(lines=tuple(lines))


def _scheduled(p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "unit": p["unit"],
        "month": p["month"],
        "date": p["date"],
        "status": "scheduled",
        "target": None,
        "achieved": None,
        "reason": None,
        "households": [],
    }
