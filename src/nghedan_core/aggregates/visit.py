"""Visit (thăm hỏi, tặng quà): the afternoon's home visit to a household in hardship.

A conducted visit records the gift and its value, the causes of hardship (fixed list), the
findings and the direction of further support. Giving a gift paid by the fund is saved
atomically with the fund's disbursement and the household's support (see the application).
"""

from __future__ import annotations

from uuid import UUID

import attrs

from nghedan_core.aggregates import household as household_
from nghedan_core.aggregates._base import (
    Aggregate,
    Command,
    Event,
    Lookup,
    OfficialInfo,
    check_official_active,
    optional_text,
    refuse,
    require_state,
    required_text,
    unit_of_stream,
)
from nghedan_core.aggregates.complaint import SessionInfo, session_info
from nghedan_core.aggregates.session import SessionStatus, session_id
from nghedan_core.errors import AlreadyExistsError, NotFoundError, error_class
from nghedan_core.values import (
    FundingSource,
    HardshipCause,
    Month,
    SessionLevel,
    Vnd,
    stable_id,
)

__all__ = [
    "AGGREGATE",
    "CancelVisit",
    "ConductVisit",
    "PlanVisit",
    "State",
    "VisitCancelled",
    "VisitConducted",
    "VisitFacts",
    "VisitPlanned",
    "gift_disbursement_id",
]


def gift_disbursement_id(visit_id: UUID) -> UUID:
    """The id of the fund disbursement paying a visit's gift (one per visit)."""
    return stable_id("gift", visit_id)


# --- events -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class VisitPlanned(Event):
    """A visit to a household was planned for a session, with its team."""

    visit_id: UUID
    session_id: UUID
    unit: str
    household_id: UUID
    team: tuple[UUID, ...]


@attrs.frozen(kw_only=True)
class VisitConducted(Event):
    """The visit took place: gift, causes of hardship, findings, direction of support."""

    gift_value: Vnd
    gift_description: str | None = attrs.field(default=None, validator=optional_text)
    gift_funded_by: FundingSource = FundingSource.FUND
    causes: frozenset[HardshipCause] = frozenset()
    findings: str | None = attrs.field(default=None, validator=optional_text)
    support_direction: str | None = attrs.field(default=None, validator=optional_text)
    disbursement_id: UUID | None = None


@attrs.frozen(kw_only=True)
class VisitCancelled(Event):
    """The visit was cancelled."""

    reason: str = attrs.field(validator=required_text)


# --- commands -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanVisit(Command):
    """Plan a visit to a household at the session of `unit`, `month`."""

    visit_id: UUID
    unit: str
    month: Month
    level: SessionLevel = SessionLevel.COMMUNE
    household_id: UUID
    team: tuple[UUID, ...] = attrs.field(validator=attrs.validators.min_len(1))


@attrs.frozen(kw_only=True)
class ConductVisit(Command):
    """Record the visit; a gift paid by the fund also pays out and records the support."""

    visit_id: UUID
    gift_value: Vnd = Vnd(0)
    gift_description: str | None = attrs.field(default=None, validator=optional_text)
    gift_funded_by: FundingSource = FundingSource.FUND
    causes: frozenset[HardshipCause] = frozenset()
    findings: str | None = attrs.field(default=None, validator=optional_text)
    support_direction: str | None = attrs.field(default=None, validator=optional_text)
    #: approvers of the gift's payment from the fund
    approvers: tuple[UUID, ...] = ()


@attrs.frozen(kw_only=True)
class CancelVisit(Command):
    """Cancel a planned visit."""

    visit_id: UUID
    reason: str = attrs.field(validator=required_text)


# --- state --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class State:
    """A visit as recorded."""

    visit_id: UUID
    session_id: UUID
    unit: str
    household_id: UUID
    team: tuple[UUID, ...]
    conducted: bool = False
    cancelled: bool = False


@attrs.frozen(kw_only=True)
class VisitFacts:
    """What visit rules need from outside the visit."""

    session: SessionInfo | None = None
    household_exists: bool = False
    household_deregistered: bool = False
    team: dict[UUID, OfficialInfo | None] = attrs.field(factory=dict)


def gather(command: Command, lookup: Lookup) -> VisitFacts:
    """A planned visit's session, household and team (conducting and cancelling need none)."""
    if not isinstance(command, PlanVisit):
        return VisitFacts()
    household = lookup.state(household_.AGGREGATE, command.household_id)
    sid = session_id(command.unit, command.month, command.level)
    return VisitFacts(
        session=session_info(lookup, sid),
        household_exists=household is not None,
        household_deregistered=household is not None and household.deregistered,
        team={member: lookup.official(member) for member in command.team},
    )


def unit_of(command: Command, lookup: Lookup) -> str | None:
    """The unit a visit is planned in, or the unit of the visit addressed."""
    if isinstance(command, PlanVisit):
        return command.unit
    return unit_of_stream(command, lookup, AGGREGATE)


def decide(command: Command, state: State | None, facts: VisitFacts) -> tuple[Event, ...]:
    """Decide a visit command."""
    at = command.at
    match command:
        case PlanVisit():
            if state is not None:
                raise AlreadyExistsError(kind="visit", key=str(command.visit_id))
            if facts.session is None:
                raise NotFoundError(
                    kind="session", key=f"{command.unit} {command.month} {command.level}"
                )
            if facts.session.status is not SessionStatus.SCHEDULED:
                raise refuse("session", facts.session.status.value, "PlanVisit")
            if not facts.household_exists:
                raise NotFoundError(kind="household", key=str(command.household_id))
            if facts.household_deregistered:
                raise error_class("selection.deregistered")(household=str(command.household_id))
            for member in command.team:
                check_official_active(facts.team.get(member), member)
            return (
                VisitPlanned(
                    occurred_at=at,
                    visit_id=command.visit_id,
                    session_id=session_id(command.unit, command.month, command.level),
                    unit=command.unit,
                    household_id=command.household_id,
                    team=tuple(dict.fromkeys(command.team)),
                ),
            )
        case ConductVisit():
            visit = require_state(state, "visit", command.visit_id)
            if visit.conducted or visit.cancelled:
                raise refuse(
                    "visit", "conducted" if visit.conducted else "cancelled", "ConductVisit"
                )
            paid_by_fund = bool(command.gift_value) and command.gift_funded_by is FundingSource.FUND
            return (
                VisitConducted(
                    occurred_at=at,
                    gift_value=command.gift_value,
                    gift_description=command.gift_description,
                    gift_funded_by=command.gift_funded_by,
                    causes=command.causes,
                    findings=command.findings,
                    support_direction=command.support_direction,
                    disbursement_id=gift_disbursement_id(visit.visit_id) if paid_by_fund else None,
                ),
            )
        case CancelVisit():
            visit = require_state(state, "visit", command.visit_id)
            if visit.conducted or visit.cancelled:
                now = "conducted" if visit.conducted else "cancelled"
                raise refuse("visit", now, "CancelVisit")
            return (VisitCancelled(occurred_at=at, reason=command.reason),)
    raise TypeError(type(command).__name__)  # pragma: no cover


def evolve(state: State | None, event: Event) -> State:
    """Apply one visit event."""
    if isinstance(event, VisitPlanned):
        return State(
            visit_id=event.visit_id,
            session_id=event.session_id,
            unit=event.unit,
            household_id=event.household_id,
            team=event.team,
        )
    if state is None:  # pragma: no cover - a stored stream always starts with VisitPlanned
        raise TypeError(type(event).__name__)
    match event:
        case VisitConducted():
            return attrs.evolve(state, conducted=True)
        case VisitCancelled():
            return attrs.evolve(state, cancelled=True)
    raise TypeError(type(event).__name__)  # pragma: no cover


def _stream(command: Command) -> UUID:
    return command.visit_id  # type: ignore[attr-defined,no-any-return]


AGGREGATE: Aggregate[State] = Aggregate(
    name="visit",
    label_vi="chuyến thăm",
    events={
        "visit.VisitPlanned": VisitPlanned,
        "visit.VisitConducted": VisitConducted,
        "visit.VisitCancelled": VisitCancelled,
    },
    commands=(PlanVisit, ConductVisit, CancelVisit),
    stream_id=_stream,
    decide=decide,
    evolve=evolve,
    gather=gather,
    unit_of=unit_of,
    facts=VisitFacts,
)
