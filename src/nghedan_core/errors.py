"""Domain errors with stable codes, rendered in Vietnamese by default and English on request.

Every refusal the core can make is a `DomainError` subclass with a dotted ``code`` that never
changes (adapters, BDD scenarios and other provinces' systems match on it) and a dict of
``params``. The human message comes from one catalogue, `MESSAGES`, so that the CLI, HTTP
and BDD adapters all say the same thing.

Policies return `Violation` values; `raise_for` turns the hard ones into errors and demands a
written justification for the soft ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final, Literal

import attrs

__all__ = [
    "MESSAGES",
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
    "RuleViolatedError",
    "UnknownUnitError",
    "Violation",
    "error_class",
    "message",
    "raise_for",
]

Lang = Literal["vi", "en"]

#: code -> (Vietnamese template, English template); templates use ``str.format`` fields.
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # generic
    "input.invalid": ("Dữ liệu không hợp lệ: {summary}", "Invalid input: {summary}"),
    "not_found": ("Không tìm thấy {kind} {key}.", "No {kind} {key} was found."),
    "already_exists": ("{kind} {key} đã có.", "{kind} {key} already exists."),
    "state.invalid": (
        "Không thể {action}: {kind} đang ở trạng thái {state}.",
        "Cannot {action}: the {kind} is {state}.",
    ),
    "period.published": (
        "Ngày {day} thuộc kỳ {period} của quỹ {unit} đã công khai: không ghi lùi vào kỳ đã"
        " công khai; nếu là đính chính, hãy ghi rõ lý do đính chính (correction_reason).",
        "{day} lies in the period {period} of fund {unit}, whose disclosure is published:"
        " nothing is dated into a published period; a correction must state its reason"
        " (correction_reason).",
    ),
    "period.correction_not_needed": (
        "Ngày {day} không thuộc kỳ đã công khai nào của quỹ {unit}: không cần ghi là đính chính.",
        "{day} lies in no published period of fund {unit}: it is not a correction.",
    ),
    "command.id_reused": (
        "Mã lệnh {command_id} đã dùng ở đơn vị {unit} cho lệnh {command} ghi lúc {at}, với nội"
        " dung khác; một mã lệnh chỉ dùng cho một lệnh — hãy dùng mã mới.",
        "Command id {command_id} was already used in unit {unit} for {command} at {at}, with"
        " other content; an id names one command only — use a new one.",
    ),
    "concurrency.conflict": (
        "Dữ liệu vừa bị thay đổi đồng thời ({attempts} lần thử); vui lòng thử lại.",
        "The record was changed concurrently ({attempts} attempts); please try again.",
    ),
    # units and officials
    "unit.not_commune_level": (
        "Đơn vị {unit} không phải cấp xã (xã, phường, thị trấn, đặc khu).",
        "Unit {unit} is not commune-level (commune, ward, town, special zone).",
    ),
    "unit.not_hamlet_of": (
        "{hamlet} không phải ấp/khóm của đơn vị {unit}.",
        "{hamlet} is not a hamlet of unit {unit}.",
    ),
    "unit.unknown": (
        "Không có đơn vị nào mang mã {units}: mã này chưa từng được đăng ký.",
        "There is no unit {units}: no unit was ever registered with this code.",
    ),
    "fund.not_opened": (
        "Đơn vị {unit} chưa lập quỹ hỗ trợ.",
        "Unit {unit} has not opened a support fund.",
    ),
    "unit.merged": (
        "Đơn vị {unit} đã sáp nhập vào {into}; hãy ghi cho đơn vị mới.",
        "Unit {unit} was merged into {into}; record against the new unit.",
    ),
    "official.inactive": (
        "Cán bộ {official} đã nghỉ hoặc chuyển công tác.",
        "Official {official} has left or been transferred away.",
    ),
    "official.role_missing": (
        "Cán bộ {official} không có vai trò {role}.",
        "Official {official} does not have the role {role}.",
    ),
    # scheduling
    "scheduling.reason_required": (
        "Ngày {date} không phải thứ Hai đầu tháng ({first_monday}); cần ghi lý do.",
        "{date} is not the first Monday of the month ({first_monday}); a reason is required.",
    ),
    "scheduling.date_outside_month": (
        "Ngày {date} không thuộc tháng {month} của buổi làm việc.",
        "{date} is not in the session's month {month}.",
    ),
    "scheduling.rotation_reason_required": (
        "Theo luân phiên, lần này tiếp dân tại {expected}; chọn {chosen} cần ghi lý do.",
        "By rotation the reception is due at {expected}; choosing {chosen} needs a reason.",
    ),
    # complaints and answers
    "answers.basis_required": (
        "Trả lời tại chỗ phải nêu căn cứ pháp lý/chính sách; nếu chưa rõ, hãy tiếp thu và hẹn.",
        "An on-the-spot answer needs a legal or policy basis; otherwise take it on record.",
    ),
    "answers.appointment_before_complaint": (
        "Thời gian hẹn {at} phải sau thời điểm nhận ý kiến {raised_at}.",
        "The appointment {at} must come after the complaint was raised ({raised_at}).",
    ),
    "answers.appointment_beyond_limit": (
        "Thời gian hẹn {at} quá {limit_days} ngày kể từ khi nhận ý kiến.",
        "The appointment {at} is more than {limit_days} days after the complaint.",
    ),
    "session.open_complaints": (
        "Chưa thể kết thúc buổi: còn {count} ý kiến chưa được trả lời hoặc hẹn.",
        "The session cannot close: {count} complaints have no answer or appointment.",
    ),
    "session.wrong_session": (
        "Ý kiến không thuộc buổi {session}.",
        "The complaint is not from session {session}.",
    ),
    # quota
    "quota.shortfall_reason_required": (
        "Mới thăm {achieved}/{required} hộ trong tháng; cần ghi lý do chưa đạt chỉ tiêu.",
        "Only {achieved} of {required} households were visited; a shortfall reason is required.",
    ),
    # selection
    "selection.conflict_of_interest": (
        "Cán bộ {official} có quan hệ {relation} với hộ {household}; phải tránh (không thiên vị"
        " người thân).",
        "Official {official} is related ({relation}) to household {household} and must recuse.",
    ),
    "selection.not_eligible": (
        "Hộ {household} không thuộc đối tượng được hỗ trợ.",
        "Household {household} has no qualifying category.",
    ),
    "selection.recently_supported": (
        "Hộ {household} đã được hỗ trợ ngày {last_supported} (trong vòng {cooldown_months} tháng).",
        "Household {household} was supported on {last_supported} (within {cooldown_months}"
        " months).",
    ),
    "selection.out_of_rank": (
        "Còn {count} hộ khó khăn hơn chưa được hỗ trợ.",
        "{count} households in greater hardship have not been supported yet.",
    ),
    "selection.justification_required": (
        "Cần ghi lý do: {reasons}",
        "A written justification is required: {reasons}",
    ),
    "selection.not_selected": (
        "Hộ {household} chưa được bình xét chọn hỗ trợ.",
        "Household {household} has not been selected for support.",
    ),
    "selection.deregistered": (
        "Hộ {household} đã ra khỏi danh sách.",
        "Household {household} has been deregistered.",
    ),
    # fund
    "fund.non_positive_amount": (
        "Số tiền phải là số nguyên đồng lớn hơn 0.",
        "The amount must be a whole number of đồng greater than 0.",
    ),
    "fund.insufficient_balance": (
        "Số dư quỹ {balance} không đủ để chi {amount}.",
        "The fund balance {balance} is not enough to pay {amount}.",
    ),
    "fund.unlawful_source": (
        "Nguồn đóng góp không hợp pháp: {reason}.",
        "Unlawful source of contribution: {reason}.",
    ),
    "fund.dual_approval_required": (
        "Khoản chi {amount} từ {threshold} trở lên cần hai người duyệt khác nhau.",
        "A payment of {amount} (threshold {threshold}) needs two different approvers.",
    ),
    "fund.approval_required": (
        "Khoản chi phải có người duyệt.",
        "A payment needs an approver.",
    ),
    "fund.pledge_settled": (
        "Cam kết {pledge} đã nhận đủ hoặc đã hủy.",
        "Pledge {pledge} is already received or cancelled.",
    ),
    "fund.receipt_exceeds_pledge": (
        "Số tiền nhận {amount} vượt số còn lại của cam kết {remaining}.",
        "Received {amount} exceeds what remains of the pledge ({remaining}).",
    ),
    "fund.already_reversed": (
        "Khoản chi {disbursement} đã được điều chỉnh ngược.",
        "Disbursement {disbursement} was already reversed.",
    ),
    # volunteer notice
    "notice.too_late": (
        "Phải thông báo cho tình nguyện viên trước ít nhất {hours} giờ (thông báo lúc"
        " {notified_at}, bắt đầu {starts_at}).",
        "Volunteers must be notified at least {hours} hours ahead (notified {notified_at},"
        " starts {starts_at}).",
    ),
    "notice.missing": (
        "Chưa thông báo hợp lệ cho tình nguyện viên về thời gian, địa điểm, nhiệm vụ.",
        "Volunteers were not validly notified of the time, place and task.",
    ),
    "fund.household_of_other_unit": (
        "Hộ {household} không thuộc đơn vị {unit}; quỹ chỉ chi cho hộ của đơn vị mình.",
        "Household {household} is not of unit {unit}; a fund pays its own unit's households.",
    ),
    "fund.receipt_source_mismatch": (
        "Khoản nhận phải cùng nguồn và cùng nhà tài trợ với cam kết {pledge}.",
        "A receipt must have the same source and donor as pledge {pledge}.",
    ),
    "answers.appointment_in_past": (
        "Thời gian hẹn {at} đã qua (ghi nhận lúc {now}).",
        "The appointment {at} is already past (recorded at {now}).",
    ),
}


def message(code: str, params: Mapping[str, object], lang: Lang = "vi") -> str:
    """Render the message for `code` in `lang`; unknown codes fall back to the code itself."""
    templates = MESSAGES.get(code)
    if templates is None:
        return code
    template = templates[0] if lang == "vi" else templates[1]
    try:
        return template.format(**{k: _show(v) for k, v in params.items()})
    except (KeyError, IndexError):
        return template


def _show(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


class DomainError(Exception):
    """A refusal by the domain: a stable `code`, its `params`, a message in vi or en."""

    code: ClassVar[str] = "domain.error"

    def __init__(self, **params: Any) -> None:
        """Keep the parameters; the message is rendered on demand."""
        self.params: dict[str, Any] = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "vi") -> str:
        """The human message, Vietnamese by default."""
        return message(self.code, self.params, lang)

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
        """A JSON-ready description: code, message and parameters."""
        return {
            "code": self.code,
            "message": self.message(lang),
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

    def message(self, lang: Lang = "vi") -> str:
        """Every problem on one line each, Vietnamese by default."""
        head = "Dữ liệu không hợp lệ:" if lang == "vi" else "Invalid input:"
        return "\n".join([head, *(f"  {p.path}: {p.message(lang)}" for p in self.problems)])

    def to_dict(self, lang: Lang = "vi") -> dict[str, Any]:
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

    def message(self, lang: Lang = "vi") -> str:
        """The violation in words."""
        return message(self.code, self.params, lang)


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
