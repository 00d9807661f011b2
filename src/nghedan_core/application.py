"""`NgheDan`: the application every adapter calls — ``handle(command)`` and queries.

``handle`` loads the addressed stream(s), gathers the facts a rule needs from other
aggregates, calls the aggregate's pure ``decide``, seals the new events into the per-stream
hash chain, and inserts them in **one** atomic write. A write that collides with a
concurrent writer (same stream, same version) is re-decided against the fresh state a
bounded number of times — safe because ``decide`` is pure — and then refused with
`ConcurrencyConflictError`. A command carrying a ``command_id`` is recorded at most once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
import sqlite3
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar, cast
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import (
    Cipher,
    IntegrityError,
    InternalError,
    Mapper,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core.aggregates import COMMANDS, Aggregate, Command, Event, OfficialInfo, UnitInfo
from nghedan_core.aggregates import complaint as complaint_
from nghedan_core.aggregates import fund as fund_
from nghedan_core.aggregates import household as household_
from nghedan_core.aggregates import official as official_
from nghedan_core.aggregates import session as session_
from nghedan_core.aggregates import unit as unit_
from nghedan_core.aggregates import visit as visit_
from nghedan_core.aggregates import volunteer as volunteer_
from nghedan_core.audit import AuditReport, ChainVerifier, next_digest
from nghedan_core.audit import audit as audit_records
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import (
    AlreadyExistsError,
    ConcurrencyConflictError,
    DomainError,
    InvalidInputError,
    Problem,
)
from nghedan_core.personal import (
    PersonalData,
    create_private_file,
    default_keys_url,
    keys_beside_events,
    open_keystore,
    sqlite_file,
)
from nghedan_core.personal import keys_url as personal_keys_url
from nghedan_core.policies.impartiality import Candidate, Relative
from nghedan_core.projections._base import EventRecord, Projection
from nghedan_core.serialization import (
    GENESIS,
    JSON_ESCAPED,
    CattrsMapper,
    CommandAccepted,
    Recorded,
    stored_class_version,
)
from nghedan_core.storage import cipher_env, database_url, storage_env
from nghedan_core.values import (
    DisbursementPurpose,
    FundingSource,
    Month,
    Person,
    SupportKind,
    UnitKind,
    business_date,
    stable_id,
)

__all__ = ["BatchResult", "NgheDan", "Recorded"]

S = TypeVar("S")
T = TypeVar("T")

_CACHE_SIZE: Final = 20_000
_PAGE: Final = 1_000

#: the JSON decoder's C scanner: (value, end) of the JSON value at an index
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_HEAD: Final = '{"hash":"'
_PAYLOAD: Final = '","payload":'
#: what follows a canonical state's payload: prev (64 characters) and the recorded time,
#: printable ASCII holding nothing canonical JSON escapes
_TAIL: Final = re.compile(r',"prev":"[ !#-\[\]-~]{64}","recorded_at":"[ !#-\[\]-~]*"\}')


class _PlainTopics(dict[str, bool]):
    """``plain[topic]``: whether a topic has nothing canonical JSON escapes (cached)."""

    def __missing__(self, topic: str) -> bool:
        self[topic] = found = type(topic) is str and JSON_ESCAPED.search(topic) is None
        return found


def _lenient_state(text: str) -> dict[str, Any]:
    """Parse a stored state that is not in the canonical layout.

    Unreadable text yields a record the audit reports as broken (empty hash) instead of
    stopping the replay.
    """
    try:
        state = json.loads(text)
    except (ValueError, RecursionError):
        state = None
    if not isinstance(state, dict):
        return {"recorded_at": "", "payload": {}, "prev": "", "hash": "", "class_version": 1}
    return {
        "recorded_at": state.get("recorded_at", ""),
        "payload": state.get("payload", {}),
        "prev": state.get("prev", ""),
        "hash": state.get("hash", ""),
        "class_version": stored_class_version(state),
    }


_INDEX_TOPICS: Final = (
    "unit.UnitRegistered",
    "household.HouseholdRegistered",
    "session.SessionScheduled",
    "session.ReceptionHeld",
    "complaint.ComplaintRaised",
    "visit.VisitPlanned",
)


@attrs.frozen
class _Loaded:
    state: Any
    version: int
    head: str
    aggregate: str = ""


class _ForeignStreamError(AlreadyExistsError):
    """The id names a record of another kind (a household's id given as an official's)."""

    def __init__(self, aggregate: Aggregate[Any], stream_id: UUID) -> None:
        super().__init__(kind="mã", key=f"{stream_id} (không phải {aggregate.label_vi})")


@attrs.frozen
class _Write:
    aggregate: Aggregate[Any]
    stream_id: UUID
    loaded: _Loaded
    events: tuple[Event, ...]


class _Index:
    """Who belongs to whom, read from the notification log (hamlets, households, ...).

    Rules need a few cross-aggregate lists that no single stream holds: a commune's hamlets,
    its households, a session's complaints and visits, when each hamlet last hosted. The
    index follows the log from its last position, so each process reads an event once.

    An index with a `base` is an overlay: it holds the events of a group commit not yet
    written, and its lookups answer with the base's entries followed by its own (log order).
    """

    def __init__(self, base: _Index | None = None) -> None:
        self.base = base
        self.position = 0
        self.hamlets: dict[str, list[str]] = defaultdict(list)
        self.households: dict[str, list[UUID]] = defaultdict(list)
        self.session_unit: dict[UUID, str] = {}
        self.last_hosted: dict[str, dict[str, date]] = defaultdict(dict)
        self.complaints: dict[UUID, list[UUID]] = defaultdict(list)
        self.visits: dict[UUID, list[UUID]] = defaultdict(list)

    def apply(self, recorded: Recorded) -> None:
        event = recorded.event
        match event:
            case unit_.UnitRegistered() if event.parent is not None:
                if event.kind is UnitKind.HAMLET:
                    self.hamlets[event.parent].append(event.code)
            case household_.HouseholdRegistered():
                self.households[event.unit].append(event.household_id)
            case session_.SessionScheduled():
                self.session_unit[recorded.originator_id] = event.unit
            case session_.ReceptionHeld():
                unit = self.unit_of_session(recorded.originator_id)
                if unit is not None:
                    self.last_hosted[unit][event.hamlet] = business_date(event.occurred_at)
            case complaint_.ComplaintRaised():
                self.complaints[event.session_id].append(event.complaint_id)
            case visit_.VisitPlanned():
                self.visits[event.session_id].append(event.visit_id)
            case _:
                pass

    def unit_of_session(self, sid: UUID) -> str | None:
        unit = self.session_unit.get(sid)
        if unit is None and self.base is not None:
            return self.base.unit_of_session(sid)
        return unit

    def hamlets_of(self, code: str) -> list[str]:
        return _merged(self.base.hamlets_of(code) if self.base else [], self.hamlets.get(code))

    def households_of(self, unit: str) -> list[UUID]:
        base = self.base.households_of(unit) if self.base else []
        return _merged(base, self.households.get(unit))

    def complaints_of(self, sid: UUID) -> list[UUID]:
        base = self.base.complaints_of(sid) if self.base else []
        return _merged(base, self.complaints.get(sid))

    def visits_of(self, sid: UUID) -> list[UUID]:
        return _merged(self.base.visits_of(sid) if self.base else [], self.visits.get(sid))

    def last_hosted_of(self, unit: str) -> dict[str, date]:
        base = self.base.last_hosted_of(unit) if self.base else {}
        return {**base, **self.last_hosted.get(unit, {})}


def _merged(base: list[T], own: list[T] | None) -> list[T]:
    return [*base, *own] if own else list(base)


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _people(command: Command) -> Iterator[Person]:
    """The `Person` values a command carries (directly or in a collection)."""
    for field in attrs.fields(type(command)):
        value = getattr(command, field.name)
        if isinstance(value, Person):
            yield value
        elif isinstance(value, (tuple, frozenset, list)):
            yield from (v for v in value if isinstance(v, Person))


def _until_disclosure(commands: Sequence[Command]) -> int:
    """How many commands a group takes: up to (not including) a disclosure after the first."""
    for i, command in enumerate(commands):
        if i and isinstance(command, fund_.PublishDisclosure):
            return i
    return len(commands)


def _marks(keys: Sequence[object]) -> str:
    """``?,?,…``: one SQL parameter per key."""
    return ",".join("?" * len(keys))


_INDEX_TOPIC_SET: Final = frozenset(_INDEX_TOPICS)

#: most commands a group commit decides before writing (one transaction)
GROUP_COMMANDS: Final = 500
#: a refresh that finds more new events than this drops the whole cache instead
_REFRESH_LIMIT: Final = 20_000
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
class _Batch:
    """A group commit in the making: the states as they stand after its earlier commands."""

    index: _Index
    #: every stream the group has read or written, as it stands now (version 0: absent)
    states: dict[UUID, _Loaded] = attrs.field(factory=dict)
    #: the streams the group wrote
    written: set[UUID] = attrs.field(factory=set)
    #: the command ids the group recorded
    markers: set[str] = attrs.field(factory=set)
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

    def add(self, records: list[Recorded], states: list[tuple[UUID, _Loaded]]) -> None:
        self.records.extend(records)
        for stream_id, loaded in states:
            self.states[stream_id] = loaded
            self.written.add(stream_id)
        for r in records:
            if r.topic in _INDEX_TOPIC_SET:
                self.index.apply(r)
            elif isinstance(r.event, CommandAccepted):
                self.markers.add(r.event.command_id)


class _GroupConflictError(Exception):
    """Another writer got there first: the group commit wrote nothing."""


def _looks_plain(data: bytes) -> bool:
    """Whether a stored state is `CattrsMapper`'s plain JSON (an encrypted one is random).

    Its first keys are fixed (``{"class_version":`` or ``{"hash":"``), so random bytes pass
    for it once in 2^72; a state edited by hand usually keeps them.
    """
    return data.startswith((b'{"hash":"', b'{"class_version":'))


def _opens(cipher: Cipher, data: bytes) -> bool:
    try:
        cipher.decrypt(data)
    except ValueError:
        return False
    return True


class NgheDan(Application[UUID]):
    """The nghedan application: send commands with `handle`, read state with the queries.

    >>> from nghedan_core import NgheDan, RegisterUnit, UnitKind
    >>> app = NgheDan("memory://")
    >>> [r.event.name for r in app.handle(
    ...     RegisterUnit(code="29500", name="Xã Ninh Thới", kind=UnitKind.COMMUNE))]
    ['Xã Ninh Thới']
    """

    name = "nghedan"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Keep the stored name (and so the PostgreSQL table) when an embedder subclasses."""
        named = "name" in cls.__dict__
        super().__init_subclass__(**kwargs)
        if not named:
            cls.name = "nghedan"

    def __init__(
        self,
        url: str | None = None,
        *,
        config: PolicyConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        env: Mapping[str, str] | None = None,
        cipher_key: str | None = None,
        keys_url: str | None = None,
    ) -> None:
        """Open the store at `url` (else ``$NGHEDAN_DATABASE_URL``, else ``sqlite:///nghedan.db``).

        `config` sets the policy numbers; `clock` gives the time for commands that carry
        none (and the recording time of every event); `env` adds eventsourcing settings.
        `cipher_key` (else ``$NGHEDAN_CIPHER_KEY`` or the file ``$NGHEDAN_CIPHER_KEY_FILE``)
        switches on encryption at rest with eventsourcing's AES cipher; `keys_url` (else
        ``$NGHEDAN_KEYS_URL``, else `personal.default_keys_url`: a SQLite store's
        ``…-keys.db`` beside it, a table beside the events otherwise) is where the per-person keys
        of personal data are kept (`nghedan_core.personal`).
        """
        self.database_url = database_url(url)
        self.config = config or PolicyConfig()
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._cache: OrderedDict[UUID, _Loaded] = OrderedDict()
        #: household -> (its state, the `Candidate` made of it): a selection ranks every
        #: household of the commune, most unchanged since the last one
        self._candidates: dict[UUID, tuple[Any, Candidate]] = {}
        self._index = _Index()
        # what `_load` may trust without a query (see `_refresh`), and the group commit
        self._position: int | None = None
        self._stale: set[UUID] = set()
        self._epoch_owner: int | None = None
        self._index_fresh = False
        self._batch: _Batch | None = None
        environment = {
            **storage_env(self.database_url),
            **cipher_env(cipher_key),
            **(env or {}),
        }
        if (events_file := sqlite_file(self.database_url)) is not None:
            create_private_file(events_file)  # owner-only from the start (0600)
        for attempt in range(5):
            try:
                super().__init__(env=environment)
                break
            except (
                InternalError,
                IntegrityError,
                ProgrammingError,
                OperationalError,
                sqlite3.OperationalError,
            ) as e:
                # Processes starting together race to create the PostgreSQL table, type and
                # function ("tuple concurrently updated", "duplicate key"), or to switch a new
                # SQLite file to WAL ("database is locked"): the loser waits and opens what
                # the winner created. Any other operational error is not a race.
                racing = not isinstance(e, OperationalError | sqlite3.OperationalError) or (
                    "locked" in str(e) or "busy" in str(e)
                )
                if attempt == 4 or not racing:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.uniform(0, 0.05))  # noqa: S311
        cipher = self.mapper.cipher
        self._check_encryption()
        #: the personal data's keys: encrypts on save, reveals views, erases
        keys_at = keys_url or personal_keys_url()
        if keys_at is None and not keys_beside_events(self.recorder):
            keys_at = default_keys_url(self.database_url)
        self.personal = PersonalData(
            open_keystore(
                keys_at,
                recorder=self.recorder,
                wrap=cipher.encrypt if cipher else None,
                unwrap=cipher.decrypt if cipher else None,
            )
        )
        self.cattrs_mapper.personal = self.personal
        #: (last position, events, digest) of the history read so far (`history_digest`)
        self._digest: tuple[int, int, str] = (0, 0, GENESIS)

    def construct_mapper(self) -> Mapper[UUID]:
        """A `CattrsMapper`, keeping the compressor and cipher the environment asks for."""
        base: Mapper[UUID] = self.factory.mapper(transcoder=self.construct_transcoder())
        return CattrsMapper(
            transcoder=base.transcoder,
            compressor=base.compressor,
            cipher=base.cipher,
        )

    def reveal(self, view: S) -> S:
        """`view` with its personal fields decrypted (erased ones read `ERASED_TEXT`).

        Views fold over stored events, whose personal fields are encrypted tokens; call this
        only for output to someone allowed to see personal data (never for public output).
        """
        return self.personal.reveal(view)

    def _check_encryption(self) -> None:
        """Refuse, clearly, a key for a plain store or a plain opening of an encrypted one."""
        # a few of the first states: one edited by hand must not pass for the wrong key
        first = self.recorder.select_notifications(start=1, limit=3)
        if not first:
            return
        encrypted = not any(_looks_plain(n.state) for n in first)
        if encrypted and self.mapper.cipher is None and self.mapper.compressor is None:
            raise InvalidInputError(
                [
                    Problem(
                        "cipher_key",
                        "cơ sở dữ liệu này được mã hoá: cần khoá (NGHEDAN_CIPHER_KEY hoặc"
                        " NGHEDAN_CIPHER_KEY_FILE)",
                        "this database is encrypted: it needs its key (NGHEDAN_CIPHER_KEY or"
                        " NGHEDAN_CIPHER_KEY_FILE)",
                    )
                ]
            )
        if not encrypted and self.mapper.cipher is not None:
            raise InvalidInputError(
                [
                    Problem(
                        "cipher_key",
                        "cơ sở dữ liệu này không mã hoá: bỏ NGHEDAN_CIPHER_KEY, hoặc xuất rồi"
                        " khôi phục vào một cơ sở dữ liệu mới có khoá",
                        "this database is not encrypted: unset NGHEDAN_CIPHER_KEY, or export"
                        " it and restore into a new database with the key",
                    )
                ]
            )
        cipher = self.mapper.cipher
        if encrypted and cipher is not None and not any(_opens(cipher, n.state) for n in first):
            raise InvalidInputError(
                [
                    Problem(
                        "cipher_key",
                        "sai khoá mã hoá cho cơ sở dữ liệu này",
                        "wrong encryption key for this database",
                    )
                ]
            )

    def history_digest(self) -> tuple[str, int]:
        """The digest of the whole recorded history and how many events it covers.

        ``d_0 = GENESIS``, ``d_i = SHA-256(d_{i-1} + hash_i)`` in global order, as the audit
        computes it; kept per process and brought up to date by reading only the events
        recorded since the last call. A disclosure carries it (ADR 0011).
        """
        with self._lock:
            position, count, digest = self._digest
            for record in self.records(start=position + 1):
                digest = next_digest(digest, record.hash)
                position = record.position
                count += 1
            self._digest = (position, count, digest)
            return digest, count

    def forget_states(self) -> None:
        """Drop the aggregate states cached in this process (they hold decrypted data)."""
        with self._lock:
            self._cache.clear()
            self._candidates.clear()

    @property
    def cattrs_mapper(self) -> CattrsMapper:
        """The mapper, typed as what it is."""
        return cast("CattrsMapper", self.mapper)

    # --- commands -------------------------------------------------------------------------

    def handle(self, command: Command) -> tuple[Recorded, ...]:
        """Decide `command` and record its events atomically; return what was recorded.

        Raises a `DomainError` (nothing written) when a rule refuses the command.
        """
        if type(command) not in COMMANDS:
            msg = f"not a nghedan command: {type(command).__name__}"
            raise TypeError(msg)
        if command.occurred_at is None:
            command = attrs.evolve(command, occurred_at=self.clock())
        attempts = 0
        while True:
            with self._lock, self._fresh():
                if command.command_id is not None and self._seen(command.command_id):
                    return ()
                writes = self._decide(command)
                try:
                    return self._save(writes, command)
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

    def handle_many(self, commands: Sequence[Command], *, group: bool = True) -> BatchResult:
        """Handle `commands` in order, in group commits; stop at the first refusal.

        Each group (up to `GROUP_COMMANDS` commands) is decided against the states as they
        stand after its earlier commands — streams read once and kept, facts from the
        in-process index and those states, events sealed onto the streams' heads — and
        written in **one** transaction. Each command is still wholly recorded or not at
        all, recorded once per ``command_id``, and decided exactly as `handle` would decide
        it after the commands before it: a refused command is decided again on its own
        against the store (the commands before it written first) and, if still refused,
        ends the run. When another writer got to a stream first, the group is dropped
        and its commands are handled one by one through `handle` (which re-decides).
        ``group=False`` handles every command through `handle`.
        """
        for command in commands:
            if type(command) not in COMMANDS:
                msg = f"not a nghedan command: {type(command).__name__}"
                raise TypeError(msg)
        done: list[tuple[Recorded, ...]] = []
        rest = list(commands)
        while rest:
            chunk, rest = rest[:GROUP_COMMANDS], rest[GROUP_COMMANDS:]
            results = None
            refused = False
            if group:
                try:
                    results, refused = self._group(chunk)
                except _GroupConflictError:
                    results = None  # nothing written: these commands go one by one
            if results is None:
                for command in chunk:
                    try:
                        done.append(self.handle(command))
                    except DomainError as e:
                        return BatchResult(tuple(done), e)
                continue
            done.extend(results)
            if refused:
                # refused in the group: decided again alone, against the store as written
                try:
                    done.append(self.handle(chunk[len(results)]))
                except DomainError as e:
                    return BatchResult(tuple(done), e)
                rest = chunk[len(results) + 1 :] + rest
            elif len(results) < len(chunk):  # the group ended early (a disclosure)
                rest = chunk[len(results) :] + rest
        return BatchResult(tuple(done))

    def _group(self, commands: list[Command]) -> tuple[list[tuple[Recorded, ...]], bool]:
        """Decide `commands` into one group commit and write it; stop at a refusal.

        Returns what each command recorded, up to (not including) the first refused one,
        and whether a command was refused. A disclosure carries the digest of the history
        recorded before it: on SQLite the digest of the store as read, continued over the
        group's earlier events, and the group's insert checks, in its transaction, that its
        events come right after what was read; elsewhere a disclosure ends the group before
        it (unless it comes first). Raises `_GroupConflictError` when the write collided
        with another writer.
        """
        results: list[tuple[Recorded, ...]] = []
        refused = False
        if not isinstance(self.recorder, SQLiteApplicationRecorder):
            commands = commands[: _until_disclosure(commands)]
        with self._lock, self._fresh():
            batch = self._batch = _Batch(_Index(self._index))
            try:
                self._prefetch(commands)
                self._prepare_keys(commands)
                for command in commands:
                    if command.occurred_at is None:
                        command = attrs.evolve(command, occurred_at=self.clock())  # noqa: PLW2901
                    if command.command_id is not None and self._seen(command.command_id):
                        results.append(())
                        continue
                    try:
                        writes = self._decide(command)
                    except DomainError:
                        refused = True
                        break
                    results.append(self._save(writes, command))
                self._commit(batch)
            finally:
                self._batch = None
        return results, refused

    def _commit(self, batch: _Batch) -> None:
        """Write a group's events in one transaction; then keep its states."""
        if batch.records:
            try:
                ids = self._write_group(batch.records, batch.after)
            except (IntegrityError, sqlite3.IntegrityError):
                raise _GroupConflictError from None
            except (OperationalError, sqlite3.OperationalError) as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                raise _GroupConflictError from None
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
            return self.history_digest()
        if batch.digest is None:
            digest, events = self.history_digest()
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
        `_GroupConflictError`: a disclosure's digest assumed the group followed it).
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
                raise _GroupConflictError
            cursor.executemany(recorder.insert_events_statement, rows)
        return range(last + 1, last + 1 + len(rows))

    def _active_batch(self) -> _Batch | None:
        """The group commit this thread is deciding, if any."""
        if self._batch is not None and self._epoch_owner == threading.get_ident():
            return self._batch
        return None

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

    def _seen(self, command_id: str) -> bool:
        batch = self._active_batch()
        if batch is not None:
            if command_id in batch.markers:
                return True
            known = batch.known_markers.get(command_id)
            if known is not None:
                return known
        return bool(self.recorder.select_events(self._marker_id(command_id), limit=1))

    def _marker_id(self, command_id: str) -> UUID:
        """The stream of a command id's marker (kept for the group being decided)."""
        batch = self._active_batch() if self._batch is not None else None
        if batch is None:
            return stable_id("command", command_id)
        found = batch.marker_ids.get(command_id)
        if found is None:
            found = batch.marker_ids[command_id] = stable_id("command", command_id)
        return found

    def _save(self, writes: list[_Write], command: Command) -> tuple[Recorded, ...]:
        recorded_at = self.clock()
        records: list[Recorded] = []
        new_states: list[tuple[UUID, _Loaded]] = []
        batch = self._active_batch()
        protect = self.personal.protect
        if batch is not None and batch.keys:
            protect = functools.partial(protect, keys=batch.keys)
        for w in writes:
            state, version, head = w.loaded.state, w.loaded.version, w.loaded.head
            for event in w.events:
                version += 1
                r = Recorded.seal(w.stream_id, version, event, recorded_at, head, protect)
                head = r.hash
                state = w.aggregate.evolve(state, event)
                records.append(r)
            new_states.append((w.stream_id, _Loaded(state, version, head, w.aggregate.name)))
        if not records:
            return ()
        if command.command_id is not None:
            marker = CommandAccepted(
                occurred_at=command.at,
                command=type(command).__name__,
                command_id=command.command_id,
            )
            records.append(
                Recorded.seal(self._marker_id(command.command_id), 1, marker, recorded_at, GENESIS)
            )
        if batch is not None:  # written with the rest of the group
            batch.add(records, new_states)
            return tuple(records)
        ids = self.recorder.insert_events([self.mapper.to_stored_event(r) for r in records])
        self._advance(ids, records)
        for stream_id, loaded in new_states:
            self._remember(stream_id, loaded)
        return tuple(records)

    def _decide(self, command: Command) -> list[_Write]:
        match command:
            case visit_.ConductVisit():
                return self._conduct_visit(command)
            case fund_.MakeDisbursement():
                return self._disburse(command)
            case complaint_.RaiseComplaint():
                return self._raise_complaint(command)
        aggregate = COMMANDS[type(command)]
        return [self._decide_one(aggregate, command, self._facts(command))]

    def _raise_complaint(self, command: complaint_.RaiseComplaint) -> list[_Write]:
        """A complaint and its session's record of it (`ComplaintReceived`), in one save.

        The session's version moves with every complaint: a close decided at the same
        moment, which did not count this complaint, collides with it on the session's
        stream and is decided again (ADR 0004); so does a complaint decided against a
        session another writer has just closed.
        """
        write = self._decide_one(complaint_.AGGREGATE, command, self._facts(command))
        received = session_.ReceiveComplaint(
            occurred_at=command.at,
            unit=command.unit,
            month=command.month,
            level=command.level,
            complaint_id=command.complaint_id,
        )
        facts = session_.SessionFacts(config=self.config)
        return [write, self._decide_one(session_.AGGREGATE, received, facts)]

    def _decide_one(self, aggregate: Aggregate[Any], command: Command, facts: Any) -> _Write:
        stream_id = aggregate.stream_id(command)
        loaded = self._load(aggregate, stream_id)
        events = aggregate.decide(command, loaded.state, facts)
        return _Write(aggregate, stream_id, loaded, events)

    def _disburse(self, command: fund_.MakeDisbursement) -> list[_Write]:
        """A payment from the fund and the support it delivers to the household, together."""
        writes = [self._decide_one(fund_.AGGREGATE, command, self._facts(command))]
        household = self._state(household_.AGGREGATE, command.household_id)
        if household is not None:
            support = household_.DeliverSupport(
                occurred_at=command.at,
                household_id=command.household_id,
                kind=command.purpose.support_kind,
                value=command.amount,
                funded_by=FundingSource.FUND,
                description=command.note,
                disbursement_id=command.disbursement_id,
                visit_id=command.visit_id,
            )
            writes.append(
                self._decide_one(household_.AGGREGATE, support, household_.HouseholdFacts())
            )
        return writes

    def _conduct_visit(self, command: visit_.ConductVisit) -> list[_Write]:
        """A visit, its gift's payment from the fund and the household's support: one save."""
        write = self._decide_one(visit_.AGGREGATE, command, visit_.VisitFacts())
        visit: visit_.State = write.loaded.state
        conducted = next(e for e in write.events if isinstance(e, visit_.VisitConducted))
        if conducted.disbursement_id is not None:
            payment = fund_.MakeDisbursement(
                occurred_at=command.at,
                unit=visit.unit,
                disbursement_id=conducted.disbursement_id,
                purpose=DisbursementPurpose.GIFT,
                amount=command.gift_value,
                household_id=visit.household_id,
                approvers=command.approvers,
                visit_id=visit.visit_id,
                note=command.gift_description,
            )
            return [write, *self._disburse(payment)]
        if command.gift_value:
            support = household_.DeliverSupport(
                occurred_at=command.at,
                household_id=visit.household_id,
                kind=SupportKind.GIFT,
                value=command.gift_value,
                funded_by=command.gift_funded_by,
                description=command.gift_description,
                visit_id=visit.visit_id,
            )
            return [
                write,
                self._decide_one(household_.AGGREGATE, support, household_.HouseholdFacts()),
            ]
        return [write]

    # --- facts ----------------------------------------------------------------------------

    def _facts(self, command: Command) -> Any:
        """Gather what `command`'s rules need from outside its aggregate."""
        config = self.config
        match command:
            case unit_.RegisterUnit(parent=str() as parent):
                return unit_.UnitFacts(other=self.unit_info(parent))
            case unit_.MergeUnit():
                return unit_.UnitFacts(other=self.unit_info(command.into))
            case unit_.RegisterUnit() | unit_.RenameUnit():
                return unit_.UnitFacts()
            case official_.RegisterOfficial():
                return official_.OfficialFacts(unit=self.unit_info(command.unit))
            case official_.TransferOfficial():
                return official_.OfficialFacts(unit=self.unit_info(command.to_unit))
            case official_.DeclareRelative() | official_.LeaveOffice():
                return official_.OfficialFacts()
            case session_.ScheduleSession():
                return session_.SessionFacts(
                    config=config,
                    unit=self.unit_info(command.unit),
                    last_hosted=self._view().last_hosted_of(command.unit),
                )
            case session_.HoldReception():
                return session_.SessionFacts(config=config, unit=self.unit_info(command.unit))
            case session_.CloseSession():
                sid = session_.session_id(command.unit, command.month, command.level)
                return session_.SessionFacts(
                    config=config,
                    open_complaints=self.open_complaints(sid),
                    visits_made=self.visits_made(sid),
                )
            case session_.CommendOfficial() | session_.RemindOfficial():
                return session_.SessionFacts(
                    config=config, official=self.official_info(command.official_id)
                )
            case session_.InspectSession():
                return session_.SessionFacts(
                    config=config, official=self.official_info(command.inspector_id)
                )
            case (
                session_.RescheduleSession() | session_.HoldFlagCeremony() | session_.ReviewMonth()
            ):
                return session_.SessionFacts(config=config)
            case session_.HearProposal() | session_.CancelSession():
                return session_.SessionFacts(config=config)
            case complaint_.RaiseComplaint():
                sid = session_.session_id(command.unit, command.month, command.level)
                return complaint_.ComplaintFacts(config=config, session=self._session_info(sid))
            case complaint_.AnswerOnSpot() | complaint_.AnswerComplaint():
                return complaint_.ComplaintFacts(
                    config=config, official=self.official_info(command.answered_by)
                )
            case complaint_.ResolveComplaint():
                return complaint_.ComplaintFacts(
                    config=config, official=self.official_info(command.resolved_by)
                )
            case fund_.OpenFund():
                return fund_.FundFacts(config=config, unit=self.unit_info(command.unit))
            case fund_.MakeDisbursement():
                return self._disbursement_facts(command)
            case fund_.PublishDisclosure():
                digest, events = self._digest_before_command()
                return fund_.FundFacts(config=config, digest=digest, digest_events=events)
            case household_.RegisterHousehold():
                return household_.HouseholdFacts(config=config, unit=self.unit_info(command.unit))
            case household_.AssessHousehold():
                return household_.HouseholdFacts(
                    config=config,
                    officials={command.assessed_by: self.official_info(command.assessed_by)},
                )
            case household_.SelectHousehold():
                return self._selection_facts(command)
            case visit_.PlanVisit():
                return self._plan_visit_facts(command)
            case volunteer_.PlanVolunteerWork():
                return volunteer_.VolunteerFacts(config=config, unit=self.unit_info(command.unit))
        aggregate = COMMANDS[type(command)]
        if aggregate.facts is None:  # pragma: no cover - every aggregate has a facts class
            return None
        facts_cls = aggregate.facts
        if "config" in attrs.fields_dict(facts_cls):
            return facts_cls(config=config)
        return facts_cls()

    def _disbursement_facts(self, command: fund_.MakeDisbursement) -> fund_.FundFacts:
        household = self._state(household_.AGGREGATE, command.household_id)
        info = None
        selected = False
        if household is not None:
            info = fund_.HouseholdInfo(
                candidate=household.candidate(),
                unit=household.unit,
                deregistered=household.deregistered,
            )
            selected = household_.selection_covers(
                household, Month.of(business_date(command.at)), self.config
            )
        approvers = {a: self.official_info(a) for a in command.approvers}
        return fund_.FundFacts(
            config=self.config,
            household=info,
            approvers=approvers,
            relatives=self._relatives(command.approvers),
            household_selected=selected,
        )

    def _selection_facts(self, command: household_.SelectHousehold) -> household_.HouseholdFacts:
        household = self._state(household_.AGGREGATE, command.household_id)
        others: list[Candidate] = []
        if household is not None:
            for other_id in self._view().households_of(household.unit):
                if other_id != command.household_id:
                    other = self._candidate(other_id)
                    if other is not None:
                        others.append(other)
        return household_.HouseholdFacts(
            config=self.config,
            others=tuple(others),
            relatives=self._relatives(command.selected_by),
            officials={o: self.official_info(o) for o in command.selected_by},
        )

    def _candidate(self, household_id: UUID) -> Candidate | None:
        """The household as the selection rule sees it (made again only when it changed)."""
        state = self._state(household_.AGGREGATE, household_id)
        if state is None:
            return None
        made = self._candidates.get(household_id)
        if made is not None and made[0] is state:  # states are immutable: same object, same
            return made[1]
        if len(self._candidates) >= _CACHE_SIZE:
            self._candidates.clear()
        candidate: Candidate = state.candidate()
        self._candidates[household_id] = (state, candidate)
        return candidate

    def _plan_visit_facts(self, command: visit_.PlanVisit) -> visit_.VisitFacts:
        household = self._state(household_.AGGREGATE, command.household_id)
        sid = session_.session_id(command.unit, command.month, command.level)
        return visit_.VisitFacts(
            session=self._session_info(sid),
            household_exists=household is not None,
            household_deregistered=household is not None and household.deregistered,
            team={member: self.official_info(member) for member in command.team},
        )

    def _relatives(self, officials: tuple[UUID, ...]) -> tuple[Relative, ...]:
        found: list[Relative] = []
        for official_id in dict.fromkeys(officials):
            official = self._state(official_.AGGREGATE, official_id)
            if official is not None:
                found.extend(official.relatives)
        return tuple(found)

    def _session_info(self, sid: UUID) -> complaint_.SessionInfo | None:
        session = self._state(session_.AGGREGATE, sid)
        if session is None:
            return None
        return complaint_.SessionInfo(unit=session.unit, status=session.status)

    # --- queries --------------------------------------------------------------------------

    def unit_info(self, code: str) -> UnitInfo | None:
        """What is recorded of the unit `code`, with its hamlets; None if never registered."""
        state = self._state(unit_.AGGREGATE, unit_.unit_id(code))
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

    def official_info(self, official_id: UUID) -> OfficialInfo | None:
        """What is recorded of an official; None if never registered."""
        state = self._state(official_.AGGREGATE, official_id)
        if state is None:
            return None
        return OfficialInfo(
            official_id=state.official_id,
            unit=state.unit,
            roles=frozenset(r.value for r in state.roles),
            active=state.active,
        )

    def open_complaints(self, sid: UUID) -> int:
        """How many complaints of session `sid` have neither an answer nor an appointment."""
        count = 0
        for cid in self._view().complaints_of(sid):
            c = self._state(complaint_.AGGREGATE, cid)
            if c is not None and not c.has_outcome:
                count += 1
        return count

    def visits_made(self, sid: UUID) -> int:
        """How many distinct households were visited (visits conducted) for session `sid`."""
        households = set()
        for vid in self._view().visits_of(sid):
            v = self._state(visit_.AGGREGATE, vid)
            if v is not None and v.conducted:
                households.add(v.household_id)
        return len(households)

    def state(self, aggregate: Aggregate[S], stream_id: UUID) -> S | None:
        """The current state of one aggregate (None if it was never created)."""
        with self._lock, self._fresh():
            return cast("S | None", self._state(aggregate, stream_id))

    def fund(self, unit: str) -> fund_.State | None:
        """The fund of `unit`."""
        return self.state(fund_.AGGREGATE, fund_.fund_id(unit))

    def stream(self, stream_id: UUID) -> list[Recorded]:
        """Every recorded event of one stream, in order."""
        return [
            cast("Recorded", self.mapper.to_domain_event(s))
            for s in self.recorder.select_events(stream_id)
        ]

    def read(self, start: int = 1, *, page: int = _PAGE) -> Iterator[tuple[int, Recorded]]:
        """Every recorded event in global order from notification `start`, page by page."""
        position = start
        while True:
            notifications = self.recorder.select_notifications(start=position, limit=page)
            for n in notifications:
                yield n.id, cast("Recorded", self.mapper.to_domain_event(n))
            if len(notifications) < page:
                return
            position = notifications[-1].id + 1

    def records(
        self,
        start: int = 1,
        *,
        stop: int | None = None,
        page: int = 1_000,
        chain: ChainVerifier | None = None,
    ) -> Iterator[EventRecord]:
        """Every stored event as an `EventRecord` (payload as JSON), in global order.

        Streams page by page, so memory stays flat however long the log is (pages of a
        thousand rows: a page is folded while its rows are still in the processor's cache,
        5 % faster than pages of ten thousand). With `chain`, each record is linked into it
        (`ChainVerifier.apply`) before it is yielded; the SQLite reader does so from the
        stored bytes, cheaper than the audit can afterwards.
        """
        if isinstance(self.recorder, SQLiteApplicationRecorder) and not self._mapper_transforms():
            return self._sqlite_records(start, stop, page, chain)
        return self._generic_records(start, stop, page, chain)

    def audit(
        self,
        *,
        units: Collection[str] = (),
        lines: bool = True,
        also: Sequence[Projection[Any]] = (),
    ) -> AuditReport:
        """The fund audit of the whole log (`nghedan_core.audit.audit`), read in one pass.

        The audit reads this application's `config` (its selection window is the domain's).
        The reader checks each event's hash chain while it holds the stored bytes; the
        projections in `also` are fed the same records.
        """
        chain = ChainVerifier()
        return audit_records(
            self.records(chain=chain),
            units=units,
            config=self.config,
            lines=lines,
            also=also,
            chain=chain,
        )

    def _generic_records(
        self, start: int, stop: int | None, page: int, chain: ChainVerifier | None
    ) -> Iterator[EventRecord]:
        decode = self.cattrs_mapper.decode_state
        position = start
        while True:
            notifications = self.recorder.select_notifications(
                start=position, limit=page, stop=stop
            )
            for n in notifications:
                state = decode(n)
                record = EventRecord(
                    position=n.id,
                    stream_id=str(n.originator_id),
                    version=n.originator_version,
                    topic=n.topic,
                    recorded_at=state["recorded_at"],
                    payload=state["payload"],
                    prev=state["prev"],
                    hash=state["hash"],
                    class_version=stored_class_version(state),
                )
                if chain is not None:
                    chain.apply(record)
                yield record
            if len(notifications) < page:
                return
            position = notifications[-1].id + 1

    def _mapper_transforms(self) -> bool:
        """Whether stored states are compressed or encrypted (then the generic path decodes)."""
        return self.mapper.cipher is not None or self.mapper.compressor is not None

    def _sqlite_records(
        self, start: int, stop: int | None, page: int, chain: ChainVerifier | None = None
    ) -> Iterator[EventRecord]:
        """`records` for SQLite, read with one plain cursor per page.

        eventsourcing's ``select_notifications`` builds a row, a UUID and a Notification per
        event; a full replay spends more time there than in SQLite itself. Reading the same
        rows directly keeps replays close to the raw speed of the file.

        A state written by `CattrsMapper` has the layout
        ``{"hash":<64>,"payload":…,"prev":<64>,"recorded_at":"…"}``. Its payload is parsed
        in place, and every character after it must match the layout's tail (printable
        ASCII, nothing canonical JSON escapes), so no second "payload" key can hide anywhere;
        the record then carries the payload's stored bytes, which the audit hashes as they
        are. Any other state (an escape in the recorded time, another layout) is parsed
        leniently, and the audit encodes its payload again.

        With `chain`, each record is linked into it before it is yielded. For a canonical
        state the stored bytes from ``"payload"`` to the recorded time are the beginning of
        the content the event's hash covers, byte for byte (the keys sort the same way), so
        the reader hashes them with the stream, topic and version as they are.
        """
        recorder = cast("SQLiteApplicationRecorder", self.recorder)
        statement = (
            "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {recorder.events_table_name} WHERE rowid >= ? AND rowid <= ? "
            "ORDER BY rowid LIMIT ?"
        )
        last = stop if stop is not None else 2**62
        scan = _SCAN
        tail_of = _TAIL.fullmatch
        linking = chain is not None
        # (a verifier of its own when not linking: never called, it keeps `link` typed)
        link = (chain if chain is not None else ChainVerifier()).link
        sha256 = hashlib.sha256
        plain = _PlainTopics()
        position = start
        while True:
            with recorder.datastore.transaction(commit=False) as cursor:
                # plain tuples: the rows eventsourcing's connection makes are slow to build
                raw = cursor.sqlite_cursor
                raw.row_factory = None
                raw.execute(statement, (position, last, page))
                rows = raw.fetchall()
            for rowid, hexid, version, topic, data in rows:
                # undecodable bytes become U+FFFD: the event then fails its hash check
                text = data.decode("utf-8", "replace") if type(data) is bytes else data
                stream_id = f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}"
                payload: Any = None
                if text.startswith(_HEAD) and text.startswith(_PAYLOAD, 73) and text[72] != "\\":
                    try:
                        payload, end = scan(text, 85)
                    except (StopIteration, ValueError, RecursionError):
                        payload = None
                if type(payload) is dict and tail_of(text, end) is not None:
                    prev = text[end + 9 : end + 73]
                    event_hash = text[9:73]
                    # the tail is ASCII: the stored bytes end as the text does
                    stored = data if type(data) is bytes else text.encode()
                    # linked here from the stored bytes, or by the audit around the payload's
                    hashed_here = (
                        linking and plain[topic] and type(version) is int and hexid.isalnum()
                    )
                    record = EventRecord(
                        rowid,
                        stream_id,
                        version,
                        topic,
                        text[end + 90 : -2],
                        payload,
                        prev,
                        event_hash,
                        None if hashed_here else stored[85 : end + len(stored) - len(text)],
                    )
                    if hashed_here:
                        link(
                            rowid,
                            stream_id,
                            version,
                            topic,
                            prev,
                            event_hash,
                            sha256(
                                b"{"
                                + stored[75:-1]
                                + f',"stream":"{stream_id}","topic":"{topic}",'
                                f'"version":{version}}}'.encode()
                            ).hexdigest(),
                        )
                    elif chain is not None:
                        chain.apply(record)
                    yield record
                    continue
                state = _lenient_state(text)  # not canonical: the audit re-encodes it
                record = EventRecord(
                    rowid,
                    stream_id,
                    version,
                    topic,
                    state["recorded_at"],
                    state["payload"],
                    state["prev"],
                    state["hash"],
                    class_version=state["class_version"],
                )
                if chain is not None:
                    chain.apply(record)
                yield record
            if len(rows) < page:
                return
            position = rows[-1][0] + 1

    def max_position(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return self.recorder.max_notification_id() or 0

    # --- loading --------------------------------------------------------------------------

    def _state(self, aggregate: Aggregate[Any], stream_id: UUID) -> Any:
        """The state of `stream_id` as `aggregate`; None if absent or another kind of record."""
        try:
            return self._load(aggregate, stream_id).state
        except _ForeignStreamError:
            return None

    def _load(self, aggregate: Aggregate[Any], stream_id: UUID) -> _Loaded:
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
                    return _Loaded(None, 0, GENESIS, aggregate.name)
                if pending.aggregate != aggregate.name:
                    raise _ForeignStreamError(aggregate, stream_id)
                return pending
        elif self._epoch_owner != threading.get_ident():
            self._refresh()  # a lone query: no epoch checked the log for it
        cached = self._cache.get(stream_id)
        if cached is not None and cached.aggregate != aggregate.name:
            raise _ForeignStreamError(aggregate, stream_id)
        if cached is not None and stream_id not in self._stale:
            loaded = cached
        else:
            loaded = cached or _Loaded(None, 0, GENESIS, aggregate.name)
            stored: Sequence[StoredEvent] | None = None
            if batch is not None and cached is None:
                stored = batch.prefetched.pop(stream_id, None)
            if stored is None:
                stored = self.recorder.select_events(stream_id, gt=loaded.version or None)
            if stored:
                if loaded.version == 0 and stored[0].topic not in aggregate.events:
                    raise _ForeignStreamError(aggregate, stream_id)
                state, version, head = loaded.state, loaded.version, loaded.head
                for s in stored:
                    r = cast("Recorded", self.mapper.to_domain_event(s))
                    state = aggregate.evolve(state, r.event)
                    version, head = r.originator_version, r.hash
                loaded = _Loaded(state, version, head, aggregate.name)
        self._remember(stream_id, loaded)
        if batch is not None:
            batch.states[stream_id] = loaded if loaded.version else _Loaded(None, 0, GENESIS)
        return loaded

    def _remember(self, stream_id: UUID, loaded: _Loaded) -> None:
        if loaded.version == 0:
            return
        self._stale.discard(stream_id)
        self._cache[stream_id] = loaded
        self._cache.move_to_end(stream_id)
        while len(self._cache) > _CACHE_SIZE:
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
        rows = self._positions_after(self._position)
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

    def _positions_after(self, position: int) -> Iterator[tuple[int, UUID, int]]:
        """(position, stream, version) of every event after `position`, page by page."""
        recorder = self.recorder
        if isinstance(recorder, SQLiteApplicationRecorder):
            statement = (
                "SELECT rowid, originator_id, originator_version "  # noqa: S608
                f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
            )
            while True:
                with recorder.datastore.transaction(commit=False) as cursor:
                    cursor.execute(statement, (position, _PAGE))
                    rows = cursor.fetchall()
                for rowid, hexid, version in rows:
                    yield rowid, UUID(hex=hexid), version
                if len(rows) < _PAGE:
                    return
                position = rows[-1][0]
        while True:
            notifications = recorder.select_notifications(start=position + 1, limit=_PAGE)
            for n in notifications:
                yield n.id, _uuid(n.originator_id), n.originator_version
            if len(notifications) < _PAGE:
                return
            position = notifications[-1].id

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
                    if r.topic in _INDEX_TOPIC_SET:
                        self._index.apply(r)
                self._index.position = ids[-1]

    def _view(self) -> _Index:
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
                start=index.position + 1, limit=_PAGE, topics=_INDEX_TOPICS
            )
            for n in notifications:
                index.apply(cast("Recorded", self.mapper.to_domain_event(n)))
                index.position = n.id
            if len(notifications) < _PAGE:
                break
        self._index_fresh = in_epoch
