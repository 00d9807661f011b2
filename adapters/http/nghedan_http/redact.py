"""Turning views into JSON, with or without personal data.

`public_data` walks a view (attrs classes, mappings, sequences) and leaves out every field
marked personal (``metadata={"personal": True}``, `nghedan_core.values.is_personal`): citizens' and
heads of household's names, phones, addresses, circumstances, contributors. It is generic,
so a personal field added to a view later is redacted without touching the adapter.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from nghedan_core import unstructure
from nghedan_core.values import is_personal

__all__ = ["full_data", "public_data"]


def public_data(obj: Any) -> Any:
    """JSON-ready data of `obj` without any personal field."""
    if attrs.has(type(obj)):
        return {
            f.name: public_data(getattr(obj, f.name))
            for f in attrs.fields(type(obj))
            if not is_personal(f)
        }
    if isinstance(obj, Mapping):
        return {str(k): public_data(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [public_data(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((public_data(v) for v in obj), key=str)
    if isinstance(obj, enum.Enum):
        return obj.value
    return unstructure(obj)


def full_data(obj: Any) -> Any:
    """JSON-ready data of `obj`, personal fields included (for authorised tokens)."""
    if isinstance(obj, Mapping):
        return {str(k): full_data(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)) and not attrs.has(type(obj)):
        return [full_data(v) for v in obj]
    return unstructure(obj)
