"""The OpenAPI 3.1 document, generated from the attrs classes.

Request bodies and response bodies are the core's JSON Schema (`nghedan_core.schema`, built
from the one walk over attrs fields, `nghedan_core.fields`): each command's fields with the
constraints of their validators, and each view class of `nghedan_core.projections` as the API
renders it; query parameters take the core's patterns too (unit codes, months written either
way, dates). This module only wraps them into paths, parameters and responses; every path
lists every status it can answer with, errors included.
"""

from __future__ import annotations

from typing import Any, Final

from nghedan_core import COMMANDS, __version__
from nghedan_core.projections import (
    BoardEntry,
    DisclosureView,
    DossierView,
    HouseholdRecord,
    LedgerLine,
    QuotaLine,
)
from nghedan_core.projections.complaints import ComplaintStatus
from nghedan_core.projections.report import PeriodReportView
from nghedan_core.schema import (
    DATE_PATTERN,
    MONTH_NOTATION_PATTERN,
    UNIT_CODE,
    command_schemas,
    view_schema,
)
from nghedan_core.values import SessionLevel
from nghedan_http.access import COMMAND_ROLES, ERASE_ROLES, READ_ROLES
from nghedan_http.views import UnitEntry

__all__ = ["openapi_document"]


def _obj(properties: dict[str, Any], *, required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


_ERROR: Final = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable error code."},
        "message": {"type": "string", "description": "Vietnamese, or English on request."},
        "params": {"type": "object"},
        "problems": {
            "type": "array",
            "items": _obj({"path": {"type": "string"}, "message": {"type": "string"}}),
        },
    },
    "required": ["code", "message"],
}

_ERRORS: Final = {
    "400": "Malformed JSON (not UTF-8, not JSON, NaN/Infinity).",
    "401": "No token where one is required, or a token that is invalid, expired or revoked.",
    "403": "The token's role may not do this, or the unit is outside its scope.",
    "404": "Unknown command, record or view.",
    "409": "Conflicts with the current state: already exists, wrong state, concurrent write.",
    "413": "The body is larger than the server's limit.",
    "415": "The body is not declared as JSON (Content-Type: application/json; UTF-8).",
    "422": "Invalid fields (every problem with its JSON path) or a rule of the domain refused it"
    " (stable code).",
    "429": "Too many failed authentications from this client in the last minute (Retry-After).",
}


def _error_responses(*codes: str) -> dict[str, Any]:
    return {
        code: {
            "description": _ERRORS[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(
    name: str,
    schema: dict[str, Any],
    description: str,
    *,
    required: bool = False,
    repeat: bool = False,
) -> dict[str, Any]:
    param: dict[str, Any] = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "array", "items": schema} if repeat else schema,
    }
    if repeat:
        param["style"] = "form"
        param["explode"] = True
    return param


_UNIT: Final = UNIT_CODE
_LANG_HEADER: Final = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": "`en` for English messages; Vietnamese by default.",
    "schema": {"type": "string"},
}

_AUDIT: Final = _obj(
    {
        "events": {"type": "integer"},
        "last_position": {"type": "integer"},
        "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "passed": {"type": "boolean"},
        "first_break": {"anyOf": [{"type": "object"}, {"type": "null"}]},
        "checks": {
            "type": "array",
            "items": _obj(
                {
                    "code": {"type": "string"},
                    "passed": {"type": "boolean"},
                    "detail": {"type": "string"},
                    "first_position": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                    "violations": {"type": "integer"},
                }
            ),
        },
        "totals": {"type": "object", "additionalProperties": {"type": "object"}},
    }
)

_RECORDED: Final = _obj(
    {
        "command": {"type": "string"},
        "recorded": {"type": "integer", "minimum": 0},
        "events": {
            "type": "array",
            "items": _obj(
                {
                    "stream_id": {"type": "string", "format": "uuid"},
                    "version": {"type": "integer", "minimum": 1},
                    "topic": {"type": "string"},
                    "recorded_at": {"type": "string", "format": "date-time"},
                    "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "event": {"type": "object"},
                }
            ),
        },
    }
)

_PUBLIC_SECURITY: Final[list[dict[str, list[str]]]] = [{}, {"bearer": []}]
_TOKEN_SECURITY: Final[list[dict[str, list[str]]]] = [{"bearer": []}]


def _view(
    summary: str,
    description: str,
    schema: dict[str, Any],
    parameters: list[dict[str, Any]],
    *,
    public: bool = True,
    not_found: bool = False,
    tag: str = "views",
) -> dict[str, Any]:
    codes = ["401", "403", "422", "429"] + (["404"] if not_found else [])
    return {
        "get": {
            "tags": [tag],
            "summary": summary,
            "description": description,
            "operationId": "get_" + summary.split(maxsplit=1)[0].lower(),
            "parameters": [*parameters, _LANG_HEADER],
            "security": _PUBLIC_SECURITY if public else _TOKEN_SECURITY,
            "responses": {"200": _ok(schema), **_error_responses(*sorted(codes))},
        }
    }


def _command_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas = command_schemas()
    for cls in sorted(COMMANDS, key=lambda c: c.__name__):
        name = cls.__name__
        body = {k: v for k, v in schemas[name].items() if k not in {"$schema", "$id", "title"}}
        body["required"] = [r for r in body["required"] if r != "command"]
        roles = ", ".join(sorted(r.value for r in COMMAND_ROLES[name])) or "—"
        doc = (cls.__doc__ or name).strip().splitlines()[0]
        paths[f"/api/v1/commands/{name}"] = {
            "post": {
                "tags": ["commands"],
                "summary": doc,
                "description": f"{doc}\n\nRoles: {roles} (within the token's unit).",
                "operationId": name,
                "security": _TOKEN_SECURITY,
                "parameters": [_LANG_HEADER],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": body}},
                },
                "responses": {
                    "201": _ok(_RECORDED, "Recorded: the new events."),
                    "200": _ok(_RECORDED, "Already recorded (same command_id): nothing new."),
                    **_error_responses(
                        "400", "401", "403", "404", "409", "413", "415", "422", "429"
                    ),
                },
            }
        }
    return paths


def _erase_path() -> dict[str, Any]:
    roles = ", ".join(sorted(r.value for r in ERASE_ROLES))
    return {
        "post": {
            "tags": ["personal data"],
            "summary": "Erase a person's personal data for good",
            "description": (
                "Destroys the keys of the person's personal fields (and of the households they"
                " head; for a household id, its head's name too) and records"
                " `PersonalDataErased` (ids only). No stored event changes: the audit still"
                " passes, and every view shows `[đã xoá]` instead. The body must be"
                ' `{"confirm": true}`. Roles: '
                f"{roles}, on a token issued for an official, and every unit whose records hold"
                " the person's data must lie within the token's unit: checked by the core"
                " (`authority.ERASURE`), the event names the official as its `actor`"
                " (= `nghedan --as OFFICIAL person erase ID --yes --json`)."
            ),
            "operationId": "ErasePersonalData",
            "security": _TOKEN_SECURITY,
            "parameters": [
                {
                    "name": "person_id",
                    "in": "path",
                    "required": True,
                    "description": "A person's id, or a household, pledge or receipt id.",
                    "schema": {"type": "string", "format": "uuid"},
                },
                _LANG_HEADER,
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"confirm": {"const": True}},
                            "required": ["confirm"],
                            "additionalProperties": False,
                        }
                    }
                },
            },
            "responses": {
                "200": _ok(
                    _obj(
                        {
                            "subject_id": {"type": "string", "format": "uuid"},
                            "destroyed": {"type": "array", "items": {"type": "string"}},
                            "subjects": {"type": "array", "items": {"type": "string"}},
                            "position": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                        }
                    ),
                    "Erased: the keys destroyed now, every key of the person's data, and the"
                    " position of the `PersonalDataErased` event.",
                ),
                **_error_responses("400", "401", "403", "404", "413", "415", "422", "429"),
            },
        }
    }


def openapi_document(*, max_body: int) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document of the API."""
    units_repeat = _query(
        "unit",
        _UNIT,
        "Unit code (repeatable; units below and merged into it are included; a code never"
        " registered: 404 `unit.unknown`).",
        repeat=True,
    )
    unit_required = _query("unit", _UNIT, "Unit code.", required=True)
    unit_optional = _query(
        "unit",
        _UNIT,
        "Unit code (units below and merged into it included; a code never registered: 404"
        " `unit.unknown`); default: all, or the token's unit.",
    )
    month = _query(
        "month",
        {"type": "string", "pattern": MONTH_NOTATION_PATTERN},
        "Month YYYY-MM (or MM/YYYY).",
        required=True,
    )
    paths: dict[str, Any] = {
        "/api/v1/health": _view(
            "Health",
            "A constant answer.",
            _obj({"status": {"const": "ok"}}),
            [],
            tag="service",
        ),
        "/api/v1/units": _view(
            "Units",
            "Every registered unit.",
            {"type": "array", "items": view_schema(UnitEntry)},
            [],
        ),
        "/api/v1/report": _view(
            "Report",
            "The period report; its JSON equals `nghedan report --json`. With a token and no"
            " `unit`, the token's unit.",
            view_schema(PeriodReportView),
            [
                _query(
                    "from",
                    {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                    "First day (YYYY-MM-DD).",
                    required=True,
                ),
                _query(
                    "to",
                    {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                    "Last day (YYYY-MM-DD), not before `from`.",
                    required=True,
                ),
                units_repeat,
            ],
            not_found=True,
        ),
        "/api/v1/ledger": _view(
            "Ledger",
            "Every receipt and payment of a unit's fund with its running balance.",
            _obj(
                {
                    "unit": {"type": "string"},
                    "balance_vnd": {"type": "integer"},
                    "lines": {"type": "array", "items": view_schema(LedgerLine)},
                }
            ),
            [unit_required],
            not_found=True,
        ),
        "/api/v1/disclosure": _view(
            "Disclosure",
            "One month's public disclosure (công khai thu chi) of a unit's fund.",
            view_schema(DisclosureView),
            [unit_required, month],
            not_found=True,
        ),
        "/api/v1/complaints": _view(
            "Complaints",
            "The complaint board. Without a token, citizens' names are left out.",
            _obj(
                {
                    "unit": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "now": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
                    "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "entries": {"type": "array", "items": view_schema(BoardEntry)},
                }
            ),
            [
                unit_optional,
                _query(
                    "status",
                    {"type": "string", "enum": [s.value for s in ComplaintStatus]},
                    "Only complaints in this status.",
                ),
                _query(
                    "now",
                    {"type": "string", "format": "date-time"},
                    "The board as it stood at this time (with an offset): later events left"
                    " out, due/overdue judged then; default: now.",
                ),
            ],
            not_found=True,
        ),
        "/api/v1/quota": _view(
            "Quota",
            "Households visited against the monthly quota, per commune-month.",
            _obj(
                {
                    "unit": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "lines": {
                        "type": "array",
                        "items": {
                            **view_schema(QuotaLine),
                            "properties": {
                                **view_schema(QuotaLine)["properties"],
                                "shortfall": {"type": "integer"},
                                "met": {"type": "boolean"},
                            },
                        },
                    },
                }
            ),
            [unit_optional],
            not_found=True,
        ),
        "/api/v1/dossier": _view(
            "Dossier",
            "Everything recorded for one session. Roles: "
            + ", ".join(sorted(r.value for r in READ_ROLES["dossier"])),
            view_schema(DossierView),
            [
                unit_required,
                month,
                _query(
                    "level",
                    {"type": "string", "enum": [m.value for m in SessionLevel]},
                    "Session level (default commune).",
                ),
            ],
            public=False,
            not_found=True,
        ),
        "/api/v1/households": _view(
            "Households",
            "The history of every household of a unit. Roles: "
            + ", ".join(sorted(r.value for r in READ_ROLES["households"])),
            _obj(
                {
                    "unit": {"type": "string"},
                    "households": {"type": "array", "items": view_schema(HouseholdRecord)},
                    "officials": {"type": "object", "additionalProperties": {"type": "string"}},
                }
            ),
            [unit_optional],
            public=False,
            not_found=True,
        ),
        "/api/v1/households/{household_id}": _view(
            "Household",
            "One household's history.",
            _obj(
                {
                    "household": view_schema(HouseholdRecord),
                    "officials": {"type": "object", "additionalProperties": {"type": "string"}},
                }
            ),
            [
                {
                    "name": "household_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "format": "uuid"},
                }
            ],
            public=False,
            not_found=True,
        ),
        "/api/v1/audit": _view(
            "Audit",
            "The fund audit of the whole history: digest, invariant checks, totals per fund.",
            _AUDIT,
            [units_repeat],
            not_found=True,
        ),
        "/api/v1/commands": _view(
            "Commands",
            "Every command and the roles that may send it.",
            {
                "type": "array",
                "items": _obj(
                    {
                        "command": {"type": "string"},
                        "path": {"type": "string"},
                        "roles": {"type": "array", "items": {"type": "string"}},
                    }
                ),
            },
            [],
            tag="commands",
        ),
        **_command_paths(),
        "/api/v1/people/{person_id}/erase": _erase_path(),
    }
    for path in ("/api/v1/health", "/api/v1/units", "/api/v1/commands"):
        responses = paths[path]["get"]["responses"]
        for code in ("403", "422"):
            responses.pop(code, None)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "nghedan — Nghe dân nói – Làm dân tin",
            "version": __version__,
            "description": (
                "Commands as POST (one path per command, body = its fields, parsed by the"
                " core's one converter), views as GET. Errors: "
                "`{code, message, params | problems}`, Vietnamese by default, English with "
                f"`Accept-Language: en`. Request bodies above {max_body} bytes are refused "
                "(413). Text must be Unicode NFC without control characters or bidirectional"
                " controls, and show at least one character that is not invisible (zero-width,"
                " format characters); whole numbers are "
                "written without a fraction (5, not 5.0); times need an "
                "offset; the dates and times of a command must lie in the years 2000 to 2200 "
                "(Vietnam time)."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "tags": [
            {"name": "commands", "description": "Record what happened (token required)."},
            {"name": "views", "description": "Read the materialised views."},
            {"name": "service", "description": "Service endpoints."},
            {
                "name": "personal data",
                "description": "Erase a person's personal data (token of a leader required).",
            },
        ],
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `nghedan token issue --role ROLE --unit CODE`.",
                }
            },
        },
    }
