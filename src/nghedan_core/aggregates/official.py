"""Official (cán bộ, công chức; members of the supervising level; MTTQ representatives).

An official declares relatives — households or persons — so that the impartiality policy can
make them recuse from selecting or approving support for those relatives.
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
    optional_text,
    refuse,
    require_state,
    required_text,
)
from nghedan_core.errors import AlreadyExistsError
from nghedan_core.policies.impartiality import Relative
from nghedan_core.values import PERSONAL, OfficialRole

__all__ = [
    "AGGREGATE",
    "DeclareRelative",
    "LeaveOffice",
    "OfficialFacts",
    "OfficialLeft",
    "OfficialRegistered",
    "OfficialTransferred",
    "RegisterOfficial",
    "RelativeDeclared",
    "State",
    "TransferOfficial",
    "relatives",
]


def _roles(
    _i: object, _a: attrs.Attribute[frozenset[OfficialRole]], value: frozenset[OfficialRole]
) -> None:
    if not value:
        msg = "roles: at least one role is required"
        raise ValueError(msg)


def _one_target(instance: RelativeDeclared | DeclareRelative) -> None:
    if (instance.household_id is None) == (instance.person_id is None):
        msg = "a relative is either a household or a person, exactly one"
        raise ValueError(msg)


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OfficialRegistered(Event):
    """An official was registered in a unit, with a position and roles."""

    official_id: UUID
    unit: str
    full_name: str = attrs.field(validator=required_text)
    position: str = attrs.field(validator=required_text)
    roles: frozenset[OfficialRole] = attrs.field(validator=_roles)


@attrs.frozen(kw_only=True)
class RelativeDeclared(Event):
    """An official declared a relation to a household or to a person."""

    relation: str = attrs.field(validator=required_text)
    household_id: UUID | None = None
    person_id: UUID | None = None
    person_name: str | None = attrs.field(default=None, validator=optional_text, metadata=PERSONAL)

    def __attrs_post_init__(self) -> None:
        """Check that exactly one of household and person is named."""
        _one_target(self)


@attrs.frozen(kw_only=True)
class OfficialTransferred(Event):
    """An official moved to another unit or position."""

    to_unit: str
    position: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class OfficialLeft(Event):
    """An official left office."""

    reason: str = attrs.field(validator=required_text)


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RegisterOfficial(Command):
    """Register an official in a unit."""

    official_id: UUID
    unit: str
    full_name: str = attrs.field(validator=required_text)
    position: str = attrs.field(validator=required_text)
    roles: frozenset[OfficialRole] = attrs.field(validator=_roles)


@attrs.frozen(kw_only=True)
class DeclareRelative(Command):
    """Declare the official's relation to a household or a person."""

    official_id: UUID
    relation: str = attrs.field(validator=required_text)
    household_id: UUID | None = None
    person_id: UUID | None = None
    person_name: str | None = attrs.field(default=None, validator=optional_text, metadata=PERSONAL)

    def __attrs_post_init__(self) -> None:
        """Check that exactly one of household and person is named."""
        _one_target(self)


@attrs.frozen(kw_only=True)
class TransferOfficial(Command):
    """Move an official to another unit or position."""

    official_id: UUID
    to_unit: str
    position: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class LeaveOffice(Command):
    """Record that an official left office."""

    official_id: UUID
    reason: str = attrs.field(validator=required_text)


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """An official as recorded."""

    official_id: UUID
    unit: str
    full_name: str
    position: str
    roles: frozenset[OfficialRole]
    relatives: tuple[Relative, ...] = ()
    active: bool = True


@attrs.frozen(kw_only=True)
class OfficialFacts:
    """The unit the command names (registration, transfer)."""

    unit: UnitInfo | None = None


def gather(command: Command, lookup: Lookup) -> OfficialFacts:
    """The unit an official is registered in or transferred to."""
    match command:
        case RegisterOfficial():
            return OfficialFacts(unit=lookup.unit(command.unit))
        case TransferOfficial():
            return OfficialFacts(unit=lookup.unit(command.to_unit))
    return OfficialFacts()


def unit_of(command: Command, _lookup: Lookup) -> str | None:
    """The unit an official joins; declaring a relative or leaving records in none."""
    match command:
        case RegisterOfficial():
            return command.unit
        case TransferOfficial():
            return command.to_unit
    return None


def relatives(lookup: Lookup, officials: tuple[UUID, ...]) -> tuple[Relative, ...]:
    """The relatives declared by `officials` (each official once)."""
    found: list[Relative] = []
    for official_id in dict.fromkeys(officials):
        official = lookup.state(AGGREGATE, official_id)
        if official is not None:
            found.extend(official.relatives)
    return tuple(found)


def decide(command: Command, state: State | None, facts: OfficialFacts) -> tuple[Event, ...]:
    """Decide an official command."""
    at = command.at
    if isinstance(command, RegisterOfficial):
        if state is not None:
            raise AlreadyExistsError(kind="official", key=str(command.official_id))
        check_unit_usable(facts.unit, command.unit)
        return (
            OfficialRegistered(
                occurred_at=at,
                official_id=command.official_id,
                unit=command.unit,
                full_name=command.full_name,
                position=command.position,
                roles=command.roles,
            ),
        )
    official = require_state(state, "official", getattr(command, "official_id", "?"))
    if not official.active:
        raise refuse("official", "left", type(command).__name__)
    match command:
        case DeclareRelative():
            already = any(
                r.household_id == command.household_id and r.person_id == command.person_id
                for r in official.relatives
            )
            if already:
                return ()
            return (
                RelativeDeclared(
                    occurred_at=at,
                    relation=command.relation,
                    household_id=command.household_id,
                    person_id=command.person_id,
                    person_name=command.person_name,
                ),
            )
        case TransferOfficial():
            check_unit_usable(facts.unit, command.to_unit)
            return (
                OfficialTransferred(
                    occurred_at=at, to_unit=command.to_unit, position=command.position
                ),
            )
        case LeaveOffice():
            return (OfficialLeft(occurred_at=at, reason=command.reason),)
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one official event."""
    match event:
        case OfficialRegistered():
            return State(
                official_id=event.official_id,
                unit=event.unit,
                full_name=event.full_name,
                position=event.position,
                roles=event.roles,
            )
        case RelativeDeclared() if state is not None:
            relative = Relative(
                official_id=state.official_id,
                relation=event.relation,
                household_id=event.household_id,
                person_id=event.person_id,
            )
            return attrs.evolve(state, relatives=(*state.relatives, relative))
        case OfficialTransferred() if state is not None:
            return attrs.evolve(state, unit=event.to_unit, position=event.position)
        case OfficialLeft() if state is not None:
            return attrs.evolve(state, active=False)
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: RegisterOfficial | DeclareRelative | TransferOfficial | LeaveOffice) -> UUID:
    return command.official_id


AGGREGATE: Aggregate[State] = Aggregate(
    name="official",
    label_vi="cán bộ",
    events={
        "official.OfficialRegistered": OfficialRegistered,
        "official.RelativeDeclared": RelativeDeclared,
        "official.OfficialTransferred": OfficialTransferred,
        "official.OfficialLeft": OfficialLeft,
    },
    commands=(RegisterOfficial, DeclareRelative, TransferOfficial, LeaveOffice),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=OfficialFacts,
)
