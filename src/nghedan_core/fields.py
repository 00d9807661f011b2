"""The one walk over the fields of an attrs class: what every generated adapter reads.

Four things are generated from the command, event and view classes: the JSON Schema
(`nghedan_core.schema`, ``nghedan schema commands``), the OpenAPI document (which wraps that
schema), the CLI's options (one per field, nested values flattened: ``--citizen-full-name``)
and the BDD adapter's tables and step catalogue. Each of them asks this module, and only this
module, what a class's fields are: `fields_of` for its fields, `leaves` for the fields of
nested classes flattened. An adapter keeps only its rendering (click options, Vietnamese type
words, OpenAPI wrapping).

It is a module of its own, not a part of `schema`, because the CLI and BDD adapters need the
walk but not JSON Schema; the validator's constraints are nevertheless given in JSON Schema
keywords (``minLength``, ``pattern``, ``minimum``...), the one vocabulary for them the project
publishes.

>>> from nghedan_core.aggregates.fund import OpenFund
>>> [(f.key, f.required) for f in fields_of(OpenFund) if f.key == "unit"]
[('unit', True)]
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs

from nghedan_core.aggregates._base import optional_text
from nghedan_core.values import (
    DESCRIPTION,
    MAX_COUNT,
    MAX_TEXT,
    PUBLISHED_KEY,
    UNIT_CODE_PATTERN,
    Month,
    Vnd,
    is_personal,
    text_validator,
)

__all__ = [
    "CREATED_IDS",
    "MONTH_PATTERN",
    "NEW_IDS",
    "TEXT_PATTERN",
    "UNIT_CODE_PATTERN",
    "VALUES",
    "FieldSpec",
    "constraints_of",
    "fields_of",
    "leaves",
    "unwrap",
]

#: attrs classes written as one value (``26500000``, ``"2024-03"``), never walked into
VALUES: Final[tuple[type[Any], ...]] = (Vnd, Month)

#: the months `Month` accepts (years 2000 to 2200)
MONTH_PATTERN: Final = r"^(20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$"
#: free text: at least one character that is neither white space nor a control character
TEXT_PATTERN: Final = r"[^\s\x00-\x1f\x7f-\x9f]"

#: validators (by function name, for the private ones of the aggregate modules) -> the
#: constraints they add; an unknown validator is an error, so a new one cannot be forgotten
_NAMED: Final[dict[str, dict[str, Any]]] = {
    "_non_negative": {"minimum": 0, "maximum": MAX_COUNT},
    "_score": {"minimum": 0, "maximum": 100},
    "_code": {"pattern": UNIT_CODE_PATTERN},
    "_categories": {"minItems": 1},
    "_roles": {"minItems": 1},
    "_aware": {},  # format date-time already requires the offset
    # the years 2000 to 2200 (Vietnam time) are stated in words: a pattern on a date-time
    # would not follow its offset
    "_command_time": {},
    "_command_date": {},
}

#: the commands that create the record their id field names: an adapter may leave that id
#: out, and a new one is made and shown (the CLI's options, the workspace's forms)
CREATED_IDS: Final[Mapping[str, str]] = {
    "RegisterOfficial": "official_id",
    "RaiseComplaint": "complaint_id",
    "RegisterHousehold": "household_id",
    "PlanVisit": "visit_id",
    "PlanVolunteerWork": "work_id",
    "PledgeContribution": "pledge_id",
    "ReceiveContribution": "receipt_id",
    "MakeDisbursement": "disbursement_id",
    "RequestPayment": "disbursement_id",
}
#: the id fields a new id may fill: the created records' and a person's (a citizen's,
#: a household member's) own id
NEW_IDS: Final[frozenset[str]] = frozenset({*CREATED_IDS.values(), "person_id"})


def constraints_of(validator: Any) -> dict[str, Any]:
    """The constraints (JSON Schema keywords) a field validator stands for."""
    if validator is None:
        return {}
    if validator is text_validator:
        return {"minLength": 1, "maxLength": MAX_TEXT, "pattern": TEXT_PATTERN}
    if validator is optional_text:  # empty, or a real character
        return {"maxLength": MAX_TEXT, "pattern": "^$|" + TEXT_PATTERN}
    inner = getattr(validator, "validator", None)
    if inner is not None and type(validator).__name__ == "_OptionalValidator":
        return constraints_of(inner)
    parts = getattr(validator, "_validators", None)
    if parts is not None:  # attrs.validators.and_
        merged: dict[str, Any] = {}
        for part in parts:
            merged.update(constraints_of(part))
        return merged
    min_length = getattr(validator, "min_length", None)
    if isinstance(min_length, int):
        return {"minItems": min_length}
    name = getattr(validator, "__name__", None)
    if isinstance(name, str) and name in _NAMED:
        return dict(_NAMED[name])
    msg = f"no constraints known for validator {validator!r}; add it to fields._NAMED"
    raise NotImplementedError(msg)


def unwrap(annotation: Any) -> tuple[Any, bool, Any]:
    """(type, optional, collection) of an annotation.

    ``X | None`` is optional X; ``tuple[X, ...]``, ``frozenset[X]``, ``list[X]`` and
    ``set[X]`` are many X (`collection` is the container: ``tuple``, ``frozenset``...; None
    for one value). A union of several types other than None is left as it is.
    """
    t = annotation
    optional = False
    if typing.get_origin(t) in (types.UnionType, typing.Union):
        args = typing.get_args(t)
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            optional = len(args) > 1
            t = options[0]
    origin = typing.get_origin(t)
    if origin in (tuple, frozenset, set, list):
        args = typing.get_args(t)
        return (args[0] if args else Any), optional, origin
    return t, optional, None


@attrs.frozen
class FieldSpec:
    """One field of an attrs class, as every generated adapter needs it."""

    #: the attribute's name
    name: str
    #: the key it is published and read under (JSON, the commands import, BDD tables)
    key: str
    #: the names from the walked class down to this field (one name unless nested)
    path: tuple[str, ...]
    #: the annotation as written (resolved)
    annotation: Any
    #: the type with ``None`` and the collection taken off (an item's type when `many`)
    type: Any
    #: whether None is allowed
    optional: bool
    #: the collection (``tuple``, ``frozenset``...) when the field holds many values
    collection: Any
    #: whether it must be given: no default (and, for a nested field, every field above it
    #: must be given too)
    required: bool
    #: the default, ``attrs.NOTHING`` when there is none
    default: Any
    #: whether it holds personal data (ADR 0010)
    personal: bool
    #: what its validator demands, in JSON Schema keywords
    constraints: Mapping[str, Any]
    #: its one-sentence description, if it has one
    description: str | None

    @property
    def many(self) -> bool:
        """Whether the field holds a collection of values."""
        return self.collection is not None

    @property
    def nested(self) -> bool:
        """Whether the field holds one value of another attrs class of fields (not a value)."""
        return not self.many and attrs.has(self.type) and self.type not in VALUES


def fields_of(
    cls: type[Any], prefix: tuple[str, ...] = (), *, required: bool = True
) -> tuple[FieldSpec, ...]:
    """The fields of attrs class `cls` that its constructor takes, in order.

    `prefix`: the path of `cls` itself when it is nested; `required`: whether `cls` itself
    must be given (its fields are required only then).
    """
    attrs.resolve_types(cls)
    specs = []
    for f in attrs.fields(cls):
        if not f.init:
            continue
        inner, optional, collection = unwrap(f.type)
        specs.append(
            FieldSpec(
                name=f.name,
                key=f.metadata.get(PUBLISHED_KEY) or f.alias or f.name,
                path=(*prefix, f.name),
                annotation=f.type,
                type=inner,
                optional=optional,
                collection=collection,
                required=required and f.default is attrs.NOTHING,
                default=f.default,
                personal=is_personal(f),
                constraints=constraints_of(f.validator),
                description=f.metadata.get(DESCRIPTION),
            )
        )
    return tuple(specs)


def leaves(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """The fields of `cls` with every nested class's fields in its place, flattened.

    ``RaiseComplaint``'s ``citizen`` (a `Person`) gives ``("citizen", "person_id")`` and
    ``("citizen", "full_name")``...; a nested field is required only when its field above is
    required and not optional.
    """
    return _leaves(cls, (), required=True)


def _leaves(cls: type[Any], prefix: tuple[str, ...], *, required: bool) -> tuple[FieldSpec, ...]:
    out: list[FieldSpec] = []
    for spec in fields_of(cls, prefix, required=required):
        if spec.nested:
            out.extend(_leaves(spec.type, spec.path, required=spec.required and not spec.optional))
        else:
            out.append(spec)
    return tuple(out)
