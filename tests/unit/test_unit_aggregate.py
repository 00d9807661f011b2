"""Given/when/then tests of the unit decider (registration, renaming, merging)."""

from __future__ import annotations

from datetime import datetime

import pytest

from nghedan_core.aggregates._base import Event, UnitInfo
from nghedan_core.aggregates.unit import (
    MergeUnit,
    RegisterUnit,
    RenameUnit,
    State,
    UnitFacts,
    UnitMerged,
    UnitRegistered,
    UnitRenamed,
    decide,
    evolve,
)
from nghedan_core.errors import AlreadyExistsError, DomainError, InvalidStateError, NotFoundError
from nghedan_core.values import VIETNAM_TZ, UnitKind

AT = datetime(2024, 3, 4, 8, tzinfo=VIETNAM_TZ)
NO_FACTS = UnitFacts()


def given(*events: Event) -> State | None:
    """Fold `evolve` over past events: the state a command is decided against."""
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    return state


def registered(
    code: str = "29500",
    name: str = "Xã Tân Phước",
    kind: UnitKind = UnitKind.COMMUNE,
    parent: str | None = None,
) -> UnitRegistered:
    """A `UnitRegistered` event with sensible defaults."""
    return UnitRegistered(occurred_at=AT, code=code, name=name, kind=kind, parent=parent)


def info(
    code: str, kind: UnitKind, *, merged_into: str | None = None, name: str = "Đơn vị"
) -> UnitInfo:
    """What the application would gather about another unit."""
    return UnitInfo(code=code, name=name, kind=kind.value, merged_into=merged_into)


PROVINCE = info("82", UnitKind.PROVINCE, name="Tỉnh Tiền Giang")
COMMUNE = info("29500", UnitKind.COMMUNE, name="Xã Tân Phước")


# --- registering --------------------------------------------------------------------------


def test_a_commune_without_a_parent_is_registered() -> None:
    """A top-level registration records exactly the unit's code, name and kind."""
    events = decide(
        RegisterUnit(occurred_at=AT, code="29500", name="Xã Tân Phước", kind=UnitKind.COMMUNE),
        given(),
        NO_FACTS,
    )
    assert events == (
        UnitRegistered(
            occurred_at=AT, code="29500", name="Xã Tân Phước", kind=UnitKind.COMMUNE, parent=None
        ),
    )


def test_a_hamlet_is_registered_under_its_commune() -> None:
    """A hamlet naming a commune as parent is registered with that parent."""
    events = decide(
        RegisterUnit(
            occurred_at=AT, code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET, parent="29500"
        ),
        given(),
        UnitFacts(other=COMMUNE),
    )
    assert events == (
        registered(code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET, parent="29500"),
    )


def test_a_commune_may_sit_directly_under_a_province() -> None:
    """Since the 2025 reform a commune's parent may be the province (no district between)."""
    events = decide(
        RegisterUnit(
            occurred_at=AT, code="29500", name="Xã Tân Phước", kind=UnitKind.COMMUNE, parent="82"
        ),
        given(),
        UnitFacts(other=PROVINCE),
    )
    assert events == (registered(parent="82"),)


def test_registering_a_unit_code_twice_is_refused() -> None:
    """A unit code is a natural key: a second registration is refused as already existing."""
    with pytest.raises(AlreadyExistsError) as e:
        decide(
            RegisterUnit(occurred_at=AT, code="29500", name="Xã khác", kind=UnitKind.COMMUNE),
            given(registered()),
            NO_FACTS,
        )
    assert e.value.code == "already_exists"


def test_a_hamlet_without_a_parent_is_refused() -> None:
    """A hamlet must name the commune it belongs to."""
    with pytest.raises(DomainError) as e:
        decide(
            RegisterUnit(occurred_at=AT, code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET),
            given(),
            NO_FACTS,
        )
    assert e.value.code == "unit.not_hamlet_of"


def test_registering_under_an_unknown_parent_is_refused() -> None:
    """The parent must be a recorded unit."""
    with pytest.raises(NotFoundError) as e:
        decide(
            RegisterUnit(
                occurred_at=AT, code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET, parent="29500"
            ),
            given(),
            UnitFacts(other=None),
        )
    assert e.value.code == "not_found"


def test_registering_under_a_merged_parent_is_refused() -> None:
    """A merged unit takes no new records, not even new hamlets."""
    with pytest.raises(DomainError) as e:
        decide(
            RegisterUnit(
                occurred_at=AT, code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET, parent="29500"
            ),
            given(),
            UnitFacts(other=info("29500", UnitKind.COMMUNE, merged_into="29501")),
        )
    assert e.value.code == "unit.merged"
    assert e.value.params == {"unit": "29500", "into": "29501"}


def test_a_parent_at_the_same_level_is_refused() -> None:
    """A hamlet cannot be registered under another hamlet."""
    with pytest.raises(DomainError) as e:
        decide(
            RegisterUnit(
                occurred_at=AT,
                code="29500-02",
                name="Ấp 2",
                kind=UnitKind.HAMLET,
                parent="29500-01",
            ),
            given(),
            UnitFacts(other=info("29500-01", UnitKind.HAMLET)),
        )
    assert e.value.code == "unit.not_hamlet_of"


def test_a_parent_below_the_unit_is_refused() -> None:
    """A commune cannot be registered under one of its hamlets."""
    with pytest.raises(DomainError) as e:
        decide(
            RegisterUnit(
                occurred_at=AT,
                code="29500",
                name="Xã Tân Phước",
                kind=UnitKind.COMMUNE,
                parent="29500-01",
            ),
            given(),
            UnitFacts(other=info("29500-01", UnitKind.HAMLET)),
        )
    assert e.value.code == "unit.not_hamlet_of"


def test_a_registered_unit_has_no_former_names_and_is_not_merged() -> None:
    """Registration folds into a fresh state."""
    state = given(registered(code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET, parent="29500"))
    assert state == State(
        code="29500-01", name="Ấp 1", kind=UnitKind.HAMLET, parent="29500", former_names=()
    )
    assert state.merged_into is None


# --- renaming -----------------------------------------------------------------------------


def test_renaming_records_the_new_name() -> None:
    """A new name is recorded as `UnitRenamed`."""
    events = decide(
        RenameUnit(occurred_at=AT, code="29500", name="Xã Tân Phước Mới"),
        given(registered()),
        NO_FACTS,
    )
    assert events == (UnitRenamed(occurred_at=AT, name="Xã Tân Phước Mới"),)


def test_renaming_to_the_same_name_records_nothing() -> None:
    """Renaming to the current name is idempotent."""
    events = decide(
        RenameUnit(occurred_at=AT, code="29500", name="Xã Tân Phước"),
        given(registered()),
        NO_FACTS,
    )
    assert events == ()


def test_renaming_an_unknown_unit_is_refused() -> None:
    """Only a recorded unit can be renamed."""
    with pytest.raises(NotFoundError):
        decide(RenameUnit(occurred_at=AT, code="29500", name="Tên mới"), given(), NO_FACTS)


def test_renaming_a_merged_unit_is_refused() -> None:
    """A merged unit keeps its history but takes no new records."""
    with pytest.raises(DomainError) as e:
        decide(
            RenameUnit(occurred_at=AT, code="29500", name="Tên mới"),
            given(registered(), UnitMerged(occurred_at=AT, into="29501")),
            NO_FACTS,
        )
    assert e.value.code == "unit.merged"


def test_renamed_units_keep_their_former_names_in_order() -> None:
    """History stays reportable under the old names."""
    state = given(
        registered(name="Tên 1"),
        UnitRenamed(occurred_at=AT, name="Tên 2"),
        UnitRenamed(occurred_at=AT, name="Tên 3"),
    )
    assert state is not None
    assert state.name == "Tên 3"
    assert state.former_names == ("Tên 1", "Tên 2")


# --- merging ------------------------------------------------------------------------------


def test_a_commune_merges_into_another_commune() -> None:
    """Merging into a usable unit of the same level records `UnitMerged`."""
    events = decide(
        MergeUnit(occurred_at=AT, code="29500", into="29501"),
        given(registered()),
        UnitFacts(other=info("29501", UnitKind.COMMUNE)),
    )
    assert events == (UnitMerged(occurred_at=AT, into="29501"),)


def test_communes_of_different_kinds_at_the_same_level_may_merge() -> None:
    """A commune may merge into a ward: both are commune-level."""
    events = decide(
        MergeUnit(occurred_at=AT, code="29500", into="29600"),
        given(registered()),
        UnitFacts(other=info("29600", UnitKind.WARD)),
    )
    assert events == (UnitMerged(occurred_at=AT, into="29600"),)


def test_merging_an_unknown_unit_is_refused() -> None:
    """Only a recorded unit can be merged."""
    with pytest.raises(NotFoundError):
        decide(
            MergeUnit(occurred_at=AT, code="29500", into="29501"),
            given(),
            UnitFacts(other=info("29501", UnitKind.COMMUNE)),
        )


def test_merging_into_an_unknown_unit_is_refused() -> None:
    """The unit merged into must be recorded."""
    with pytest.raises(NotFoundError):
        decide(
            MergeUnit(occurred_at=AT, code="29500", into="29501"),
            given(registered()),
            UnitFacts(other=None),
        )


def test_merging_a_unit_twice_is_refused() -> None:
    """A merged unit cannot be merged again."""
    with pytest.raises(DomainError) as e:
        decide(
            MergeUnit(occurred_at=AT, code="29500", into="29502"),
            given(registered(), UnitMerged(occurred_at=AT, into="29501")),
            UnitFacts(other=info("29502", UnitKind.COMMUNE)),
        )
    assert e.value.code == "unit.merged"


def test_merging_into_a_merged_unit_is_refused() -> None:
    """The target must itself still be in use (record against the unit it merged into)."""
    with pytest.raises(DomainError) as e:
        decide(
            MergeUnit(occurred_at=AT, code="29500", into="29501"),
            given(registered()),
            UnitFacts(other=info("29501", UnitKind.COMMUNE, merged_into="29502")),
        )
    assert e.value.code == "unit.merged"


def test_merging_a_unit_into_itself_is_refused() -> None:
    """A unit cannot merge into itself."""
    with pytest.raises(InvalidStateError) as e:
        decide(
            MergeUnit(occurred_at=AT, code="29500", into="29500"),
            given(registered()),
            UnitFacts(other=COMMUNE),
        )
    assert e.value.code == "state.invalid"


def test_merging_into_a_unit_of_another_level_is_refused() -> None:
    """A commune cannot merge into a province."""
    with pytest.raises(InvalidStateError) as e:
        decide(
            MergeUnit(occurred_at=AT, code="29500", into="82"),
            given(registered()),
            UnitFacts(other=PROVINCE),
        )
    assert e.value.code == "state.invalid"


def test_a_merged_unit_remembers_what_it_merged_into() -> None:
    """After `UnitMerged` the state names the new unit and keeps the old name."""
    state = given(registered(), UnitMerged(occurred_at=AT, into="29501"))
    assert state is not None
    assert state.merged_into == "29501"
    assert state.name == "Xã Tân Phước"
