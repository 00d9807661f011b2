"""``views rebuild`` and ``views check``: the views kept in the store (ADR 0020).

Exit codes: 0 when the views are the replay's; 1 naming the first difference; 2 for bad
input (a ``memory://`` store keeps no views).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import click

from nghedan_cli.base import (
    EXIT_CHECK_FAILED,
    Env,
    LocalizedCommand,
    LocalizedGroup,
    UnreadableHistoryError,
    echo_json,
    env_of,
    lang_of,
    problem,
)
from nghedan_core.views import StoredViews, has_stored_views

__all__ = ["views_group"]


@click.group(
    "views",
    cls=LocalizedGroup,
    help_vi_en=(
        "Các bảng tra cứu lưu trong cơ sở dữ liệu (chỉ mục sự kiện theo đơn vị, buổi, cán bộ):"
        " dựng lại, kiểm tra.",
        "The views kept in the database (the log indexed by unit, session and official):"
        " rebuild, check.",
    ),
    example="check",
)
def views_group() -> None:
    """The views kept in the store."""


def _views(env: Env) -> StoredViews:
    if not has_stored_views(env.app):
        raise problem(
            "--db",
            "kho memory:// không lưu bảng tra cứu; hãy dùng SQLite hoặc PostgreSQL",
            "a memory:// store keeps no views; use SQLite or PostgreSQL",
        )
    return StoredViews(env.app, unreadable=UnreadableHistoryError)


@contextmanager
def _bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (standard error); silent when piped."""
    if not sys.stderr.isatty() or total < 1:
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def _over_the_log(env: Env, vi: str, en: str, work: Literal["rebuild", "check"]) -> Any:
    """`StoredViews.rebuild` or `check` over the whole log, with a progress bar labelled so.

    A stored row that is not an event stops it: its message, exit code 1.
    """
    lang = lang_of(click.get_current_context())
    views = _views(env)
    try:
        with _bar(env.app.max_position(), vi if lang == "vi" else en) as progress:
            return views.rebuild(progress) if work == "rebuild" else views.check(progress)
    except UnreadableHistoryError as error:
        if env.json:
            echo_json({"ok": False, "difference": error.message(lang)})
        else:
            click.echo(error.message(lang))
        sys.exit(EXIT_CHECK_FAILED)


@views_group.command(
    "rebuild",
    cls=LocalizedCommand,
    json_flag=True,
    help_vi_en=(
        "Dựng lại các bảng tra cứu từ toàn bộ lịch sử (một giao dịch; có thanh tiến trình).",
        "Rebuild the views from the whole history (one transaction; with a progress bar).",
    ),
    example="--json",
)
@click.pass_context
def rebuild_command(ctx: click.Context) -> None:
    """Rebuild the views."""
    env = env_of(ctx)
    vi = lang_of(ctx) == "vi"
    position = _over_the_log(env, "Đang dựng lại bảng tra cứu", "Rebuilding the views", "rebuild")
    if env.json:
        echo_json({"position": position})
    else:
        click.echo(
            f"Đã dựng lại bảng tra cứu đến sự kiện {position}."
            if vi
            else f"The views were rebuilt up to event {position}."
        )


@views_group.command(
    "check",
    cls=LocalizedCommand,
    json_flag=True,
    help_vi_en=(
        "Phát lại lịch sử và so với từng dòng của bảng tra cứu; mã thoát 1 nêu chỗ khác đầu tiên.",
        "Replay the history and compare every row of the views; exit code 1 names the first"
        " difference.",
    ),
    example="--json",
)
@click.pass_context
def check_command(ctx: click.Context) -> None:
    """Check the views against a replay."""
    env = env_of(ctx)
    vi = lang_of(ctx) == "vi"
    result = _over_the_log(env, "Đang kiểm tra bảng tra cứu", "Checking the views", "check")
    if env.json:
        echo_json(
            {
                "ok": result.difference is None,
                "rows": result.rows,
                "position": result.position,
                "difference": None
                if result.difference is None
                else result.difference.message(lang_of(ctx)),
            }
        )
    elif result.difference is None:
        click.echo(
            f"Bảng tra cứu khớp với lịch sử: đã so {result.rows} dòng (đến sự kiện"
            f" {result.position})."
            if vi
            else f"The views match the history: {result.rows} rows checked (up to event"
            f" {result.position})."
        )
    else:
        click.echo(
            f"Bảng tra cứu khác lịch sử — {result.difference.message('vi')}"
            if vi
            else f"The views differ from the history — {result.difference.message('en')}"
        )
    if result.difference is not None:
        sys.exit(EXIT_CHECK_FAILED)
