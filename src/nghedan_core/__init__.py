"""nghedan_core — the event-sourced domain of "Nghe dân nói – Làm dân tin".

Send commands to `NgheDan.handle`; every command, event, value and error class is
importable from here::

    from nghedan_core import NgheDan, RegisterUnit, UnitKind
    app = NgheDan("sqlite:///nghedan.db")
    app.handle(RegisterUnit(code="29500", name="Xã Ninh Thới", kind=UnitKind.COMMUNE))

The core imports only eventsourcing, attrs and cattrs.
"""

from __future__ import annotations

from nghedan_core import errors, policies, values
from nghedan_core.aggregates import AGGREGATES, COMMANDS, EVENT_TOPICS, Command, Event
from nghedan_core.aggregates.complaint import *  # noqa: F403
from nghedan_core.aggregates.fund import *  # noqa: F403
from nghedan_core.aggregates.household import *  # noqa: F403
from nghedan_core.aggregates.official import *  # noqa: F403
from nghedan_core.aggregates.session import *  # noqa: F403
from nghedan_core.aggregates.unit import *  # noqa: F403
from nghedan_core.aggregates.visit import *  # noqa: F403
from nghedan_core.aggregates.volunteer import *  # noqa: F403
from nghedan_core.application import NgheDan
from nghedan_core.config import PolicyConfig, load_policy_config
from nghedan_core.errors import (
    AlreadyExistsError,
    ConcurrencyConflictError,
    DomainError,
    InvalidInputError,
    InvalidStateError,
    NotFoundError,
    RuleViolatedError,
)
from nghedan_core.serialization import (
    CONVERTER,
    Recorded,
    structure,
    structure_command,
    unstructure,
)
from nghedan_core.storage import DEFAULT_DATABASE_URL
from nghedan_core.values import *  # noqa: F403

__version__ = "0.1.0.dev0"
