"""The benchmarks run end to end on small inputs, and their synthetic store is sound.

No timing is asserted here: the figures depend on the machine (see benchmarks/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from nghedan_core import NgheDan
from nghedan_core.aggregates import AGGREGATES, EVENT_TOPICS
from nghedan_core.serialization import GENESIS, Recorded

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _data  # noqa: E402


def run(script: str, *args: str) -> dict[str, Any]:
    """Run a benchmark; its last line must be one JSON object."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    last = done.stdout.strip().splitlines()[-1]
    data = json.loads(last)
    assert isinstance(data, dict)
    return data


def test_replay_prints_its_figures() -> None:
    """replay.py: events, our and raw rates, their ratio, peak memory; the audit passes."""
    data = run("replay.py", "--events", "2000")
    assert {"events", "events_per_s", "raw_events_per_s", "ratio", "peak_rss_mb"} <= data.keys()
    assert data["events"] == 2000
    assert data["projections"] == "audit+PeriodReport"
    assert data["audit_passed"] is True, data["failed_checks"]


def test_restore_prints_its_figures() -> None:
    """restore.py: events, our and raw rates, their ratio."""
    data = run("restore.py", "--events", "2000")
    assert {"events", "events_per_s", "raw_events_per_s", "ratio"} <= data.keys()
    assert data["events"] == 2000


def test_commands_prints_its_figures() -> None:
    """commands.py: commands, their rate, the raw insert rate, the ratio."""
    data = run("commands.py", "--commands", "300")
    assert {"commands", "commands_per_s", "raw_events_per_s", "ratio"} <= data.keys()
    assert data["commands"] == 300
    # reading the file and writing its rows bound the import from above
    assert data["ratio"] < data["ceiling_ratio"]
    assert data["events"] > 300


def test_startup_prints_its_figures() -> None:
    """startup.py: the help's and a few reads' times, each as a ratio of the deps' import."""
    data = run("startup.py", "--runs", "1")
    assert {"startup_s", "deps_import_s", "startup_ratio", "reads"} <= data.keys()
    assert {"report --help", "complaints --help", "quota --help", "quota"} <= data["reads"].keys()
    for read in data["reads"].values():
        assert {"s", "ratio", "median_s", "runs_s"} <= read.keys()
        assert len(read["runs_s"]) == 1
    assert data["startup_s"] > 0
    assert data["deps_import_s"] > 0


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> NgheDan:
    """A synthetic store of 3,000 events (three communes)."""
    path = tmp_path_factory.mktemp("synthetic") / "store.db"
    app = NgheDan(f"sqlite:///{path}")
    assert _data.write_store(app, 3_000, batch=700) == 3_000
    return app


def test_the_synthetic_store_has_every_event_type(synthetic: NgheDan) -> None:
    """Every topic of every aggregate occurs, in a realistic proportion."""
    topics = Counter(r.topic for r in synthetic.records())
    assert set(EVENT_TOPICS) <= topics.keys()
    assert topics["complaint.ComplaintRaised"] > topics["fund.DisclosurePublished"]
    assert sum(topics.values()) == 3_000


def test_the_synthetic_store_is_what_the_mapper_would_have_written(synthetic: NgheDan) -> None:
    """Each event decodes (strictly), re-seals to the same hash and re-encodes to its bytes."""
    mapper = synthetic.mapper
    aggregates = {a.name: a for a in AGGREGATES}
    states: dict[UUID, Any] = {}
    heads: dict[UUID, tuple[int, str]] = {}
    for stored in synthetic.recorder.select_notifications(start=1, limit=10_000):
        recorded: Recorded = mapper.to_domain_event(stored)
        version, prev = heads.get(recorded.originator_id, (0, GENESIS))
        assert (recorded.originator_version, recorded.prev_hash) == (version + 1, prev)
        again = Recorded.seal(
            recorded.originator_id,
            recorded.originator_version,
            recorded.event,
            recorded.recorded_at,
            recorded.prev_hash,
            actor=recorded.actor,
        )
        assert recorded.actor is not None  # every synthetic event names its actor
        assert again.hash == recorded.hash
        assert mapper.to_stored_event(again).state == stored.state
        heads[recorded.originator_id] = (recorded.originator_version, recorded.hash)
        # every stream also folds through its aggregate's own evolve
        if recorded.topic.startswith("nghedan."):
            continue  # the store's start: no aggregate's
        aggregate = aggregates[recorded.topic.split(".")[0]]
        states[recorded.originator_id] = aggregate.evolve(
            states.get(recorded.originator_id), recorded.event
        )


def test_the_synthetic_history_passes_the_audit(synthetic: NgheDan) -> None:
    """Sound by construction: balances never negative, disclosures equal the ledger, ..."""
    from nghedan_core.audit import audit

    report = audit(synthetic.records())
    assert report.passed, [c.code for c in report.checks if not c.passed]


def test_the_generator_is_reproducible() -> None:
    """The same seed gives the same events."""
    first = [s.state for s in _data.generate(500, seed=7)]
    assert first == [s.state for s in _data.generate(500, seed=7)]
    assert first != [s.state for s in _data.generate(500, seed=8)]


def test_soak_prints_its_figures() -> None:
    """soak.py, 5 seconds: requests served, no error, latency and the server's memory."""
    data = run("soak.py", "--duration", "5", "--concurrency", "4")
    assert {
        "requests",
        "errors",
        "p50_ms",
        "p99_ms",
        "rss_mb_start",
        "rss_mb_end",
        "growth_mb",
        "bound_mb",
        "passed",
    } <= data.keys()
    assert data["errors"] == 0, data["error_samples"]
    assert data["requests"] > 0
    assert data["reads"] > 0
    assert data["writes"] > 0
    assert data["rss_mb_start"] > 0
    assert data["growth_mb"] == round(data["rss_mb_end"] - data["rss_mb_start"], 1)
    assert data["passed"] is True


def test_reads_prints_its_figures() -> None:
    """reads.py: every read at both sizes, in process and as a command line, with ratios."""
    data = run("reads.py", "--events", "3000", "--runs", "1", "--postgres", "")
    names = {"report", "complaints", "ledger", "disclosure", "quota", "dossier", "households"}
    assert names | {f"cli {n}" for n in names} == data["reads"].keys()
    for read in data["reads"].values():
        assert {"small_ms", "big_ms", "ratio"} <= read.keys()
    assert data["worst_ratio"] == max(r["ratio"] for r in data["reads"].values())
    assert {"startup_s", "deps_import_s", "startup_ratio"} <= data.keys()
    assert data["events"] == [1000, 3000]
