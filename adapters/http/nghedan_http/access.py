"""Who may send which command, and read which view (see ``docs/security.md``).

A write is carried out by the token's official: the core checks them against its authority
table (`nghedan_core.authority`, ADR 0015, 0018) — `NgheDan.check_actor` and `handle(...,
actor=…)` — and the API answers its refusals as 403 ``auth.role_forbidden`` /
``auth.out_of_scope``. `COMMAND_ROLES` lists the table's roles by name (the OpenAPI
document and ``GET /api/v1/commands`` show them); `ACTING_FIELDS` are the core's acts in
person (`nghedan_core.authority.OWN_ACTS`), by command name.
"""

from __future__ import annotations

from typing import Final

from nghedan_core import COMMANDS, Command, SessionLevel
from nghedan_core.authority import ERASURE, OWN_ACTS, Grant, grant_of
from nghedan_core.values import OfficialRole
from nghedan_http.auth import Role

__all__ = [
    "ACTING_FIELDS",
    "COMMAND_ROLES",
    "ERASE_ROLES",
    "READ_ROLES",
    "SUPERVISORY_ONLY",
    "allowed_roles",
]

_C, _L, _S, _M = Role.CLERK, Role.LEADER, Role.SUPERVISOR, Role.MTTQ

#: commands that name the official acting in person (ADR 0017): the field must name the
#: token's own official (a list field: that official alone; an empty list names no act)
ACTING_FIELDS: Final = {cls.__name__: field for cls, field in OWN_ACTS.items()}


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

#: who may erase a person's personal data (`POST /api/v1/people/{id}/erase`): the token
#: roles of the core's `nghedan_core.authority.ERASURE` (the People's Committee's leaders,
#: who answer for the unit's data); the core checks the official, their unit and the units
#: holding the data
ERASE_ROLES: Final = _roles(ERASURE)

#: GET views that need a token, and the roles that may read them. MTTQ reads what it
#: supervises: a session's dossier (the complaints heard and the answers given, ADR 0015);
#: the households' histories stay with the unit's staff and the supervising level
READ_ROLES: Final[dict[str, frozenset[Role]]] = {
    "dossier": frozenset({_C, _L, _S, _M}),
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
