"""Reading a staff member's ``.feature`` file: clear Vietnamese messages for known traps.

pytest-bdd parses with the official Gherkin parser and answers mistakes with English parser
errors (or, for two scenarios of the same name, silently keeps only the last). Before it
parses, `load_feature` looks for the traps policy staff fall into and names them in
Vietnamese, with the line and the fix:

- no ``# language: vi`` line (Gherkin then reads the file as English);
- ``Ví dụ:`` above an examples table, where Vietnamese Gherkin says ``Dữ liệu:``;
- ``*`` (or ``Và``/``Nhưng``) as the first step of a scenario, so its kind is unknown;
- text in decomposed Unicode (normalised to NFC, which the core requires);
- two scenarios with the same name in one file (refused).

Then it parses the NFC text itself and puts the result in pytest-bdd's feature cache.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any, Final

from gherkin.errors import CompositeParserException
from gherkin.parser import Parser
from pytest_bdd import exceptions as bdd_exceptions
from pytest_bdd import feature as bdd_feature
from pytest_bdd.gherkin_parser import GherkinDocument
from pytest_bdd.parser import Feature, FeatureParser

from nghedan_bdd.parsing import nfc

__all__ = ["FeatureFileError", "check_text", "load_feature"]

_LANGUAGE: Final = re.compile(r"^\s*#\s*language\s*:\s*(\S+)\s*$")
_EXAMPLES_WRONG: Final = re.compile(r"^\s*(Ví dụ|Vi du|Examples|Ví Dụ)\s*:", re.IGNORECASE)
_STEP_KEYWORDS: Final = ("Cho ", "Biết ", "Khi ", "Thì ", "Và ", "Nhưng ", "* ")
_CONJUNCTIONS: Final = ("*", "Và", "Nhưng")
_TYPED: Final = frozenset({"Context", "Action", "Outcome"})


class FeatureFileError(Exception):
    """A feature file that cannot be run as written: where, what, and how to fix it."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, message: str) -> None:
        """Keep the place and the Vietnamese message."""
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        """``tệp:dòng: message``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def _first_content_line(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        s = line.strip()
        if s and not s.startswith("#"):
            return i
    return len(lines)


def check_text(path: str | os.PathLike[str], text: str) -> list[FeatureFileError]:
    """The traps found in a feature file's text (already in NFC), before parsing it."""
    problems: list[FeatureFileError] = []
    lines = text.splitlines()
    head = lines[: _first_content_line(lines)]
    language = None
    for line in head:
        m = _LANGUAGE.match(line)
        if m:
            language = m.group(1)
    if language is None:
        problems.append(
            FeatureFileError(
                path,
                1,
                "thiếu dòng '# language: vi' ở đầu tệp. Không có dòng này, Gherkin đọc tệp như"
                " tiếng Anh và không hiểu các từ khóa Tính năng, Kịch bản, Cho, Khi, Thì."
                " Hãy thêm '# language: vi' làm dòng đầu tiên.",
            )
        )
    elif language != "vi":
        problems.append(
            FeatureFileError(
                path,
                next(i for i, x in enumerate(lines, 1) if _LANGUAGE.match(x)),
                f"tệp khai báo '# language: {language}'; thư viện bước nghedan viết bằng tiếng"
                " Việt, hãy dùng '# language: vi'.",
            )
        )
    in_docstring = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith(('"""', "```")):
            in_docstring = not in_docstring
            continue
        if in_docstring:
            continue
        if _EXAMPLES_WRONG.match(line):
            following = next((x.strip() for x in lines[number:] if x.strip()), "")
            if following.startswith("|") or stripped.rstrip(":").strip().lower() in {
                "ví dụ",
                "examples",
            }:
                problems.append(
                    FeatureFileError(
                        path,
                        number,
                        f"'{stripped}' — trong Gherkin tiếng Việt, bảng dữ liệu của Khung kịch"
                        " bản bắt đầu bằng 'Dữ liệu:' (không phải 'Ví dụ:'). Hãy đổi thành"
                        " 'Dữ liệu:'.",
                    )
                )
    return problems


def _check_document(path: str, doc: GherkinDocument) -> list[FeatureFileError]:
    problems: list[FeatureFileError] = []
    scenarios: list[Any] = []
    backgrounds: list[Any] = []
    for child in doc.feature.children:
        if child.background:
            backgrounds.append(child.background)
        if child.scenario:
            scenarios.append(child.scenario)
        if child.rule:
            for sub in child.rule.children:
                if sub.scenario:
                    scenarios.append(sub.scenario)
                if sub.background:
                    backgrounds.append(sub.background)
    for block in [*backgrounds, *scenarios]:
        if block.steps and (
            block.steps[0].keyword.strip() in _CONJUNCTIONS
            or block.steps[0].keyword_type not in _TYPED
        ):
            first = block.steps[0]
            problems.append(
                FeatureFileError(
                    path,
                    first.location.line,
                    f"bước đầu tiên của '{block.keyword}: {block.name}' bắt đầu bằng"
                    f" '{first.keyword.strip()}', nên không biết đó là bước Cho, Khi hay Thì."
                    " Hãy bắt đầu bằng 'Cho' (hoặc 'Biết'), 'Khi' hoặc 'Thì'.",
                )
            )
    counts = Counter(s.name for s in scenarios)
    for name, count in counts.items():
        if count > 1:
            where = [s.location.line for s in scenarios if s.name == name]
            problems.append(
                FeatureFileError(
                    path,
                    where[1],
                    f"có {count} kịch bản cùng tên '{name}' (dòng {', '.join(map(str, where))})."
                    " Mỗi kịch bản trong một tệp phải có tên riêng; nếu không, chỉ kịch bản cuối"
                    " cùng được chạy.",
                )
            )
    return problems


class _TextParser(FeatureParser):
    """pytest-bdd's feature parser, fed with the NFC text instead of reading the file."""

    def __init__(self, path: str, text: str) -> None:
        super().__init__(str(Path(path).parent), Path(path).name)
        self.text = text
        self.document: GherkinDocument | None = None

    def _parse_feature_file(self) -> GherkinDocument:
        if self.document is None:
            self.document = GherkinDocument.from_dict(Parser().parse(self.text))
        return self.document


def _parse_error(path: str, text: str, error: CompositeParserException) -> FeatureFileError:
    first = error.errors[0]
    line = int(first.location["line"])
    content = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
    hint = ""
    if content.startswith(_STEP_KEYWORDS):
        hint = " Bước phải nằm trong một 'Kịch bản:', 'Khung kịch bản:' hoặc 'Bối cảnh:'."
    elif content.startswith("|"):
        hint = (
            " Dòng bảng phải đi ngay sau một bước (bảng dữ liệu của bước) hoặc sau 'Dữ liệu:'"
            " của một Khung kịch bản; các dòng phải có cùng số cột."
        )
    elif content.startswith(("Tính năng", "Feature")):
        hint = " Mỗi tệp chỉ có một 'Tính năng:'."
    else:
        hint = (
            " Từ khóa hợp lệ: Tính năng, Bối cảnh, Kịch bản (Tình huống), Khung kịch bản"
            " (Khung tình huống), Dữ liệu, Quy tắc, Cho, Biết, Khi, Thì, Và, Nhưng."
        )
    detail = textwrap.shorten(str(first), 160)
    return FeatureFileError(
        path,
        line,
        f"không đọc được dòng «{content}».{hint} (Gherkin: {detail})",
    )


def load_feature(path: str | os.PathLike[str]) -> Feature:
    """Check and parse a feature file; cache it where pytest-bdd's `scenarios` will look.

    Raises `FeatureFileError` (every trap found, one per line of the message).
    """
    # the key pytest-bdd looks features up by is os.path.abspath(...): use the same
    abs_path = os.path.abspath(path)  # noqa: PTH100
    raw = Path(abs_path).read_text(encoding="utf-8-sig")
    text = nfc(raw)
    problems = check_text(abs_path, text)
    if not problems:
        parser = _TextParser(abs_path, text)
        try:
            document = parser._parse_feature_file()  # noqa: SLF001 - our own override
        except CompositeParserException as error:
            raise _parse_error(abs_path, text, error) from None
        problems = _check_document(abs_path, document)
        if not problems:
            try:
                feature = parser.parse()
            except bdd_exceptions.GherkinParseError as error:  # pragma: no cover - checked above
                raise FeatureFileError(abs_path, error.line, error.message) from None
            bdd_feature.features[abs_path] = feature
            return feature
    if len(problems) == 1:
        raise problems[0]
    raise FeatureFileError(abs_path, None, "\n  ".join(["nhiều lỗi:", *map(str, problems)]))
