"""The CLI's plumbing: global options, language, the application on ``ctx.obj``, errors.

Every failure a user can cause ends here as one clear message — Vietnamese by default,
English with ``--lang en`` — and exit code 2; never a traceback. Exit code 1 is kept for a
failed check (the audit).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, cast

import attrs
import click

from nghedan_cli.i18n import t
from nghedan_core import DomainError, InvalidInputError, NgheDan, PolicyConfig, unstructure
from nghedan_core.errors import Lang, Problem
from nghedan_core.serialization import load_policy_config

__all__ = [
    "Env",
    "LocalizedCommand",
    "LocalizedGroup",
    "LocalizedOption",
    "echo_json",
    "env_of",
    "fail",
    "lang_of",
]


@attrs.define
class Env:
    """What every command finds on ``ctx.obj``: options, and the application (opened lazily)."""

    db: str | None
    lang: str
    config_path: str | None
    json: bool
    _app: NgheDan | None = None

    @property
    def app(self) -> NgheDan:
        """The application on the chosen database (opened on first use)."""
        if self._app is None:
            config = load_policy_config(self.config_path) if self.config_path else PolicyConfig()
            self._app = NgheDan(self.db, config=config)
        return self._app


def lang_of(ctx: click.Context | None) -> Lang:
    """The language chosen for this run (``--lang``, then ``$NGHEDAN_LANG``, then vi)."""
    root = ctx.find_root() if ctx is not None else None
    if root is not None and isinstance(root.obj, Env):
        return "en" if root.obj.lang == "en" else "vi"
    if root is not None and root.params.get("lang") == "en":
        return "en"
    # --help is handled before the group's callback runs: look at the raw arguments
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return "en" if os.environ.get("NGHEDAN_LANG") == "en" else "vi"


def env_of(ctx: click.Context) -> Env:
    """The `Env` of this run."""
    return cast("Env", ctx.find_root().obj)


class LocalizedOption(click.Option):
    """An option whose help is given in both languages: ``help=(vi, en)``."""

    def __init__(
        self, *args: Any, help_vi_en: tuple[str, str] | None = None, **kwargs: Any
    ) -> None:
        """Keep both help texts."""
        super().__init__(*args, **kwargs)
        self.help_vi_en = help_vi_en

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """Help in the chosen language."""
        if self.help_vi_en is not None:
            self.help = self.help_vi_en[0] if lang_of(ctx) == "vi" else self.help_vi_en[1]
        return super().get_help_record(ctx)


class _Localized:
    help_vi_en: tuple[str, str] | None = None
    example: str | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """The ``--help`` option, described in the chosen language."""
        option = cast("click.Command", super()).get_help_option(ctx)
        if option is not None:
            vi = lang_of(ctx) == "vi"
            option.help = "Xem hướng dẫn này." if vi else "Show this message and exit."
        return option

    def localize(self, ctx: click.Context) -> None:
        lang = lang_of(ctx)
        if self.help_vi_en is not None:
            text = self.help_vi_en[0] if lang == "vi" else self.help_vi_en[1]
            if self.example:
                text += f"\n\n{t('example', lang)}:\n\n\b\n  {ctx.command_path} {self.example}"
            cast("click.Command", self).help = text
            cast("click.Command", self).short_help = (
                self.help_vi_en[0] if lang == "vi" else self.help_vi_en[1]
            )


class LocalizedCommand(_Localized, click.Command):
    """A command whose help is given in both languages, with an example."""

    def __init__(
        self,
        *args: Any,
        help_vi_en: tuple[str, str] | None = None,
        example: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Keep both help texts and the example."""
        super().__init__(*args, **kwargs)
        self.help_vi_en = help_vi_en
        self.example = example

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Help in the chosen language."""
        self.localize(ctx)
        super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The one-line help in the chosen language."""
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            self.localize(ctx)
        return super().get_short_help_str(limit)


class LocalizedGroup(_Localized, click.Group):
    """A group whose help is given in both languages; its commands are localized too."""

    command_class = LocalizedCommand

    def __init__(
        self, *args: Any, help_vi_en: tuple[str, str] | None = None, **kwargs: Any
    ) -> None:
        """Keep both help texts."""
        super().__init__(*args, **kwargs)
        self.help_vi_en = help_vi_en

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Help in the chosen language."""
        self.localize(ctx)
        super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The one-line help in the chosen language."""
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            self.localize(ctx)
        return super().get_short_help_str(limit)


LocalizedGroup.group_class = LocalizedGroup


def echo_json(data: object) -> None:
    """Print JSON (UTF-8, not ASCII-escaped, stable key order)."""
    click.echo(json.dumps(unstructure(data), ensure_ascii=False, indent=2, sort_keys=False))


_CLICK_VI: dict[str, str] = {
    "No such option": "Không có tùy chọn",
    "No such command": "Không có lệnh",
    "Missing option": "Thiếu tùy chọn",
    "Missing argument": "Thiếu tham số",
    "Invalid value for": "Giá trị không hợp lệ cho",
    "Got unexpected extra argument": "Thừa tham số",
    "Got unexpected extra arguments": "Thừa các tham số",
    "Option": "Tùy chọn",
    "requires an argument": "cần một giá trị",
    "is not one of": "không phải một trong",
    "does not exist": "không tồn tại",
    "is not a valid integer": "không phải số nguyên",
    "is not a valid date": "không phải ngày hợp lệ",
    "Did you mean": "Có phải bạn muốn",
    "Try": "Xem",
    "for help": "để được hướng dẫn",
    "Usage": "Cách dùng",
}


def _translate_click(message: str, lang: Lang) -> str:
    if lang != "vi":
        return message
    for en, vi in _CLICK_VI.items():
        message = message.replace(en, vi)
    return message


def _option_path(path: str) -> str:
    """``$.citizen.full_name`` → ``--citizen-full-name``; ``$`` → the command itself."""
    if path in {"$", ""}:
        return "$"
    if not path.startswith("$"):
        return path
    name = path.removeprefix("$.").replace(".", "_")
    head, bracket, rest = name.partition("[")
    return "--" + head.replace("_", "-") + (bracket + rest if bracket else "")


def render_problems(error: InvalidInputError, lang: Lang, *, cli_paths: bool) -> str:
    """Every problem on its own line, paths shown as the options the user typed."""
    head = "Dữ liệu không hợp lệ:" if lang == "vi" else "Invalid input:"
    lines = [head]
    for p in error.problems:
        path = _option_path(p.path) if cli_paths else p.path
        lines.append(f"  {path}: {p.message(lang)}")
    return "\n".join(lines)


def fail(message: str, *, code: int = 2) -> NoReturn:
    """Print `message` on stderr and exit with `code` (2: bad input or refusal)."""
    click.echo(message, err=True)
    sys.exit(code)


def run_cli(group: click.Group, args: list[str] | None = None) -> int:
    """Run the CLI, turning every expected failure into a message and an exit code."""
    lang = lang_of(None)
    try:
        group.main(args=args, prog_name="nghedan", standalone_mode=False)
    except click.exceptions.Exit as e:
        return int(e.exit_code or 0)
    except click.Abort:
        click.echo("Đã hủy." if lang == "vi" else "Aborted.", err=True)
        return 1
    except click.UsageError as e:
        ctx = e.ctx
        lang = lang_of(ctx)
        hint = ""
        if ctx is not None:
            hint = f"\n{t('example', lang)}: {ctx.command_path} --help"
        click.echo(
            f"{t('error', lang)}: {_translate_click(e.format_message(), lang)}{hint}", err=True
        )
        return 2
    except click.ClickException as e:
        click.echo(f"{t('error', lang)}: {_translate_click(e.format_message(), lang)}", err=True)
        return 2
    except InvalidInputError as e:
        click.echo(
            render_problems(e, lang_of(click.get_current_context(silent=True)), cli_paths=True),
            err=True,
        )
        return 2
    except DomainError as e:
        lang = lang_of(click.get_current_context(silent=True))
        click.echo(f"{t('refused', lang)} [{e.code}]: {e.message(lang)}", err=True)
        return 2
    except OSError as e:
        click.echo(
            f"{t('error', lang)}: {e.strerror or e} ({getattr(e, 'filename', '') or ''})", err=True
        )
        return 2
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else 0
    return 0


def problem(path: str, vi: str, en: str) -> InvalidInputError:
    """One problem in user input, as an error to raise."""
    return InvalidInputError([Problem(path, vi, en)])


Handler = Callable[..., None]
__all__ += ["Handler", "problem", "render_problems", "run_cli"]
