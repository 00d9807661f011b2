"""The one walk over attrs fields (`nghedan_core.fields`) that every generated adapter reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs
import pytest

from nghedan_core.aggregates.complaint import RaiseComplaint
from nghedan_core.fields import constraints_of, fields_of, leaves, unwrap
from nghedan_core.projections.report import PeriodReport, PeriodReportView
from nghedan_core.values import MAX_TEXT, Month, Person, SessionLevel


def by_key(cls: type[Any]) -> dict[str, Any]:
    return {spec.key: spec for spec in fields_of(cls)}


def test_a_field_gives_its_unwrapped_type_optional_and_default() -> None:
    """``hamlet: str | None = None`` is optional text with a default; ``month`` is required."""
    specs = by_key(RaiseComplaint)
    hamlet, month, level = specs["hamlet"], specs["month"], specs["level"]
    assert hamlet.type is str
    assert hamlet.optional
    assert not hamlet.required
    assert hamlet.default is None
    assert (month.type, month.optional, month.required, month.many) == (Month, False, True, False)
    assert level.default is SessionLevel.COMMUNE
    assert not month.nested  # a Month is one value, not walked into


def test_the_base_fields_carry_their_description() -> None:
    """``occurred_at`` and ``command_id`` are described once, on the command base class."""
    specs = by_key(RaiseComplaint)
    assert specs["occurred_at"].description == "When it happened (ISO 8601 with a UTC offset)."
    assert specs["command_id"].description.startswith("Caller-chosen id")
    assert specs["occurred_at"].type is datetime
    assert specs["content"].description is None


def test_a_validator_gives_its_constraints() -> None:
    """Required text is one real character at least and at most MAX_TEXT."""
    specs = by_key(RaiseComplaint)
    assert specs["content"].constraints == {
        "minLength": 1,
        "maxLength": MAX_TEXT,
        "pattern": r"[^\s\x00-\x1f\x7f-\x9f]",
    }
    assert specs["unit"].constraints == {}


def test_a_validator_without_known_constraints_is_refused() -> None:
    """A new validator cannot be forgotten: the walk refuses what it cannot describe."""

    def _new_rule(_i: object, _a: object, _v: object) -> None:
        return None

    with pytest.raises(NotImplementedError, match="_new_rule"):
        constraints_of(_new_rule)


def test_a_nested_class_is_flattened_with_its_path_and_personal_marks() -> None:
    """``citizen`` (a Person) gives its fields under ``citizen``, personal ones marked."""
    specs = {spec.path: spec for spec in leaves(RaiseComplaint)}
    assert ("citizen",) not in specs
    full_name = specs["citizen", "full_name"]
    assert full_name.personal
    assert full_name.required
    assert not specs["citizen", "person_id"].personal
    assert specs["citizen", "person_id"].type is UUID
    assert not specs["citizen", "phone"].required
    assert [s.key for s in fields_of(Person)] == ["person_id", "full_name", "phone", "address"]


def test_a_nested_field_is_required_only_when_the_field_above_is() -> None:
    """The fields of an optional nested value are all optional."""

    @attrs.frozen
    class Holder:
        person: Person | None = None

    assert [s.required for s in leaves(Holder)] == [False, False, False, False]
    assert [s.path[0] for s in leaves(Holder)] == ["person"] * 4


def test_a_collection_is_many_of_its_item_type() -> None:
    """``tuple[X, ...]`` and ``frozenset[X] | None`` are many X, the container kept."""
    assert unwrap(tuple[UUID, ...]) == (UUID, False, tuple)
    assert unwrap(frozenset[int] | None) == (int, True, frozenset)
    assert unwrap(str | int) == (str | int, False, None)


def test_the_report_publishes_the_keys_the_walk_names() -> None:
    """The period report's JSON keys are its fields' published keys (``from``, ``to``...)."""
    report = PeriodReport(date(2024, 1, 1), date(2024, 1, 31)).view().to_json()
    assert list(report) == [spec.key for spec in fields_of(PeriodReportView)]
    assert "from" in report
