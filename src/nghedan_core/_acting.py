"""The acting person, as the application knows them (ADR 0018): a mixin of `NgheDan`.

An empty store is started by its administrator (`start_record`, the one event recorded
without an actor); every other write is carried out by an actor the core checks
(`_streams.Streams._authorise`). Adapters ask here who may carry out a command
(`actors_for`) and whether an actor may (`check_actor`, `check_erasure`) before they write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from nghedan_core._group import GroupCommit
from nghedan_core._reader import PAGE
from nghedan_core.aggregates import Command
from nghedan_core.authority import command_units
from nghedan_core.errors import ActorError, RecordStartedError
from nghedan_core.serialization import GENESIS, RECORD_STREAM, Recorded, RecordStarted, structure

__all__ = ["Acting"]


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


class Acting(GroupCommit):
    """Starting a store with its administrator; who may carry out a command."""

    def max_position(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return self.recorder.max_notification_id() or 0

    def start_record(
        self, administrator_name: str, *, administrator_id: UUID | None = None
    ) -> UUID:
        """Start an empty store: record its administrator (`RecordStarted`); return their id.

        The administrator may then carry out the setup commands (register units and
        officials: `authority.Grant.administrator`), and nothing of the month's business.
        Refused with `RecordStartedError` on a store that holds anything (ADR 0018).
        """
        administrator = administrator_id or uuid4()
        event = structure(
            {
                "occurred_at": self.clock().isoformat(),
                "administrator_id": str(administrator),
                "administrator_name": administrator_name,
            },
            RecordStarted,
        )
        with self._lock, self._fresh():
            events = self.max_position()
            if events:
                raise RecordStartedError(events=events)
            r = Recorded.seal(RECORD_STREAM, 1, event, self.clock(), GENESIS, actor=administrator)
            try:
                ids = self.recorder.insert_events([self.mapper.to_stored_event(r)])
            except IntegrityError:
                raise RecordStartedError(events=self.max_position()) from None
            self._advance(ids, [r])
        return administrator

    def administrator(self) -> RecordStarted | None:
        """Who started the store (`start_record`); None for a store started before that."""
        stored = self.recorder.select_events(RECORD_STREAM, limit=1)
        if not stored:
            return None
        started = cast("Recorded", self.mapper.to_domain_event(stored[0]))
        return cast("RecordStarted", started.event)

    def official_ids(self) -> tuple[UUID, ...]:
        """Every official ever registered, in the order they were registered.

        Read from the log's registrations after the last call (kept apart from the index,
        which the writers' rules read).
        """
        with self._lock:
            seen = self.__dict__.setdefault("_officials_seen", [0, []])
            while True:
                found = self.recorder.select_notifications(
                    start=seen[0] + 1, limit=PAGE, topics=("official.OfficialRegistered",)
                )
                for n in found:
                    seen[1].append(n.originator_id)
                    seen[0] = n.id
                if len(found) < PAGE:
                    break
            return tuple(_uuid(i) for i in seen[1])

    def check_actor(self, command: Command, *, actor: UUID | None) -> None:
        """Raise the `ActorError` `handle` would raise for `actor` and `command`, if any."""
        with self._lock, self._fresh():
            self._authorise(self._timed(command), actor)

    def check_erasure(self, units: Iterable[str | None], *, actor: UUID | None) -> None:
        """Raise the `ActorError` refusing `actor` an erasure of data held in `units`, if any.

        `authority.ERASURE`: the administrator who started the store, or a serving leader
        of every unit (or of a unit above it); data in a record of no unit (None) is the
        administrator's alone to erase (`erasure.erase_person` asks this first).
        """
        with self._lock, self._fresh():
            self._authorise_erasure(tuple(units), actor)

    def actors_for(self, command: Command) -> tuple[UUID, ...]:
        """Who may carry out `command` now: serving officials, then the administrator.

        The officials the command names as acting in person come first, then those of the
        command's own unit, then the rest, each in the order they were registered.
        """
        with self._lock, self._fresh():
            command = self._timed(command)
            found: list[UUID] = []
            for official_id in self.official_ids():
                try:
                    self._authorise(command, official_id)
                except ActorError:
                    continue
                found.append(official_id)
            administrator = self._administrator_id()
            if administrator is not None:
                try:
                    self._authorise(command, administrator)
                    found.append(administrator)
                except ActorError:
                    pass
        units = set(command_units(command, self._lookup))
        return tuple(
            sorted(
                found,
                key=lambda a: (info := self._lookup.official(a)) is None or info.unit not in units,
            )
        )
