"""The group commit: many commands decided against the states as they stand, one write.

`NgheDan.handle_many` decides up to `GROUP_COMMANDS` commands in memory — each stream read
once and kept with the group's events, facts from an overlay of the index — and inserts
all their events in one transaction (on SQLite, one ``executemany``). Each command is
still decided exactly as `NgheDan.handle` would decide it after the commands before it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Final
from uuid import UUID

import attrs
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core._index import INDEX_TOPIC_SET, Index
from nghedan_core._streams import Loaded, Streams
from nghedan_core.aggregates import COMMANDS, Command
from nghedan_core.aggregates import fund as fund_
from nghedan_core.audit import next_digest
from nghedan_core.errors import DomainError
from nghedan_core.serialization import CommandAccepted, Recorded, command_digest
from nghedan_core.values import Person

__all__ = ["GROUP_COMMANDS", "Batch", "BatchResult", "GroupCommit", "GroupConflictError"]

#: most commands a group commit decides before writing (one transaction)
GROUP_COMMANDS: Final = 500
#: ids per ``IN (...)`` list of the SQLite prefetch
_IN_CHUNK: Final = 500


@attrs.frozen
class BatchResult:
    """What `NgheDan.handle_many` did: the events of each command handled, the refusal.

    ``recorded[i]`` is what command ``i`` recorded (``()`` when its ``command_id`` was
    already recorded); when ``error`` is set, it is the refusal of command
    ``len(recorded)`` and nothing from that command on was written.
    """

    recorded: tuple[tuple[Recorded, ...], ...]
    error: DomainError | None = None


@attrs.define
class Batch:
    """A group commit in the making: the states as they stand after its earlier commands."""

    index: Index
    #: every stream the group has read or written, as it stands now (version 0: absent)
    states: dict[UUID, Loaded] = attrs.field(factory=dict)
    #: the streams the group wrote
    written: set[UUID] = attrs.field(factory=set)
    #: command id -> its markers, as read and as the group recorded them
    markers: dict[str, list[Recorded]] = attrs.field(factory=dict)
    #: command id -> whether the store already holds its marker (read in one query)
    known_markers: dict[str, bool] = attrs.field(factory=dict)
    #: stream -> its stored events, read in one query for streams not in the cache
    prefetched: dict[UUID, list[StoredEvent]] = attrs.field(factory=dict)
    records: list[Recorded] = attrs.field(factory=list)
    #: command id -> its marker's stream
    marker_ids: dict[str, UUID] = attrs.field(factory=dict)
    #: the log position a disclosure's digest assumed the group's events to follow
    after: int | None = None
    #: the history digest so far: (the group's records it covers, digest, events covered)
    digest: tuple[int, str, int] | None = None
    #: the keys of the people the group's commands name (subject -> key)
    keys: dict[str, bytes] = attrs.field(factory=dict)

    def add(self, records: list[Recorded], states: list[tuple[UUID, Loaded]]) -> None:
        self.records.extend(records)
        for stream_id, loaded in states:
            self.states[stream_id] = loaded
            self.written.add(stream_id)
        for r in records:
            if r.topic in INDEX_TOPIC_SET:
                self.index.apply(r)
            elif isinstance(r.event, CommandAccepted):
                self.markers.setdefault(r.event.command_id, []).append(r)


class GroupConflictError(Exception):
    """Another writer got there first: the group commit wrote nothing."""


def _people(command: Command) -> Iterator[Person]:
    """The `Person` values a command carries (directly or in a collection)."""
    for field in attrs.fields(type(command)):
        value = getattr(command, field.name)
        if isinstance(value, Person):
            yield value
        elif isinstance(value, (tuple, frozenset, list)):
            yield from (v for v in value if isinstance(v, Person))


def until_disclosure(commands: Sequence[Command]) -> int:
    """How many commands a group takes: up to (not including) a disclosure after the first."""
    for i, command in enumerate(commands):
        if i and isinstance(command, fund_.PublishDisclosure):
            return i
    return len(commands)


def _marks(keys: Sequence[object]) -> str:
    """``?,?,…``: one SQL parameter per key."""
    return ",".join("?" * len(keys))


class GroupCommit(Streams):
    """`handle_many`'s group commits (a base of `NgheDan`)."""

    def _handle_many(
        self,
        commands: Sequence[Command],
        *,
        group: bool = True,
        actor: UUID | None = None,
        actors: Sequence[UUID | None] | None = None,
        imported: bool = False,
    ) -> BatchResult:
        """Handle `commands` in order, in group commits; stop at the first refusal.

        Each group (up to `GROUP_COMMANDS` commands) is decided against the states as they
        stand after its earlier commands — streams read once and kept, facts from the
        in-process index and those states, events sealed onto the streams' heads — and
        written in **one** transaction. Each command is still wholly recorded or not at
        all, recorded once per ``command_id``, and decided exactly as `handle` would decide
        it after the commands before it: a refused command is decided again on its own
        against the store (the commands before it written first) and, if still refused,
        ends the run. When another writer got to a stream first, the group is dropped
        and its commands are handled one by one through `_handle` (which re-decides).
        ``group=False`` handles every command through `_handle`.
        """
        for command in commands:
            if type(command) not in COMMANDS:
                msg = f"not a nghedan command: {type(command).__name__}"
                raise TypeError(msg)
        if actors is not None and len(actors) != len(commands):
            msg = "actors: one per command"
            raise ValueError(msg)
        done: list[tuple[Recorded, ...]] = []
        acting = actors if actors is not None else [actor] * len(commands)
        rest = list(zip(commands, acting, strict=True))
        while rest:
            chunk, rest = rest[:GROUP_COMMANDS], rest[GROUP_COMMANDS:]
            results = None
            refused = False
            if group:
                try:
                    results, refused = self._group(chunk, imported=imported)
                except GroupConflictError:
                    results = None  # nothing written: these commands go one by one
            if results is None:
                for command, who in chunk:
                    try:
                        done.append(self._handle(command, who, imported=imported))
                    except DomainError as e:
                        return BatchResult(tuple(done), e)
                continue
            done.extend(results)
            if refused:
                # refused in the group: decided again alone, against the store as written
                try:
                    done.append(self._handle(*chunk[len(results)], imported=imported))
                except DomainError as e:
                    return BatchResult(tuple(done), e)
                rest = chunk[len(results) + 1 :] + rest
            elif len(results) < len(chunk):  # the group ended early (a disclosure)
                rest = chunk[len(results) :] + rest
        return BatchResult(tuple(done))

    def _group(
        self, acts: list[tuple[Command, UUID | None]], *, imported: bool = False
    ) -> tuple[list[tuple[Recorded, ...]], bool]:
        """Decide `commands` into one group commit and write it; stop at a refusal.

        Returns what each command recorded, up to (not including) the first refused one,
        and whether a command was refused. A disclosure carries the digest of the history
        recorded before it: on SQLite the digest of the store as read, continued over the
        group's earlier events, and the group's insert checks, in its transaction, that its
        events come right after what was read; elsewhere a disclosure ends the group before
        it (unless it comes first). Raises `GroupConflictError` when the write collided
        with another writer.
        """
        results: list[tuple[Recorded, ...]] = []
        refused = False
        commands = [c for c, _ in acts]
        if not isinstance(self.recorder, SQLiteApplicationRecorder):
            commands = commands[: until_disclosure(commands)]
        with self._lock, self._fresh():
            batch = self._batch = Batch(Index(self._index))
            try:
                self._prefetch(commands)
                self._prepare_keys(commands)
                for sent, actor in acts[: len(commands)]:
                    digest = command_digest(sent) if sent.command_id is not None else ""
                    command = self._timed(sent)
                    try:
                        self._authorise(command, actor, imported=imported)
                        mark = self._mark(command, digest)
                        if mark is None:
                            results.append(())
                            continue
                        self._check_time(command, imported=imported)
                        writes = self._decide(command)
                    except DomainError:
                        refused = True
                        break
                    results.append(self._save(writes, command, mark, actor, imported=imported))
                self._commit(batch)
            finally:
                self._batch = None
        return results, refused

    def _commit(self, batch: Batch) -> None:
        """Write a group's events in one transaction; then keep its states."""
        if batch.records:
            try:
                ids = self._write_group(batch.records, batch.after)
            except (IntegrityError, sqlite3.IntegrityError):
                raise GroupConflictError from None
            except (OperationalError, sqlite3.OperationalError) as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                raise GroupConflictError from None
            self._advance(ids, batch.records)
        for stream_id in batch.written:
            self._remember(stream_id, batch.states[stream_id])

    def _digest_before_command(self) -> tuple[str, int]:
        """The history digest before the command being decided, and the events it covers.

        In a group commit the group's earlier events come first: the digest of the store
        as read continues over them, provided the group is written right after what was
        read (`_write_group` checks it); the group keeps the digest as it goes.
        """
        batch = self._active_batch()
        if batch is None:
            return self._history_digest()
        if batch.digest is None:
            digest, events = self._history_digest()
            batch.after = self._digest[0]
            batch.digest = (0, digest, events)
        covered, digest, events = batch.digest
        for r in batch.records[covered:]:
            digest = next_digest(digest, r.hash)
        events += len(batch.records) - covered
        batch.digest = (len(batch.records), digest, events)
        return digest, events

    def _write_group(self, records: list[Recorded], after: int | None) -> Sequence[int] | None:
        """Insert a group's events in one transaction; their positions, when known.

        On SQLite one ``executemany`` of the rows after reading the last position, in the
        same transaction: the events take the positions after it, one by one (one writer at
        a time), and when `after` is given, that last position must be `after` (else
        `GroupConflictError`: a disclosure's digest assumed the group followed it).
        """
        recorder = self.recorder
        if not isinstance(recorder, SQLiteApplicationRecorder):
            return recorder.insert_events([self.mapper.to_stored_event(r) for r in records])
        state = self.cattrs_mapper.stored_state
        rows = [(r.originator_id.hex, r.originator_version, r.topic, state(r)) for r in records]
        with recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(recorder.select_max_notification_id_statement)
            last = cursor.fetchone()[0] or 0
            if after is not None and last != after:
                raise GroupConflictError
            cursor.executemany(recorder.insert_events_statement, rows)
        return range(last + 1, last + 1 + len(rows))

    def _prefetch(self, commands: Sequence[Command]) -> None:
        """Read, in one SQLite transaction, what a group's commands will look up first.

        Which command ids are already recorded, and every event of each addressed stream
        not in the cache (mostly streams the group creates: one query tells they are new).
        Other stores read lazily, one stream at a time.
        """
        batch = self._batch
        recorder = self.recorder
        if batch is None or not isinstance(recorder, SQLiteApplicationRecorder):
            return
        markers = {
            self._marker_id(c.command_id).hex: c.command_id
            for c in commands
            if c.command_id is not None
        }
        streams: dict[str, UUID] = {}
        for c in commands:
            stream_id = COMMANDS[type(c)].stream_id(c)
            if stream_id not in self._cache:
                streams[stream_id.hex] = stream_id
        table = recorder.events_table_name
        found: set[str] = set()
        events: dict[str, list[StoredEvent]] = defaultdict(list)
        with recorder.datastore.transaction(commit=False) as cursor:
            keys = list(markers)
            for i in range(0, len(keys), _IN_CHUNK):
                chunk = keys[i : i + _IN_CHUNK]
                cursor.execute(
                    f"SELECT originator_id FROM {table} "  # noqa: S608 - our table, bound ids
                    f"WHERE originator_version = 1 AND originator_id IN ({_marks(chunk)})",
                    chunk,
                )
                found.update(row[0] for row in cursor.fetchall())
            keys = list(streams)
            for i in range(0, len(keys), _IN_CHUNK):
                chunk = keys[i : i + _IN_CHUNK]
                cursor.execute(
                    "SELECT originator_id, originator_version, topic, state "  # noqa: S608
                    f"FROM {table} WHERE originator_id IN ({_marks(chunk)}) "
                    "ORDER BY originator_id, originator_version",
                    chunk,
                )
                for hexid, version, topic, state in cursor.fetchall():
                    events[hexid].append(StoredEvent(streams[hexid], version, topic, state))
        batch.known_markers = {cid: key in found for key, cid in markers.items()}
        batch.prefetched = {stream_id: events.get(key, []) for key, stream_id in streams.items()}

    def _prepare_keys(self, commands: Sequence[Command]) -> None:
        """Create, in one transaction, the keys of every person a group's commands name.

        Sealing an event that carries a person's data creates that person's key first,
        committed on its own; a group would otherwise pay one commit per new person. The
        group seals with these keys (another subject's key is looked up as usual), instead
        of reading the keystore again for each event. (A command refused in the group may
        leave its person a key and no data.)
        """
        people = {str(p.person_id) for c in commands for p in _people(c)}
        batch = self._batch
        if people and batch is not None:
            batch.keys = self.personal.keystore.ensure(people)
