"""What the step modules share: regex fragments and the Vietnamese words for enum values."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final, TypeVar

from nghedan_bdd.parsing import ParseError, nfc, quoted
from nghedan_core import (
    ComplaintCategory,
    ComplaintOutcome,
    ContributionSource,
    DeregistrationReason,
    DisbursementPurpose,
    FundingSource,
    HardshipCause,
    HouseholdCategory,
    OfficialRole,
    RecordReason,
    SupervisorKind,
    SupportKind,
    UnitKind,
    VolunteerWorkKind,
)
from nghedan_core.messages import code_of
from nghedan_core.values import label_vi

__all__ = [
    "DATETIME",
    "MONEY",
    "NAMES",
    "SESSION",
    "SOURCE",
    "enum_value",
    "enum_values",
    "names",
    "source_of",
    "unit_kind",
]

#: money as written: loose here, parsed strictly by `parse_money` (so 26,500,000 gets a message)
MONEY: Final = r"(?P<amount>[^\s\"]+?) ?(?:đồng|đ)"
#: a date, optionally with a time: 04/03/2024, 04/03/2024 08:00, 04/03/2024 lúc 08:00,
#: 08:00 ngày 04/03/2024, ISO (read strictly by the core's `notation.parse_moment`)
DATETIME: Final = r"(?P<at>\d{1,2}[:h]\d{2} ngày [^\s\"]+|[^\s\"]+(?: (?:lúc )?\d{1,2}[:h]\d{2})?)"
#: a list of quoted names: "A", "B" và "C"
NAMES: Final = r'"[^"]+"(?:(?:, | và )"[^"]+")*'
#: a session: buổi làm việc [cấp giám sát] tháng 03/2024 của "Ninh Thới"
SESSION: Final = (
    r'buổi làm việc(?P<sup> cấp giám sát)? tháng (?P<month>[^\s"]+) của "(?P<unit>[^"]+)"'
)
#: where a contribution comes from
SOURCE: Final = (
    r"(?P<source>(?:từ|tại) buổi chào cờ|tại buổi làm việc|từ nhà tài trợ \"[^\"]*\""
    r"|từ nguồn xã hội hóa không ghi tên nhà tài trợ)"
)


def unit_kind(word: str) -> UnitKind:
    """``xã`` → `UnitKind.COMMUNE`, ``thành phố`` → `UnitKind.PROVINCE`, ... (core words)."""
    code = code_of("UnitKind", nfc(word).strip().lower())
    if code is None:
        raise KeyError(word)
    return UnitKind(code)


#: extra Vietnamese words accepted for enum values, beyond each value's own label
_SYNONYMS: Final[dict[type[enum.Enum], dict[str, str]]] = {
    OfficialRole: {
        "mttq": "mttq",
        "văn phòng": "clerk",
        "thư ký": "clerk",
        "giám sát": "supervisor",
        "thanh tra nhân dân": "inspectorate",
    },
    DisbursementPurpose: {
        "tặng quà": "gift",
        "làm nhà vệ sinh": "toilet",
        "xây nhà tình thương": "house_building",
        "xây nhà": "house_building",
        "sửa nhà": "house_repair",
        "khác": "other_support",
    },
    SupportKind: {
        "tặng quà": "gift",
        "xây nhà": "house_built",
        "sửa nhà": "house_repaired",
        "hỗ trợ khác": "other",
    },
    FundingSource: {"quỹ hỗ trợ": "fund"},
    ContributionSource: {"buổi làm việc": "session", "xã hội hóa": "lawful_donation"},
    SupervisorKind: {"mttq": "mttq", "mặt trận": "mttq"},
    VolunteerWorkKind: {
        "vệ sinh": "cleaning",
        "phát quang, dọn vệ sinh": "tree_trimming",
        "xây nhà": "house_building",
        "sửa nhà": "house_repair",
    },
    ComplaintOutcome: {"mở": "open", "tiếp thu": "taken_on_record"},
}

E = TypeVar("E", bound=enum.Enum)


def _words(cls: type[E]) -> dict[str, E]:
    words: dict[str, E] = {}
    for member in cls:
        words[str(member.value).casefold()] = member
        words[label_vi(str(member.value)).casefold()] = member
    for word, value in _SYNONYMS.get(cls, {}).items():
        words[word.casefold()] = cls(value)
    return words


def enum_value(cls: type[E], text: str, what: str) -> E:
    """The member of `cls` named by its Vietnamese label (or its code value)."""
    key = nfc(text).strip().casefold()
    words = _words(cls)
    found = words.get(key)
    if found is None:
        choices = ", ".join(f'"{label_vi(str(m.value))}"' for m in cls)
        raise ParseError(f'Không hiểu {what} "{text}"; chọn một trong: {choices}.')
    return found


def enum_values(cls: type[E], text: str, what: str) -> frozenset[E]:
    """Several members, separated by commas or "và"."""
    parts = [p for p in _split(text) if p]
    words = _words(cls)
    found: set[E] = set()
    i = 0
    while i < len(parts):
        # labels may hold commas themselves ("ốm đau, bệnh tật"): take the longest that fits
        for j in range(len(parts), i, -1):
            member = words.get(", ".join(parts[i:j]).casefold())
            if member is not None:
                found.add(member)
                i = j
                break
        else:
            found.add(enum_value(cls, parts[i], what))
            i += 1
    return frozenset(found)


def _split(text: str) -> Iterable[str]:
    for chunk in nfc(text).replace(" và ", ",").split(","):
        yield chunk.strip()


def names(text: str) -> list[str]:
    """The quoted names of a list."""
    return quoted(text)


def source_of(phrase: str) -> tuple[ContributionSource, str | None]:
    """``từ buổi chào cờ`` / ``tại buổi làm việc`` / ``từ nhà tài trợ "X"`` → source, donor."""
    if "chào cờ" in phrase:
        return ContributionSource.FLAG_CEREMONY, None
    if "buổi làm việc" in phrase:
        return ContributionSource.SESSION, None
    donors = quoted(phrase)
    return ContributionSource.LAWFUL_DONATION, (donors[0] if donors else None)


#: the words of every enum a step accepts, for the catalogue
VOCABULARY: Final[dict[str, type[enum.Enum]]] = {
    "diện hộ (categories)": HouseholdCategory,
    "vai trò cán bộ (roles)": OfficialRole,
    "lĩnh vực ý kiến (category)": ComplaintCategory,
    "trạng thái ý kiến (outcome)": ComplaintOutcome,
    "lý do tiếp thu (reason)": RecordReason,
    "mục đích chi (purpose)": DisbursementPurpose,
    "loại hỗ trợ (kind)": SupportKind,
    "nguồn chi trả hỗ trợ (funded_by)": FundingSource,
    "nguồn đóng góp (source)": ContributionSource,
    "loại hoạt động tình nguyện (kind)": VolunteerWorkKind,
    "nguyên nhân khó khăn (causes)": HardshipCause,
    "cơ quan giám sát (by)": SupervisorKind,
    "lý do ra khỏi danh sách (reason)": DeregistrationReason,
    "loại đơn vị (kind)": UnitKind,
}
