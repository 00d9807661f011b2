"""The authority table: which roles may carry out each command class (ADR 0015).

`AUTHORITY` maps every command class of `nghedan_core.COMMANDS` to a
`nghedan_core.policies.authority.Grant`:

- clerks (``clerk``) record what happened in their unit: units, officials, sessions,
  complaints taken in, the fund's receipts and disclosures, households, visits, volunteers;
- leaders (``leader``) answer, select, assess, approve (pay and reverse), close and publish;
- the supervising level (``supervisor``) inspects, administers the units and officials below
  it, and holds its own (supervisory-level) sessions (``Grant.supervisory``);
- MTTQ and the People's Inspectorate (``mttq``, ``inspectorate``) note supervision of the
  answers given to citizens; they neither pay nor answer.

`may_act(role, command, scope_unit=..., command_units=..., covers=...)` asks the rule for one
command (a supervisory-level session admits the ``supervisory`` roles). The adapters ask it
(the HTTP API answers its refusals with 403 ``auth.role_forbidden`` / ``auth.out_of_scope``);
who may be *named* on an act is checked by the aggregates themselves
(`nghedan_core.policies.authority.check_named`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final

from nghedan_core.aggregates import COMMANDS, Command, Lookup, OfficialInfo
from nghedan_core.aggregates import complaint as c
from nghedan_core.aggregates import fund as f
from nghedan_core.aggregates import household as h
from nghedan_core.aggregates import official as o
from nghedan_core.aggregates import session as s
from nghedan_core.aggregates import unit as u
from nghedan_core.aggregates import visit as v
from nghedan_core.aggregates import volunteer as w
from nghedan_core.errors import Violation
from nghedan_core.policies import authority as policy
from nghedan_core.policies.authority import Grant
from nghedan_core.values import OfficialRole, SessionLevel

__all__ = [
    "AUTHORITY",
    "OWN_ACTS",
    "SETUP_TOPICS",
    "Grant",
    "actor_refusal",
    "command_units",
    "covers",
    "grant_of",
    "may_act",
    "roles_recording",
]

_C, _L, _S, _M, _I = (
    OfficialRole.CLERK,
    OfficialRole.LEADER,
    OfficialRole.SUPERVISOR,
    OfficialRole.MTTQ,
    OfficialRole.INSPECTORATE,
)


def _g(
    *roles: OfficialRole, supervisory: Iterable[OfficialRole] = (), setup: bool = False
) -> Grant:
    return Grant(roles=frozenset(roles), supervisory=frozenset(supervisory), administrator=setup)


#: sessions the supervising level may also hold itself, at its supervisory-level points
_SUP = (_S,)

AUTHORITY: Final[Mapping[type[Command], Grant]] = {
    # units and officials: recorded by the unit's clerks, administered from above, and set
    # up by the administrator who started the store (``setup``)
    u.RegisterUnit: _g(_C, _S, setup=True),
    u.RenameUnit: _g(_S, setup=True),
    u.MergeUnit: _g(_S, setup=True),
    o.RegisterOfficial: _g(_C, _S, setup=True),
    o.DeclareRelative: _g(_C, setup=True),
    o.TransferOfficial: _g(_C, _S, setup=True),
    o.LeaveOffice: _g(_C, _S, setup=True),
    # sessions
    s.ScheduleSession: _g(_C, supervisory=_SUP),
    s.RescheduleSession: _g(_C, supervisory=_SUP),
    s.HoldFlagCeremony: _g(_C, supervisory=_SUP),
    s.ReviewMonth: _g(_C, supervisory=_SUP),
    s.HearProposal: _g(_C, supervisory=_SUP),
    s.CommendOfficial: _g(_L, supervisory=_SUP),
    s.RemindOfficial: _g(_L, supervisory=_SUP),
    s.HoldReception: _g(_C, supervisory=_SUP),
    s.CloseSession: _g(_C, _L, supervisory=_SUP),
    s.CancelSession: _g(_C, supervisory=_SUP),
    s.InspectSession: _g(_S),
    # complaints: clerks take them in, leaders answer, MTTQ supervises
    c.RaiseComplaint: _g(_C, supervisory=_SUP),
    c.AnswerOnSpot: _g(_L),
    c.TakeOnRecord: _g(_C, _L),
    c.ReferComplaint: _g(_C, _L),
    c.RescheduleAppointment: _g(_C, _L),
    c.AnswerComplaint: _g(_L),
    c.ResolveComplaint: _g(_L),
    c.RecordCitizenFeedback: _g(_C),
    c.ReopenComplaint: _g(_L),
    c.NoteSupervision: _g(_M, _I),
    c.WithdrawComplaint: _g(_C),
    # the fund: clerks record receipts, leaders pay
    f.OpenFund: _g(_C),
    f.PledgeContribution: _g(_C),
    f.ReceiveContribution: _g(_C),
    f.CancelPledge: _g(_C),
    f.MakeDisbursement: _g(_L),
    # a payment asked for by a clerk or a leader, approved by leaders each acting themselves
    f.RequestPayment: _g(_C, _L),
    f.ApprovePayment: _g(_L),
    f.RejectPayment: _g(_C, _L),
    f.ReverseDisbursement: _g(_L),
    f.PublishDisclosure: _g(_C, _L),
    # households and visits
    h.RegisterHousehold: _g(_C),
    h.AssessHousehold: _g(_C, _L),
    h.SelectHousehold: _g(_L),
    h.DeliverSupport: _g(_C),
    h.DeregisterHousehold: _g(_C),
    v.PlanVisit: _g(_C),
    v.ConductVisit: _g(_C, _L),
    v.CancelVisit: _g(_C),
    # volunteers
    w.PlanVolunteerWork: _g(_C),
    w.NotifyVolunteers: _g(_C),
    w.CompleteVolunteerWork: _g(_C),
    w.CancelVolunteerWork: _g(_C),
}

_NOBODY: Final = Grant()

#: acts in person (ADR 0017, 0018): the field naming the official who acts must name the
#: actor (a list field: the actor alone; an empty list names no act)
OWN_ACTS: Final[Mapping[type[Command], str]] = {
    f.RequestPayment: "requested_by",
    f.ApprovePayment: "approver",
    f.RejectPayment: "rejected_by",
    f.MakeDisbursement: "approvers",
    v.ConductVisit: "approvers",
}


def grant_of(command_class: type[Command]) -> Grant:
    """The grant of a command class (nobody's, for a class missing from the table)."""
    return AUTHORITY.get(command_class, _NOBODY)


def may_act(
    role: OfficialRole,
    command: Command,
    *,
    scope_unit: str,
    command_units: Iterable[str | None],
    covers: Callable[[str, str], bool],
) -> list[Violation]:
    """Whether `role`, acting for `scope_unit`, may carry out `command` touching `command_units`.

    ``authority.role_forbidden`` when the role may not send the command at all (the
    supervising level's session commands only for supervisory-level sessions);
    ``authority.out_of_scope`` for the first unit outside the scope.
    """
    return policy.may_act(
        grant_of(type(command)),
        role,
        action=type(command).__name__,
        scope_unit=scope_unit,
        command_units=command_units,
        covers=covers,
        supervisory_level=getattr(command, "level", None) is SessionLevel.SUPERVISORY,
    )


def covers(lookup: Lookup, scope: str, unit: str) -> bool:
    """Whether `scope` covers `unit`: the unit itself, a unit below it, or merged into it.

    Read through the lookup (the store as it stands for the decision being made): from
    `unit`, up its parents and the units it was merged into, until `scope` is met.
    """
    seen: set[str] = set()
    todo = [unit]
    while todo:
        code = todo.pop()
        if code == scope:
            return True
        if code in seen:
            continue
        seen.add(code)
        state = lookup.state(u.AGGREGATE, u.unit_id(code))
        if state is not None:
            todo += [c for c in (state.merged_into, state.parent) if c is not None]
    return False


def command_units(command: Command, lookup: Lookup) -> tuple[str | None, ...]:
    """The units `command` touches (None: the record it names does not exist yet/at all).

    Read from the command (``unit``, ``parent``, ``code``, ``into``, ``to_unit``) or, for a
    command that only names a record (``complaint_id``, ``household_id``...), from that
    record's current state.
    """
    if isinstance(command, u.RegisterUnit):
        return (command.parent,)
    if isinstance(command, u.RenameUnit):
        return (command.code,)
    if isinstance(command, u.MergeUnit):
        return (command.code, command.into)
    if isinstance(command, o.TransferOfficial):
        return (*_record_unit(command, lookup), command.to_unit)
    unit = getattr(command, "unit", None)
    if isinstance(unit, str):
        return (unit,)
    return _record_unit(command, lookup)


def _record_unit(command: Command, lookup: Lookup) -> tuple[str | None, ...]:
    aggregate = COMMANDS[type(command)]
    state = lookup.state(aggregate, aggregate.stream_id(command))
    unit = getattr(state, "unit", None)
    return (unit if isinstance(unit, str) else None,)


def actor_refusal(
    command: Command, actor: OfficialInfo, lookup: Lookup
) -> tuple[str, dict[str, object]] | None:
    """Why the serving official `actor` may not carry out `command`, if they may not.

    The actor acts for their own unit (their scope) with any role they hold: one role the
    command's grant admits, every unit the command touches within the scope, is enough.
    Else the refusal of their first role (``actor.role_forbidden`` when no role they hold
    may send the command, ``actor.out_of_scope`` naming the first unit outside the scope).
    """
    units = command_units(command, lookup)
    found: list[Violation] = []
    for name in sorted(actor.roles):
        try:
            role = OfficialRole(name)
        except ValueError:  # pragma: no cover - roles are validated when recorded
            continue
        refused = may_act(
            role,
            command,
            scope_unit=actor.unit,
            command_units=units,
            covers=lambda scope, unit: covers(lookup, scope, unit),
        )
        if not refused:
            return None
        found += refused
    scoped = next((v for v in found if v.code == "authority.out_of_scope"), None)
    action = type(command).__name__
    if scoped is not None:
        return "actor.out_of_scope", {
            "official": str(actor.official_id),
            "action": action,
            "unit": scoped.params["unit"],
            "scope": actor.unit,
        }
    held = sorted(actor.roles)
    return "actor.role_forbidden", {
        "official": str(actor.official_id),
        "action": action,
        "role": held[0] if held else "",
    }


#: the roles that record an event of these topics (an event of another topic: any role some
#: command of its aggregate admits), for the audit's check of who acted (ADR 0018)
_EVENT_ROLES: Final[Mapping[str, frozenset[OfficialRole]]] = {
    "fund.DisbursementMade": frozenset({_L}),
    "fund.PaymentApproved": frozenset({_L}),
    "fund.DisbursementReversed": frozenset({_L}),
    "fund.PaymentRequested": frozenset({_C, _L}),
    "fund.PaymentRejected": frozenset({_C, _L}),
    "fund.ContributionPledged": frozenset({_C}),
    "fund.ContributionReceived": frozenset({_C}),
    "fund.PledgeCancelled": frozenset({_C}),
    "complaint.ComplaintAnsweredOnSpot": frozenset({_L}),
    "complaint.ComplaintAnswered": frozenset({_L}),
    "complaint.ComplaintResolved": frozenset({_L}),
    "complaint.SupervisionNoted": frozenset({_M, _I}),
    "household.HouseholdSelected": frozenset({_L}),
}

#: topics the administrator who started the store records (the setup commands' events)
SETUP_TOPICS: Final = ("unit.", "official.", "nghedan.RecordStarted")


def roles_recording(topic: str) -> frozenset[str] | None:
    """The roles (by value) whose holder may record an event of `topic`; None: not checked.

    Markers and erasures (``nghedan.*``) are checked with the command they belong to.
    """
    found = _ROLES_BY_TOPIC.get(topic)
    if found is None and topic not in _ROLES_BY_TOPIC:
        found = _ROLES_BY_TOPIC[topic] = _roles_recording(topic)
    return found


_ROLES_BY_TOPIC: dict[str, frozenset[str] | None] = {}


def _roles_recording(topic: str) -> frozenset[str] | None:
    if topic in _EVENT_ROLES:
        return frozenset(r.value for r in _EVENT_ROLES[topic])
    aggregate = next((a for a in COMMANDS.values() if topic in a.events), None)
    if aggregate is None:
        return None
    return frozenset(
        r.value
        for c, a in COMMANDS.items()
        if a is aggregate
        for r in grant_of(c).allowed(supervisory_level=True)
    )
