"""A ``nghedan import`` killed (SIGKILL) at a random moment loses nothing and half-writes nothing.

Each trial starts the real command line, ``nghedan --db URL import FILE --recorded-at T``, in
a subprocess on a fresh store and kills it after a random delay spread over the run. Then:

- ``nghedan audit verify`` passes: every stream's hash chain is intact;
- every command is wholly recorded or not at all: its ``CommandAccepted`` marker (the
  ``command_id`` stream) is there exactly when all its events are, and no event is there
  that no recorded command wrote — and, the import being sequential, the recorded commands
  are the first k lines of the file;
- re-running the same import records the rest (and nothing twice) and ends with the history
  digest of an uninterrupted import of the file into a fresh store.

Kill points: the uninterrupted reference import is timed from its start to its first write
(S) and from there to its end (W). In a quarter of the trials the killer waits a random
delay in [0, S] from the start (start-up, or the first transaction in the making); in the
others it waits for the store's first event, then a random delay in [0, 1.1 W], so kills
land all over the run (a few after its end). A loaded machine stretches or shrinks the run,
so the test insists that enough kills did interrupt a partial import.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from nghedan_cli import cli
from nghedan_core import NgheDan, application

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
NGHEDAN = str(Path(sys.executable).with_name("nghedan"))
#: four group commits of the import (on SQLite a disclosure does not end a group), so that
#: kills fall between them
COMMANDS = max(600, 3 * getattr(application, "GROUP_COMMANDS", 0) + 100)
TRIALS = 20
#: enough kills must interrupt a partial import for the test to mean anything
MIN_PARTIAL = 5
RECORDED_AT = "2030-01-01T00:00:00+07:00"
MARKER_TOPIC = "nghedan.CommandAccepted"

Event = tuple[str, int, str]  # stream, version, hash


@attrs.frozen
class Command:
    """What one import line recorded: its marker's stream and its events (marker included)."""

    marker: str
    events: frozenset[Event]


@attrs.frozen
class Reference:
    """An uninterrupted import: its commands, its digest, how long start-up and writes took."""

    commands: tuple[Command, ...]
    digest: str
    startup_s: float
    writes_s: float


def _events(url: str) -> list[tuple[Event, str]]:
    """Every stored event of the store at `url` as ((stream, version, hash), topic), in order.

    The store's start (`nghedan.RecordStarted`, before the first command) is no command's.
    """
    with closing(NgheDan(url)) as app:
        return [
            ((r.stream_id, r.version, r.hash), r.topic)
            for r in app.records()
            if r.topic != "nghedan.RecordStarted"
        ]


def _commands(url: str) -> tuple[Command, ...]:
    """The store's events cut into commands: each command's events end with its marker."""
    commands: list[Command] = []
    pending: list[Event] = []
    for event, topic in _events(url):
        pending.append(event)
        if topic == MARKER_TOPIC:
            commands.append(Command(marker=event[0], events=frozenset(pending)))
            pending = []
    assert not pending, "an import wrote events that no command marker closes"
    return tuple(commands)


def _nghedan(*args: str) -> tuple[int, str]:
    """Run the CLI in-process (the console script's error handling); exit code and output."""
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


#: the library's import of a benchmark command file, each command carried out by its
#: commune's official (`benchmarks/commands.Acting`, ADR 0018) — a history of several
#: officials, which no single ``nghedan import --as`` operator may carry out — at a fixed
#: recorded time, the store started by a fixed administrator when empty
_IMPORT = """
import sys
from datetime import datetime
from uuid import UUID
sys.path.insert(0, sys.argv[5])
from commands import Acting
from nghedan_core import NgheDan
from nghedan_core.exchange import import_commands
url, file, count, at = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
moment = datetime.fromisoformat(at)
app = NgheDan(url, clock=lambda: moment)
started = app.administrator()
admin = started.administrator_id if started else app.start_record(
    "Quản trị viên", administrator_id=UUID("00000000-0000-4000-8000-00000000ad02"))
with open(file, encoding="utf-8") as f:
    result = import_commands(app, f, actor=Acting(count, 2024, admin))
app.close()
import json
print(json.dumps(result.to_dict("en")))
sys.exit(0 if result.failure is None else 2)
"""


def _import_args(url: str, file: Path, commands: int, at: str = RECORDED_AT) -> list[str]:
    return [sys.executable, "-c", _IMPORT, url, str(file), str(commands), at, str(BENCHMARKS)]


def _start_import(url: str, file: Path) -> subprocess.Popen[bytes]:
    """The import of `file` at `RECORDED_AT`, in a subprocess (killed at random points)."""
    return subprocess.Popen(
        _import_args(url, file, COMMANDS),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _events_stored(url: str) -> int:
    """How many events the store holds (0 while it has no table), read directly."""
    if url.startswith("sqlite"):
        try:
            with closing(sqlite3.connect(f"file:{url[10:]}?mode=ro", uri=True)) as db:
                return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])
        except sqlite3.OperationalError:
            return 0
    import psycopg

    base, schema = url.split("?schema=")
    try:
        with psycopg.connect(base, autocommit=True) as conn:
            row = conn.execute(f'SELECT count(*) FROM "{schema}".nghedan_events').fetchone()  # noqa: S608
            return int(row[0]) if row else 0
    except psycopg.errors.UndefinedTable:
        return 0


def _first_write(url: str, process: subprocess.Popen[bytes]) -> None:
    """Wait until the import has written its first event, or has ended."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _events_stored(url):
            return
        time.sleep(0.01)


def _reference(url: str, file: Path) -> Reference:
    """Import `file` uninterrupted into the empty store at `url`, timing its writes."""
    start = time.perf_counter()
    process = _start_import(url, file)
    progress: list[tuple[float, int]] = []  # (seconds from the start, events stored)
    while process.poll() is None:
        progress.append((time.perf_counter() - start, _events_stored(url)))
        time.sleep(0.01)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()
    total = _events_stored(url)
    first = next((t for t, n in progress if n), 0.0)
    last = next((t for t, n in progress if n == total), progress[-1][0])
    code, output = _nghedan("--db", url, "--json", "audit")
    assert code == 0, output
    commands = _commands(url)
    assert len(commands) == COMMANDS
    return Reference(commands, json.loads(output)["digest"], first, max(last - first, 0.05))


def _trial(
    trial: int, url: str, file: Path, reference: Reference, *, from_start: bool, delay: float
) -> str:
    """One trial, in a worker process: kill the import, check the store, re-run, compare.

    Returns how the kill fell: ``partial``, or how many commands were recorded (0 or all).
    """
    process = _start_import(url, file)
    if not from_start:
        _first_write(url, process)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    after = "start" if from_start else "first write"
    where = f"trial {trial} (killed {delay:.2f} s after the {after})"
    assert process.returncode in (0, -signal.SIGKILL), f"{where}: {stderr.decode()}"

    code, output = _nghedan("--db", url, "audit", "verify")
    assert code == 0, f"{where}: {output}"
    written = _check_all_or_nothing(url, reference)
    if process.returncode == 0:
        assert written == COMMANDS, where

    done = subprocess.run(_import_args(url, file, COMMANDS), capture_output=True, check=False)
    assert done.returncode == 0, f"{where}: {done.stderr.decode()}"
    rerun = json.loads(done.stdout)
    assert (rerun["recorded"], rerun["unchanged"]) == (COMMANDS - written, written), where
    code, output = _nghedan("--db", url, "audit", "verify", "--expect", reference.digest)
    assert code == 0, f"{where}: the re-run's digest differs: {output}"
    return "partial" if 0 < written < COMMANDS else f"{written} recorded"


@pytest.fixture
def import_file(tmp_path: Path) -> Path:
    """A valid import of COMMANDS lines (communes, sessions, complaints, visits, the fund)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from commands import command_lines
    finally:
        sys.path.remove(str(BENCHMARKS))
    file = tmp_path / "commands.jsonl"
    with file.open("w", encoding="utf-8") as f:
        f.writelines(command_lines(COMMANDS))
    return file


@pytest.fixture
def fresh_stores(shared_url: str, tmp_path: Path) -> Iterator[Callable[[int], str]]:
    """Fresh stores beside `shared_url`: new SQLite files, or new PostgreSQL schemas."""
    created: list[str] = []

    def fresh(trial: int) -> str:
        if shared_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'trial-{trial}.db'}"
        import psycopg

        base, schema = shared_url.split("?schema=")
        name = f"{schema}_{trial}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        created.append(name)
        return f"{base}?schema={name}"

    yield fresh
    if created:
        import psycopg

        with psycopg.connect(shared_url.split("?", maxsplit=1)[0], autocommit=True) as conn:
            for name in created:
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _check_all_or_nothing(url: str, reference: Reference) -> int:
    """Each command wholly recorded or not at all, in file order; return how many were."""
    present = {event for event, _ in _events(url)}
    markers = [c.marker for c in reference.commands]
    written = 0
    for line, command in enumerate(reference.commands, 1):
        found = command.events & present
        marked = any(e[0] == command.marker for e in found)
        assert found in (frozenset(), command.events), (
            f"line {line}: {len(found)} of its {len(command.events)} events recorded"
        )
        assert marked == bool(found), f"line {line}: marker {marked}, events {bool(found)}"
        written += marked
    assert present <= frozenset().union(*(c.events for c in reference.commands)), (
        "events recorded that no command of the file writes"
    )
    recorded = [c.marker for c in reference.commands if c.events <= present]
    assert recorded == markers[: len(recorded)], "recorded commands are not a prefix of the file"
    return written


@pytest.mark.slow
def test_an_import_killed_at_random_points_keeps_whole_commands_and_resumes_to_the_same_digest(
    shared_url: str,
    fresh_stores: Callable[[int], str],
    import_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """20 SIGKILLs mid-import: chains intact, no half command, re-run gives the same digest."""
    # one keystore for every run, so personal fields encrypt alike in every store
    monkeypatch.setenv("NGHEDAN_KEYS_URL", f"sqlite:///{tmp_path / 'keys.db'}")
    reference = _reference(shared_url, import_file)
    rng = random.Random(f"crash-{shared_url[:6]}")  # noqa: S311 - reproducible kill points
    kill_points = [
        (True, rng.uniform(0, reference.startup_s))
        if trial % 4 == 0  # start-up, or deciding the first transaction
        else (False, rng.uniform(0, 1.1 * reference.writes_s))
        for trial in range(TRIALS)
    ]
    # two trials at a time, each in a worker process of its own
    with ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("spawn")) as pool:
        trials = [
            pool.submit(_trial, t, fresh_stores(t), import_file, reference, from_start=f, delay=d)
            for t, (f, d) in enumerate(kill_points)
        ]
        try:
            outcomes = [trial.result() for trial in trials]
        finally:
            pool.shutdown(cancel_futures=True)
    partial = outcomes.count("partial")
    assert partial >= MIN_PARTIAL, f"only {partial} kills fell mid-import: {outcomes}"


def test_recorded_at_reproduces_an_imports_digest_in_a_fresh_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same file imported at the same --recorded-at into two stores (one keystore): one digest."""
    monkeypatch.setenv("NGHEDAN_KEYS_URL", f"sqlite:///{tmp_path / 'keys.db'}")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from commands import command_lines
    finally:
        sys.path.remove(str(BENCHMARKS))
    file = tmp_path / "commands.jsonl"
    file.write_text("".join(command_lines(30)), encoding="utf-8")
    digests = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / f'{name}.db'}"
        done = subprocess.run(_import_args(url, file, 30), capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode()
        _code, output = _nghedan("--db", url, "--json", "audit")
        digests.append(json.loads(output)["digest"])
        with closing(NgheDan(url)) as app:
            assert {r.recorded_at for r in app.records()} == {"2030-01-01T00:00:00+07:00"}
    assert digests[0] == digests[1]


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("hôm qua", "không phải ngày giờ ISO 8601 hợp lệ", "not a valid ISO 8601 date and time"),
        ("2025-01-01T00:00:00", "thiếu múi giờ", "no time zone"),
        ("2025-01-01", "thiếu múi giờ", "no time zone"),
        ("2025-02-30T00:00:00+07:00", "không phải ngày giờ", "not a valid ISO 8601"),
    ],
)
def test_a_bad_recorded_at_is_refused_and_nothing_is_written(
    tmp_path: Path, value: str, vi: str, en: str
) -> None:
    """Exit 2, the option and the problem named (Vietnamese, or English), no event written."""
    file = tmp_path / "commands.jsonl"
    file.write_text(
        '{"command": "RegisterUnit", "code": "94", "name": "Tỉnh Trà Vinh", "kind": "province"}\n',
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'store.db'}"
    code, output = _nghedan("--db", url, "import", str(file), "--recorded-at", value)
    assert (code, "--recorded-at" in output, vi in output) == (2, True, True), output
    code, output = _nghedan(
        "--lang", "en", "--db", url, "import", str(file), "--recorded-at", value
    )
    assert (code, en in output) == (2, True), output
    # and with a missing file too, both problems at once
    code, output = _nghedan("--db", url, "import", "missing.jsonl", "--recorded-at", value)
    assert (code, vi in output, "missing.jsonl" in output) == (2, True, True), output
    with closing(NgheDan(url)) as app:
        assert app.max_position() == 0
