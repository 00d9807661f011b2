"""Which keys of the stored views an event belongs to (pure: the routing rule, in one place).

The views kept in the store (`nghedan_core.views`) index every event under the keys of its
stream, taken from the stream's first event:

- ``<aggregate>@<code>`` — the kind of stream (``fund``, ``complaint``, …) and the unit it
  belongs to (a unit's own stream: its code; every other stream: the ``unit`` its first
  event names). A read about some units folds the events of exactly the units it covers,
  of the aggregates its projection reads (its ``READS``);
- ``units`` — every event of a unit's own stream (the unit directory);
- ``session:<id>`` — a session's own events, and the complaints raised and visits planned
  in it (a session's dossier);
- ``official:<id>`` — an official's own events (their name, for views that name them).

Streams whose first event names no unit (the idempotency markers, erasures) belong to no key:
no view reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from nghedan_core.projections._base import EventRecord

__all__ = ["UNITS", "official_key", "session_key", "stream_keys", "unit_keys"]

#: the key of every unit event (the unit directory)
UNITS: Final = "units"


def unit_keys(units: Iterable[str], aggregates: Iterable[str]) -> list[str]:
    """The keys of the streams of `aggregates` (``"fund"``, …) that belong to `units`."""
    kinds = sorted(set(aggregates))
    return [f"{aggregate}@{code}" for code in sorted(set(units)) for aggregate in kinds]


def session_key(session_id: str) -> str:
    """The key of a session's events, its complaints' and its visits'."""
    return f"session:{session_id}"


def official_key(official_id: str) -> str:
    """The key of an official's own events."""
    return f"official:{official_id}"


def stream_keys(first: EventRecord) -> tuple[str, ...]:
    """The keys of the stream whose first event is `first` (every later event shares them)."""
    aggregate, _, _ = first.topic.partition(".")
    p = first.payload
    if aggregate == "unit":
        code = p.get("code")
        return (f"unit@{code}", UNITS) if isinstance(code, str) else ()
    unit = p.get("unit")
    if not isinstance(unit, str):
        return ()
    keys = [f"{aggregate}@{unit}"]
    if aggregate == "session":
        keys.append(session_key(first.stream_id))
    elif aggregate in {"complaint", "visit"} and p.get("session_id"):
        keys.append(session_key(str(p["session_id"])))
    elif aggregate == "official" and p.get("official_id"):
        keys.append(official_key(str(p["official_id"])))
    return tuple(keys)
