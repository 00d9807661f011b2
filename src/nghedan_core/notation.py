"""The one reader of Vietnamese notation: money, counts, dates, moments and months.

What staff type, at the command line or in a scenario, is read here and nowhere else:

- money ``2.350.000``, ``2.350.000 đ``, ``2.350.000 đồng`` (thousands grouped by dots, each
  group of three digits; ``2,350,000`` and ``2.5`` are refused, never read as another number);
- dates day first ``09/07/2024`` (or ``9/7/2024``) or ISO ``2024-07-09``;
- moments ``10/05/2024 08:00``, ``10/05/2024 lúc 08:00``, ``10/05/2024 8h00``,
  ``08:00 ngày 10/05/2024`` or ISO ``2024-05-10T08:00`` (with or without an offset); a time
  without a zone is Vietnam time;
- months ``03/2024`` (or ``3/2024``, ``tháng 03/2024``) or ISO ``2024-03`` — the same month.

Each ``parse_*`` returns the value or raises `NotationError`, which carries the message in
Vietnamese and English and the option or field it is about. The ``iso_*`` and `read_money`
functions only rewrite the notation (``09/07/2024`` → ``2024-07-09``) for a caller that lets
the core's converter judge the value, with every other problem of the same input.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date, datetime, time
from typing import Any, Final

from nghedan_core.errors import Lang, Problem
from nghedan_core.messages import code_of
from nghedan_core.values import MAX_COUNT, MAX_VND, VIETNAM_TZ, Month, Vnd

__all__ = [
    "NotationError",
    "iso_date",
    "iso_moment",
    "iso_month",
    "parse_count",
    "parse_date",
    "parse_moment",
    "parse_money",
    "parse_month",
    "read_money",
    "typed_text",
]


class NotationError(ValueError):
    """A value not written the Vietnamese (or ISO) way: the message in vi and en, the field."""

    def __init__(self, vi: str, en: str, field: str = "") -> None:
        """Keep both messages and the option or field (``--month``, ``amount``) they are about."""
        super().__init__(vi)
        self.vi = vi
        self.en = en
        self.field = field

    def message(self, lang: Lang = "vi") -> str:
        """The message in `lang`."""
        return self.vi if lang == "vi" else self.en

    def problem(self) -> Problem:
        """The refusal as a `Problem` of structured input (its path is the field)."""
        return Problem(self.field, self.vi, self.en)

    def __str__(self) -> str:
        """The Vietnamese message."""
        return self.vi


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


# --- whole numbers and money --------------------------------------------------------------

_GROUPED: Final = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_MONEY_UNIT: Final = re.compile(r"^(?P<number>.*?)\s*(?:đồng|đ|VND|VNĐ|vnd|d)?$")
#: more digits than any amount or count can have (and far below `int`'s limit)
_MAX_DIGITS: Final = 18


def _whole(s: str, what: tuple[str, str], example: str, field: str) -> int:
    """A whole number written plainly (``1146``) or with dot groups (``1.146``)."""
    vi, en = what
    if not s:
        raise NotationError(f"Thiếu {vi}; ví dụ: {example}.", f"No {en}; e.g. {example}.", field)
    if s.startswith("-"):
        raise NotationError(
            f"{vi.capitalize()} '{s}' không được âm; ví dụ: {example}.",
            f"The {en} '{s}' must not be negative; e.g. {example}.",
            field,
        )
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        raise NotationError(
            f"'{s}' dùng dấu phẩy để ngăn cách hàng nghìn; tiếng Việt dùng dấu chấm"
            f" (ví dụ: {example}). Không tự đoán để tránh đọc sai số.",
            f"'{s}' groups thousands with commas; Vietnamese groups them with dots"
            f" (e.g. {example}). Not guessed, so that no number is misread.",
            field,
        )
    if "," in s:
        raise NotationError(
            f"{vi.capitalize()} '{s}' phải là số nguyên, không có phần thập phân;"
            f" ví dụ: {example}.",
            f"The {en} '{s}' must be a whole number, without decimals; e.g. {example}.",
            field,
        )
    if not _GROUPED.fullmatch(s):
        raise NotationError(
            f"Không đọc được {vi} '{s}': viết chữ số, nhóm hàng nghìn bằng dấu chấm"
            f" (mỗi nhóm đủ 3 chữ số); ví dụ: {example}.",
            f"Cannot read the {en} '{s}': write digits, thousands grouped by dots"
            f" (three digits a group); e.g. {example}.",
            field,
        )
    return int(s.replace(".", ""))


def _money_number(text: str) -> str:
    s = _clean(text)
    m = _MONEY_UNIT.match(s)
    return (m.group("number") if m else s).strip()


def read_money(text: str) -> int | None:
    """The signed whole đồng written (``-26.500.000 đ`` → -26500000), or None if not money.

    Only the notation is read: the sign and the range are the caller's to judge (an amount
    with more digits than any amount can have comes back as one đồng over the limit).
    """
    s = _money_number(text)
    sign = -1 if s.startswith("-") else 1
    digits = s.removeprefix("-").strip()
    if not _GROUPED.fullmatch(digits):
        return None
    digits = digits.replace(".", "")
    if len(digits) > _MAX_DIGITS:
        return sign * (MAX_VND + 1)
    return sign * int(digits)


def parse_money(text: str, field: str = "amount") -> Vnd:
    """``2.350.000`` / ``2.350.000 đ`` / ``2.350.000 đồng`` / ``500000 đ`` → `Vnd` (≥ 0)."""
    s = _money_number(text)
    amount = read_money(s) if not s.startswith("-") else None
    if amount is None:
        _whole(s, ("số tiền", "amount"), "26.500.000 đồng", field)
        amount = 0  # pragma: no cover - _whole refused what read_money could not read
    if amount > MAX_VND:
        raise NotationError(
            f"Số tiền '{s}' lớn hơn 1.000.000.000.000.000 đ.",
            f"The amount '{s}' is larger than 1.000.000.000.000.000 đ.",
            field,
        )
    return Vnd(amount)


def parse_count(text: str, field: str = "", what: tuple[str, str] = ("số", "number")) -> int:
    """A count: ``1146`` or ``1.146`` (never ``1,146``, never negative)."""
    s = _clean(text)
    if len(s.replace(".", "")) > _MAX_DIGITS and _GROUPED.fullmatch(s):
        raise NotationError(
            f"{what[0].capitalize()} '{s}' quá lớn.", f"The {what[1]} '{s}' is too large.", field
        )
    return _whole(s, what, "1.146", field)


# --- dates and months ---------------------------------------------------------------------

_DMY: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(text: str) -> str | None:
    """``09/07/2024`` → ``2024-07-09``; an ISO date as it is; None for anything else.

    The day is not checked against the calendar (``30/02/2024`` → ``2024-02-30``).
    """
    s = _clean(text)
    m = _DMY.fullmatch(s)
    if m is not None:
        day, month, year = m.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return s if _ISO_DATE.fullmatch(s) else None


def parse_date(text: str, field: str = "") -> date:
    """``09/07/2024`` (day first), ``9/7/2024`` or ``2024-07-09`` → `date`."""
    s = _clean(text)
    iso = iso_date(s)
    if iso is None:
        raise NotationError(
            f"Không đọc được ngày '{s}': viết ngày/tháng/năm như 04/03/2024,"
            " hoặc theo ISO như 2024-03-04.",
            f"Cannot read the date '{s}': write day/month/year as 04/03/2024,"
            " or ISO as 2024-03-04.",
            field,
        )
    try:
        return date.fromisoformat(iso)
    except ValueError:
        raise NotationError(
            f"ngày không hợp lệ: '{s}' (ngày này không có trên lịch).",
            f"not a valid date: '{s}' (no such day in the calendar).",
            field,
        ) from None


_MY: Final = re.compile(r"(?:tháng\s+)?(\d{1,2})/(\d{4})")
_ISO_MONTH: Final = re.compile(r"(\d{4})-(\d{2})")


def iso_month(text: str) -> str | None:
    """``03/2024`` (or ``3/2024``, ``tháng 03/2024``) → ``2024-03``; ``2024-03`` as it is."""
    s = _clean(text)
    m = _MY.fullmatch(s)
    if m is not None:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return s if _ISO_MONTH.fullmatch(s) else None


def parse_month(text: str, field: str = "") -> Month:
    """``03/2024`` or ``2024-03`` (the same month) → `Month`."""
    s = _clean(text)
    iso = iso_month(s)
    refused = NotationError(
        f"tháng phải viết dạng YYYY-MM hoặc MM/YYYY (vd 2024-03 hoặc 03/2024), không phải '{s}'.",
        f"a month is written YYYY-MM or MM/YYYY (e.g. 2024-03 or 03/2024), not '{s}'.",
        field,
    )
    if iso is None:
        raise refused
    try:
        return Month.parse(iso)
    except ValueError:
        raise refused from None


# --- moments ------------------------------------------------------------------------------

_CLOCK: Final = r"(?P<hh>\d{1,2})[:h](?P<mm>\d{2})(?::(?P<ss>\d{2}))?"
#: ``10/05/2024 08:00``, ``10/05/2024 lúc 08:00``, ``10/05/2024 8h00``
_DAY_THEN_TIME: Final = re.compile(r"(?P<day>[^\sT]+)(?:\s+(?:lúc\s+)?" + _CLOCK + ")?")
#: ``08:00 ngày 10/05/2024``, ``08:00 10/05/2024``
_TIME_THEN_DAY: Final = re.compile(_CLOCK + r"\s+(?:ngày\s+)?(?P<day>\S+)")


def _moment_error(s: str, field: str) -> NotationError:
    return NotationError(
        f"không phải ngày hoặc ngày giờ hợp lệ: '{s}' (viết 04/03/2024 08:00,"
        " 08:00 ngày 04/03/2024 hoặc ISO 8601 như 2024-03-04T08:00).",
        f"not a valid date or date and time: '{s}' (write 04/03/2024 08:00,"
        " 08:00 ngày 04/03/2024 or ISO 8601 such as 2024-03-04T08:00).",
        field,
    )


def parse_moment(text: str, field: str = "", *, day_alone: time | None = time(8)) -> datetime:
    """A date and time (forms above) → an aware `datetime`; no zone means Vietnam time.

    A date written alone means `day_alone` that day (08:00 unless told; None refuses it).
    """
    s = _clean(text).removesuffix(".")
    m = _DAY_THEN_TIME.fullmatch(s) or _TIME_THEN_DAY.fullmatch(s)
    if m is None or iso_date(m.group("day")) is None:
        return _iso_moment(s, field)
    day = parse_date(m.group("day"), field)
    if m.group("hh") is None:
        if day_alone is None:
            raise _moment_error(s, field)
        return datetime.combine(day, day_alone, tzinfo=VIETNAM_TZ)
    hour, minute, second = int(m.group("hh")), int(m.group("mm")), int(m.group("ss") or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise NotationError(
            f"Giờ '{s}' không hợp lệ; ví dụ: 08:00.",
            f"The time '{s}' is not valid; e.g. 08:00.",
            field,
        )
    return datetime.combine(day, time(hour, minute, second), tzinfo=VIETNAM_TZ)


def _iso_moment(s: str, field: str) -> datetime:
    """ISO 8601 (``2024-03-04T08:00``, ``2024-03-04 08:00+07:00``); the date may be day first."""
    m = re.fullmatch(r"(\S+?)[T ](.+)", s)
    if m is None:
        raise _moment_error(s, field)
    day = iso_date(m.group(1)) or m.group(1)
    try:
        moment = datetime.fromisoformat(f"{day}T{m.group(2).strip()}")
    except ValueError:
        raise _moment_error(s, field) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ)


def iso_moment(text: str, *, day_alone: time = time(0)) -> str | None:
    """A moment (forms above) in ISO 8601 with its offset, or None when it cannot be read."""
    try:
        return parse_moment(text, day_alone=day_alone).isoformat()
    except NotationError:
        return None


def typed_text(value: object, t: Any) -> object:
    """What was typed for a field of type `t`, as the JSON the core's converter reads.

    Money written the Vietnamese way, ``04/03/2024`` dates, moments without a zone (Vietnam
    time), ``03/2024`` months and the words of an enumeration (either language) become the
    converter's input; anything it cannot read is left as typed, for the converter to refuse
    with its message. The command line's options and the workspace's forms both read with it.
    """
    if not isinstance(value, str):  # a flag's True/False, as the command line parsed it
        return value
    text = value.strip()
    if t is Vnd:
        amount = read_money(value)
        return value if amount is None else amount
    if t is int:
        if not re.fullmatch(r"-?\d+", text):
            return value
        if len(text) > 18:  # beyond any count (and int()'s limit): refused as too large
            return -(MAX_COUNT + 1) if text.startswith("-") else MAX_COUNT + 1
        return int(value)
    if t is datetime:
        return iso_moment(value) or value
    if t is date:
        return iso_date(value) or value
    if t is Month:
        return iso_month(value) or text
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return code_of(t.__name__, value) or value
    return value
