"""The runner: materialised views kept up to date from a tracked position.

A `Runner` follows the notification log of a `NgheDan` store and folds every new event into
its `Materialised` projections. Each projection's accumulator (``snapshot()``, JSON) and the
position of the last event it took into account are kept **in the same database as the
events**, in the table ``nghedan_views(name TEXT PRIMARY KEY, position INTEGER, data TEXT)``
(PostgreSQL: in the store's schema; ``memory://``: in memory, beside the store).

Events are read one page at a time and each page is committed in **one** transaction: the
new snapshot and position of every projection together. Committing after every event would
be about 40 times slower (a SQLite commit is an fsync of the write-ahead log; a PostgreSQL
commit a round trip and a WAL flush), and committing position and view separately could
leave them disagreeing after a crash. Because the position moves only with the view it
describes, a restarted runner restores each snapshot and resumes right after its position:
no event is applied twice and none is skipped. If a projection raises in the middle of a
page, nothing of that page is written and the in-memory projections are restored to the
last committed page, so the stored view and the live one never disagree.

This module does I/O, so it lives outside `nghedan_core.projections` (which is pure).
"""

from __future__ import annotations

import itertools
import json
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, Protocol

from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from nghedan_core.projections._base import EventRecord, Materialised

if TYPE_CHECKING:
    from nghedan_core.application import NgheDan

__all__ = ["VIEWS_TABLE", "Runner"]

#: the table the views are kept in, in the events' database
VIEWS_TABLE: Final = "nghedan_views"

_Saved = dict[str, tuple[int, str]]


class _Store(Protocol):
    """Where a runner keeps its views: load all, save a page's worth atomically."""

    def load(self) -> _Saved: ...

    def save(self, rows: Sequence[tuple[str, int, str]]) -> None: ...


class _SQLiteStore:
    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self._datastore = recorder.datastore
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                f"CREATE TABLE IF NOT EXISTS {VIEWS_TABLE} "
                "(name TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL)"
            )

    def load(self) -> _Saved:
        with self._datastore.transaction(commit=False) as c:
            c.execute(f"SELECT name, position, data FROM {VIEWS_TABLE}")  # noqa: S608
            return {row[0]: (row[1], row[2]) for row in c.fetchall()}

    def save(self, rows: Sequence[tuple[str, int, str]]) -> None:
        with self._datastore.transaction(commit=True) as c:
            c.executemany(
                f"INSERT INTO {VIEWS_TABLE} (name, position, data) VALUES (?, ?, ?) "  # noqa: S608
                "ON CONFLICT(name) DO UPDATE SET position=excluded.position, data=excluded.data",
                rows,
            )


class _PostgresStore:
    def __init__(self, recorder: Any) -> None:
        from psycopg.sql import SQL, Identifier  # noqa: PLC0415 - optional dependency

        self._datastore = recorder.datastore
        table = SQL("{}.{}").format(Identifier(self._datastore.schema), Identifier(VIEWS_TABLE))
        self._select = SQL("SELECT name, position, data FROM {}").format(table)
        self._upsert = SQL(
            "INSERT INTO {} (name, position, data) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET position=EXCLUDED.position, data=EXCLUDED.data"
        ).format(table)
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} "
                    "(name TEXT PRIMARY KEY, position BIGINT NOT NULL, data TEXT NOT NULL)"
                ).format(table)
            )

    def load(self) -> _Saved:
        with self._datastore.transaction(commit=False) as c:
            c.execute(self._select)
            return {row["name"]: (row["position"], row["data"]) for row in c.fetchall()}

    def save(self, rows: Sequence[tuple[str, int, str]]) -> None:
        with self._datastore.transaction(commit=True) as c:
            c.executemany(self._upsert, rows)


#: memory:// stores keep their views beside the recorder, so a new runner resumes too
_MEMORY: weakref.WeakKeyDictionary[Any, _Saved] = weakref.WeakKeyDictionary()


class _MemoryStore:
    def __init__(self, recorder: POPOApplicationRecorder) -> None:
        self._saved = _MEMORY.setdefault(recorder, {})

    def load(self) -> _Saved:
        return dict(self._saved)

    def save(self, rows: Sequence[tuple[str, int, str]]) -> None:
        self._saved.update({name: (position, data) for name, position, data in rows})


def _store_for(recorder: Any) -> _Store:
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _SQLiteStore(recorder)
    if isinstance(recorder, POPOApplicationRecorder):
        return _MemoryStore(recorder)
    if type(recorder).__module__ == "eventsourcing.postgres":
        return _PostgresStore(recorder)
    msg = f"the runner cannot keep views in a {type(recorder).__name__}"
    raise TypeError(msg)


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


class Runner:
    """Keeps `projections` materialised in `app`'s database, one page per transaction.

    >>> from nghedan_core import NgheDan, RegisterUnit, UnitKind
    >>> from nghedan_core.projections import FundLedger
    >>> app = NgheDan("memory://")
    >>> _ = app.handle(RegisterUnit(code="94", name="Tỉnh Trà Vinh", kind=UnitKind.PROVINCE))
    >>> runner = Runner(app, [FundLedger()])
    >>> runner.run_once(), runner.position("fund_ledger")
    (1, 1)
    >>> runner.run_once()
    0
    """

    def __init__(
        self,
        app: NgheDan,
        projections: Sequence[Materialised],
        *,
        page: int = 1000,
        save_every: int = 1,
    ) -> None:
        """Open (or create) the views of `projections` and restore what was saved of them.

        `save_every`: write the views' snapshots only once that many events have been
        applied since the last write (and on `flush`). A long-running reader that catches
        up after every small write (the HTTP server) would otherwise serialise every whole
        view after each of them; what was not saved is simply replayed after a restart,
        from the saved position, exactly once.
        """
        if page < 1:
            raise ValueError("page must be at least 1")
        if save_every < 1:
            raise ValueError("save_every must be at least 1")
        names = [p.name for p in projections]
        if len(set(names)) != len(names):
            msg = f"two projections share a name: {names}"
            raise ValueError(msg)
        self.app = app
        self.page = page
        self.save_every = save_every
        #: events applied since the views were last written
        self.unsaved = 0
        #: positions as last written (what a restart resumes from)
        self._saved_positions: dict[str, int] = {}
        self._projections: dict[str, Materialised] = {p.name: p for p in projections}
        self._positions: dict[str, int] = dict.fromkeys(names, 0)
        self._store = _store_for(app.recorder)
        #: pages committed by this runner (one transaction each)
        self.pages = 0
        #: records applied by this runner (each counted once, however many views took it)
        self.applied = 0
        # what a view never saved goes back to, should its first page fail
        self._initial = {name: _dumps(p.snapshot()) for name, p in self._projections.items()}
        self._restore()

    def _restore(self) -> None:
        saved = self._store.load()
        for name, projection in self._projections.items():
            position, data = saved.get(name, (0, self._initial[name]))
            projection.restore(json.loads(data))
            self._positions[name] = position
        self._saved_positions = dict(self._positions)
        self.unsaved = 0

    def view(self, name: str) -> Materialised:
        """The projection stored under `name`."""
        return self._projections[name]

    def position(self, name: str) -> int:
        """The position of the last event the view `name` has taken into account."""
        return self._positions[name]

    def run_once(self) -> int:
        """Apply every event recorded after the views' positions; return how many."""
        total = 0
        while True:
            applied = self.run_page()
            total += applied
            if applied < self.page:
                return total

    def run_page(self) -> int:
        """Apply the next page of events (up to `page`) and commit it; return how many."""
        if not self._projections:
            return 0
        start = min(self._positions.values()) + 1
        records = list(itertools.islice(self.app.records(start, page=self.page), self.page))
        if not records:
            return 0
        with self._rolling_back():
            for name, projection in self._projections.items():
                after = self._positions[name]
                apply = projection.apply
                for record in _after(records, after):
                    apply(record)
            last = records[-1].position
            moved = {name: max(after, last) for name, after in self._positions.items()}
            if self.unsaved + len(records) >= self.save_every:
                self._save(moved)
            else:
                self.unsaved += len(records)
        self._positions = moved
        self.applied += len(records)
        return len(records)

    def flush(self) -> None:
        """Write the views now if anything was applied since they were last written."""
        if self.unsaved:
            with self._rolling_back():
                self._save(self._positions)

    def _save(self, moved: dict[str, int]) -> None:
        rows = [
            (name, moved[name], _dumps(p.snapshot()))
            for name, p in self._projections.items()
            if moved[name] != self._saved_positions.get(name)
        ]
        self._store.save(rows)
        self._saved_positions = dict(moved)
        self.unsaved = 0
        self.pages += 1

    @contextmanager
    def _rolling_back(self) -> Iterator[None]:
        """On failure, put the live projections back to the last committed page."""
        try:
            yield
        except BaseException:
            self._restore()
            raise


def _after(records: list[EventRecord], position: int) -> list[EventRecord]:
    if records[0].position > position:
        return records
    return [r for r in records if r.position > position]
