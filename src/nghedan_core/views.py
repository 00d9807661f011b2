"""The views kept in the store: every read folds only the events of what it shows (ADR 0020).

`StoredViews` is the `ViewSource` of the command line and the HTTP server on SQLite and
PostgreSQL. It keeps, **in the events' own database**, an index of the log by key
(`nghedan_core.projections.keys`: a unit, a session, an official, the unit directory):

- ``nghedan_view_keys(key, position)`` — every event, under each key of its stream
  (primary key ``(key, position)``: a read is an index range per key);
- ``nghedan_view_streams(stream_id, keys)`` — the keys of each stream, taken once from its
  first event;
- ``nghedan_view_position(name, position)`` — the last event the index has taken in.

Before each read the index **catches up** in one write transaction: it takes the store's
write lock (SQLite: a first write on the position row; PostgreSQL: ``SELECT … FOR
UPDATE`` of it), reads the position again under that lock, indexes the events after it and
moves the position — so two processes catching up at once never index an event twice, and
a process killed in the middle leaves the index as it was. The read then folds the shared
projection of `nghedan_core.projections` over the events of the keys it covers, read
through the index, in global order — the same fold a full replay makes, over fewer events:
its answer is the replay's. `rebuild` indexes the whole log again; `check` replays the log
and compares every row.

``memory://`` stores have no tables: `views_for` gives them the `Replay` source.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import attrs
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core._reader import dashed, record_of
from nghedan_core.projections import (
    ComplaintBoard,
    ComplaintBoardView,
    DossierView,
    EventRecord,
    FundLedger,
    HouseholdHistory,
    HouseholdHistoryView,
    LedgerView,
    PeriodReportView,
    QuotaCompliance,
    QuotaView,
    SessionDossier,
    UnitDirectory,
    UnitEntry,
)
from nghedan_core.projections.keys import (
    EVENT_KEYED,
    UNITS,
    below_key,
    event_keys,
    official_key,
    session_key,
    stream_keys,
    unit_keys,
)
from nghedan_core.queries import Replay, ViewSource, make_report

if TYPE_CHECKING:
    from nghedan_core.application import NgheDan

__all__ = [
    "KEYS_TABLE",
    "POSITION_TABLE",
    "STREAMS_TABLE",
    "StoredViews",
    "ViewsCheck",
    "ViewsDifference",
    "has_stored_views",
    "readable",
    "views_for",
]

KEYS_TABLE: Final = "nghedan_view_keys"
STREAMS_TABLE: Final = "nghedan_view_streams"
POSITION_TABLE: Final = "nghedan_view_position"
#: the name of the index's row in the position table
_INDEX: Final = "index"
#: events read per page while catching up
PAGE: Final = 2_000
#: a catch-up of at least this many events checkpoints SQLite's write-ahead log after it
SETTLE_AFTER: Final = 20_000

Row = tuple[Any, ...]
#: what to raise for a stored row that cannot be read: (the last position read, the error)
Unreadable = Callable[[int, Exception], Exception]
_UNREADABLE: Final = (ValueError, KeyError, TypeError)


class _Cursor(Protocol):
    def execute(self, query: Any, params: Any = ...) -> Any: ...
    def executemany(self, query: Any, params_seq: Any) -> Any: ...
    def fetchall(self) -> Any: ...


class _Backend(Protocol):
    """The SQL of one kind of database, on the recorder's own connections."""

    def transaction(self, *, write: bool) -> AbstractContextManager[_Cursor]: ...
    def create(self) -> None: ...
    def lock(self, c: _Cursor) -> int: ...
    def settle(self) -> None: ...
    def position(self, c: _Cursor) -> int: ...
    def set_position(self, c: _Cursor, position: int) -> None: ...
    def events_after(self, c: _Cursor, position: int, limit: int) -> list[Row]: ...
    def streams(self, c: _Cursor, ids: list[str]) -> list[Row]: ...
    def add_streams(self, c: _Cursor, rows: list[tuple[str, str]]) -> None: ...
    def add_keys(self, c: _Cursor, rows: list[tuple[str, int]]) -> None: ...
    def events_of(self, c: _Cursor, keys: list[str], stop: int) -> list[Row]: ...
    def key_rows(self, c: _Cursor, after: int, limit: int) -> list[Row]: ...
    def stream_rows(self, c: _Cursor, after: str, limit: int) -> list[Row]: ...
    def clear(self, c: _Cursor) -> None: ...
    def stream_id(self, raw: Any) -> str: ...


class _SQLite:
    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        self._events = recorder.events_table_name

    def transaction(self, *, write: bool) -> AbstractContextManager[_Cursor]:
        return self._datastore.transaction(commit=write)

    def create(self) -> None:
        with self.transaction(write=False) as c:
            c.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)",
                (KEYS_TABLE, STREAMS_TABLE, POSITION_TABLE),
            )
            if c.fetchall()[0][0] == 3:
                return
        # each statement in a transaction of its own: a transaction that read first and then
        # writes cannot wait for another process's write lock (SQLite answers "locked")
        for statement in (
            f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} (key TEXT NOT NULL, "
            "position INTEGER NOT NULL, PRIMARY KEY (key, position)) WITHOUT ROWID",
            f"CREATE TABLE IF NOT EXISTS {STREAMS_TABLE} "
            "(stream_id TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID",
            f"CREATE TABLE IF NOT EXISTS {POSITION_TABLE} "
            "(name TEXT PRIMARY KEY, position INTEGER NOT NULL)",
            f"INSERT INTO {POSITION_TABLE} (name, position) "  # noqa: S608
            f"VALUES ('{_INDEX}', 0) ON CONFLICT (name) DO NOTHING",
        ):
            with self.transaction(write=True) as c:
                c.execute(statement)

    def settle(self) -> None:
        """After a large catch-up: fold the write-ahead log back into the file.

        Reads slow down while a long log of uncheckpointed pages lies beside the file (each
        page read looks it up there first); a passive checkpoint waits for no one.
        """
        with self._datastore.get_connection(commit=False) as conn:
            conn.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")

    def lock(self, c: _Cursor) -> int:
        # a first write takes SQLite's write lock before anything is read: the position
        # read next is the latest one, and no other writer moves it until we commit
        c.execute(
            f"UPDATE {POSITION_TABLE} SET position = position WHERE name = ?",  # noqa: S608
            (_INDEX,),
        )
        return self.position(c)

    def position(self, c: _Cursor) -> int:
        c.execute(f"SELECT position FROM {POSITION_TABLE} WHERE name = ?", (_INDEX,))  # noqa: S608
        rows = c.fetchall()
        return int(rows[0][0]) if rows else 0

    def set_position(self, c: _Cursor, position: int) -> None:
        c.execute(
            f"UPDATE {POSITION_TABLE} SET position = ? WHERE name = ?",  # noqa: S608
            (position, _INDEX),
        )

    def events_after(self, c: _Cursor, position: int, limit: int) -> list[Row]:
        c.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {self._events} WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (position, limit),
        )
        return [tuple(r) for r in c.fetchall()]

    def streams(self, c: _Cursor, ids: list[str]) -> list[Row]:
        c.execute(
            f"SELECT stream_id, keys FROM {STREAMS_TABLE} "  # noqa: S608
            "WHERE stream_id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        return [tuple(r) for r in c.fetchall()]

    def add_streams(self, c: _Cursor, rows: list[tuple[str, str]]) -> None:
        c.executemany(
            f"INSERT INTO {STREAMS_TABLE} (stream_id, keys) VALUES (?, ?)",  # noqa: S608
            rows,
        )

    def add_keys(self, c: _Cursor, rows: list[tuple[str, int]]) -> None:
        c.executemany(f"INSERT INTO {KEYS_TABLE} (key, position) VALUES (?, ?)", rows)  # noqa: S608

    def events_of(self, c: _Cursor, keys: list[str], stop: int) -> list[Row]:
        c.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {self._events} WHERE rowid IN (SELECT position FROM {KEYS_TABLE} "
            "WHERE key IN (SELECT value FROM json_each(?)) AND position <= ?) ORDER BY rowid",
            (json.dumps(keys), stop),
        )
        return [tuple(r) for r in c.fetchall()]

    def key_rows(self, c: _Cursor, after: int, limit: int) -> list[Row]:
        c.execute(
            f"SELECT position, key FROM {KEYS_TABLE} WHERE position > ? "  # noqa: S608
            "ORDER BY position, key LIMIT ?",
            (after, limit),
        )
        return [tuple(r) for r in c.fetchall()]

    def stream_rows(self, c: _Cursor, after: str, limit: int) -> list[Row]:
        c.execute(
            f"SELECT stream_id, keys FROM {STREAMS_TABLE} WHERE stream_id > ? "  # noqa: S608
            "ORDER BY stream_id LIMIT ?",
            (after, limit),
        )
        return [tuple(r) for r in c.fetchall()]

    def clear(self, c: _Cursor) -> None:
        c.execute(f"DELETE FROM {KEYS_TABLE}")  # noqa: S608
        c.execute(f"DELETE FROM {STREAMS_TABLE}")  # noqa: S608
        self.set_position(c, 0)

    def stream_id(self, raw: Any) -> str:
        return dashed(raw)


class _Postgres:
    def __init__(self, recorder: Any) -> None:
        from psycopg.sql import SQL, Identifier  # noqa: PLC0415 - optional dependency

        self._datastore = recorder.datastore
        schema = self._datastore.schema
        names = {
            "keys": Identifier(schema, KEYS_TABLE),
            "streams": Identifier(schema, STREAMS_TABLE),
            "pos": Identifier(schema, POSITION_TABLE),
            "events": Identifier(schema, recorder.events_table_name),
        }

        def q(text: str) -> Any:
            return SQL(text).format(**names)

        self._create = [
            q(
                "CREATE TABLE IF NOT EXISTS {keys} (key TEXT NOT NULL, "
                "position BIGINT NOT NULL, PRIMARY KEY (key, position))"
            ),
            q("CREATE INDEX IF NOT EXISTS nghedan_view_keys_position ON {keys} (position)"),
            q(
                "CREATE TABLE IF NOT EXISTS {streams} "
                "(stream_id TEXT PRIMARY KEY, keys TEXT NOT NULL)"
            ),
            q("CREATE TABLE IF NOT EXISTS {pos} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"),
        ]
        #: whether the three tables are there (then nothing is created: no write at all)
        self._exists = q(
            "SELECT (to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL"
            " AND to_regclass(%s) IS NOT NULL) AS present"
        )
        self._names = tuple(
            f'"{schema}"."{t}"' for t in (KEYS_TABLE, STREAMS_TABLE, POSITION_TABLE)
        )
        self._seed = q("INSERT INTO {pos} (name, position) VALUES (%s, 0) ON CONFLICT DO NOTHING")
        self._lock = q("SELECT position FROM {pos} WHERE name = %s FOR UPDATE")
        self._position = q("SELECT position FROM {pos} WHERE name = %s")
        self._set_position = q("UPDATE {pos} SET position = %s WHERE name = %s")
        self._after = q(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {events} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        )
        self._streams = q("SELECT stream_id, keys FROM {streams} WHERE stream_id = ANY(%s)")
        self._add_streams = q("INSERT INTO {streams} (stream_id, keys) VALUES (%s, %s)")
        self._add_keys = q("INSERT INTO {keys} (key, position) VALUES (%s, %s)")
        self._of = q(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {events} WHERE notification_id IN (SELECT position FROM {keys} "
            "WHERE key = ANY(%s) AND position <= %s) ORDER BY notification_id"
        )
        self._key_rows = q(
            "SELECT position, key FROM {keys} WHERE position > %s ORDER BY position, key LIMIT %s"
        )
        self._stream_rows = q(
            "SELECT stream_id, keys FROM {streams} WHERE stream_id > %s "
            'ORDER BY stream_id COLLATE "C" LIMIT %s'
        )
        self._clear = [q("DELETE FROM {keys}"), q("DELETE FROM {streams}")]

    def transaction(self, *, write: bool) -> AbstractContextManager[_Cursor]:
        return self._datastore.transaction(commit=write)  # type: ignore[no-any-return]

    def create(self) -> None:
        with self.transaction(write=False) as c:
            c.execute(self._exists, self._names)
            if self._rows(c)[0][0]:
                return
        with self.transaction(write=True) as c:
            for statement in self._create:
                c.execute(statement)
            c.execute(self._seed, (_INDEX,))

    @staticmethod
    def _rows(c: _Cursor) -> list[Row]:
        return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in c.fetchall()]

    def settle(self) -> None:
        """Nothing to do after a large catch-up (the server checkpoints on its own)."""

    def lock(self, c: _Cursor) -> int:
        c.execute(self._lock, (_INDEX,))
        rows = self._rows(c)
        return int(rows[0][0]) if rows else 0

    def position(self, c: _Cursor) -> int:
        c.execute(self._position, (_INDEX,))
        rows = self._rows(c)
        return int(rows[0][0]) if rows else 0

    def set_position(self, c: _Cursor, position: int) -> None:
        c.execute(self._set_position, (position, _INDEX))

    def events_after(self, c: _Cursor, position: int, limit: int) -> list[Row]:
        c.execute(self._after, (position, limit))
        return self._rows(c)

    def streams(self, c: _Cursor, ids: list[str]) -> list[Row]:
        c.execute(self._streams, (ids,))
        return self._rows(c)

    def add_streams(self, c: _Cursor, rows: list[tuple[str, str]]) -> None:
        c.executemany(self._add_streams, rows)

    def add_keys(self, c: _Cursor, rows: list[tuple[str, int]]) -> None:
        c.executemany(self._add_keys, rows)

    def events_of(self, c: _Cursor, keys: list[str], stop: int) -> list[Row]:
        c.execute(self._of, (keys, stop))
        return self._rows(c)

    def key_rows(self, c: _Cursor, after: int, limit: int) -> list[Row]:
        c.execute(self._key_rows, (after, limit))
        return self._rows(c)

    def stream_rows(self, c: _Cursor, after: str, limit: int) -> list[Row]:
        c.execute(self._stream_rows, (after, limit))
        return self._rows(c)

    def clear(self, c: _Cursor) -> None:
        for statement in self._clear:
            c.execute(statement)
        self.set_position(c, 0)

    def stream_id(self, raw: Any) -> str:
        return str(raw)


def _backend(recorder: Any) -> _Backend | None:
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _SQLite(recorder)
    if type(recorder).__module__ == "eventsourcing.postgres":
        return _Postgres(recorder)
    return None


def _stored(raw: Any) -> bytes:
    return bytes(raw) if not isinstance(raw, bytes) else raw


@attrs.frozen
class ViewsDifference:
    """The first row where the views and the replay differ."""

    #: the table
    table: str
    #: the row as stored, and as the replay gives it (None: there is no such row)
    stored: str | None
    expected: str | None

    def message(self, lang: str = "vi") -> str:
        """The difference in words."""
        if lang == "vi":
            return (
                f"bảng {self.table}: trong cơ sở dữ liệu là {self.stored or '(không có dòng)'},"
                f" phát lại lịch sử cho {self.expected or '(không có dòng)'}"
            )
        return (
            f"table {self.table}: the database holds {self.stored or '(no row)'},"
            f" replaying the history gives {self.expected or '(no row)'}"
        )


@attrs.frozen
class ViewsCheck:
    """What `StoredViews.check` found: the rows compared, and the first difference if any."""

    #: index rows (key, position) and stream rows compared
    rows: int
    #: the position the index stands at
    position: int
    #: the first difference (None: the index is the replay's)
    difference: ViewsDifference | None = None


P = TypeVar("P")


class StoredViews:
    """The `ViewSource` kept in the store: the index caught up before each read (ADR 0020).

    `unreadable` makes the error raised for a stored row that is not an event (the command
    line turns it into a clear message); by default the decoding error itself.
    """

    def __init__(
        self,
        app: NgheDan,
        *,
        unreadable: Unreadable | None = None,
        fallback: ViewSource | None = None,
    ) -> None:
        """Open (or create) the index's tables in `app`'s database."""
        backend = _backend(app.recorder)
        if backend is None:
            msg = f"no stored views in a {type(app.recorder).__name__}"
            raise TypeError(msg)
        self.app = app
        self._db = backend
        self._unreadable = unreadable
        self._db.create()
        #: stream id -> keys (a stream's keys never change once its first event is in)
        self._keys_of: dict[str, tuple[str, ...]] = {}
        #: the position the index was last seen at by this process
        self.position = 0
        self._directory: tuple[int, UnitDirectory] | None = None
        #: what answers a question about every unit (a replay of the whole log)
        self._fallback = Replay(app) if fallback is None else fallback

    # --- the index ------------------------------------------------------------------------

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Index every event recorded after the index's position; return the new position.

        One transaction, under the store's write lock: the position is read again under
        it, so a concurrent catch-up never indexes an event twice. `progress` is called
        with the number of events indexed after each page.
        """
        head = self.app.max_position()
        if head <= self.position:
            return self.position
        with self._db.transaction(write=False) as c:
            self.position = self._db.position(c)
        if head <= self.position:
            return self.position
        with self._db.transaction(write=True) as c:
            position = self._db.lock(c)
            while True:
                rows = self._db.events_after(c, position, PAGE)
                if not rows:
                    break
                self._index_page(c, rows)
                position = int(rows[-1][0])
                if progress is not None:
                    progress(len(rows))
                if len(rows) < PAGE:
                    break
            self._db.set_position(c, position)
        if position - self.position >= SETTLE_AFTER:
            self._db.settle()
        self.position = position
        return position

    def _index_page(self, c: _Cursor, rows: list[Row]) -> None:
        stream_id = self._db.stream_id
        known = self._keys_of
        ids = [stream_id(r[1]) for r in rows]
        wanted = [s for s in dict.fromkeys(ids) if s not in known]
        if wanted:
            for sid, keys in self._db.streams(c, wanted):
                known[sid] = tuple(json.loads(keys))
        new_streams: list[tuple[str, str]] = []
        index: list[tuple[str, int]] = []
        decode = self.app.cattrs_mapper.decode_state
        for (position, raw, version, topic, state), sid in zip(rows, ids, strict=True):
            keys = known.get(sid)
            if keys is None or topic in EVENT_KEYED:
                record = None
                if not topic.startswith("nghedan."):  # markers, erasures: no view reads them
                    try:
                        decoded = decode(StoredEvent(raw, version, topic, _stored(state)))
                        record = record_of(position, sid, version, topic, decoded)
                    except _UNREADABLE as e:
                        raise self._error(int(position) - 1, e) from e
                if keys is None:
                    keys = () if record is None else stream_keys(record)
                    known[sid] = keys
                    if record is not None:
                        new_streams.append((sid, json.dumps(list(keys))))
                if record is not None:
                    keys = _all_keys(keys, record)
            index.extend((key, position) for key in keys)
        if new_streams:
            self._db.add_streams(c, new_streams)
        if index:
            self._db.add_keys(c, index)

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop the index and index the whole log again (one transaction); the position."""
        with self._db.transaction(write=True) as c:
            self._db.lock(c)
            self._db.clear(c)
        self._keys_of.clear()
        self.position = 0
        self._directory = None
        return self.catch_up(progress)

    def check(self, progress: Callable[[int], None] | None = None) -> ViewsCheck:
        """Replay the log and compare every row of the index with what the replay gives.

        The replay reads the log only (never the index) and routes each event by the same
        rule; rows are compared in order: (position, key) for the index, then each stream's
        keys. Events after the index's position are not yet indexed, and not a difference.
        """
        with self._db.transaction(write=False) as c:
            position = self._db.position(c)
        expected_streams: dict[str, tuple[str, ...]] = {}
        stored = self._stored_key_rows()
        compared = 0
        markers: set[str] = set()
        for record in self._checked(self.app.records(stop=position)):
            sid = record.stream_id
            keys = expected_streams.get(sid)
            if keys is None:
                keys = () if record.topic.startswith("nghedan.") else stream_keys(record)
                expected_streams[sid] = keys
                if not keys and record.topic.startswith("nghedan."):
                    markers.add(sid)
            for key in sorted(_all_keys(keys, record)):
                row = next(stored, None)
                compared += 1
                if row != (record.position, key):
                    return ViewsCheck(compared, position, _differs(row, (record.position, key)))
            if progress is not None and record.position % 1000 == 0:
                progress(1000)
        row = next(stored, None)
        if row is not None:
            return ViewsCheck(compared + 1, position, _differs(row, None))
        expected = {s: list(k) for s, k in expected_streams.items() if s not in markers}
        del expected_streams
        for sid, kept in self._stored_stream_rows():
            compared += 1
            want = expected.pop(sid, None)
            if want is None or want != json.loads(kept):
                return ViewsCheck(compared, position, _stream_differs(sid, kept, want))
        if expected:
            sid, want = min(expected.items())
            return ViewsCheck(compared + 1, position, _stream_differs(sid, None, want))
        return ViewsCheck(compared, position)

    def _stored_key_rows(self) -> Iterator[tuple[int, str]]:
        after = 0
        while True:
            with self._db.transaction(write=False) as c:
                rows = self._db.key_rows(c, after, 10_000)
            # (position, key) pages: a page may end in the middle of one position's keys
            last = rows[-1][0] if len(rows) == 10_000 else None
            for position, key in rows:
                if last is not None and position == last:
                    break
                yield int(position), str(key)
            if last is None:
                return
            # the keys of the last position are read again with the next page
            after = int(last) - 1

    def _stored_stream_rows(self) -> Iterator[tuple[str, str]]:
        after = ""
        while True:
            with self._db.transaction(write=False) as c:
                rows = self._db.stream_rows(c, after, 10_000)
            for sid, keys in rows:
                yield str(sid), str(keys)
            if len(rows) < 10_000:
                return
            after = str(rows[-1][0])

    def records(self, keys: Iterable[str]) -> Iterator[EventRecord]:
        """The events of `keys`, in global order (the index caught up first)."""
        stop = self.catch_up()
        wanted = sorted(set(keys))
        with self._db.transaction(write=False) as c:
            rows = self._db.events_of(c, wanted, stop)
        return self._decoded(rows)

    def _decoded(self, rows: list[Row]) -> Iterator[EventRecord]:
        decode = self.app.cattrs_mapper.decode_state
        stream_id = self._db.stream_id
        last = 0
        for position, raw, version, topic, state in rows:
            try:
                decoded = decode(StoredEvent(raw, version, topic, _stored(state)))
                record = record_of(int(position), stream_id(raw), version, topic, decoded)
            except _UNREADABLE as e:
                raise self._error(last, e) from e
            last = record.position
            yield record

    def _checked(self, records: Iterator[EventRecord]) -> Iterator[EventRecord]:
        if self._unreadable is None:
            return records
        return readable(records, self._unreadable)

    def _error(self, last: int, cause: Exception) -> Exception:
        return cause if self._unreadable is None else self._unreadable(last, cause)

    def _fold(self, projection: P, keys: Iterable[str]) -> P:
        apply = projection.apply  # type: ignore[attr-defined]
        for record in self.records(keys):
            apply(record)
        return projection

    def _unit_keys(self, units: Collection[str], reads: Iterable[str]) -> list[str]:
        """The keys of `reads`' streams in the units `units` cover."""
        return unit_keys(self.covered(units), reads)

    def _named(self, make: Callable[[], Any], keys: list[str]) -> Any:
        """Fold `make()` over `keys`, and again with the officials it names but did not see."""
        projection = self._fold(make(), keys)
        unnamed = projection.unnamed()
        if not unnamed:
            return projection
        return self._fold(make(), [*keys, *(official_key(o) for o in unnamed)])

    # --- ViewSource -----------------------------------------------------------------------

    def unit(self, code: str) -> UnitEntry | None:
        """The unit `code`, folded from its own stream (None if it was never registered)."""
        return self._fold(UnitDirectory(), unit_keys((code,), ("unit",))).get(code)

    def covered(self, units: Collection[str]) -> frozenset[str]:
        """The units `units` cover, found from them down (never the whole directory).

        Round by round, the units registered below those found so far, and the units merged
        into them (``below:`` keys), join them; the unit directory of the units found then
        decides what `units` cover, by its own rule.
        """
        found, expanded = set(units), set[str]()
        while frontier := sorted(found - expanded):
            expanded.update(frontier)
            merged: list[str] = []
            for record in self.records(below_key(code) for code in frontier):
                if record.topic == "unit.UnitRegistered":
                    found.add(record.payload["code"])
                else:
                    merged.append(record.stream_id)
            if merged:
                found |= self._units_of(merged)
        return self._fold(UnitDirectory(), unit_keys(found, ("unit",))).covered(units)

    def directory(self) -> UnitDirectory:
        """The unit directory: the unit events, kept in this process until the log moves."""
        position = self.catch_up()
        kept = self._directory
        if kept is not None and kept[0] == position:
            return kept[1]
        directory = self._fold(UnitDirectory(), (UNITS,))
        self._directory = (position, directory)
        return directory

    def ledger_view(self, units: Collection[str] = ()) -> LedgerView:
        """The ledgers of `units`' own funds (empty: every fund, by a replay)."""
        if not units:
            return self._fallback.ledger_view()
        return self._fold(FundLedger(), unit_keys(units, FundLedger.READS)).view()

    def board_view(self, as_of: datetime | None, units: Collection[str] = ()) -> ComplaintBoardView:
        """The board of the units `units` cover, as of `as_of` (empty: every unit)."""
        if not units:
            return self._fallback.board_view(as_of)
        moment = as_of or self.app.clock()
        keys = self._unit_keys(units, ComplaintBoard.READS)
        board = self._fold(ComplaintBoard(as_of=moment), keys)
        return board.view(moment)

    def board_now(self, now: datetime, units: Collection[str]) -> ComplaintBoardView:
        """The board of the units `units` cover with every event recorded, judged at `now`.

        What the HTTP server's board kept live shows of those units (its ``view(now)``):
        no event is left out for having occurred after `now`.
        """
        board = self._fold(ComplaintBoard(), self._unit_keys(units, ComplaintBoard.READS))
        return board.view(now)

    def quota_view(self, units: Collection[str] = ()) -> QuotaView:
        """The quota lines of the units `units` cover (empty: every unit)."""
        if not units:
            return self._fallback.quota_view()
        quota = QuotaCompliance(self.app.config.monthly_quota)
        return self._fold(quota, self._unit_keys(units, quota.READS)).view()

    def household_view(
        self, household_ids: Collection[str] = (), units: Collection[str] = ()
    ) -> HouseholdHistoryView:
        """The households of the units `units` cover, or those named (else every one)."""
        if units:
            keys = self._unit_keys(units, HouseholdHistory.READS)
        elif household_ids:
            keys = unit_keys(self._units_of(household_ids), HouseholdHistory.READS)
        else:
            return self._fallback.household_view(household_ids)
        history = self._named(lambda: HouseholdHistory(household_ids), keys)
        view: HouseholdHistoryView = history.view()
        return view

    def _units_of(self, stream_ids: Collection[str]) -> set[str]:
        """The units the streams `stream_ids` belong to (from their keys)."""
        self.catch_up()
        with self._db.transaction(write=False) as c:
            rows = self._db.streams(c, sorted(set(stream_ids)))
        return {k.partition("@")[2] for _sid, keys in rows for k in json.loads(keys) if "@" in k}

    def report_view(
        self,
        date_from: date,
        date_to: date,
        units: tuple[str, ...],
        as_of: datetime | None,
    ) -> PeriodReportView:
        """The period report of the units `units` cover (empty: every unit, by a replay)."""
        if not units:
            return self._fallback.report_view(date_from, date_to, units, as_of)
        report = make_report(date_from, date_to, units, as_of)
        return self._fold(report, self._unit_keys(units, report.READS)).view()

    def dossier_view(self, session_id: str) -> DossierView:
        """One session's dossier: its events, its complaints', its visits', its officials'."""
        dossier = self._named(lambda: SessionDossier(session_id), [session_key(session_id)])
        view: DossierView = dossier.view()
        return view

    def official_events(self) -> tuple[int, Iterator[EventRecord]]:
        """The events of every official's stream (of every unit), up to the index's position.

        An official's stream belongs to the unit its registration names; a transfer is an
        event of the same stream, so the officials of every unit are read.
        """
        stop = self.catch_up()
        # the directory at that position or later: every unit an official there can name
        keys = unit_keys([u.code for u in self.directory().all()], ("official",))
        with self._db.transaction(write=False) as c:
            rows = self._db.events_of(c, sorted(keys), stop)
        return stop, self._decoded(rows)


def _all_keys(keys: tuple[str, ...], record: EventRecord) -> tuple[str, ...]:
    """An event's keys: its stream's, and its own (`event_keys`), once each."""
    own = event_keys(record)
    return tuple(dict.fromkeys((*keys, *own))) if own else keys


def _differs(stored: tuple[int, str] | None, expected: tuple[int, str] | None) -> ViewsDifference:
    def row(r: tuple[int, str] | None) -> str | None:
        return None if r is None else f"key={r[1]}, position={r[0]}"

    return ViewsDifference(KEYS_TABLE, row(stored), row(expected))


def _stream_differs(sid: str, stored: str | None, expected: list[str] | None) -> ViewsDifference:
    return ViewsDifference(
        STREAMS_TABLE,
        None if stored is None else f"stream_id={sid}, keys={stored}",
        None if expected is None else f"stream_id={sid}, keys={json.dumps(expected)}",
    )


def readable(records: Iterator[EventRecord], unreadable: Unreadable) -> Iterator[EventRecord]:
    """`records`, with a row that cannot be read raised as ``unreadable(last position, error)``.

    A row edited by hand into something that is not an event (not JSON, missing keys, an
    unknown topic) then stops the read clearly instead of as a bug report.
    """
    last = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (*_UNREADABLE, MapperDeserialisationError) as e:
            raise unreadable(last, e) from e
        last = record.position
        yield record


def has_stored_views(app: NgheDan) -> bool:
    """Whether `app`'s store can keep the views (SQLite, PostgreSQL; not ``memory://``)."""
    return _backend(app.recorder) is not None


def views_for(
    app: NgheDan,
    *,
    unreadable: Unreadable | None = None,
    fallback: ViewSource | None = None,
) -> ViewSource:
    """The stored views of `app` (SQLite, PostgreSQL), else `fallback` or a `Replay`.

    `fallback` also answers the questions about every unit (a full replay in any case).
    """
    if _backend(app.recorder) is None:
        return Replay(app) if fallback is None else fallback
    return StoredViews(app, unreadable=unreadable, fallback=fallback)
