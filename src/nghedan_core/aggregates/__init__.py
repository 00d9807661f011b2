"""The eight aggregates, each in the decider shape (see `_base`).

`AGGREGATES` lists them; `COMMANDS` maps every command class to its aggregate and
`EVENT_TOPICS` every stable topic to its event class. `gather` reads the facts of any
command through a `Lookup`, with the one rule every command shares: nothing new is recorded
in a unit merged away.
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
from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    OfficialInfo,
    UnitInfo,
    require_active_unit,
)

__all__ = [
    "AGGREGATES",
    "COMMANDS",
    "DECIDERS",
    "EVENT_TOPICS",
    "Aggregate",
    "Command",
    "Event",
    "Lookup",
    "OfficialInfo",
    "UnitInfo",
    "complaint",
    "fund",
    "gather",
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

#: every command an aggregate decides, with the session's side of a complaint
#: (`session.ReceiveComplaint`), which only `nghedan_core.workflows` sends
DECIDERS: Final[dict[type[Command], Aggregate[Any]]] = {
    **COMMANDS,
    session.ReceiveComplaint: session.AGGREGATE,
}

EVENT_TOPICS: Final[dict[str, type[Event]]] = {
    topic: cls for aggregate in AGGREGATES for topic, cls in aggregate.events.items()
}


def gather(command: Command, lookup: Lookup) -> Any:
    """The facts `command`'s aggregate decides it with, read through `lookup`.

    First the rule every command shares: a command recording something in a unit merged
    away (`Aggregate.unit_of`) is refused, naming the unit it was merged into.
    """
    aggregate = COMMANDS[type(command)]
    unit = aggregate.unit_of(command, lookup)
    if unit is not None:
        require_active_unit(lookup, unit)
    return aggregate.gather(command, lookup)
