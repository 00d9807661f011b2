"""Many HTTP clients and library processes on one fund at once: no lost update, no overdraft.

A real server (``nghedan serve``, uvicorn) runs in a subprocess on a SQLite store holding the
test world. CLIENTS threads, each with its own clerk and leader tokens (from ``nghedan token
issue``), POST contributions and gift payments to the commune's fund over HTTP — sending a
command again, with the same ``command_id``, when told of a conflict — while PROCESSES worker
processes do the same through the library. Each writer keeps what it was told was accepted
and what was refused; the fund's history must then agree with them exactly (see
`fund_outcomes.check_fund`), and so must the ledger the server shows.
"""

from __future__ import annotations

import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from click.testing import CliRunner

from fund_outcomes import (
    MIXED,
    OPENING,
    Outcomes,
    Processes,
    check_fund,
    mixed_command,
    record_outcome,
)
from nghedan_cli import cli
from nghedan_core import NgheDan, unstructure

from world import COMMUNE, World, build_world

NGHEDAN = str(Path(sys.executable).with_name("nghedan"))
API = "/api/v1"
CLIENTS = 16
PROCESSES = 2


def _token(url: str, official: UUID) -> str:
    """A token issued by ``nghedan token issue --official`` (its first line of output)."""
    result = CliRunner().invoke(cli, ["--db", url, "token", "issue", "--official", str(official)])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, World]]:
    """``nghedan serve`` on a SQLite store with the test world: (store URL, base URL, world)."""
    url = f"sqlite:///{tmp_path / 'load.db'}"
    world = build_world(NgheDan(url), fund_vnd=OPENING)
    port = _free_port()
    process = subprocess.Popen(
        [NGHEDAN, "--db", url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[1].decode()
            try:
                if httpx.get(f"{base}{API}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield url, base, world
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
        assert "Traceback" not in stderr.decode()


def _client(base: str, name: str, tokens: dict[str, str], world: World) -> Outcomes:
    """One HTTP client: MIXED receipts and payments; what the server told it."""
    rng = random.Random(name)  # noqa: S311 - reproducible amounts
    outcomes = Outcomes()
    with httpx.Client(base_url=base, timeout=60) as http:
        for i in range(MIXED):
            command = mixed_command(rng, f"{name}-{i}", world.household, world.chair)
            who = "clerk" if type(command).__name__ == "ReceiveContribution" else "leader"
            body: dict[str, Any] = unstructure(command)
            # the server runs on the system's clock, years after the world's March 2024:
            # its acts are declared late entries (ADR 0019)
            body["late_entry_reason"] = "Thử tải: ghi sau ngày phát sinh"
            for _ in range(10):
                r = http.post(
                    f"{API}/commands/{type(command).__name__}",
                    json=body,
                    headers={"Authorization": f"Bearer {tokens[who]}"},
                )
                if r.status_code != 409 or r.json()["code"] != "concurrency.conflict":
                    break  # a conflict is sent again, with the same command_id
            if r.status_code in (200, 201):  # 200: an earlier attempt recorded it
                record_outcome(outcomes, command, accepted=True)
            else:
                assert r.json()["code"] == "fund.insufficient_balance", r.text
                assert r.status_code in (409, 422), r.text
                record_outcome(outcomes, command, accepted=False)
    return outcomes


@pytest.mark.slow
def test_http_clients_and_processes_on_one_fund_lose_no_update_and_never_overdraw(
    server: tuple[str, str, World], tmp_path: Path
) -> None:
    """16 HTTP clients and 2 processes x 60 receipts and payments: the ledger is what they were told."""
    url, base, world = server
    start_position = NgheDan(url).max_position()
    tokens = [
        {"clerk": _token(url, world.clerk), "leader": _token(url, world.chair)}
        for _ in range(CLIENTS)
    ]
    processes = Processes.start(url, PROCESSES, world, tmp_path)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        clients = [
            pool.submit(_client, base, f"client-{c}", tokens[c], world) for c in range(CLIENTS)
        ]
        told = [c.result() for c in clients]
    outcomes = processes.outcomes()
    for one in told:
        outcomes.merge(one)
    lines = check_fund(
        NgheDan(url),
        start=start_position,
        commands=(CLIENTS + PROCESSES) * MIXED,
        outcomes=outcomes,
    )

    # the ledger the server shows (its views catch up within their freshness)
    expected = OPENING + sum(outcomes.receipts.values()) - sum(outcomes.payments.values())
    token = {"Authorization": f"Bearer {tokens[0]['clerk']}"}
    deadline = time.monotonic() + 30
    while True:
        shown = httpx.get(f"{base}{API}/ledger", params={"unit": COMMUNE}, headers=token).json()
        if shown["balance_vnd"] == expected or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert shown["balance_vnd"] == expected
    assert min(line["balance_vnd"] for line in shown["lines"]) >= 0
    assert [line["reference"] for line in shown["lines"][-len(lines) :]] == [
        line.reference for line in lines
    ]
