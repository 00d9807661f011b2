"""Unit (đơn vị hành chính): provinces, historical districts, communes and hamlets.

Key: the official unit code. The 2025 reform merged provinces and communes: a merged unit
keeps its history (reports before the merger still name it) but takes no new records.
"""

from __future__ import annotations

from uuid import UUID

import attrs

from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    UnitInfo,
    check_unit_usable,
    no_unit,
    refuse,
    require_state,
    required_text,
)
from nghedan_core.errors import AlreadyExistsError, error_class
from nghedan_core.values import UnitKind, check_unit_code, stable_id

__all__ = [
    "AGGREGATE",
    "MergeUnit",
    "RegisterUnit",
    "RenameUnit",
    "State",
    "UnitFacts",
    "UnitMerged",
    "UnitRegistered",
    "UnitRenamed",
    "unit_id",
]


def _code(_i: object, _a: attrs.Attribute[str], value: str) -> None:
    check_unit_code(value)


def unit_id(code: str) -> UUID:
    """The stream id of the unit with official code `code`."""
    return stable_id("unit", code)


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class UnitRegistered(Event):
    """A unit was registered, under its parent (a hamlet under its commune)."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=required_text)
    kind: UnitKind
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(_code))


@attrs.frozen(kw_only=True)
class UnitRenamed(Event):
    """A unit took a new name."""

    name: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class UnitMerged(Event):
    """A unit was merged into another; it keeps its history and takes no new records."""

    into: str = attrs.field(validator=_code)


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RegisterUnit(Command):
    """Register a unit (a hamlet names its commune as `parent`)."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=required_text)
    kind: UnitKind
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(_code))


@attrs.frozen(kw_only=True)
class RenameUnit(Command):
    """Rename a unit."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class MergeUnit(Command):
    """Merge a unit into another unit of the same level."""

    code: str = attrs.field(validator=_code)
    into: str = attrs.field(validator=_code)


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """A unit as recorded."""

    code: str
    name: str
    kind: UnitKind
    parent: str | None
    former_names: tuple[str, ...] = ()
    merged_into: str | None = None


@attrs.frozen(kw_only=True)
class UnitFacts:
    """Units the command refers to: the parent, or the unit merged into."""

    other: UnitInfo | None = None


def gather(command: Command, lookup: Lookup) -> UnitFacts:
    """The parent a unit is registered under, or the unit it merges into."""
    match command:
        case RegisterUnit(parent=str() as parent):
            return UnitFacts(other=lookup.unit(parent))
        case MergeUnit():
            return UnitFacts(other=lookup.unit(command.into))
    return UnitFacts()


def _level(kind: UnitKind) -> int:
    if kind is UnitKind.PROVINCE:
        return 0
    if kind is UnitKind.DISTRICT:
        return 1
    if kind is UnitKind.HAMLET:
        return 3
    return 2


def decide(command: Command, state: State | None, facts: UnitFacts) -> tuple[Event, ...]:
    """Decide a unit command."""
    match command:
        case RegisterUnit():
            if state is not None:
                raise AlreadyExistsError(kind="unit", key=command.code)
            if command.parent is not None:
                parent = check_unit_usable(facts.other, command.parent)
                hamlet_misplaced = command.kind is UnitKind.HAMLET and not (
                    UnitKind(parent.kind).is_commune_level
                )
                if hamlet_misplaced or _level(UnitKind(parent.kind)) >= _level(command.kind):
                    raise error_class("unit.not_hamlet_of")(
                        hamlet=command.code, unit=command.parent
                    )
            elif command.kind is UnitKind.HAMLET:
                raise error_class("unit.not_hamlet_of")(hamlet=command.code, unit="?")
            return (
                UnitRegistered(
                    occurred_at=command.at,
                    code=command.code,
                    name=command.name,
                    kind=command.kind,
                    parent=command.parent,
                ),
            )
        case RenameUnit():
            unit = require_state(state, "unit", command.code)
            if unit.merged_into is not None:
                raise error_class("unit.merged")(unit=unit.code, into=unit.merged_into)
            if command.name == unit.name:
                return ()
            return (UnitRenamed(occurred_at=command.at, name=command.name),)
        case MergeUnit():
            unit = require_state(state, "unit", command.code)
            if unit.merged_into is not None:
                raise error_class("unit.merged")(unit=unit.code, into=unit.merged_into)
            target = check_unit_usable(facts.other, command.into)
            if target.code == unit.code or _level(UnitKind(target.kind)) != _level(unit.kind):
                raise refuse("unit", "other_level", "MergeUnit")
            return (UnitMerged(occurred_at=command.at, into=command.into),)
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one unit event."""
    match event:
        case UnitRegistered():
            return State(code=event.code, name=event.name, kind=event.kind, parent=event.parent)
        case UnitRenamed() if state is not None:
            return attrs.evolve(
                state, name=event.name, former_names=(*state.former_names, state.name)
            )
        case UnitMerged() if state is not None:
            return attrs.evolve(state, merged_into=event.into)
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: RegisterUnit | RenameUnit | MergeUnit) -> UUID:
    return unit_id(command.code)


AGGREGATE: Aggregate[State] = Aggregate(
    name="unit",
    label_vi="đơn vị",
    events={
        "unit.UnitRegistered": UnitRegistered,
        "unit.UnitRenamed": UnitRenamed,
        "unit.UnitMerged": UnitMerged,
    },
    commands=(RegisterUnit, RenameUnit, MergeUnit),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    # a unit's own rules refuse a merged parent, target or unit (`check_unit_usable`)
    gather=gather,
    unit_of=no_unit,
    facts=UnitFacts,
)
