"""Who may send which command, and for which units (see ``docs/security.md``).

Every token has a role and a unit. A command is allowed when the core's authority table
(`nghedan_core.authority`, ADR 0015) grants it to the token's role **and** every unit the
command touches lies within the token's unit (the unit itself, the units below it, or units
merged into it): `check` asks the core. `COMMAND_ROLES` lists the table's roles by name.
The unit a command touches is read from the command (``unit``, ``parent``, ``to_unit``...)
or, for commands that only name a record (``complaint_id``, ``household_id``...), from that
record's current state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from nghedan_core import COMMANDS, Command, NgheDan, SessionLevel
from nghedan_core.authority import Grant, grant_of, may_act
from nghedan_core.errors import Violation
from nghedan_core.values import OfficialRole
from nghedan_http.auth import Role

__all__ = [
    "ACTING_FIELDS",
    "COMMAND_ROLES",
    "ERASE_ROLES",
    "READ_ROLES",
    "SUPERVISORY_ONLY",
    "allowed_roles",
    "check",
    "units_of",
]

_C, _L, _S, _M = Role.CLERK, Role.LEADER, Role.SUPERVISOR, Role.MTTQ

#: commands that name the official acting in person (ADR 0017): the field must name the
#: token's own official (a list field: that official alone; an empty list names no act)
ACTING_FIELDS: Final = {
    "RequestPayment": "requested_by",
    "ApprovePayment": "approver",
    "RejectPayment": "rejected_by",
    "MakeDisbursement": "approvers",
    "ConductVisit": "approvers",
}


def _roles(grant: Grant, *, supervisory_level: bool = False) -> frozenset[Role]:
    """The token roles a grant of the core admits (a token's role is an `OfficialRole`)."""
    return frozenset(
        r
        for r in Role
        if OfficialRole(r.value) in grant.allowed(supervisory_level=supervisory_level)
    )


#: the roles that may send each command (the supervising level's only for its sessions),
#: read from the core's table `nghedan_core.authority.AUTHORITY`
COMMAND_ROLES: Final[dict[str, frozenset[Role]]] = {
    cls.__name__: _roles(grant_of(cls), supervisory_level=True) for cls in COMMANDS
}

#: session commands the supervising level may send only for its own, supervisory, sessions
SUPERVISORY_ONLY: Final = frozenset(
    cls.__name__ for cls in COMMANDS if grant_of(cls).supervisory - grant_of(cls).roles
)

#: who may erase a person's personal data (`POST /api/v1/people/{id}/erase`): the
#: People's Committee's leaders, who answer for the unit's data
ERASE_ROLES: Final = frozenset({_L})

#: GET views that need a token, and the roles that may read them
READ_ROLES: Final[dict[str, frozenset[Role]]] = {
    "dossier": frozenset({_C, _L, _S}),
    "households": frozenset({_C, _L, _S}),
    "complaints": frozenset({_C, _L, _S, _M}),
    "public": frozenset({_C, _L, _S, _M}),
}


def allowed_roles(command: Command) -> frozenset[Role]:
    """The roles that may send `command` (supervisors only for supervisory sessions)."""
    return _roles(
        grant_of(type(command)),
        supervisory_level=getattr(command, "level", None) is SessionLevel.SUPERVISORY,
    )


def check(
    role: Role,
    command: Command,
    *,
    scope: str,
    units: tuple[str | None, ...],
    covers: Callable[[str, str], bool],
) -> Violation | None:
    """The core's refusal of `command` sent with a token of `role` for `scope`, if any."""
    found = may_act(
        OfficialRole(role.value), command, scope_unit=scope, command_units=units, covers=covers
    )
    return found[0] if found else None


def units_of(app: NgheDan, command: Command) -> tuple[str | None, ...]:
    """The units `command` touches (None: the record it names does not exist yet/at all)."""
    name = type(command).__name__
    if name == "RegisterUnit":
        return (getattr(command, "parent", None),)
    if name in {"RenameUnit", "MergeUnit"}:
        units: tuple[str | None, ...] = (getattr(command, "code", None),)
        if name == "MergeUnit":
            units += (getattr(command, "into", None),)
        return units
    if name == "TransferOfficial":
        return (*_record_unit(app, command), getattr(command, "to_unit", None))
    unit = getattr(command, "unit", None)
    if isinstance(unit, str):
        return (unit,)
    return _record_unit(app, command)


def _record_unit(app: NgheDan, command: Command) -> tuple[str | None, ...]:
    aggregate = COMMANDS[type(command)]
    state = app.state(aggregate, aggregate.stream_id(command))
    unit = getattr(state, "unit", None)
    return (unit if isinstance(unit, str) else None,)
