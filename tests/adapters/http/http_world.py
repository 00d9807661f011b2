"""The HTTP adapter's test world: recorded data, the app, a token for each role.

Imported by the tests (a unique module name: several test folders have a conftest.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from uuid import UUID, uuid4

import attrs

ROOT = Path(__file__).resolve().parents[3]
if importlib.util.find_spec("nghedan_http") is None:  # before `pip install -e .` picks it up
    sys.path.insert(0, str(ROOT / "adapters" / "http"))

with warnings.catch_warnings():
    # starlette 1.x prefers httpx2 for its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from nghedan_core import (  # noqa: E402
    Appointment,
    Command,
    ComplaintCategory,
    NgheDan,
    OfficialRole,
    Person,
    RaiseComplaint,
    Recorded,
    RecordReason,
    RegisterOfficial,
    RegisterUnit,
    TakeOnRecord,
    UnitKind,
)
from nghedan_core.values import VIETNAM_TZ  # noqa: E402
from nghedan_http import TokenStore, create_app  # noqa: E402

from world import COMMUNE, HAMLETS, MONTH, World, at, build_world  # noqa: E402

OTHER = "29501"
NOW = datetime(2024, 3, 20, 9, tzinfo=VIETNAM_TZ)
#: when the world's history was recorded: the day of its last act (4 March 2024)
RECORDED = datetime(2024, 3, 4, 12, tzinfo=VIETNAM_TZ)
CITIZEN = "Nguyễn Thị Mười"
CITIZEN_PHONE = "0912345678"
HEAD = "Thạch Thị Hoa"


@attrs.frozen
class Setup:
    """What the tests work with."""

    app: NgheDan
    client: TestClient
    world: World
    complaint: UUID
    inspector: UUID
    tokens: dict[str, str]

    def auth(self, who: str) -> dict[str, str]:
        """Headers for the token called `who`."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@contextmanager
def recorded_on(app: NgheDan, moment: datetime = RECORDED) -> Iterator[None]:
    """`app`'s clock reads `moment` meanwhile: acts of the setup recorded on their day."""
    clock = app.clock
    app.clock = lambda: moment
    try:
        yield
    finally:
        app.clock = clock


def given(app: NgheDan, command: Command) -> tuple[Recorded, ...]:
    """Record a fact of a test's setup on its own day (the clock at its business time)."""
    with recorded_on(app, command.occurred_at or RECORDED):
        return app.handle(command)


def record_world(app: NgheDan) -> tuple[World, UUID, UUID]:
    """The shared test world, a second commune, an inspector and one complaint on record.

    Recorded on 4 March 2024, the day of its last act (`RECORDED`), whatever `app`'s clock
    reads afterwards: the clock-bound rules (ADR 0019) see a history recorded live.
    """
    with recorded_on(app):
        return _record_world(app)


def _record_world(app: NgheDan) -> tuple[World, UUID, UUID]:
    world = build_world(app)
    app.handle(
        RegisterUnit(
            code=OTHER, name="Xã Hòa Ân", kind=UnitKind.COMMUNE, parent="94", occurred_at=at(1)
        )
    )
    inspector = uuid4()
    app.handle(
        RegisterOfficial(
            official_id=inspector,
            unit="94",
            full_name="Kim Văn Sơn",
            position="Ủy viên Ban Thường vụ",
            roles=frozenset({OfficialRole.SUPERVISOR}),
            occurred_at=at(1),
        )
    )
    complaint = uuid4()
    app.handle(
        RaiseComplaint(
            complaint_id=complaint,
            unit=COMMUNE,
            month=MONTH,
            hamlet=HAMLETS[0],
            citizen=Person(
                person_id=uuid4(), full_name=CITIZEN, phone=CITIZEN_PHONE, address="Ấp Ô Rồm"
            ),
            category=ComplaintCategory.INFRASTRUCTURE,
            content="Đường vào ấp bị sạt lở, đề nghị sửa chữa.",
            occurred_at=at(4, 9),
        )
    )
    app.handle(
        TakeOnRecord(
            complaint_id=complaint,
            reason=RecordReason.NEEDS_VERIFICATION,
            appointment=Appointment(at=at(15, 9), place="UBND xã Ninh Thới"),
            responsible="Văn phòng UBND xã",
            occurred_at=at(4, 10),
        )
    )
    return world, complaint, inspector


def official(app: NgheDan, unit: str, name: str, role: OfficialRole) -> UUID:
    """Register one more official of `unit`; its id."""
    oid = uuid4()
    with recorded_on(app):
        _register(app, oid, unit, name, role)
    return oid


def _register(app: NgheDan, oid: UUID, unit: str, name: str, role: OfficialRole) -> None:
    app.handle(
        RegisterOfficial(
            official_id=oid,
            unit=unit,
            full_name=name,
            position="Cán bộ",
            roles=frozenset({role}),
            occurred_at=at(1),
        )
    )


def issue_tokens(app: NgheDan, world: World, inspector: UUID) -> dict[str, str]:
    """One token for each official the tests act as, issued for that official."""
    store = TokenStore(app)
    officials = {
        "clerk": world.clerk,
        "leader": world.chair,
        "deputy": world.deputy,
        "mttq": official(app, COMMUNE, "Huỳnh Thị Mai", OfficialRole.MTTQ),
        "supervisor": inspector,
        "other_clerk": official(app, OTHER, "Lâm Văn Tư", OfficialRole.CLERK),
        "other_leader": official(app, OTHER, "Châu Thị Năm", OfficialRole.LEADER),
    }
    tokens = {}
    for name, oid in officials.items():
        issued = store.issue_for(oid)
        assert issued is not None
        tokens[name] = issued[0]
    return tokens


def make_setup(url: str = "memory://", **kwargs: object) -> Setup:
    app = NgheDan(url, clock=lambda: NOW)
    world, complaint, inspector = record_world(app)
    tokens = issue_tokens(app, world, inspector)
    client = TestClient(create_app(app, freshness=0.0, **kwargs))  # type: ignore[arg-type]
    return Setup(app, client, world, complaint, inspector, tokens)


@contextlib.contextmanager
def serving(app: NgheDan) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, in a thread; its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = uvicorn.Config(create_app(app), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            msg = "uvicorn did not start"
            raise RuntimeError(msg)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
