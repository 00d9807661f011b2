"""``nghedan serve``, ``nghedan token issue|list|revoke`` and ``nghedan account create``.

(Registered by the main CLI.)

Both use the database the rest of the CLI uses (``--db``, ``$NGHEDAN_DATABASE_URL``, else
``sqlite:///nghedan.db``): `nghedan_cli.base.env_of(ctx).app`.
"""

from __future__ import annotations

import gc
import json
import re
from datetime import date
from uuid import UUID

import click

from nghedan_cli.base import (
    LocalizedCommand,
    LocalizedGroup,
    LocalizedOption,
    env_of,
    lang_of,
    problem,
)
from nghedan_cli.commands import parse_date
from nghedan_cli.naming import store_names
from nghedan_core import NgheDan
from nghedan_core.values import business_date
from nghedan_http.auth import ROLE_LABELS_VI, Role, TokenStore

__all__ = ["account_group", "serve_command", "token_group"]


@click.command(
    "serve",
    cls=LocalizedCommand,
    help_vi_en=(
        "Chạy API HTTP, trang công khai và trang làm việc của cán bộ (uvicorn) trên cơ sở dữ"
        " liệu đang chọn.",
        "Serve the HTTP API, the public disclosure page and the officials' workspace (uvicorn)"
        " on the chosen database.",
    ),
    example="--host 0.0.0.0 --port 8000",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    cls=LocalizedOption,
    help_vi_en=("Địa chỉ lắng nghe.", "Address to listen on."),
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    cls=LocalizedOption,
    help_vi_en=("Cổng.", "Port."),
)
@click.option(
    "--max-body",
    default=64 * 1024,
    show_default=True,
    type=click.IntRange(256, 16 * 1024 * 1024),
    cls=LocalizedOption,
    help_vi_en=("Kích thước tối đa của nội dung yêu cầu (byte).", "Largest request body (bytes)."),
)
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, max_body: int) -> None:
    """Serve the API."""
    import uvicorn  # noqa: PLC0415 - only needed to serve

    from nghedan_http.app import create_app  # noqa: PLC0415

    asgi = create_app(env_of(ctx).app, max_body=max_body)
    # the materialised views are long-lived: keep them out of the collector's full scans,
    # so a collection does not pause every request (report p99)
    gc.collect()
    gc.freeze()
    vi = lang_of(ctx) == "vi"
    click.echo(
        (f"Đang phục vụ tại http://{host}:{port}/ (Ctrl+C để dừng)")
        if vi
        else (f"Serving on http://{host}:{port}/ (Ctrl+C to stop)"),
        err=True,
    )
    uvicorn.run(asgi, host=host, port=port, log_level="warning")


def _official_in_office(app: NgheDan, text: str) -> UUID:
    """The id `--official` names, when that official is in office (else exit 2)."""
    try:
        official = UUID(text)
    except ValueError:
        raise problem(
            "--official", f"không phải mã UUID: {text[:100]!r}", f"not a UUID: {text[:100]!r}"
        ) from None
    info = app.official_info(official)
    if info is None or not info.active:
        raise problem(
            "--official",
            f"không có cán bộ đương nhiệm {official}",
            f"there is no official {official} in office",
        )
    return official


@click.group(
    "token",
    cls=LocalizedGroup,
    help_vi_en=(
        "Mã truy cập API: cấp (hiện một lần, chỉ lưu mã băm), liệt kê, thu hồi.",
        "API tokens: issue (shown once, stored only as a hash), list, revoke.",
    ),
    example="issue --official 3f0c1a52-8e1b-4c0e-9d55-2a7e4b1c9f10",
)
def token_group() -> None:
    """API tokens."""


@token_group.command(
    "issue",
    cls=LocalizedCommand,
    help_vi_en=(
        "Cấp mã truy cập cho một cán bộ (vai trò, đơn vị lấy từ hồ sơ cán bộ; hết hiệu lực khi"
        " cán bộ nghỉ hoặc chuyển công tác; mọi lệnh ghi do chính cán bộ đó thực hiện), hoặc"
        " cho một vai trò tại một đơn vị (chỉ để xem, không ghi được). Mã chỉ hiện một lần.",
        "Issue a token for an official (role and unit from the official's record; it stops"
        " working when the official leaves or is transferred; every write is that official's"
        " act), or for a role at a unit (reads only: it writes nothing). The token is shown"
        " once.",
    ),
    example="--official 3f0c1a52-8e1b-4c0e-9d55-2a7e4b1c9f10 --expires 31/12/2025",
)
@click.option(
    "--official",
    "official_text",
    metavar="ID",
    default=None,
    cls=LocalizedOption,
    help_vi_en=(
        "Mã cán bộ đương nhiệm: mọi lệnh ghi bằng mã truy cập này là việc của cán bộ đó.",
        "Id of an official in office: every write with the token is that official's act.",
    ),
)
@click.option(
    "--role",
    default=None,
    type=click.Choice([r.value for r in Role]),
    cls=LocalizedOption,
    help_vi_en=(
        "Vai trò: clerk (văn phòng), leader (lãnh đạo), supervisor (cấp giám sát), mttq.",
        "Role: clerk, leader, supervisor, mttq.",
    ),
)
@click.option(
    "--unit",
    default=None,
    metavar="CODE",
    cls=LocalizedOption,
    help_vi_en=("Mã đơn vị (phạm vi của mã truy cập).", "Unit code (the token's scope)."),
)
@click.option(
    "--expires",
    metavar="DATE",
    default=None,
    cls=LocalizedOption,
    help_vi_en=(
        "Hết hiệu lực từ 00:00 ngày này (giờ Việt Nam).",
        "Stops working at 00:00 on this date (Vietnam time).",
    ),
)
@click.pass_context
def issue_command(
    ctx: click.Context,
    official_text: str | None,
    role: str | None,
    unit: str | None,
    expires: str | None,
) -> None:
    """Issue a token."""
    env = env_of(ctx)
    app = env.app
    official = None
    if official_text is not None:
        if role is not None or unit is not None:
            raise problem(
                "--official",
                "vai trò và đơn vị lấy từ hồ sơ cán bộ: bỏ --role/--unit",
                "the role and unit come from the official's record: leave out --role/--unit",
            )
        official = _official_in_office(app, official_text)
    elif role is None or unit is None:
        raise problem(
            "--official",
            "cần --official ID (hoặc cả --role và --unit)",
            "--official ID is required (or both --role and --unit)",
        )
    elif app.unit_info(unit) is None:
        raise problem(
            "--unit", f"đơn vị {unit} chưa được đăng ký", f"unit {unit} is not registered"
        )
    day = None
    if expires is not None:
        try:
            day = date.fromisoformat(parse_date(expires))
        except ValueError:
            raise problem(
                "--expires",
                f"ngày không hợp lệ: {expires!r} (dd/mm/yyyy hoặc YYYY-MM-DD)",
                f"not a valid date: {expires!r} (dd/mm/yyyy or YYYY-MM-DD)",
            ) from None
        if day <= business_date(app.clock()):
            raise problem(
                "--expires",
                "ngày hết hạn phải sau hôm nay",
                "the expiry date must be after today",
            )
    if official is not None:
        issued = TokenStore(app).issue_for(official, day)
        if issued is None:
            raise problem(
                "--official",
                f"cán bộ {official} không có vai trò nào dùng được mã truy cập",
                f"official {official} holds no role a token can carry",
            )
        secret, record = issued
    else:
        secret, record = TokenStore(app).issue(Role(str(role)), str(unit), day)
    unit = record.unit
    if env.json:
        click.echo(json.dumps({"token": secret, **record.to_dict(app.clock())}, ensure_ascii=False))
        return
    vi = lang_of(ctx) == "vi"
    # the official by name (staff output), their id only when the store cannot name them
    who = (store_names(app)(str(official)) or str(official)) if official else ""
    click.echo(secret)
    click.echo(
        (
            f"Mã {record.token_id}: {ROLE_LABELS_VI[record.role]} — đơn vị {unit}"
            + (f" — cán bộ {who}" if official else "")
            + (f", hết hạn {day:%d/%m/%Y}" if day else "")
            + ". Hãy lưu lại ngay: mã sẽ không hiện lại (chỉ lưu mã băm)."
        )
        if vi
        else (
            f"Token {record.token_id}: {record.role.value} — unit {unit}"
            + (f" — official {who}" if official else "")
            + (f", expires {day}" if day else "")
            + ". Keep it now: it is not shown again (only its hash is stored)."
        ),
        err=True,
    )


@token_group.command(
    "list",
    cls=LocalizedCommand,
    help_vi_en=("Liệt kê các mã truy cập (không hiện mã).", "List tokens (never the secrets)."),
    example="--json",
)
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List tokens."""
    env = env_of(ctx)
    now = env.app.clock()
    records = TokenStore(env.app).list()
    if env.json:
        click.echo(json.dumps([r.to_dict(now) for r in records], ensure_ascii=False, indent=2))
        return
    vi = lang_of(ctx) == "vi"
    head = (
        ("Mã", "Vai trò", "Đơn vị", "Cấp lúc", "Hết hạn", "Trạng thái")
        if vi
        else ("Id", "Role", "Unit", "Issued", "Expires", "Status")
    )
    statuses = {"active": "còn hiệu lực", "expired": "hết hạn", "revoked": "đã thu hồi"}
    click.echo(f"{head[0]:<13} {head[1]:<11} {head[2]:<10} {head[3]:<20} {head[4]:<10} {head[5]}")
    for r in records:
        status = r.status(now)
        click.echo(
            f"{r.token_id:<13} {r.role.value:<11} {r.unit:<10} "
            f"{r.issued_at:%Y-%m-%d %H:%M:%S} {(r.expires.isoformat() if r.expires else '—'):<10} "
            f"{statuses[status] if vi else status}"
        )


@token_group.command(
    "revoke",
    cls=LocalizedCommand,
    help_vi_en=("Thu hồi một mã truy cập.", "Revoke a token."),
    example="3f2a9c0d1e4b",
)
@click.argument("token_id")
@click.pass_context
def revoke_command(ctx: click.Context, token_id: str) -> None:
    """Revoke a token."""
    env = env_of(ctx)
    if not TokenStore(env.app).revoke(token_id):
        raise problem(
            "ID",
            f"không có mã truy cập {token_id} còn hiệu lực",
            f"no active token {token_id}",
        )
    click.echo(
        f"Đã thu hồi mã {token_id}." if lang_of(ctx) == "vi" else f"Token {token_id} revoked."
    )


@click.group(
    "account",
    cls=LocalizedGroup,
    help_vi_en=(
        "Tài khoản đăng nhập trang làm việc (/dang-nhap) của cán bộ: mật khẩu ban đầu hiện một"
        " lần, phải đổi ở lần đăng nhập đầu.",
        "Officials' accounts for the workspace (/dang-nhap): the initial password is shown"
        " once and must be changed at the first sign-in.",
    ),
    example="create --official 3f0c1a52-8e1b-4c0e-9d55-2a7e4b1c9f10",
)
def account_group() -> None:
    """Officials' accounts."""


@account_group.command(
    "create",
    cls=LocalizedCommand,
    help_vi_en=(
        "Tạo tài khoản cho một cán bộ đương nhiệm (vai trò, đơn vị lấy từ hồ sơ; tài khoản hết"
        " hiệu lực khi cán bộ nghỉ hoặc chuyển công tác). Mật khẩu ban đầu chỉ hiện một lần.",
        "Create an account for an official in office (role and unit from the record; it stops"
        " working when the official leaves or is transferred). The initial password is shown"
        " once.",
    ),
    example="--official 3f0c1a52-8e1b-4c0e-9d55-2a7e4b1c9f10",
)
@click.option(
    "--official",
    "official_text",
    metavar="ID",
    required=True,
    cls=LocalizedOption,
    help_vi_en=("Mã cán bộ đương nhiệm.", "Id of an official in office."),
)
@click.option(
    "--login",
    default=None,
    metavar="NAME",
    cls=LocalizedOption,
    help_vi_en=(
        "Tên đăng nhập (mặc định: họ tên không dấu, vd tran.van.an).",
        "Login name (default: the name without diacritics, e.g. tran.van.an).",
    ),
)
@click.pass_context
def account_create_command(ctx: click.Context, official_text: str, login: str | None) -> None:
    """Create an account."""
    from nghedan_http.workspace import AccountStore  # noqa: PLC0415 - argon2 loaded when used

    env = env_of(ctx)
    app = env.app
    official = _official_in_office(app, official_text)
    if login is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]{1,63}", login):
        raise problem(
            "--login",
            "chỉ gồm chữ thường không dấu, số, '.', '_', '-' (2 đến 64 ký tự)",
            "lower-case ASCII letters, digits, '.', '_', '-' only (2 to 64 characters)",
        )
    store = AccountStore(app)
    created = store.create(official, login)
    if created is None:
        raise problem(
            "--official",
            f"cán bộ {official} đã có tài khoản, không có vai trò dùng được trang làm việc,"
            " hoặc tên đăng nhập đã có người dùng",
            f"official {official} already has an account, holds no role the workspace knows,"
            " or the login is taken",
        )
    password, account = created
    if env.json:
        click.echo(
            json.dumps(
                {
                    "login": account.login,
                    "password": password,
                    "official": str(account.official),
                    "unit": account.unit,
                    "role": account.role.value,
                },
                ensure_ascii=False,
            )
        )
        return
    vi = lang_of(ctx) == "vi"
    click.echo(f"{account.login}\t{password}")
    click.echo(
        (
            f"Tài khoản {account.login}: {ROLE_LABELS_VI[account.role]} — đơn vị {account.unit}."
            " Mật khẩu ban đầu ở trên chỉ hiện một lần và phải đổi ở lần đăng nhập đầu"
            " (/dang-nhap)."
        )
        if vi
        else (
            f"Account {account.login}: {account.role.value} — unit {account.unit}. The initial"
            " password above is shown once and must be changed at the first sign-in"
            " (/dang-nhap)."
        ),
        err=True,
    )
