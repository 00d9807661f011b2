"""Reads benchmark: every read for one commune stays as fast as the province's history grows.

    python benchmarks/reads.py --events 300000      # also runs at 30,000 (N/10)

Two synthetic province stores (`_data.py`: ``n // 1000`` communes of ~1,000 events each) are
written to temporary SQLite files (or kept with ``--keep DIR``), one of N/10 events and one
of N. In each, the views kept in the store (ADR 0020) are built from the whole log once
(``catch_up_s``: `StoredViews.rebuild`, what the first read after an import costs), then
every read the issue lists is timed:

- **in process**: ``Queries(app, StoredViews(app))`` — report (March 2024), complaints
  (the board), ledger, disclosure (March 2024), quota, dossier (March's session),
  households — for each of the communes ``10000``–``10002`` (those the small store has);
  a read's time is the mean over them of each commune's best of ``--runs`` (default 5).
  The generator's random draws are shared by all communes, so one commune's own history
  differs a little between the two stores: the mean evens that out;
- **as a command line**: ``nghedan --db URL report …`` and the others for commune
  ``10000``, each a fresh process (``benchmarks/startup.py``'s `cli_line`), best of
  ``--runs``.

The two stores take turns in every run, so a busy moment of the shared machine falls on
both. A read's ``ratio`` is its time on the big store over its time on the small one: 1.0 is
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
#: the communes whose reads are averaged in process (as many as the small store has, up to 3)
COMMUNES: tuple[str, ...] = ("10000", "10001", "10002")
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


def _session(q: Queries, commune: str) -> str:
    line = next(line for line in q.quota((commune,)).lines if line.month == MONTH)
    return line.session_id


def reads(q: Queries, commune: str = COMMUNE) -> dict[str, Callable[[], Any]]:
    """Every read of the list, for one commune."""
    session = _session(q, commune)
    return {
        "report": lambda: q.report((commune,), MONTH.first_day(), MONTH.last_day(), as_of=AS_OF),
        "complaints": lambda: q.board((commune,), as_of=AS_OF),
        "ledger": lambda: q.ledger(commune),
        "disclosure": lambda: q.disclosure(commune, MONTH),
        "quota": lambda: q.quota((commune,)),
        "dossier": lambda: q.dossier(session),
        "households": lambda: q.households((commune,)),
    }


def cli_reads(url: str) -> dict[str, list[str]]:
    """The same reads as command lines (each a fresh process), for `COMMUNE`."""
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


def _seconds(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def rebuild(url: str) -> dict[str, Any]:
    """Build the stored views of the store at `url` from its whole log (timed)."""
    app = NgheDan(url)
    try:
        seconds = _seconds(StoredViews(app).rebuild)
        return {"events": app.max_position(), "catch_up_s": round(seconds, 2)}
    finally:
        app.close()


def in_process(urls: list[str], runs: int) -> list[dict[str, float]]:
    """Each read's time per store: the mean over `COMMUNES` of each commune's best run.

    The stores take turns in every run (a busy moment of the machine falls on both); a
    commune's own history differs a little from one store to the other (the generator's
    random draws are shared by all communes), so the mean over several communes is taken.
    """
    apps = [NgheDan(url) for url in urls]
    try:
        calls = []
        for app in apps:
            q = Queries(app, StoredViews(app))
            calls.append({c: reads(q, c) for c in COMMUNES})
        best: list[dict[tuple[str, str], float]] = [{} for _ in apps]
        for _ in range(runs + 1):  # the first run warms up (and counts if it is the best)
            for store, by_commune in enumerate(calls):
                for commune, named in by_commune.items():
                    for name, read in named.items():
                        key = (name, commune)
                        seconds = _seconds(read)
                        best[store][key] = min(best[store].get(key, seconds), seconds)
        return [
            {
                name: 1000 * sum(b[(name, c)] for c in COMMUNES) / len(COMMUNES)
                for name in calls[0][COMMUNE]
            }
            for b in best
        ]
    finally:
        for app in apps:
            app.close()


def as_processes(urls: list[str], runs: int) -> list[dict[str, float]]:
    """Each read as a fresh command line, per store: the best of `runs` (taking turns)."""
    lines = [cli_reads(url) for url in urls]
    best: list[dict[str, float]] = [{} for _ in urls]

    def run(argv: list[str]) -> None:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    for _ in range(runs + 1):
        for store, named in enumerate(lines):
            for name, argv in named.items():
                seconds = _seconds(lambda argv=argv: run(argv))
                best[store][f"cli {name}"] = min(best[store].get(f"cli {name}", seconds), seconds)
    return [{name: 1000 * s for name, s in b.items()} for b in best]


def compare(small: dict[str, float], big: dict[str, float]) -> dict[str, Any]:
    """Each read's small and big times and their ratio; the worst ratio."""
    table = {
        name: {
            "small_ms": round(small[name], 2),
            "big_ms": round(big[name], 2),
            "ratio": round(big[name] / small[name], 2),
        }
        for name in small
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

    schemas = [f"bench_{uuid.uuid4().hex[:10]}" for _ in sizes]
    try:
        urls = []
        built = []
        for events, schema in zip(sizes, schemas, strict=True):
            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            url = f"{base}?schema={schema}"
            app = NgheDan(url)
            try:
                write_store(app, events)
            finally:
                app.close()
            built.append(rebuild(url))
            urls.append(url)
        small, big = in_process(urls, runs)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return {
        **compare(small, big),
        "events": [b["events"] for b in built],
        "catch_up_s": [b["catch_up_s"] for b in built],
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
    global COMMUNES  # noqa: PLW0603 - as many communes as the small store has, up to 3
    COMMUNES = COMMUNES[: max(1, min(len(COMMUNES), sizes[0] // 1000))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        urls = []
        for events in sizes:
            path = folder / f"reads-{events}.db"
            if not path.exists():
                make_store(events, path)
            urls.append(f"sqlite:///{path}")
        built = [rebuild(url) for url in urls]
        small, big = in_process(urls, args.runs)
        small_cli, big_cli = as_processes(urls, args.runs)
    startup = startup_figures({"help": cli_line("--help")}, max(args.runs, 3))
    help_line = startup["lines"]["help"]
    result: dict[str, Any] = {
        **compare({**small, **small_cli}, {**big, **big_cli}),
        "startup_s": help_line["s"],
        "deps_import_s": startup["deps_import_s"],
        "startup_ratio": help_line["ratio"],
        "events": [b["events"] for b in built],
        "catch_up_s": [b["catch_up_s"] for b in built],
        "communes": list(COMMUNES),
        "month": str(MONTH),
        "runs": args.runs,
    }
    base = _postgres(args.postgres)
    if base is not None:
        result["postgres_reads"] = postgres_figures(base, sizes, args.runs)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
