"""Every personal value a list of commands carries: what no public output may show.

Shared by the personal-data tests (storage holds only tokens) and the public-output scan.
Officials' names are left out: they act in a public capacity, and the demo's random names
sometimes give a citizen the same name as an official.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from nghedan_core.values import Person, is_personal


def personal_values(commands: Iterable[Any]) -> set[str]:
    """Names, phones, addresses, circumstances, contributors, relatives — not officials."""
    found: set[str] = set()
    officials: set[str] = set()

    def walk(obj: Any) -> None:
        if isinstance(obj, Person):
            found.update(v for v in (obj.full_name, obj.phone, obj.address) if v)
        elif attrs.has(type(obj)):
            for f in attrs.fields(type(obj)):
                value = getattr(obj, f.name)
                if is_personal(f) and isinstance(value, str) and value:
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(obj, tuple | list):
            for v in obj:
                walk(v)

    for command in commands:
        if type(command).__name__ == "RegisterOfficial":
            officials.add(command.full_name)
        walk(command)
    return found - officials


def admin_of(app: Any) -> Any:
    """The administrator who started a test store (who may erase anyone's data)."""
    started = app.administrator()
    assert started is not None
    return started.administrator_id
