"""The JSON Schemas generated from the attrs classes.

The ``jsonschema`` package is not a dependency, so the schemas are checked structurally and
with a small validator for the subset of draft 2020-12 they use: every valid command and
event (drawn by hypothesis from the classes) validates, and typical bad input does not.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_serialization import COMMAND_CLASSES, EVENT_CLASSES, instances

from nghedan_core.aggregates import COMMANDS, EVENT_TOPICS
from nghedan_core.personal import PersonalData, open_keystore
from nghedan_core.schema import (
    DIALECT,
    MONTH_PATTERN,
    command_schemas,
    event_schemas,
    export_line_schema,
)
from nghedan_core.serialization import TOPICS, unstructure

#: encrypts personal fields as the application does before storing (keys in memory)
PERSONAL_DATA = PersonalData(open_keystore("memory://schema-tests", recorder=None))

#: a fifth of the profile's examples: the converter's own tests draw these classes in full
FEWER = settings(max_examples=max(10, settings.default.max_examples // 5))

COMMAND_SCHEMAS = command_schemas()
EVENT_SCHEMAS = event_schemas()
TOPIC_OF = {cls: topic for topic, cls in TOPICS.items()}

KEYWORDS = {
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "uniqueItems",
    "minItems",
    "anyOf",
    "oneOf",
    "enum",
    "const",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
}
TYPES = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "object": dict,
    "array": list,
    "null": type(None),
}


def _format_ok(fmt: str, value: str) -> bool:
    try:
        if fmt == "uuid":
            UUID(value)
        elif fmt == "date":
            date.fromisoformat(value)
            return len(value) == 10
        elif fmt == "date-time":
            return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
    return True


def errors(schema: dict[str, Any], value: Any, path: str = "$") -> list[str]:
    """Where `value` breaks `schema` (the subset of draft 2020-12 the generator emits)."""
    found: list[str] = []
    if "anyOf" in schema:
        if all(errors(option, value, path) for option in schema["anyOf"]):
            found.append(f"{path}: matches no option")
        return found
    if "oneOf" in schema:
        matching = [o for o in schema["oneOf"] if not errors(o, value, path)]
        if len(matching) != 1:
            found.append(f"{path}: matches {len(matching)} of oneOf")
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: not one of the enum")
    kind = schema.get("type")
    if kind is not None:
        ok = isinstance(value, TYPES[kind])
        if kind == "integer" and isinstance(value, bool):
            ok = False
        if not ok:
            return [*found, f"{path}: not {kind}"]
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: too short")
        if len(value) > schema.get("maxLength", 10**9):
            found.append(f"{path}: too long")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: pattern")
        if "format" in schema and not _format_ok(schema["format"], value):
            found.append(f"{path}: format {schema['format']}")
    if isinstance(value, int) and not isinstance(value, bool):
        if value < schema.get("minimum", -(10**30)):
            found.append(f"{path}: below minimum")
        if value > schema.get("maximum", 10**30):
            found.append(f"{path}: above maximum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{path}: too few items")
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            found.append(f"{path}: duplicates")
        for i, item in enumerate(value):
            found += errors(schema.get("items", {}), item, f"{path}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{path}.{k}: required" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            found += [f"{path}.{k}: not allowed" for k in value if k not in properties]
        for key, item in value.items():
            if key in properties:
                found += errors(properties[key], item, f"{path}.{key}")
    return found


def walk(schema: Any) -> list[dict[str, Any]]:
    """Every sub-schema."""
    if not isinstance(schema, dict):
        return []
    found = [schema]
    for key in ("properties",):
        for sub in schema.get(key, {}).values():
            found += walk(sub)
    for sub in schema.get("anyOf", []):
        found += walk(sub)
    if "items" in schema:
        found += walk(schema["items"])
    return found


# --- structure ----------------------------------------------------------------------------


def test_there_is_a_schema_for_every_command_and_every_event() -> None:
    """48 commands by class name; 49 event topics plus the idempotency marker."""
    assert set(COMMAND_SCHEMAS) == {c.__name__ for c in COMMANDS}
    assert set(EVENT_SCHEMAS) == set(TOPICS)
    assert set(EVENT_TOPICS) <= set(EVENT_SCHEMAS)
    assert "nghedan.CommandAccepted" in EVENT_SCHEMAS


@pytest.mark.parametrize("schema", [*COMMAND_SCHEMAS.values(), *EVENT_SCHEMAS.values()])
def test_every_schema_is_closed_and_uses_known_keywords(schema) -> None:
    """Draft 2020-12; every object forbids extra properties; only known keywords."""
    assert schema["$schema"] == DIALECT
    assert schema["$id"].startswith("https://")
    for sub in walk(schema):
        assert set(sub) <= KEYWORDS, set(sub) - KEYWORDS
        if sub.get("type") == "object":
            assert sub["additionalProperties"] is False
            assert set(sub["required"]) <= set(sub["properties"])
        if "pattern" in sub:
            re.compile(sub["pattern"])


@pytest.mark.parametrize("cls", COMMAND_CLASSES, ids=lambda c: c.__name__)
def test_a_command_requires_its_name_and_its_fields_without_default(cls) -> None:
    """``command`` is a required const; required = the fields without a default."""
    schema = COMMAND_SCHEMAS[cls.__name__]
    assert schema["properties"]["command"] == {"const": cls.__name__}
    no_default = [f.alias for f in attrs.fields(cls) if f.default is attrs.NOTHING]
    assert schema["required"] == ["command", *no_default]
    assert set(schema["properties"]) == {"command", *(f.alias for f in attrs.fields(cls))}


def test_the_type_mapping() -> None:
    """Spot checks of each mapping rule."""
    fund = COMMAND_SCHEMAS["MakeDisbursement"]["properties"]
    assert fund["amount"] == {"type": "integer", "minimum": 0, "maximum": 10**15}
    assert fund["household_id"] == {"type": "string", "format": "uuid"}
    assert fund["approvers"] == {"type": "array", "items": {"type": "string", "format": "uuid"}}
    assert fund["purpose"]["enum"] == [
        "gift",
        "house_building",
        "house_repair",
        "toilet",
        "other_support",
    ]
    assert fund["visit_id"] == {"anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}]}
    assert fund["occurred_at"]["anyOf"][0] == {"type": "string", "format": "date-time"}
    select = COMMAND_SCHEMAS["SelectHousehold"]["properties"]
    assert select["month"] == {"type": "string", "pattern": MONTH_PATTERN}
    assert re.search(MONTH_PATTERN, "2024-03")
    assert not re.search(MONTH_PATTERN, "1999-12")
    assert not re.search(MONTH_PATTERN, "2201-01")
    assert select["selected_by"]["minItems"] == 1
    disclose = COMMAND_SCHEMAS["PublishDisclosure"]["properties"]
    assert disclose["period_from"] == {"type": "string", "format": "date"}
    register = COMMAND_SCHEMAS["RegisterHousehold"]["properties"]
    assert register["head"]["type"] == "object"
    assert register["head"]["additionalProperties"] is False
    assert register["head"]["required"] == ["person_id", "full_name"]
    assert register["categories"]["uniqueItems"] is True
    assert register["categories"]["minItems"] == 1
    reason = COMMAND_SCHEMAS["ReverseDisbursement"]["properties"]["reason"]
    assert reason["minLength"] == 1
    held = COMMAND_SCHEMAS["HoldReception"]["properties"]["attendees"]
    assert held == {"type": "integer", "minimum": 0, "maximum": 10**9}
    unit = COMMAND_SCHEMAS["RegisterUnit"]["properties"]
    assert unit["code"]["pattern"].startswith("^[0-9A-Za-z]")
    assert unit["parent"]["anyOf"][0]["pattern"] == unit["code"]["pattern"]
    score = COMMAND_SCHEMAS["AssessHousehold"]["properties"]["score"]
    assert (score["minimum"], score["maximum"]) == (0, 100)
    on_spot = COMMAND_SCHEMAS["TakeOnRecord"]["properties"]
    assert on_spot["appointment"]["type"] == "object"


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", COMMAND_CLASSES, ids=lambda c: c.__name__)
@FEWER
@given(data=st.data())
def test_every_valid_command_validates(cls, data) -> None:
    """A command line built from any valid command satisfies its schema."""
    command = data.draw(instances(cls))
    line = {"command": cls.__name__, **unstructure(command)}
    assert errors(COMMAND_SCHEMAS[cls.__name__], line) == []


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
@FEWER
@given(data=st.data())
def test_every_valid_event_payload_validates(cls, data) -> None:
    """Any valid event's stored payload (personal fields encrypted) satisfies its schema."""
    event = data.draw(instances(cls))
    stored = PERSONAL_DATA.protect(cls, unstructure(event))
    assert errors(EVENT_SCHEMAS[TOPIC_OF[cls]], stored) == []
    # the plain payload does not: a personal field stored in clear is caught
    if stored != unstructure(event):
        assert errors(EVENT_SCHEMAS[TOPIC_OF[cls]], unstructure(event)) != []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"amount": -1}, "$.amount"),
        ({"amount": "5"}, "$.amount"),
        ({"receipt_id": "nope"}, "$.receipt_id"),
        ({"source": "bribe"}, "$.source"),
        ({"occurred_at": "2024-03-04"}, "$.occurred_at"),
        ({"extra": 1}, "$.extra"),
        ({"command": "OpenFund"}, "$"),
    ],
)
def test_bad_commands_do_not_validate(change, where) -> None:
    """Typical mistakes are caught by the schema, at the right place."""
    line = {
        "command": "ReceiveContribution",
        "unit": "29500",
        "receipt_id": "0b1f4a6e-5f0c-4c55-9a39-0c1a1f0e7c01",
        "amount": 1000,
        "source": "flag_ceremony",
        "occurred_at": "2024-03-04T07:00:00+07:00",
        **change,
    }
    found = errors(COMMAND_SCHEMAS["ReceiveContribution"], line)
    assert found
    assert any(e.startswith(where) for e in found)


def test_missing_and_blank_required_fields_do_not_validate() -> None:
    """Required fields missing, required text blank, empty lists that must not be."""
    schema = COMMAND_SCHEMAS["SelectHousehold"]
    found = errors(schema, {"command": "SelectHousehold", "selected_by": []})
    assert "$.household_id: required" in found
    assert "$.month: required" in found
    assert "$.selected_by: too few items" in found
    reverse = COMMAND_SCHEMAS["ReverseDisbursement"]
    blank = {
        "command": "ReverseDisbursement",
        "unit": "29500",
        "disbursement_id": "0b1f4a6e-5f0c-4c55-9a39-0c1a1f0e7c01",
        "reason": "   ",
    }
    assert errors(reverse, blank) == ["$.reason: pattern"]


def test_an_export_line_validates() -> None:
    """The export line's own schema."""
    line = {
        "position": 1,
        "stream_id": "0b1f4a6e-5f0c-4c55-9a39-0c1a1f0e7c01",
        "version": 1,
        "topic": "fund.FundOpened",
        "recorded_at": "2024-03-04T01:00:00+00:00",
        "hash": "a" * 64,
        "prev": "0" * 64,
        "payload": {},
    }
    schema = export_line_schema()
    assert errors(schema, line) == []
    assert errors(schema, {**line, "hash": "A"}) == ["$.hash: pattern"]
    assert errors(schema, {**line, "topic": "x"}) == ["$.topic: not one of the enum"]
