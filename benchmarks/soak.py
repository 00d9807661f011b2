"""Soak: a mixed read/write load against ``nghedan serve`` for a set time; errors and memory.

    python benchmarks/soak.py [--duration 300] [--concurrency 8] [--write-share 0.2]
                              [--bound-mb 50]

1. A temporary SQLite store gets the demo (``nghedan demo``: the Cầu Kè dataset, recorded
   by its commands) and a clerk's token (``nghedan token issue``).
2. ``nghedan serve`` runs it in a subprocess (uvicorn, one process).
3. `--concurrency` clients (asyncio, httpx, keep-alive) send requests back to back for
   `--duration` seconds. Each request is a write with probability `--write-share` — a new
   contribution to a commune's fund (``POST /api/v1/commands/ReceiveContribution``, 201) —
   and otherwise a read picked at random from the period report, a fund ledger, a month's
   disclosure, the complaints board, the units, the audit and the two public pages (200).
   Anything else — another status, a refused connection, a timeout — is an error. A
   warm-up pass (every route once) comes first and counts too.
4. The server's resident memory (``VmRSS`` in ``/proc/PID/status``) is read once a second.
   ``rss_mb_start`` is taken after one warm-up pass over every route (views built, caches
   filled), ``rss_mb_end`` when the load stops; ``growth_mb`` is their difference.

The last line printed is one JSON object: ``requests``, ``errors``, ``p50_ms``, ``p99_ms``,
``rss_mb_start``, ``rss_mb_end``, ``growth_mb``, ``bound_mb`` and ``passed`` (no error and
growth ≤ bound), with the counts of reads and writes, ``rps``, ``rss_mb_max``, the memory
at ten even steps (``rss_mb_trend``), the requests a second in each tenth of the run
(``rps_trend``), the store's and its WAL's sizes at the end, and each route's count, p50
and p99 (``routes``). The
exit code is 1 when it did not pass.

The bound. Writes add data the server rightly keeps: every contribution is a line of the
fund ledger view and an entry of the fund's state (about 1-2 KB each, all told). At the
default mix this machine serves ~10-20 writes a second, so five minutes add ~5 MB of
data; 50 MB leaves room for that and for the allocator's slack, and catches a leak of
more than ~150 KB a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/http.py would hide the standard library's `http` package from httpx
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402

from nghedan_core.demo import demo_official  # noqa: E402

NGHEDAN = str(Path(sys.executable).with_name("nghedan"))
UNIT = "29257"
API = "/api/v1"
READS = (
    f"{API}/report?from=2024-01-01&to=2024-06-30",
    f"{API}/ledger?unit={UNIT}",
    f"{API}/disclosure?unit={UNIT}&month=2024-06",
    f"{API}/complaints?unit={UNIT}",
    f"{API}/units",
    f"{API}/audit",
    "/",
    f"/cong-khai/{UNIT}",
)
WRITE = f"{API}/commands/ReceiveContribution"


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid` in MB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    msg = f"no VmRSS for process {pid}"
    raise RuntimeError(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _nghedan(db: str, *args: str) -> str:
    done = subprocess.run(
        [NGHEDAN, "--db", db, *args], capture_output=True, text=True, check=True, timeout=600
    )
    return done.stdout


def _contribution() -> dict[str, Any]:
    return {
        "unit": UNIT,
        "receipt_id": str(uuid.uuid4()),
        "amount": random.randint(10, 500) * 1_000,  # noqa: S311 - load, not secrets
        "source": "flag_ceremony",
        # after the demo's published half year: nothing is dated into a published period;
        # years before the server's clock, so declared a late entry (ADR 0019)
        "occurred_at": "2024-07-08T07:30:00+07:00",
        "late_entry_reason": "Thử tải: ghi sau ngày phát sinh",
    }


class Load:
    """The clients' shared tally."""

    def __init__(self, token: str, write_share: float) -> None:
        """No request yet."""
        self.headers = {"Authorization": f"Bearer {token}"}
        self.write_share = write_share
        self.latencies: list[float] = []
        self.by_route: dict[str, list[float]] = {}
        self.done_at: list[float] = []
        self.reads = self.writes = self.errors = 0
        self.samples: list[str] = []

    async def one(self, http: httpx.AsyncClient, path: str | None) -> None:
        """One request: the read `path`, or a write when None; tally it."""
        start = time.perf_counter()
        try:
            if path is None:
                r = await http.post(WRITE, json=_contribution(), headers=self.headers)
                ok = r.status_code == 201
            else:
                r = await http.get(path)
                ok = r.status_code == 200
            status = str(r.status_code)
        except httpx.HTTPError as e:
            ok, status = False, type(e).__name__
        took = time.perf_counter() - start
        self.latencies.append(took)
        self.done_at.append(time.perf_counter())
        self.by_route.setdefault(path.split("?")[0] if path else "POST " + WRITE, []).append(took)
        self.writes += path is None
        self.reads += path is not None
        if not ok:
            self.errors += 1
            if len(self.samples) < 5:
                self.samples.append(f"{path or 'POST ' + WRITE}: {status}")

    async def client(self, http: httpx.AsyncClient, deadline: float) -> None:
        """Requests back to back until `deadline`."""
        while time.perf_counter() < deadline:
            write = random.random() < self.write_share  # noqa: S311 - load, not secrets
            await self.one(http, None if write else random.choice(READS))  # noqa: S311


def _pct(times: list[float], p: float) -> float:
    """The `p` quantile of `times`, in milliseconds."""
    if not times:
        return 0.0
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)


async def _sample_rss(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)


async def soak(
    base: str, pid: int, token: str, *, duration: float, concurrency: int, write_share: float
) -> dict[str, Any]:
    """Warm up, then run the load for `duration` seconds; the figures."""
    load = Load(token, write_share)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        for path in (*READS, None):  # the warm-up: every route once
            await load.one(http, path)
        start_mb = rss_mb(pid)
        samples: list[float] = [start_mb]
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(pid, samples, stop))
        t0 = time.perf_counter()
        load.done_at = []
        await asyncio.gather(*(load.client(http, t0 + duration) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
        stop.set()
        await sampler
    start_mb, end_mb = round(start_mb, 1), round(rss_mb(pid), 1)
    latencies = sorted(load.latencies)
    routes = {
        route: {"requests": len(times), "p50_ms": _pct(times, 0.5), "p99_ms": _pct(times, 0.99)}
        for route, times in sorted(load.by_route.items())
    }
    return {
        "requests": len(latencies),
        "reads": load.reads,
        "writes": load.writes,
        "errors": load.errors,
        "error_samples": load.samples,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": _pct(latencies, 0.50),
        "p99_ms": _pct(latencies, 0.99),
        "rss_mb_start": start_mb,
        "rss_mb_end": end_mb,
        "rss_mb_max": round(max([*samples, end_mb]), 1),
        # the memory over the run, at ten even steps (a leak climbs steadily)
        "rss_mb_trend": [round(samples[len(samples) * i // 10], 1) for i in range(10)] + [end_mb],
        # requests a second in each tenth of the run (a server slowing down shows here)
        "rps_trend": [
            round(
                sum(t0 + elapsed * i / 10 <= t < t0 + elapsed * (i + 1) / 10 for t in load.done_at)
                / (elapsed / 10),
                1,
            )
            for i in range(10)
        ],
        "growth_mb": round(end_mb - start_mb, 1),
        "routes": routes,
    }


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}{API}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    sys.exit("the server did not start within 60 s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load")
    parser.add_argument("--concurrency", type=int, default=8, help="clients at once")
    parser.add_argument("--write-share", type=float, default=0.2, help="share of writes")
    parser.add_argument("--bound-mb", type=float, default=50.0, help="allowed memory growth")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'soak.db'}"
        t0 = time.perf_counter()
        _nghedan(db, "demo")
        clerk = str(demo_official(UNIT, "clerk"))  # writes are a named official's (ADR 0018)
        token = _nghedan(db, "token", "issue", "--official", clerk).splitlines()[0]
        build_s = time.perf_counter() - t0
        port = _free_port()
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [NGHEDAN, "--db", db, "serve", "--port", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, server, log)
            boot_mb = rss_mb(server.pid)
            figures = asyncio.run(
                soak(
                    base,
                    server.pid,
                    token,
                    duration=args.duration,
                    concurrency=args.concurrency,
                    write_share=args.write_share,
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        traceback = "Traceback" in log.read_text(errors="replace")
        store = Path(tmp) / "soak.db"
        sizes = {
            "store_mb": round(store.stat().st_size / 2**20, 1),
            "wal_mb": round(store.with_name("soak.db-wal").stat().st_size / 2**20, 1)
            if store.with_name("soak.db-wal").exists()
            else 0.0,
        }
    passed = figures["errors"] == 0 and not traceback and figures["growth_mb"] <= args.bound_mb
    print(
        json.dumps(
            {
                "duration_s": args.duration,
                "concurrency": args.concurrency,
                "write_share": args.write_share,
                "build_s": round(build_s, 1),
                "rss_mb_boot": round(boot_mb, 1),
                **figures,
                "server_traceback": traceback,
                **sizes,
                "bound_mb": args.bound_mb,
                "passed": passed,
            },
            ensure_ascii=False,
        )
    )
    if not passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
