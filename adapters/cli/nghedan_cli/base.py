"""The CLI's plumbing: global options, language, the application on ``ctx.obj``, errors.

Every failure a user can cause ends here as one clear message — Vietnamese by default,
English with ``--lang en`` — and exit code 2; never a traceback. Exit code 1 is kept for a
failed check (the audit). A bug of the program itself (an exception nobody expected) is
reported in one line with exit code 70 (``EX_SOFTWARE``); ``NGHEDAN_DEBUG=1`` shows its
traceback.
"""

from __future__ import annotations

import contextvars
import errno
import importlib.util
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn, cast

import attrs
import click
from eventsourcing.persistence import PersistenceError

from nghedan_cli.words import t
from nghedan_core.config import PolicyConfig
from nghedan_core.errors import DomainError, InvalidInputError, Lang, Problem
from nghedan_core.values import lone_surrogate_paths

if TYPE_CHECKING:
    # the application, the converter and the audit load when a command first needs them,
    # so that ``nghedan --help`` and every command's help start in a blink
    from uuid import UUID

    from nghedan_core import NgheDan, Queries
    from nghedan_core.audit import ChainVerifier
    from nghedan_core.messages import Names
    from nghedan_core.projections import EventRecord

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_CHECK_FAILED",
    "EXIT_INTERNAL",
    "Env",
    "Handler",
    "LocalizedCommand",
    "LocalizedGroup",
    "LocalizedOption",
    "RootGroup",
    "UnreadableHistoryError",
    "echo_json",
    "env_of",
    "fail",
    "file_problem",
    "lang_of",
    "problem",
    "render_problems",
    "run_cli",
    "write_lines",
]

#: bad input, an unknown option, a refusal by the domain
EXIT_BAD_INPUT: Final = 2
#: a failed audit check
EXIT_CHECK_FAILED: Final = 1
#: a bug of the program (sysexits' EX_SOFTWARE)
EXIT_INTERNAL: Final = 70


@attrs.define
class _Run:
    """One run of the CLI.

    Its arguments (for the language before click has parsed them), and its `Env` once made
    (for messages after click's context is gone).
    """

    args: Sequence[str] | None
    env: Env | None = None


_RUN: contextvars.ContextVar[_Run | None] = contextvars.ContextVar("nghedan_run", default=None)


@attrs.define
class Env:
    """What every command finds on ``ctx.obj``: options, and the application (opened lazily)."""

    db: str | None
    lang: str
    config_path: str | None
    json: bool
    #: ``--as`` (else ``$NGHEDAN_AS``): who carries out the writes, as the operator names them
    acting: str | None = None
    _app: NgheDan | None = None
    _queries: Queries | None = None

    def __attrs_post_init__(self) -> None:
        """Be the `Env` of the current run (for error messages)."""
        run = _RUN.get()
        if run is not None:
            run.env = self

    @property
    def config(self) -> PolicyConfig:
        """The policy numbers: ``--config FILE`` when given, else the model's defaults."""
        if not self.config_path:
            return PolicyConfig()
        path = Path(self.config_path)
        if not path.is_file():
            raise file_problem("--config", self.config_path)
        from nghedan_core.serialization import load_policy_config  # noqa: PLC0415 - on first use

        try:
            return load_policy_config(path)
        except InvalidInputError as e:
            # the converter names TOML keys ($.monthly_quota): show them as keys of the file
            raise InvalidInputError(
                [
                    Problem(
                        f"--config {self.config_path}"
                        + ("" if p.path in {"$", str(path)} else f" [{p.path.removeprefix('$.')}]"),
                        p.message_vi,
                        p.message_en,
                    )
                    for p in e.problems
                ]
            ) from None
        except UnicodeDecodeError:
            raise problem(
                "--config",
                f"tệp {self.config_path} không phải văn bản UTF-8",
                f"{self.config_path} is not UTF-8 text",
            ) from None

    @property
    def actor(self) -> UUID:
        """The id of who carries out this run's writes (``--as`` / ``$NGHEDAN_AS``).

        Exit 2 naming ``--as`` when none is given, or when the name matches nobody or more
        than one person of the record (`nghedan_cli.acting.resolve_actor`).
        """
        if not self.acting or not self.acting.strip():
            raise problem(
                "--as",
                "lệnh ghi phải nêu người thực hiện: --as CÁN_BỘ (mã hoặc họ tên) hoặc biến môi"
                ' trường NGHEDAN_AS; kho mới: nghedan init --admin "Họ tên"',
                "a write must name who carries it out: --as OFFICIAL (id or full name) or the"
                ' NGHEDAN_AS environment variable; a new store: nghedan init --admin "Name"',
            )
        from nghedan_cli.acting import resolve_actor  # noqa: PLC0415 - loaded with a write

        return resolve_actor(self.app, self.acting.strip())

    @property
    def app(self) -> NgheDan:
        """The application on the chosen database (opened on first use)."""
        if self._app is None:
            if self.db is not None and not self.db.strip():
                raise problem("--db", "URL cơ sở dữ liệu đang trống", "the database URL is empty")
            config = self.config
            # how long to wait for a PostgreSQL server may be set in the environment
            timeout = os.environ.get("POSTGRES_CONNECT_TIMEOUT")
            env = {"POSTGRES_CONNECT_TIMEOUT": timeout} if timeout else None
            from nghedan_core import NgheDan  # noqa: PLC0415 - loaded on first use

            self._app = NgheDan(self.db, config=config, env=env)
        return self._app

    @property
    def queries(self) -> Queries:
        """The core's read side on the application: the views kept in the store (ADR 0020).

        A ``memory://`` store, and every question about all units, replays the log as
        `records` reads it.
        """
        if self._queries is None or self._queries.app is not self.app:
            from nghedan_core import Queries, Replay  # noqa: PLC0415 - loaded on first use
            from nghedan_core.views import views_for  # noqa: PLC0415 - loaded on first use

            replay = Replay(self.app, records=self.records)
            source = views_for(self.app, unreadable=UnreadableHistoryError, fallback=replay)
            self._queries = Queries(self.app, source)
        return self._queries

    def records(self, chain: ChainVerifier | None = None) -> Iterator[EventRecord]:
        """Every stored event in global order; a row that cannot be read stops it clearly.

        A row edited by hand into something that is not an event (not JSON, missing keys)
        raises `UnreadableHistoryError` naming the last position read, instead of a bug
        report: the audit turns it into a failed check, other commands into a message.
        With `chain`, each record is linked into it as it is read (`NgheDan.records`).
        """
        from nghedan_core.views import readable  # noqa: PLC0415 - loaded on first use

        return readable(self.app.records(chain=chain), UnreadableHistoryError)

    def close(self) -> None:
        """Close the application's database connections, if it was opened."""
        if self._app is not None:
            app, self._app = self._app, None
            try:
                app.close()
            except Exception:  # noqa: BLE001 - closing must never hide the run's outcome
                return

    @property
    def database_url(self) -> str:
        """The database URL in use (or about to be)."""
        if self._app is not None:
            return self._app.database_url
        return self.db or os.environ.get("NGHEDAN_DATABASE_URL") or "sqlite:///nghedan.db"


class UnreadableHistoryError(Exception):
    """A stored row that is not an event: the history was edited by hand or damaged."""

    def __init__(self, after: int, cause: Exception) -> None:
        """Keep the last position read and what went wrong."""
        super().__init__(after, cause)
        self.after = after
        self.cause = cause

    def message(self, lang: Lang) -> str:
        """The problem in words."""
        detail = f"{type(self.cause).__name__}: {self.cause}"
        if lang == "vi":
            return (
                f"Không đọc được sự kiện ngay sau vị trí {self.after} trong cơ sở dữ liệu "
                f"({detail}): lịch sử đã bị sửa trực tiếp hoặc bị hỏng."
            )
        return (
            f"The event right after position {self.after} cannot be read from the database "
            f"({detail}): the history was edited directly or is damaged."
        )


def write_lines(out: str, option: str, lines: Iterable[str], *, private: bool = False) -> int:
    """Write `lines` (one per line) to the file `out`; how many were written.

    The file is written beside the target, then renamed: a failed run leaves no half file
    behind. `private`: readable by its owner only (a file of secrets).
    """
    target = Path(out)
    if target.is_dir():
        raise file_problem(option, out)
    count = 0
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as f:
            if private:
                partial.chmod(0o600)
            for line in lines:
                f.write(line if line.endswith("\n") else line + "\n")
                count += 1
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def file_problem(option: str, path: str) -> InvalidInputError:
    """A file option naming something that is not a readable file."""
    if Path(path).is_dir():
        return problem(option, f"{path} là một thư mục, không phải tệp", f"{path} is a directory")
    return problem(option, f"không tìm thấy tệp {path}", f"no such file: {path}")


def _lang_from_args(args: Sequence[str]) -> Lang | None:
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return None


def lang_of(ctx: click.Context | None) -> Lang:
    """The language chosen for this run (``--lang``, then ``$NGHEDAN_LANG``, then vi)."""
    root = ctx.find_root() if ctx is not None else None
    if root is not None and isinstance(root.obj, Env):
        return "en" if root.obj.lang == "en" else "vi"
    if root is not None and root.params.get("lang") in {"vi", "en"}:
        return "en" if root.params["lang"] == "en" else "vi"
    run = _RUN.get()
    if run is not None and run.env is not None:
        return "en" if run.env.lang == "en" else "vi"
    # --help and parsing errors come before the group's callback: look at the raw arguments
    args = run.args if run is not None and run.args is not None else sys.argv[1:]
    chosen = _lang_from_args(args)
    if chosen is not None:
        return chosen
    return "en" if os.environ.get("NGHEDAN_LANG") == "en" else "vi"


def env_of(ctx: click.Context) -> Env:
    """The `Env` of this run."""
    return cast("Env", ctx.find_root().obj)


def _vi(ctx: click.Context) -> bool:
    return lang_of(ctx) == "vi"


#: the placeholders of option values, in Vietnamese help
_METAVARS_VI: Final = {
    "CHOICE": "LỰA_CHỌN",
    "TEXT": "CHỮ",
    "DATETIME": "NGÀY_GIỜ",
    "DATE": "NGÀY",
    "N": "SỐ",
    "CODE": "MÃ",
    "FILE": "TỆP",
}


class LocalizedOption(click.Option):
    """An option whose help is given in both languages: ``help_vi_en=(vi, en)``."""

    def __init__(
        self, *args: Any, help_vi_en: tuple[str, str] | None = None, **kwargs: Any
    ) -> None:
        """Keep both help texts."""
        super().__init__(*args, **kwargs)
        self.help_vi_en = help_vi_en

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """Help in the chosen language (``[required]`` included)."""
        if self.help_vi_en is not None:
            self.help = self.help_vi_en[0] if _vi(ctx) else self.help_vi_en[1]
        record = super().get_help_record(ctx)
        if record is None or not _vi(ctx):
            return record
        names, text = record
        if self.metavar in _METAVARS_VI:
            names = names.replace(f" {self.metavar}", f" {_METAVARS_VI[self.metavar]}")
        return names, text.replace("[required]", "[bắt buộc]").replace("default: ", "mặc định: ")


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and isinstance(ctx.find_root().obj, Env):
        env_of(ctx).json = True


def json_option() -> LocalizedOption:
    """``--json`` on a command: the same as the global ``nghedan --json``."""
    return LocalizedOption(
        ["--json"],
        is_flag=True,
        expose_value=False,
        callback=_set_json,
        help_vi_en=("In kết quả dạng JSON.", "Print the result as JSON."),
    )


def _first_sentence(text: str, limit: int = 60) -> str:
    """The help's first sentence (shortened at a word to `limit`), for the list of commands."""
    match = re.match(r"(.+?\.)(\s|$)", text, flags=re.DOTALL)
    sentence = (match.group(1) if match else text).strip()
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Localized:
    help_vi_en: tuple[str, str] | None = None
    example: str | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """The ``--help`` option, described in the chosen language."""
        option = cast("click.Command", super()).get_help_option(ctx)
        if option is not None:
            option.help = "Xem hướng dẫn này." if _vi(ctx) else "Show this message and exit."
        return option

    def localize(self, ctx: click.Context) -> None:
        lang = lang_of(ctx)
        command = cast("click.Command", self)
        command.options_metavar = "[TÙY CHỌN]" if lang == "vi" else "[OPTIONS]"
        if isinstance(command, click.Group):
            command.subcommand_metavar = (
                "LỆNH [THAM SỐ]..." if lang == "vi" else "COMMAND [ARGS]..."
            )
        if self.help_vi_en is not None:
            text = self.help_vi_en[0] if lang == "vi" else self.help_vi_en[1]
            if self.example:
                text += f"\n\n{t('example', lang)}:\n\n\b\n  {ctx.command_path} {self.example}"
            command.help = text
            command.short_help = _first_sentence(
                self.help_vi_en[0] if lang == "vi" else self.help_vi_en[1]
            )

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """``Cách dùng: nghedan ...`` (``Usage:`` in English)."""
        self.localize(ctx)
        pieces = cast("click.Command", self).collect_usage_pieces(ctx)
        prefix = "Cách dùng: " if _vi(ctx) else "Usage: "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options (and a group's commands) under headings in the chosen language."""
        command = cast("click.Command", self)
        records = [
            record
            for param in command.get_params(ctx)
            if isinstance(param, click.Option) and (record := param.get_help_record(ctx))
        ]
        if records:
            with formatter.section("Tùy chọn" if _vi(ctx) else "Options"):
                formatter.write_dl(records)
        if isinstance(command, click.Group):
            rows = []
            for name in command.list_commands(ctx):
                text = self.listed_help(ctx, name, formatter.width)
                if text is not None:
                    rows.append((name, text))
            if rows:
                with formatter.section("Lệnh" if _vi(ctx) else "Commands"):
                    formatter.write_dl(rows)

    def listed_help(self, ctx: click.Context, cmd_name: str, limit: int) -> str | None:
        """The help of the group's command `cmd_name` in its list of commands (None: hidden)."""
        sub = cast("click.Group", self).get_command(ctx, cmd_name)
        if sub is None or sub.hidden:
            return None
        return sub.get_short_help_str(limit=limit)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Help in the chosen language."""
        self.localize(ctx)
        cast("click.Command", super()).format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The one-line help in the chosen language."""
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            self.localize(ctx)
        return cast("click.Command", super()).get_short_help_str(limit)


class LocalizedCommand(_Localized, click.Command):
    """A command whose help is given in both languages, with an example and ``--json``."""

    def __init__(
        self,
        *args: Any,
        help_vi_en: tuple[str, str] | None = None,
        example: str | None = None,
        json_flag: bool = True,
        **kwargs: Any,
    ) -> None:
        """Keep both help texts and the example; add ``--json`` unless `json_flag` is false."""
        super().__init__(*args, **kwargs)
        self.help_vi_en = help_vi_en
        self.example = example
        if json_flag and not any("--json" in getattr(p, "opts", ()) for p in self.params):
            self.params.append(json_option())


class LocalizedGroup(_Localized, click.Group):
    """A group whose help is given in both languages; its commands are localized too."""

    command_class = LocalizedCommand

    def __init__(
        self,
        *args: Any,
        help_vi_en: tuple[str, str] | None = None,
        example: str | None = None,
        json_flag: bool = False,
        **kwargs: Any,
    ) -> None:
        """Keep both help texts (and add ``--json`` when `json_flag` is true)."""
        super().__init__(*args, **kwargs)
        self.help_vi_en = help_vi_en
        self.example = example
        if json_flag:
            self.params.append(json_option())


LocalizedGroup.group_class = LocalizedGroup


def echo_json(data: object) -> None:
    """Print JSON (UTF-8, not ASCII-escaped, stable key order)."""
    from nghedan_core.serialization import unstructure  # noqa: PLC0415 - loaded on first use

    click.echo(json.dumps(unstructure(data), ensure_ascii=False, indent=2, sort_keys=False))


#: click's own messages (English) -> Vietnamese, applied in order
_CLICK_VI: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(en), vi)
    for en, vi in (
        (r"\(Did you mean one of: (.+)\?\)", r"(Có phải ý bạn là một trong: \1?)"),
        (r"Did you mean (.+)\?", r"Có phải ý bạn là \1?"),
        (r"No such option:? ('[^']*'|\S+?)\.?(?=\s|$)", r"Không có tùy chọn \1."),
        (r"No such command:? ('[^']*'|\S+?)\.?(?=\s|$)", r"Không có lệnh \1."),
        (r"Missing option", "Thiếu tùy chọn"),
        (r"Missing argument", "Thiếu tham số"),
        (r"Missing parameter", "Thiếu tham số"),
        (r"Missing command\.", "Thiếu lệnh (xem danh sách lệnh bằng --help)."),
        (r"Invalid value for ('[^']*'|\S+): ", r"Giá trị không hợp lệ cho \1: "),
        (r"Invalid value: ", "Giá trị không hợp lệ: "),
        (r"('.*') is not one of (.+)\.", r"\1 không phải một trong \2."),
        (r"('.*') is not a valid integer( range)?\.", r"\1 không phải số nguyên."),
        (r"('.*') is not a valid float( range)?\.", r"\1 không phải số."),
        (r"('.*') is not a valid UUID\.", r"\1 không phải mã UUID."),
        (r"('.*') is not a valid boolean\.?", r"\1 không phải giá trị đúng/sai."),
        (r"(\S+) is not in the range (.+)\.", r"\1 nằm ngoài khoảng \2."),
        (r"Option ('[^']*') requires an argument\.", r"Tùy chọn \1 cần một giá trị."),
        (r"Option ('[^']*') requires (\d+) arguments\.", r"Tùy chọn \1 cần \2 giá trị."),
        (r"Option ('[^']*') does not take a value\.", r"Tùy chọn \1 không nhận giá trị."),
        (r"Got unexpected extra arguments? \((.*)\)", r"Thừa tham số (\1)"),
        (r"Argument ('[^']*') takes (\d+) values\.", r"Tham số \1 cần \2 giá trị."),
    )
)

#: errno -> (Vietnamese, English): what went wrong with a file
_OS_ERRORS: Final[dict[int, tuple[str, str]]] = {
    errno.ENOENT: ("không tìm thấy tệp hoặc thư mục", "no such file or directory"),
    errno.EISDIR: ("là một thư mục, không phải tệp", "is a directory"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "not a directory"),
    errno.EACCES: ("không có quyền truy cập", "permission denied"),
    errno.EPERM: ("không được phép", "operation not permitted"),
    errno.ENOSPC: ("hết chỗ trống trên đĩa", "no space left on device"),
    errno.EROFS: ("ổ đĩa chỉ đọc", "read-only file system"),
}


def translate_click(message: str, lang: Lang) -> str:
    """One of click's messages in `lang`."""
    if lang != "vi":
        return message
    for pattern, vi in _CLICK_VI:
        message = pattern.sub(vi, message)
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


def fail(message: str, *, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print `message` on stderr and exit with `code` (2: bad input or refusal)."""
    click.echo(message, err=True)
    sys.exit(code)


def _current_lang() -> Lang:
    return lang_of(click.get_current_context(silent=True))


def _names() -> Names | None:
    """Names from the store of this run, when it was opened (refusals name, not number)."""
    run = _RUN.get()
    if run is None or run.env is None or run.env._app is None:  # noqa: SLF001
        return None
    from nghedan_cli.naming import store_names  # noqa: PLC0415 - loaded on first use

    return store_names(run.env._app)  # noqa: SLF001


def _os_error(e: OSError, lang: Lang) -> str:
    vi, en = _OS_ERRORS.get(e.errno or -1, (e.strerror or str(e), e.strerror or str(e)))
    where = e.filename if e.filename is not None else ""
    text = vi if lang == "vi" else en
    return f"{t('error', lang)}: {where}: {text}" if where else f"{t('error', lang)}: {text}"


def _database_error(e: Exception, lang: Lang) -> str:
    run = _RUN.get()
    url = "?" if run is None or run.env is None else _hide_password(run.env.database_url)
    detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if lang == "vi":
        return (
            f"{t('error', lang)}: không dùng được cơ sở dữ liệu {url}: {detail}\n"
            "Kiểm tra --db (hoặc $NGHEDAN_DATABASE_URL): đường dẫn tệp SQLite, máy chủ "
            "PostgreSQL đang chạy, tên người dùng và mật khẩu."
        )
    return (
        f"{t('error', lang)}: cannot use the database {url}: {detail}\n"
        "Check --db (or $NGHEDAN_DATABASE_URL): the SQLite file path, that the PostgreSQL "
        "server is running, the user name and password."
    )


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def run_cli(
    group: click.Group,
    args: Sequence[str] | None = None,
    *,
    invoke: Callable[[], Any] | None = None,
) -> int:
    """Run the CLI, turning every expected failure into a message and an exit code."""
    run = _Run(list(args) if args is not None else None)
    token = _RUN.set(run)
    main = invoke or (lambda: group.main(args=args, prog_name="nghedan", standalone_mode=False))

    def checked() -> Any:
        _refuse_half_characters(run.args if run.args is not None else sys.argv[1:])
        return main()

    try:
        return _guarded(checked)
    finally:
        _RUN.reset(token)
        if run.env is not None:
            run.env.close()


def _refuse_half_characters(args: Sequence[str]) -> None:
    """Refuse arguments holding half a character (bytes that were not UTF-8 in the terminal).

    Python hands such bytes over as lone surrogates, which can be neither stored nor printed
    as UTF-8: each is named by the option it follows (or its place among the arguments).
    """
    problems = [
        Problem(
            args[i - 1] if i and args[i - 1].startswith("-") else f"[{i + 1}]",
            "chứa nửa ký tự Unicode (byte không phải UTF-8), không ghi được",
            "holds half a Unicode character (bytes that are not UTF-8) that cannot be stored",
        )
        for i, arg in enumerate(args)
        if lone_surrogate_paths(arg)
    ]
    if problems:
        raise InvalidInputError(problems)


def _guarded(invoke: Callable[[], Any]) -> int:
    lang = lang_of(None)
    try:
        rv = invoke()
    except click.exceptions.Exit as e:
        return int(e.exit_code or 0)
    except click.Abort:
        click.echo("Đã hủy." if _current_lang() == "vi" else "Aborted.", err=True)
        return EXIT_BAD_INPUT
    except click.exceptions.NoArgsIsHelpError as e:
        # a group typed without a command: its help, then the usual exit code of click
        click.echo(e.format_message(), err=True)
        return EXIT_BAD_INPUT
    except click.UsageError as e:
        ctx = e.ctx
        lang = lang_of(ctx)
        hint = ""
        if ctx is not None:
            hint = f"\n{t('see', lang)}: {ctx.command_path} --help"
        click.echo(
            f"{t('error', lang)}: {translate_click(e.format_message(), lang)}{hint}", err=True
        )
        return EXIT_BAD_INPUT
    except click.ClickException as e:
        lang = _current_lang()
        click.echo(f"{t('error', lang)}: {translate_click(e.format_message(), lang)}", err=True)
        return EXIT_BAD_INPUT
    except InvalidInputError as e:
        lang = _current_lang()
        if type(e).message is not InvalidInputError.message:
            # an error with its own wording (e.g. a line of a file, with its number)
            click.echo(e.message(lang), err=True)
        else:
            click.echo(render_problems(e, lang, cli_paths=True), err=True)
        return EXIT_BAD_INPUT
    except DomainError as e:
        lang = _current_lang()
        click.echo(f"{t('refused', lang)} [{e.code}]: {e.message(lang, _names())}", err=True)
        return EXIT_BAD_INPUT
    except UnreadableHistoryError as e:
        lang = _current_lang()
        hint = (
            "Chạy `nghedan audit verify` để biết sự kiện hỏng."
            if lang == "vi"
            else "Run `nghedan audit verify` to find the broken event."
        )
        click.echo(f"{t('error', lang)}: {e.message(lang)}\n{hint}", err=True)
        return EXIT_BAD_INPUT
    except (PersistenceError, sqlite3.Error) as e:
        click.echo(_database_error(e, _current_lang()), err=True)
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        lang = _current_lang()
        click.echo(
            f"{t('error', lang)}: "
            + ("tệp không phải văn bản UTF-8" if lang == "vi" else "the file is not UTF-8 text"),
            err=True,
        )
        return EXIT_BAD_INPUT
    except OSError as e:
        click.echo(_os_error(e, _current_lang()), err=True)
        return EXIT_BAD_INPUT
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        click.echo("\nĐã hủy." if lang == "vi" else "\nAborted.", err=True)
        return 130
    except Exception as e:
        if os.environ.get("NGHEDAN_DEBUG"):
            raise
        lang = _current_lang()
        click.echo(
            (
                f"Lỗi chương trình (không phải do dữ liệu nhập), xin báo cho nhóm phát triển: "
                f"{type(e).__name__}: {e}\nĐặt NGHEDAN_DEBUG=1 để xem chi tiết."
            )
            if lang == "vi"
            else (
                f"Internal error (a bug, not your input), please report it: "
                f"{type(e).__name__}: {e}\nSet NGHEDAN_DEBUG=1 for the details."
            ),
            err=True,
        )
        return EXIT_INTERNAL
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0


class RootGroup(LocalizedGroup):
    """The ``nghedan`` group: every run goes through `run_cli`'s error handling.

    So ``CliRunner().invoke(cli, ...)`` in tests behaves exactly as the console script.
    Its commands are loaded only when named (`add_lazy`, click's lazily loaded group): the
    list of commands shows each one's short help from the table, so ``nghedan --help`` —
    and a command's own help — imports no other command nor the part of the core it needs.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """A group with no lazy commands yet."""
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, Callable[[str], click.Command | None]] = {}
        self.short_helps: dict[str, tuple[str, str]] = {}
        self.needs: dict[str, tuple[str, ...]] = {}

    def add_lazy(
        self,
        name: str,
        load: Callable[[str], click.Command | None],
        *,
        short_help: tuple[str, str] | None = None,
        needs: tuple[str, ...] = (),
    ) -> None:
        """Register `name`, loaded by ``load(name)`` (None: not installed) when first used.

        `short_help` (Vietnamese, English) is listed by ``--help`` without loading it, unless
        one of the modules it `needs` (an optional extra) is not installed.
        """
        self.lazy[name] = load
        if short_help is not None:
            self.short_helps[name] = short_help
        self.needs[name] = needs

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, loaded or not."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, loading it first if it is lazy."""
        if cmd_name not in self.commands and cmd_name in self.lazy:
            command = self.lazy.pop(cmd_name)(cmd_name)
            if command is not None:
                self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def listed_help(self, ctx: click.Context, cmd_name: str, limit: int) -> str | None:
        """The listed help of `cmd_name`: from the table while it is not loaded."""
        texts = self.short_helps.get(cmd_name)
        if (
            cmd_name in self.commands
            or texts is None
            or not all(importlib.util.find_spec(m) for m in self.needs.get(cmd_name, ()))
        ):
            return super().listed_help(ctx, cmd_name, limit)
        return texts[0] if _vi(ctx) else texts[1]

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: FBT002
        **extra: Any,
    ) -> Any:
        """Run with the errors turned into messages; exit with the code when standalone."""
        code = run_cli(
            self,
            args,
            invoke=lambda: click.Group.main(
                self,
                args=args,
                prog_name=prog_name or "nghedan",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            ),
        )
        if standalone_mode:
            sys.exit(code)
        return code


def problem(path: str, vi: str, en: str) -> InvalidInputError:
    """One problem in user input, as an error to raise."""
    return InvalidInputError([Problem(path, vi, en)])


Handler = Callable[..., None]
