"""*Thì* steps: check outcomes against the core's events, refusals and projections.

Refusals are checked by their stable code and/or their Vietnamese message (ids replaced by
the names the scenario gave); figures are read from the same projections the CLI and HTTP
adapters show: the period report, the fund ledger and disclosure, quota compliance, the
complaint board, the household history, and the fund audit.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Final

from nghedan_bdd.parsing import (
    ParseError,
    nfc,
    parse_date,
    parse_int,
    parse_km,
    parse_money,
    parse_month,
    parse_percent,
)
from nghedan_bdd.steps._registry import step
from nghedan_bdd.steps.given import table_rows
from nghedan_bdd.vocabulary import MONEY, NAMES, SESSION, enum_value, names
from nghedan_bdd.world import BddError, World
from nghedan_core import ComplaintOutcome, DisclosurePublished, SessionStatus, session_id
from nghedan_core.aggregates import complaint as complaint_
from nghedan_core.aggregates import session as session_
from nghedan_core.audit import audit, verify
from nghedan_core.errors import FundNotOpenedError
from nghedan_core.projections import LedgerView
from nghedan_core.values import label_vi

__all__: list[str] = []

OUTCOMES = "Kết quả lệnh"
FUND = "Quỹ hỗ trợ"
REPORT = "Báo cáo định kỳ"
QUOTA = "Chỉ tiêu thăm hỏi"
COMPLAINTS = "Ý kiến, kiến nghị"
HOUSEHOLDS = "Hộ được hỗ trợ"
SESSIONS = "Buổi làm việc"
AUDIT = "Kiểm toán quỹ"


def _same(a: str, b: str) -> bool:
    return " ".join(nfc(a).split()) == " ".join(nfc(b).split())


# --- outcomes -----------------------------------------------------------------------------


@step(
    "then",
    r"lệnh được chấp nhận",
    description="Bước Khi vừa rồi được chấp nhận (không bị từ chối).",
    example="lệnh được chấp nhận",
    section=OUTCOMES,
)
def _accepted(nghedan_world: World) -> None:
    nghedan_world.accepted()


@step(
    "then",
    r"(?:sự kiện|các sự kiện) (?P<events>" + NAMES + r") được ghi nhận",
    description="Bước Khi vừa rồi ghi nhận đúng các sự kiện này (tên sự kiện như trong lược"
    " đồ, theo thứ tự).",
    example='các sự kiện "VisitConducted", "DisbursementMade" và "SupportDelivered" được ghi nhận',
    section=OUTCOMES,
)
def _events(nghedan_world: World, events: str) -> None:
    recorded = [type(r.event).__name__ for r in nghedan_world.accepted()]
    wanted = names(events)
    if recorded != wanted:
        raise BddError(
            f"Mong đợi sự kiện {', '.join(wanted)}; thực tế: {', '.join(recorded) or 'không có'}."
        )


@step(
    "then",
    r"không có sự kiện nào được ghi nhận",
    description="Bước Khi vừa rồi không ghi gì (bị từ chối vì một quy tắc, hoặc lệnh không làm"
    " thay đổi gì); một tên chưa có trong kịch bản làm bước này không đạt, kèm các tên đã có.",
    example="không có sự kiện nào được ghi nhận",
    section=OUTCOMES,
)
def _no_events(nghedan_world: World) -> None:
    last = nghedan_world.last()
    last.checked = True
    if last.error is not None:
        nghedan_world.refusal(named=False)  # a name written wrongly is not "nothing recorded"
    if last.recorded:
        found = ", ".join(type(r.event).__name__ for r in last.recorded)
        raise BddError(f"Mong đợi không ghi gì, nhưng đã ghi: {found}.")


def _check_code(world: World, code: str) -> None:
    refusal = world.refusal()
    if refusal.code != code:
        raise BddError(
            f'Mong đợi bị từ chối với mã "{code}", nhưng mã là "{refusal.code}":'
            f" {world.message(refusal)}"
        )


def _check_message(world: World, message: str) -> None:
    refusal = world.refusal()
    actual = world.message(refusal)
    if not _same(actual, message):
        raise BddError(
            f'Mong đợi thông báo "{message}", nhưng thông báo là "{actual}" [{refusal.code}].'
        )


@step(
    "then",
    r"bị từ chối",
    description="Bước Khi vừa rồi bị từ chối, vì một quy tắc (không phải vì một tên chưa có:"
    " tên viết sai làm bước này không đạt, kèm các tên đã có; muốn kiểm tra điều đó, hãy viết"
    ' bị từ chối với mã "not_found").',
    example="bị từ chối",
    section=OUTCOMES,
)
def _refused(nghedan_world: World) -> None:
    nghedan_world.refusal(named=False)


@step(
    "then",
    r"bị từ chối với mã \"(?P<code>[^\"]+)\"",
    description="Bước Khi vừa rồi bị từ chối với mã lỗi ổn định này"
    " (vd. fund.insufficient_balance).",
    example='bị từ chối với mã "fund.insufficient_balance"',
    section=OUTCOMES,
)
def _refused_code(nghedan_world: World, code: str) -> None:
    _check_code(nghedan_world, code)


@step(
    "then",
    r"bị từ chối với thông báo \"(?P<message>.+)\"",
    description="Bước Khi vừa rồi bị từ chối với đúng thông báo tiếng Việt này (tên thay cho mã).",
    example='bị từ chối với thông báo "Số dư quỹ 1.000.000 đ không đủ để chi 2.000.000 đ."',
    section=OUTCOMES,
)
def _refused_message(nghedan_world: World, message: str) -> None:
    _check_message(nghedan_world, message)


@step(
    "then",
    r"bị từ chối với mã \"(?P<code>[^\"]+)\" và thông báo \"(?P<message>.+)\"",
    description="Bước Khi vừa rồi bị từ chối với mã và thông báo này.",
    example='bị từ chối với mã "answers.basis_required" và thông báo "Trả lời tại chỗ phải nêu'
    ' căn cứ pháp lý/chính sách; nếu chưa rõ, hãy tiếp thu và hẹn."',
    section=OUTCOMES,
)
def _refused_both(nghedan_world: World, code: str, message: str) -> None:
    _check_code(nghedan_world, code)
    _check_message(nghedan_world, message)


@step(
    "then",
    r"thông báo từ chối có chứa \"(?P<text>[^\"]+)\"",
    description="Thông báo từ chối của bước Khi vừa rồi có chứa đoạn chữ này.",
    example='thông báo từ chối có chứa "không đủ để chi"',
    section=OUTCOMES,
)
def _refusal_contains(nghedan_world: World, text: str) -> None:
    refusal = nghedan_world.refusal()
    actual = nghedan_world.message(refusal)
    if nfc(text) not in actual:
        raise BddError(f'Thông báo "{actual}" không có đoạn "{text}".')


# --- the fund -----------------------------------------------------------------------------


@step(
    "then",
    r"số dư quỹ của \"(?P<unit>[^\"]+)\" là " + MONEY,
    description="Số dư hiện tại của quỹ.",
    example='số dư quỹ của "Ninh Thới" là 8.000.000 đồng',
    section=FUND,
)
def _balance(nghedan_world: World, unit: str, amount: str) -> None:
    wanted = parse_money(amount)
    fund = nghedan_world.reader().fund(nghedan_world.unit(unit))
    if fund is None:
        raise BddError(f'"{unit}" chưa lập quỹ.')
    if fund.balance != wanted:
        raise BddError(f"Số dư quỹ của {unit} là {fund.balance}, không phải {wanted}.")


_KINDS: Final = {"thu": "receipt", "chi": "payment", "hoàn chi": "reversal"}


@step(
    "then",
    r"sổ quỹ của \"(?P<unit>[^\"]+)\" có các dòng:",
    description="Sổ quỹ có đúng các dòng này, theo thứ tự ghi: cột loại (thu, chi, hoàn chi),"
    " số tiền, số dư; tùy chọn: ngày, nguồn (chào cờ, nguồn xã hội hóa hợp pháp, quà, ...).",
    example='sổ quỹ của "Ninh Thới" có các dòng:',
    table=(
        "| ngày       | loại | số tiền          | số dư            | nguồn   |",
        "| 04/03/2024 | thu  | 10.000.000 đồng  | 10.000.000 đồng  | chào cờ |",
        "| 04/03/2024 | chi  | 2.000.000 đồng   | 8.000.000 đồng   | quà     |",
    ),
    section=FUND,
)
def _ledger(nghedan_world: World, unit: str, datatable: list[list[str]]) -> None:
    lines = _fund_ledger(nghedan_world, unit).lines
    rows = table_rows(datatable, ("loại", "số tiền", "số dư"), ("ngày", "nguồn"))
    if len(rows) != len(lines):
        raise BddError(f"Sổ quỹ của {unit} có {len(lines)} dòng, không phải {len(rows)}.")
    for i, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        kind = _KINDS.get(row["loại"].lower())
        if kind is None:
            raise ParseError(f'Loại "{row["loại"]}" không hợp lệ; dùng: thu, chi, hoàn chi.')
        actual = {
            "loại": next(k for k, v in _KINDS.items() if v == line.kind.value),
            "số tiền": str(parse_money(str(line.amount_vnd))),
            "số dư": str(parse_money(str(line.balance_vnd))) if line.balance_vnd >= 0 else "âm",
            "ngày": line.day.strftime("%d/%m/%Y"),
            "nguồn": "hoàn chi" if line.source == "reversal" else label_vi(line.source),
        }
        problems = []
        if kind != line.kind.value:
            problems.append("loại")
        if parse_money(row["số tiền"]).amount != line.amount_vnd:
            problems.append("số tiền")
        if parse_money(row["số dư"]).amount != line.balance_vnd:
            problems.append("số dư")
        if row.get("ngày") and parse_date(row["ngày"]) != line.day:
            problems.append("ngày")
        if row.get("nguồn") and not (
            _same(row["nguồn"].casefold(), actual["nguồn"].casefold())
            or row["nguồn"] == line.source
        ):
            problems.append("nguồn")
        if problems:
            shown = " | ".join(f"{k}: {v}" for k, v in actual.items())
            raise BddError(f"Dòng {i} của sổ quỹ khác ở {', '.join(problems)}; thực tế: {shown}.")


def _fund_ledger(world: World, unit: str) -> LedgerView:
    try:
        return world.queries().ledger(world.unit(unit))
    except FundNotOpenedError:
        raise BddError(f'"{unit}" chưa lập quỹ.') from None


_DISCLOSURE: Final = {
    "tồn đầu kỳ": "opening",
    "thu": "receipts",
    "chi": "payments",
    "hoàn chi": "reversals",
    "tồn cuối kỳ": "closing",
}


def _check_figures(what: str, actual: dict[str, int], datatable: list[list[str]]) -> None:
    for row in datatable:
        if len(row) != 2:
            raise ParseError(f"Mỗi dòng của bảng phải có 2 cột (mục | số tiền): {row}.")
        key = nfc(row[0]).strip().lower()
        if key in {"mục", "chỉ tiêu"}:
            continue
        field = _DISCLOSURE.get(key)
        if field is None:
            raise ParseError(f'Không có mục "{row[0]}"; dùng: {", ".join(_DISCLOSURE)}.')
        wanted = parse_money(row[1])
        if actual[field] != wanted.amount:
            raise BddError(
                f"{what}: {key} là {parse_money(str(actual[field]))}, không phải {wanted}."
            )


@step(
    "then",
    r"công khai thu chi quỹ của \"(?P<unit>[^\"]+)\" từ (?P<start>[^\s\"]+)"
    r" đến (?P<end>[^\s\"]+) có:",
    description="Số liệu công khai thu chi của quỹ trong kỳ, tính từ sổ quỹ: tồn đầu kỳ, thu,"
    " chi, hoàn chi, tồn cuối kỳ.",
    example='công khai thu chi quỹ của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có:',
    table=(
        "| mục         | số tiền          |",
        "| tồn đầu kỳ  | 0 đồng           |",
        "| thu         | 10.000.000 đồng  |",
        "| chi         | 2.000.000 đồng   |",
        "| tồn cuối kỳ | 8.000.000 đồng   |",
    ),
    section=FUND,
)
def _disclosure(
    nghedan_world: World, unit: str, start: str, end: str, datatable: list[list[str]]
) -> None:
    code = nghedan_world.unit(unit)
    try:
        view = nghedan_world.queries().disclosure_between(code, parse_date(start), parse_date(end))
    except FundNotOpenedError:
        raise BddError(f'"{unit}" chưa lập quỹ.') from None
    actual = {
        "opening": view.opening_vnd,
        "receipts": view.receipts_vnd,
        "payments": view.payments_vnd,
        "reversals": view.reversals_vnd,
        "closing": view.closing_vnd,
    }
    _check_figures("Công khai thu chi", actual, datatable)


@step(
    "then",
    r"bản công khai vừa công bố có:",
    description="Số liệu trên bản công khai mà bước Khi vừa rồi đã công bố (sự kiện"
    " DisclosurePublished).",
    example="bản công khai vừa công bố có:",
    table=(
        "| mục         | số tiền          |",
        "| thu         | 10.000.000 đồng  |",
        "| tồn cuối kỳ | 8.000.000 đồng   |",
    ),
    section=FUND,
)
def _published(nghedan_world: World, datatable: list[list[str]]) -> None:
    events = [r.event for r in nghedan_world.accepted()]
    published = next((e for e in events if isinstance(e, DisclosurePublished)), None)
    if published is None:
        raise BddError("Bước Khi vừa rồi không công bố bản công khai nào.")
    actual = {
        "opening": published.opening.amount,
        "receipts": published.receipts.amount,
        "payments": published.payments.amount,
        "reversals": published.reversals.amount,
        "closing": published.closing.amount,
    }
    _check_figures("Bản công khai", actual, datatable)


# --- the period report --------------------------------------------------------------------

_Reader = Callable[[dict[str, Any]], Any]


def _get(path: str) -> _Reader:
    def read(data: dict[str, Any]) -> Any:
        value: Any = data
        for key in path.split("."):
            value = value[key]
        return value

    return read


#: figure name -> (where in the report's JSON, kind of value)
FIGURES: Final[dict[str, tuple[str, str]]] = {
    "số buổi làm việc": ("sessions_held", "số"),
    "số lượt người dự": ("attendees", "số"),
    "số đơn vị": ("units_with_sessions", "số"),
    "số buổi làm việc cấp trên": ("supervisory_sessions_held", "số"),
    "số lượt người dự buổi cấp trên": ("supervisory_attendees", "số"),
    "số đơn vị cấp trên có buổi làm việc": ("supervisory_units_with_sessions", "số"),
    "số ý kiến nhận": ("complaints_received", "số"),
    "số ý kiến đã trả lời": ("complaints_answered", "số"),
    "số ý kiến đã giải quyết": ("complaints_resolved", "số"),
    "số ý kiến quá hạn": ("complaints_overdue", "số"),
    "tỷ lệ giải quyết": ("resolution_rate", "tỷ lệ"),
    "số suất quà": ("gifts.count", "số"),
    "giá trị quà": ("gifts.value_vnd", "tiền"),
    "số hộ được hỗ trợ": ("households_supported.count", "số"),
    "giá trị hỗ trợ hộ": ("households_supported.value_vnd", "tiền"),
    "số lượt tình nguyện": ("volunteer_turns", "số"),
    "chiều dài đường": ("volunteer_km", "km"),
    "số nhà tình thương": ("houses_built.count", "số"),
    "giá trị nhà tình thương": ("houses_built.value_vnd", "tiền"),
    "số nhà được sửa": ("houses_repaired.count", "số"),
    "giá trị sửa nhà": ("houses_repaired.value_vnd", "tiền"),
    "số nhà vệ sinh": ("toilets_built.count", "số"),
    "giá trị nhà vệ sinh": ("toilets_built.value_vnd", "tiền"),
    "tồn quỹ đầu kỳ": ("fund.opening_vnd", "tiền"),
    "thu quỹ": ("fund.receipts_vnd", "tiền"),
    "chi quỹ": ("fund.payments_vnd", "tiền"),
    "hoàn chi quỹ": ("fund.reversals_vnd", "tiền"),
    "tồn quỹ cuối kỳ": ("fund.closing_vnd", "tiền"),
    "chỉ tiêu thăm hỏi": ("quota.required", "số"),
    "số hộ đã thăm": ("quota.achieved", "số"),
    "số tháng chưa đạt chỉ tiêu": ("quota.shortfall_months", "số"),
}

_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "hơn ": operator.gt,
    "trên ": operator.gt,
    "ít nhất ": operator.ge,
    "không quá ": operator.le,
    "dưới ": operator.lt,
}


def _figure(name: str, text: str, report: dict[str, Any]) -> None:
    key = nfc(name).strip().lower()
    found = FIGURES.get(key)
    if found is None:
        raise ParseError(f'Báo cáo không có chỉ tiêu "{name}"; các chỉ tiêu: {", ".join(FIGURES)}.')
    path, kind = found
    actual = _get(path)(report)
    raw = nfc(text).strip()
    compare: Callable[[Any, Any], bool] = operator.eq
    for word, op in _COMPARE.items():
        if raw.startswith(word):
            compare, raw = op, raw[len(word) :]
            break
    wanted: Any
    if kind == "tiền":
        wanted = parse_money(raw).amount
        shown = str(parse_money(str(actual)))
    elif kind == "km":
        wanted = parse_km(raw)
        actual = round(actual * 1000)
        shown = f"{actual / 1000:g}".replace(".", ",") + " km"
    elif kind == "tỷ lệ":
        wanted = parse_percent(raw)
        actual = round(actual, 6)
        shown = f"{actual * 100:g}".replace(".", ",") + " %"
    else:
        wanted = parse_int(raw, key)
        shown = f"{actual:,}".replace(",", ".")
    if not compare(actual, wanted):
        raise BddError(f'Báo cáo: "{key}" là {shown}, không phải {text}.')


def _report(world: World, units: str | None, start: str, end: str) -> dict[str, Any]:
    codes = [world.unit(n) for n in names(units or "")]
    queries = world.queries()
    return queries.report(codes, parse_date(start), parse_date(end), as_of=world.now).to_json()


_REPORT = r"báo cáo(?: của (?P<units>" + NAMES + r"))? từ (?P<start>[^\s\"]+) đến (?P<end>[^\s\"]+)"


@step(
    "then",
    _REPORT + r" có:",
    description="Báo cáo định kỳ (bảng kết quả như bài báo) của các đơn vị (mặc định: tất cả)"
    " trong kỳ có các chỉ tiêu này; giá trị có thể ghi 'hơn', 'ít nhất', 'không quá', 'dưới'.",
    example="báo cáo từ 01/01/2024 đến 30/06/2024 có:",
    table=(
        "| chỉ tiêu            | giá trị          |",
        "| số buổi làm việc    | 55               |",
        "| giá trị quà         | 26.500.000 đồng  |",
        "| chiều dài đường     | 46,3 km          |",
        "| số lượt tình nguyện | hơn 2.000        |",
        "| tỷ lệ giải quyết    | 100 %            |",
    ),
    section=REPORT,
)
def _report_table(
    nghedan_world: World, units: str | None, start: str, end: str, datatable: list[list[str]]
) -> None:
    report = _report(nghedan_world, units, start, end)
    for row in datatable:
        if len(row) != 2:
            raise ParseError(f"Mỗi dòng của bảng phải có 2 cột (chỉ tiêu | giá trị): {row}.")
        if nfc(row[0]).strip().lower() == "chỉ tiêu":
            continue
        _figure(row[0], row[1], report)


@step(
    "then",
    _REPORT + r" có \"(?P<figure>[^\"]+)\" là \"(?P<value>[^\"]+)\"",
    description="Một chỉ tiêu của báo cáo định kỳ (tiện cho Khung kịch bản với bảng Dữ liệu).",
    example='báo cáo của "Ninh Thới" từ 01/03/2024 đến 31/03/2024 có "số ý kiến nhận" là "2"',
    section=REPORT,
)
def _report_one(
    nghedan_world: World, units: str | None, start: str, end: str, figure: str, value: str
) -> None:
    _figure(figure, value, _report(nghedan_world, units, start, end))


# --- the monthly quota --------------------------------------------------------------------


def _quota_line(world: World, unit: str, month: str) -> Any:
    code = world.unit(unit)
    m = parse_month(month)
    view = world.queries().quota((code,), (m,))
    line = next(iter(view.for_unit(code)), None)
    if line is None:
        raise BddError(f"{unit} không có buổi làm việc cấp xã tháng {month}.")
    return line


@step(
    "then",
    r"tháng (?P<month>[^\s\"]+) \"(?P<unit>[^\"]+)\" đã thăm (?P<achieved>\d+)/(?P<target>\d+)"
    r" hộ theo chỉ tiêu",
    description="Theo dõi chỉ tiêu: số hộ đã thăm trên chỉ tiêu của xã trong tháng.",
    example='tháng 03/2024 "Ninh Thới" đã thăm 1/2 hộ theo chỉ tiêu',
    section=QUOTA,
)
def _quota_figures(nghedan_world: World, month: str, unit: str, achieved: str, target: str) -> None:
    line = _quota_line(nghedan_world, unit, month)
    if (line.achieved, line.target) != (int(achieved), int(target)):
        raise BddError(
            f"Tháng {month} {unit} đã thăm {line.achieved}/{line.target} hộ,"
            f" không phải {achieved}/{target}."
        )


@step(
    "then",
    r"tháng (?P<month>[^\s\"]+) \"(?P<unit>[^\"]+)\" (?P<met>đạt|chưa đạt) chỉ tiêu thăm hỏi"
    r"(?: với lý do \"(?P<why>[^\"]+)\")?",
    description="Theo dõi chỉ tiêu: tháng đạt hay chưa đạt chỉ tiêu (và lý do đã ghi khi chưa"
    " đạt).",
    example='tháng 03/2024 "Ninh Thới" chưa đạt chỉ tiêu thăm hỏi với lý do "mưa bão"',
    section=QUOTA,
)
def _quota_met(nghedan_world: World, month: str, unit: str, met: str, why: str | None) -> None:
    line = _quota_line(nghedan_world, unit, month)
    if line.met != (met == "đạt"):
        raise BddError(
            f"Tháng {month} {unit} {'đạt' if line.met else 'chưa đạt'} chỉ tiêu"
            f" ({line.achieved}/{line.target})."
        )
    if why is not None and not _same(line.shortfall_reason or "", why):
        raise BddError(f'Lý do chưa đạt đã ghi là "{line.shortfall_reason}", không phải "{why}".')


# --- complaints, sessions, households -----------------------------------------------------


@step(
    "then",
    r"ý kiến \"(?P<label>[^\"]+)\" ở trạng thái \"(?P<state>[^\"]+)\"",
    description="Trạng thái đã ghi của ý kiến: đang mở, trả lời tại chỗ, tiếp thu, hẹn trả"
    " lời, chuyển cơ quan có thẩm quyền, đã trả lời, đã giải quyết, đã rút.",
    example='ý kiến "đường ấp ngập" ở trạng thái "đã trả lời"',
    section=COMPLAINTS,
)
def _complaint_state(nghedan_world: World, label: str, state: str) -> None:
    wanted = enum_value(ComplaintOutcome, state, "trạng thái ý kiến")
    found = nghedan_world.reader().state(complaint_.AGGREGATE, nghedan_world.complaint(label))
    if found is None:
        raise BddError(f'Chưa có ý kiến "{label}".')
    if found.outcome is not wanted:
        raise BddError(
            f'Ý kiến "{label}" ở trạng thái "{found.outcome.label_vi}", không phải "{state}".'
        )


_BOARD: Final = {
    "đang mở": "open",
    "chờ trả lời": "due",
    "quá hạn": "overdue",
    "đã trả lời": "answered",
    "đã giải quyết": "resolved",
    "đã rút": "withdrawn",
}


@step(
    "then",
    r"trên bảng theo dõi, ý kiến \"(?P<label>[^\"]+)\" là \"(?P<status>[^\"]+)\"",
    description="Trạng thái của ý kiến trên bảng theo dõi tại thời điểm hiện tại: đang mở,"
    " chờ trả lời, quá hạn (qua lịch hẹn mà chưa trả lời), đã trả lời, đã giải quyết, đã rút.",
    example='trên bảng theo dõi, ý kiến "đường ấp ngập" là "quá hạn"',
    section=COMPLAINTS,
)
def _board(nghedan_world: World, label: str, status: str) -> None:
    wanted = _BOARD.get(nfc(status).strip().lower())
    if wanted is None:
        raise ParseError(f'Không hiểu trạng thái "{status}"; dùng: {", ".join(_BOARD)}.')
    board = nghedan_world.queries().board(as_of=nghedan_world.now)
    cid = str(nghedan_world.complaint(label))
    entry = next((e for e in board.entries if e.complaint_id == cid), None)
    if entry is None:
        raise BddError(f'Ý kiến "{label}" không có trên bảng theo dõi.')
    if entry.status.value != wanted:
        shown = next(k for k, v in _BOARD.items() if v == entry.status.value)
        raise BddError(f'Trên bảng theo dõi, ý kiến "{label}" là "{shown}", không phải "{status}".')


@step(
    "then",
    SESSION + r" (?P<status>đã kết thúc|đã bị hủy|vẫn đang mở)",
    description="Trạng thái của buổi làm việc.",
    example='buổi làm việc tháng 03/2024 của "Ninh Thới" đã kết thúc',
    section=SESSIONS,
)
def _session_status(
    nghedan_world: World, sup: str | None, month: str, unit: str, status: str
) -> None:
    sid = session_id(nghedan_world.unit(unit), parse_month(month), nghedan_world.session_level(sup))
    found = nghedan_world.reader().state(session_.AGGREGATE, sid)
    wanted = {
        "đã kết thúc": SessionStatus.CLOSED,
        "đã bị hủy": SessionStatus.CANCELLED,
        "vẫn đang mở": SessionStatus.SCHEDULED,
    }[status]
    if found is None:
        raise BddError(f"{unit} chưa có buổi làm việc tháng {month}.")
    if found.status is not wanted:
        raise BddError(f"Buổi làm việc tháng {month} của {unit} đang ở trạng thái {found.status}.")


@step(
    "then",
    SESSION + r" diễn ra ngày (?P<day>[^\s\"]+)",
    description="Ngày diễn ra (sau khi dời, nếu có) của buổi làm việc.",
    example='buổi làm việc tháng 03/2024 của "Ninh Thới" diễn ra ngày 11/03/2024',
    section=SESSIONS,
)
def _session_day(nghedan_world: World, sup: str | None, month: str, unit: str, day: str) -> None:
    sid = session_id(nghedan_world.unit(unit), parse_month(month), nghedan_world.session_level(sup))
    found = nghedan_world.reader().state(session_.AGGREGATE, sid)
    if found is None:
        raise BddError(f"{unit} chưa có buổi làm việc tháng {month}.")
    if found.date != parse_date(day):
        raise BddError(f"Buổi làm việc diễn ra ngày {found.date:%d/%m/%Y}, không phải {day}.")


@step(
    "then",
    r"hộ \"(?P<household>[^\"]+)\" đã được hỗ trợ (?P<n>\d+) lần, tổng trị giá " + MONEY,
    description="Lịch sử hỗ trợ của hộ: số lần và tổng giá trị.",
    example='hộ "Thạch Thị Hoa" đã được hỗ trợ 1 lần, tổng trị giá 500.000 đồng',
    section=HOUSEHOLDS,
)
def _household_history(nghedan_world: World, household: str, n: str, amount: str) -> None:
    hid = nghedan_world.household(household)
    record = nghedan_world.queries().household(hid)
    if record is None:
        raise BddError(f'Chưa có hộ "{household}".')
    wanted = parse_money(amount)
    got = (len(record.delivered), record.supported_vnd)
    if got != (int(n), wanted.amount):
        raise BddError(
            f'Hộ "{household}" đã được hỗ trợ {got[0]} lần, tổng {parse_money(str(got[1]))}.'
        )


@step(
    "then",
    r"lịch sử hộ \"(?P<household>[^\"]+)\" ghi tên chủ hộ là \"(?P<name>[^\"]+)\"",
    description="Tên chủ hộ như người có quyền xem thấy; sau khi xoá dữ liệu cá nhân là"
    ' "[đã xoá]".',
    example='lịch sử hộ "Thạch Thị Hoa" ghi tên chủ hộ là "[đã xoá]"',
    section=HOUSEHOLDS,
)
def _household_head(nghedan_world: World, household: str, name: str) -> None:
    hid = nghedan_world.household(household)
    app = nghedan_world.reader()
    record = nghedan_world.queries().household(hid)
    if record is None:
        raise BddError(f'Chưa có hộ "{household}".')
    record = app.reveal(record)
    if record.head != nfc(name):
        raise BddError(f'Lịch sử hộ "{household}" ghi tên chủ hộ là "{record.head}".')


# --- the audit ----------------------------------------------------------------------------


def _history(world: World) -> list[Any]:
    return world.exported if world.exported is not None else world.records()


@step(
    "then",
    r"kiểm toán quỹ đạt mọi kiểm tra",
    description="Phát lại toàn bộ lịch sử (hoặc bản xuất) vào kiểm toán quỹ: mọi kiểm tra đều đạt.",
    example="kiểm toán quỹ đạt mọi kiểm tra",
    section=AUDIT,
)
def _audit_passes(nghedan_world: World) -> None:
    report = audit(_history(nghedan_world), config=nghedan_world.config, lines=False)
    failed = [c for c in report.checks if not c.passed]
    if failed:
        shown = "; ".join(f"{c.code}: {nghedan_world.humanise(c.detail)}" for c in failed)
        raise BddError(f"Kiểm toán quỹ không đạt: {shown}")


@step(
    "then",
    r"kiểm toán quỹ không đạt kiểm tra \"(?P<code>[^\"]+)\"",
    description="Kiểm toán quỹ phát hiện vi phạm ở kiểm tra này (chain.intact,"
    " fund.balance_never_negative, fund.disclosures_match_ledger, ...).",
    example='kiểm toán quỹ không đạt kiểm tra "chain.intact"',
    section=AUDIT,
)
def _audit_fails(nghedan_world: World, code: str) -> None:
    report = audit(_history(nghedan_world), config=nghedan_world.config, lines=False)
    try:
        check = report.check(code)
    except StopIteration:
        codes = ", ".join(c.code for c in report.checks)
        raise ParseError(f'Không có kiểm tra "{code}"; các kiểm tra: {codes}.') from None
    if check.passed:
        raise BddError(f'Kiểm tra "{code}" vẫn đạt: {check.detail}')


@step(
    "then",
    r"kiểm tra lịch sử thấy nguyên vẹn",
    description="Chuỗi băm và mã tổng hợp (nếu kiểm toán viên đã lưu) khớp: không sự kiện nào"
    " bị sửa, xóa, chèn hay đảo thứ tự.",
    example="kiểm tra lịch sử thấy nguyên vẹn",
    section=AUDIT,
)
def _intact(nghedan_world: World) -> None:
    brk = _verify(nghedan_world)
    if brk is not None:
        raise BddError(f"Lịch sử bị phá vỡ: {nghedan_world.humanise(brk.message('vi'))}")


_REASONS: Final = {
    "nội dung bị sửa": {"edited"},
    "sự kiện bị xóa": {"gap", "digest"},
    "sự kiện bị chèn": {"relinked", "gap", "edited", "digest"},
    "thứ tự bị đảo": {"out_of_order", "position", "gap", "relinked", "digest"},
    "lịch sử bị viết lại": {"digest"},
}


def _verify(world: World) -> Any:
    kept = world.kept_digest
    if kept is None:
        return verify(_history(world))
    return verify(_history(world), expected_digest=kept[0], digest_at=kept[1])


@step(
    "then",
    r"kiểm tra lịch sử phát hiện (?P<what>nội dung bị sửa|sự kiện bị xóa|sự kiện bị chèn"
    r"|thứ tự bị đảo|lịch sử bị viết lại)(?: tại sự kiện \"(?P<topic>[^\"]+)\")?",
    description="Kiểm tra chuỗi băm (và mã tổng hợp đã lưu) phát hiện sửa, xóa, chèn hay đảo"
    " thứ tự, và chỉ ra sự kiện đầu tiên bị phá vỡ.",
    example='kiểm tra lịch sử phát hiện nội dung bị sửa tại sự kiện "ContributionReceived"',
    section=AUDIT,
)
def _detects(nghedan_world: World, what: str, topic: str | None) -> None:
    brk = _verify(nghedan_world)
    if brk is None:
        raise BddError(f"Mong đợi kiểm tra lịch sử phát hiện {what}, nhưng lịch sử nguyên vẹn.")
    if brk.reason not in _REASONS[what]:
        raise BddError(
            f"Kiểm tra lịch sử phát hiện: {nghedan_world.humanise(brk.message('vi'))}"
            f" — không phải {what}."
        )
    if topic is not None and (brk.topic or "").split(".")[-1] != topic:
        raise BddError(
            f'Sự kiện bị phá vỡ đầu tiên là "{brk.topic}", không phải "{topic}":'
            f" {brk.message('vi')}"
        )


# --- tampering (in an export) -------------------------------------------------------------


@step(
    "given",
    r"kiểm toán viên đã lưu mã tổng hợp lịch sử",
    description="Kiểm toán viên lưu mã tổng hợp (digest) của toàn bộ lịch sử hiện tại để đối"
    " chiếu về sau.",
    example="kiểm toán viên đã lưu mã tổng hợp lịch sử",
    section=AUDIT,
)
def _keep_digest(nghedan_world: World) -> None:
    report = audit(nghedan_world.records(), config=nghedan_world.config, lines=False)
    nghedan_world.kept_digest = (report.digest, report.last_position)


def _export(world: World) -> list[Any]:
    if world.exported is None:
        world.exported = world.records()
    return world.exported


def _find(world: World, topic: str, which: str) -> int:
    export = _export(world)
    found = [i for i, r in enumerate(export) if r.topic.split(".")[-1] == topic]
    if not found:
        raise BddError(f'Bản xuất không có sự kiện "{topic}".')
    return found[0] if which == "đầu tiên" else found[-1]


@step(
    "when",
    r"ai đó sửa số tiền của sự kiện \"(?P<topic>[^\"]+)\" (?P<which>đầu tiên|cuối cùng)"
    r" thành " + MONEY + r" trong bản xuất dữ liệu",
    description="Giả lập việc sửa trực tiếp dữ liệu: đổi số tiền của một sự kiện trong bản"
    " xuất (không qua lệnh).",
    example='ai đó sửa số tiền của sự kiện "ContributionReceived" đầu tiên thành 50.000.000 đồng'
    " trong bản xuất dữ liệu",
    section=AUDIT,
)
def _tamper_edit(nghedan_world: World, topic: str, which: str, amount: str) -> None:
    nghedan_world.require_checked()
    export = _export(nghedan_world)
    i = _find(nghedan_world, topic, which)
    record = export[i]
    if "amount" not in record.payload:
        raise BddError(f'Sự kiện "{topic}" không có số tiền.')
    export[i] = record._replace(
        payload={**record.payload, "amount": parse_money(amount).amount}, payload_json=None
    )


@step(
    "when",
    r"ai đó xóa sự kiện \"(?P<topic>[^\"]+)\" (?P<which>đầu tiên|cuối cùng) khỏi bản xuất dữ liệu",
    description="Giả lập việc xóa trực tiếp một sự kiện khỏi bản xuất.",
    example='ai đó xóa sự kiện "DisbursementMade" đầu tiên khỏi bản xuất dữ liệu',
    section=AUDIT,
)
def _tamper_delete(nghedan_world: World, topic: str, which: str) -> None:
    nghedan_world.require_checked()
    export = _export(nghedan_world)
    del export[_find(nghedan_world, topic, which)]


@step(
    "when",
    r"ai đó đảo thứ tự hai sự kiện cuối cùng trong bản xuất dữ liệu",
    description="Giả lập việc đảo thứ tự hai sự kiện cuối cùng của lịch sử trong bản xuất.",
    example="ai đó đảo thứ tự hai sự kiện cuối cùng trong bản xuất dữ liệu",
    section=AUDIT,
)
def _tamper_swap(nghedan_world: World) -> None:
    nghedan_world.require_checked()
    export = _export(nghedan_world)
    if len(export) < 2:
        raise BddError("Bản xuất có ít hơn hai sự kiện.")
    a, b = export[-2], export[-1]
    export[-2] = b._replace(position=a.position)
    export[-1] = a._replace(position=b.position)
