"""One decorator registers a step with pytest-bdd *and* documents it in the catalogue.

A step cannot exist without its Vietnamese description and a working example, so the
catalogue (``nghedan features steps``, ``docs/steps.md``) is complete by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, ParamSpec, TypeVar

import attrs
import pytest_bdd
from pytest_bdd import parsers

__all__ = ["CATALOGUE", "KEYWORDS", "Section", "StepDoc", "StepKind", "step"]

P = ParamSpec("P")
T = TypeVar("T")

StepKind = Literal["given", "when", "then"]


class Section:
    """The sections of the catalogue a *Cho* or *Khi* step belongs to."""

    TIME = "Thời gian và chính sách"
    UNITS = "Đơn vị hành chính"
    OFFICIALS = "Cán bộ"
    HOUSEHOLDS = "Hộ được hỗ trợ"
    FUND = "Quỹ hỗ trợ"
    SESSIONS = "Buổi làm việc"
    COMPLAINTS = "Ý kiến, kiến nghị"
    VISITS = "Thăm hỏi, tặng quà"
    VOLUNTEER = "Hoạt động tình nguyện"
    DEMO = "Dữ liệu mẫu"
    GENERIC = "Lệnh tổng quát"


#: the keyword a step of each kind is written with in the examples
KEYWORDS: dict[StepKind, str] = {"given": "Cho", "when": "Khi", "then": "Thì"}


@attrs.frozen
class StepDoc:
    """One step of the library: its kind, pattern, description, example and section."""

    kind: StepKind
    pattern: str
    description: str
    #: the step's text in the example, without its keyword
    example: str
    section: str
    #: an example data table (Gherkin rows), when the step takes one
    table: tuple[str, ...] = ()

    @property
    def keyword(self) -> str:
        """``Cho``, ``Khi`` or ``Thì``."""
        return KEYWORDS[self.kind]

    @property
    def example_line(self) -> str:
        """The example as a scenario line, keyword included."""
        return f"{self.keyword} {self.example}"


#: every step, in the order the modules define them
CATALOGUE: list[StepDoc] = []


def step(
    kind: StepKind,
    pattern: str,
    *,
    description: str,
    example: str,
    section: str,
    table: tuple[str, ...] = (),
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Register a step (a regular expression matched against the whole step text)."""

    def decorator(func: Callable[P, T]) -> Callable[P, T]:
        CATALOGUE.append(
            StepDoc(
                kind=kind,
                pattern=pattern,
                description=description,
                example=example,
                section=section,
                table=table,
            )
        )
        # stacklevel 2: the fixture pytest-bdd makes goes into the module defining the step
        # a step may end with a full stop, as staff often write sentences
        matched = pattern if pattern.endswith(":") else pattern + r"\.?"
        return pytest_bdd.step(parsers.re(matched), kind, stacklevel=2)(func)

    return decorator
