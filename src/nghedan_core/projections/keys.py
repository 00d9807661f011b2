"""Which keys of the stored views an event belongs to (pure: the routing rule, in one place).

The views kept in the store (`nghedan_core.views`) index every event under the keys of its
stream, taken from the stream's first event:

- ``<aggregate>@<code>`` — the kind of stream (``fund``, ``complaint``, …) and the unit it
  belongs to (a unit's own stream: its code; every other stream: the ``unit`` its first
  event names). A read about some units folds the events of exactly the units it covers,
  of the aggregates its projection reads (its ``READS``);
- ``units`` — every event of a unit's own stream (the unit directory);
- ``below:<code>`` — the registration of each unit whose parent is ``<code>``, and each
  merger into ``<code>`` (the units a selection covers, found without the whole directory);
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

__all__ = [
    "EVENT_KEYED",
    "UNITS",
    "below_key",
    "event_keys",
    "official_key",
    "session_key",
    "stream_keys",
    "unit_keys",
]

#: the key of every unit event (the unit directory)
UNITS: Final = "units"
#: the topics whose events have keys of their own beside their stream's (`event_keys`)
EVENT_KEYED: Final = frozenset({"unit.UnitMerged"})


def unit_keys(units: Iterable[str], aggregates: Iterable[str]) -> list[str]:
    """The keys of the streams of `aggregates` (``"fund"``, …) that belong to `units`."""
    kinds = sorted(set(aggregates))
    return [f"{aggregate}@{code}" for code in sorted(set(units)) for aggregate in kinds]


def below_key(code: str) -> str:
    """The key of the units registered below `code` and merged into it."""
    return f"below:{code}"


def session_key(session_id: str) -> str:
    """The key of a session's events, its complaints' and its visits'."""
    return f"session:{session_id}"


def official_key(official_id: str) -> str:
    """The key of an official's own events."""
    return f"official:{official_id}"


def event_keys(record: EventRecord) -> tuple[str, ...]:
    """The keys of one event beside its stream's: a merger is also below the unit merged into."""
    if record.topic in EVENT_KEYED:
        into = record.payload.get("into")
        if isinstance(into, str):
            return (below_key(into),)
    return ()


def stream_keys(first: EventRecord) -> tuple[str, ...]:
    """The keys of the stream whose first event is `first` (every later event shares them)."""
    aggregate, _, _ = first.topic.partition(".")
    p = first.payload
    if aggregate == "unit":
        code = p.get("code")
        if not isinstance(code, str):
            return ()
        parent = p.get("parent")
        below = (below_key(parent),) if isinstance(parent, str) else ()
        return (f"unit@{code}", UNITS, *below)
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
