"""Household (hộ / đối tượng được hỗ trợ): registered, assessed, selected, supported.

Selection follows the impartiality policy: no selector related to the household; a
qualifying category; a written justification for re-support within the cooldown or for
passing over households in greater hardship.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    OfficialInfo,
    UnitInfo,
    check_official_active,
    check_unit_usable,
    optional_text,
    refuse,
    require_state,
    unit_of_stream,
)
from nghedan_core.aggregates.official import relatives
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import AlreadyExistsError, error_class, raise_for
from nghedan_core.policies.impartiality import (
    Candidate,
    Relative,
    check_selection,
    selection_covers_month,
)
from nghedan_core.values import (
    PERSONAL,
    DeregistrationReason,
    FundingSource,
    HouseholdCategory,
    Month,
    Person,
    SupportKind,
    Vnd,
    business_date,
)

__all__ = [
    "AGGREGATE",
    "AssessHousehold",
    "DeliverSupport",
    "DeregisterHousehold",
    "HouseholdAssessed",
    "HouseholdDeregistered",
    "HouseholdFacts",
    "HouseholdRegistered",
    "HouseholdSelected",
    "RegisterHousehold",
    "SelectHousehold",
    "State",
    "SupportDelivered",
]


def _score(_i: object, a: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not 0 <= value <= 100:
        msg = f"{a.name}: must be a whole number from 0 to 100"
        raise ValueError(msg)


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class HouseholdRegistered(Event):
    """A household in hardship was put on the unit's list."""

    household_id: UUID
    unit: str
    hamlet: str | None = None
    head: Person
    categories: frozenset[HouseholdCategory]
    circumstances: str | None = attrs.field(
        default=None, validator=optional_text, metadata=PERSONAL
    )


@attrs.frozen(kw_only=True)
class HouseholdAssessed(Event):
    """The household's hardship was assessed against criteria (score 0–100, higher = harder)."""

    criteria: tuple[str, ...]
    score: int = attrs.field(validator=_score)
    assessed_by: UUID


@attrs.frozen(kw_only=True)
class HouseholdSelected(Event):
    """The household was selected for support in a month, by named officials."""

    month: Month
    selected_by: tuple[UUID, ...]
    justification: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class SupportDelivered(Event):
    """Support reached the household: its kind, value and who paid for it."""

    kind: SupportKind
    value: Vnd
    funded_by: FundingSource
    description: str | None = attrs.field(default=None, validator=optional_text)
    disbursement_id: UUID | None = None
    visit_id: UUID | None = None


@attrs.frozen(kw_only=True)
class HouseholdDeregistered(Event):
    """The household left the list (escaped poverty, moved, ...)."""

    reason: DeregistrationReason
    note: str | None = attrs.field(default=None, validator=optional_text)


# --- commands -----------------------------------------------------------------------------


def _categories(
    _i: object,
    _a: attrs.Attribute[frozenset[HouseholdCategory]],
    value: frozenset[HouseholdCategory],
) -> None:
    if not value:
        msg = "categories: at least one qualifying category is required"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class RegisterHousehold(Command):
    """Put a household on the unit's list."""

    household_id: UUID
    unit: str
    hamlet: str | None = None
    head: Person
    categories: frozenset[HouseholdCategory] = attrs.field(validator=_categories)
    circumstances: str | None = attrs.field(
        default=None, validator=optional_text, metadata=PERSONAL
    )


@attrs.frozen(kw_only=True)
class AssessHousehold(Command):
    """Record a hardship assessment."""

    household_id: UUID
    criteria: tuple[str, ...]
    score: int = attrs.field(validator=_score)
    assessed_by: UUID


@attrs.frozen(kw_only=True)
class SelectHousehold(Command):
    """Select the household for support this month (justify exceptions)."""

    household_id: UUID
    month: Month
    selected_by: tuple[UUID, ...] = attrs.field(validator=attrs.validators.min_len(1))
    justification: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class DeliverSupport(Command):
    """Record support paid by a donor or the budget (fund payments record it themselves)."""

    household_id: UUID
    kind: SupportKind
    value: Vnd
    funded_by: FundingSource
    description: str | None = attrs.field(default=None, validator=optional_text)
    disbursement_id: UUID | None = None
    visit_id: UUID | None = None


@attrs.frozen(kw_only=True)
class DeregisterHousehold(Command):
    """Take the household off the list."""

    household_id: UUID
    reason: DeregistrationReason
    note: str | None = attrs.field(default=None, validator=optional_text)


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """A household as recorded."""

    household_id: UUID
    unit: str
    hamlet: str | None
    head_person_id: UUID
    categories: frozenset[HouseholdCategory]
    score: int = 0
    selected_months: tuple[Month, ...] = ()
    last_supported: date | None = None
    supports: int = 0
    deregistered: bool = False

    def candidate(self) -> Candidate:
        """The household as the selection policy sees it."""
        return Candidate(
            household_id=self.household_id,
            categories=self.categories,
            head_person_id=self.head_person_id,
            hardship_score=self.score,
            last_supported=self.last_supported,
            deregistered=self.deregistered,
            selected_months=self.selected_months,
        )


@attrs.frozen(kw_only=True)
class HouseholdFacts:
    """What household rules need from outside the household."""

    config: PolicyConfig = attrs.field(factory=PolicyConfig)
    unit: UnitInfo | None = None
    #: the unit's other households, for the ranking rule
    others: tuple[Candidate, ...] = ()
    #: relatives declared by the selecting officials
    relatives: tuple[Relative, ...] = ()
    officials: dict[UUID, OfficialInfo | None] = attrs.field(factory=dict)


def gather(command: Command, lookup: Lookup) -> HouseholdFacts:
    """The unit a household joins, its assessor, or what a selection weighs."""
    config = lookup.config
    match command:
        case RegisterHousehold():
            return HouseholdFacts(config=config, unit=lookup.unit(command.unit))
        case AssessHousehold():
            return HouseholdFacts(
                config=config,
                officials={command.assessed_by: lookup.official(command.assessed_by)},
            )
        case SelectHousehold():
            return _selection_facts(command, lookup)
    return HouseholdFacts(config=config)


def _selection_facts(command: SelectHousehold, lookup: Lookup) -> HouseholdFacts:
    household = lookup.state(AGGREGATE, command.household_id)
    others: list[Candidate] = []
    if household is not None:
        for other_id in lookup.households_of(household.unit):
            if other_id != command.household_id:
                other = lookup.candidate(other_id)
                if other is not None:
                    others.append(other)
    return HouseholdFacts(
        config=lookup.config,
        others=tuple(others),
        relatives=relatives(lookup, command.selected_by),
        officials={o: lookup.official(o) for o in command.selected_by},
    )


def unit_of(command: Command, lookup: Lookup) -> str | None:
    """The unit a household is registered in, or the unit of the household addressed."""
    if isinstance(command, RegisterHousehold):
        return command.unit
    return unit_of_stream(command, lookup, AGGREGATE)


def decide(command: Command, state: State | None, facts: HouseholdFacts) -> tuple[Event, ...]:
    """Decide a household command."""
    at = command.at
    if isinstance(command, RegisterHousehold):
        if state is not None:
            raise AlreadyExistsError(kind="household", key=str(command.household_id))
        unit = check_unit_usable(facts.unit, command.unit)
        if command.hamlet is not None and command.hamlet not in unit.hamlets:
            raise error_class("unit.not_hamlet_of")(hamlet=command.hamlet, unit=command.unit)
        return (
            HouseholdRegistered(
                occurred_at=at,
                household_id=command.household_id,
                unit=command.unit,
                hamlet=command.hamlet,
                head=command.head,
                categories=command.categories,
                circumstances=command.circumstances,
            ),
        )
    household = require_state(state, "household", getattr(command, "household_id", "?"))
    if household.deregistered:
        raise error_class("selection.deregistered")(household=str(household.household_id))
    match command:
        case AssessHousehold():
            check_official_active(facts.officials.get(command.assessed_by), command.assessed_by)
            return (
                HouseholdAssessed(
                    occurred_at=at,
                    criteria=command.criteria,
                    score=command.score,
                    assessed_by=command.assessed_by,
                ),
            )
        case SelectHousehold():
            if command.month in household.selected_months:
                raise refuse("household", "selected", "SelectHousehold")
            for official in command.selected_by:
                check_official_active(facts.officials.get(official), official)
            violations = check_selection(
                household.candidate(),
                facts.others,
                command.selected_by,
                facts.relatives,
                business_date(at),
                facts.config,
                month=command.month,
            )
            raise_for(violations, command.justification)
            return (
                HouseholdSelected(
                    occurred_at=at,
                    month=command.month,
                    selected_by=tuple(dict.fromkeys(command.selected_by)),
                    justification=command.justification,
                ),
            )
        case DeliverSupport():
            return (
                SupportDelivered(
                    occurred_at=at,
                    kind=command.kind,
                    value=command.value,
                    funded_by=command.funded_by,
                    description=command.description,
                    disbursement_id=command.disbursement_id,
                    visit_id=command.visit_id,
                ),
            )
        case DeregisterHousehold():
            return (
                HouseholdDeregistered(occurred_at=at, reason=command.reason, note=command.note),
            )
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one household event."""
    if isinstance(event, HouseholdRegistered):
        return State(
            household_id=event.household_id,
            unit=event.unit,
            hamlet=event.hamlet,
            head_person_id=event.head.person_id,
            categories=event.categories,
        )
    if state is None:  # pragma: no cover - a stored stream always starts with HouseholdRegistered
        raise TypeError(type(event).__name__)
    match event:
        case HouseholdAssessed():
            return attrs.evolve(state, score=event.score)
        case HouseholdSelected():
            return attrs.evolve(state, selected_months=(*state.selected_months, event.month))
        case SupportDelivered():
            return attrs.evolve(
                state,
                last_supported=business_date(event.occurred_at),
                supports=state.supports + 1,
            )
        case HouseholdDeregistered():
            return attrs.evolve(state, deregistered=True)
    raise TypeError(type(event).__name__)  # pragma: no cover


def selection_covers(state: State, on: Month, config: PolicyConfig) -> bool:
    """Whether the household counts as selected in `on` (`policies.selection_covers`).

    True when it was selected for `on` or for a month before it within the reselection
    cooldown (its own month at least): the rule a fund payment in `on` must meet.
    """
    return selection_covers_month(state.selected_months, on, config)


def _stream(command: Command) -> UUID:
    return command.household_id  # type: ignore[attr-defined,no-any-return]


AGGREGATE: Aggregate[State] = Aggregate(
    name="household",
    label_vi="hộ",
    events={
        "household.HouseholdRegistered": HouseholdRegistered,
        "household.HouseholdAssessed": HouseholdAssessed,
        "household.HouseholdSelected": HouseholdSelected,
        "household.SupportDelivered": SupportDelivered,
        "household.HouseholdDeregistered": HouseholdDeregistered,
    },
    commands=(
        RegisterHousehold,
        AssessHousehold,
        SelectHousehold,
        DeliverSupport,
        DeregisterHousehold,
    ),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=HouseholdFacts,
)
