"""The JSON API under ``/api/v1``: every command as a POST, every view as a GET.

Adapters are thin: a POST body is handed to the core's one converter
(`nghedan_core.structure_command`), the command to `NgheDan.handle`, and the result or the
refusal is rendered. GETs read the materialised views of `nghedan_http.views.LiveViews`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, Final
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nghedan_core import (
    COMMANDS,
    Command,
    DomainError,
    InvalidInputError,
    Month,
    NgheDan,
    Recorded,
    SessionLevel,
    notation,
    structure_command,
    unstructure,
)
from nghedan_core.authority import ERASE_ACTION
from nghedan_core.erasure import Erasure, erase_person
from nghedan_core.errors import ActorError, Lang, Problem
from nghedan_core.notation import NotationError
from nghedan_core.projections import ComplaintStatus
from nghedan_core.values import VIETNAM_TZ, in_model_years, lone_surrogate_paths
from nghedan_http.access import (
    ACTING_FIELDS,
    COMMAND_ROLES,
    ERASE_ROLES,
    READ_ROLES,
)
from nghedan_http.auth import Principal, TokenStore
from nghedan_http.errors import (
    ApiError,
    domain_error_response,
    error_response,
    lang_of,
    problem,
)
from nghedan_http.redact import full_data, public_data
from nghedan_http.throttle import FailedAuthentications
from nghedan_http.views import LiveViews

__all__ = ["COMMAND_NAMES", "Api"]

COMMAND_NAMES: Final = tuple(sorted(cls.__name__ for cls in COMMANDS))
_COMMAND_BY_NAME: Final = {cls.__name__: cls for cls in COMMANDS}
_ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Endpoint = Callable[[Request], Awaitable[Response]]


def _json(data: Any, status: int = 200, lang: Lang | None = None) -> JSONResponse:
    headers = {"Content-Language": lang} if lang else None
    return JSONResponse(data, status_code=status, headers=headers)


# --- query parameters ------------------------------------------------------------------


def _one(request: Request, name: str, *, required: bool = False) -> str | None:
    values = request.query_params.getlist(name)
    if not values:
        if required:
            raise problem(f"query.{name}", "thiếu tham số bắt buộc", "required parameter missing")
        return None
    if len(values) > 1:
        raise problem(f"query.{name}", "chỉ được có một giá trị", "only one value is allowed")
    return values[0]


def _date_param(request: Request, name: str) -> date:
    text = _one(request, name, required=True) or ""
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise problem(f"query.{name}", "cần ngày dạng YYYY-MM-DD", "expected a date YYYY-MM-DD")


def _month_param(request: Request, name: str) -> Month:
    text = _one(request, name, required=True) or ""
    try:
        return notation.parse_month(text, f"query.{name}")
    except NotationError as e:
        raise InvalidInputError([e.problem()]) from None


def _level_param(request: Request) -> SessionLevel:
    text = _one(request, "level") or SessionLevel.COMMUNE.value
    try:
        return SessionLevel(text)
    except ValueError:
        allowed = ", ".join(m.value for m in SessionLevel)
        raise problem(
            "query.level", f"phải là một trong: {allowed}", f"one of: {allowed}"
        ) from None


def _unit_param(request: Request, *, required: bool) -> str | None:
    unit = _one(request, "unit", required=required)
    if unit is not None and not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}", unit):
        raise problem(
            "query.unit",
            "mã đơn vị không hợp lệ (chữ, số, '.', '_', '-'; tối đa 32 ký tự)",
            "not a unit code (letters, digits, '.', '_', '-'; at most 32)",
        )
    return unit


def _units_param(request: Request) -> tuple[str, ...]:
    units = tuple(request.query_params.getlist("unit"))
    bad = [
        Problem(
            f"query.unit[{i}]",
            "mã đơn vị không hợp lệ (chữ, số, '.', '_', '-'; tối đa 32 ký tự)",
            "not a unit code (letters, digits, '.', '_', '-'; at most 32)",
        )
        for i, u in enumerate(units)
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}", u)
    ]
    if bad:
        raise InvalidInputError(bad)
    return units


class Api:
    """The API's endpoints, bound to one application, its views and its tokens."""

    def __init__(
        self,
        app: NgheDan,
        views: LiveViews,
        tokens: TokenStore,
        *,
        max_body: int,
        failures: FailedAuthentications | None = None,
    ) -> None:
        """Serve `app` (`failures`: the count of failed authentications per client)."""
        self.app = app
        self.views = views
        self.tokens = tokens
        self.max_body = max_body
        self.failures = failures or FailedAuthentications()

    # --- access -----------------------------------------------------------------------------

    def principal(self, request: Request) -> Principal | None:
        """The caller: None without a token; 401 for a token that is not valid.

        A client (by address) whose authentications failed `throttle.FAILED_AUTH_LIMIT`
        times in a minute is answered 429 until the window has moved on, whatever it sends.
        """
        header = request.headers.get("authorization")
        if header is None:
            return None
        client = request.client.host if request.client else "-"
        if not self.failures.allowed(client):
            wait = self.failures.retry_after(client)
            raise ApiError(
                429, "auth.too_many_failures", {"Retry-After": str(wait)}, retry_after=wait
            )
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            self.failures.failed(client)
            raise ApiError(401, "auth.invalid_token", {"WWW-Authenticate": "Bearer"})
        found = self.tokens.authenticate(secret.strip())
        if found is None:
            self.failures.failed(client)
            raise ApiError(
                401, "auth.invalid_token", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        return found

    def require(self, request: Request, view: str) -> Principal:
        """A principal whose role may read `view` (401/403 otherwise)."""
        who = self.principal(request)
        if who is None:
            raise ApiError(401, "auth.required", {"WWW-Authenticate": "Bearer"})
        if who.role not in READ_ROLES[view]:
            raise ApiError(403, "auth.role_forbidden", role=who.role.value, action=view)
        return who

    def check_scope(self, who: Principal, units: tuple[str | None, ...]) -> None:
        """403 unless every unit lies within the token's unit."""
        queries = self.views.queries
        for unit in units:
            if unit is not None and not queries.covers(who.unit, unit):
                raise ApiError(403, "auth.out_of_scope", unit=unit, scope=who.unit)

    # --- commands -----------------------------------------------------------------------

    async def read_body(self, request: Request) -> bytes:
        """The body, refusing (413) more than `max_body` bytes before reading them all."""
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            raise ApiError(413, "request.too_large", limit=self.max_body)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body:
                raise ApiError(413, "request.too_large", limit=self.max_body)
            chunks.append(chunk)
        return b"".join(chunks)

    async def post_command(self, request: Request) -> Response:
        """``POST /api/v1/commands/{name}``: record one command."""
        name = request.path_params["name"]
        cls = _COMMAND_BY_NAME.get(name)
        if cls is None:
            raise ApiError(404, "command.unknown", name=name)
        who = self.principal(request)
        if who is None:
            raise ApiError(401, "auth.required", {"WWW-Authenticate": "Bearer"})
        _check_json_content_type(request)
        body = await self.read_body(request)
        data = _parse_json(body)
        if isinstance(data, dict):
            if "command" in data and data["command"] != name:
                raise problem(
                    "$.command",
                    f"phải là {name} (như trong đường dẫn) hoặc bỏ trống",
                    f"must be {name} (as in the path) or left out",
                )
            data = {**data, "command": name}
        command = structure_command(data)
        records = await run_in_threadpool(self._handle, who, command)
        return _json(
            {
                "command": name,
                "recorded": len(records),
                "events": [_recorded(r) for r in records],
            },
            status=201 if records else 200,
        )

    def _handle(self, who: Principal, command: Command) -> tuple[Recorded, ...]:
        """The token's official carries out `command`: the core checks them (ADR 0018).

        A bare role-and-unit token names no one: it reads, it writes nothing (403
        ``auth.official_token_required``). The actor is never read from the body.
        """
        name = type(command).__name__
        if who.official is None:
            raise ApiError(403, "auth.official_token_required", action=name)
        refused: ActorError | None = None
        try:
            self.app.check_actor(command, actor=who.official)
        except ActorError as e:
            refused = e
        if refused is not None and refused.code == "actor.role_forbidden":
            raise ApiError(403, "auth.role_forbidden", role=who.role.value, action=name)
        _check_own_act(who, command)
        if name == "RegisterUnit" and getattr(command, "parent", None) is None:
            # top-level units are registered by the administrator (CLI), not through a token
            raise ApiError(403, "auth.role_forbidden", role=who.role.value, action=name)
        if refused is not None and refused.code == "actor.out_of_scope":
            raise ApiError(403, "auth.out_of_scope", unit=refused.params["unit"], scope=who.unit)
        try:
            return self.app.handle(command, actor=who.official)
        finally:
            self.views.mark_stale()

    async def erase(self, request: Request) -> Response:
        """``POST /api/v1/people/{person_id}/erase``: erase a person's personal data for good.

        The body must be ``{"confirm": true}``. Only a leader may (a token issued for an
        official), and only when every unit whose records hold the person's data lies within
        the token's unit (the keys are destroyed wherever the data is): the core's rule,
        `authority.ERASURE`, with the token's official as the actor. Answers what was
        erased, as ``nghedan person erase --json`` does.
        """
        who = self.principal(request)
        if who is None:
            raise ApiError(401, "auth.required", {"WWW-Authenticate": "Bearer"})
        if who.role not in ERASE_ROLES:
            raise ApiError(403, "auth.role_forbidden", role=who.role.value, action=ERASE_ACTION)
        _check_json_content_type(request)
        data = _parse_json(await self.read_body(request))
        problems: list[Problem] = []
        text = request.path_params["person_id"]
        subject = None
        try:
            subject = str(UUID(text))
        except ValueError:
            problems.append(
                Problem(
                    "path.person_id",
                    f"không phải mã UUID: {text[:100]!r}",
                    f"not a UUID: {text[:100]!r}",
                )
            )
        if not isinstance(data, dict):
            problems.append(Problem("$", "cần một đối tượng JSON", "expected an object"))
        else:
            if data.get("confirm") is not True:
                problems.append(
                    Problem(
                        "$.confirm",
                        "phải là true để xác nhận xoá vĩnh viễn; chưa xoá gì",
                        "must be true to confirm erasing for good; nothing erased",
                    )
                )
            problems.extend(
                Problem(f"$.{key}"[:120], "trường không được phép", "field not allowed")
                for key in sorted(set(data) - {"confirm"})
            )
        if problems or subject is None:
            raise InvalidInputError(problems)
        erasure = await run_in_threadpool(self._erase, who, subject)
        return _json(unstructure(erasure))

    def _erase(self, who: Principal, subject: str) -> Erasure:
        """Erase as the token's official: the core checks them (`authority.ERASURE`)."""
        if who.official is None:
            raise ApiError(403, "auth.official_token_required", action=ERASE_ACTION)
        try:
            return erase_person(self.app, subject, actor=who.official)
        except ActorError as e:
            if e.code == "actor.role_forbidden":
                raise ApiError(
                    403, "auth.role_forbidden", role=who.role.value, action=ERASE_ACTION
                ) from None
            if e.code == "actor.out_of_scope":
                raise ApiError(
                    403, "auth.out_of_scope", unit=e.params["unit"], scope=who.unit
                ) from None
            raise
        finally:
            self.views.mark_stale()

    async def list_commands(self, _request: Request) -> Response:
        """``GET /api/v1/commands``: every command and the roles that may send it."""
        return _json(
            [
                {
                    "command": n,
                    "path": f"/api/v1/commands/{n}",
                    "roles": sorted(r.value for r in COMMAND_ROLES[n]),
                }
                for n in COMMAND_NAMES
            ]
        )

    # --- views --------------------------------------------------------------------------

    def _public_or_scoped(
        self, request: Request, units: tuple[str | None, ...]
    ) -> Principal | None:
        """Public views: anyone; a token, when given, must be valid and cover `units`."""
        who = self.principal(request)
        if who is not None:
            self.check_scope(who, units)
        return who

    async def health(self, _request: Request) -> Response:
        """``GET /api/v1/health``: a constant answer (liveness; the benchmark's baseline)."""
        return _HEALTH

    async def units(self, request: Request) -> Response:
        """``GET /api/v1/units``: every registered unit."""
        self.principal(request)
        return _json([unstructure(u) for u in self.views.queries.units()])

    async def report(self, request: Request) -> Response:
        """``GET /api/v1/report?from&to&unit``: the period report (= ``nghedan report --json``)."""
        start, end = _date_param(request, "from"), _date_param(request, "to")
        units = _units_param(request)
        if end < start:
            raise ApiError(422, "report.period_reversed", date_from=start, date_to=end)
        who = self.principal(request)
        if who is not None:
            units = units or (who.unit,)
            self.check_scope(who, units)
        return Response(self.views.report_bytes(start, end, units), media_type="application/json")

    async def ledger(self, request: Request) -> Response:
        """``GET /api/v1/ledger?unit``: every receipt and payment with its running balance."""
        unit = _unit_param(request, required=True) or ""
        who = self._public_or_scoped(request, (unit,))
        view = self.views.queries.ledger(unit)
        data = {"unit": unit, "balance_vnd": view.balances[unit], "lines": view.lines}
        return _json(full_data(self.app.reveal(data)) if who else public_data(data))

    async def disclosure(self, request: Request) -> Response:
        """``GET /api/v1/disclosure?unit&month``: one month's public disclosure of a fund."""
        unit = _unit_param(request, required=True) or ""
        month = _month_param(request, "month")
        who = self._public_or_scoped(request, (unit,))
        d = self.views.queries.disclosure(unit, month)
        return _json(full_data(self.app.reveal(d)) if who else public_data(d))

    async def complaints(self, request: Request) -> Response:
        """``GET /api/v1/complaints?unit&status&now``: the complaint board."""
        unit = _unit_param(request, required=False)
        status_text = _one(request, "status")
        status = None
        if status_text is not None:
            try:
                status = ComplaintStatus(status_text)
            except ValueError:
                allowed = ", ".join(s.value for s in ComplaintStatus)
                raise problem(
                    "query.status", f"phải là một trong: {allowed}", f"one of: {allowed}"
                ) from None
        now = _datetime_param(request, "now")
        who = self.principal(request)
        if who is not None:
            if who.role not in READ_ROLES["complaints"]:  # pragma: no cover - all may
                raise ApiError(403, "auth.role_forbidden", role=who.role.value, action="read")
            unit = unit or who.unit
            self.check_scope(who, (unit,))
        board = self.views.queries.board((unit,) if unit else (), as_of=now, status=status)
        data = {
            "unit": unit,
            "now": board.now,
            "counts": {s.value: getattr(board.totals, s.value) for s in ComplaintStatus},
            "entries": board.entries,
        }
        return _json(full_data(self.app.reveal(data)) if who else public_data(data))

    async def quota(self, request: Request) -> Response:
        """``GET /api/v1/quota?unit``: visits against the monthly quota, per commune-month."""
        unit = _unit_param(request, required=False)
        who = self.principal(request)
        if who is not None:
            unit = unit or who.unit
            self.check_scope(who, (unit,))
        view = self.views.queries.quota((unit,) if unit else ())
        lines = [
            {**unstructure(line), "shortfall": line.shortfall, "met": line.met}
            for line in view.lines
        ]
        return _json({"unit": unit, "lines": lines})

    async def dossier(self, request: Request) -> Response:
        """``GET /api/v1/dossier?unit&month&level``: everything recorded for one session."""
        unit = _unit_param(request, required=True) or ""
        month = _month_param(request, "month")
        level = _level_param(request)
        who = self.require(request, "dossier")
        self.check_scope(who, (unit,))
        view = self.views.queries.session_dossier(unit, month, level)
        if not view.scheduled:
            raise ApiError(404, "view.not_found", what=f"buổi/session {unit} {month} {level}")
        return _json(full_data(self.app.reveal(view)))

    async def households(self, request: Request) -> Response:
        """``GET /api/v1/households?unit``: the history of every household of a unit."""
        unit = _unit_param(request, required=False)
        who = self.require(request, "households")
        unit = unit or who.unit
        self.check_scope(who, (unit,))
        view = self.views.queries.households((unit,))
        households = full_data(self.app.reveal(list(view.households.values())))
        return _json({"unit": unit, "households": households, "officials": view.officials})

    async def household(self, request: Request) -> Response:
        """``GET /api/v1/households/{household_id}``: one household's history."""
        raw = request.path_params["household_id"]
        try:
            hid = str(UUID(raw))
        except ValueError:
            raise problem("path.household_id", "không phải mã UUID", "not a UUID") from None
        who = self.require(request, "households")
        view = self.views.queries.households(household_ids=(hid,))
        record = view.of(hid)
        if record is None:
            raise ApiError(404, "view.not_found", what=f"hộ/household {hid}")
        self.check_scope(who, (record.unit,))
        officials = dict(sorted(view.officials.items()))
        return _json({"household": full_data(self.app.reveal(record)), "officials": officials})

    async def audit(self, request: Request) -> Response:
        """``GET /api/v1/audit?unit``: the fund audit — digest, invariant checks, totals."""
        units = _units_param(request)
        who = self.principal(request)
        if who is not None and units:
            self.check_scope(who, units)
        lang = lang_of(request)
        report = self.views.audit()
        data = report.to_dict(lang)
        covered = self.views.queries.covered(units)
        if covered is not None:
            data["totals"] = {u: t for u, t in data["totals"].items() if u in covered}
        return _json(data, lang=lang)

    def routes(self) -> list[Route]:
        """The API's routes (GET routes accept only the query parameters they document)."""
        from nghedan_http.openapi import openapi_document  # noqa: PLC0415 - avoid a cycle

        paths = openapi_document(max_body=1)["paths"]
        allowed: dict[str, frozenset[str]] = {
            path: frozenset(
                p["name"]
                for p in spec.get("get", {}).get("parameters", [])
                if p.get("in") == "query"
            )
            for path, spec in paths.items()
            if "get" in spec
        }

        def wrap(endpoint: Endpoint, path: str | None = None) -> Endpoint:
            known = allowed.get(path or "", frozenset())
            inner = self.wrap(endpoint)
            if path is None:
                return inner

            async def checked(request: Request) -> Response:
                unknown = sorted(set(request.query_params.keys()) - known)
                if unknown:
                    err = InvalidInputError(
                        [
                            Problem(
                                f"query.{name}",
                                "tham số không được phép",
                                "unknown query parameter",
                            )
                            for name in unknown
                        ]
                    )
                    return domain_error_response(err, lang_of(request))
                return await inner(request)

            checked.__name__ = inner.__name__
            checked.__doc__ = inner.__doc__
            return checked

        return [
            *(
                Route(path, wrap(endpoint, path), methods=["GET"])
                for path, endpoint in (
                    ("/api/v1/health", self.health),
                    ("/api/v1/units", self.units),
                    ("/api/v1/report", self.report),
                    ("/api/v1/ledger", self.ledger),
                    ("/api/v1/disclosure", self.disclosure),
                    ("/api/v1/complaints", self.complaints),
                    ("/api/v1/quota", self.quota),
                    ("/api/v1/dossier", self.dossier),
                    ("/api/v1/households", self.households),
                    ("/api/v1/households/{household_id}", self.household),
                    ("/api/v1/audit", self.audit),
                    ("/api/v1/commands", self.list_commands),
                )
            ),
            Route("/api/v1/commands/{name}", wrap(self.post_command), methods=["POST"]),
            Route("/api/v1/people/{person_id}/erase", wrap(self.erase), methods=["POST"]),
        ]

    @staticmethod
    def wrap(endpoint: Endpoint) -> Endpoint:
        """Turn every refusal into its JSON answer (the catch-all lives in `app`)."""

        async def wrapped(request: Request) -> Response:
            try:
                return await endpoint(request)
            except ApiError as e:
                return error_response(e, lang_of(request))
            except DomainError as e:
                return domain_error_response(e, lang_of(request))

        wrapped.__name__ = endpoint.__name__
        wrapped.__doc__ = endpoint.__doc__
        return wrapped


_HEALTH: Final = Response(b'{"status":"ok"}', media_type="application/json")


def _datetime_param(request: Request, name: str) -> datetime | None:
    text = _one(request, name)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is not None and moment.tzinfo is not None and not in_model_years(moment):
        raise problem(
            f"query.{name}",
            "phải trong các năm 2000 đến 2200 (giờ Việt Nam)",
            "must lie in the years 2000 to 2200 (Vietnam time)",
        )
    if moment is None or moment.tzinfo is None:
        raise problem(
            f"query.{name}",
            "cần ngày giờ ISO 8601 có múi giờ (vd 2024-03-04T08:00:00+07:00)",
            "expected an ISO 8601 date and time with an offset (e.g. 2024-03-04T08:00:00+07:00)",
        )
    return moment.astimezone(VIETNAM_TZ)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _check_json_content_type(request: Request) -> None:
    """415 unless the body is declared JSON in UTF-8 (no Content-Type at all: taken as JSON)."""
    header = request.headers.get("content-type")
    if header is None:
        return
    media, *params = (part.strip().lower() for part in header.split(";"))
    charsets = [p.partition("=")[2].strip().strip('"') for p in params if p.startswith("charset")]
    if (media != "application/json" and not media.endswith("+json")) or any(
        c not in {"utf-8", "utf8"} for c in charsets
    ):
        raise ApiError(415, "request.unsupported_media_type", media=header[:100])


def _parse_json(body: bytes) -> Any:
    """Strict JSON (UTF-8, no NaN/Infinity), else 400; half characters (lone surrogates), 422."""
    try:
        text = body.decode("utf-8")
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ApiError(400, "request.malformed_json") from None
    halves = lone_surrogate_paths(data)
    if halves:
        raise InvalidInputError(
            [
                Problem(
                    path,
                    "chứa nửa ký tự Unicode (\\ud800–\\udfff) không ghi được ra UTF-8",
                    "holds half a Unicode character (\\ud800–\\udfff) that cannot be"
                    " written as UTF-8",
                )
                for path in halves
            ]
        )
    return data


def _recorded(r: Recorded) -> dict[str, Any]:
    return {
        "stream_id": str(r.originator_id),
        "version": r.originator_version,
        "topic": r.topic,
        "recorded_at": r.recorded_at.isoformat(),
        "hash": r.hash,
        "event": unstructure(r.event),
    }


def _check_own_act(who: Principal, command: Command) -> None:
    """403 unless the official a command names as acting is the token's own (ADR 0017).

    The body names the official (``approver``, ``requested_by``...); the adapter does not
    fill it in, it checks it: a token of one leader never approves for another.
    """
    name = type(command).__name__
    field = ACTING_FIELDS.get(name)
    if field is None:
        return
    named = getattr(command, field)
    acting = set(named) if isinstance(named, tuple) else {named}
    if not acting:
        return
    if who.official is None:
        raise ApiError(403, "auth.official_token_required", action=name)
    if acting != {who.official}:
        raise ApiError(
            403,
            "auth.not_own_act",
            action=name,
            field=field,
            official=str(who.official),
        )
