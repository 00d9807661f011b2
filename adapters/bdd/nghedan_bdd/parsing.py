"""Strict parsing of what staff write in scenarios: money, dates, times, months, numbers.

Vietnamese conventions, and nothing else: thousands are grouped with dots
(``26.500.000 đồng``), decimals take a comma (``46,3 km``), dates are day first
(``04/03/2024``) or ISO (``2024-03-04``). Anything that could be misread — ``26,500,000``,
``2.5``, ``03-04-2024`` — is refused with a Vietnamese message saying how to write it, never
silently read as another number. Money, counts, dates, moments and months are read by the
core's one reader of notation (`nghedan_core.notation`), as the CLI reads them; lengths,
rates and yes/no are the scenarios' own.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Final

from nghedan_core import Month, Vnd, notation
from nghedan_core.notation import NotationError

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


class ParseError(NotationError):
    """A value in a scenario that is not written the way the catalogue says (Vietnamese)."""

    def __init__(self, message: str) -> None:
        """Keep the Vietnamese message (a scenario is written and read in Vietnamese)."""
        super().__init__(message, message)


def nfc(text: str) -> str:
    """Text in Unicode NFC (composed) form, as the core requires."""
    return unicodedata.normalize("NFC", text)


def _vi(error: NotationError) -> ParseError:
    """A notation refusal as a scenario's refusal (its Vietnamese message)."""
    return ParseError(error.vi)


def parse_money(text: str) -> Vnd:
    """``26.500.000 đồng`` / ``26.500.000 đ`` / ``500000 đ`` → `Vnd` (whole đồng, ≥ 0)."""
    try:
        return notation.parse_money(text)
    except NotationError as refused:
        raise _vi(refused) from None


def parse_int(text: str, what: str = "số") -> int:
    """A count: ``1146`` or ``1.146`` (never ``1,146``)."""
    try:
        return notation.parse_count(nfc(text).strip().removesuffix("."), what=(what, what))
    except NotationError as refused:
        raise _vi(refused) from None


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


def parse_date(text: str) -> date:
    """``04/03/2024`` (day first) or ``2024-03-04`` → `date` (a sentence's full stop is dropped)."""
    try:
        return notation.parse_date(nfc(text).strip().removesuffix("."))
    except NotationError as refused:
        raise _vi(refused) from None


def parse_datetime(text: str) -> datetime:
    """``04/03/2024 08:00`` / ``04/03/2024 lúc 08:00`` / ``08:00 ngày 04/03/2024`` / ISO.

    Time in Vietnam (UTC+7) unless an ISO time carries its offset; a date alone means 08:00.
    """
    try:
        return notation.parse_moment(text)
    except NotationError as refused:
        raise _vi(refused) from None


def parse_month(text: str) -> Month:
    """``03/2024``, ``3/2024``, ``tháng 03/2024`` or ISO ``2024-03`` → `Month`."""
    try:
        return notation.parse_month(nfc(text).strip().removesuffix("."))
    except NotationError as refused:
        raise _vi(refused) from None


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
