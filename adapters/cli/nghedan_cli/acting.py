"""Who carries out the command line's writes: ``--as`` resolved, and ``nghedan init``.

The operator is named once (``--as OFFICIAL`` or ``$NGHEDAN_AS``), by id or by full name:
an official of the record, or the administrator who started the store (ADR 0018). The
core checks, for each write, that the one named may carry it out. On the command line this
is **attribution** by whoever holds the store's file, not authentication
(``docs/security.md``); over HTTP the token names the official.
"""

from __future__ import annotations

import unicodedata
from uuid import UUID

import click

from nghedan_cli.base import LocalizedCommand, LocalizedOption, echo_json, env_of, lang_of, problem
from nghedan_core import NgheDan, OfficialRegistered

__all__ = ["init_command", "resolve_actor"]


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def resolve_actor(app: NgheDan, text: str) -> UUID:
    """The id `text` names: an id as it is, else the one official (or administrator) so named.

    Exit 2 (an `InvalidInputError` on ``--as``) when a name matches nobody or several.
    """
    try:
        return UUID(text)
    except ValueError:
        pass
    wanted = _key(text)
    found: list[tuple[UUID, str]] = []
    for official_id in app.official_ids():
        stream = app.stream(official_id)
        first = stream[0].event if stream else None
        if isinstance(first, OfficialRegistered) and _key(first.full_name) == wanted:
            info = app.official_info(official_id)
            where = info.unit if info is not None else first.unit
            found.append((official_id, f"{first.full_name} ({where})"))
    started = app.administrator()
    if started is not None and _key(started.administrator_name) == wanted:
        found.append((started.administrator_id, f"{started.administrator_name} (quản trị viên)"))
    if len(found) == 1:
        return found[0][0]
    if not found:
        raise problem(
            "--as",
            f"không có cán bộ hay quản trị viên nào tên {text!r} trong hồ sơ",
            f"no official or administrator of the record is called {text!r}",
        )
    listed = "; ".join(f"{who} {official_id}" for official_id, who in found)
    raise problem(
        "--as",
        f"có {len(found)} người tên {text!r}: {listed}; hãy nêu mã của một người",
        f"{len(found)} people are called {text!r}: {listed}; give one's id",
    )


@click.command(
    "init",
    cls=LocalizedCommand,
    help_vi_en=(
        "Khởi tạo kho dữ liệu trống: ghi quản trị viên (--admin), người đăng ký các đơn vị và"
        " cán bộ đầu tiên, rồi in mã của người đó (dùng với --as). Không ghi việc nghiệp vụ.",
        "Start an empty store: record its administrator (--admin), who registers the first"
        " units and officials, and print their id (for --as). They record no business.",
    ),
    example='--db sqlite:///xa.db init --admin "Nguyễn Văn Quản"',
)
@click.option(
    "--admin",
    "admin",
    cls=LocalizedOption,
    required=True,
    metavar="NAME",
    help_vi_en=("Họ tên quản trị viên.", "The administrator's full name."),
)
@click.pass_context
def init_command(ctx: click.Context, admin: str) -> None:
    """Start the store."""
    env = env_of(ctx)
    # the name is checked as every text field is (refused: exit 2, nothing written)
    administrator = env.app.start_record(admin)
    if env.json:
        echo_json({"administrator_id": str(administrator), "administrator_name": admin})
        return
    if lang_of(ctx) == "vi":
        click.echo(f"Đã khởi tạo kho dữ liệu; quản trị viên {admin}, mã {administrator}")
        click.echo(f'Dùng: nghedan --as {administrator} unit register …  (hoặc --as "{admin}")')
    else:
        click.echo(f"Store started; administrator {admin}, id {administrator}")
        click.echo(f'Use: nghedan --as {administrator} unit register …  (or --as "{admin}")')
