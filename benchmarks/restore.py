"""Restore benchmark: an events export (JSONL) into an empty SQLite store, against raw inserts.

    python benchmarks/restore.py --events 100000

1. A synthetic store of N events (`_data.py`) is written in a child process, then exported
   to JSONL with `nghedan_core.exchange.export_events` (not timed; ``export_s`` reports it).
2. *ours*: `nghedan_core.exchange.restore_events` of that file into a new, empty SQLite
   store — parse every line, verify every stream's hash chain and the history digest, then
   insert page by page through the eventsourcing recorder.
3. *raw*: ``sqlite3`` ``executemany`` of the same rows (stream, version, topic, state, read
   from the source store) into a new file with the same table, primary key and WAL journal,
   in **one** transaction — the fastest a plain insert can be.
4. Raw and ours alternate, ``--runs`` times each (default 3), each into a new file; the
   fastest run of each side counts.

The last line printed is one JSON object: ``events``, ``events_per_s`` (ours),
``raw_events_per_s``, ``ratio`` (ours / raw), plus the timings.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nghedan_core import NgheDan
from nghedan_core.exchange import export_events, restore_events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import raw_insert

HERE = Path(__file__).resolve().parent


def make_store(events: int, path: Path) -> None:
    """Write a synthetic store of `events` events to `path`, in a child process."""
    subprocess.run(
        [sys.executable, str(HERE / "_data.py"), "--events", str(events), "--db", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def export(source: Path, target: Path) -> int:
    """Export every event of `source` to the JSONL file `target`; return how many."""
    app = NgheDan(f"sqlite:///{source}")
    n = 0
    try:
        with target.open("w", encoding="utf-8") as f:
            for line in export_events(app.records()):
                f.write(line)
                n += 1
    finally:
        app.close()
    return n


def restore(export_file: Path, target: Path) -> int:
    """Restore the export into a new store at `target`; return the events written."""
    app = NgheDan(f"sqlite:///{target}")
    try:
        with export_file.open(encoding="utf-8") as f:
            return restore_events(app, f).events
    finally:
        app.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", help="reuse (or keep) the synthetic source store at this path")
    parser.add_argument("--runs", type=int, default=3, help="runs of each side (best counts)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = Path(args.db) if args.db else work / "source.db"
        if not source.exists():
            make_store(args.events, source)
        jsonl = work / "export.jsonl"
        t = time.perf_counter()
        exported = export(source, jsonl)
        export_s = time.perf_counter() - t

        # raw and ours alternate, best of `--runs` each (as in replay.py): on a shared
        # machine a burst of other work then slows one run of each side, not one side
        raw_s = ours_s = float("inf")
        for run in range(args.runs):
            t = time.perf_counter()
            raw_n = raw_insert(source, work / f"raw-{run}.db")
            raw_s = min(raw_s, time.perf_counter() - t)
            t = time.perf_counter()
            restored = restore(jsonl, work / f"restored-{run}.db")
            ours_s = min(ours_s, time.perf_counter() - t)

    if not exported == raw_n == restored:
        sys.exit(f"counts differ: exported {exported}, raw {raw_n}, restored {restored}")
    print(
        json.dumps(
            {
                "events": restored,
                "events_per_s": round(restored / ours_s),
                "raw_events_per_s": round(raw_n / raw_s),
                "ratio": round(raw_s / ours_s, 3),
                "ours_s": round(ours_s, 2),
                "raw_s": round(raw_s, 2),
                "export_s": round(export_s, 2),
                "path": "exchange.restore_events",
            }
        )
    )


if __name__ == "__main__":
    main()
