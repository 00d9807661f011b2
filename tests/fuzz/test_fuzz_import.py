"""Fuzzing ``nghedan import``: hostile command lines through the core and through the CLI.

Whatever a line holds, the import never raises: it records the command, or it stops at the
line with its number and every problem, in Vietnamese (English on request), having written
nothing from that line on.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fuzz_inputs import examples, hostile_json, hostile_text, raw_json_texts, replace_some
from fuzz_world import templates
from hypothesis import given
from hypothesis import strategies as st

from nghedan_cli import cli
from nghedan_core import NgheDan
from nghedan_core.exchange import ImportResult, import_commands
from nghedan_core.values import VIETNAM_TZ

from world import World, build_world

NOW = datetime(2024, 3, 20, 9, tzinfo=VIETNAM_TZ)
#: the world is recorded on the day of its last act (the clock-bound rules, ADR 0019)
RECORDED = datetime(2024, 3, 4, 12, tzinfo=VIETNAM_TZ)


@pytest.fixture(scope="module")
def recorded() -> Iterator[tuple[NgheDan, World]]:
    """The shared world in memory (module-wide: refused lines leave it as it was)."""
    app = NgheDan("memory://", clock=lambda: RECORDED)
    world = build_world(app)
    app.clock = lambda: NOW
    yield app, world
    app.close()


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def assert_refused_cleanly(result: ImportResult, before: int, after: int) -> None:
    """A failed line: numbered, every problem named in both languages, nothing written."""
    failure = result.failure
    assert failure is not None
    assert after == before, "a refused line wrote events"
    vi, en = failure.message("vi"), failure.message("en")
    assert vi.startswith("Dòng 1:"), vi
    assert en.startswith("Line 1:"), en
    assert failure.problems, "a refusal names at least one problem"
    for problem in failure.problems:
        assert problem.path.startswith("$"), problem
        assert problem.message("vi").strip(), problem
        assert problem.message("en").strip(), problem
    json.dumps(failure.to_dict("vi"), ensure_ascii=False).encode("utf-8")  # printable
    assert "Traceback" not in vi + en


def _import(app: NgheDan, line: str) -> None:
    before = app.max_position()
    result = import_commands(app, [line])
    after = app.max_position()
    if result.ok:
        assert result.recorded + result.unchanged == 1
        assert after - before == result.events
    else:
        assert_refused_cleanly(result, before, after)


@examples(150)
@given(data=st.data())
def test_a_well_formed_command_with_hostile_fields(recorded, data) -> None:
    """One to three fields of a real command replaced by hostile values, dropped, or added."""
    app, world = recorded
    template = data.draw(st.sampled_from(templates(world)), label="template")
    line = _line(replace_some(template, data))
    _import(app, line)


@examples(80)
@given(value=hostile_json)
def test_any_json_value_as_a_line(recorded, value) -> None:
    """Any JSON value at all: a scalar, a list, an object with hostile keys."""
    app, _ = recorded
    if isinstance(value, dict) and value:
        value = {"command": "ReceiveContribution", **value}
    _import(app, _line(value))


@examples(60)
@given(text=raw_json_texts)
def test_json_text_no_generator_makes(recorded, text) -> None:
    """Deep nesting, numbers beyond int(), NaN, escaped half characters, garbage."""
    app, _ = recorded
    if not text.strip():
        assert import_commands(app, [text]).lines == 0  # blank lines are skipped
        return
    _import(app, text)


@examples(40)
@given(name=hostile_text)
def test_a_hostile_command_name(recorded, name) -> None:
    """The command's own name: unknown, injected, broken text."""
    app, _ = recorded
    _import(app, _line({"command": name, "unit": "29500"}))


# --- the same through ``nghedan import`` ------------------------------------------------


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """The shared world in a SQLite file, recorded once."""
    path = tmp_path_factory.mktemp("fuzz-import") / "world.db"
    app = NgheDan(f"sqlite:///{path}", clock=lambda: RECORDED)
    world = build_world(app)
    app.close()
    return path, world


def _events(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])


@examples(40)
@given(data=st.data(), lang=st.sampled_from(["vi", "en"]), raw=st.booleans())
def test_nghedan_import_refuses_hostile_lines_with_exit_2(
    world_file, tmp_path_factory, data, lang, raw
) -> None:
    """Exit 0 or 2, never a traceback; a refusal names the line and writes nothing."""
    template_db, world = world_file
    folder = tmp_path_factory.mktemp("run")
    db = folder / "w.db"
    shutil.copyfile(template_db, db)
    if raw:
        line = data.draw(raw_json_texts.filter(lambda t: "\n" not in t and t.strip()))
    else:
        command = replace_some(data.draw(st.sampled_from(templates(world))), data)
        # escaped (\ud800) or raw half characters: the raw ones make the file not UTF-8
        line = json.dumps(command, ensure_ascii=data.draw(st.booleans()))
    commands = folder / "commands.jsonl"
    commands.write_text(line + "\n", encoding="utf-8", errors="surrogatepass")
    before = _events(db)
    result = CliRunner().invoke(
        cli,
        # the commune's clerk runs the import (ADR 0018): a leader's act is refused, line 1
        [
            "--db",
            f"sqlite:///{db}",
            "--lang",
            lang,
            "--as",
            str(world.clerk),
            "import",
            str(commands),
        ],
    )
    out = result.output
    assert "Traceback" not in out
    assert result.exception is None or isinstance(result.exception, SystemExit), out
    assert result.exit_code in {0, 2}, out
    if result.exit_code == 2:
        assert _events(db) == before, f"refused import wrote events:\n{out}"
        head = "Dòng 1:" if lang == "vi" else "Line 1:"
        other = ("không phải UTF-8", "not UTF-8")[lang == "en"]
        assert head in out or other in out, out


def test_regression_half_characters_huge_numbers_and_deep_nesting_are_refused(recorded) -> None:
    """Found by the fuzzer: these raised (UnicodeEncodeError, ValueError, RecursionError)."""
    app, _ = recorded
    base = templates(recorded[1])[0]
    lines = {
        _line({**base, "donor": "\ud800"}): "$.donor",
        _line({**base, "\udfff": 1}): "$.\\udfff",
        _line({**base, "command_id": "\udc80"}): "$.command_id",
        '{"command": "ReceiveContribution", "amount": 1' + "0" * 5000 + "}": "$",
        "[" * 100_000 + "]" * 100_000: "$",
    }
    for line, path in lines.items():
        before = app.max_position()
        result = import_commands(app, [line])
        assert_refused_cleanly(result, before, app.max_position())
        assert result.failure is not None
        assert [p.path for p in result.failure.problems] == [path]


def test_regression_times_outside_the_model_years_are_refused(recorded) -> None:
    """Found by the fuzzer: year 1 overflowed in Vietnam time; year 9999 broke the pages."""
    app, world = recorded
    base = templates(world)[0]
    for when in (
        "0001-01-01T00:00:00+07:00",
        "9999-12-31T23:59:00+14:00",
        "1999-12-31T08:00+07:00",
    ):
        before = app.max_position()
        result = import_commands(app, [_line({**base, "occurred_at": when})])
        assert_refused_cleanly(result, before, app.max_position())
        assert result.failure is not None
        message = result.failure.message("en")
        assert "$.occurred_at: must lie in the years 2000 to 2200" in message
    schedule = next(t for t in templates(world) if t["command"] == "ScheduleSession")
    result = import_commands(app, [_line({**schedule, "date": "0001-01-01"})])
    assert result.failure is not None
    assert "$.date: must lie in the years 2000 to 2200" in result.failure.message("en")
