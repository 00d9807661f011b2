"""Replay benchmark: full fund audit + period report from a SQLite store, against raw reads.

    python benchmarks/replay.py --events 1000000

1. A synthetic store of N events (`_data.py`) is written to a temporary SQLite file **in a
   child process**, so generating it costs this process no memory.
2. *raw*: ``sqlite3`` SELECT of every row of the events table (position, stream, version,
   topic, state) in global order, and ``json.loads`` of each state — the least any replay
   must do.
3. *ours*: ``NgheDan.audit(lines=False, also=[PeriodReport(...)])``: paged reads, each
   event linked into the hash chain and the history digest from its stored bytes as it is
   read, then, in the same pass, the audit's folds (ledger totals, every invariant check;
   ``lines=False`` so the ledger's lines are not kept) and a `PeriodReport` of every unit
   over the whole history (the ``projections`` key says so).
4. Raw and ours alternate, ``--runs`` times each (default 2); the fastest run of each side
   counts (the first raw run also warms the page cache).

The last line printed is one JSON object: ``events``, ``events_per_s`` (ours),
``raw_events_per_s``, ``ratio`` (ours / raw), ``peak_rss_mb`` (this process's peak
resident memory: imports, the raw pass and our replay — the generator ran elsewhere) and
``baseline_rss_mb`` (resident memory before either pass), plus the timings.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from nghedan_core import NgheDan
from nghedan_core.projections.report import PeriodReport

HERE = Path(__file__).resolve().parent


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_store(events: int, path: Path) -> None:
    """Write a synthetic store of `events` events to `path`, in a child process."""
    subprocess.run(
        [sys.executable, str(HERE / "_data.py"), "--events", str(events), "--db", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def raw_replay(path: Path) -> int:
    """SELECT every row in global order and json.loads each state; return the row count."""
    conn = sqlite3.connect(path)
    loads = json.loads
    n = 0
    try:
        for _rowid, _stream, _version, _topic, state in conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "
            "FROM stored_events ORDER BY rowid"
        ):
            loads(state)
            n += 1
    finally:
        conn.close()
    return n


def our_replay(path: Path) -> dict[str, Any]:
    """Audit and period report over the whole log in one pass; what they found."""
    app = NgheDan(f"sqlite:///{path}")
    try:
        report = PeriodReport(date(2000, 1, 1), date(2100, 12, 31))
        result = app.audit(lines=False, also=[report])
        view = report.view().to_json()
        return {
            "projections": "audit+PeriodReport",
            "replayed": result.events,
            "audit_passed": result.passed,
            "failed_checks": [c.code for c in result.checks if not c.passed],
            "sessions_held": view["sessions_held"],
        }
    finally:
        app.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", help="reuse (or keep) the synthetic store at this path")
    parser.add_argument("--runs", type=int, default=2, help="runs of each side (best counts)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "replay.db"
        started = time.perf_counter()
        if not path.exists():
            make_store(args.events, path)
        generate_s = time.perf_counter() - started
        baseline = rss_mb()

        # raw and ours alternate, best of `--runs` each: on a shared machine a burst of
        # other work then slows one run of each side, not the whole of one side
        raw_s = ours_s = float("inf")
        for _ in range(args.runs):
            t = time.perf_counter()
            rows = raw_replay(path)
            raw_s = min(raw_s, time.perf_counter() - t)
            t = time.perf_counter()
            found = our_replay(path)
            ours_s = min(ours_s, time.perf_counter() - t)

    print(
        json.dumps(
            {
                "events": rows,
                "events_per_s": round(rows / ours_s),
                "raw_events_per_s": round(rows / raw_s),
                "ratio": round(raw_s / ours_s, 3),
                "peak_rss_mb": round(rss_mb(), 1),
                "baseline_rss_mb": round(baseline, 1),
                "ours_s": round(ours_s, 2),
                "raw_s": round(raw_s, 2),
                "generate_s": round(generate_s, 1),
                **found,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
