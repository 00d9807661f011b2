"""The runner keeps views in the events' database, one page per transaction, and resumes."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import pytest

from nghedan_core import ContributionSource, NgheDan, ReceiveContribution, Vnd
from nghedan_core.projections import EventRecord, FundLedger, fold
from nghedan_core.runner import VIEWS_TABLE, Runner

from world import COMMUNE, at, build_world


class Counter:
    """Counts records, and refuses any record twice or out of order."""

    name = "counter"

    def __init__(self, fail_at: int | None = None) -> None:
        """Start at zero; raise when the record at `fail_at` comes."""
        self.count = 0
        self.last = 0
        self.fail_at = fail_at

    def apply(self, record: EventRecord) -> None:
        """Count one record."""
        if record.position == self.fail_at:
            raise RuntimeError(f"boom at {record.position}")
        assert record.position > self.last, "a record was applied twice or out of order"
        self.count += 1
        self.last = record.position

    def snapshot(self) -> dict[str, Any]:
        """The count and the last position."""
        return {"count": self.count, "last": self.last}

    def restore(self, data: dict[str, Any]) -> None:
        """Back to a saved count."""
        self.count = data.get("count", 0)
        self.last = data.get("last", 0)


def receive(app: NgheDan, n: int) -> None:
    for i in range(n):
        app.handle(
            ReceiveContribution(
                unit=COMMUNE,
                receipt_id=uuid4(),
                amount=Vnd(1_000 * (i + 1)),
                source=ContributionSource.FLAG_CEREMONY,
                occurred_at=at(5),
            )
        )


def stored_positions(url: str) -> dict[str, int]:
    """The positions in the views table, read with the database's own client."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            rows = conn.execute(f"SELECT name, position FROM {VIEWS_TABLE}").fetchall()  # noqa: S608
            return dict(rows)
    import psycopg

    base, _, query = url.partition("?schema=")
    with psycopg.connect(base) as conn:
        rows = conn.execute(f'SELECT name, position FROM "{query}".{VIEWS_TABLE}').fetchall()  # noqa: S608
    return dict(rows)


def test_views_follow_the_log_on_every_backend(backend_url: str) -> None:
    """Memory, SQLite and PostgreSQL: the view equals a fold from scratch."""
    app = NgheDan(backend_url)
    build_world(app)
    receive(app, 3)
    runner = Runner(app, [FundLedger(), Counter()], page=4)
    total = app.max_position()
    assert runner.run_once() == total
    assert runner.position("fund_ledger") == total
    expected = fold(FundLedger(), app.records()).view()
    ledger = runner.view("fund_ledger")
    assert isinstance(ledger, FundLedger)
    assert ledger.view() == expected
    assert expected.balances[COMMUNE] == 10_000_000 + 6_000
    assert runner.run_once() == 0
    if backend_url != "memory://":
        assert stored_positions(backend_url) == {"fund_ledger": total, "counter": total}


def test_a_restarted_runner_resumes_after_its_position(shared_url: str) -> None:
    """A new runner on the same database applies only what was recorded since."""
    app = NgheDan(shared_url)
    build_world(app)
    first = Runner(app, [FundLedger(), Counter()], page=5)
    done = first.run_once()
    assert done == app.max_position()

    receive(app, 7)
    app2 = NgheDan(shared_url)  # a new process, in effect
    counter = Counter()
    second = Runner(app2, [FundLedger(), counter], page=5)
    assert counter.count == done  # restored from the snapshot, not replayed
    assert second.run_once() == 7
    assert second.applied == 7
    assert counter.count == done + 7
    ledger = second.view("fund_ledger")
    assert isinstance(ledger, FundLedger)
    assert ledger.view() == fold(FundLedger(), app2.records()).view()


def test_a_restarted_runner_on_memory_resumes_too() -> None:
    """memory:// keeps the views beside the store, for the life of the application."""
    app = NgheDan("memory://")
    build_world(app)
    assert Runner(app, [Counter()]).run_once() == app.max_position()
    receive(app, 2)
    counter = Counter()
    assert Runner(app, [counter]).run_once() == 2
    assert counter.count == app.max_position()


def test_one_transaction_per_page(sqlite_url: str) -> None:
    """Writes to the views are committed once per page, never per event."""
    app = NgheDan(sqlite_url)
    build_world(app)
    receive(app, 10)
    total = app.max_position()
    runner = Runner(app, [FundLedger(), Counter()], page=4)

    datastore: Any = app.recorder.datastore
    original = datastore.transaction
    commits: list[bool] = []

    @contextmanager
    def counting(*, commit: bool) -> Iterator[Any]:
        if commit:
            commits.append(commit)
        with original(commit=commit) as cursor:
            yield cursor

    datastore.transaction = counting
    try:
        assert runner.run_once() == total
    finally:
        datastore.transaction = original
    pages = math.ceil(total / 4)
    assert runner.pages == pages
    assert len(commits) == pages


def test_a_crash_mid_page_keeps_the_last_committed_page(shared_url: str) -> None:
    """A projection raising mid-page writes nothing of that page; the rerun applies it once."""
    app = NgheDan(shared_url)
    build_world(app)
    receive(app, 5)
    total = app.max_position()
    assert total > 12
    counter = Counter(fail_at=11)
    runner = Runner(app, [FundLedger(), counter], page=4)
    with pytest.raises(RuntimeError, match="boom at 11"):
        runner.run_once()
    assert stored_positions(shared_url) == {"fund_ledger": 8, "counter": 8}
    assert runner.position("counter") == 8
    assert counter.count == 8  # the live view is back at the committed page

    counter.fail_at = None
    assert runner.run_once() == total - 8
    assert counter.count == total
    assert stored_positions(shared_url) == {"fund_ledger": total, "counter": total}

    fresh = Counter()
    Runner(NgheDan(shared_url), [fresh])
    assert fresh.count == total


def test_a_view_added_later_catches_up_without_replaying_the_others(sqlite_url: str) -> None:
    """Views at different positions: each record reaches each view exactly once."""
    app = NgheDan(sqlite_url)
    build_world(app)
    Runner(app, [Counter()], page=3).run_once()
    receive(app, 2)
    counter, ledger = Counter(), FundLedger()
    runner = Runner(app, [counter, ledger], page=3)
    runner.run_once()  # Counter asserts it sees nothing twice
    assert counter.count == app.max_position()
    assert ledger.view() == fold(FundLedger(), app.records()).view()


def test_names_must_be_unique_and_pages_positive() -> None:
    """Two views cannot share a row; a page holds at least one event."""
    app = NgheDan("memory://")
    with pytest.raises(ValueError, match="share a name"):
        Runner(app, [Counter(), Counter()])
    with pytest.raises(ValueError, match="at least 1"):
        Runner(app, [Counter()], page=0)


def test_the_ledger_snapshot_round_trips(sqlite_url: str) -> None:
    """FundLedger.restore(snapshot()) gives the same view."""
    app = NgheDan(sqlite_url)
    build_world(app)
    receive(app, 2)
    ledger = fold(FundLedger(), app.records())
    again = FundLedger()
    again.restore(ledger.snapshot())
    assert again.view() == ledger.view()


def test_save_every_writes_the_views_less_often_and_a_restart_replays_the_rest(
    shared_url: str,
) -> None:
    """Unsaved progress is replayed once after a restart; `flush` writes it at once."""
    app = NgheDan(shared_url)
    build_world(app)
    runner = Runner(app, [Counter()], save_every=10_000)
    total = runner.run_once()
    assert total > 5
    assert runner.pages == 0  # nothing written yet
    assert runner.unsaved == total
    receive(app, 3)
    assert runner.run_once() == 3
    again = Runner(NgheDan(shared_url), [Counter()], save_every=10_000)
    assert again.position("counter") == 0  # resumes from what was written: nothing
    assert again.run_once() == total + 3
    runner.flush()
    assert runner.pages == 1
    assert runner.unsaved == 0
    resumed = Runner(NgheDan(shared_url), [Counter()])
    assert resumed.position("counter") == app.max_position()
    counter = resumed.view("counter")
    assert isinstance(counter, Counter)
    assert counter.count == total + 3
    receive(app, 2)
    assert resumed.run_once() == 2
    assert counter.count == total + 5


def test_save_every_must_be_positive() -> None:
    with pytest.raises(ValueError, match="save_every"):
        Runner(NgheDan("memory://"), [Counter()], save_every=0)
