"""Several OS processes writing to the same fund at once lose nothing and double nothing."""

from __future__ import annotations

import multiprocessing as mp
from uuid import NAMESPACE_URL, uuid5

import pytest

from nghedan_core import (
    ConcurrencyConflictError,
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
        for _ in range(10):
            # A writer that kept losing to the others gets a clear conflict error, and,
            # like any client, sends the same command again: its command_id makes that safe.
            try:
                app.handle(command)
                break
            except ConcurrencyConflictError:
                continue
        else:
            raise ConcurrencyConflictError(attempts=10)


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
