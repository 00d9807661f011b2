"""Shared test settings: hypothesis profiles (CI runs more examples); who tests act as."""

import os
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, settings

from nghedan_core import NgheDan as _NgheDan
from nghedan_core.aggregates import COMMANDS as _COMMANDS
from nghedan_core.errors import ActorError as _ActorError

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


# --- the acting person (ADR 0018) -----------------------------------------------------------
#
# The core refuses a write without an actor. Tests written before actors existed send
# commands with `app.handle(command)`; this fixture makes such a call act as someone the
# record admits for that command — the official it names as acting in person, else a
# serving official of the command's unit holding a role the command's grant admits, else
# the administrator (the store is started by one the first time nobody else may act).
# A test that pins the refusals asks for `strict_actors` and gets the core as it is.

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
        administrator = app.start_record("Quản trị viên kiểm thử")
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
    official = uuid4()
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


def _handle_many(self, commands, *, actor=None, group=True):
    if actor is not None:
        return _ORIGINAL_HANDLE_MANY(self, commands, actor=actor, group=group)
    from nghedan_core._group import BatchResult

    done = []
    rest = list(commands)
    while rest:
        who = acting_for(self, rest[0])
        result = _ORIGINAL_HANDLE_MANY(self, rest, actor=who, group=group)
        done.extend(result.recorded)
        if result.error is None:
            return BatchResult(tuple(done))
        if isinstance(result.error, _ActorError) and result.recorded:
            rest = rest[len(result.recorded) :]  # someone else acts from here on
            continue
        return BatchResult(tuple(done), result.error)
    return BatchResult(tuple(done))


# installed when the tests are collected (some modules build their store at import time)
_NgheDan.handle = _handle  # type: ignore[method-assign]
_NgheDan.handle_many = _handle_many  # type: ignore[method-assign]


@pytest.fixture
def strict_actors(monkeypatch):
    """The core as it is: a command without an actor is refused."""
    monkeypatch.setattr(_NgheDan, "handle", _ORIGINAL_HANDLE)
    monkeypatch.setattr(_NgheDan, "handle_many", _ORIGINAL_HANDLE_MANY)
