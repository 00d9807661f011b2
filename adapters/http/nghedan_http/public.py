"""The public disclosure board (bảng công khai): server-rendered Vietnamese HTML.

No token, no JavaScript, prints on A4. For each unit: the period report, the fund's
receipts and payments by month with the running balance (and line by line), the outcomes
of complaints, the disclosures published and the digest of the history they disclosed —
**without personal data**: the data handed to the templates have already been through
`nghedan_http.redact.public_data`, which drops every field marked personal, so no
template can show a citizen's or a household head's name, phone or address by mistake.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Final

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from nghedan_cli.reading import report_rows
from nghedan_core import FundNotOpenedError, UnknownUnitError, Vnd
from nghedan_core.messages import VOCABULARY, word
from nghedan_core.projections import LedgerView
from nghedan_http.redact import public_data
from nghedan_http.views import LiveViews

__all__ = ["PublicPages", "money"]

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"

_COMMUNE_LEVEL: Final = {"commune", "ward", "town", "special_zone"}


def money(vnd: int) -> str:
    """``26.500.000 đ`` (negative amounts with a leading minus)."""
    return str(Vnd(vnd)) if vnd >= 0 else "-" + str(Vnd(-vnd))


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _label(value: str | None) -> str:
    if value is None:
        return ""
    return word(value, "vi", "LedgerSource")


def environment() -> jinja2.Environment:
    """The Jinja2 environment (autoescaped) with the Vietnamese filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["number"] = _number
    env.filters["label"] = _label
    env.filters["status"] = lambda s: word(s, "vi", "ComplaintStatus")
    env.filters["kind"] = lambda k: word(k, "vi", "LineKind").capitalize()
    env.filters["dmy"] = _dmy
    return env


def _dmy(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return f"{day:%d/%m/%Y}"


class PublicPages:
    """The public pages: the list of units and each unit's disclosure board."""

    def __init__(self, views: LiveViews) -> None:
        """Render from `views`."""
        self.views = views
        self.env = environment()

    def _render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers={"Content-Language": "vi"})

    async def index(self, _request: Request) -> Response:
        """``/``: the units with a public board."""
        queries = self.views.queries
        balances = queries.balances()
        units = [
            {"code": u.code, "name": u.name, "kind": u.kind, "has_fund": u.code in balances}
            for u in queries.units()
            if u.kind in _COMMUNE_LEVEL
        ]
        audit = self.views.audit()
        return self._render(
            "index.html",
            units=units,
            digest=audit.digest,
            events=audit.events,
            passed=audit.passed,
        )

    async def unit_page(self, request: Request) -> Response:
        """``/cong-khai/{unit}?nam=YYYY``: one unit's disclosure board."""
        code = request.path_params["unit"]
        queries = self.views.queries
        try:
            unit = queries.unit(code)
        except UnknownUnitError:
            return self._render("not_found.html", status=404, code=code)
        year_text = request.query_params.get("nam")
        try:
            ledger: LedgerView | None = queries.ledger(code)
        except FundNotOpenedError:
            ledger = None
        lines = ledger.lines if ledger is not None else ()
        if year_text is not None:
            # ASCII digits only: "²".isdigit() holds but int("²") fails
            if not (year_text.isascii() and year_text.isdigit() and 2000 <= int(year_text) <= 2200):
                return self._render("not_found.html", status=404, code=f"{code} ({year_text})")
            year = int(year_text)
        else:
            days = [line.day for line in lines] + [
                e.raised_at.date() for e in queries.board((code,)).entries
            ]
            year = max(days).year if days else self.views.app.clock().year
        start, end = date(year, 1, 1), date(year, 12, 31)
        report = self.views.report_json(start, end, (code,))
        months = [
            {
                "month": f"{d.period_from.month:02d}/{year}",
                "opening": d.opening_vnd,
                "receipts": d.receipts_vnd,
                "payments": d.payments_vnd,
                "reversals": d.reversals_vnd,
                "closing": d.closing_vnd,
                "lines": public_data(d.lines),
            }
            for d in (queries.disclosures_of_year(code, year) if ledger is not None else ())
        ]
        board = queries.board((code,), raised_from=start, raised_to=end)
        counts = {status: getattr(board.totals, status) for status in VOCABULARY["ComplaintStatus"]}
        published = [
            public_data(d)
            for d in (queries.published_disclosures(code, year) if ledger is not None else ())
        ]
        audit = self.views.audit()
        years = sorted({line.day.year for line in lines} | {year})
        return self._render(
            "unit.html",
            unit=public_data(unit),
            year=year,
            years=years,
            report_rows=report_rows(report, "vi"),
            months=months,
            balance=ledger.balances[code] if ledger is not None else None,
            complaints=public_data(board.entries),
            counts=counts,
            total_complaints=board.totals.total,
            published=published,
            digest=audit.digest,
            events=audit.events,
            passed=audit.passed,
            checks=[c.to_dict("vi") for c in audit.checks],
        )

    def routes(self) -> list[Route]:
        """The public routes."""
        return [
            Route("/", self.index, methods=["GET"]),
            Route("/cong-khai/{unit}", self.unit_page, methods=["GET"]),
        ]
