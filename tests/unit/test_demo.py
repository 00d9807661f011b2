"""The demo's own texts are written as Vietnamese write them."""

from __future__ import annotations

import re
from typing import Any

import attrs

from nghedan_core.aggregates.session import CloseSession
from nghedan_core.demo import demo_commands

ISO_MONTH = re.compile(r"\b\d{4}-\d{2}\b")


def texts(value: Any) -> list[str]:
    """Every text held by `value`, nested values and collections included."""
    if isinstance(value, str):
        return [value]
    if attrs.has(type(value)):
        return [t for f in attrs.fields(type(value)) for t in texts(getattr(value, f.name))]
    if isinstance(value, (tuple, list, frozenset)):
        return [t for item in value for t in texts(item)]
    return []


def test_the_demo_minutes_name_their_month_as_vietnamese_write_it() -> None:
    """``Biên bản … tháng 03/2024 của Xã Ninh Thới``, never ``tháng 2024-03``."""
    minutes = [c.minutes for c in demo_commands() if isinstance(c, CloseSession)]
    assert any("tháng 03/2024 của Xã Ninh Thới" in m for m in minutes)
    for command in demo_commands():
        for text in texts(command):
            if " " in text:  # prose, not a code such as a unit code or a hamlet's
                assert not ISO_MONTH.search(text), text
