"""Free text must show something: invisible-only text and bidirectional overrides are refused."""

from __future__ import annotations

from typing import Any

import pytest

from nghedan_core import InvalidInputError, structure_command
from nghedan_core.values import check_text, has_visible_text

RECEIPT: dict[str, Any] = {
    "command": "ReceiveContribution",
    "unit": "29500",
    "receipt_id": "7f1c0d52-8a1e-4f55-9a3c-3b1d2e4f5a6b",
    "amount": 500_000,
    "source": "lawful_donation",
}

INVISIBLE = [
    "\u200b\u200b",  # zero-width spaces
    "\u200c\u200d",  # zero-width non-joiner and joiner
    "\ufeff",  # byte order mark
    "\u2060 \u2060",  # word joiners around a space
    "\u3164",  # Hangul filler
    "\u2800\u2800",  # blank Braille pattern
    "\u00ad",  # soft hyphen
]
BIDI = ["Nguyễn\u202eVăn A", "\u2066Quỹ\u2069", "abc\u202a"]


def refusals(**fields: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        structure_command({**RECEIPT, **fields})
    return [(p.path, p.message_en, p.message_vi) for p in caught.value.problems]


@pytest.mark.parametrize("name", INVISIBLE)
def test_a_donor_named_only_by_invisible_characters_is_refused(name: str) -> None:
    """A 'named lawful donor' made of zero-width characters names nobody."""
    assert refusals(donor=name) == [
        ("$.donor", "holds only invisible characters", "chỉ gồm ký tự vô hình")
    ]


@pytest.mark.parametrize("text", BIDI)
def test_bidirectional_overrides_are_refused_in_text(text: str) -> None:
    """Text that would read otherwise than it is stored is refused, in both languages."""
    assert refusals(donor=text) == [
        (
            "$.donor",
            "contains bidirectional control characters",
            "chứa ký tự điều khiển hướng chữ",
        )
    ]


def test_every_problem_is_named_at_once() -> None:
    """An invisible donor and a bidi contributor: both named."""
    found = refusals(donor="\u200b", contributor="A\u202eB")
    assert sorted(path for path, _, _ in found) == ["$.contributor", "$.donor"]


@pytest.mark.parametrize(
    "text",
    ["Nguyễn Văn A", "Quỹ \u201cvì người nghèo\u201d", "Ấp Ô Rồm", "a\u200bb", "Lê\u00a0Thị"],
)
def test_ordinary_text_with_a_visible_letter_is_kept(text: str) -> None:
    """Vietnamese text, quotes, a zero-width space between letters: accepted unchanged."""
    assert has_visible_text(text)
    assert check_text(text) == text
