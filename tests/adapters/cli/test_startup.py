"""``nghedan --help`` and a read's help start without loading the commands they do not run."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from nghedan_cli.base import _first_sentence
from nghedan_cli.main import COMMANDS, cli

#: the parts of the core a command's help never needs: the aggregates, the converter, the
#: application and the audit
HEAVY = (
    "nghedan_core.aggregates",
    "nghedan_core.serialization",
    "nghedan_core.application",
    "nghedan_core.audit",
)


def _modules_after(*args: str) -> list[str]:
    """The nghedan modules a fresh process has loaded after ``nghedan ARGS``."""
    code = (
        "import json, sys\n"
        "from nghedan_cli.main import cli\n"
        f"cli.main({list(args)!r}, standalone_mode=False)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('nghedan'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_help_lists_every_command_without_loading_one(lang: str) -> None:
    """``nghedan --help`` imports no command module and none of the core's heavy parts."""
    loaded = _modules_after("--lang", lang, "--help")
    assert [m for m in loaded if m.startswith(HEAVY)] == []
    for module in ("views", "reading", "commands", "auditing", "personal", "demo", "i18n"):
        assert f"nghedan_cli.{module}" not in loaded
    assert not any(m.startswith(("nghedan_http", "nghedan_bdd")) for m in loaded)


@pytest.mark.parametrize(
    "command", ["report", "ledger", "disclosure", "complaints", "quota", "dossier"]
)
def test_a_read_commands_help_loads_only_its_own_module(command: str) -> None:
    """``nghedan READ --help`` loads its module and the views, not the application."""
    loaded = _modules_after(command, "--help")
    assert [m for m in loaded if m.startswith(HEAVY)] == []
    assert "nghedan_cli.auditing" not in loaded
    assert "nghedan_cli.commands" not in loaded


def test_the_table_holds_every_commands_own_short_help() -> None:
    """The short helps ``--help`` lists without loading are each command's, in both languages."""
    assert sorted(COMMANDS) == cli.list_commands(click.Context(cli))
    for name, (load, _needs, vi, en) in COMMANDS.items():
        command = load(name)
        assert command is not None
        assert command.name == name
        own_vi, own_en = getattr(command, "help_vi_en")  # noqa: B009 - every command has one
        assert (vi, en) == (_first_sentence(own_vi), _first_sentence(own_en)), name


def test_the_listed_help_is_the_same_whether_commands_are_loaded_or_not() -> None:
    """``--help`` reads the same from the table as from the loaded commands themselves."""
    code = (
        "import sys\n"
        "from nghedan_cli.main import cli\n"
        "import click\n"
        "if sys.argv[1] == 'loaded':\n"
        "    for name in list(cli.lazy):\n"
        "        cli.get_command(click.Context(cli), name)\n"
        "cli.main(sys.argv[2:], standalone_mode=False)\n"
    )
    for lang in ("vi", "en"):
        outputs = {
            how: subprocess.run(
                [sys.executable, "-c", code, how, "--lang", lang, "--help"],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
            for how in ("lazy", "loaded")
        }
        assert outputs["lazy"] == outputs["loaded"]
        assert "quota" in outputs["lazy"]
