"""Reads benchmark: every read for one commune stays as fast as the province's history grows.

    python benchmarks/reads.py --events 300000      # also runs at 30,000 (N/10)

Two synthetic province stores (`_data.py`: ``n // 1000`` communes of ~1,000 events each) are
written to temporary SQLite files (or kept with ``--keep DIR``), one of N/10 events and one
of N. In each, the views kept in the store (ADR 0020) are built from the whole log once
(``catch_up_s``: `StoredViews.rebuild`, what the first read after an import costs), then
every read the issue lists is timed for commune ``10000`` (in both stores: the first
commune, with the same months):

- **in process**: ``Queries(app, StoredViews(app))`` — report (one month), complaints
  (the board), ledger, disclosure (one month), quota, dossier (one session), households;
  one warm-up, then the best of ``--runs`` (default 5);
- **as a command line**: ``nghedan --db URL report …`` and the others, each a fresh
  process (``benchmarks/startup.py``'s `cli_line`), the best of ``--runs``.

A read's ``ratio`` is its time on the big store over its time on the small one: 1.0 is
flat (the issue's target is ≤ 1.3 for the worst). ``startup_s``, ``deps_import_s`` and
``startup_ratio`` are `startup.startup_figures` of ``nghedan --help`` (target ≤ 2.0).
With ``--postgres URL`` (or ``$NGHEDAN_BENCH_POSTGRES_URL``) and a server that answers,
the same in-process reads run on PostgreSQL stores too (``postgres_reads``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import cli_line, startup_figures  # noqa: E402

from nghedan_core import NgheDan, Queries  # noqa: E402
from nghedan_core.values import Month  # noqa: E402
from nghedan_core.views import StoredViews  # noqa: E402

COMMUNE = "10000"
MONTH = Month(2024, 3)
#: the moment the board and the report are read at (after every event of both stores)
AS_OF = datetime(2030, 1, 1, tzinfo=UTC)


def make_store(events: int, path: Path) -> None:
    """Write the synthetic store in a child process (its memory is not ours)."""
    subprocess.run(
        [sys.executable, str(HERE / "_data.py"), "--events", str(events), "--db", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _session(q: Queries) -> str:
    line = next(line for line in q.quota((COMMUNE,)).lines if line.month == MONTH)
    return line.session_id


def reads(q: Queries) -> dict[str, Callable[[], Any]]:
    """Every read of the list, for the commune."""
    session = _session(q)
    return {
        "report": lambda: q.report((COMMUNE,), MONTH.first_day(), MONTH.last_day(), as_of=AS_OF),
        "complaints": lambda: q.board((COMMUNE,), as_of=AS_OF),
        "ledger": lambda: q.ledger(COMMUNE),
        "disclosure": lambda: q.disclosure(COMMUNE, MONTH),
        "quota": lambda: q.quota((COMMUNE,)),
        "dossier": lambda: q.dossier(session),
        "households": lambda: q.households((COMMUNE,)),
    }


def cli_reads(url: str) -> dict[str, list[str]]:
    """The same reads as command lines (each a fresh process)."""
    month = f"{MONTH.year}-{MONTH.month:02d}"
    first = MONTH.first_day().strftime("%d/%m/%Y")
    last = MONTH.last_day().strftime("%d/%m/%Y")
    db = ("--db", url)
    return {
        "report": cli_line(*db, "report", "--unit", COMMUNE, "--from", first, "--to", last),
        "complaints": cli_line(*db, "complaints", "--unit", COMMUNE, "--as-of", "01/01/2030"),
        "ledger": cli_line(*db, "ledger", "--unit", COMMUNE),
        "disclosure": cli_line(*db, "disclosure", "--unit", COMMUNE, "--month", month),
        "quota": cli_line(*db, "quota", "--unit", COMMUNE),
        "dossier": cli_line(*db, "dossier", "--unit", COMMUNE, "--month", month),
        "households": cli_line(*db, "household", "history", "--unit", COMMUNE),
    }


def best_ms(read: Callable[[], Any], runs: int) -> float:
    """The fastest of `runs` calls (after one warm-up), in milliseconds."""
    read()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def process_ms(argv: list[str], runs: int) -> float:
    """The fastest of `runs` fresh processes (after one warm-up), in milliseconds."""

    def run() -> None:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    return best_ms(run, runs)


def measure(url: str, runs: int, *, cli: bool) -> dict[str, Any]:
    """Catch the views up, then time every read (in process, and as command lines)."""
    app = NgheDan(url)
    try:
        views = StoredViews(app)
        start = time.perf_counter()
        views.rebuild()
        catch_up_s = time.perf_counter() - start
        q = Queries(app, views)
        figures = {name: best_ms(read, runs) for name, read in reads(q).items()}
        events = app.max_position()
    finally:
        app.close()
    if cli:
        for name, argv in cli_reads(url).items():
            figures[f"cli {name}"] = process_ms(argv, runs)
    return {"events": events, "catch_up_s": round(catch_up_s, 2), "ms": figures}


def compare(small: dict[str, Any], big: dict[str, Any]) -> dict[str, Any]:
    """Each read's small and big times and their ratio; the worst ratio."""
    table = {
        name: {
            "small_ms": round(small["ms"][name], 2),
            "big_ms": round(big["ms"][name], 2),
            "ratio": round(big["ms"][name] / small["ms"][name], 2),
        }
        for name in small["ms"]
    }
    return {"reads": table, "worst_ratio": max(r["ratio"] for r in table.values())}


def _postgres(url: str | None) -> str | None:
    if not url:
        return None
    try:
        import psycopg  # noqa: PLC0415 - optional

        with psycopg.connect(url.split("?", 1)[0], connect_timeout=3):
            return url.split("?", 1)[0]
    except Exception:  # noqa: BLE001 - no server: no PostgreSQL figures
        return None


def postgres_figures(base: str, sizes: tuple[int, int], runs: int) -> dict[str, Any]:
    """The in-process reads on two PostgreSQL stores (each in a schema of its own)."""
    import psycopg  # noqa: PLC0415 - optional
    from _data import write_store  # noqa: PLC0415

    measured = []
    for events in sizes:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            url = f"{base}?schema={schema}"
            app = NgheDan(url)
            try:
                write_store(app, events)
            finally:
                app.close()
            measured.append(measure(url, runs, cli=False))
        finally:
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    small, big = measured
    return {
        **compare(small, big),
        "events": [small["events"], big["events"]],
        "catch_up_s": [small["catch_up_s"], big["catch_up_s"]],
    }


def main(argv: list[str] | None = None) -> None:
    """Print the figures as JSON (the last line)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each read (best counts)")
    parser.add_argument("--keep", help="keep (or reuse) the two stores in this folder")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("NGHEDAN_BENCH_POSTGRES_URL"),
        help="also on PostgreSQL at this URL (when a server answers)",
    )
    args = parser.parse_args(argv)
    sizes = (max(args.events // 10, 1_000), args.events)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        measured = []
        for events in sizes:
            path = folder / f"reads-{events}.db"
            if not path.exists():
                make_store(events, path)
            measured.append(measure(f"sqlite:///{path}", args.runs, cli=True))
    small, big = measured
    startup = startup_figures({"help": cli_line("--help")}, max(args.runs, 3))
    help_line = startup["lines"]["help"]
    result: dict[str, Any] = {
        **compare(small, big),
        "startup_s": help_line["s"],
        "deps_import_s": startup["deps_import_s"],
        "startup_ratio": help_line["ratio"],
        "events": [small["events"], big["events"]],
        "catch_up_s": [small["catch_up_s"], big["catch_up_s"]],
        "commune": COMMUNE,
        "month": str(MONTH),
        "runs": args.runs,
    }
    base = _postgres(args.postgres)
    if base is not None:
        result["postgres_reads"] = postgres_figures(base, sizes, args.runs)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
