"""Who may send which command, and for which units (see ``docs/security.md``).

Every token has a role and a unit. A command is allowed when the token's role is listed for
it in `COMMAND_ROLES` **and** every unit the command touches lies within the token's unit
(the unit itself, the units below it, or units merged into it). The unit a command touches
is read from the command (``unit``, ``parent``, ``to_unit``...) or, for commands that only
name a record (``complaint_id``, ``household_id``...), from that record's current state.
"""

from __future__ import annotations

from typing import Final

from nghedan_core import COMMANDS, Command, NgheDan, SessionLevel
from nghedan_http.auth import Role

__all__ = [
    "ACTING_FIELDS",
    "COMMAND_ROLES",
    "ERASE_ROLES",
    "READ_ROLES",
    "SUPERVISORY_ONLY",
    "allowed_roles",
    "units_of",
]

_C, _L, _S, _M = Role.CLERK, Role.LEADER, Role.SUPERVISOR, Role.MTTQ

#: the clerk records what happened in its unit
_CLERK: Final = frozenset(
    {
        "RegisterUnit",
        "RegisterOfficial",
        "DeclareRelative",
        "TransferOfficial",
        "LeaveOffice",
        "ScheduleSession",
        "RescheduleSession",
        "HoldFlagCeremony",
        "ReviewMonth",
        "HearProposal",
        "HoldReception",
        "CloseSession",
        "CancelSession",
        "RaiseComplaint",
        "TakeOnRecord",
        "ReferComplaint",
        "RescheduleAppointment",
        "RecordCitizenFeedback",
        "WithdrawComplaint",
        "OpenFund",
        "PledgeContribution",
        "ReceiveContribution",
        "CancelPledge",
        "RequestPayment",
        "RejectPayment",
        "PublishDisclosure",
        "RegisterHousehold",
        "AssessHousehold",
        "DeliverSupport",
        "DeregisterHousehold",
        "PlanVisit",
        "ConductVisit",
        "CancelVisit",
        "PlanVolunteerWork",
        "NotifyVolunteers",
        "CompleteVolunteerWork",
        "CancelVolunteerWork",
    }
)
#: leaders answer, select and approve
_LEADER: Final = frozenset(
    {
        "AnswerOnSpot",
        "AnswerComplaint",
        "ResolveComplaint",
        "ReopenComplaint",
        "TakeOnRecord",
        "ReferComplaint",
        "RescheduleAppointment",
        "SelectHousehold",
        "AssessHousehold",
        "MakeDisbursement",
        "RequestPayment",
        "ApprovePayment",
        "RejectPayment",
        "ReverseDisbursement",
        "ConductVisit",
        "CommendOfficial",
        "RemindOfficial",
        "CloseSession",
        "PublishDisclosure",
    }
)
#: the supervising level inspects, administers units and officials below it, and holds
#: its own (supervisory-level) sessions
_SUPERVISOR: Final = frozenset(
    {
        "InspectSession",
        "RegisterUnit",
        "RenameUnit",
        "MergeUnit",
        "RegisterOfficial",
        "TransferOfficial",
        "LeaveOffice",
    }
)
#: session commands the supervising level may send for its own, supervisory, sessions
SUPERVISORY_ONLY: Final = frozenset(
    {
        "ScheduleSession",
        "RescheduleSession",
        "HoldFlagCeremony",
        "ReviewMonth",
        "HearProposal",
        "CommendOfficial",
        "RemindOfficial",
        "HoldReception",
        "CloseSession",
        "CancelSession",
        "RaiseComplaint",
    }
)
#: commands that name the official acting in person (ADR 0017): the field must name the
#: token's own official (a list field: that official alone; an empty list names no act)
ACTING_FIELDS: Final = {
    "RequestPayment": "requested_by",
    "ApprovePayment": "approver",
    "RejectPayment": "rejected_by",
    "MakeDisbursement": "approvers",
    "ConductVisit": "approvers",
}
#: MTTQ / People's Inspectorate supervise the answers given to citizens
_MTTQ: Final = frozenset({"NoteSupervision"})

COMMAND_ROLES: Final[dict[str, frozenset[Role]]] = {
    cls.__name__: frozenset(
        role
        for role, names in (
            (_C, _CLERK),
            (_L, _LEADER),
            (_S, _SUPERVISOR | SUPERVISORY_ONLY),
            (_M, _MTTQ),
        )
        if cls.__name__ in names
    )
    for cls in COMMANDS
}

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
    name = type(command).__name__
    roles = COMMAND_ROLES.get(name, frozenset())
    level = getattr(command, "level", None)
    if name in SUPERVISORY_ONLY and name not in _SUPERVISOR and level != SessionLevel.SUPERVISORY:
        roles = roles - {_S}
    return roles


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
