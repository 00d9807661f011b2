"""Strict parsing of what staff write in scenarios: money, dates, times, months, numbers.

Vietnamese conventions, and nothing else: thousands are grouped with dots
(``26.500.000 đồng``), decimals take a comma (``46,3 km``), dates are day first
(``04/03/2024``) or ISO (``2024-03-04``). Anything that could be misread — ``26,500,000``,
``2.5``, ``03-04-2024`` — is refused with a Vietnamese message saying how to write it, never
silently read as another number.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from typing import Final

from nghedan_core import VIETNAM_TZ, Month, Vnd

__all__ = [
    "ParseError",
    "nfc",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_int",
    "parse_km",
    "parse_money",
    "parse_month",
    "parse_percent",
    "quoted",
]


class ParseError(ValueError):
    """A value in a scenario that is not written the way the catalogue says (Vietnamese)."""

    def __init__(self, message: str) -> None:
        """Keep the Vietnamese message."""
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The Vietnamese message."""
        return self.message


def nfc(text: str) -> str:
    """Text in Unicode NFC (composed) form, as the core requires."""
    return unicodedata.normalize("NFC", text)


_GROUPED: Final = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_MONEY_UNIT: Final = re.compile(r"^(?P<number>.*?)\s*(?:đồng|đ|VND|VNĐ)?$")


def _whole(text: str, what: str, example: str) -> int:
    """A whole number written plainly (``1146``) or with dot groups (``1.146``)."""
    s = text.strip()
    if not s:
        raise ParseError(f"Thiếu {what}; ví dụ: {example}.")
    if s.startswith("-"):
        raise ParseError(f"{what.capitalize()} '{s}' không được âm; ví dụ: {example}.")
    if "," in s and re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        raise ParseError(
            f"'{s}' dùng dấu phẩy để ngăn cách hàng nghìn; tiếng Việt dùng dấu chấm"
            f" (ví dụ: {example}). Không tự đoán để tránh đọc sai số."
        )
    if "," in s:
        raise ParseError(
            f"{what.capitalize()} '{s}' phải là số nguyên, không có phần thập phân;"
            f" ví dụ: {example}."
        )
    if not _GROUPED.fullmatch(s):
        raise ParseError(
            f"Không đọc được {what} '{s}': viết chữ số, nhóm hàng nghìn bằng dấu chấm"
            f" (mỗi nhóm đủ 3 chữ số); ví dụ: {example}."
        )
    return int(s.replace(".", ""))


def parse_money(text: str) -> Vnd:
    """``26.500.000 đồng`` / ``26.500.000 đ`` / ``500000 đ`` → `Vnd` (whole đồng, ≥ 0)."""
    s = nfc(text).strip()
    m = _MONEY_UNIT.match(s)
    number = m.group("number") if m else s
    return Vnd(_whole(number, "số tiền", "26.500.000 đồng"))


def parse_int(text: str, what: str = "số") -> int:
    """A count: ``1146`` or ``1.146`` (never ``1,146``)."""
    return _whole(nfc(text).strip().removesuffix("."), what, "1.146")


def parse_km(text: str) -> int:
    """A length in km with a decimal comma (``46,3 km``) → whole metres (46300)."""
    s = nfc(text).strip()
    s = re.sub(r"\s*km$", "", s)
    m = re.fullmatch(r"(\d+)(?:,(\d{1,3}))?", s)
    if m is None:
        if re.fullmatch(r"\d+\.\d+", s):
            raise ParseError(
                f"Độ dài '{s}' dùng dấu chấm; phần thập phân viết bằng dấu phẩy, ví dụ: 46,3 km."
            )
        raise ParseError(f"Không đọc được độ dài '{s}'; ví dụ: 46,3 km.")
    whole, frac = m.group(1), m.group(2) or ""
    return int(whole) * 1000 + int(frac.ljust(3, "0") or "0")


def parse_percent(text: str) -> float:
    """``100 %`` / ``99,5%`` → 1.0 / 0.995."""
    s = nfc(text).strip()
    m = re.fullmatch(r"(\d+)(?:,(\d+))?\s*%", s)
    if m is None:
        raise ParseError(f"Không đọc được tỷ lệ '{s}'; ví dụ: 100 % hoặc 99,5 %.")
    value = float(f"{m.group(1)}.{m.group(2) or 0}")
    return round(value / 100, 6)


_DMY: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> date:
    """``04/03/2024`` (day first) or ``2024-03-04`` → `date` (a sentence's full stop is dropped)."""
    s = nfc(text).strip().removesuffix(".")
    m = _DMY.fullmatch(s)
    if m is not None:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO_DATE.fullmatch(s)
        if m is None:
            raise ParseError(
                f"Không đọc được ngày '{s}': viết ngày/tháng/năm như 04/03/2024,"
                " hoặc theo ISO như 2024-03-04."
            )
        year, month, day = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(f"Ngày '{s}' không có trên lịch.") from None


def parse_datetime(text: str) -> datetime:
    """``04/03/2024 08:00`` / ``04/03/2024 lúc 08:00`` / ISO → time in Vietnam (UTC+7).

    A date alone means 08:00 that day. An ISO time with an offset keeps its offset.
    """
    s = nfc(text).strip().removesuffix(".")
    if "T" in s:
        try:
            moment = datetime.fromisoformat(s)
        except ValueError:
            raise ParseError(
                f"Không đọc được thời điểm '{s}'; ví dụ: 04/03/2024 08:00 hoặc 2024-03-04T08:00."
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ)
    m = re.fullmatch(r"(?P<day>\S+)(?:\s+(?:lúc\s+)?(?P<hh>\d{1,2})[:h](?P<mm>\d{2}))?", s)
    if m is None:
        raise ParseError(f"Không đọc được thời điểm '{s}'; ví dụ: 04/03/2024 08:00.")
    day = parse_date(m.group("day"))
    hour = int(m.group("hh")) if m.group("hh") else 8
    minute = int(m.group("mm")) if m.group("mm") else 0
    if hour > 23 or minute > 59:
        raise ParseError(f"Giờ '{s}' không hợp lệ; ví dụ: 08:00.")
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM_TZ)


def parse_month(text: str) -> Month:
    """``03/2024``, ``3/2024`` or ISO ``2024-03`` → `Month`."""
    s = nfc(text).strip().removesuffix(".")
    s = re.sub(r"^tháng\s+", "", s)
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
    if m is not None:
        month, year = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(r"(\d{4})-(\d{2})", s)
        if m is None:
            raise ParseError(f"Không đọc được tháng '{s}'; ví dụ: 03/2024 hoặc 2024-03.")
        year, month = int(m.group(1)), int(m.group(2))
    try:
        return Month(year, month)
    except ValueError:
        raise ParseError(f"Tháng '{s}' không hợp lệ.") from None


_TRUE: Final = frozenset({"có", "đúng", "true", "x"})
_FALSE: Final = frozenset({"không", "sai", "false", ""})


def parse_bool(text: str) -> bool:
    """``có`` / ``không``."""
    s = nfc(text).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ParseError(f"Không đọc được '{text}': viết 'có' hoặc 'không'.")


def quoted(text: str) -> list[str]:
    """The quoted names of a list: ``"A", "B" và "C"`` → ``["A", "B", "C"]``."""
    return [nfc(x) for x in re.findall(r'"([^"]+)"', text)]
