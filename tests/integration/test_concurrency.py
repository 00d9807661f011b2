"""Several OS processes writing to the same fund at once lose nothing and double nothing."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import pytest

from fund_outcomes import MIXED, OPENING, Processes, check_fund, send
from nghedan_core import (
    CloseSession,
    ContributionReceived,
    ContributionSource,
    DomainError,
    InvalidStateError,
    NgheDan,
    Person,
    RaiseComplaint,
    ReceiveContribution,
    SessionLevel,
    SessionStatus,
    Vnd,
    session_id,
)
from nghedan_core.aggregates.complaint import AGGREGATE as COMPLAINT
from nghedan_core.aggregates.session import AGGREGATE as SESSION
from nghedan_core.aggregates.session import State as SessionState

from world import COMMUNE, HAMLETS, MONTH, at, build_world

PROCESSES = 4
EACH = 250


def _contribute(url: str, worker: int, start: mp.synchronize.Barrier, clerk: UUID) -> None:  # type: ignore[name-defined]
    """Record EACH contributions of (worker + 1) × 1,000 đồng + i, after all workers are ready."""
    try:
        # a process of its own: recording the scenario's acts on the day they happen
        app = NgheDan(url, clock=lambda: at(4, 8))
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
        send(app, command, clerk)  # the commune's clerk records (ADR 0018)


@pytest.mark.slow
def test_four_processes_contributing_at_once_record_every_contribution_once(
    shared_url: str,
) -> None:
    """4 processes × 250 contributions to one fund: exactly 1,000 recorded, balance exact."""
    app = NgheDan(shared_url)
    world = build_world(app, fund_vnd=0)
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    workers = [
        ctx.Process(target=_contribute, args=(shared_url, w, start, world.clerk))
        for w in range(PROCESSES)
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


# --- a session never closes past a complaint raised at the same moment (ADR 0004) ----------


def _raise(citizen: str = "Kim Thị Mai") -> RaiseComplaint:
    return RaiseComplaint(
        complaint_id=uuid4(),
        unit=COMMUNE,
        month=MONTH,
        hamlet=HAMLETS[0],
        citizen=Person(person_id=uuid4(), full_name=citizen),
        content="Đường vào ấp xuống cấp",
        occurred_at=at(4, 9),
    )


def _close() -> CloseSession:
    return CloseSession(
        unit=COMMUNE,
        month=MONTH,
        minutes="Biên bản buổi tiếp dân",
        shortfall_reason="Hộ nghèo đi làm ăn xa",
        occurred_at=at(4, 17),
    )


def _before_first(app: NgheDan, method: str, intruder: Callable[[], object]) -> None:
    """Run `intruder` once, after `app` decided and right before its first `method` writes."""
    original = getattr(app, method)
    pending = [intruder]

    def hooked(*args: object, **kwargs: object) -> object:
        while pending:
            pending.pop()()
        return original(*args, **kwargs)

    setattr(app, method, hooked)


def _session(url: str) -> SessionState:
    state = NgheDan(url).state(SESSION, session_id(COMMUNE, MONTH, SessionLevel.COMMUNE))
    assert state is not None
    return state


@pytest.mark.parametrize("path", ["handle", "group"])
def test_a_close_decided_before_a_complaint_was_raised_is_decided_again(
    shared_url: str, path: str
) -> None:
    """Another process raises a complaint between the close's decision and its write.

    The close counted no open complaint; its write collides with the complaint's record on
    the session's stream, and decided again it is refused: the session stays open.
    """
    # two writers on 4 March 2024, each with its own clock: the close is decided again
    # after the complaint's write, at the same time of day
    closer = NgheDan(shared_url, clock=lambda: at(4, 18))
    build_world(closer)
    raised = _raise()
    _before_first(
        closer,
        "_save" if path == "handle" else "_commit",
        lambda: NgheDan(shared_url, clock=lambda: at(4, 18)).handle(raised),
    )
    if path == "handle":
        with pytest.raises(DomainError) as refused:
            closer.handle(_close())
        error = refused.value
    else:
        result = closer.handle_many([_close()])
        assert result.error is not None
        error = result.error
    assert error.code == "session.open_complaints"
    assert _session(shared_url).status is SessionStatus.SCHEDULED
    assert _session(shared_url).complaints_received == 1
    assert NgheDan(shared_url).state(COMPLAINT, raised.complaint_id) is not None


def test_a_complaint_decided_before_its_session_closed_is_decided_again(
    shared_url: str,
) -> None:
    """Another process closes the session between the complaint's decision and its write.

    The complaint saw an open session; its write collides with the close on the session's
    stream, and decided again it is refused: no complaint hangs on a closed session.
    """
    raiser = NgheDan(shared_url)
    build_world(raiser)
    raised = _raise()
    _before_first(raiser, "_save", lambda: NgheDan(shared_url).handle(_close()))
    with pytest.raises(InvalidStateError):
        raiser.handle(raised)
    assert _session(shared_url).status is SessionStatus.CLOSED
    assert _session(shared_url).complaints_received == 0
    assert NgheDan(shared_url).state(COMPLAINT, raised.complaint_id) is None
