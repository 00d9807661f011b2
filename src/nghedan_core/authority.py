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
    "ERASE_ACTION",
    "ERASURE",
    "IMPORT",
    "OWN_ACTS",
    "SETUP_TOPICS",
    "Grant",
    "actor_refusal",
    "command_units",
    "covers",
    "erasure_refusal",
    "grant_of",
    "import_refusal",
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
    return _refusal(
        grant_of(type(command)),
        type(command).__name__,
        str(actor.official_id),
        actor.roles,
        actor.unit,
        command_units(command, lookup),
        lambda scope, unit: covers(lookup, scope, unit),
        supervisory_level=getattr(command, "level", None) is SessionLevel.SUPERVISORY,
    )


def _refusal(
    grant: Grant,
    action: str,
    official: str,
    roles: Iterable[str],
    scope: str,
    units: Iterable[str | None],
    covered: Callable[[str, str], bool],
    *,
    supervisory_level: bool = False,
    codes: tuple[str, str] = ("actor.role_forbidden", "actor.out_of_scope"),
) -> tuple[str, dict[str, object]] | None:
    """The refusal of `grant` for an official of `scope` holding `roles`, if it refuses.

    One role the grant admits, with every unit of `units` covered by `scope`, is enough;
    else the first unit outside the scope (``codes[1]``), or the role refused (``codes[0]``).
    """
    units = tuple(units)
    found: list[Violation] = []
    held = sorted(roles)
    for name in held:
        try:
            role = OfficialRole(name)
        except ValueError:  # pragma: no cover - roles are validated when recorded
            continue
        refused = policy.may_act(
            grant,
            role,
            action=action,
            scope_unit=scope,
            command_units=units,
            covers=covered,
            supervisory_level=supervisory_level,
        )
        if not refused:
            return None
        found += refused
    scoped = next((v for v in found if v.code == "authority.out_of_scope"), None)
    if scoped is not None:
        return codes[1], {
            "official": official,
            "action": action,
            "unit": scoped.params["unit"],
            "scope": scope,
        }
    return codes[0], {"official": official, "action": action, "role": held[0] if held else ""}


#: who may import history (ADR 0018, addendum): an official who records or decides in a unit
#: — a clerk or a leader — or the supervising level, for every unit the imported act touches
#: within their own unit and the units below it. The administrator imports setup commands
#: only (as they send them); MTTQ and the inspectorate import nothing.
IMPORT: Final = _g(_C, _L, _S)


def import_refusal(
    action: str,
    official: str,
    roles: Iterable[str],
    scope: str,
    units: Iterable[str | None],
    covered: Callable[[str, str], bool],
) -> tuple[str, dict[str, object]] | None:
    """Why the operator `official` (of `scope`, holding `roles`) may not import an act.

    The one rule for history imported on behalf of its operator (``imported`` events):
    the application asks it for an imported command the operator could not have carried
    out live, and the audit's ``acts.actor_held_role`` for an event marked ``imported``.
    ``actor.import_forbidden`` when no role the operator holds may import,
    ``actor.import_out_of_scope`` naming the first unit outside their unit. The officials
    the act *names* (approvers, answerer, selector...) are checked by the domain as always.
    """
    return _refusal(
        IMPORT,
        action,
        official,
        roles,
        scope,
        units,
        covered,
        codes=("actor.import_forbidden", "actor.import_out_of_scope"),
    )


#: the act of erasing a person's personal data (``nghedan person erase``, ADR 0010), by name
ERASE_ACTION: Final = "ErasePersonalData"

#: who may erase (ADR 0018, addendum): a leader of every unit whose records hold the
#: person's data (or of a unit above it), or the administrator who started the store
ERASURE: Final = _g(_L, setup=True)


def erasure_refusal(
    actor: OfficialInfo, units: Iterable[str | None], lookup: Lookup
) -> tuple[str, dict[str, object]] | None:
    """Why the serving official `actor` may not erase data held in records of `units`.

    A unit of None (data held by a record of no unit) is covered by nobody but the
    administrator: ``actor.out_of_scope`` naming "—".
    """
    units = tuple(units)
    if None in units:
        return "actor.out_of_scope", {
            "official": str(actor.official_id),
            "action": ERASE_ACTION,
            "unit": "—",
            "scope": actor.unit,
        }
    return _refusal(
        ERASURE,
        ERASE_ACTION,
        str(actor.official_id),
        actor.roles,
        actor.unit,
        units,
        lambda scope, unit: covers(lookup, scope, unit),
    )


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
    "nghedan.PersonalDataErased": ERASURE.roles,
}

#: topics the administrator who started the store records (the setup commands' events, and
#: erasures: `ERASURE`)
SETUP_TOPICS: Final = ("unit.", "official.", "nghedan.RecordStarted", "nghedan.PersonalDataErased")


def roles_recording(topic: str) -> frozenset[str] | None:
    """The roles (by value) whose holder may record an event of `topic`; None: not checked.

    Markers (``nghedan.CommandAccepted``) are checked with the command they belong to; an
    erasure by `ERASURE`'s roles.
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
