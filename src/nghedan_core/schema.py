"""JSON Schema (draft 2020-12) of every command, event and view, generated from the classes.

The attrs classes are the one source of truth, read through the one walk over their fields
(`nghedan_core.fields`): each field's annotation gives its JSON type, and its validator the
extra constraints the converter enforces (required text is not blank, counts are ≥ 0, unit
codes have their pattern, lists that must not be empty have ``minItems``). A field without a
default is required; no other property is allowed. A
command's schema also requires ``"command": "<CommandClassName>"`` — the shape of a line of
a commands import (`nghedan_core.exchange.import_commands`).

Months are bounded to the years `Month` accepts, money to `MAX_VND`, free text needs a real
character, and "a relative is a household or a person, exactly one" is a ``oneOf``. In an
event's schema, personal fields are encrypted tokens (ADR 0010). What JSON Schema does not
express is still checked by the converter on the way in: Unicode NFC and control
characters in text, calendar validity of dates, a timezone on every time (``format:
date-time`` requires one), times within the years 2000 to 2200.

The OpenAPI document (`nghedan_http.openapi`) is made of these schemas: command bodies are
`command_schemas`, response bodies `view_schema` of the view classes (every field present but
the personal ones, which a public view leaves out), and its query parameters take the
patterns defined here (`UNIT_CODE`, `MONTH_NOTATION_PATTERN`, `DATE_PATTERN`).

>>> command_schemas()["OpenFund"]["required"]
['command', 'unit']
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final, Literal
from uuid import UUID

import attrs

from nghedan_core.aggregates import COMMANDS
from nghedan_core.fields import (
    MONTH_PATTERN,
    TEXT_PATTERN,
    UNIT_CODE_PATTERN,
    FieldSpec,
    fields_of,
)
from nghedan_core.serialization import TOPICS
from nghedan_core.values import MAX_VND, Month, Vnd

__all__ = [
    "DATE_PATTERN",
    "DIALECT",
    "MONTH_NOTATION_PATTERN",
    "MONTH_PATTERN",
    "TEXT_PATTERN",
    "UNIT_CODE",
    "UNIT_CODE_PATTERN",
    "Form",
    "command_schemas",
    "event_schemas",
    "export_line_schema",
    "object_schema",
    "schema_of",
    "view_schema",
]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE: Final = "https://nghedan.example/schema/"

#: a month in a query: ``2024-03`` or, as Vietnamese write it, ``03/2024`` (``3/2024``), in
#: the years `Month` accepts — every text it allows `nghedan_core.notation.parse_month` reads
MONTH_NOTATION_PATTERN: Final = (
    r"^((20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])"
    r"|(0?[1-9]|1[0-2])/(20[0-9]{2}|21[0-9]{2}|2200))$"
)
#: a date in a query: ``YYYY-MM-DD`` only (``format: date`` alone is not asserted)
DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"
_HASH: Final = r"^[0-9a-f]{64}$"

#: how a class is written: ``input`` (a command as sent: every constraint its validators
#: check), ``stored`` (an event as stored: personal fields are encrypted tokens), ``view``
#: (a view as the API renders it: every field present but the personal ones, which a
#: public view leaves out)
Form = Literal["input", "stored", "view"]

_SCALARS: Final[dict[Any, dict[str, Any]]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    UUID: {"type": "string", "format": "uuid"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
    Vnd: {"type": "integer", "minimum": 0, "maximum": MAX_VND},
    Month: {"type": "string", "pattern": MONTH_PATTERN},
}
#: a unit code, as every unit field and query parameter takes it
UNIT_CODE: Final = {"type": "string", "pattern": UNIT_CODE_PATTERN}


def schema_of(
    t: Any, constraints: Mapping[str, Any] | None = None, *, form: Form = "input"
) -> dict[str, Any]:
    """The schema of a value of annotated type `t`, with a field validator's `constraints`."""
    extra = dict(constraints or {})
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [schema_of(a, extra, form=form) for a in args]}
    if t is type(None):
        return {"type": "null"}
    if origin in (tuple, frozenset, set, list):
        item = args[0] if args else Any
        array: dict[str, Any] = {"type": "array", "items": schema_of(item, form=form)}
        if origin in (frozenset, set):
            array["uniqueItems"] = True
        return {**array, **extra}
    if isinstance(origin, type) and issubclass(origin, Mapping):
        value = args[1] if len(args) == 2 else Any
        return {"type": "object", "additionalProperties": schema_of(value, form=form)}
    if t in _SCALARS:
        return {**_SCALARS[t], **extra}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"type": "string", "enum": [m.value for m in t]}
    if isinstance(t, type) and attrs.has(t):
        return object_schema(t, form=form)
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


def _field_schema(spec: FieldSpec, form: Form) -> dict[str, Any]:
    schema: dict[str, Any]
    if form == "stored" and spec.personal:
        token = dict(_TOKEN)
        schema = token if spec.required else {"anyOf": [token, {"type": "null"}]}
    elif form == "view":  # what is checked on the way in is not promised on the way out
        schema = schema_of(spec.annotation, form=form)
    else:
        schema = schema_of(spec.annotation, spec.constraints, form=form)
    return {"description": spec.description, **schema} if spec.description else schema


def object_schema(cls: type[Any], *, form: Form = "input") -> dict[str, Any]:
    """The schema of an attrs class (`fields.fields_of`): its fields, the required ones.

    A command or an event allows no other property; a view (`form` ``view``) requires every
    field but the personal ones.
    """
    specs = fields_of(cls)
    properties = {spec.key: _field_schema(spec, form) for spec in specs}
    if form == "view":
        return {
            "type": "object",
            "properties": properties,
            "required": [spec.key for spec in specs if not spec.personal],
        }
    return {
        "type": "object",
        "properties": properties,
        "required": [spec.key for spec in specs if spec.required],
        "additionalProperties": False,
    }


def view_schema(t: Any) -> dict[str, Any]:
    """The schema of a value of view type `t` as the API renders it (personal fields optional)."""
    return schema_of(t, form="view")


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
    return _with_header(object_schema(cls, form="stored"), f"event/{topic}", topic, cls.__doc__)


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
