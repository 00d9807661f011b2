"""Shared test settings: hypothesis profiles, the scenario clock, who tests act as."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID, uuid5

import pytest
from hypothesis import HealthCheck, settings

from nghedan_core import NgheDan as _NgheDan
from nghedan_core import application
from nghedan_core._streams import Streams
from nghedan_core.aggregates import COMMANDS as _COMMANDS
from nghedan_core.aggregates import Command

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


# --- the clock of the tests -----------------------------------------------------------------


class ScenarioClock:
    """The clock of an application opened without one, in tests: the scenario's time.

    Most tests record a world dated in 2024 as their setup, command by command, as a clerk
    would have recorded it then: this clock reads the business time of the command being
    handled (the last one's for a command that carries none), so each act is recorded at
    its own time and the clock-bound rules (ADR 0019) see a history recorded live. Tests of
    those rules `pin` it (through the CLI) or give their application its own clock.
    """

    def __init__(self) -> None:
        """Follow the commands, starting from the system's clock."""
        self.now: datetime | None = None
        self.pinned: datetime | None = None

    def __call__(self) -> datetime:
        """The time now, for the application."""
        return self.pinned or self.now or datetime.now(UTC)

    def pin(self, moment: datetime | None) -> None:
        """Stop following the commands: the clock reads `moment` (None: follow again)."""
        self.pinned = moment

    def follow(self, command: Command) -> None:
        """Move to `command`'s business time, if it carries one."""
        if command.occurred_at is not None:
            self.now = command.occurred_at


#: the one clock of every application opened without one in this test run
SCENARIO_CLOCK = ScenarioClock()


@pytest.fixture(autouse=True, scope="session")
def _scenario_clock_installed() -> Iterator[None]:
    """Applications opened without a clock follow the scenario (module fixtures' too)."""
    clock = SCENARIO_CLOCK
    timed = Streams._timed  # where a command's time is first read

    def following(self: Streams, command: Command) -> Command:
        if self.clock is clock:
            clock.follow(command)
        return timed(self, command)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(application, "system_clock", clock)
        patch.setattr(Streams, "_timed", following)
        yield


@pytest.fixture(autouse=True)
def scenario_clock() -> Iterator[ScenarioClock]:
    """The scenario clock, following the commands again after this test."""
    yield SCENARIO_CLOCK
    SCENARIO_CLOCK.pin(None)


# --- the acting person (ADR 0018) -----------------------------------------------------------
#
# The core refuses a write without an actor. Tests written before actors existed send
# commands with `app.handle(command)`; this fixture makes such a call act as someone the
# record admits for that command — the official it names as acting in person, else a
# serving official of the command's unit holding a role the command's grant admits, else
# the administrator (the store is started by one the first time nobody else may act).
# A test that pins the refusals asks for `strict_actors` and gets the core as it is.

#: the administrator the tests start their stores with
TEST_ADMIN = UUID("00000000-0000-4000-8000-0000000000ad")

_ORIGINAL_HANDLE = _NgheDan.handle
_ORIGINAL_HANDLE_MANY = _NgheDan.handle_many


def acting_for(app, command):
    """Who a test acts as for `command` (starting the store with an administrator if need be)."""
    found = app.actors_for(command)
    if found:
        return found[0]
    # nobody may: act as the one the command names as acting in person, so that the test
    # meets the core's refusal of them
    from nghedan_core.authority import OWN_ACTS

    field = OWN_ACTS.get(type(command))
    named = getattr(command, field) if field is not None else None
    named = named[0] if isinstance(named, tuple) and named else named
    if named is not None and not isinstance(named, tuple):
        return named
    started = app.administrator()
    if started is None:
        if app.max_position():
            return None  # a store started before administrators: the core's refusal
        administrator = app.start_record("Quản trị viên kiểm thử", administrator_id=TEST_ADMIN)
    else:
        administrator = started.administrator_id
    # nobody of the record may: a test official of the command's unit, holding every role
    # the command's grant admits, registered by the administrator
    from nghedan_core import OfficialRole, RegisterOfficial
    from nghedan_core.authority import command_units, grant_of

    roles = grant_of(type(command)).allowed(supervisory_level=True)
    units = [u for u in command_units(command, app._lookup) if u is not None]
    if not roles or not units or app.unit_info(units[0]) is None:
        return administrator
    # the same official for the same unit and roles, so two stores built alike are alike
    official = uuid5(TEST_ADMIN, f"{units[0]}:{','.join(sorted(roles))}")
    try:
        _ORIGINAL_HANDLE(
            app,
            RegisterOfficial(
                official_id=official,
                unit=units[0],
                full_name="Cán bộ kiểm thử",
                position="Cán bộ",
                roles=frozenset(OfficialRole(r) for r in roles),
                occurred_at=getattr(command, "occurred_at", None),
            ),
            actor=administrator,
        )
    except Exception:  # noqa: BLE001 - then the administrator meets the core's refusal
        return administrator
    return official


def _handle(self, command, *, actor=None):
    if actor is None and type(command) in _COMMANDS:
        actor = acting_for(self, command)
    return _ORIGINAL_HANDLE(self, command, actor=actor)


def _handle_many(self, commands, *, actor=None, actors=None, group=True, imported=False):
    if actor is not None or actors is not None:
        return _ORIGINAL_HANDLE_MANY(
            self, commands, actor=actor, actors=actors, group=group, imported=imported
        )
    return _ORIGINAL_HANDLE_MANY(
        self, commands, actors=_plan(self, commands), group=group, imported=imported
    )


_ID_FIELDS = ("complaint_id", "household_id", "work_id", "visit_id", "official_id")


def _plan(app, commands):
    """Who acts for each command of a batch, the batch's own registrations included.

    As `acting_for`, but officials registered earlier in the batch act for its later
    commands, so that the batch stays one group commit.
    """
    from nghedan_core import RegisterOfficial
    from nghedan_core.authority import OWN_ACTS, command_units, grant_of

    if not commands:
        return []
    started = app.administrator()
    if started is None and app.max_position() == 0:
        administrator = app.start_record("Quản trị viên kiểm thử", administrator_id=TEST_ADMIN)
    else:
        administrator = None if started is None else started.administrator_id
    officials = {}  # official -> (unit, roles), in the order registered
    for official_id in app.official_ids():
        info = app.official_info(official_id)
        if info is not None and info.active:
            officials[official_id] = (info.unit, set(info.roles))
    unit_of = {}
    planned = []
    for command in commands:
        ids = [getattr(command, f) for f in _ID_FIELDS if hasattr(command, f)]
        unit = getattr(command, "unit", None)
        if not isinstance(unit, str):
            unit = next((unit_of[i] for i in ids if i in unit_of), None)
        if unit is None:
            found = [u for u in command_units(command, app._lookup) if u is not None]
            unit = found[0] if found else None
        if unit is not None:
            for i in ids:
                unit_of.setdefault(i, unit)
        grant = grant_of(type(command))
        field = OWN_ACTS.get(type(command))
        named = getattr(command, field) if field is not None else None
        if named:
            who = named[0] if isinstance(named, tuple) else named
        elif grant.administrator and type(command).__module__.endswith(("unit", "official")):
            who = administrator
        else:
            allowed = {r.value for r in grant.allowed(supervisory_level=True)}
            who = next(
                (o for o, (u, roles) in officials.items() if u == unit and roles & allowed),
                None,
            )
            if who is None:
                who = acting_for(app, command)
                info = None if who is None else app.official_info(who)
                if info is not None:
                    officials[who] = (info.unit, set(info.roles))
        if isinstance(command, RegisterOfficial):
            officials[command.official_id] = (command.unit, {r.value for r in command.roles})
        planned.append(who)
    return planned


# installed when the tests are collected (some modules build their store at import time)
_NgheDan.handle = _handle  # type: ignore[method-assign]
_NgheDan.handle_many = _handle_many  # type: ignore[method-assign]


@pytest.fixture
def strict_actors(monkeypatch):
    """The core as it is: a command without an actor is refused."""
    monkeypatch.setattr(_NgheDan, "handle", _ORIGINAL_HANDLE)
    monkeypatch.setattr(_NgheDan, "handle_many", _ORIGINAL_HANDLE_MANY)
