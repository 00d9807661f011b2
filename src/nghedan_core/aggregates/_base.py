"""The decider shape every aggregate module follows, and the bases of commands and events.

An aggregate module defines, for one consistency boundary:

- ``State`` — a frozen attrs class (``None`` before the first event);
- events — frozen attrs classes named in the past tense, subclasses of `Event`;
- commands — frozen attrs classes named in the imperative, subclasses of `Command`;
- ``decide(command, state, facts) -> tuple[Event, ...]`` — checks the rules, raises a
  `DomainError` or returns the new events;
- ``evolve(state, event) -> State`` — applies one event; total for any stored event;
- ``gather(command, lookup) -> Facts`` — reads, through a `Lookup`, what ``decide`` needs
  from outside the aggregate (other streams, the index, the history digest), beside the
  ``decide`` that reads it;
- ``unit_of(command, lookup) -> str | None`` — the unit the command records something in
  (`require_active_unit` refuses it when that unit was merged away);

and publishes them as one `Aggregate` value, so the application can dispatch a command
without knowing the module. Each event has a pinned, stable topic (the key in
`Aggregate.events`), so moving or renaming a class never breaks stored data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar
from uuid import UUID

import attrs

from nghedan_core.config import PolicyConfig
from nghedan_core.errors import InvalidStateError, NotFoundError, error_class, raise_for
from nghedan_core.policies.authority import NamedRole, check_named
from nghedan_core.policies.impartiality import Candidate
from nghedan_core.values import (
    DESCRIPTION,
    aware_validator,
    command_time_validator,
    text_validator,
)

__all__ = [
    "COMMAND_ID_DESCRIPTION",
    "EVENT_MARKERS",
    "Aggregate",
    "Command",
    "Event",
    "Lookup",
    "OfficialInfo",
    "UnitInfo",
    "check_named_official",
    "check_official_active",
    "check_same_unit",
    "check_unit_usable",
    "no_unit",
    "optional_text",
    "refuse",
    "require_active_unit",
    "require_state",
    "required_text",
    "unit_of_stream",
    "units_above",
]

required_text = text_validator


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Attrs validator: text or None (empty text counts as None's equal)."""
    if value is None or value == "":
        return
    text_validator(instance, attribute, value)


#: the descriptions of `occurred_at` and `command_id` (field metadata, read by the one walk
#: over fields, `nghedan_core.fields`, into the JSON Schema and OpenAPI)
_OCCURRED_AT = "When it happened (ISO 8601 with a UTC offset)."
COMMAND_ID_DESCRIPTION = "Caller-chosen id: a command with the same id is recorded at most once."


@attrs.frozen(kw_only=True)
class Event:
    """Base of every domain event: when it happened in the world (timezone-aware)."""

    #: bumped when the event's shape changes; an ``upcast_vN_vN+1`` static method then
    #: converts stored dicts of the older shape (see `nghedan_core.serialization`).
    class_version: ClassVar[int] = 1

    occurred_at: datetime = attrs.field(
        validator=aware_validator, metadata={DESCRIPTION: _OCCURRED_AT}
    )
    #: set when the event was dated into a period whose disclosure was already published:
    #: why (a declared correction, shown on the next disclosure's own line; ADR 0016).
    #: Left out of the stored payload when None, so every older event reads as no correction.
    correction_reason: str | None = attrs.field(default=None, validator=optional_text)
    #: set when the event was dated before the late-entry window: why it is recorded late
    #: (ADR 0019). Left out when None, so every older event reads as no late entry.
    late_entry_reason: str | None = attrs.field(default=None, validator=optional_text)
    #: true when an import recorded the event (`NgheDan.handle_many(..., imported=True)`):
    #: history kept elsewhere first, its business time kept; left out when false (ADR 0019)
    imported: bool = False


#: the fields of `Event` left out of a stored payload when unset (`serialization`)
EVENT_MARKERS: tuple[str, ...] = ("correction_reason", "late_entry_reason", "imported")


@attrs.frozen(kw_only=True)
class Command:
    """Base of every command.

    ``command_id``: a caller-chosen id; handling the same id twice records nothing the
    second time. ``occurred_at``: when it happened; the application's clock fills it in
    when it is absent, and bounds it (`nghedan_core.policies.timing`).
    """

    command_id: str | None = attrs.field(
        default=None,
        validator=optional_text,
        metadata={DESCRIPTION: COMMAND_ID_DESCRIPTION},
    )
    occurred_at: datetime | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(command_time_validator),
        metadata={DESCRIPTION: _OCCURRED_AT},
    )
    #: a money movement dated into a period whose disclosure is published is refused
    #: unless it is declared a correction, with its reason (ADR 0016)
    correction_reason: str | None = attrs.field(default=None, validator=optional_text)
    #: a command dated more than `PolicyConfig.late_entry_days` before the system's clock
    #: is refused unless it is declared a late entry, with its reason (ADR 0019)
    late_entry_reason: str | None = attrs.field(default=None, validator=optional_text)

    @property
    def at(self) -> datetime:
        """``occurred_at``, which the application always sets before `decide`."""
        if self.occurred_at is None:  # pragma: no cover - the application fills it in
            msg = "occurred_at was not filled in"
            raise ValueError(msg)
        return self.occurred_at


S = TypeVar("S")


@attrs.frozen
class Aggregate(Generic[S]):
    """One aggregate type, as the application sees it."""

    #: short name, e.g. ``"fund"``
    name: str
    #: Vietnamese name for messages, e.g. ``"quỹ"``
    label_vi: str
    #: stable topic -> event class
    events: Mapping[str, type[Event]]
    #: the commands this aggregate decides
    commands: tuple[type[Command], ...]
    #: the stream (aggregate id) a command addresses
    stream_id: Callable[[Any], UUID]
    decide: Callable[[Any, S | None, Any], tuple[Event, ...]]
    evolve: Callable[[S | None, Any], S]
    #: reads what `decide` needs from outside the aggregate: ``gather(command, lookup)``
    gather: Callable[[Any, Lookup], Any]
    #: the unit a command records something in (None: none, or its own rule decides)
    unit_of: Callable[[Any, Lookup], str | None]
    #: the class of the facts `decide` needs from outside the aggregate, if any
    facts: type[Any] | None = None


T = TypeVar("T")


class Lookup(Protocol):
    """What a `gather` may read beyond its command: the application implements it.

    Tests fake it with a few dictionaries. Every answer is as the store stands for the
    decision being made (in a group commit: after the group's earlier commands). Issue 14
    (the acting official) adds the actor here, so facts about who acts are gathered in the
    same place as every other fact.
    """

    @property
    def config(self) -> PolicyConfig:
        """The policy numbers the rules read."""
        ...

    def unit(self, code: str) -> UnitInfo | None:
        """What is recorded of a unit, with its hamlets; None if never registered."""
        ...

    def merged_into(self, code: str) -> str | None:
        """The unit `code` was merged into; None if it was not (or was never registered)."""
        ...

    def official(self, official_id: UUID) -> OfficialInfo | None:
        """What is recorded of an official; None if never registered."""
        ...

    def state(self, aggregate: Aggregate[S], stream_id: UUID) -> S | None:
        """The state of a stream as `aggregate`; None if absent or another kind of record."""
        ...

    def candidate(self, household_id: UUID) -> Candidate | None:
        """A household as the selection rule sees it; None if never registered."""
        ...

    def households_of(self, unit: str) -> Sequence[UUID]:
        """The households registered in `unit`, in log order."""
        ...

    def last_hosted(self, unit: str) -> Mapping[str, date]:
        """The date each hamlet of `unit` last hosted a reception."""
        ...

    def open_complaints(self, session_id: UUID) -> int:
        """How many complaints of a session have neither an answer nor an appointment."""
        ...

    def visits_made(self, session_id: UUID) -> int:
        """How many distinct households were visited (visits conducted) for a session."""
        ...

    def digest(self) -> tuple[str, int]:
        """The history digest before the command being decided, and the events it covers."""
        ...


def no_unit(_command: object, _lookup: Lookup) -> str | None:
    """`Aggregate.unit_of` for commands that record in no unit of their own."""
    return None


def unit_of_stream(command: Command, lookup: Lookup, aggregate: Aggregate[Any]) -> str | None:
    """The unit of the record `command` addresses (its state's ``unit``); None if absent."""
    state = lookup.state(aggregate, aggregate.stream_id(command))
    return None if state is None else str(state.unit)


def require_active_unit(lookup: Lookup, code: str) -> None:
    """Refuse a command recording something new in a unit merged away, naming its successor.

    A unit never registered is left to the command's own rule (its "not found" names
    what the command looked for). The merged unit's history stays as it is, reportable
    under its old code.
    """
    into = lookup.merged_into(code)
    if into is not None:
        raise error_class("unit.merged")(unit=code, into=into)


def require_state(state: T | None, kind: str, key: object) -> T:
    """Return `state`, or raise `NotFoundError` for a record never created."""
    if state is None:
        raise NotFoundError(kind=kind, key=str(key))
    return state


def refuse(kind: str, state: object, action: str) -> InvalidStateError:
    """Build the error for a command that does not apply in the current state."""
    return InvalidStateError(kind=kind, state=str(state), action=action)


@attrs.frozen(kw_only=True)
class UnitInfo:
    """What other aggregates need to know about a unit (gathered by the application)."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    merged_into: str | None = None
    hamlets: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class OfficialInfo:
    """What other aggregates need to know about an official."""

    official_id: UUID
    unit: str
    roles: frozenset[str] = frozenset()
    active: bool = True


def check_unit_usable(unit: UnitInfo | None, code: str) -> UnitInfo:
    """The unit exists and was not merged away (history before a merger stays reportable)."""
    if unit is None:
        raise NotFoundError(kind="unit", key=code)
    if unit.merged_into is not None:
        raise error_class("unit.merged")(unit=code, into=unit.merged_into)
    return unit


def check_official_active(official: OfficialInfo | None, official_id: UUID) -> OfficialInfo:
    """The official exists and is still in office."""
    if official is None:
        raise NotFoundError(kind="official", key=str(official_id))
    if not official.active:
        raise error_class("official.inactive")(official=str(official_id))
    return official


def check_named_official(
    official: OfficialInfo | None,
    official_id: UUID,
    named: NamedRole,
    *,
    unit: str,
    above: Sequence[str] = (),
) -> OfficialInfo:
    """The official named for `named` is in office, of `unit`, holding a role it needs.

    A supervisor of a unit `above` may be named where the act admits one (ADR 0015).
    """
    found = check_official_active(official, official_id)
    raise_for(
        check_named(
            str(official_id),
            official_unit=found.unit,
            roles=found.roles,
            named=named,
            unit=unit,
            above=above,
        )
    )
    return found


def check_same_unit(kind: str, key: object, other: str, unit: str) -> None:
    """A record the command names (household, visit...) belongs to the command's unit."""
    if other != unit:
        raise error_class("authority.reference_out_of_unit")(
            kind=kind, key=str(key), other=other, unit=unit
        )


def units_above(lookup: Lookup, code: str) -> tuple[str, ...]:
    """The units above `code`: its parent, its parent's parent... (nearest first)."""
    above: list[str] = []
    info = lookup.unit(code)
    while info is not None and info.parent is not None and info.parent not in above:
        above.append(info.parent)
        info = lookup.unit(info.parent)
    return tuple(above)
