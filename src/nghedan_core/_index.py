"""The index: who belongs to whom, read from the notification log (hamlets, households, ...).

Kept by `NgheDan` and read through its lookup (`nghedan_core._lookup`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Final, TypeVar
from uuid import UUID

from nghedan_core.aggregates import complaint as complaint_
from nghedan_core.aggregates import household as household_
from nghedan_core.aggregates import session as session_
from nghedan_core.aggregates import unit as unit_
from nghedan_core.aggregates import visit as visit_
from nghedan_core.serialization import Recorded
from nghedan_core.values import UnitKind, business_date

__all__ = ["INDEX_TOPICS", "INDEX_TOPIC_SET", "Index"]

T = TypeVar("T")

INDEX_TOPICS: Final = (
    "unit.UnitRegistered",
    "household.HouseholdRegistered",
    "session.SessionScheduled",
    "session.ReceptionHeld",
    "complaint.ComplaintRaised",
    "visit.VisitPlanned",
)


INDEX_TOPIC_SET: Final = frozenset(INDEX_TOPICS)


class Index:
    """Who belongs to whom, read from the notification log (hamlets, households, ...).

    Rules need a few cross-aggregate lists that no single stream holds: a commune's hamlets,
    its households, a session's complaints and visits, when each hamlet last hosted. The
    index follows the log from its last position, so each process reads an event once.

    An index with a `base` is an overlay: it holds the events of a group commit not yet
    written, and its lookups answer with the base's entries followed by its own (log order).
    """

    def __init__(self, base: Index | None = None) -> None:
        self.base = base
        self.position = 0
        self.hamlets: dict[str, list[str]] = defaultdict(list)
        self.households: dict[str, list[UUID]] = defaultdict(list)
        self.session_unit: dict[UUID, str] = {}
        self.last_hosted: dict[str, dict[str, date]] = defaultdict(dict)
        self.complaints: dict[UUID, list[UUID]] = defaultdict(list)
        self.visits: dict[UUID, list[UUID]] = defaultdict(list)

    def apply(self, recorded: Recorded) -> None:
        event = recorded.event
        match event:
            case unit_.UnitRegistered() if event.parent is not None:
                if event.kind is UnitKind.HAMLET:
                    self.hamlets[event.parent].append(event.code)
            case household_.HouseholdRegistered():
                self.households[event.unit].append(event.household_id)
            case session_.SessionScheduled():
                self.session_unit[recorded.originator_id] = event.unit
            case session_.ReceptionHeld():
                unit = self.unit_of_session(recorded.originator_id)
                if unit is not None:
                    self.last_hosted[unit][event.hamlet] = business_date(event.occurred_at)
            case complaint_.ComplaintRaised():
                self.complaints[event.session_id].append(event.complaint_id)
            case visit_.VisitPlanned():
                self.visits[event.session_id].append(event.visit_id)
            case _:
                pass

    def unit_of_session(self, sid: UUID) -> str | None:
        unit = self.session_unit.get(sid)
        if unit is None and self.base is not None:
            return self.base.unit_of_session(sid)
        return unit

    def hamlets_of(self, code: str) -> list[str]:
        return _merged(self.base.hamlets_of(code) if self.base else [], self.hamlets.get(code))

    def households_of(self, unit: str) -> list[UUID]:
        base = self.base.households_of(unit) if self.base else []
        return _merged(base, self.households.get(unit))

    def complaints_of(self, sid: UUID) -> list[UUID]:
        base = self.base.complaints_of(sid) if self.base else []
        return _merged(base, self.complaints.get(sid))

    def visits_of(self, sid: UUID) -> list[UUID]:
        return _merged(self.base.visits_of(sid) if self.base else [], self.visits.get(sid))

    def last_hosted_of(self, unit: str) -> dict[str, date]:
        base = self.base.last_hosted_of(unit) if self.base else {}
        return {**base, **self.last_hosted.get(unit, {})}


def _merged(base: list[T], own: list[T] | None) -> list[T]:
    return [*base, *own] if own else list(base)
