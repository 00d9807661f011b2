"""Startup benchmark: how long the command line takes to start, against importing its deps.

    python benchmarks/startup.py --runs 10

Each command line runs in a fresh process (``python -c "from nghedan_cli.main import
main; main()" ARGS``, what the ``nghedan`` console script does), and so does the import of
the command line's own dependencies (``python -c "import eventsourcing.application, attrs,
cattrs, click"``). They alternate, ``--runs`` times each, in the same loop, so a busy
moment of a shared machine falls on both; the fastest run of each counts (its median and
every run are printed too). A command's ratio is its time over the dependencies' time.

Timed: ``nghedan --help`` (``startup_s``), the help of a few read commands, and one real
read (``quota``) on a tiny SQLite store made for the run (one commune).

The last line printed is one JSON object: ``startup_s``, ``deps_import_s``,
``startup_ratio`` (issue 15's target: at most 2.0), ``reads`` (each command line: ``s``,
``ratio``, ``median_s``, ``runs_s``), the dependencies' and ``--help``'s runs and ``runs``.
`startup_figures` is meant to be reused by other benchmarks (``reads.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["DEPS", "cli_line", "startup_figures"]

#: the command line's own dependencies, imported by a fresh interpreter
DEPS = ("eventsourcing.application", "attrs", "cattrs", "click")


def cli_line(*args: str) -> list[str]:
    """The process of ``nghedan ARGS`` (what the console script runs)."""
    return [sys.executable, "-c", "from nghedan_cli.main import main; main()", *args]


def _deps_line() -> list[str]:
    return [sys.executable, "-c", "import " + ", ".join(DEPS)]


def _seconds(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _figure(runs: list[float], deps: float) -> dict[str, Any]:
    best = min(runs)
    return {
        "s": round(best, 4),
        "ratio": round(best / deps, 2),
        "median_s": round(statistics.median(runs), 4),
        "runs_s": [round(r, 4) for r in runs],
    }


def startup_figures(lines: Mapping[str, Sequence[str]], runs: int) -> dict[str, Any]:
    """Time each process of `lines` against the deps' import, alternating, `runs` times each.

    Returns ``deps_import_s`` (the fastest import of the deps), ``deps_runs_s`` and, for each
    name, its fastest time ``s``, ``ratio`` (over ``deps_import_s``), ``median_s`` and
    ``runs_s``. One warm-up run of each comes first (the page cache), not counted.
    """
    for argv in (_deps_line(), *lines.values()):
        _seconds(argv)
    deps_runs: list[float] = []
    line_runs: dict[str, list[float]] = {name: [] for name in lines}
    for _ in range(runs):
        deps_runs.append(_seconds(_deps_line()))
        for name, argv in lines.items():
            line_runs[name].append(_seconds(argv))
    deps = min(deps_runs)
    return {
        "deps_import_s": round(deps, 4),
        "deps_runs_s": [round(r, 4) for r in deps_runs],
        "lines": {name: _figure(times, deps) for name, times in line_runs.items()},
    }


def _tiny_store(folder: Path) -> str:
    """A SQLite store holding one commune."""
    from nghedan_core import NgheDan, RegisterUnit, UnitKind  # noqa: PLC0415 - not timed

    url = f"sqlite:///{folder / 'tiny.db'}"
    app = NgheDan(url)
    try:
        administrator = app.start_record("Quản trị viên")
        app.handle(
            RegisterUnit(code="29500", name="Xã Ninh Thới", kind=UnitKind.COMMUNE),
            actor=administrator,
        )
    finally:
        app.close()
    return url


def main() -> None:
    """Print the startup figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = _tiny_store(Path(folder))
        lines = {
            "help": cli_line("--help"),
            "report --help": cli_line("report", "--help"),
            "complaints --help": cli_line("complaints", "--help"),
            "ledger --help": cli_line("ledger", "--help"),
            "quota --help": cli_line("quota", "--help"),
            "quota": cli_line("--db", url, "quota"),
        }
        figures = startup_figures(lines, args.runs)
    reads = figures["lines"]
    startup = reads.pop("help")
    print(
        json.dumps(
            {
                "startup_s": startup["s"],
                "deps_import_s": figures["deps_import_s"],
                "startup_ratio": startup["ratio"],
                "startup_median_s": startup["median_s"],
                "startup_runs_s": startup["runs_s"],
                "deps_runs_s": figures["deps_runs_s"],
                "reads": reads,
                "runs": args.runs,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
