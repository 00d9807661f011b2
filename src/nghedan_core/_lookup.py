"""The store's answers to the aggregates' `gather` functions (`aggregates.Lookup`).

`StoreLookup` reads stream states and the index as the decision being made sees them (in
a group commit: after the group's earlier commands), through callables `NgheDan` hands it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from nghedan_core._index import Index
from nghedan_core.aggregates import Aggregate, OfficialInfo, UnitInfo
from nghedan_core.aggregates import complaint as complaint_
from nghedan_core.aggregates import household as household_
from nghedan_core.aggregates import official as official_
from nghedan_core.aggregates import unit as unit_
from nghedan_core.aggregates import visit as visit_
from nghedan_core.config import PolicyConfig
from nghedan_core.policies.impartiality import Candidate

__all__ = ["StoreLookup"]

S = TypeVar("S")


class StoreLookup:
    """`aggregates.Lookup` over the store: states, the index, the history digest."""

    def __init__(
        self,
        *,
        config: Callable[[], PolicyConfig],
        load: Callable[[Aggregate[Any], UUID], Any],
        view: Callable[[], Index],
        digest: Callable[[], tuple[str, int]],
        candidates: dict[UUID, tuple[Any, Candidate]],
        cache_size: int,
    ) -> None:
        """Read states with `load`, the index with `view`, the digest with `digest`."""
        self._config = config
        self._load = load
        self._view = view
        self._digest = digest
        #: household -> (its state, the `Candidate` made of it): a selection ranks every
        #: household of the commune, most unchanged since the last one
        self._candidates = candidates
        self._cache_size = cache_size
        #: unit code -> its stream id (a name-based UUID, asked for by every command)
        self._unit_ids: dict[str, UUID] = {}

    @property
    def config(self) -> PolicyConfig:
        """The policy numbers the rules read."""
        return self._config()

    def state(self, aggregate: Aggregate[S], stream_id: UUID) -> S | None:
        """The state of a stream as `aggregate`; None if absent or another kind of record."""
        return self._load(aggregate, stream_id)  # type: ignore[no-any-return]

    def unit(self, code: str) -> UnitInfo | None:
        """What is recorded of the unit `code`, with its hamlets; None if never registered."""
        state = self._load(unit_.AGGREGATE, unit_.unit_id(code))
        if state is None:
            return None
        return UnitInfo(
            code=state.code,
            name=state.name,
            kind=state.kind.value,
            parent=state.parent,
            merged_into=state.merged_into,
            hamlets=tuple(self._view().hamlets_of(code)),
        )

    def merged_into(self, code: str) -> str | None:
        """The unit `code` was merged into; None if it was not (or was never registered)."""
        stream_id = self._unit_ids.get(code)
        if stream_id is None:
            if len(self._unit_ids) >= self._cache_size:
                self._unit_ids.clear()
            stream_id = self._unit_ids[code] = unit_.unit_id(code)
        state = self._load(unit_.AGGREGATE, stream_id)
        return None if state is None else state.merged_into

    def official(self, official_id: UUID) -> OfficialInfo | None:
        """What is recorded of an official; None if never registered."""
        state = self._load(official_.AGGREGATE, official_id)
        if state is None:
            return None
        return OfficialInfo(
            official_id=state.official_id,
            unit=state.unit,
            roles=frozenset(r.value for r in state.roles),
            active=state.active,
        )

    def candidate(self, household_id: UUID) -> Candidate | None:
        """The household as the selection rule sees it (made again only when it changed)."""
        state = self._load(household_.AGGREGATE, household_id)
        if state is None:
            return None
        made = self._candidates.get(household_id)
        if made is not None and made[0] is state:  # states are immutable: same object, same
            return made[1]
        if len(self._candidates) >= self._cache_size:
            self._candidates.clear()
        candidate: Candidate = state.candidate()
        self._candidates[household_id] = (state, candidate)
        return candidate

    def households_of(self, unit: str) -> Sequence[UUID]:
        """The households registered in `unit`, in log order."""
        return self._view().households_of(unit)

    def last_hosted(self, unit: str) -> Mapping[str, date]:
        """The date each hamlet of `unit` last hosted a reception."""
        return self._view().last_hosted_of(unit)

    def open_complaints(self, session_id: UUID) -> int:
        """How many complaints of a session have neither an answer nor an appointment."""
        count = 0
        for cid in self._view().complaints_of(session_id):
            c = self._load(complaint_.AGGREGATE, cid)
            if c is not None and not c.has_outcome:
                count += 1
        return count

    def visits_made(self, session_id: UUID) -> int:
        """How many distinct households were visited (visits conducted) for a session."""
        households = set()
        for vid in self._view().visits_of(session_id):
            v = self._load(visit_.AGGREGATE, vid)
            if v is not None and v.conducted:
                households.add(v.household_id)
        return len(households)

    def digest(self) -> tuple[str, int]:
        """The history digest before the command being decided, and the events it covers."""
        return self._digest()
