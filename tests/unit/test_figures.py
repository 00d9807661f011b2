"""The catalogue of figure definitions: complete, one sentence each, in both languages."""

from __future__ import annotations

import ast
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from nghedan_cli import cli
from nghedan_cli.reading import report_rows
from nghedan_core import figures
from nghedan_core.errors import Lang
from nghedan_core.figures import FIGURES, Figure, definition, figures_markdown, figures_of
from nghedan_core.projections import PeriodReport, fold
from nghedan_core.projections.complaints import BoardCounts
from nghedan_core.projections.ledger import DisclosureView

ROOT = Path(__file__).resolve().parents[2]
REPORT_TESTS = ROOT / "tests" / "unit" / "test_projection_report.py"

#: (a figure whose definition states a rule, words its Vietnamese and English sentences must
#: say, the tests of the period report that pin the rule)
BACKED: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "report.complaints_overdue",
        "bất kỳ tháng nào",
        "raised in any month",
        (
            "test_a_complaint_raised_before_the_period_is_overdue_in_it_until_answered",
            "test_a_complaint_is_overdue_from_its_appointment_until_it_is_answered",
            "test_a_withdrawn_complaint_is_received_but_never_overdue",
        ),
    ),
    (
        "report.complaints_overdue",
        "thời điểm lập báo cáo nếu sớm hơn",
        "before the moment the report is made, when that is earlier",
        (
            "test_overdue_is_judged_at_the_moment_the_report_is_made_when_that_is_earlier",
            "test_the_report_counts_as_overdue_what_the_complaint_board_shows_overdue",
        ),
    ),
    (
        "report.fund.payments_vnd",
        "không bao giờ âm",
        "never negative",
        ("test_reversals_are_their_own_figure_and_payments_are_never_negative",),
    ),
    (
        "report.fund.reversals_vnd",
        "dòng riêng",
        "line of their own",
        ("test_reversals_are_their_own_figure_and_payments_are_never_negative",),
    ),
    (
        "report.fund.closing_vnd",
        "cộng hoàn chi",
        "plus reversals",
        ("test_reversals_are_their_own_figure_and_payments_are_never_negative",),
    ),
    (
        "report.gifts.count",
        "hoàn chi trước cuối kỳ",
        "reversed by the end of the period",
        ("test_a_reversed_gift_leaves_every_line_it_touched",),
    ),
    (
        "report.households_supported.count",
        "hoàn chi trước cuối kỳ",
        "reversed by the end of the period",
        (
            "test_a_reversed_gift_leaves_every_line_it_touched",
            "test_a_payment_reversed_in_the_period_no_longer_counts_as_support_given",
        ),
    ),
    (
        "report.toilets_built.count",
        "hoàn chi trước cuối kỳ",
        "reversed by the end of the period",
        ("test_a_reversed_house_or_toilet_payment_leaves_its_line",),
    ),
    (
        "report.sessions_held",
        "cấp giám sát được tính riêng",
        "supervisory sessions are counted apart",
        ("test_supervisory_sessions_are_counted_apart_from_the_commune_sessions",),
    ),
    (
        "report.supervisory_sessions_held",
        "không tính vào số buổi cấp xã",
        "not counted as commune sessions",
        ("test_supervisory_sessions_are_counted_apart_from_the_commune_sessions",),
    ),
    (
        "report.quota.required",
        "cấp giám sát không có chỉ tiêu",
        "supervisory sessions have no quota",
        ("test_supervisory_sessions_are_counted_apart_from_the_commune_sessions",),
    ),
)

#: short words shaped like Vietnamese syllables that are English, not Vietnamese, here
ENGLISH_SHORT_WORDS = frozenset(
    {"a", "an", "as", "at", "be", "by", "do", "due", "he", "in", "is", "it", "no", "on", "the"}
)
#: a Vietnamese syllable with its tones and vowel marks taken off
SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?"
)


def flattened(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Every leaf key path of `data`: ``fund.payments_vnd``."""
    keys: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            keys += flattened(value, f"{prefix}{key}.")
        else:
            keys.append(f"{prefix}{key}")
    return keys


def keys_of(view: str) -> list[str]:
    """The keys of the catalogue's figures of `view`, without the view."""
    return [f.field for f in figures_of(view)]


def bare(word: str) -> str:
    """`word` without tones or vowel marks (``đ`` read as ``d``)."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_every_figure_of_the_period_report_has_one_definition_and_none_is_undefined() -> None:
    """The catalogue's report keys are exactly the flattened keys of the report's JSON."""
    report = fold(PeriodReport(date(2024, 3, 1), date(2024, 3, 31)), []).view().to_json()
    assert keys_of("report") == flattened(report)


def test_every_count_of_the_complaint_board_has_one_definition() -> None:
    """One definition per complaint status the board counts, and one for the total."""
    counts = [f.name for f in attrs.fields(BoardCounts)]
    assert keys_of("board") == [*counts, "total"]


def test_every_amount_of_the_disclosure_has_one_definition() -> None:
    """One definition per amount of the disclosure (opening … closing), in its order."""
    amounts = [f.name for f in attrs.fields(DisclosureView) if f.type in {int, "int"}]
    assert keys_of("disclosure") == amounts


def test_keys_are_unique_and_name_their_view() -> None:
    """No key is defined twice; every key starts with a view of the catalogue."""
    keys = [f.key for f in FIGURES]
    assert len(keys) == len(set(keys))
    assert {f.view for f in FIGURES} == set(figures.VIEWS)


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_each_definition_is_one_sentence_in_each_language(figure: Figure) -> None:
    """A name and one sentence, ending with a full stop, in Vietnamese and in English."""
    for text in (figure.vi, figure.en):
        assert text.endswith(".")
        assert not re.search(r"[.!?]\s", text), text
        assert text[0].isupper()
    assert figure.label_vi
    assert figure.label_en


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_vietnamese_definitions_have_no_english_words(figure: Figure) -> None:
    """Every word of the Vietnamese name and sentence is a Vietnamese syllable."""
    for word in re.findall(r"[^\W\d_]+", f"{figure.label_vi} {figure.vi}"):
        assert word.lower() not in ENGLISH_SHORT_WORDS, word
        assert SYLLABLE.fullmatch(bare(word)), word


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_english_definitions_have_no_vietnamese_letters(figure: Figure) -> None:
    """The English name and sentence carry no Vietnamese diacritics nor đ."""
    text = f"{figure.label_en} {figure.en}"
    assert "đ" not in text.lower()
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)), text


@pytest.mark.parametrize(("key", "vi", "en", "tests"), BACKED, ids=lambda v: str(v)[:40])
def test_a_definition_stating_a_rule_says_what_the_tests_pin(
    key: str, vi: str, en: str, tests: tuple[str, ...]
) -> None:
    """The rule a definition states is in both sentences and pinned by named report tests."""
    assert vi in definition(key, "vi")
    assert en in definition(key, "en")
    defined = {
        node.name
        for node in ast.parse(REPORT_TESTS.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }
    assert set(tests) <= defined


def test_definition_reads_either_language_and_refuses_an_unknown_key() -> None:
    """Vietnamese by default, English on request; an unknown key names the known ones."""
    overdue = next(f for f in FIGURES if f.key == "board.overdue")
    assert definition("board.overdue") == overdue.vi
    assert definition("board.overdue", "en").startswith("Complaints whose appointment passed")
    assert figures.label("report.fund.reversals_vnd", "en") == "Fund: reversals"
    with pytest.raises(KeyError, match=r"report\.sessions_held"):
        definition("report.nothing")
    with pytest.raises(KeyError, match="disclosure"):
        figures_of("ledger")


def test_docs_figures_md_is_generated_from_the_catalogue() -> None:
    """docs/figures.md is stale: regenerate it from `figures_markdown()`."""
    assert (ROOT / "docs" / "figures.md").read_text(encoding="utf-8") == figures_markdown()


def test_report_help_defines_every_figure_in_the_chosen_language() -> None:
    """``nghedan report --help`` lists each figure's definition; ``--lang en`` in English."""
    runner = CliRunner()
    vi = runner.invoke(cli, ["report", "--help"])
    en = runner.invoke(cli, ["--lang", "en", "report", "--help"])
    assert (vi.exit_code, en.exit_code) == (0, 0)
    flat_vi, flat_en = " ".join(vi.output.split()), " ".join(en.output.split())
    assert "Định nghĩa các chỉ tiêu" in flat_vi
    assert "What the figures mean" in flat_en
    for figure in figures_of("report"):
        assert figure.vi in flat_vi
        assert figure.en in flat_en
        assert figure.en not in flat_vi


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_table_shows_the_supervisory_sessions_and_the_reversals(lang: Lang) -> None:
    """The table (and the xlsx sheet it fills) names the new figures in the chosen language."""
    data = fold(PeriodReport(date(2024, 3, 1), date(2024, 3, 31)), []).view().to_json()
    labels = [name for name, _value in report_rows(data, lang)]
    for key in (
        "report.supervisory_sessions_held",
        "report.supervisory_attendees",
        "report.supervisory_units_with_sessions",
        "report.fund.payments_vnd",
        "report.fund.reversals_vnd",
    ):
        assert figures.label(key, lang) in labels
