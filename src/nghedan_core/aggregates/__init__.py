"""The eight aggregates, each in the decider shape (see `_base`).

`AGGREGATES` lists them; `COMMANDS` maps every command class to its aggregate and
`EVENT_TOPICS` every stable topic to its event class.
"""

from __future__ import annotations

from typing import Any, Final

from nghedan_core.aggregates import (
    complaint,
    fund,
    household,
    official,
    session,
    unit,
    visit,
    volunteer,
)
from nghedan_core.aggregates._base import Aggregate, Command, Event, OfficialInfo, UnitInfo

__all__ = [
    "AGGREGATES",
    "COMMANDS",
    "EVENT_TOPICS",
    "Aggregate",
    "Command",
    "Event",
    "OfficialInfo",
    "UnitInfo",
    "complaint",
    "fund",
    "household",
    "official",
    "session",
    "unit",
    "visit",
    "volunteer",
]

AGGREGATES: Final[tuple[Aggregate[Any], ...]] = (
    unit.AGGREGATE,
    official.AGGREGATE,
    session.AGGREGATE,
    complaint.AGGREGATE,
    fund.AGGREGATE,
    household.AGGREGATE,
    visit.AGGREGATE,
    volunteer.AGGREGATE,
)

COMMANDS: Final[dict[type[Command], Aggregate[Any]]] = {
    command: aggregate for aggregate in AGGREGATES for command in aggregate.commands
}

EVENT_TOPICS: Final[dict[str, type[Event]]] = {
    topic: cls for aggregate in AGGREGATES for topic, cls in aggregate.events.items()
}
