"""Reading commands: ``report``, ``ledger``, ``disclosure`` (and the demo's summary).

They replay the log into the core's shared projections and print them: a Vietnamese table
for people (money as ``26.500.000 đ``; in English, ``--lang en``, ``26,500,000 VND``: the
catalogue's `format_money`), ``--json`` for machines, CSV (with a UTF-8 BOM so Excel opens
it) and XLSX files for the commune office.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nghedan_cli.base import LocalizedCommand, LocalizedOption, echo_json, env_of, lang_of, problem
from nghedan_core import figures, notation
from nghedan_core.errors import Lang
from nghedan_core.messages import format_money, format_month, format_number, word
from nghedan_core.notation import NotationError

if TYPE_CHECKING:
    from nghedan_core.projections import PeriodReportView

__all__ = ["disclosure_command", "ledger_command", "print_demo_summary", "report_command"]


def _date(value: str, option: str) -> date:
    try:
        return notation.parse_date(value, option)
    except NotationError as refused:
        raise problem(option, refused.vi, refused.en) from None


#: the name of the table's row of each tally (count — value); every other row is named as
#: its figure in the catalogue of figures, and rows follow the catalogue's order
_TALLIES: dict[str, tuple[str, str]] = {
    "gifts": ("Quà tặng khi thăm hỏi", "Gifts on visits"),
    "households_supported": ("Hộ được hỗ trợ", "Households supported"),
    "houses_built": ("Nhà tình thương xây mới", "Charity houses built"),
    "houses_repaired": ("Nhà được sửa chữa", "Houses repaired"),
    "toilets_built": ("Nhà vệ sinh", "Toilets built"),
}
#: figures the table shows elsewhere (the title, one quota row) or within a tally's row
_NOT_ROWS: frozenset[str] = frozenset({"from", "to", "units", "quota"})


def _cell(key: str, value: Any, lang: Lang) -> str:
    if key == "resolution_rate":
        return f"{format_number(value * 100, lang, 1)} %"
    if key == "volunteer_km":
        return f"{format_number(value, lang, 1)} km"
    if key.startswith("fund."):
        return format_money(value, lang)
    return format_number(value, lang)


def report_rows(data: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """The report as (label, value) rows in `lang`."""
    rows: list[tuple[str, str]] = []
    for figure in figures.figures_of("report"):
        head, _, leaf = figure.field.partition(".")
        if head in _NOT_ROWS or leaf == "value_vnd":
            continue
        if leaf == "count":
            vi, en = _TALLIES[head]
            tally = data[head]
            count = format_number(tally["count"], lang)
            rows.append(
                (vi if lang == "vi" else en, f"{count} — {format_money(tally['value_vnd'], lang)}")
            )
        else:
            value = data[head][leaf] if leaf else data[head]
            rows.append((figure.label(lang), _cell(figure.field, value, lang)))
    quota = data["quota"]
    rows.append(
        (
            "Chỉ tiêu thăm hỏi (đạt/yêu cầu; số tháng chưa đạt)"
            if lang == "vi"
            else "Visit quota (achieved/required; months short)",
            f"{quota['achieved']}/{quota['required']}; {quota['shortfall_months']}",
        )
    )
    return rows


class _ReportCommand(LocalizedCommand):
    """The ``report`` command: its help ends with what each figure of the report means."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The definitions of the report's figures, in the chosen language."""
        lang = lang_of(ctx)
        title = "Định nghĩa các chỉ tiêu" if lang == "vi" else "What the figures mean"
        with formatter.section(title):
            formatter.write_dl(
                [(f.label(lang), f.definition(lang)) for f in figures.figures_of("report")]
            )
            formatter.write_paragraph()
            formatter.write_text(
                "Khóa JSON của từng chỉ tiêu: docs/figures.md."
                if lang == "vi"
                else "The JSON key of each figure: docs/figures.md."
            )
        super().format_epilog(ctx, formatter)


def print_table(rows: list[tuple[str, str]], title: str) -> None:
    """A two-column table."""
    width = max(len(label) for label, _ in rows)
    click.echo(title)
    click.echo("-" * (width + 24))
    for label, value in rows:
        click.echo(f"{label.ljust(width)}  {value}")


def build_report(
    ctx: click.Context, date_from: date, date_to: date, units: tuple[str, ...]
) -> PeriodReportView:
    """The period report, from the core's read side, as it stands now."""
    env = env_of(ctx)
    return env.queries.report(units, date_from, date_to, as_of=env.app.clock())


@click.command(
    "report",
    cls=_ReportCommand,
    help_vi_en=(
        "Báo cáo kết quả thực hiện mô hình theo kỳ, cho một hoặc nhiều đơn vị.",
        "The period report of the model, for one or more units.",
    ),
    example="--from 01/01/2024 --to 30/06/2024 --unit 29257",
)
@click.option(
    "--from",
    "date_from",
    cls=LocalizedOption,
    required=True,
    metavar="DATE",
    help_vi_en=("Từ ngày.", "From date."),
)
@click.option(
    "--to",
    "date_to",
    cls=LocalizedOption,
    required=True,
    metavar="DATE",
    help_vi_en=("Đến ngày.", "To date."),
)
@click.option(
    "--unit",
    "units",
    cls=LocalizedOption,
    multiple=True,
    metavar="CODE",
    help_vi_en=(
        "Mã đơn vị (lặp lại được; mặc định tất cả).",
        "Unit code (repeatable; default all).",
    ),
)
@click.option(
    "--csv",
    "csv_path",
    cls=LocalizedOption,
    metavar="FILE",
    help_vi_en=(
        "Ghi ra tệp CSV (UTF-8 có BOM, mở được bằng Excel).",
        "Write a CSV file (UTF-8 with BOM, opens in Excel).",
    ),
)
@click.option(
    "--xlsx",
    "xlsx_path",
    cls=LocalizedOption,
    metavar="FILE",
    help_vi_en=("Ghi ra tệp Excel .xlsx.", "Write an Excel .xlsx file."),
)
@click.pass_context
def report_command(
    ctx: click.Context,
    date_from: str,
    date_to: str,
    units: tuple[str, ...],
    csv_path: str | None,
    xlsx_path: str | None,
) -> None:
    """The period report."""
    lang = lang_of(ctx)
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    if end < start:
        raise problem(
            "--to", "ngày kết thúc trước ngày bắt đầu", "the end date is before the start date"
        )
    view = build_report(ctx, start, end, units)
    data = view.to_json()
    rows = report_rows(data, lang)
    if csv_path:
        with Path(csv_path).open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(
                ["Chỉ tiêu" if lang == "vi" else "Figure", "Kết quả" if lang == "vi" else "Value"]
            )
            writer.writerows(rows)
    if xlsx_path:
        _write_xlsx(Path(xlsx_path), rows, data, lang)
    if env_of(ctx).json:
        echo_json(data)
        return
    scope = ", ".join(units) if units else ("tất cả đơn vị" if lang == "vi" else "all units")
    title = (
        f'BÁO CÁO KẾT QUẢ "NGHE DÂN NÓI – LÀM DÂN TIN" '
        f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} ({scope})"
        if lang == "vi"
        else f'"Nghe dân nói – Làm dân tin" report from {start} to {end} ({scope})'
    )
    print_table(rows, title)


def _write_xlsx(path: Path, rows: list[tuple[str, str]], data: dict[str, Any], lang: Lang) -> None:
    try:
        from openpyxl import Workbook  # noqa: PLC0415
    except ImportError:
        raise problem(
            "--xlsx",
            "cần gói openpyxl: pip install 'nghedan[cli]'",
            "needs openpyxl: pip install 'nghedan[cli]'",
        ) from None
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bao cao" if lang == "vi" else "Report"
    sheet.append(["Chỉ tiêu" if lang == "vi" else "Figure", "Kết quả" if lang == "vi" else "Value"])
    for row in rows:
        sheet.append(list(row))
    sheet.append([])
    for key in ("from", "to"):
        day = date.fromisoformat(data[key])
        sheet.append([figures.label(f"report.{key}", lang), f"{day:%d/%m/%Y}"])
    book.save(path)


@click.command(
    "ledger",
    cls=LocalizedCommand,
    help_vi_en=(
        "Sổ quỹ: từng khoản thu, chi với số dư lũy kế và vị trí sự kiện.",
        "The fund ledger: every receipt and payment with its running balance and event position.",
    ),
    example="--unit 29257",
)
@click.option(
    "--unit",
    required=True,
    cls=LocalizedOption,
    metavar="CODE",
    help_vi_en=("Mã đơn vị.", "Unit code."),
)
@click.pass_context
def ledger_command(ctx: click.Context, unit: str) -> None:
    """The fund ledger of one unit."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    view = env.queries.ledger(unit)
    lines = view.lines
    if env.json:
        echo_json({"unit": unit, "balance_vnd": view.balances[unit], "lines": lines})
        return
    head = (
        ("Vị trí", "Ngày", "Loại", "Số tiền", "Số dư", "Nguồn/mục đích")
        if lang == "vi"
        else ("Position", "Date", "Kind", "Amount", "Balance", "Source/purpose")
    )
    click.echo(f"{'SỔ QUỸ' if lang == 'vi' else 'FUND LEDGER'} {unit}")
    click.echo(
        f"{head[0]:>8}  {head[1]:<10}  {head[2]:<16}  {head[3]:>16}  {head[4]:>16}  {head[5]}"
    )
    for line in lines:
        kind = word(line.kind, lang).capitalize()
        click.echo(
            f"{line.position:>8}  {line.day:%d/%m/%Y}  {kind:<16}  {format_money(line.amount_vnd, lang):>16}  "
            f"{format_money(line.balance_vnd, lang):>16}  {line.donor or _label(line.source, lang)}"
        )
    click.echo(
        f"{'Số dư' if lang == 'vi' else 'Balance'}: {format_money(view.balances[unit], lang)}"
    )


@click.command(
    "disclosure",
    cls=LocalizedCommand,
    help_vi_en=(
        "Bảng công khai thu chi của quỹ theo tháng (in được).",
        "The fund's monthly public disclosure of receipts and payments (printable).",
    ),
    example="--unit 29257 --month 2024-03",
)
@click.option(
    "--unit",
    required=True,
    cls=LocalizedOption,
    metavar="CODE",
    help_vi_en=("Mã đơn vị.", "Unit code."),
)
@click.option(
    "--month",
    required=True,
    cls=LocalizedOption,
    metavar="YYYY-MM",
    help_vi_en=("Tháng công khai.", "Month disclosed."),
)
@click.pass_context
def disclosure_command(ctx: click.Context, unit: str, month: str) -> None:
    """The disclosure of one unit's fund for one month."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    try:
        m = notation.parse_month(month, "--month")
    except NotationError as refused:
        raise problem("--month", refused.vi, refused.en) from None
    d = env.queries.disclosure(unit, m)
    if env.json:
        echo_json(d)
        return
    vi = lang == "vi"
    click.echo(
        ("CÔNG KHAI THU CHI QUỸ HỖ TRỢ — " if vi else "FUND DISCLOSURE — ")
        + f"{unit}, {format_month(m)}"
    )
    corrected = (
        (
            ("Đính chính tăng", "Corrections in", d.corrections_in_vnd),
            ("Đính chính giảm", "Corrections out", d.corrections_out_vnd),
        )
        if d.corrections
        else ()
    )
    for text_vi, text_en, value in (
        ("Tồn đầu kỳ", "Opening", d.opening_vnd),
        ("Thu trong kỳ", "Receipts", d.receipts_vnd),
        ("Chi trong kỳ", "Payments", d.payments_vnd),
        ("Hoàn chi", "Reversals", d.reversals_vnd),
        *corrected,
        ("Tồn cuối kỳ", "Closing", d.closing_vnd),
    ):
        click.echo(f"  {(text_vi if vi else text_en):<14} {format_money(value, lang):>18}")
    click.echo("")
    for line in d.lines:
        sign = "+" if line.kind.value != "payment" else "-"
        who = line.donor or _label(line.source, lang)
        click.echo(f"  {line.day:%d/%m/%Y}  {sign}{format_money(line.amount_vnd, lang):>16}  {who}")
    if d.corrections:
        click.echo("")
        click.echo("  Đính chính kỳ đã công khai:" if vi else "  Corrections of published periods:")
    for line in d.corrections:
        sign = "+" if line.kind.value != "payment" else "-"
        who = line.donor or _label(line.source, lang)
        click.echo(
            f"  {line.day:%d/%m/%Y}  {sign}{format_money(line.amount_vnd, lang):>16}  {who} — {line.correction}"
        )


def _label(value: str, lang: str) -> str:
    return word(value, "en" if lang == "en" else "vi", "LedgerSource")


def print_demo_summary(ctx: click.Context) -> None:
    """After the demo: the period report and the audit summary."""
    from nghedan_core.audit import audit  # noqa: PLC0415 - the audit loads when used
    from nghedan_core.demo import DEMO_FROM, DEMO_TO  # noqa: PLC0415

    env = env_of(ctx)
    lang = lang_of(ctx)
    view = build_report(ctx, DEMO_FROM, DEMO_TO, ())
    result = audit(env.records(), config=env.config, lines=False)
    if env.json:
        echo_json({"report": view.to_json(), "audit": result.to_dict(lang)})
        return
    title = (
        "BÁO CÁO 6 THÁNG ĐẦU NĂM 2024 — 11 xã, thị trấn huyện Cầu Kè"
        if lang == "vi"
        else "First half of 2024 — Cầu Kè district's 11 communes and towns"
    )
    print_table(report_rows(view.to_json(), lang), title)
    click.echo("")
    verdict = (
        ("ĐẠT" if result.passed else "KHÔNG ĐẠT")
        if lang == "vi"
        else ("PASSED" if result.passed else "FAILED")
    )
    click.echo(("Kiểm toán quỹ: " if lang == "vi" else "Fund audit: ") + verdict)
    click.echo(
        f"  {'Số sự kiện' if lang == 'vi' else 'Events'}: {format_number(result.events, lang)}"
    )
    click.echo(f"  {'Mã tổng hợp lịch sử' if lang == 'vi' else 'History digest'}: {result.digest}")
    for check in result.checks:
        mark = "✓" if check.passed else "✗"
        click.echo(f"  {mark} {check.message(lang)}")
