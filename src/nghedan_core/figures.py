"""What every figure means: one sentence each, in Vietnamese and in English.

The one catalogue of the figures nghedan shows — the period report (`PeriodReportView`), the
complaint board's counts (`BoardCounts`) and the fund's disclosure (`DisclosureView`). A
figure's key is its view and its JSON key path: ``report.fund.payments_vnd``,
``board.overdue``, ``disclosure.closing_vnd``. ``docs/figures.md`` is `figures_markdown()`
(a test keeps it so), ``nghedan report --help`` lists the report's definitions, and the tests
pin each definition's behaviour to the code that computes it.
"""

from __future__ import annotations

from typing import Final

import attrs

from nghedan_core.errors import Lang

__all__ = [
    "FIGURES",
    "VIEWS",
    "Figure",
    "definition",
    "figures_markdown",
    "figures_of",
    "label",
]

#: view -> (Vietnamese title, English title, where it is shown)
VIEWS: Final[dict[str, tuple[str, str, str]]] = {
    "report": (
        "Báo cáo theo kỳ",
        "Period report",
        "`nghedan report`, `GET /api/v1/report`",
    ),
    "board": (
        "Bảng theo dõi ý kiến",
        "Complaint board",
        "`nghedan complaints`, `GET /api/v1/complaints`",
    ),
    "disclosure": (
        "Công khai thu chi quỹ",
        "Fund disclosure",
        "`nghedan disclosure`, `GET /api/v1/disclosure`",
    ),
}


@attrs.frozen(kw_only=True)
class Figure:
    """One figure: its key, its name and its definition in both languages."""

    #: the view and the JSON key path: ``report.gifts.count``
    key: str
    #: the definition, one sentence in Vietnamese
    vi: str
    #: the definition, one sentence in English
    en: str
    #: the figure's name, as a table row shows it
    label_vi: str
    label_en: str

    @property
    def view(self) -> str:
        """The view the figure belongs to: ``report``, ``board`` or ``disclosure``."""
        return self.key.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The JSON key path within its view: ``gifts.count``."""
        return self.key.split(".", 1)[1]

    def definition(self, lang: Lang = "vi") -> str:
        """The definition in `lang`."""
        return self.en if lang == "en" else self.vi

    def label(self, lang: Lang = "vi") -> str:
        """The name in `lang`."""
        return self.label_en if lang == "en" else self.label_vi


def _f(key: str, label_vi: str, label_en: str, vi: str, en: str) -> Figure:
    return Figure(key=key, vi=vi, en=en, label_vi=label_vi, label_en=label_en)


_REVERSED_VI: Final = "trừ các khoản chi từ quỹ đã bị hoàn chi trước cuối kỳ"
_REVERSED_EN: Final = "less fund payments reversed by the end of the period"

FIGURES: Final[tuple[Figure, ...]] = (
    # --- the period report ----------------------------------------------------------------
    _f(
        "report.from",
        "Từ ngày",
        "From",
        "Ngày đầu của kỳ báo cáo theo lịch Việt Nam, tính cả ngày này.",
        "The first day of the period, Vietnam calendar, included.",
    ),
    _f(
        "report.to",
        "Đến ngày",
        "To",
        "Ngày cuối của kỳ báo cáo theo lịch Việt Nam, tính cả ngày này.",
        "The last day of the period, Vietnam calendar, included.",
    ),
    _f(
        "report.units",
        "Đơn vị",
        "Units",
        "Các mã đơn vị được chọn, mỗi đơn vị gồm cả các đơn vị cấp dưới và các đơn vị đã sáp"
        " nhập vào nó; để trống là tất cả đơn vị.",
        "The unit codes chosen, each covering the units below it and the units merged into"
        " it; empty means every unit.",
    ),
    _f(
        "report.sessions_held",
        "Số buổi đã tổ chức",
        "Sessions held",
        "Số buổi làm việc cấp xã đã kết thúc có ngày họp trong kỳ; buổi làm việc cấp giám sát"
        " được tính riêng.",
        "Commune-level sessions closed whose session date falls in the period; supervisory"
        " sessions are counted apart.",
    ),
    _f(
        "report.attendees",
        "Số lượt người dân dự",
        "Attendees",
        "Tổng lượt người dân dự tiếp dân tại các buổi làm việc cấp xã tính ở số buổi đã tổ chức.",
        "Citizens attending the receptions of the commune-level sessions counted in sessions held.",
    ),
    _f(
        "report.units_with_sessions",
        "Số đơn vị tổ chức",
        "Units with sessions",
        "Số đơn vị có ít nhất một buổi làm việc cấp xã tính ở số buổi đã tổ chức.",
        "Units with at least one commune-level session counted in sessions held.",
    ),
    _f(
        "report.supervisory_sessions_held",
        "Số buổi cấp giám sát",
        "Supervisory sessions held",
        "Số buổi làm việc cấp giám sát (tỉnh, huyện trước đây hoặc xã giám sát) đã kết thúc có"
        " ngày họp trong kỳ, không tính vào số buổi cấp xã.",
        "Supervisory-level sessions (province, former district or supervising commune) closed"
        " whose session date falls in the period, not counted as commune sessions.",
    ),
    _f(
        "report.supervisory_attendees",
        "Số lượt người dân dự buổi cấp giám sát",
        "Supervisory attendees",
        "Tổng lượt người dân dự tiếp dân tại các buổi làm việc cấp giám sát tính ở số buổi cấp"
        " giám sát.",
        "Citizens attending the receptions of the supervisory sessions counted in supervisory"
        " sessions held.",
    ),
    _f(
        "report.supervisory_units_with_sessions",
        "Số đơn vị có buổi cấp giám sát",
        "Units with supervisory sessions",
        "Số đơn vị có ít nhất một buổi làm việc cấp giám sát tính ở số buổi cấp giám sát.",
        "Units with at least one supervisory session counted in supervisory sessions held.",
    ),
    _f(
        "report.complaints_received",
        "Ý kiến, kiến nghị tiếp nhận",
        "Complaints received",
        "Số ý kiến, kiến nghị của người dân được ghi nhận trong kỳ.",
        "Complaints raised by citizens in the period.",
    ),
    _f(
        "report.complaints_answered",
        "Đã trả lời",
        "Answered",
        "Trong số ý kiến tiếp nhận trong kỳ, số ý kiến đã được trả lời (tại chỗ hoặc theo hẹn)"
        " đến cuối kỳ mà không bị mở lại.",
        "Of the complaints received in the period, those answered (on the spot or by"
        " appointment) by the end of the period and not reopened.",
    ),
    _f(
        "report.complaints_resolved",
        "Đã giải quyết",
        "Resolved",
        "Trong số ý kiến tiếp nhận trong kỳ, số ý kiến đã được ghi nhận giải quyết xong đến"
        " cuối kỳ mà không bị mở lại.",
        "Of the complaints received in the period, those recorded as resolved by the end of"
        " the period and not reopened.",
    ),
    _f(
        "report.complaints_overdue",
        "Quá hẹn chưa trả lời",
        "Overdue",
        "Số ý kiến của các đơn vị được chọn, tiếp nhận vào bất kỳ tháng nào, có lịch hẹn trả"
        " lời đã qua trước cuối kỳ (hoặc trước thời điểm lập báo cáo nếu sớm hơn) mà đến lúc"
        " đó chưa được trả lời và chưa bị rút.",
        "Complaints of the chosen units, raised in any month, whose appointment passed before"
        " the end of the period (or before the moment the report is made, when that is"
        " earlier) without being answered or withdrawn by then.",
    ),
    _f(
        "report.resolution_rate",
        "Tỷ lệ giải quyết",
        "Resolution rate",
        "Số ý kiến đã giải quyết chia cho số ý kiến tiếp nhận trong kỳ, làm tròn bốn chữ số"
        " thập phân (bằng 0 khi không có ý kiến nào).",
        "Complaints resolved divided by complaints received in the period, rounded to four"
        " decimals (0 when none were received).",
    ),
    _f(
        "report.gifts.count",
        "Số suất quà tặng khi thăm hỏi",
        "Gifts on visits",
        f"Số suất quà tặng khi thăm hỏi hộ gia đình trong kỳ, {_REVERSED_VI}.",
        f"Gifts given on home visits in the period, {_REVERSED_EN}.",
    ),
    _f(
        "report.gifts.value_vnd",
        "Giá trị quà tặng",
        "Value of gifts",
        "Tổng giá trị, tính bằng đồng, của các suất quà tính ở số suất quà tặng.",
        "The value in dong of the gifts counted in gifts on visits.",
    ),
    _f(
        "report.households_supported.count",
        "Số hộ được hỗ trợ",
        "Households supported",
        "Số hộ nhận quà hoặc hỗ trợ khác trong kỳ, mỗi hộ tính một lần; nhà, nhà vệ sinh và"
        " các khoản chi từ quỹ đã bị hoàn chi trước cuối kỳ không tính.",
        "Households given a gift or other support in the period, each counted once; houses,"
        " toilets and fund payments reversed by the end of the period are not counted.",
    ),
    _f(
        "report.households_supported.value_vnd",
        "Giá trị hỗ trợ hộ",
        "Value of household support",
        f"Tổng giá trị, tính bằng đồng, của quà và hỗ trợ khác trao cho hộ trong kỳ,"
        f" {_REVERSED_VI}.",
        f"The value in dong of the gifts and other support given to households in the period,"
        f" {_REVERSED_EN}.",
    ),
    _f(
        "report.volunteer_turns",
        "Lượt tình nguyện",
        "Volunteer turns",
        "Tổng số người tham gia các buổi lao động tình nguyện hoàn thành trong kỳ, cộng theo"
        " từng buổi.",
        "People taking part in the volunteer work completed in the period, summed over each work.",
    ),
    _f(
        "report.volunteer_km",
        "Chiều dài phát quang, dọn vệ sinh",
        "Length cleaned or trimmed",
        "Tổng chiều dài đường được phát quang, dọn vệ sinh trong các buổi lao động tình nguyện"
        " hoàn thành trong kỳ, tính bằng ki-lô-mét, làm tròn một chữ số thập phân.",
        "The length cleaned or trimmed by the volunteer work completed in the period, in"
        " kilometres rounded to one decimal.",
    ),
    _f(
        "report.houses_built.count",
        "Nhà tình thương xây mới",
        "Charity houses built",
        f"Số nhà tình thương xây mới trao cho hộ trong kỳ, {_REVERSED_VI}.",
        f"Charity houses built for households in the period, {_REVERSED_EN}.",
    ),
    _f(
        "report.houses_built.value_vnd",
        "Giá trị nhà tình thương",
        "Value of charity houses",
        "Tổng giá trị, tính bằng đồng, của các nhà tính ở số nhà tình thương xây mới.",
        "The value in dong of the houses counted in charity houses built.",
    ),
    _f(
        "report.houses_repaired.count",
        "Nhà được sửa chữa",
        "Houses repaired",
        f"Số nhà của hộ được sửa chữa trong kỳ, {_REVERSED_VI}.",
        f"Houses of households repaired in the period, {_REVERSED_EN}.",
    ),
    _f(
        "report.houses_repaired.value_vnd",
        "Giá trị sửa nhà",
        "Value of house repairs",
        "Tổng giá trị, tính bằng đồng, của các lần sửa nhà tính ở số nhà được sửa chữa.",
        "The value in dong of the repairs counted in houses repaired.",
    ),
    _f(
        "report.toilets_built.count",
        "Nhà vệ sinh",
        "Toilets built",
        f"Số nhà vệ sinh làm cho hộ trong kỳ, {_REVERSED_VI}.",
        f"Toilets built for households in the period, {_REVERSED_EN}.",
    ),
    _f(
        "report.toilets_built.value_vnd",
        "Giá trị nhà vệ sinh",
        "Value of toilets",
        "Tổng giá trị, tính bằng đồng, của các nhà vệ sinh tính ở số nhà vệ sinh.",
        "The value in dong of the toilets counted in toilets built.",
    ),
    _f(
        "report.fund.opening_vnd",
        "Quỹ: tồn đầu kỳ",
        "Fund: opening",
        "Số dư quỹ của các đơn vị được chọn trước ngày đầu kỳ: tiền thu và tiền hoàn chi trừ"
        " tiền chi, từ khi mở quỹ.",
        "The balance of the chosen units' funds before the first day: receipts and reversals"
        " less payments since each fund opened.",
    ),
    _f(
        "report.fund.receipts_vnd",
        "Quỹ: thu trong kỳ",
        "Fund: receipts",
        "Tổng tiền đóng góp quỹ nhận được trong kỳ.",
        "Contributions received by the funds in the period.",
    ),
    _f(
        "report.fund.payments_vnd",
        "Quỹ: chi trong kỳ",
        "Fund: payments",
        "Tổng tiền chi từ quỹ trong kỳ, mỗi khoản tính đủ số tiền dù sau đó có bị hoàn chi,"
        " nên không bao giờ âm.",
        "Payments made from the funds in the period, each at its full amount even if reversed"
        " later, so never negative.",
    ),
    _f(
        "report.fund.reversals_vnd",
        "Quỹ: hoàn chi trong kỳ",
        "Fund: reversals",
        "Tổng tiền của các khoản chi được hoàn lại quỹ trong kỳ, ghi thành dòng riêng và không"
        " trừ vào tiền chi.",
        "Payments reversed in the period (the money put back into the fund), on a line of"
        " their own and never netted into payments.",
    ),
    _f(
        "report.fund.closing_vnd",
        "Quỹ: tồn cuối kỳ",
        "Fund: closing",
        "Số dư quỹ cuối kỳ, bằng tồn đầu kỳ cộng thu, trừ chi, cộng hoàn chi.",
        "The balance at the end of the period: opening plus receipts, less payments, plus"
        " reversals.",
    ),
    _f(
        "report.quota.required",
        "Chỉ tiêu thăm hỏi: số hộ phải thăm",
        "Visit quota: required",
        "Tổng số hộ phải thăm theo chỉ tiêu hằng tháng tại các buổi làm việc cấp xã tính ở số"
        " buổi đã tổ chức; buổi cấp giám sát không có chỉ tiêu.",
        "Visits required by the monthly quota at the commune sessions counted in sessions"
        " held; supervisory sessions have no quota.",
    ),
    _f(
        "report.quota.achieved",
        "Chỉ tiêu thăm hỏi: số hộ đã thăm",
        "Visit quota: achieved",
        "Số hộ đã được thăm tại các buổi làm việc cấp xã đó.",
        "Visits made at those commune sessions.",
    ),
    _f(
        "report.quota.shortfall_months",
        "Chỉ tiêu thăm hỏi: số tháng chưa đạt",
        "Visit quota: months short",
        "Số buổi làm việc cấp xã, mỗi buổi là một tháng của một đơn vị, thăm ít hộ hơn chỉ tiêu.",
        "Commune sessions, one unit-month each, that made fewer visits than required.",
    ),
    # --- the complaint board --------------------------------------------------------------
    _f(
        "board.open",
        "Chưa trả lời, chưa hẹn",
        "Open",
        "Số ý kiến chưa được trả lời và chưa có lịch hẹn trả lời.",
        "Complaints with no answer and no appointment yet.",
    ),
    _f(
        "board.due",
        "Đang trong hạn hẹn",
        "Due",
        "Số ý kiến chưa được trả lời có lịch hẹn trả lời chưa qua tại thời điểm xem bảng.",
        "Complaints not yet answered whose appointment has not passed at the moment the board"
        " is judged.",
    ),
    _f(
        "board.overdue",
        "Quá hẹn chưa trả lời",
        "Overdue",
        "Số ý kiến có lịch hẹn trả lời đã qua trước thời điểm xem bảng mà đến lúc đó chưa được"
        " trả lời và chưa bị rút.",
        "Complaints whose appointment passed before the moment the board is judged without"
        " being answered or withdrawn by then.",
    ),
    _f(
        "board.answered",
        "Đã trả lời",
        "Answered",
        "Số ý kiến đã được trả lời (tại chỗ hoặc theo hẹn) nhưng chưa được ghi nhận giải quyết"
        " xong.",
        "Complaints answered (on the spot or by appointment) but not yet recorded as resolved.",
    ),
    _f(
        "board.resolved",
        "Đã giải quyết",
        "Resolved",
        "Số ý kiến đã được ghi nhận giải quyết xong và không bị mở lại.",
        "Complaints recorded as resolved and not reopened.",
    ),
    _f(
        "board.withdrawn",
        "Đã rút",
        "Withdrawn",
        "Số ý kiến người dân đã rút lại.",
        "Complaints the citizen withdrew.",
    ),
    _f(
        "board.total",
        "Tổng",
        "Total",
        "Tổng số ý kiến trên bảng, ở mọi trạng thái.",
        "Every complaint on the board, whatever its status.",
    ),
    # --- the fund's disclosure ------------------------------------------------------------
    _f(
        "disclosure.opening_vnd",
        "Tồn đầu kỳ",
        "Opening",
        "Số dư của quỹ trước ngày đầu kỳ công khai: tiền thu và tiền hoàn chi trừ tiền chi, từ"
        " khi mở quỹ.",
        "The fund's balance before the first day disclosed: receipts and reversals less"
        " payments since the fund opened.",
    ),
    _f(
        "disclosure.receipts_vnd",
        "Thu trong kỳ",
        "Receipts",
        "Tổng tiền đóng góp quỹ nhận được trong kỳ công khai.",
        "Contributions the fund received in the period disclosed.",
    ),
    _f(
        "disclosure.payments_vnd",
        "Chi trong kỳ",
        "Payments",
        "Tổng tiền chi từ quỹ trong kỳ công khai, mỗi khoản tính đủ số tiền dù sau đó có bị"
        " hoàn chi.",
        "Payments made from the fund in the period disclosed, each at its full amount even if"
        " reversed later.",
    ),
    _f(
        "disclosure.reversals_vnd",
        "Hoàn chi",
        "Reversals",
        "Tổng tiền các khoản chi được trả lại quỹ trong kỳ công khai, ghi thành dòng riêng.",
        "Payments put back into the fund in the period disclosed, on a line of their own.",
    ),
    _f(
        "disclosure.closing_vnd",
        "Tồn cuối kỳ",
        "Closing",
        "Số dư của quỹ cuối kỳ công khai, bằng tồn đầu kỳ cộng thu, trừ chi, cộng hoàn chi,"
        " cộng đính chính tăng, trừ đính chính giảm.",
        "The fund's balance at the end of the period disclosed: opening plus receipts, less"
        " payments, plus reversals, plus corrections in, less corrections out.",
    ),
    _f(
        "disclosure.corrections_in_vnd",
        "Đính chính tăng",
        "Corrections in",
        "Tổng tiền vào quỹ (thu, hoàn chi) được ghi lùi vào kỳ đã công khai trước đó, được khai"
        " là đính chính kèm nguyên nhân, ghi sau khi kỳ đó công khai và trước khi kỳ này"
        " công khai; ghi thành dòng riêng, số liệu kỳ đã công khai giữ nguyên.",
        "Money into the fund (receipts, reversals) dated back into a period already"
        " published, declared a correction with its reason, recorded after that period's"
        " disclosure and before this one's; on a line of its own, the published period's"
        " figures unchanged.",
    ),
    _f(
        "disclosure.corrections_out_vnd",
        "Đính chính giảm",
        "Corrections out",
        "Tổng tiền chi ra khỏi quỹ được ghi lùi vào kỳ đã công khai trước đó, được khai là"
        " đính chính kèm nguyên nhân, ghi sau khi kỳ đó công khai và trước khi kỳ này công"
        " khai; ghi thành dòng riêng, số liệu kỳ đã công khai giữ nguyên.",
        "Payments dated back into a period already published, declared a correction with its"
        " reason, recorded after that period's disclosure and before this one's; on a line of"
        " their own, the published period's figures unchanged.",
    ),
)

_BY_KEY: Final[dict[str, Figure]] = {f.key: f for f in FIGURES}


def _figure(key: str) -> Figure:
    found = _BY_KEY.get(key)
    if found is None:
        msg = f"no figure {key!r}; the figures: {', '.join(_BY_KEY)}"
        raise KeyError(msg)
    return found


def definition(key: str, lang: Lang = "vi") -> str:
    """The definition of the figure `key` (``report.sessions_held``) in `lang`."""
    return _figure(key).definition(lang)


def label(key: str, lang: Lang = "vi") -> str:
    """The name of the figure `key` in `lang`."""
    return _figure(key).label(lang)


def figures_of(view: str) -> tuple[Figure, ...]:
    """The figures of one view (``report``, ``board``, ``disclosure``), in their order."""
    if view not in VIEWS:
        msg = f"no view {view!r}; the views: {', '.join(VIEWS)}"
        raise KeyError(msg)
    return tuple(f for f in FIGURES if f.view == view)


def figures_markdown() -> str:
    """The catalogue as Markdown: the text of ``docs/figures.md``."""
    out = [
        "# Định nghĩa các chỉ tiêu — Figure definitions",
        "",
        "<!-- Tệp này được sinh từ `nghedan_core.figures.figures_markdown()`; đừng sửa tay."
        " Generated from `nghedan_core.figures.figures_markdown()`; do not edit. -->",
        "",
        "Mỗi chỉ tiêu mà nghedan đưa ra, định nghĩa trong một câu. Khóa là khóa JSON của chỉ"
        " tiêu trong kết quả `--json` và API.",
        "",
        "Every figure nghedan shows, defined in one sentence. The key is the figure's JSON key"
        " in `--json` output and the API.",
    ]
    for view, (title_vi, title_en, where) in VIEWS.items():
        out += [
            "",
            f"## {title_vi} — {title_en}",
            "",
            f"{where}",
            "",
            "| Khóa / Key | Chỉ tiêu và định nghĩa | Figure and definition |",
            "|---|---|---|",
        ]
        out += [
            f"| `{f.field}` | **{f.label_vi}.** {f.vi} | **{f.label_en}.** {f.en} |"
            for f in figures_of(view)
        ]
    return "\n".join(out) + "\n"
