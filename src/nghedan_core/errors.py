"""Domain errors with stable codes, rendered in Vietnamese by default and English on request.

Every refusal the core can make is a `DomainError` subclass with a dotted ``code`` that never
changes (adapters, BDD scenarios and other provinces' systems match on it) and a dict of
``params``. The human message comes from one catalogue, `MESSAGES`, and one renderer
(`nghedan_core.messages`), so that the CLI, HTTP and BDD adapters all say the same thing.

Policies return `Violation` values; `raise_for` turns the hard ones into errors and demands a
written justification for the soft ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from nghedan_core.messages import MESSAGES, Lang, Names, render

__all__ = [
    "MESSAGES",
    "ActorError",
    "ActorImportForbiddenError",
    "ActorImportOutOfScopeError",
    "ActorNotOwnActError",
    "ActorNotServingError",
    "ActorOutOfScopeError",
    "ActorRequiredError",
    "ActorRoleForbiddenError",
    "AdministratorSetupOnlyError",
    "AlreadyExistsError",
    "CommandIdReusedError",
    "ConcurrencyConflictError",
    "DomainError",
    "FundNotOpenedError",
    "InvalidInputError",
    "InvalidStateError",
    "Lang",
    "NotFoundError",
    "Problem",
    "RecordStartedError",
    "RuleViolatedError",
    "UnknownActorError",
    "UnknownUnitError",
    "Violation",
    "error_class",
    "message",
    "raise_for",
]


def message(
    code: str, params: Mapping[str, object], lang: Lang = "vi", names: Names | None = None
) -> str:
    """Render the message for `code` in `lang` (`nghedan_core.messages.render`).

    `names`: an optional lookup (id or unit code -> name) the adapter supplies from its
    store, so that staff read a person, household or unit by name instead of an id.
    """
    return render(code, params, lang, names)


class DomainError(Exception):
    """A refusal by the domain: a stable `code`, its `params`, a message in vi or en."""

    code: ClassVar[str] = "domain.error"

    def __init__(self, **params: Any) -> None:
        """Keep the parameters; the message is rendered on demand."""
        self.params: dict[str, Any] = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "vi", names: Names | None = None) -> str:
        """The human message, Vietnamese by default; `names` names ids (see `message`)."""
        return message(self.code, self.params, lang, names)

    def to_dict(self, lang: Lang = "vi", names: Names | None = None) -> dict[str, Any]:
        """A JSON-ready description: code, message and parameters."""
        return {
            "code": self.code,
            "message": self.message(lang, names),
            "params": {k: _jsonable(v) for k, v in self.params.items()},
        }


def _jsonable(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


@attrs.frozen
class Problem:
    """One problem in structured input: where (a JSON path such as ``$.amount``) and what."""

    path: str
    message_vi: str
    message_en: str

    def message(self, lang: Lang = "vi") -> str:
        """The problem in `lang`."""
        return self.message_vi if lang == "vi" else self.message_en


class InvalidInputError(DomainError):
    """Structured input that does not fit: every problem, with its path."""

    code = "input.invalid"

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Keep every problem found."""
        self.problems = tuple(problems)
        super().__init__(summary="; ".join(f"{p.path}: {p.message_en}" for p in self.problems))

    def message(self, lang: Lang = "vi", names: Names | None = None) -> str:  # noqa: ARG002
        """Every problem on one line each, Vietnamese by default."""
        head = "Dữ liệu không hợp lệ:" if lang == "vi" else "Invalid input:"
        return "\n".join([head, *(f"  {p.path}: {p.message(lang)}" for p in self.problems)])

    def to_dict(self, lang: Lang = "vi", names: Names | None = None) -> dict[str, Any]:  # noqa: ARG002
        """Code, message and the list of problems."""
        return {
            "code": self.code,
            "message": self.message(lang),
            "problems": [{"path": p.path, "message": p.message(lang)} for p in self.problems],
        }


class NotFoundError(DomainError):
    """The command names something that was never recorded."""

    code = "not_found"


class UnknownUnitError(NotFoundError):
    """A read names unit codes that were never registered (``units``: each of them)."""

    code = "unit.unknown"

    def __init__(self, units: Sequence[str]) -> None:
        """Name every unknown code."""
        self.units = tuple(units)
        super().__init__(units=", ".join(self.units))


class FundNotOpenedError(NotFoundError):
    """A read asks for the fund of a registered unit that never opened one."""

    code = "fund.not_opened"


class AlreadyExistsError(DomainError):
    """A creation command for a natural key that is already taken."""

    code = "already_exists"


class InvalidStateError(DomainError):
    """The command does not apply to the record in its current state."""

    code = "state.invalid"


class ConcurrencyConflictError(DomainError):
    """Writers kept colliding on the same record beyond the retry limit."""

    code = "concurrency.conflict"


class CommandIdReusedError(AlreadyExistsError):
    """A ``command_id`` already used in the unit for another command (ADR 0005)."""

    code = "command.id_reused"


class ActorError(DomainError):
    """The one carrying out a command may not (ADR 0018): who acts is checked before what."""

    code = "actor.error"


class ActorRequiredError(ActorError):
    """A write names no actor: every act is carried out by someone of the record."""

    code = "actor.required"


class UnknownActorError(ActorError):
    """The actor is neither an official of the record nor the store's administrator."""

    code = "actor.unknown"


class ActorNotServingError(ActorError):
    """The actor has left office (or was transferred away from the unit they acted for)."""

    code = "actor.not_serving"


class AdministratorSetupOnlyError(ActorError):
    """The administrator sets the record up (units, officials), and does no business."""

    code = "actor.setup_only"


class ActorRoleForbiddenError(ActorError):
    """No role the actor holds may carry out the command."""

    code = "actor.role_forbidden"


class ActorOutOfScopeError(ActorError):
    """The command touches a unit outside the actor's own unit and those below it."""

    code = "actor.out_of_scope"


class ActorImportForbiddenError(ActorError):
    """No role the operator of an import holds may import history (`authority.IMPORT`)."""

    code = "actor.import_forbidden"


class ActorImportOutOfScopeError(ActorError):
    """An imported act touches a unit outside the operator's own unit and those below it."""

    code = "actor.import_out_of_scope"


class ActorNotOwnActError(ActorError):
    """An act in person (an approval, a request) names someone other than its actor."""

    code = "actor.not_own_act"


class RecordStartedError(ActorError):
    """The store cannot be started by an administrator: it is started already, or not empty."""

    code = "actor.record_started"


class RuleViolatedError(DomainError):
    """A policy refused the command; `code` says which rule (see `error_class`)."""

    code = "rule.violated"


_BY_CODE: dict[str, type[DomainError]] = {}


def error_class(code: str, name: str | None = None) -> type[DomainError]:
    """Return the `DomainError` subclass for a rule code, creating it once if needed.

    Named subclasses (``InsufficientBalanceError`` for ``fund.insufficient_balance``) let
    callers catch one refusal precisely while the catalogue stays the one source of codes.
    """
    known = _BY_CODE.get(code)
    if known is not None:
        return known
    name = name or "".join(part.title() for part in code.replace(".", "_").split("_")) + "Error"
    cls = type(
        name, (RuleViolatedError,), {"code": code, "__module__": __name__, "__qualname__": name}
    )
    _BY_CODE[code] = cls
    return cls


@attrs.frozen
class Violation:
    """What a policy found: a stable code, its parameters, and whether it is only soft.

    A hard violation refuses the command. A soft one is allowed when the command carries a
    written justification, which is then recorded on the event.
    """

    code: str
    params: Mapping[str, object] = attrs.field(factory=dict)
    soft: bool = False

    def message(self, lang: Lang = "vi", names: Names | None = None) -> str:
        """The violation in words."""
        return message(self.code, self.params, lang, names)


def raise_for(
    violations: Iterable[Violation],
    justification: str | None = None,
    *,
    unjustified: str | None = "selection.justification_required",
) -> None:
    """Raise for the first hard violation; for soft ones, require a justification.

    Without a justification, soft violations raise `unjustified` (listing them all), or, when
    `unjustified` is None, the first soft violation's own code.

    >>> raise_for([])
    >>> raise_for([Violation("selection.out_of_rank", {"count": 2}, soft=True)], "ốm nặng")
    """
    found = list(violations)
    for v in found:
        if not v.soft:
            raise error_class(v.code)(**dict(v.params))
    soft = [v for v in found if v.soft]
    if soft and not (justification and justification.strip()):
        if unjustified is None:
            raise error_class(soft[0].code)(**dict(soft[0].params))
        raise error_class(unjustified)(
            reasons=[v.message("vi") for v in soft],
            codes=[v.code for v in soft],
            violations=[{"code": v.code, "params": dict(v.params)} for v in soft],
        )


# Name the refusals callers most often catch, so `except InsufficientBalanceError` reads well.
InsufficientBalanceError = error_class("fund.insufficient_balance", "InsufficientBalanceError")
ConflictOfInterestError = error_class("selection.conflict_of_interest", "ConflictOfInterestError")
JustificationRequiredError = error_class(
    "selection.justification_required", "JustificationRequiredError"
)
DualApprovalRequiredError = error_class("fund.dual_approval_required", "DualApprovalRequiredError")
UnlawfulSourceError = error_class("fund.unlawful_source", "UnlawfulSourceError")
NonPositiveAmountError = error_class("fund.non_positive_amount", "NonPositiveAmountError")
BasisRequiredError = error_class("answers.basis_required", "BasisRequiredError")
AppointmentBeforeComplaintError = error_class(
    "answers.appointment_before_complaint", "AppointmentBeforeComplaintError"
)
AppointmentBeyondLimitError = error_class(
    "answers.appointment_beyond_limit", "AppointmentBeyondLimitError"
)
NoticeTooLateError = error_class("notice.too_late", "NoticeTooLateError")
NoticeMissingError = error_class("notice.missing", "NoticeMissingError")
OpenComplaintsError = error_class("session.open_complaints", "OpenComplaintsError")
ShortfallReasonRequiredError = error_class(
    "quota.shortfall_reason_required", "ShortfallReasonRequiredError"
)
SchedulingReasonRequiredError = error_class(
    "scheduling.reason_required", "SchedulingReasonRequiredError"
)
RotationReasonRequiredError = error_class(
    "scheduling.rotation_reason_required", "RotationReasonRequiredError"
)
NotSelectedError = error_class("selection.not_selected", "NotSelectedError")
NotEligibleError = error_class("selection.not_eligible", "NotEligibleError")

__all__ += [
    "AppointmentBeforeComplaintError",
    "AppointmentBeyondLimitError",
    "BasisRequiredError",
    "ConflictOfInterestError",
    "DualApprovalRequiredError",
    "InsufficientBalanceError",
    "JustificationRequiredError",
    "NonPositiveAmountError",
    "NotEligibleError",
    "NotSelectedError",
    "NoticeMissingError",
    "NoticeTooLateError",
    "OpenComplaintsError",
    "RotationReasonRequiredError",
    "SchedulingReasonRequiredError",
    "ShortfallReasonRequiredError",
    "UnlawfulSourceError",
]
