"""Authority: which role may carry out a command in which unit, and who may be named for an act.

Two pure rules, read by the application's adapters and by the aggregates' ``decide``
(ADR 0015):

- `may_act` — may an actor holding `role`, whose scope is `scope_unit`, carry out a command
  whose `Grant` is `grant` and which touches `command_units`? A `Grant` names the roles
  that may carry the command out **for their own unit and the units below it**, and the roles
  that may only do so for a supervisory-level session (``supervisory``). Every unit the
  command touches must be covered by the scope (`covers(scope, unit)`: the unit itself, the
  units below it, or units merged into it). The table of grants, keyed by command class, is
  `nghedan_core.authority.AUTHORITY`.
- `check_named` — an official named on an act (the one who answers, selects, assesses,
  approves, hosts, inspects, visits) must be an active official **of the act's unit** holding
  one of the roles the act needs; a supervisor of a unit above (``above``) may be named only
  where the act's roles include `OfficialRole.SUPERVISOR`.

The refusals are `Violation` values with the codes ``authority.role_forbidden``,
``authority.out_of_scope``, ``authority.official_not_of_unit`` and one code per act naming
its rule (``authority.answerer_role``, ``authority.selector_role``...; the inspector's is
``official.role_missing``, naming the supervisor role).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

import attrs

from nghedan_core.errors import Violation
from nghedan_core.values import OfficialRole

__all__ = [
    "ANSWERER",
    "APPROVER",
    "ASSESSOR",
    "HOST",
    "INSPECTOR",
    "SELECTOR",
    "VISITOR",
    "Grant",
    "NamedRole",
    "check_named",
    "may_act",
]

_C, _L, _S, _M, _I = (
    OfficialRole.CLERK,
    OfficialRole.LEADER,
    OfficialRole.SUPERVISOR,
    OfficialRole.MTTQ,
    OfficialRole.INSPECTORATE,
)


#: the role a refusal names when an act admits several (the first of them in this order)
_ORDER: tuple[OfficialRole, ...] = (_L, _C, _S, _M, _I)


@attrs.frozen
class Grant:
    """Who may carry out one command: `roles` always, `supervisory` for supervisory sessions."""

    roles: frozenset[OfficialRole] = frozenset()
    supervisory: frozenset[OfficialRole] = frozenset()
    #: whether the administrator who started the store may carry it out (the setup
    #: commands: units and officials; ADR 0018)
    administrator: bool = False

    def allowed(self, *, supervisory_level: bool = False) -> frozenset[OfficialRole]:
        """The roles that may carry the command out (at a supervisory session or not)."""
        return self.roles | self.supervisory if supervisory_level else self.roles


@attrs.frozen
class NamedRole:
    """An act an official is named for: the roles it needs (in the act's unit), its refusal."""

    #: the refusal's code when the official lacks the role (it names the rule)
    code: str
    roles: frozenset[OfficialRole]


#: who answers or resolves a citizen's complaint: leaders (a supervisor above, at its session)
ANSWERER = NamedRole("authority.answerer_role", frozenset({_L, _S}))
#: who selects a household for support: the commune's leaders
SELECTOR = NamedRole("authority.selector_role", frozenset({_L}))
#: who assesses a household: the commune's clerks or leaders
ASSESSOR = NamedRole("authority.assessor_role", frozenset({_C, _L}))
#: who approves a payment from the fund: the commune's leaders
APPROVER = NamedRole("authority.approver_role", frozenset({_L}))
#: who hosts a session: the unit's leaders or clerks (a supervisor above, at its own session)
HOST = NamedRole("authority.host_role", frozenset({_L, _C, _S}))
#: who inspects a session: a supervisor (of the unit or above it)
INSPECTOR = NamedRole("official.role_missing", frozenset({_S}))
#: who visits a household: any official of the unit (a supervisor above may join)
VISITOR = NamedRole("authority.visitor_role", frozenset({_C, _L, _S, _M, _I}))


def may_act(
    grant: Grant,
    role: OfficialRole,
    *,
    action: str,
    scope_unit: str,
    command_units: Iterable[str | None],
    covers: Callable[[str, str], bool],
    supervisory_level: bool = False,
) -> list[Violation]:
    """Whether `role`, acting for `scope_unit`, may carry out `action` touching `command_units`.

    A unit of None (a record not yet made) is left to the command's own rule.
    """
    if role not in grant.allowed(supervisory_level=supervisory_level):
        return [Violation("authority.role_forbidden", {"role": role.value, "action": action})]
    return [
        Violation("authority.out_of_scope", {"unit": unit, "scope": scope_unit})
        for unit in command_units
        if unit is not None and not covers(scope_unit, unit)
    ][:1]


def check_named(
    official: str,
    *,
    official_unit: str,
    roles: Collection[str],
    named: NamedRole,
    unit: str,
    above: Collection[str] = (),
) -> list[Violation]:
    """The official `official` (of `official_unit`, holding `roles`) may be named for `named`.

    `above` are the units above `unit` (its parent, its parent's parent...): a supervisor of
    one of them may be named where `named` admits supervisors.
    """
    held = {str(r) for r in roles}
    needed = {r.value for r in named.roles}
    if official_unit == unit:
        if held & needed:
            return []
    elif official_unit in above and _S.value in needed:
        if _S.value in held:
            return []
    else:
        return [
            Violation(
                "authority.official_not_of_unit",
                {"official": official, "official_unit": official_unit, "unit": unit},
            )
        ]
    return [
        Violation(
            named.code,
            {"official": official, "unit": unit, "role": min(named.roles, key=_ORDER.index)},
        ),
    ]
