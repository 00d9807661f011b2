"""HTTP benchmark: the period report and the workspace's pages against a constant route, and writes.

    python benchmarks/http.py [--seconds 5] [--connections 32] [--events 1000000]

1. A demo-sized store (the Cầu Kè dataset, `nghedan_core.demo`, ~3,300 events) is recorded
   in memory, exported and restored into a temporary SQLite file (restoring is one insert
   per page; recording through fsync'd commands would take half a minute). With
   ``--events N``, a synthetic store of N events (`_data.write_store`; 1,000,000 is the
   province of issue 10, 1,000 communes) instead, read as its first commune (10000),
   session page of 2024-06.
2. The app (`nghedan_http.create_app`) is served by **uvicorn** in a child process.
3. Another child process drives it with `--connections` concurrent keep-alive HTTP/1.1
   connections (a small asyncio client, so the client is not the bottleneck), for
   `--seconds` each:
   - *trivial*: ``GET /api/v1/health`` — a constant response of the same app;
   - *report*: ``GET /api/v1/report?from=2024-01-01&to=2024-06-30`` — the whole period
     report, read from the materialised views (no replay per request);
   - *session*: ``GET /lam-viec/buoi/2024-03`` — the month's session page of the
     workspace, signed in as a clerk of the commune (its forms, lists of officials,
     households and hamlets, the dossier);
   - *board*: ``GET /lam-viec/y-kien`` — the workspace's complaint board;
   - *write*: ``POST /api/v1/commands/ReceiveContribution`` with a clerk's token — each
     request a new receipt, recorded in SQLite (one fsync'd commit each).

The last line printed is one JSON object: ``report_rps``, ``trivial_rps``, ``ratio``
(report / trivial), ``report_p99_ms``, ``session_page_p99_ms``, ``board_page_p99_ms``,
``write_rps``, plus p50s and the counts.
Targets: ratio ≥ 0.5, report p99 < 50 ms, the two pages' p99 < 100 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is called http.py: keep its folder off the path, or it hides the standard
# library's `http` package from starlette and uvicorn.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
REPORT = "/api/v1/report?from=2024-01-01&to=2024-06-30"
TRIVIAL = "/api/v1/health"
WRITE = "/api/v1/commands/ReceiveContribution"
BOARD_PAGE = "/lam-viec/y-kien"
UNIT = "29257"
#: the commune and session month the pages and writes use (the demo's;
#: with ``--events``, the synthetic store's first commune)
_TARGET: dict[str, str] = {
    "unit": UNIT,
    "month": "2024-03",
}
SYNTHETIC = {"unit": "10000", "month": "2024-06"}
#: the password the benchmark gives the clerk's workspace account
PASSWORD = "benchmark-password-1"  # noqa: S105 - a benchmark's own account


def _path_env() -> dict[str, str]:
    env = dict(os.environ)
    extra = [str(ROOT / "src"), str(ROOT / "adapters" / "cli"), str(ROOT / "adapters" / "http")]
    env["PYTHONPATH"] = os.pathsep.join([*extra, env.get("PYTHONPATH", "")])
    return env


def build_store(path: Path, events: int = 0, unit: str = UNIT) -> tuple[str, str]:
    """Record the demo in memory, restore it into SQLite at `path`.

    With `events`, write that many synthetic events instead (`_data.write_store`: the
    province-sized store of issue 10 at 1,000,000). Returns a clerk of `unit`'s token and
    the login of that clerk's workspace account (password `PASSWORD`).
    """
    from nghedan_core import NgheDan  # noqa: PLC0415
    from nghedan_core.demo import record_demo  # noqa: PLC0415
    from nghedan_core.exchange import export_events, restore_events  # noqa: PLC0415
    from nghedan_http import TokenStore  # noqa: PLC0415
    from nghedan_http.workspace import AccountStore  # noqa: PLC0415

    if events:
        sys.path.insert(0, str(HERE.parent))
        from _data import write_store  # noqa: PLC0415 - the benchmarks' synthetic store

        app = NgheDan(f"sqlite:///{path}")
        write_store(app, events)
    else:
        memory = NgheDan("memory://")
        record_demo(memory)  # an import of the half year (ADR 0019), each act by its official
        lines = list(export_events(memory.records()))
        app = NgheDan(f"sqlite:///{path}")
        restore_events(app, lines)
    clerk = next(o for o in app.queries.officials(unit) if "clerk" in o.roles)
    issued = TokenStore(app).issue_for(uuid.UUID(clerk.official_id))  # the clerk's token
    if issued is None:
        msg = "no token could be issued for the commune's clerk"
        raise RuntimeError(msg)
    secret = issued[0]
    accounts = AccountStore(app)
    created = accounts.create(uuid.UUID(clerk.official_id))
    if created is None:
        msg = "no account could be made for the demo's clerk"
        raise RuntimeError(msg)
    accounts.change_password(created[1].login, PASSWORD)
    app.close()
    return secret, created[1].login


def session_cookie(port: int, login: str) -> str:
    """Sign in through the form (as a browser does); the signed-in session's cookie."""
    import http.client  # noqa: PLC0415
    import re  # noqa: PLC0415
    import urllib.parse  # noqa: PLC0415

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/dang-nhap")
    page = conn.getresponse()
    visitor = (page.getheader("set-cookie") or "").split(";", 1)[0]
    found = re.search(r'name="csrf" value="([^"]+)"', page.read().decode())
    if found is None:
        msg = "the sign-in form has no CSRF token"
        raise RuntimeError(msg)
    body = urllib.parse.urlencode({"csrf": found.group(1), "login": login, "password": PASSWORD})
    headers = {"Cookie": visitor, "Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", "/dang-nhap", body=body, headers=headers)
    signed = conn.getresponse()
    signed.read()
    conn.close()
    if signed.status != 303 or signed.getheader("location") != "/lam-viec":
        msg = f"signing in failed: {signed.status}"
        raise RuntimeError(msg)
    return (signed.getheader("set-cookie") or "").split(";", 1)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: str, port: int) -> None:
    """Child process: serve the store with uvicorn."""
    import uvicorn  # noqa: PLC0415

    from nghedan_core import NgheDan  # noqa: PLC0415
    from nghedan_http import create_app  # noqa: PLC0415

    asgi = create_app(NgheDan(f"sqlite:///{db}"))
    gc.collect()
    gc.freeze()  # as `nghedan serve` does: the views' objects leave the collector's scans
    uvicorn.run(asgi, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the driver -------------------------------------------------------------------------


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


def _get(path: str, cookie: str = "") -> bytes:
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\n{extra}\r\n".encode()


def _post(path: str, body: dict[str, Any], token: str) -> bytes:
    data = json.dumps(body).encode()
    return (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    ).encode() + data


async def _phase(
    port: int, connections: int, seconds: float, make: Any, expect: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                raw = make()
                t0 = time.perf_counter()
                status = await _request(reader, writer, raw)
                latencies.append(time.perf_counter() - t0)
                if status != expect:
                    errors += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2)

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
    }


async def _drive(
    port: int, connections: int, seconds: float, token: str, cookie: str
) -> dict[str, Any]:
    session_page = f"/lam-viec/buoi/{_TARGET['month']}"
    await _phase(port, 4, 1.0, lambda: _get(REPORT), 200)  # warm up
    await _phase(port, 4, 0.5, lambda: _get(TRIVIAL), 200)
    await _phase(port, 4, 0.5, lambda: _get(session_page, cookie), 200)
    await _phase(port, 4, 0.5, lambda: _get(BOARD_PAGE, cookie), 200)
    trivial = await _phase(port, connections, seconds, lambda: _get(TRIVIAL), 200)
    report = await _phase(port, connections, seconds, lambda: _get(REPORT), 200)
    session = await _phase(port, connections, seconds, lambda: _get(session_page, cookie), 200)
    board = await _phase(port, connections, seconds, lambda: _get(BOARD_PAGE, cookie), 200)

    def receipt() -> bytes:
        body = {
            "unit": _TARGET["unit"],
            "receipt_id": str(uuid.uuid4()),
            "amount": 100_000,
            "source": "flag_ceremony",
            # no occurred_at: the server's clock dates it now, after every published period
            # and within the late-entry window (ADR 0019)
        }
        return _post(WRITE, body, token)

    write = await _phase(port, connections, seconds, receipt, 201)
    return {
        "trivial": trivial,
        "report": report,
        "session": session,
        "board": board,
        "write": write,
    }


def drive(port: int, connections: int, seconds: float, token: str, cookie: str) -> None:
    """Child process: drive the server and print the phases as JSON."""
    print(json.dumps(asyncio.run(_drive(port, connections, seconds, token, cookie))))


def _wait_until_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(_get(TRIVIAL))
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    msg = "the server did not start"
    raise RuntimeError(msg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--events",
        type=int,
        default=0,
        help="a synthetic store of this many events (issue 10's province: 1000000); 0: the demo",
    )
    parser.add_argument(
        "--drive", nargs=3, metavar=("PORT", "TOKEN", "COOKIE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.events:
        _TARGET.update(SYNTHETIC)
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    if args.drive:
        drive(int(args.drive[0]), args.connections, args.seconds, args.drive[1], args.drive[2])
        return
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "adapters" / "cli"), str(ROOT / "adapters/http")]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        token, login = build_store(db, args.events, _TARGET["unit"])
        build_s = time.perf_counter() - t0
        port = free_port()
        env = _path_env()
        server = subprocess.Popen(
            [sys.executable, str(HERE), "--serve", str(db), str(port)], env=env
        )
        try:
            _wait_until_up(port, 30.0 + args.events / 1_000)  # the stored index is caught up first
            cookie = session_cookie(port, login)
            out = subprocess.run(
                [
                    sys.executable,
                    str(HERE),
                    "--drive",
                    str(port),
                    token,
                    cookie,
                    "--seconds",
                    str(args.seconds),
                    "--connections",
                    str(args.connections),
                    "--events",
                    str(args.events),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    phases = json.loads(out.stdout.strip().splitlines()[-1])
    trivial, report, write = phases["trivial"], phases["report"], phases["write"]
    session, board = phases["session"], phases["board"]
    print(json.dumps(phases, indent=2))
    print(
        json.dumps(
            {
                "events": args.events or "demo",
                "build_s": round(build_s, 2),
                "connections": args.connections,
                "seconds": args.seconds,
                "trivial_p50_ms": trivial["p50_ms"],
                "report_p50_ms": report["p50_ms"],
                "write_p99_ms": write["p99_ms"],
                "errors": sum(p["errors"] for p in phases.values()),
                "report_rps": report["rps"],
                "trivial_rps": trivial["rps"],
                "ratio": round(report["rps"] / trivial["rps"], 3) if trivial["rps"] else 0.0,
                "report_p99_ms": report["p99_ms"],
                "session_page_p50_ms": session["p50_ms"],
                "session_page_p99_ms": session["p99_ms"],
                "board_page_p50_ms": board["p50_ms"],
                "board_page_p99_ms": board["p99_ms"],
                "write_rps": write["rps"],
            }
        )
    )


if __name__ == "__main__":
    main()
