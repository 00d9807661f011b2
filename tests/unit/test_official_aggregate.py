"""Given/when/then tests of the official decider (registration, relatives, transfer, leaving)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import pytest

from nghedan_core.aggregates._base import Event, UnitInfo
from nghedan_core.aggregates.official import (
    DeclareRelative,
    LeaveOffice,
    OfficialFacts,
    OfficialLeft,
    OfficialRegistered,
    OfficialTransferred,
    RegisterOfficial,
    RelativeDeclared,
    State,
    TransferOfficial,
    decide,
    evolve,
)
from nghedan_core.errors import AlreadyExistsError, DomainError, InvalidStateError, NotFoundError
from nghedan_core.policies.impartiality import Relative
from nghedan_core.values import VIETNAM_TZ, OfficialRole, UnitKind

AT = datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
OFFICIAL = UUID("00000000-0000-4000-8000-000000000001")
HOUSEHOLD = UUID("00000000-0000-4000-8000-000000000002")
PERSON = UUID("00000000-0000-4000-8000-000000000003")
COMMUNE = UnitInfo(code="29500", name="Xã Tân Phước", kind=UnitKind.COMMUNE.value)
OTHER_COMMUNE = UnitInfo(code="29501", name="Xã Tân Hòa", kind=UnitKind.COMMUNE.value)
MERGED = UnitInfo(code="29502", name="Xã cũ", kind=UnitKind.COMMUNE.value, merged_into="29501")
ROLES = frozenset({OfficialRole.LEADER})


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events: the state a command is decided against."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


REGISTERED = OfficialRegistered(
    occurred_at=AT,
    official_id=OFFICIAL,
    unit="29500",
    full_name="Nguyễn Văn An",
    position="Chủ tịch UBND xã",
    roles=ROLES,
)
LEFT = OfficialLeft(occurred_at=AT, reason="nghỉ hưu")


# --- registering --------------------------------------------------------------------------


def test_an_official_is_registered_in_a_usable_unit() -> None:
    """Registration records the unit, name, position and roles."""
    events = decide(
        RegisterOfficial(
            occurred_at=AT,
            official_id=OFFICIAL,
            unit="29500",
            full_name="Nguyễn Văn An",
            position="Chủ tịch UBND xã",
            roles=ROLES,
        ),
        given(),
        OfficialFacts(unit=COMMUNE),
    )
    assert events == (REGISTERED,)


def test_registering_an_official_twice_is_refused() -> None:
    """The same official id cannot be registered again."""
    with pytest.raises(AlreadyExistsError) as e:
        decide(
            RegisterOfficial(
                occurred_at=AT,
                official_id=OFFICIAL,
                unit="29500",
                full_name="Nguyễn Văn An",
                position="Chủ tịch UBND xã",
                roles=ROLES,
            ),
            given(REGISTERED),
            OfficialFacts(unit=COMMUNE),
        )
    assert e.value.code == "already_exists"


def test_registering_an_official_in_an_unknown_unit_is_refused() -> None:
    """The official's unit must be recorded."""
    with pytest.raises(NotFoundError):
        decide(
            RegisterOfficial(
                occurred_at=AT,
                official_id=OFFICIAL,
                unit="29500",
                full_name="Nguyễn Văn An",
                position="Chủ tịch UBND xã",
                roles=ROLES,
            ),
            given(),
            OfficialFacts(unit=None),
        )


def test_registering_an_official_in_a_merged_unit_is_refused() -> None:
    """A merged unit takes no new officials."""
    with pytest.raises(DomainError) as e:
        decide(
            RegisterOfficial(
                occurred_at=AT,
                official_id=OFFICIAL,
                unit="29502",
                full_name="Nguyễn Văn An",
                position="Chủ tịch UBND xã",
                roles=ROLES,
            ),
            given(),
            OfficialFacts(unit=MERGED),
        )
    assert e.value.code == "unit.merged"


def test_an_official_needs_at_least_one_role() -> None:
    """A command without roles cannot even be built."""
    with pytest.raises(ValueError, match="role"):
        RegisterOfficial(
            occurred_at=AT,
            official_id=OFFICIAL,
            unit="29500",
            full_name="Nguyễn Văn An",
            position="Chủ tịch UBND xã",
            roles=frozenset(),
        )


def test_a_registered_official_is_active_with_no_relatives() -> None:
    """Registration folds into an active official with the recorded roles."""
    state = given(REGISTERED)
    assert state is not None
    assert state.active
    assert state.relatives == ()
    assert state.roles == ROLES
    assert state.unit == "29500"


# --- relatives ----------------------------------------------------------------------------


def test_declaring_a_related_household_is_recorded() -> None:
    """A relation to a household is recorded as `RelativeDeclared`."""
    events = decide(
        DeclareRelative(
            occurred_at=AT, official_id=OFFICIAL, relation="anh ruột", household_id=HOUSEHOLD
        ),
        given(REGISTERED),
        OfficialFacts(),
    )
    assert events == (
        RelativeDeclared(occurred_at=AT, relation="anh ruột", household_id=HOUSEHOLD),
    )


def test_declaring_the_same_relative_twice_records_nothing() -> None:
    """A relative already declared is not declared again."""
    events = decide(
        DeclareRelative(
            occurred_at=AT, official_id=OFFICIAL, relation="em họ", household_id=HOUSEHOLD
        ),
        given(
            REGISTERED,
            RelativeDeclared(occurred_at=AT, relation="anh ruột", household_id=HOUSEHOLD),
        ),
        OfficialFacts(),
    )
    assert events == ()


def test_a_person_and_a_household_are_different_relatives() -> None:
    """Declaring a person after a household is a new declaration."""
    events = decide(
        DeclareRelative(
            occurred_at=AT,
            official_id=OFFICIAL,
            relation="vợ",
            person_id=PERSON,
            person_name="Trần Thị Bình",
        ),
        given(
            REGISTERED,
            RelativeDeclared(occurred_at=AT, relation="anh ruột", household_id=HOUSEHOLD),
        ),
        OfficialFacts(),
    )
    assert events == (
        RelativeDeclared(
            occurred_at=AT, relation="vợ", person_id=PERSON, person_name="Trần Thị Bình"
        ),
    )


def test_a_relative_is_either_a_household_or_a_person() -> None:
    """Naming both, or neither, cannot be built."""
    with pytest.raises(ValueError, match="exactly one"):
        DeclareRelative(
            occurred_at=AT,
            official_id=OFFICIAL,
            relation="vợ",
            household_id=HOUSEHOLD,
            person_id=PERSON,
        )
    with pytest.raises(ValueError, match="exactly one"):
        DeclareRelative(occurred_at=AT, official_id=OFFICIAL, relation="vợ")


def test_declared_relatives_accumulate_for_the_impartiality_policy() -> None:
    """Each `RelativeDeclared` adds a `Relative` naming this official."""
    state = given(
        REGISTERED,
        RelativeDeclared(occurred_at=AT, relation="anh ruột", household_id=HOUSEHOLD),
        RelativeDeclared(occurred_at=AT, relation="vợ", person_id=PERSON),
    )
    assert state is not None
    assert state.relatives == (
        Relative(official_id=OFFICIAL, relation="anh ruột", household_id=HOUSEHOLD),
        Relative(official_id=OFFICIAL, relation="vợ", person_id=PERSON),
    )


def test_declaring_a_relative_of_an_unknown_official_is_refused() -> None:
    """Only a registered official declares relatives."""
    with pytest.raises(NotFoundError):
        decide(
            DeclareRelative(
                occurred_at=AT, official_id=OFFICIAL, relation="anh", household_id=HOUSEHOLD
            ),
            given(),
            OfficialFacts(),
        )


def test_an_official_who_left_cannot_declare_relatives() -> None:
    """Nothing more is recorded for an official who left office."""
    with pytest.raises(InvalidStateError) as e:
        decide(
            DeclareRelative(
                occurred_at=AT, official_id=OFFICIAL, relation="anh", household_id=HOUSEHOLD
            ),
            given(REGISTERED, LEFT),
            OfficialFacts(),
        )
    assert e.value.code == "state.invalid"


# --- transfer -----------------------------------------------------------------------------


def test_transferring_an_official_records_the_new_unit_and_position() -> None:
    """A transfer to a usable unit is recorded and moves the official there."""
    events = decide(
        TransferOfficial(
            occurred_at=AT, official_id=OFFICIAL, to_unit="29501", position="Phó Chủ tịch"
        ),
        given(REGISTERED),
        OfficialFacts(unit=OTHER_COMMUNE),
    )
    assert events == (
        OfficialTransferred(occurred_at=AT, to_unit="29501", position="Phó Chủ tịch"),
    )
    state = given(REGISTERED, *events)
    assert state is not None
    assert (state.unit, state.position) == ("29501", "Phó Chủ tịch")
    assert state.active


def test_transferring_to_an_unknown_unit_is_refused() -> None:
    """The destination unit must be recorded."""
    with pytest.raises(NotFoundError):
        decide(
            TransferOfficial(
                occurred_at=AT, official_id=OFFICIAL, to_unit="29501", position="Phó Chủ tịch"
            ),
            given(REGISTERED),
            OfficialFacts(unit=None),
        )


def test_transferring_to_a_merged_unit_is_refused() -> None:
    """A merged unit takes no new officials."""
    with pytest.raises(DomainError) as e:
        decide(
            TransferOfficial(
                occurred_at=AT, official_id=OFFICIAL, to_unit="29502", position="Phó Chủ tịch"
            ),
            given(REGISTERED),
            OfficialFacts(unit=MERGED),
        )
    assert e.value.code == "unit.merged"


def test_transferring_an_official_who_left_is_refused() -> None:
    """An official who left office cannot be transferred."""
    with pytest.raises(InvalidStateError):
        decide(
            TransferOfficial(
                occurred_at=AT, official_id=OFFICIAL, to_unit="29501", position="Phó Chủ tịch"
            ),
            given(REGISTERED, LEFT),
            OfficialFacts(unit=OTHER_COMMUNE),
        )


# --- leaving office -----------------------------------------------------------------------


def test_leaving_office_is_recorded_and_makes_the_official_inactive() -> None:
    """`LeaveOffice` records `OfficialLeft`; the official is then inactive."""
    events = decide(
        LeaveOffice(occurred_at=AT, official_id=OFFICIAL, reason="nghỉ hưu"),
        given(REGISTERED),
        OfficialFacts(),
    )
    assert events == (LEFT,)
    state = given(REGISTERED, *events)
    assert state is not None
    assert not state.active


def test_leaving_office_twice_is_refused() -> None:
    """An official who already left cannot leave again."""
    with pytest.raises(InvalidStateError):
        decide(
            LeaveOffice(occurred_at=AT, official_id=OFFICIAL, reason="lần nữa"),
            given(REGISTERED, LEFT),
            OfficialFacts(),
        )


def test_an_unknown_official_cannot_leave_office() -> None:
    """Leaving office needs a registered official."""
    with pytest.raises(NotFoundError):
        decide(
            LeaveOffice(occurred_at=AT, official_id=OFFICIAL, reason="nghỉ hưu"),
            given(),
            OfficialFacts(),
        )
