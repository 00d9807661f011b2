"""How every failure becomes a JSON answer with a stable code, in Vietnamese or English.

The body of every error is ``{"code", "message"}`` plus ``"problems"`` (each with its JSON
path) for invalid input, or ``"params"`` for a domain refusal. Vietnamese by default,
English when the request's ``Accept-Language`` prefers ``en``.
"""

from __future__ import annotations

from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse

from nghedan_core import (
    AlreadyExistsError,
    ConcurrencyConflictError,
    DomainError,
    InvalidInputError,
    InvalidStateError,
    NotFoundError,
)
from nghedan_core.errors import ActorError, Lang, Problem
from nghedan_core.messages import render

__all__ = [
    "ApiError",
    "domain_error_response",
    "domain_status",
    "error_response",
    "lang_of",
    "problem",
]

#: status of an HTTP-level error code -> (Vietnamese, English)
HTTP_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "request.malformed_json": (
        "Nội dung yêu cầu không phải JSON hợp lệ (UTF-8).",
        "The request body is not valid JSON (UTF-8).",
    ),
    "request.unsupported_media_type": (
        "Nội dung yêu cầu phải là JSON (Content-Type: application/json), không phải {media}.",
        "The request body must be JSON (Content-Type: application/json), not {media}.",
    ),
    "request.too_large": (
        "Nội dung yêu cầu quá lớn (tối đa {limit} byte).",
        "The request body is too large (at most {limit} bytes).",
    ),
    "auth.required": (
        "Cần mã truy cập (Authorization: Bearer …).",
        "A token is required (Authorization: Bearer …).",
    ),
    "auth.invalid_token": (
        "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        "The token is invalid, expired or revoked.",
    ),
    "auth.too_many_failures": (
        "Quá nhiều lần xác thực sai từ máy này; hãy thử lại sau {retry_after} giây.",
        "Too many failed authentications from this client; try again in {retry_after} seconds.",
    ),
    "auth.role_forbidden": (
        "Vai trò {role} không được phép {action}.",
        "The role {role} may not {action}.",
    ),
    "auth.official_token_required": (
        "Lệnh {action} là việc của chính một cán bộ: cần mã truy cập cấp cho cán bộ đó"
        " (nghedan token issue --official …).",
        "{action} is an official's own act: it needs a token issued for that official"
        " (nghedan token issue --official …).",
    ),
    "auth.not_own_act": (
        "Mã truy cập của cán bộ {official} chỉ ghi được việc của chính cán bộ đó: {field} của"
        " lệnh {action} phải là {official}; mỗi người tự duyệt bằng mã của mình.",
        "The token of official {official} records that official's own acts only: {field} of"
        " {action} must be {official}; each approves with their own token.",
    ),
    "auth.out_of_scope": (
        "Đơn vị {unit} nằm ngoài phạm vi của mã truy cập (đơn vị {scope}).",
        "Unit {unit} is outside the token's scope (unit {scope}).",
    ),
    "report.period_reversed": (
        "Ngày kết thúc {date_to} trước ngày bắt đầu {date_from}.",
        "The end date {date_to} is before the start date {date_from}.",
    ),
    "http.not_found": ("Không có đường dẫn này.", "No such path."),
    "http.method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    "command.unknown": ("Lệnh {name} không tồn tại.", "There is no command {name}."),
    "view.not_found": ("Không tìm thấy {what}.", "No {what} was found."),
    "server.error": (
        "Lỗi máy chủ; sự cố đã được ghi lại.",
        "Internal error; it has been logged.",
    ),
}


def lang_of(request: Request) -> Lang:
    """``en`` when ``Accept-Language`` prefers English over Vietnamese, else ``vi``."""
    best_q, best = 0.0, "vi"
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in {"vi", "en"} and q > best_q:
            best_q, best = q, primary
    return "en" if best == "en" else "vi"


class ApiError(Exception):
    """An HTTP-level refusal: status, stable code, parameters."""

    def __init__(
        self,
        status: int,
        code: str,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        """Keep what the response needs."""
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params
        self.headers = headers or {}

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """The JSON body."""
        # the core's one renderer: roles and commands in words, dates and units as people
        # write them
        text = render(self.code, self.params, lang, templates=HTTP_MESSAGES)
        body: dict[str, Any] = {"code": self.code, "message": text}
        if self.params:
            body["params"] = {k: _plain(v) for k, v in self.params.items()}
        return body


def _plain(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def problem(path: str, vi: str, en: str) -> InvalidInputError:
    """One problem in a query parameter or body, as an error to raise."""
    return InvalidInputError([Problem(path, vi, en)])


def domain_status(error: DomainError) -> int:
    """The HTTP status of a domain refusal."""
    if isinstance(error, InvalidInputError):
        return 422
    if isinstance(error, ActorError):
        return 403
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, (AlreadyExistsError, ConcurrencyConflictError, InvalidStateError)):
        return 409
    return 422


def error_response(error: ApiError, lang: Lang) -> JSONResponse:
    """The response for an `ApiError`."""
    return JSONResponse(
        error.to_dict(lang),
        status_code=error.status,
        headers={**error.headers, "Content-Language": lang},
    )


def domain_error_response(error: DomainError, lang: Lang) -> JSONResponse:
    """The response for a `DomainError`."""
    return JSONResponse(
        error.to_dict(lang),
        status_code=domain_status(error),
        headers={"Content-Language": lang},
    )
