"""The decider shape every aggregate module follows, and the bases of commands and events.

An aggregate module defines, for one consistency boundary:

- ``State`` — a frozen attrs class (``None`` before the first event);
- events — frozen attrs classes named in the past tense, subclasses of `Event`;
- commands — frozen attrs classes named in the imperative, subclasses of `Command`;
- ``decide(command, state, facts) -> tuple[Event, ...]`` — checks the rules, raises a
  `DomainError` or returns the new events;
- ``evolve(state, event) -> State`` — applies one event; total for any stored event;

and publishes them as one `Aggregate` value, so the application can dispatch a command
without knowing the module. Each event has a pinned, stable topic (the key in
`Aggregate.events`), so moving or renaming a class never breaks stored data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

import attrs

from nghedan_core.errors import InvalidStateError, NotFoundError, error_class
from nghedan_core.values import aware_validator, command_time_validator, text_validator

__all__ = [
    "Aggregate",
    "Command",
    "Event",
    "OfficialInfo",
    "UnitInfo",
    "check_official_active",
    "check_unit_usable",
    "optional_text",
    "refuse",
    "require_state",
    "required_text",
]

required_text = text_validator


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Attrs validator: text or None (empty text counts as None's equal)."""
    if value is None or value == "":
        return
    text_validator(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Event:
    """Base of every domain event: when it happened in the world (timezone-aware)."""

    #: bumped when the event's shape changes; an ``upcast_vN_vN+1`` static method then
    #: converts stored dicts of the older shape (see `nghedan_core.serialization`).
    class_version: ClassVar[int] = 1

    occurred_at: datetime = attrs.field(validator=aware_validator)


@attrs.frozen(kw_only=True)
class Command:
    """Base of every command.

    ``command_id``: a caller-chosen id; handling the same id twice records nothing the
    second time. ``occurred_at``: when it happened; the application's clock fills it in
    when it is absent.
    """

    command_id: str | None = attrs.field(default=None, validator=optional_text)
    occurred_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(command_time_validator)
    )

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
    #: the class of the facts `decide` needs from outside the aggregate, if any
    facts: type[Any] | None = None


T = TypeVar("T")


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
