"""Shared test settings: hypothesis profiles (CI runs more examples), the scenario clock."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, settings

from nghedan_core import application
from nghedan_core._streams import Streams
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
