"""The unit directory: every unit's name, kind, parent and merger, and which units it covers.

One rule reads it everywhere: a unit *covers* itself, the units below it (hamlets under a
commune, communes under a district or a province) and the units merged into it, transitively
(`nghedan_core.projections.report.covered_units`). The complaint board, the quota, the
household lists, the audit's totals and the HTTP tokens' scopes all ask it here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from nghedan_core.projections._base import EventRecord
from nghedan_core.projections.report import covered_units

__all__ = ["UnitDirectory", "UnitEntry"]

_UNIT_TOPICS: Final = {"unit.UnitRegistered", "unit.UnitRenamed", "unit.UnitMerged"}


@attrs.frozen
class UnitEntry:
    """A unit as the directory knows it."""

    code: str
    name: str
    kind: str
    parent: str | None
    merged_into: str | None


class UnitDirectory:
    """A small materialised projection: every unit's name, kind, parent and merger.

    The data are the unit events' own public fields. The stored name is the one the HTTP
    server has kept it under since before the directory moved into the core.
    """

    name = "http_unit_directory"

    def __init__(self) -> None:
        """Start with no units."""
        self._code_of: dict[str, str] = {}
        self._units: dict[str, list[Any]] = {}
        #: scope -> the units it covers, until the next unit event
        self._covered: dict[str, frozenset[str]] = {}

    def apply(self, record: EventRecord) -> None:
        """Take a unit event into account."""
        topic = record.topic
        if topic not in _UNIT_TOPICS:
            return
        self._covered.clear()
        p = record.payload
        if topic == "unit.UnitRegistered":
            self._code_of[record.stream_id] = p["code"]
            self._units[p["code"]] = [p["name"], p["kind"], p.get("parent"), None]
            return
        code = self._code_of.get(record.stream_id)
        if code is None or code not in self._units:
            return
        if topic == "unit.UnitRenamed":
            self._units[code][0] = p["name"]
        else:
            self._units[code][3] = p["into"]

    def snapshot(self) -> dict[str, Any]:
        """JSON-ready accumulator."""
        return {
            "code_of": dict(self._code_of),
            "units": {k: list(v) for k, v in self._units.items()},
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the accumulator with a saved one."""
        self._code_of = dict(data["code_of"])
        self._units = {k: list(v) for k, v in data["units"].items()}
        self._covered.clear()

    def get(self, code: str) -> UnitEntry | None:
        """The unit `code`, if registered."""
        row = self._units.get(code)
        if row is None:
            return None
        return UnitEntry(code=code, name=row[0], kind=row[1], parent=row[2], merged_into=row[3])

    def all(self) -> list[UnitEntry]:
        """Every unit, by code."""
        return [e for code in sorted(self._units) if (e := self.get(code)) is not None]

    def unknown(self, codes: Iterable[str]) -> list[str]:
        """The codes of `codes` that were never registered, in the order given, once each."""
        return list(dict.fromkeys(c for c in codes if c not in self._units))

    def below(self, scope: str) -> frozenset[str]:
        """`scope` and every unit below it or merged into it (transitively)."""
        found = self._covered.get(scope)
        if found is None:
            parents = {code: row[2] for code, row in self._units.items()}
            merged = {code: row[3] for code, row in self._units.items() if row[3] is not None}
            found = self._covered[scope] = frozenset(covered_units([scope], parents, merged))
        return found

    def covered(self, scopes: Iterable[str]) -> frozenset[str]:
        """Every unit some scope of `scopes` covers."""
        return frozenset().union(*(self.below(s) for s in scopes))

    def covers(self, scope: str, unit: str) -> bool:
        """Whether `unit` is `scope` itself, below it, or merged into it (transitively)."""
        return unit in self.below(scope)
