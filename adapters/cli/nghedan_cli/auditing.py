"""``audit``, ``audit verify``, ``export``, ``import``, ``restore``, ``schema``.

Exit codes: 0 when the history is intact and every invariant holds; 1 when a check fails
(naming the first broken event or failed check); 2 for bad input or a refusal.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from nghedan_cli.base import (
    EXIT_CHECK_FAILED,
    LocalizedCommand,
    LocalizedGroup,
    LocalizedOption,
    UnreadableHistoryError,
    echo_json,
    env_of,
    file_problem,
    lang_of,
    problem,
    write_lines,
)
from nghedan_core.audit import ChainVerifier, audit, verify
from nghedan_core.errors import InvalidInputError, Lang
from nghedan_core.exchange import (
    export_events,
    import_commands,
    read_commands,
    read_events,
    restore_events,
)
from nghedan_core.messages import format_money
from nghedan_core.projections import EventRecord, UnitDirectory
from nghedan_core.queries import covered_in
from nghedan_core.schema import command_schemas, event_schemas

__all__ = ["audit_group", "export_command", "import_command", "restore_command", "schema_command"]


@contextmanager
def _open_lines(path: str, option: str) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 file (``-`` for standard input), with a clear error if unreadable."""
    if path == "-":
        yield iter(sys.stdin)
        return
    file = Path(path)
    if not file.is_file():
        raise file_problem(option, path)
    with file.open(encoding="utf-8", errors="strict") as f:
        try:
            yield iter(f)
        except UnicodeDecodeError:
            raise problem(option, f"tệp {path} không phải UTF-8", f"{path} is not UTF-8") from None


def _digest(value: str | None) -> str | None:
    """A digest as typed for ``--expect``: 64 hex digits (garbage is bad input, not tampering)."""
    if value is None:
        return None
    digest = value.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise problem(
            "--expect",
            "mã tổng hợp phải gồm 64 ký tự hex (SHA-256)",
            "a digest is 64 hex digits (SHA-256)",
        )
    return digest


def _unreadable(error: UnreadableHistoryError, lang: Lang, *, as_json: bool) -> NoReturn:
    """A row that is not an event: the history is not intact — a failed check (exit 1)."""
    if as_json:
        echo_json(
            {
                "intact": False,
                "passed": False,
                "first_break": {"after_position": error.after, "message": error.message(lang)},
            }
        )
    else:
        click.echo(error.message(lang))
        click.echo("KHÔNG ĐẠT" if lang == "vi" else "FAILED")
    sys.exit(EXIT_CHECK_FAILED)


def _records(
    ctx: click.Context, from_file: str | None, chain: ChainVerifier | None = None
) -> Iterator[EventRecord]:
    if from_file is None:
        yield from env_of(ctx).records(chain)
        return
    with _open_lines(from_file, "--from-file") as lines:
        yield from read_events(lines)


def _covered(
    ctx: click.Context, from_file: str | None, units: tuple[str, ...]
) -> frozenset[str] | None:
    """The units `units` cover, by the core's one rule (`nghedan_core.queries.covered_in`).

    From the database, its `Queries`; from an export file, the directory of units folded
    from that file (read once more). None: every unit.
    """
    if not units:
        return None
    if from_file is None:
        return env_of(ctx).app.queries.covered(units)
    directory = UnitDirectory()
    for record in _records(ctx, from_file):
        directory.apply(record)
    return covered_in(directory, units)


@contextmanager
def _rereadable(from_file: str | None, *, twice: bool) -> Iterator[str | None]:
    """`from_file`; standard input (``-``) kept in a temporary file when it is read twice."""
    if from_file != "-" or not twice:
        yield from_file
        return
    with tempfile.NamedTemporaryFile("w+", encoding="utf-8", suffix=".jsonl") as spool:
        shutil.copyfileobj(sys.stdin, spool)
        spool.flush()
        yield spool.name


def _progress(items: Iterator[Any], total: int, label: str) -> Iterator[Any]:
    """A progress bar on a terminal; silent when piped."""
    if not sys.stderr.isatty() or total < 1:
        yield from items
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        for item in items:
            bar.update(1)
            yield item


@click.group(
    "audit",
    cls=LocalizedGroup,
    invoke_without_command=True,
    json_flag=True,
    example="--unit 29257",
    help_vi_en=(
        "Kiểm toán quỹ: phát lại toàn bộ lịch sử (từ cơ sở dữ liệu hoặc tệp xuất) thành sổ quỹ, "
        "tổng số và các phép kiểm tra bất biến. Mã thoát 1 nếu có phép kiểm tra không đạt.",
        "Fund audit: replay the whole history (from the database or an export file) into the "
        "ledger, the totals and the invariant checks. Exit code 1 when a check fails.",
    ),
)
@click.option(
    "--from-file",
    cls=LocalizedOption,
    metavar="EXPORT.jsonl",
    help_vi_en=(
        "Kiểm toán từ tệp xuất, không cần cơ sở dữ liệu.",
        "Audit an export file, with no database.",
    ),
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    cls=LocalizedOption,
    metavar="CODE",
    help_vi_en=(
        "Chỉ các quỹ của đơn vị này và các đơn vị trực thuộc, sáp nhập vào nó (lặp lại được).",
        "Only the funds of this unit and of the units below it or merged into it (repeatable).",
    ),
)
@click.pass_context
def audit_group(ctx: click.Context, from_file: str | None, units: tuple[str, ...]) -> None:
    """The fund audit."""
    if ctx.invoked_subcommand is not None:
        return
    env = env_of(ctx)
    lang = lang_of(ctx)
    total = 0 if from_file else env.app.max_position()
    label = "Đang kiểm toán" if lang == "vi" else "Auditing"
    # from the database, the reader links each event into the chain from its stored bytes
    chain = None if from_file else ChainVerifier()
    with _rereadable(from_file, twice=bool(units)) as source:
        try:
            # a unit covers the units below it and merged into it, as over HTTP
            covered = _covered(ctx, source, units)
            result = audit(
                _progress(_records(ctx, source, chain), total, label),
                units=() if covered is None else covered,
                config=env.config,
                lines=False,
                chain=chain,
            )
        except UnreadableHistoryError as e:
            _unreadable(e, lang, as_json=env.json)
    if env.json:
        click.echo(result.to_json(lang))
    else:
        vi = lang == "vi"
        click.echo(
            ("KIỂM TOÁN QUỸ" if vi else "FUND AUDIT") + (f" — {', '.join(units)}" if units else "")
        )
        click.echo(f"  {'Số sự kiện' if vi else 'Events'}: {result.events}")
        click.echo(f"  {'Mã tổng hợp lịch sử' if vi else 'History digest'}: {result.digest}")
        for totals in result.totals:
            click.echo(
                f"  {totals.unit}: {'thu' if vi else 'in'} {format_money(totals.receipts_vnd, lang)}"
                f" — {'chi' if vi else 'out'} {format_money(totals.payments_vnd, lang)}"
                f" — {'hoàn' if vi else 'reversed'} {format_money(totals.reversals_vnd, lang)}"
                f" — {'số dư' if vi else 'balance'} {format_money(totals.balance_vnd, lang)}"
            )
        for check in result.checks:
            mark = "✓" if check.passed else "✗"
            where = f" (#{check.first_position})" if check.first_position else ""
            click.echo(f"  {mark} {check.code}: {check.message(lang)}{where}")
        click.echo(
            ("ĐẠT" if vi else "PASSED") if result.passed else ("KHÔNG ĐẠT" if vi else "FAILED")
        )
    if not result.passed:
        sys.exit(1)


@audit_group.command(
    "verify",
    cls=LocalizedCommand,
    help_vi_en=(
        "Kiểm tra chuỗi băm của lịch sử: phát hiện mọi sửa, xóa, chèn, đổi thứ tự trực tiếp trong "
        "cơ sở dữ liệu và chỉ ra sự kiện hỏng đầu tiên. Với --expect, so với mã tổng hợp đã công bố.",
        "Check the history's hash chain: any edit, deletion, insertion or reordering made directly "
        "in the database is detected, naming the first broken event. With --expect, compare with a "
        "digest published earlier.",
    ),
    example="--expect e2494730…",
)
@click.option(
    "--expect",
    cls=LocalizedOption,
    metavar="DIGEST",
    callback=lambda _c, _p, v: _digest(v),
    help_vi_en=("Mã tổng hợp đã công bố.", "A digest published earlier."),
)
@click.option(
    "--at",
    "digest_at",
    type=click.IntRange(min=1),
    cls=LocalizedOption,
    metavar="POSITION",
    help_vi_en=("Vị trí cuối mà mã tổng hợp bao phủ.", "Last position the digest covered."),
)
@click.pass_context
def verify_command(ctx: click.Context, expect: str | None, digest_at: int | None) -> None:
    """Verify the hash chain."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    from_file = ctx.parent.params.get("from_file") if ctx.parent else None
    try:
        broken = verify(_records(ctx, from_file), expected_digest=expect, digest_at=digest_at)
    except UnreadableHistoryError as e:
        _unreadable(e, lang, as_json=env.json)
    if env.json:
        echo_json(
            {
                "intact": broken is None,
                "first_break": None if broken is None else broken.to_dict(lang),
            }
        )
    elif broken is None:
        click.echo("Lịch sử nguyên vẹn." if lang == "vi" else "The history is intact.")
    else:
        click.echo(broken.message(lang))
    if broken is not None:
        sys.exit(1)


@click.command(
    "export",
    cls=LocalizedCommand,
    help_vi_en=(
        "Xuất toàn bộ sự kiện ra JSONL (mỗi dòng một sự kiện: vị trí, luồng, phiên bản, chủ đề, thời điểm ghi, mã băm, nội dung).",
        "Export every event as JSONL (one a line: position, stream, version, topic, recorded time, hash, payload).",
    ),
    example="--out export.jsonl",
)
@click.option(
    "--out",
    cls=LocalizedOption,
    metavar="FILE",
    help_vi_en=("Tệp ghi ra (mặc định: màn hình).", "Output file (default: stdout)."),
)
@click.pass_context
def export_command(ctx: click.Context, out: str | None) -> None:
    """Export the events."""
    env = env_of(ctx)
    label = "Đang xuất" if lang_of(ctx) == "vi" else "Exporting"
    lines = _progress(export_events(env.records()), env.app.max_position(), label)
    if not out:
        for line in lines:
            click.echo(line.rstrip("\n"))
        return
    write_lines(out, "--out", lines)


def _instant(value: str, option: str) -> datetime:
    """An ISO 8601 date and time with its time zone (a digest must not depend on the host)."""
    try:
        instant = datetime.fromisoformat(value.strip())
    except ValueError:
        raise problem(
            option,
            f"không phải ngày giờ ISO 8601 hợp lệ: {value!r} (ví dụ 2025-01-01T00:00:00+07:00)",
            f"not a valid ISO 8601 date and time: {value!r} (e.g. 2025-01-01T00:00:00+07:00)",
        ) from None
    if instant.utcoffset() is None:
        raise problem(
            option,
            f"thiếu múi giờ: {value!r} (thêm +07:00 hoặc Z, ví dụ 2025-01-01T00:00:00+07:00)",
            f"no time zone: {value!r} (add +07:00 or Z, e.g. 2025-01-01T00:00:00+07:00)",
        )
    return instant


@click.command(
    "import",
    cls=LocalizedCommand,
    help_vi_en=(
        'Nhập lệnh từ tệp JSONL (mỗi dòng {"command": "TênLệnh", ...}); dừng ở dòng sai đầu tiên, '
        "báo số dòng và mọi lỗi; chạy lại không ghi trùng.",
        'Import commands from JSONL (one {"command": "Name", ...} a line); stops at the first bad '
        "line with its number and every problem; re-running records nothing twice.",
    ),
    example="commands.jsonl --recorded-at 2025-01-01T00:00:00+07:00",
)
@click.argument("file")
@click.option(
    "--recorded-at",
    cls=LocalizedOption,
    metavar="ISO-DATETIME",
    help_vi_en=(
        "Ghi mọi sự kiện của lần nhập này vào đúng thời điểm này (ISO 8601 có múi giờ, ví dụ "
        "2025-01-01T00:00:00+07:00) thay vì giờ hiện tại. Mã băm của sự kiện bao gồm thời điểm "
        "ghi, nên đây là cách tái tạo mã tổng hợp lịch sử: nhập cùng tệp với cùng thời điểm vào "
        "kho trống, với cùng khóa dữ liệu cá nhân ($NGHEDAN_KEYS_URL) — dù một lần hay chạy lại "
        "sau khi bị ngắt — cho cùng mã tổng hợp. Lệnh có thời điểm muộn hơn thời điểm ghi này "
        "bị từ chối; lệnh cũ thì không cần lý do ghi muộn (sự kiện được đánh dấu là nhập).",
        "Record every event of this import at this instant (ISO 8601 with a time zone, e.g. "
        "2025-01-01T00:00:00+07:00) instead of the current time. An event's hash covers its "
        "recording time, so this is how to reproduce a history digest: the same file imported "
        "at the same instant into an empty store, with the same personal-data keys "
        "($NGHEDAN_KEYS_URL) — in one run, or re-run after an interruption — gives the same "
        "digest. A command dated after this instant is refused; an old one needs no late-entry "
        "reason (its events are marked imported).",
    ),
)
@click.option(
    "--check",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=(
        "Chỉ kiểm tra tệp (JSON, tên lệnh, từng trường), không ghi gì: báo dòng sai đầu tiên "
        "với mọi lỗi của nó. Các quy định nghiệp vụ (số dư quỹ, hộ đã được chọn…) chỉ xét được "
        "khi nhập thật.",
        "Only check the file (JSON, command names, every field) and write nothing: the first "
        "bad line with all its problems. The domain's rules (the fund's balance, a household's "
        "selection…) can only be judged by a real import.",
    ),
)
@click.pass_context
def import_command(ctx: click.Context, file: str, recorded_at: str | None, check: bool) -> None:
    """Import commands."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    instant = None
    if recorded_at is not None:
        try:
            instant = _instant(recorded_at, "--recorded-at")
        except InvalidInputError as e:
            problems = list(e.problems)
            if file != "-" and not Path(file).is_file():  # name every problem at once
                problems += file_problem("FILE", file).problems
            raise InvalidInputError(problems) from None
    if check:
        with _open_lines(file, "FILE") as lines:
            count = sum(1 for _ in read_commands(lines))  # LineError: the line, exit 2
        if env.json:
            echo_json({"ok": True, "commands": count})
        elif lang == "vi":
            click.echo(f"Tệp hợp lệ: {count} lệnh; chưa ghi gì.")
        else:
            click.echo(f"The file is valid: {count} commands; nothing written.")
        return
    if instant is not None:
        moment = instant
        env.app.clock = lambda: moment
    actor = env.actor  # the official who runs the import carries out every line
    with _open_lines(file, "FILE") as lines:
        result = import_commands(env.app, lines, actor=actor)
    if env.json:
        echo_json(result.to_dict(lang))
    else:
        vi = lang == "vi"
        click.echo(
            f"{'Đã đọc' if vi else 'Read'} {result.lines} {'dòng' if vi else 'lines'}; "
            f"{'ghi mới' if vi else 'recorded'} {result.recorded}; "
            f"{'đã có từ trước' if vi else 'already recorded'} {result.unchanged}; "
            f"{'sự kiện' if vi else 'events'} {result.events}."
        )
    if result.failure is not None:
        click.echo(result.failure.message(lang), err=True)
        sys.exit(2)


@click.command(
    "restore",
    cls=LocalizedCommand,
    help_vi_en=(
        "Khôi phục tệp xuất sự kiện vào cơ sở dữ liệu trống, kiểm tra chuỗi băm trước khi ghi.",
        "Restore an events export into an empty database, checking the hash chain before writing.",
    ),
    example="export.jsonl --db sqlite:///copy.db",
)
@click.argument("file")
@click.option(
    "--expect",
    cls=LocalizedOption,
    metavar="DIGEST",
    callback=lambda _c, _p, v: _digest(v),
    help_vi_en=("Mã tổng hợp phải khớp.", "Digest the export must have."),
)
@click.pass_context
def restore_command(ctx: click.Context, file: str, expect: str | None) -> None:
    """Restore an export."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    with _open_lines(file, "FILE") as lines:
        result = restore_events(env.app, lines, expected_digest=expect)
    if env.json:
        echo_json(result.to_dict())
    else:
        vi = lang == "vi"
        click.echo(
            f"{'Đã khôi phục' if vi else 'Restored'} {result.events} {'sự kiện' if vi else 'events'}; "
            f"{'mã tổng hợp' if vi else 'digest'} {result.digest}"
        )


@click.command(
    "schema",
    cls=LocalizedCommand,
    help_vi_en=(
        "In JSON Schema của mọi lệnh hoặc mọi sự kiện (sinh từ các lớp attrs).",
        "Print the JSON Schema of every command or every event (generated from the attrs classes).",
    ),
    example="commands",
)
@click.argument("kind", type=click.Choice(["commands", "events"]))
def schema_command(kind: str) -> None:
    """Print JSON Schemas."""
    schemas = command_schemas() if kind == "commands" else event_schemas()
    click.echo(json.dumps(schemas, ensure_ascii=False, indent=2))
