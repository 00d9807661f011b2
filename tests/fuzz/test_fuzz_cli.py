"""Fuzzing the command line: every command's options and arguments with hostile values.

The commands are enumerated from the ``nghedan`` group itself (a new command is fuzzed
without a change here): the generated command subcommands and the view commands. Whatever
is typed, the CLI answers with exit code 0, or 2 and a clear message — Vietnamese by
default, English with ``--lang en`` — never a traceback nor exit 70, and writes nothing when
it refuses.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import click
import pytest
from cli_world import CHAIR, COMMUNE, HAMLET, HOUSEHOLD, WORLD, Nd
from fuzz_inputs import cli_text, examples
from hypothesis import event, given
from hypothesis import strategies as st

from nghedan_cli import cli
from nghedan_cli.i18n import SUBCOMMANDS
from nghedan_core import Month, Vnd
from nghedan_core.fields import leaves

COMPLAINT_ID = "66666666-6666-4666-8666-666666666666"

#: commands not fuzzed here, and why
SKIPPED = {
    ("serve",): "starts a server",
    ("demo",): "records the whole demo (slow); takes no input",
    ("features", "run"): "runs pytest on feature files",
    ("export",): "writes a file wherever --out says",
    ("import",): "fuzzed by test_fuzz_import",
    ("restore",): "reads a file: fuzzed through the exchange format",
}
#: options that write files wherever they say
FILE_OPTIONS = {"--csv", "--xlsx", "--out"}


def _leaves(
    group: click.Group, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found += _leaves(command, (*path, name))
        elif (*path, name) not in SKIPPED:
            found.append(((*path, name), command))
    return found


LEAVES = _leaves(cli)
#: plausible values, so that a hostile value sits among valid ones and reaches the core
PLAUSIBLE = (
    COMMUNE,
    HAMLET,
    "94",
    "2024-03",
    "04/03/2024",
    "2024-03-04",
    "04/03/2024 08:00",
    "2024-03-04T08:00:00+07:00",
    "500.000",
    "5",
    "session",
    "commune",
    "leader",
    HOUSEHOLD,
    "Ấp Ô Rồm",
)
values = st.one_of(cli_text, cli_text, st.sampled_from(PLAUSIBLE))


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Nd:
    """The CLI tests' small world, recorded through the CLI into this module's own file."""
    nd = Nd(tmp_path_factory.mktemp("fuzz-cli") / "world.db")
    for args in WORLD:
        nd.ok(*args)
    return nd


HEADS = {
    "vi": ("Dữ liệu không hợp lệ:", "Lỗi:", "Từ chối [", "Cách dùng:"),
    "en": ("Invalid input:", "Error:", "Refused [", "Usage:"),
}


def check_answer(nd: Nd, args: list[str], lang: str) -> int:
    """Run ``nghedan ARGS``: exit 0, or 2 with a clear message and nothing written."""
    before = nd.events()
    result = nd(*args)
    out = result.output
    assert "Traceback" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), out
    assert result.exit_code in {0, 2}, f"exit {result.exit_code}:\n{out}"
    if result.exit_code == 2:
        assert nd.events() == before, f"a refusal wrote events:\n{out}"
        assert out.lstrip().startswith(HEADS[lang]), out
    return result.exit_code


@examples(120)
@given(data=st.data(), lang=st.sampled_from(["vi", "vi", "en"]))
def test_every_command_refuses_hostile_options_cleanly(world_db: Nd, data, lang) -> None:
    """A random command, random options with hostile or plausible values, some arguments."""
    path, command = data.draw(st.sampled_from(LEAVES), label="command")
    args: list[str] = ["--lang", lang, *path]
    for param in command.params:
        if param.name == "help" or not data.draw(st.booleans()):
            continue
        if isinstance(param, click.Option):
            name = param.opts[0]
            if name in FILE_OPTIONS or name == "--json":
                continue
            if param.is_flag:
                args.append(
                    name
                    if not param.secondary_opts
                    else data.draw(st.sampled_from([name, param.secondary_opts[0]]))
                )
                continue
            for _ in range(data.draw(st.integers(1, 3 if param.multiple else 1))):
                args += [name, data.draw(values)]
        else:
            args += data.draw(st.lists(values, min_size=1, max_size=3))
    if data.draw(st.booleans()):
        args.append("--json")
    event(f"exit {check_answer(world_db, args, lang)}")  # see --hypothesis-show-statistics


@pytest.mark.parametrize(
    "args",
    [
        ("session", "flag-ceremony", "--unit", COMMUNE, "--month", "2024-03", "--attendees", "9" * 5000),
        ("fund", "receive", "--unit", COMMUNE, "--amount", "9" * 5000, "--source", "session"),
        ("unit", "rename", "--code", COMMUNE, "--name", "Xã\udcff"),
        ("fund", "receive", "--unit", COMMUNE, "--amount", "5", "--source", "session", "--occurred-at", "01/01/0001 00:00"),
        ("fund", "receive", "--unit", COMMUNE, "--amount", "5", "--source", "session", "--occurred-at", "31/12/9999 23:59"),
        ("session", "schedule", "--unit", COMMUNE, "--month", "2024-04", "--date", "01/01/0001", "--reception-hamlet", HAMLET),
        ("fund", "publish-disclosure", "--unit", COMMUNE, "--period-from", "01/01/0001", "--period-to", "31/12/9999"),
        ("volunteer", "complete", "--work-id", HOUSEHOLD, "--participants", "10000000000"),
    ],
    ids=["huge count", "huge amount", "half character", "year 1", "year 9999", "date year 1", "disclosure years", "count over 10^9"],
)  # fmt: skip
def test_regression_what_crashed_the_cli_is_refused(world_db: Nd, args: tuple[str, ...]) -> None:
    """Found by fuzzing: these ended in exit 70 (a bug report) or were recorded."""
    check_answer(world_db, ["--lang", "vi", *args], "vi")
    assert world_db(*args).exit_code == 2


def test_regression_a_huge_number_is_refused_as_too_large(world_db: Nd) -> None:
    """Not "expected a whole number": the number is one, only far too large."""
    out = world_db(
        "--lang",
        "en",
        "fund",
        "receive",
        "--unit",
        COMMUNE,
        "--amount",
        "9" * 5000,
        "--source",
        "session",
    ).output
    assert "--amount: money larger than 1.000.000.000.000.000 đ" in out
    out = world_db(
        "session",
        "flag-ceremony",
        "--unit",
        COMMUNE,
        "--month",
        "2024-03",
        "--attendees",
        "9" * 5000,
    ).output
    assert "--attendees:" in out
    out = world_db(
        "--lang",
        "en",
        "volunteer",
        "complete",
        "--work-id",
        HOUSEHOLD,
        "--participants",
        "10000000000",
    ).output
    assert "--participants: larger than 1.000.000.000" in out


def test_every_command_is_enumerated() -> None:
    """The fuzzer reaches the generated commands and the views (and skips only what it says)."""
    names = {" ".join(p) for p, _ in LEAVES}
    assert {"fund receive", "complaint raise", "report", "ledger", "dossier", "quota"} <= names
    assert len(LEAVES) > 50
    assert not any(p in SKIPPED for p, _ in LEAVES)


@pytest.mark.parametrize("expect", ["'; DROP TABLE stored_events; --", "abc", "0" * 63, "g" * 64])
def test_regression_a_digest_that_is_not_one_is_bad_input_not_tampering(
    world_db: Nd, expect: str
) -> None:
    """``audit verify --expect <garbage>`` said the history was tampered with (exit 1)."""
    out = world_db("audit", "verify", "--expect", expect)
    assert out.exit_code == 2, out.output
    assert "--expect: mã tổng hợp phải gồm 64 ký tự hex (SHA-256)" in out.output
    assert "bị xóa" not in out.output
    digest = world_db("--json", "audit").output
    good = re.search(r'"digest": "([0-9a-f]{64})"', digest)
    assert good is not None, digest
    assert world_db("audit", "verify", "--expect", good.group(1).upper()).exit_code == 0


# --- a real command with one hostile option ---------------------------------------------


def _plausible(name: str, inner: Any) -> st.SearchStrategy[str]:
    """Values a clerk would type for a field of type `inner` called `name`."""
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return st.sampled_from([str(m.value) for m in inner])
    by_type: dict[Any, st.SearchStrategy[str]] = {
        Vnd: st.sampled_from(["500.000", "1.000.000 đ", "20000"]),
        int: st.sampled_from(["0", "5", "45"]),
        bool: st.just("true"),
        datetime: st.sampled_from(["05/03/2024 09:00", "2024-03-05T09:00:00+07:00"]),
        date: st.sampled_from(["05/03/2024", "2024-04-01"]),
        Month: st.sampled_from(["2024-03", "2024-04"]),
        UUID: st.sampled_from([CHAIR, HOUSEHOLD, COMPLAINT_ID, str(uuid4())]),
    }
    if inner in by_type:
        return by_type[inner]
    if name in {"unit", "hamlet", "code", "parent", "to_unit", "into", "reception_hamlet"}:
        return st.sampled_from([COMMUNE, HAMLET, "94"])
    return st.sampled_from(["Ấp Ô Rồm", "Đã hướng dẫn", "Công ty A"])


COMMAND_OPTIONS = {
    cls: [
        ("--" + "-".join(p.replace("_", "-") for p in spec.path), spec.type, spec.many)
        for spec in leaves(cls)
    ]
    for cls in SUBCOMMANDS
}


@examples(120)
@given(data=st.data(), lang=st.sampled_from(["vi", "en"]))
def test_a_real_command_with_one_hostile_option(world_db: Nd, data, lang) -> None:
    """Every option given as a clerk would type it, but one (or two) hostile: deep refusals."""
    cls = data.draw(st.sampled_from(sorted(SUBCOMMANDS, key=lambda c: c.__name__)), label="command")
    group, name = SUBCOMMANDS[cls][0], SUBCOMMANDS[cls][1]
    options = COMMAND_OPTIONS[cls]
    hostile = set(
        data.draw(st.lists(st.sampled_from([o for o, _, _ in options]), min_size=1, max_size=2))
    )
    args = ["--lang", lang, group, name]
    for option, inner, many in options:
        value = data.draw(
            cli_text if option in hostile else _plausible(option[2:].replace("-", "_"), inner)
        )
        if inner is bool and option not in hostile:
            args.append(option)
            continue
        args += [option, value]
        if many and data.draw(st.booleans()):
            args += [option, data.draw(_plausible(option, inner))]
    event(f"exit {check_answer(world_db, args, lang)}")


@pytest.mark.parametrize(
    "args",
    [
        ("fund", "open", "--unit", "x\udcff"),
        ("fund", "receive", "--unit", "\udcff", "--amount", "5", "--source", "session"),
        ("token", "issue", "--role", "clerk", "--unit", "\udcff"),
    ],
    ids=["fund open", "fund receive", "token issue"],
)
def test_regression_an_argument_that_was_not_utf8_is_refused(world_db: Nd, args) -> None:
    """Bytes that are not UTF-8 reach Python as half characters: they were exit 70."""
    check_answer(world_db, ["--lang", "en", *args], "en")
    out = world_db(*args).output
    assert "--unit: chứa nửa ký tự Unicode (byte không phải UTF-8), không ghi được" in out
