"""Several OS processes writing to the same fund at once lose nothing and double nothing."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

import pytest

from fund_outcomes import MIXED, OPENING, Processes, check_fund, send
from nghedan_core import (
    ContributionReceived,
    ContributionSource,
    NgheDan,
    ReceiveContribution,
    Vnd,
)

from world import COMMUNE, at, build_world

PROCESSES = 4
EACH = 250


def _contribute(url: str, worker: int, start: mp.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    """Record EACH contributions of (worker + 1) × 1,000 đồng + i, after all workers are ready."""
    try:
        app = NgheDan(url)
    finally:
        start.wait(timeout=120)  # a worker that fails to start must not hang the others
    for i in range(EACH):
        command = ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid5(NAMESPACE_URL, f"worker-{worker}-{i}"),
            amount=Vnd((worker + 1) * 1_000 + i),
            source=ContributionSource.FLAG_CEREMONY,
            occurred_at=at(4, 7),
            command_id=f"worker-{worker}-{i}",
        )
        send(app, command)


@pytest.mark.slow
def test_four_processes_contributing_at_once_record_every_contribution_once(
    shared_url: str,
) -> None:
    """4 processes × 250 contributions to one fund: exactly 1,000 recorded, balance exact."""
    app = NgheDan(shared_url)
    build_world(app, fund_vnd=0)
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    workers = [
        ctx.Process(target=_contribute, args=(shared_url, w, start)) for w in range(PROCESSES)
    ]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=240)
    assert [p.exitcode for p in workers] == [0] * PROCESSES

    received = [r for _, r in app.read() if isinstance(r.event, ContributionReceived)]
    assert len(received) == PROCESSES * EACH
    assert len({r.event.receipt_id for r in received}) == PROCESSES * EACH  # type: ignore[attr-defined]
    expected = sum((w + 1) * 1_000 + i for w in range(PROCESSES) for i in range(EACH))
    fund = NgheDan(shared_url).fund(COMMUNE)
    assert fund is not None
    assert fund.balance == Vnd(expected)
    versions = [r.originator_version for r in app.stream(received[0].originator_id)]
    assert versions == list(range(1, len(versions) + 1))


def _open(url: str, start: mp.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    """Open the application the moment every other process does."""
    start.wait(timeout=120)
    NgheDan(url)


def test_processes_starting_together_on_a_new_database_all_open_it(shared_url: str) -> None:
    """Four processes creating the tables at the same instant all start (no catalog race)."""
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    workers = [ctx.Process(target=_open, args=(shared_url, start)) for _ in range(PROCESSES)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=240)
    assert [p.exitcode for p in workers] == [0] * PROCESSES
    assert NgheDan(shared_url).max_position() == 0


@pytest.mark.slow
def test_processes_contributing_and_disbursing_at_once_lose_no_update_and_never_overdraw(
    shared_url: str, tmp_path: Path
) -> None:
    """4 processes x 60 receipts and payments: the ledger is exactly what they were told."""
    app = NgheDan(shared_url)
    world = build_world(app, fund_vnd=OPENING)
    start_position = app.max_position()
    outcomes = Processes.start(shared_url, PROCESSES, world, tmp_path).outcomes()
    check_fund(
        NgheDan(shared_url), start=start_position, commands=PROCESSES * MIXED, outcomes=outcomes
    )
