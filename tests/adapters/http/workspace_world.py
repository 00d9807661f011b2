"""The workspace's test world: the HTTP test world at 1 April 2024, an account per official.

Imported by the workspace tests (TestClient and browser). The clock starts at 07:30 on
Monday 1 April 2024 (Vietnam time) and moves one second at each reading, so the day's acts
come in order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import attrs
from argon2 import PasswordHasher
from http_world import OTHER, given, official, record_world

from nghedan_core import (
    AnswerComplaint,
    AssessHousehold,
    DeclareRelative,
    HouseholdCategory,
    NgheDan,
    OfficialRole,
    Person,
    RegisterHousehold,
)
from nghedan_core.values import VIETNAM_TZ
from nghedan_http.workspace import AccountStore

from world import COMMUNE, World, at

START = datetime(2024, 4, 1, 7, 30, tzinfo=VIETNAM_TZ)
#: every account's password once its first sign-in changed it
PASSWORD = "mat-khau-cua-toi-2024"  # noqa: S105 - a test password


def ticking(start: datetime = START) -> Callable[[], datetime]:
    """A clock that moves one second at each reading."""
    tick = itertools.count()
    return lambda: start + timedelta(seconds=next(tick))


@attrs.frozen
class Workplace:
    """What the workspace tests work with."""

    app: NgheDan
    world: World
    complaint: UUID
    other_household: UUID
    #: name -> (login, password)
    logins: dict[str, tuple[str, str]]
    officials: dict[str, UUID]


def make_workplace(app: NgheDan, *, keep_initial: tuple[str, ...] = ("clerk",)) -> Workplace:
    """Record the world; an account for each official (initial password kept for some)."""
    world, complaint, inspector = record_world(app)
    officials = {
        "clerk": world.clerk,
        "chair": world.chair,
        "deputy": world.deputy,
        "mttq": official(app, COMMUNE, "Huỳnh Thị Mai", OfficialRole.MTTQ),
        "supervisor": inspector,
        "other_clerk": official(app, OTHER, "Lâm Văn Tư", OfficialRole.CLERK),
    }
    given(
        app,
        AnswerComplaint(
            complaint_id=complaint,
            answer="Đã khảo sát; huyện bố trí kinh phí sửa đường trong quý II.",
            answered_by=world.chair,
            basis="Kế hoạch đầu tư công năm 2024",
            occurred_at=at(20, 9),
        ),
    )
    # the deputy is the brother of one household's head: she must recuse from its selection
    given(
        app,
        DeclareRelative(
            official_id=world.deputy,
            relation="em ruột của chủ hộ",
            household_id=world.other_household,
            occurred_at=at(2),
        ),
    )
    given(
        app,
        AssessHousehold(
            household_id=world.other_household,
            criteria=("nhà tạm", "không có lao động"),
            score=80,
            assessed_by=world.chair,
            occurred_at=at(3),
        ),
    )
    other_household = uuid4()
    given(
        app,
        RegisterHousehold(
            household_id=other_household,
            unit=OTHER,
            head=Person(person_id=uuid4(), full_name="Kiên Thị Sáu"),
            categories=frozenset({HouseholdCategory.POOR}),
            occurred_at=at(1),
        ),
    )
    # cheap argon2 parameters for the test accounts (the server's own hashes use the defaults)
    store = AccountStore(app, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    logins = {}
    for name, oid in officials.items():
        created = store.create(oid)
        assert created is not None
        password, account = created
        if name not in keep_initial:
            store.change_password(account.login, PASSWORD)
            password = PASSWORD
        logins[name] = (account.login, password)
    return Workplace(
        app=app,
        world=world,
        complaint=complaint,
        other_household=other_household,
        logins=logins,
        officials=officials,
    )
