"""The store as one process sees it: streams loaded, cached, decided and saved; the log read.

`Streams` is the part of `NgheDan` that loads a stream's state (from its cache when the
log says nothing changed since), decides a command on it, seals the new events into the
per-stream hash chain and inserts them in one atomic write, retrying a collision with
another writer (`handle`); it keeps the index (`nghedan_core._index`) and the history
digest up to date, and reads the log (`nghedan_core._reader`). The group commit
(`nghedan_core._group`) builds on it.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, cast
from uuid import UUID

import attrs
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Mapper,
    OperationalError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core import workflows
from nghedan_core._index import INDEX_TOPIC_SET, INDEX_TOPICS, Index
from nghedan_core._reader import PAGE, generic_records, positions_after, sqlite_records
from nghedan_core.aggregates import COMMANDS, DECIDERS, Aggregate, Command, Event, OfficialInfo
from nghedan_core.audit import ChainVerifier, next_digest
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import (
    ActorImportForbiddenError,
    ActorImportOutOfScopeError,
    ActorNotOwnActError,
    ActorNotServingError,
    ActorOutOfScopeError,
    ActorRequiredError,
    ActorRoleForbiddenError,
    AdministratorSetupOnlyError,
    AlreadyExistsError,
    CommandIdReusedError,
    ConcurrencyConflictError,
    UnknownActorError,
    raise_for,
)
from nghedan_core.personal import PersonalData
from nghedan_core.policies.timing import check_business_time
from nghedan_core.projections._base import EventRecord
from nghedan_core.serialization import (
    GENESIS,
    RECORD_STREAM,
    CattrsMapper,
    CommandAccepted,
    Recorded,
    RecordStarted,
    command_digest,
)
from nghedan_core.values import stable_id

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from nghedan_core._group import Batch
    from nghedan_core._lookup import StoreLookup

__all__ = ["CACHE_SIZE", "ForeignStreamError", "Loaded", "Mark", "Streams", "Write"]

#: most stream states (and household candidates) kept in memory
CACHE_SIZE: Final = 20_000
#: a refresh that finds more new events than this drops the whole cache instead
_REFRESH_LIMIT: Final = 20_000


@attrs.frozen
class Loaded:
    """A stream's state as it stands at `version`, whose last event's hash is `head`."""

    state: Any
    version: int
    head: str
    aggregate: str = ""


class ForeignStreamError(AlreadyExistsError):
    """The id names a record of another kind (a household's id given as an official's)."""

    def __init__(self, aggregate: Aggregate[Any], stream_id: UUID) -> None:
        super().__init__(kind="mã", key=f"{stream_id} (không phải {aggregate.label_vi})")


@attrs.frozen
class Mark:
    """The idempotency marker a command records: its stream version and head, its unit."""

    #: the marker's version in the id's stream (0: the command has no id, no marker)
    version: int
    head: str
    unit: str | None
    digest: str


@attrs.frozen
class Write:
    """One stream's decision: the events to append to it (a `workflows.Decision`)."""

    aggregate: Aggregate[Any]
    stream_id: UUID
    loaded: Loaded
    events: tuple[Event, ...]

    @property
    def state(self) -> Any:
        """The stream's state the events were decided against."""
        return self.loaded.state


def _stamp(command: Command, *, imported: bool) -> dict[str, Any]:
    """The markers every event of `command` carries: its late-entry reason, the import's."""
    stamp: dict[str, Any] = {}
    if command.late_entry_reason:
        stamp["late_entry_reason"] = command.late_entry_reason
    if imported:
        stamp["imported"] = True
    return stamp


class Streams:
    """Loading, caching, deciding and saving streams; reading the log (a base of `NgheDan`)."""

    # set by eventsourcing's `Application` (the recorder, the mapper) and by `NgheDan`
    recorder: ApplicationRecorder
    mapper: Mapper[UUID]
    config: PolicyConfig
    clock: Callable[[], datetime]
    personal: PersonalData
    _lock: threading.RLock
    _lookup: StoreLookup

    def _open_streams(self) -> None:
        """Start with nothing cached and nothing of the log read."""
        self._cache: OrderedDict[UUID, Loaded] = OrderedDict()
        self._index = Index()
        # what `_load` may trust without a query (see `_refresh`), and the group commit
        self._position: int | None = None
        self._stale: set[UUID] = set()
        self._epoch_owner: int | None = None
        self._index_fresh = False
        self._batch: Batch | None = None
        #: (last position, events, digest) of the history read so far (`history_digest`)
        self._digest: tuple[int, int, str] = (0, 0, GENESIS)

    @property
    def cattrs_mapper(self) -> CattrsMapper:
        """The mapper, typed as what it is."""
        return cast("CattrsMapper", self.mapper)

    # --- one command ----------------------------------------------------------------------

    def _handle(
        self, command: Command, actor: UUID | None, *, imported: bool = False
    ) -> tuple[Recorded, ...]:
        digest = command_digest(command) if command.command_id is not None else ""
        command = self._timed(command)
        attempts = 0
        while True:
            with self._lock, self._fresh():
                self._authorise(command, actor, imported=imported)
                mark = self._mark(command, digest)
                if mark is None:
                    return ()
                self._check_time(command, imported=imported)
                writes = self._decide(command)
                try:
                    return self._save(writes, command, mark, actor, imported=imported)
                except IntegrityError:
                    # The cache only ever holds saved states, so the next load just
                    # fast-forwards over the events the other writer recorded.
                    pass
                except OperationalError as e:
                    # SQLite's "database is locked" after its busy timeout is as transient
                    # as a version conflict; anything else is not.
                    if "locked" not in str(e) and "busy" not in str(e):
                        raise
            attempts += 1
            if attempts > self.config.max_retries:
                raise ConcurrencyConflictError(attempts=attempts)
            # jittered, capped backoff: losers must not sleep while winners write on
            time.sleep(random.uniform(0, min(0.02, 0.001 * 2**attempts)))  # noqa: S311

    def _timed(self, command: Command) -> Command:
        """`command` with its time set: the clock's when it carries none."""
        if command.occurred_at is None:
            return attrs.evolve(command, occurred_at=self.clock())
        return command

    def _check_time(self, command: Command, *, imported: bool) -> None:
        """Refuse a business time the clock cannot vouch for (`policies.timing`, ADR 0019).

        Checked only for a command about to be recorded: a retry of one already recorded
        (its ``command_id``) records nothing, whenever it comes.
        """
        raise_for(
            check_business_time(
                command.at,
                self.clock(),
                self.config,
                late_entry_reason=command.late_entry_reason,
                imported=imported,
            )
        )

    def _decide(self, command: Command) -> list[Write]:
        """Every stream's decision for `command` (`nghedan_core.workflows`)."""
        return workflows.decide(command, self._decide_one, self._lookup)

    def _decide_one(self, command: Command, facts: Any) -> Write:
        aggregate = DECIDERS[type(command)]
        stream_id = aggregate.stream_id(command)
        loaded = self._load(aggregate, stream_id)
        events = aggregate.decide(command, loaded.state, facts)
        return Write(aggregate, stream_id, loaded, events)

    def _save(
        self,
        writes: list[Write],
        command: Command,
        mark: Mark | None = None,
        actor: UUID | None = None,
        *,
        imported: bool = False,
    ) -> tuple[Recorded, ...]:
        recorded_at = self.clock()
        stamp = _stamp(command, imported=imported)
        records: list[Recorded] = []
        new_states: list[tuple[UUID, Loaded]] = []
        batch = self._active_batch()
        protect = self.personal.protect
        if batch is not None and batch.keys:
            protect = functools.partial(protect, keys=batch.keys)
        for w in writes:
            state, version, head = w.loaded.state, w.loaded.version, w.loaded.head
            for event in w.events:
                if stamp:
                    event = attrs.evolve(event, **stamp)  # noqa: PLW2901 - marked as recorded
                version += 1
                r = Recorded.seal(
                    w.stream_id, version, event, recorded_at, head, protect, actor=actor
                )
                head = r.hash
                state = w.aggregate.evolve(state, event)
                records.append(r)
            new_states.append((w.stream_id, Loaded(state, version, head, w.aggregate.name)))
        if not records:
            return ()
        if command.command_id is not None and mark is not None and mark.version:
            marker = CommandAccepted(
                occurred_at=command.at,
                command=type(command).__name__,
                command_id=command.command_id,
                unit=mark.unit,
                digest=mark.digest,
            )
            marker_id = self._marker_id(command.command_id)
            records.append(
                Recorded.seal(marker_id, mark.version, marker, recorded_at, mark.head, actor=actor)
            )
        if batch is not None:  # written with the rest of the group
            batch.add(records, new_states)
            return tuple(records)
        ids = self.recorder.insert_events([self.mapper.to_stored_event(r) for r in records])
        self._advance(ids, records)
        for stream_id, loaded in new_states:
            self._remember(stream_id, loaded)
        return tuple(records)

    # --- the acting person (ADR 0018) -------------------------------------------------------

    def _authorise(self, command: Command, actor: UUID | None, *, imported: bool = False) -> None:
        """Refuse `command` unless `actor` may carry it out now (`ActorError`).

        The actor is a serving official of the record, holding in their unit (or one above
        the command's units) a role the command's grant admits (`authority.actor_refusal`),
        and, for an act in person (`authority.OWN_ACTS`: an approval, a request...), the
        official the command names; or the administrator who started the store, for the
        setup commands only. An `imported` command the actor could not have carried out
        live is history recorded on their behalf: admitted when they may import into its
        units (`authority.import_refusal`); the officials it names are the domain's to check.
        """
        from nghedan_core import authority  # noqa: PLC0415 - the table loads with a write

        action = type(command).__name__
        setup = authority.grant_of(type(command)).administrator
        official = self._acting(action, actor, setup=setup)
        if official is None:
            return
        try:
            self._authorise_live(command, official, authority)
        except (ActorRoleForbiddenError, ActorOutOfScopeError, ActorNotOwnActError):
            if not imported:
                raise
            refused = authority.import_refusal(
                action,
                str(official.official_id),
                official.roles,
                official.unit,
                authority.command_units(command, self._lookup),
                lambda scope, unit: authority.covers(self._lookup, scope, unit),
            )
            if refused is not None:
                code, params = refused
                if code == "actor.import_out_of_scope":
                    raise ActorImportOutOfScopeError(**params) from None
                raise ActorImportForbiddenError(**params) from None

    def _acting(self, action: str, actor: UUID | None, *, setup: bool) -> OfficialInfo | None:
        """The serving official `actor` names; None for the administrator, when `setup`."""
        if actor is None:
            raise ActorRequiredError(action=action)
        official = self._lookup.official(actor)
        if official is None:
            if actor != self._administrator_id():
                raise UnknownActorError(official=str(actor))
            if not setup:
                raise AdministratorSetupOnlyError(official=str(actor), action=action)
            return None
        if not official.active:
            raise ActorNotServingError(official=str(actor))
        return official

    def _authorise_live(self, command: Command, official: OfficialInfo, authority: Any) -> None:
        """The serving `official` may carry out `command` themselves (as `_authorise`)."""
        refused = authority.actor_refusal(command, official, self._lookup)
        if refused is not None:
            code, params = refused
            cls = ActorOutOfScopeError if code == "actor.out_of_scope" else ActorRoleForbiddenError
            raise cls(**params)
        field = authority.OWN_ACTS.get(type(command))
        if field is not None:
            named = getattr(command, field)
            # a list (the approvers of a one-step payment): the actor is one of them, and
            # the domain's own rules say how many may be named
            acting = set(named) if isinstance(named, tuple) else {named}
            if acting and official.official_id not in acting:
                raise ActorNotOwnActError(
                    official=str(official.official_id), action=type(command).__name__, field=field
                )

    def _authorise_erasure(self, units: Sequence[str | None], actor: UUID | None) -> None:
        """Refuse an erasure of data held in records of `units` unless `actor` may erase it.

        `authority.ERASURE`: the administrator, or a serving leader of every such unit (or
        of a unit above it), `authority.erasure_refusal`.
        """
        from nghedan_core import authority  # noqa: PLC0415 - the table loads with a write

        official = self._acting(authority.ERASE_ACTION, actor, setup=True)
        if official is None:
            return
        refused = authority.erasure_refusal(official, units, self._lookup)
        if refused is not None:
            code, params = refused
            cls = ActorOutOfScopeError if code == "actor.out_of_scope" else ActorRoleForbiddenError
            raise cls(**params)

    def _administrator_id(self) -> UUID | None:
        """The administrator who started the store (`RecordStarted`), if one did."""
        found = getattr(self, "_administrator", None)
        if found is None:
            stored = self.recorder.select_events(RECORD_STREAM, limit=1)
            if stored:
                started = cast("Recorded", self.mapper.to_domain_event(stored[0])).event
                found = self._administrator = cast("RecordStarted", started).administrator_id
        return found

    # --- command ids ----------------------------------------------------------------------

    def _mark(self, command: Command, digest: str) -> Mark | None:
        """The marker `command` will record; None when it was already recorded (a no-op).

        A ``command_id`` is unique within the acting unit (the command's ``unit_of``): the
        same id in another unit is another command, with its own marker in the id's stream;
        the same id in the same unit with other content (`digest`) is refused with
        `CommandIdReusedError`, naming the earlier act. A command without an id gets a
        `Mark` that records no marker.
        """
        command_id = command.command_id
        if command_id is None:
            return Mark(0, GENESIS, None, "")
        markers = self._markers(command_id)
        unit = None
        if markers:
            unit = COMMANDS[type(command)].unit_of(command, self._lookup)
        for r in markers:
            earlier = cast("CommandAccepted", r.event)
            if earlier.digest is None:  # stored before ids were kept per unit
                return None
            if earlier.unit == unit:
                if earlier.digest == digest:
                    return None
                raise CommandIdReusedError(
                    command_id=command_id,
                    unit=unit or "—",
                    command=earlier.command,
                    at=earlier.occurred_at.isoformat(),
                )
        if not markers:
            unit = COMMANDS[type(command)].unit_of(command, self._lookup)
        head = markers[-1].hash if markers else GENESIS
        return Mark(len(markers) + 1, head, unit, digest)

    def _markers(self, command_id: str) -> list[Recorded]:
        """The markers recorded for `command_id` (one per unit that used it), in order."""
        batch = self._active_batch()
        if batch is not None:
            pending = batch.markers.get(command_id)
            if pending is not None:
                return pending
            if batch.known_markers.get(command_id) is False:
                return []
        stored = self.recorder.select_events(self._marker_id(command_id))
        markers = [cast("Recorded", self.mapper.to_domain_event(s)) for s in stored]
        if batch is not None:
            batch.markers[command_id] = markers
        return markers

    def _marker_id(self, command_id: str) -> UUID:
        """The stream of a command id's marker (kept for the group being decided)."""
        batch = self._active_batch() if self._batch is not None else None
        if batch is None:
            return stable_id("command", command_id)
        found = batch.marker_ids.get(command_id)
        if found is None:
            found = batch.marker_ids[command_id] = stable_id("command", command_id)
        return found

    def _active_batch(self) -> Batch | None:
        """The group commit this thread is deciding, if any."""
        if self._batch is not None and self._epoch_owner == threading.get_ident():
            return self._batch
        return None

    # --- loading --------------------------------------------------------------------------

    def _state(self, aggregate: Aggregate[Any], stream_id: UUID) -> Any:
        """The state of `stream_id` as `aggregate`; None if absent or another kind of record."""
        try:
            return self._load(aggregate, stream_id).state
        except ForeignStreamError:
            return None

    def _load(self, aggregate: Aggregate[Any], stream_id: UUID) -> Loaded:
        """The state of `stream_id` as `aggregate`, as it stands now.

        A cached state is trusted without a query when the last `_refresh` saw no event of
        its stream after it; otherwise only the events after the cached version are read.
        In a group commit, a stream is read at most once, then kept with the group's events.
        """
        batch = self._active_batch()
        if batch is not None:
            pending = batch.states.get(stream_id)
            if pending is not None:
                if pending.version == 0:
                    return Loaded(None, 0, GENESIS, aggregate.name)
                if pending.aggregate != aggregate.name:
                    raise ForeignStreamError(aggregate, stream_id)
                return pending
        elif self._epoch_owner != threading.get_ident():
            self._refresh()  # a lone query: no epoch checked the log for it
        cached = self._cache.get(stream_id)
        if cached is not None and cached.aggregate != aggregate.name:
            raise ForeignStreamError(aggregate, stream_id)
        if cached is not None and stream_id not in self._stale:
            loaded = cached
        else:
            loaded = cached or Loaded(None, 0, GENESIS, aggregate.name)
            stored: Sequence[StoredEvent] | None = None
            if batch is not None and cached is None:
                stored = batch.prefetched.pop(stream_id, None)
            if stored is None:
                stored = self.recorder.select_events(stream_id, gt=loaded.version or None)
            if stored:
                if loaded.version == 0 and stored[0].topic not in aggregate.events:
                    raise ForeignStreamError(aggregate, stream_id)
                state, version, head = loaded.state, loaded.version, loaded.head
                for s in stored:
                    r = cast("Recorded", self.mapper.to_domain_event(s))
                    state = aggregate.evolve(state, r.event)
                    version, head = r.originator_version, r.hash
                loaded = Loaded(state, version, head, aggregate.name)
        self._remember(stream_id, loaded)
        if batch is not None:
            batch.states[stream_id] = loaded if loaded.version else Loaded(None, 0, GENESIS)
        return loaded

    def _remember(self, stream_id: UUID, loaded: Loaded) -> None:
        if loaded.version == 0:
            return
        self._stale.discard(stream_id)
        self._cache[stream_id] = loaded
        self._cache.move_to_end(stream_id)
        while len(self._cache) > CACHE_SIZE:
            self._stale.discard(self._cache.popitem(last=False)[0])

    @contextmanager
    def _fresh(self) -> Iterator[None]:
        """An epoch: the log is checked once (`_refresh`), then the cache is trusted.

        Held by one thread (under ``self._lock``) for one `handle` attempt, one group
        commit or one query; nested calls join the open epoch.
        """
        me = threading.get_ident()
        if self._epoch_owner == me:
            yield
            return
        self._epoch_owner = me
        self._index_fresh = False
        try:
            self._refresh()
            yield
        finally:
            self._epoch_owner = None

    def _refresh(self) -> None:
        """Mark stale every cached stream another writer has appended to since the last look.

        ``self._position``: every cached state includes every event of its stream up to
        that position. Events are numbered in commit order (SQLite has one writer at a
        time; eventsourcing locks the PostgreSQL table for each insert), so the events
        after it say which cached states are behind. An empty cache starts at the end.
        """
        recorder = self.recorder
        if self._position is None or not self._cache:
            self._stale.clear()
            self._position = recorder.max_notification_id() or 0
            return
        rows = positions_after(recorder, self._position)
        for seen, (position, stream_id, version) in enumerate(rows, 1):
            cached = self._cache.get(stream_id)
            if cached is not None and cached.version < version:
                self._stale.add(stream_id)
            self._position = position
            if seen > _REFRESH_LIMIT:  # far behind: reading the streams again is cheaper
                self._cache.clear()
                self._position = None
                self._refresh()
                return

    def _advance(self, ids: Sequence[int] | None, records: Sequence[Recorded]) -> None:
        """After our own insert of `records`: skip them in the next refresh and catch-up.

        The history digest, when it had read the log up to just before them, takes them in.

        Only when no other event came between the last look at the log and them: then
        they are the next events of the log, and the index (if caught up in this epoch)
        takes them from memory instead of reading them back.
        """
        if ids and ids[-1] - ids[0] == len(ids) - 1:
            position, count, digest = self._digest
            if position == ids[0] - 1:  # the history digest goes on without reading them back
                for r in records:
                    digest = next_digest(digest, r.hash)
                self._digest = (ids[-1], count + len(records), digest)
        if (
            ids
            and self._position is not None
            and ids[0] == self._position + 1
            and ids[-1] - ids[0] == len(ids) - 1
        ):
            self._position = ids[-1]
            if self._index_fresh and self._epoch_owner == threading.get_ident():
                for r in records:
                    if r.topic in INDEX_TOPIC_SET:
                        self._index.apply(r)
                self._index.position = ids[-1]

    def _view(self) -> Index:
        """The index, with the events of the group commit being decided, if any."""
        self._catch_up()
        batch = self._active_batch()
        return self._index if batch is None else batch.index

    def _catch_up(self) -> None:
        """Read the index's topics from the log (once per epoch)."""
        in_epoch = self._epoch_owner == threading.get_ident()
        if in_epoch and self._index_fresh:
            return
        index = self._index
        while True:
            notifications = self.recorder.select_notifications(
                start=index.position + 1, limit=PAGE, topics=INDEX_TOPICS
            )
            for n in notifications:
                index.apply(cast("Recorded", self.mapper.to_domain_event(n)))
                index.position = n.id
            if len(notifications) < PAGE:
                break
        self._index_fresh = in_epoch

    # --- the log --------------------------------------------------------------------------

    def _records(
        self, start: int, stop: int | None, page: int, chain: ChainVerifier | None
    ) -> Iterator[EventRecord]:
        recorder = self.recorder
        mapper = self.mapper
        transforms = mapper.cipher is not None or mapper.compressor is not None
        if isinstance(recorder, SQLiteApplicationRecorder) and not transforms:
            return sqlite_records(recorder, start, stop, page, chain)
        return generic_records(recorder, self.cattrs_mapper.decode_state, start, stop, page, chain)

    def _history_digest(self) -> tuple[str, int]:
        with self._lock:
            position, count, digest = self._digest
            for record in self._records(position + 1, None, PAGE, None):
                digest = next_digest(digest, record.hash)
                position = record.position
                count += 1
            self._digest = (position, count, digest)
            return digest, count
