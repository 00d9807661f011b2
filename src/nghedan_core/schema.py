"""JSON Schema (draft 2020-12) of every command and every event, generated from the classes.

The attrs classes are the one source of truth: each field's annotation gives its JSON type,
and its validator the extra constraints the converter enforces (required text is not blank,
counts are ≥ 0, unit codes have their pattern, lists that must not be empty have
``minItems``). A field without a default is required; no other property is allowed. A
command's schema also requires ``"command": "<CommandClassName>"`` — the shape of a line of
a commands import (`nghedan_core.exchange.import_commands`).

Months are bounded to the years `Month` accepts, money to `MAX_VND`, free text needs a real
character, and "a relative is a household or a person, exactly one" is a ``oneOf``. In an
event's schema, personal fields are encrypted tokens (ADR 0010). What JSON Schema does not
express is still checked by the converter on the way in: Unicode NFC and control
characters in text, calendar validity of dates, a timezone on every time (``format:
date-time`` requires one), times within the years 2000 to 2200.

>>> command_schemas()["OpenFund"]["required"]
['command', 'unit']
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from typing import Any, Final
from uuid import UUID

import attrs

from nghedan_core.aggregates import COMMANDS
from nghedan_core.aggregates._base import optional_text
from nghedan_core.serialization import TOPICS
from nghedan_core.values import (
    MAX_COUNT,
    MAX_TEXT,
    MAX_VND,
    Month,
    Vnd,
    is_personal,
    text_validator,
)

__all__ = [
    "DIALECT",
    "MONTH_PATTERN",
    "TEXT_PATTERN",
    "command_schemas",
    "event_schemas",
    "export_line_schema",
    "schema_of",
]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE: Final = "https://nghedan.example/schema/"

_UNIT_CODE: Final = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$"
#: the months `Month` accepts (years 2000 to 2200)
MONTH_PATTERN: Final = r"^(20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$"
#: free text: at least one character that is neither white space nor a control character
TEXT_PATTERN: Final = r"[^\s\x00-\x1f\x7f-\x9f]"
_HASH: Final = r"^[0-9a-f]{64}$"

_SCALARS: Final[dict[Any, dict[str, Any]]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    UUID: {"type": "string", "format": "uuid"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
    Vnd: {"type": "integer", "minimum": 0, "maximum": MAX_VND},
    Month: {"type": "string", "pattern": MONTH_PATTERN},
}

#: validators (by function name, for the private ones of the aggregate modules) -> the
#: constraints they add; an unknown validator is an error, so a new one cannot be forgotten
_NAMED: Final[dict[str, dict[str, Any]]] = {
    "_non_negative": {"minimum": 0, "maximum": MAX_COUNT},
    "_score": {"minimum": 0, "maximum": 100},
    "_code": {"pattern": _UNIT_CODE},
    "_categories": {"minItems": 1},
    "_roles": {"minItems": 1},
    "_aware": {},  # format date-time already requires the offset
    # the years 2000 to 2200 (Vietnam time) are stated in words: a pattern on a date-time
    # would not follow its offset
    "_command_time": {},
    "_command_date": {},
}


def _validator_constraints(validator: Any) -> dict[str, Any]:
    """The JSON Schema keywords a field validator stands for."""
    if validator is None:
        return {}
    if validator is text_validator:
        return {"minLength": 1, "maxLength": MAX_TEXT, "pattern": TEXT_PATTERN}
    if validator is optional_text:  # empty, or a real character
        return {"maxLength": MAX_TEXT, "pattern": "^$|" + TEXT_PATTERN}
    inner = getattr(validator, "validator", None)
    if inner is not None and type(validator).__name__ == "_OptionalValidator":
        return _validator_constraints(inner)
    parts = getattr(validator, "_validators", None)
    if parts is not None:  # attrs.validators.and_
        merged: dict[str, Any] = {}
        for part in parts:
            merged.update(_validator_constraints(part))
        return merged
    min_length = getattr(validator, "min_length", None)
    if isinstance(min_length, int):
        return {"minItems": min_length}
    name = getattr(validator, "__name__", None)
    if isinstance(name, str) and name in _NAMED:
        return dict(_NAMED[name])
    msg = f"no JSON Schema mapping for validator {validator!r}; add it to schema._NAMED"
    raise NotImplementedError(msg)


def schema_of(
    t: Any, constraints: dict[str, Any] | None = None, *, stored: bool = False
) -> dict[str, Any]:
    """The schema of a value of annotated type `t`, with a field validator's `constraints`.

    `stored`: as in a stored event, whose personal fields are encrypted tokens.
    """
    extra = constraints or {}
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in args if a is not type(None)]
        inner = options[0] if len(options) == 1 else typing.Union[tuple(options)]  # noqa: UP007
        return {"anyOf": [schema_of(inner, extra, stored=stored), {"type": "null"}]}
    if origin in (tuple, frozenset, set, list):
        item = args[0] if args else Any
        array: dict[str, Any] = {"type": "array", "items": schema_of(item, stored=stored)}
        if origin in (frozenset, set):
            array["uniqueItems"] = True
        return {**array, **extra}
    if t in _SCALARS:
        return {**_SCALARS[t], **extra}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"type": "string", "enum": [m.value for m in t]}
    if attrs.has(t):
        return object_schema(t, stored=stored)
    if t is Any:
        return {}
    msg = f"no JSON Schema for type {t!r}"
    raise NotImplementedError(msg)


#: a personal field as stored: an encrypted token (`nghedan_core.personal`)
_TOKEN: Final = {
    "type": "string",
    "pattern": "^\ue000pd1:[0-9a-f]{32}:",
    "description": "Personal data, encrypted with its data subject's key (ADR 0010).",
}


def object_schema(cls: type[Any], *, stored: bool = False) -> dict[str, Any]:
    """The schema of an attrs class: its fields, the required ones, nothing else.

    `stored`: the class as stored in an event, its personal text fields encrypted tokens.
    """
    attrs.resolve_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in attrs.fields(cls):
        if not f.init:
            continue
        key = f.alias or f.name
        schema: dict[str, Any]
        if stored and is_personal(f):
            token = dict(_TOKEN)
            optional = f.default is not attrs.NOTHING
            schema = {"anyOf": [token, {"type": "null"}]} if optional else token
        else:
            schema = schema_of(f.type, _validator_constraints(f.validator), stored=stored)
        doc = _DESCRIPTIONS.get(key)
        if doc:
            schema = {"description": doc, **schema}
        properties[key] = schema
        if f.default is attrs.NOTHING:
            required.append(key)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


_DESCRIPTIONS: Final = {
    "occurred_at": "When it happened (ISO 8601 with a UTC offset).",
    "command_id": "Caller-chosen id: a command with the same id is recorded at most once.",
}


def _with_header(schema: dict[str, Any], name: str, title: str, doc: str | None) -> dict[str, Any]:
    head: dict[str, Any] = {"$schema": DIALECT, "$id": _ID_BASE + name, "title": title}
    if doc:
        head["description"] = doc.strip().splitlines()[0]
    return {**head, **schema}


def command_schema(cls: type[Any]) -> dict[str, Any]:
    """The schema of one command as a line of a commands import."""
    body = object_schema(cls)
    body["properties"] = {"command": {"const": cls.__name__}, **body["properties"]}
    body["required"] = ["command", *body["required"]]
    body.update(_CROSS_FIELD.get(cls.__name__, {}))
    return _with_header(body, f"command/{cls.__name__}", cls.__name__, cls.__doc__)


#: cross-field rules JSON Schema can state (command -> extra keywords)
_CROSS_FIELD: Final[dict[str, dict[str, Any]]] = {
    "DeclareRelative": {
        "oneOf": [
            {
                "required": ["household_id"],
                "properties": {"household_id": {"type": "string"}, "person_id": {"type": "null"}},
            },
            {
                "required": ["person_id"],
                "properties": {"person_id": {"type": "string"}, "household_id": {"type": "null"}},
            },
        ]
    },
}


def event_schema(topic: str, cls: type[Any]) -> dict[str, Any]:
    """The schema of one event's payload (as stored and exported)."""
    return _with_header(object_schema(cls, stored=True), f"event/{topic}", topic, cls.__doc__)


def _name(cls: type[Any]) -> str:
    return cls.__name__


def command_schemas() -> dict[str, dict[str, Any]]:
    """Command class name -> the schema of that command (with its ``"command"`` const)."""
    return {cls.__name__: command_schema(cls) for cls in sorted(COMMANDS, key=_name)}


def event_schemas() -> dict[str, dict[str, Any]]:
    """Stable event topic -> the schema of that event's payload.

    The idempotency marker ``nghedan.CommandAccepted`` is included: it is stored and
    exported like any event.
    """
    return {topic: event_schema(topic, cls) for topic, cls in sorted(TOPICS.items())}


def export_line_schema() -> dict[str, Any]:
    """The schema of one line of an events export (`nghedan_core.exchange.export_events`)."""
    positive = {"type": "integer", "minimum": 1}
    hash_ = {"type": "string", "pattern": _HASH}
    return {
        "$schema": DIALECT,
        "$id": _ID_BASE + "export-line",
        "title": "Exported event",
        "type": "object",
        "properties": {
            "position": positive,
            "stream_id": {"type": "string", "format": "uuid"},
            "version": positive,
            "topic": {"type": "string", "enum": sorted(TOPICS)},
            "recorded_at": {"type": "string", "format": "date-time"},
            "hash": hash_,
            "prev": hash_,
            "payload": {"type": "object"},
            "actor": {
                "type": "string",
                "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                "description": "Who carried the act out: the id of an official of the record,"
                " or of the administrator who started the store (left out of events recorded"
                " before events named their actor).",
            },
            "class_version": {
                "type": "integer",
                "minimum": 2,
                "description": "The payload's shape version, when the event type is versioned"
                " (left out when it is 1).",
            },
        },
        "required": [
            "position",
            "stream_id",
            "version",
            "topic",
            "recorded_at",
            "hash",
            "prev",
            "payload",
        ],
        "additionalProperties": False,
    }
