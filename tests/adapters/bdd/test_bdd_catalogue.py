"""The catalogue documents every step, with an example that matches it and no other step."""

import json
import re
import subprocess
import sys
import typing
from datetime import date, datetime
from pathlib import Path
from uuid import UUID

import attrs
import pytest
from click.testing import CliRunner

from nghedan_bdd import catalogue
from nghedan_bdd.cli import features_group
from nghedan_bdd.commands import COMMAND_CLASSES, build_command
from nghedan_bdd.parsing import ParseError
from nghedan_bdd.steps import CATALOGUE
from nghedan_bdd.world import World
from nghedan_core import COMMANDS, Appointment, Month, Person, Vnd

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs" / "steps.md"


def test_every_step_has_a_description_and_an_example_that_matches_it_alone():
    assert len(CATALOGUE) > 90
    for s in CATALOGUE:
        assert s.description.strip(), s.pattern
        assert re.fullmatch(s.pattern, s.example), f"{s.example!r} does not match {s.pattern!r}"
        others = [o for o in CATALOGUE if o.kind == s.kind and o is not s]
        clash = [o.pattern for o in others if re.fullmatch(o.pattern, s.example)]
        assert not clash, f"{s.example!r} also matches {clash}"


def test_patterns_are_unique_per_kind():
    seen = {(s.kind, s.pattern) for s in CATALOGUE}
    assert len(seen) == len(CATALOGUE)


def test_every_kind_and_capability_is_covered():
    sections = {s.section for s in CATALOGUE}
    for needed in (
        "Đơn vị hành chính",
        "Cán bộ",
        "Hộ được hỗ trợ",
        "Quỹ hỗ trợ",
        "Buổi làm việc",
        "Ý kiến, kiến nghị",
        "Thăm hỏi, tặng quà",
        "Hoạt động tình nguyện",
        "Báo cáo định kỳ",
        "Chỉ tiêu thăm hỏi",
        "Kiểm toán quỹ",
        "Lệnh tổng quát",
    ):
        assert needed in sections


def test_docs_steps_md_is_generated_from_the_catalogue():
    """docs/steps.md is stale: regenerate it with `nghedan features steps > docs/steps.md`."""
    assert DOCS.read_text(encoding="utf-8") == catalogue.markdown()


def test_steps_command_prints_markdown_and_json():
    runner = CliRunner()
    result = runner.invoke(features_group, ["steps"])
    assert result.exit_code == 0
    assert result.output == catalogue.markdown()
    result = runner.invoke(features_group, ["steps", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert len(data["steps"]) == len(CATALOGUE)
    first = data["steps"][0]
    assert set(first) >= {"kind", "keyword", "pattern", "description", "example"}
    assert set(data["commands"]) == set(COMMAND_CLASSES)
    assert "giá trị quà" in data["report_figures"]


def test_the_module_runs_on_its_own():
    out = subprocess.run(
        [sys.executable, "-m", "nghedan_bdd.cli", "steps"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    assert out.stdout.startswith("# Thư viện bước tiếng Việt")


def _sample(field: str, tp: object) -> str:
    args = typing.get_args(tp)
    if type(None) in args:
        tp = next(a for a in args if a is not type(None))
    origin = typing.get_origin(tp)
    if origin in (tuple, frozenset):
        return _sample(field, typing.get_args(tp)[0])
    if tp is UUID:
        return "Trần Văn An"
    if tp is Vnd:
        return "1.000.000 đồng"
    if tp is Month:
        return "03/2024"
    if tp is date:
        return "04/03/2024"
    if tp is datetime:
        return "04/03/2024 08:00"
    if tp is Person:
        return "Nguyễn Văn Nam"
    if tp is Appointment:
        return "20/03/2024 08:00 tại Trụ sở UBND xã"
    if tp is bool:
        return "có"
    if tp is int:
        return "1"
    if isinstance(tp, type) and hasattr(tp, "__members__"):
        return next(iter(tp)).value  # type: ignore[call-overload]
    if field in {"unit", "into", "to_unit", "parent", "code", "hamlet", "reception_hamlet"}:
        return "29500"
    return "Nội dung"


@pytest.mark.parametrize(
    "cls", sorted(COMMANDS, key=lambda c: c.__name__), ids=lambda c: c.__name__
)
def test_the_generic_step_builds_every_command(cls):
    assert len(COMMANDS) == 51
    hints = typing.get_type_hints(cls)
    table = [["trường", "giá trị"]] + [
        [a.name, _sample(a.name, hints[a.name])]
        for a in attrs.fields(cls)
        if a.name not in {"command_id", "occurred_at"}
        and not (cls.__name__ == "DeclareRelative" and a.name in {"person_id", "person_name"})
    ]
    command = build_command(World(), cls.__name__, table)
    assert type(command) is cls


def test_the_generic_step_refuses_unknown_commands_fields_and_missing_fields():
    world = World()
    with pytest.raises(ParseError, match="Có phải: OpenFund"):
        build_command(world, "OpenFunds", [["unit", "29500"]])
    with pytest.raises(ParseError, match='không có trường "amount"'):
        build_command(world, "OpenFund", [["unit", "29500"], ["amount", "1 đồng"]])
    with pytest.raises(ParseError, match="còn thiếu trường bắt buộc: amount, source"):
        build_command(world, "ReceiveContribution", [["unit", "29500"]])
    with pytest.raises(ParseError, match="dấu phẩy"):
        build_command(
            world,
            "ReceiveContribution",
            [["unit", "29500"], ["amount", "1,000,000 đồng"], ["source", "chào cờ"]],
        )


def test_closest_prefers_steps_that_say_the_same_thing():
    near = catalogue.closest("when", 'tiếp thu ý kiến "X" và hẹn ngày 20/03/2024')
    assert near[0].example.startswith("tiếp thu ý kiến")
