"""The views kept in the store answer every read exactly as a full replay does (ADR 0020).

- a property: random command sequences (the demo's commands, some left out, so that later
  ones are refused or land elsewhere), with reads interleaved, each read caught up from the
  index's position — every answer equals `Replay`'s, on SQLite and on PostgreSQL;
- every read of every unit of the synthetic province (every event type, merges included);
- a process killed (SIGKILL) in the middle of a catch-up leaves the index as it was: the next
  read catches up and ``check`` finds no difference; two processes catching up at once never
  index an event twice.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghedan_core import NgheDan, Queries, Replay
from nghedan_core.aggregates.official import TransferOfficial
from nghedan_core.demo import DEMO_UNITS, demo_commands
from nghedan_core.errors import DomainError
from nghedan_core.values import Month
from nghedan_core.views import StoredViews

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _data  # noqa: E402

#: the demo's first commands (units, officials, households, funds, the first sessions)
COMMANDS = list(demo_commands())[:300]
#: the demo's unit codes
CODES = [unit[0] for unit in DEMO_UNITS]
AS_OF = datetime(2024, 4, 20, 9, tzinfo=UTC)


def _outcome(read: Callable[[], Any]) -> Any:
    """What a read answers, or the refusal it raises (its type and parameters)."""
    try:
        return read()
    except DomainError as e:
        return ("refused", type(e).__name__, str(e))


def every_read(q: Queries, unit: str) -> dict[str, Any]:
    """Every read the adapters make about `unit` (and its sessions and households)."""
    answers: dict[str, Any] = {
        "report": _outcome(lambda: q.report((unit,), date(2024, 1, 1), date(2024, 12, 31))),
        "report month": _outcome(
            lambda: q.report((unit,), date(2024, 3, 1), date(2024, 3, 31), as_of=AS_OF)
        ),
        "board": _outcome(lambda: q.board((unit,), as_of=AS_OF)),
        "board then": _outcome(lambda: q.board((unit,), as_of=datetime(2024, 3, 5, tzinfo=UTC))),
        "ledger": _outcome(lambda: q.ledger(unit)),
        "disclosure": _outcome(lambda: q.disclosure(unit, Month(2024, 3))),
        "quota": _outcome(lambda: q.quota((unit,))),
        "households": _outcome(lambda: q.households((unit,))),
        "officials": _outcome(lambda: q.officials(unit)),
    }
    quota = answers["quota"]
    if not isinstance(quota, tuple):
        for line in quota.lines:
            answers[f"dossier {line.session_id}"] = q.dossier(line.session_id)
    households = answers["households"]
    if not isinstance(households, tuple):
        for hid in list(households.households)[:3]:
            answers[f"household {hid}"] = q.household(hid)
            answers[f"households {hid}"] = q.households(household_ids=(hid,))
    return answers


def assert_same(app: NgheDan, views: StoredViews, units: list[str]) -> None:
    """Every read of each unit answers the same from the views and from a full replay."""
    replay, stored = Queries(app, Replay(app)), Queries(app, views)
    for unit in units:
        expected, got = every_read(replay, unit), every_read(stored, unit)
        for name, answer in expected.items():
            assert got[name] == answer, f"{unit}: {name}"
    assert views.check().difference is None


def run_sequence(url: str, skipped: set[int], reads_every: int, unit_picks: list[int]) -> None:
    """Handle the demo's commands but the skipped ones; read every `reads_every` commands."""
    app = NgheDan(url)
    try:
        views = StoredViews(app)
        picks = iter(unit_picks * 50)
        for i, command in enumerate(COMMANDS):
            if i in skipped:
                continue
            with suppress(DomainError):
                app.handle(command)
            if i % reads_every == reads_every - 1:
                assert_same(app, views, [CODES[next(picks) % len(CODES)]])
        assert_same(app, views, CODES[:4])
    finally:
        app.close()


sequences = st.tuples(
    st.sets(st.integers(min_value=60, max_value=len(COMMANDS) - 1), max_size=40),
    st.integers(min_value=60, max_value=200),
    st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=5),
)


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequences)
def test_views_caught_up_between_commands_answer_as_a_replay_on_sqlite(
    tmp_path: Path, sequence: tuple[set[int], int, list[int]]
) -> None:
    """SQLite: views caught up incrementally, reads interleaved, equal a full replay."""
    skipped, every, picks = sequence
    run_sequence(f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}", skipped, every, picks)


def test_the_officials_of_a_unit_from_the_views_follow_a_transfer(tmp_path: Path) -> None:
    """The officials in office are read from every official's events, kept in the store.

    An official transferred in belongs to the stream of the unit that registered them: the
    unit they moved to lists them, the one they left does not, as a replay of the log.
    """
    app = NgheDan(f"sqlite:///{tmp_path / 'transfer.db'}")
    try:
        for command in COMMANDS:
            with suppress(DomainError):
                app.handle(command)
        views = StoredViews(app)
        mover = Queries(app, views).officials(CODES[0])[0]
        target = next(c for c in CODES[1:] if Queries(app, views).officials(c))
        app.handle(
            TransferOfficial(
                official_id=uuid.UUID(mover.official_id),
                to_unit=target,
                position="Công chức Văn phòng",
                occurred_at=datetime(2024, 4, 1, 8, tzinfo=UTC),
            )
        )
        stored, replay = Queries(app, views), Queries(app, Replay(app))
        for code in (CODES[0], target):
            assert stored.officials(code) == replay.officials(code)
        assert mover.official_id in {o.official_id for o in stored.officials(target)}
        assert mover.official_id not in {o.official_id for o in stored.officials(CODES[0])}
    finally:
        app.close()


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """`url` (a PostgreSQL URL with its own schema) with the schema emptied first."""
    import psycopg

    base, _, query = url.partition("?")
    schema = query.removeprefix("schema=")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield url


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequences)
def test_views_caught_up_between_commands_answer_as_a_replay_on_postgres(
    postgres_url: str, sequence: tuple[set[int], int, list[int]]
) -> None:
    """PostgreSQL: views caught up incrementally, reads interleaved, equal a full replay."""
    skipped, every, picks = sequence
    with fresh_schema(postgres_url) as url:
        run_sequence(url, skipped, every, picks)


def _synthetic(url: str, events: int) -> NgheDan:
    app = NgheDan(url)
    _data.write_store(app, events)
    return app


def _province_units(app: NgheDan) -> list[str]:
    """Every commune of the synthetic province, a hamlet, and the province itself."""
    units = Queries(app, Replay(app)).units()
    communes = [u.code for u in units if u.kind == "commune"]
    hamlets = [u.code for u in units if u.kind == "hamlet"]
    others = [u.code for u in units if u.kind not in {"commune", "hamlet"}]
    return [*communes, *hamlets[:2], *others]


def test_every_read_of_every_unit_of_a_synthetic_province_is_the_replays(tmp_path: Path) -> None:
    """Every event type, merges and renames included: each unit's reads equal a replay."""
    app = _synthetic(f"sqlite:///{tmp_path / 'province.db'}", 4_000)
    try:
        views = StoredViews(app)
        assert_same(app, views, _province_units(app))
    finally:
        app.close()


def test_the_same_province_on_postgres_is_the_replays(postgres_url: str) -> None:
    """PostgreSQL: each unit's reads of the synthetic province equal a replay."""
    app = _synthetic(postgres_url, 3_000)
    try:
        assert_same(app, StoredViews(app), _province_units(app)[:4])
    finally:
        app.close()


CATCH_UP = textwrap.dedent(
    """
    import sys
    from nghedan_core import NgheDan
    from nghedan_core.views import StoredViews
    app = NgheDan(sys.argv[1])
    views = StoredViews(app)
    print("ready", flush=True)
    views.catch_up(lambda _n: print("page", flush=True))
    print("done", flush=True)
    """
)


def _catch_up_process(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CATCH_UP, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_catch_up_killed_in_the_middle_leaves_the_views_consistent(tmp_path: Path) -> None:
    """SIGKILL after pages were indexed, before the commit: nothing of them remains.

    The next read catches up from the position as it was, and ``check`` finds every row
    equal to the replay's.
    """
    base = tmp_path / "base.db"
    _synthetic(f"sqlite:///{base}", 8_000).close()
    killed_mid_way = 0
    for trial, delay in enumerate((0.0, 0.1)):
        path = tmp_path / f"killed-{trial}.db"
        shutil.copyfile(base, path)
        url = f"sqlite:///{path}"
        child = _catch_up_process(url)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        line = child.stdout.readline().strip()  # a first page indexed, not yet committed
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        killed_mid_way += line == "page" and child.returncode == -signal.SIGKILL
        app = NgheDan(url)
        try:
            views = StoredViews(app)
            # the killed transaction left no row: the index is as it was (empty) or whole
            assert views.check().difference is None
            # the next read catches up; the views then equal the replay, row by row
            assert_same(app, views, ["10000"])
            assert views.check().position == app.max_position()
        finally:
            app.close()
    assert killed_mid_way >= 1


def test_two_processes_catching_up_at_once_index_each_event_once(tmp_path: Path) -> None:
    """Concurrent catch-ups: the second waits for the first's lock, then finds nothing to do."""
    url = f"sqlite:///{tmp_path / 'two.db'}"
    _synthetic(url, 8_000).close()
    children = [_catch_up_process(url) for _ in range(2)]
    for child in children:
        _out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    app = NgheDan(url)
    try:
        views = StoredViews(app)
        result = views.check()
        assert result.difference is None
        assert result.position == app.max_position()
    finally:
        app.close()


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_the_http_server_on_postgres_serves_reports_from_the_stored_views(
    postgres_url: str,
) -> None:
    """On PostgreSQL, the server's report of a commune is folded from the stored views.

    The views' queries go through the recorder's connection pool (psycopg_pool), which the
    server's threads share; the answer is the full replay's.
    """
    import psycopg_pool
    from starlette.testclient import TestClient

    from nghedan_http import create_app

    app = _synthetic(postgres_url, 2_000)
    try:
        server = create_app(app)
        views = server.state.views
        assert isinstance(views.stored, StoredViews)
        assert isinstance(app.recorder.datastore.pool, psycopg_pool.ConnectionPool)
        with TestClient(server) as client:
            got = client.get(
                "/api/v1/report", params={"from": "2024-03-01", "to": "2024-03-31", "unit": "10000"}
            )
            assert got.status_code == 200, got.text
        expected = Queries(app, Replay(app)).report(("10000",), date(2024, 3, 1), date(2024, 3, 31))
        assert got.json() == expected.to_json()
        assert views.stored.position == app.max_position()
    finally:
        app.close()
