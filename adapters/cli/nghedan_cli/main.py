"""The ``nghedan`` command: global options and the table of every command, loaded when used.

``nghedan --help`` lists every command from `COMMANDS` (its name and short help in both
languages) without importing one: a command's module — and the part of the core it needs —
is imported only when the command is named (click's lazily loaded group). The short helps
are copies of the commands' own; a test checks they have not drifted.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Final

import click

from nghedan_cli.base import Env, LocalizedCommand, LocalizedGroup, LocalizedOption, RootGroup, fail
from nghedan_cli.words import T

__all__ = ["COMMANDS", "cli", "main"]


@click.group(
    "nghedan",
    cls=RootGroup,
    help_vi_en=T["main.help"],
    example="--db sqlite:///demo.db demo",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db", "db", cls=LocalizedOption, default=None, metavar="URL", help_vi_en=T["opt.db"]
)
@click.option(
    "--lang",
    cls=LocalizedOption,
    type=click.Choice(["vi", "en"]),
    default=lambda: "en" if os.environ.get("NGHEDAN_LANG") == "en" else "vi",
    show_default=False,
    help_vi_en=T["opt.lang"],
)
@click.option(
    "--config",
    "config_path",
    cls=LocalizedOption,
    default=None,
    metavar="FILE",
    help_vi_en=T["opt.config"],
)
@click.option("--json", "as_json", cls=LocalizedOption, is_flag=True, help_vi_en=T["opt.json"])
@click.option(
    "--as",
    "acting",
    cls=LocalizedOption,
    default=None,
    metavar="OFFICIAL",
    help_vi_en=T["opt.as"],
)
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    lang: str,
    config_path: str | None,
    as_json: bool,
    acting: str | None,
) -> None:
    """Nghedan."""
    if acting is None:
        acting = os.environ.get("NGHEDAN_AS") or None
    ctx.obj = Env(db=db, lang=lang, config_path=config_path, json=as_json, acting=acting)


def _missing(name: str, extra: str, vi: str, en: str) -> click.Command:
    """A command standing for one of an extra that is not installed: it says how to get it."""

    @click.command(
        name,
        cls=LocalizedCommand,
        help_vi_en=(
            f"{vi} (cần: pip install 'nghedan[{extra}]').",
            f"{en} (needs: pip install 'nghedan[{extra}]').",
        ),
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    def missing() -> None:
        install = f"pip install 'nghedan[{extra}]'"
        fail(f"Cần cài thêm: {install} / Install: {install}")

    return missing


def _features() -> click.Command:
    """The ``features`` group of the BDD adapter, or a command saying how to install it."""
    try:
        from nghedan_bdd.cli import features_group  # noqa: PLC0415 - optional extra
    except ImportError:
        return _missing("features", "bdd", "Chạy kịch bản tiếng Việt", "Run Vietnamese scenarios")
    return _localized_features(features_group)


_FEATURES_HELP: dict[str, tuple[str, str, str]] = {
    "": (
        "Kịch bản Gherkin tiếng Việt: thư viện bước và chạy các tệp .feature.",
        "Vietnamese Gherkin scenarios: the step catalogue and the runner.",
        "run features/",
    ),
    "steps": (
        "In mọi bước (mẫu, mô tả, ví dụ) dạng Markdown; --json cho máy.",
        "Print every step (pattern, description, example) as Markdown; --json for machines.",
        "--json",
    ),
    "run": (
        "Chạy các tệp .feature (hoặc thư mục) với thư viện bước; không cần Python.",
        "Run .feature files (or folders) with the step library; no Python needed.",
        "features/",
    ),
}


def _localized_features(group: click.Group) -> click.Group:
    """The BDD adapter's group, dressed in the CLI's bilingual help and examples."""
    vi, en, example = _FEATURES_HELP[""]
    dressed = LocalizedGroup(name="features", help_vi_en=(vi, en), example=example)
    for name, command in group.commands.items():
        vi, en, example = _FEATURES_HELP.get(name, (command.help or name, command.help or name, ""))
        dressed.add_command(
            LocalizedCommand(
                name=name,
                params=command.params,
                callback=command.callback,
                help_vi_en=(vi, en),
                example=example or None,
                json_flag=False,
            )
        )
    return dressed


def _http_command(name: str) -> click.Command | None:
    """``serve`` or ``token`` from the HTTP adapter, or a command saying how to install it."""
    try:
        from nghedan_http.cli import (  # noqa: PLC0415 - optional extra
            account_group,
            serve_command,
            token_group,
        )
    except ImportError:
        if name == "serve":
            return _missing("serve", "http", "Chạy API HTTP", "Run the HTTP API")
        if name == "account":
            return _missing("account", "http", "Tài khoản cán bộ", "Officials' accounts")
        return _missing("token", "http", "Mã truy cập API", "API tokens")
    commands: dict[str, click.Command] = {
        "serve": serve_command,
        "token": token_group,
        "account": account_group,
    }
    return commands[name]


def _from(module: str, attribute: str) -> Callable[[str], click.Command]:
    """A loader of the command `attribute` of `module`."""

    def load(_name: str) -> click.Command:
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    return load


def _aggregate_group(name: str) -> click.Command:
    """The aggregate group `name`; ``household`` also reads a household's history."""
    from nghedan_cli.commands import aggregate_group  # noqa: PLC0415 - loaded when used

    group = aggregate_group(name)
    if name == "household":
        from nghedan_cli.views import household_history_command  # noqa: PLC0415

        group.add_command(household_history_command)
    return group


_BDD: Final = ("pytest", "pytest_bdd")
_HTTP: Final = ("starlette", "uvicorn", "jinja2", "limits", "argon2", "python_multipart")

#: every command: name -> (its loader, the modules of the extra it needs, short help vi, en)
COMMANDS: Final[
    dict[str, tuple[Callable[[str], click.Command | None], tuple[str, ...], str, str]]
] = {
    "audit": (
        _from("nghedan_cli.auditing", "audit_group"),
        (),
        "Kiểm toán quỹ: phát lại toàn bộ lịch sử (từ cơ sở dữ liệu…",
        "Fund audit: replay the whole history (from the database or…",
    ),
    "complaint": (
        _aggregate_group,
        (),
        "Ý kiến, kiến nghị, phản ánh của người dân.",
        "Citizens' complaints, petitions and reports.",
    ),
    "complaints": (
        _from("nghedan_cli.views", "complaints_command"),
        (),
        "Bảng theo dõi ý kiến, kiến nghị: chưa hẹn, đang trong hạn…",
        "The complaint board: open, due and overdue complaints (as…",
    ),
    "demo": (
        _from("nghedan_cli.demo", "demo"),
        (),
        "Ghi bộ dữ liệu mẫu 11 xã, thị trấn huyện Cầu Kè…",
        "Record the sample dataset of Cầu Kè district's 11 communes…",
    ),
    "disclosure": (
        _from("nghedan_cli.reading", "disclosure_command"),
        (),
        "Bảng công khai thu chi của quỹ theo tháng (in được).",
        "The fund's monthly public disclosure of receipts and…",
    ),
    "dossier": (
        _from("nghedan_cli.views", "dossier_command"),
        (),
        "Hồ sơ một buổi làm việc (in được): lịch, chào cờ, đánh giá…",
        "The dossier of one session (printable): schedule, flag…",
    ),
    "export": (
        _from("nghedan_cli.auditing", "export_command"),
        (),
        "Xuất toàn bộ sự kiện ra JSONL (mỗi dòng một sự kiện: vị…",
        "Export every event as JSONL (one a line: position, stream…",
    ),
    "features": (
        lambda _name: _features(),
        _BDD,
        "Kịch bản Gherkin tiếng Việt: thư viện bước và chạy các tệp…",
        "Vietnamese Gherkin scenarios: the step catalogue and the…",
    ),
    "fund": (
        _aggregate_group,
        (),
        "Quỹ hỗ trợ đối tượng chính sách gặp khó khăn.",
        "The support fund: contributions and payments.",
    ),
    "household": (
        _aggregate_group,
        (),
        "Hộ gia đình khó khăn được bình xét hỗ trợ.",
        "Households in hardship selected for support.",
    ),
    "import": (
        _from("nghedan_cli.auditing", "import_command"),
        (),
        'Nhập lệnh từ tệp JSONL (mỗi dòng {"command": "TênLệnh"…',
        'Import commands from JSONL (one {"command": "Name", ...} a…',
    ),
    "key": (
        _from("nghedan_cli.personal", "key_group"),
        (),
        "Khoá mã hoá dữ liệu lưu trữ (NGHEDAN_CIPHER_KEY).",
        "The encryption-at-rest key (NGHEDAN_CIPHER_KEY).",
    ),
    "init": (
        _from("nghedan_cli.acting", "init_command"),
        (),
        "Khởi tạo kho dữ liệu trống: ghi quản trị viên (--admin)…",
        "Start an empty store: record its administrator (--admin)…",
    ),
    "ledger": (
        _from("nghedan_cli.reading", "ledger_command"),
        (),
        "Sổ quỹ: từng khoản thu, chi với số dư lũy kế và vị trí sự…",
        "The fund ledger: every receipt and payment with its running…",
    ),
    "official": (
        _aggregate_group,
        (),
        "Cán bộ, công chức và người thân đã kê khai.",
        "Officials and their declared relatives.",
    ),
    "person": (
        _from("nghedan_cli.personal", "person_group"),
        (),
        "Dữ liệu cá nhân: xoá dữ liệu của một người (huỷ khoá), sao…",
        "Personal data: erase a person's data (destroy the key)…",
    ),
    "quota": (
        _from("nghedan_cli.views", "quota_command"),
        (),
        "Chỉ tiêu thăm hỏi theo xã và tháng: chỉ tiêu, số hộ đã…",
        "The visit quota per commune and month: target, households…",
    ),
    "report": (
        _from("nghedan_cli.reading", "report_command"),
        (),
        "Báo cáo kết quả thực hiện mô hình theo kỳ, cho một hoặc…",
        "The period report of the model, for one or more units.",
    ),
    "restore": (
        _from("nghedan_cli.auditing", "restore_command"),
        (),
        "Khôi phục tệp xuất sự kiện vào cơ sở dữ liệu trống, kiểm…",
        "Restore an events export into an empty database, checking…",
    ),
    "schema": (
        _from("nghedan_cli.auditing", "schema_command"),
        (),
        "In JSON Schema của mọi lệnh hoặc mọi sự kiện (sinh từ các…",
        "Print the JSON Schema of every command or every event…",
    ),
    "account": (
        _http_command,
        _HTTP,
        "Tài khoản đăng nhập trang làm việc (/dang-nhap) của cán bộ…",
        "Officials' accounts for the workspace (/dang-nhap): the…",
    ),
    "serve": (
        _http_command,
        _HTTP,
        "Chạy API HTTP, trang công khai và trang làm việc của cán bộ…",
        "Serve the HTTP API, the public disclosure page and the…",
    ),
    "session": (
        _aggregate_group,
        (),
        'Buổi "Nghe dân nói – Làm dân tin" hằng tháng.',
        'The monthly "Nghe dân nói – Làm dân tin" session.',
    ),
    "token": (
        _http_command,
        _HTTP,
        "Mã truy cập API: cấp (hiện một lần, chỉ lưu mã băm), liệt…",
        "API tokens: issue (shown once, stored only as a hash)…",
    ),
    "unit": (
        _aggregate_group,
        (),
        "Đơn vị hành chính: tỉnh, xã, thị trấn, ấp/khóm.",
        "Administrative units: province, commune, town, hamlet.",
    ),
    "views": (
        _from("nghedan_cli.stored", "views_group"),
        (),
        "Các bảng tra cứu lưu trong cơ sở dữ liệu (chỉ mục sự kiện…",
        "The views kept in the database (the log indexed by unit…",
    ),
    "visit": (_aggregate_group, (), "Thăm hỏi, tặng quà hộ khó khăn.", "Home visits and gifts."),
    "volunteer": (_aggregate_group, (), "Hoạt động tình nguyện.", "Volunteer work."),
}

for _name, (_load, _needs, _vi, _en) in COMMANDS.items():
    cli.add_lazy(_name, _load, short_help=(_vi, _en), needs=_needs)


def main() -> None:
    """Entry point of the ``nghedan`` console script."""
    cli.main(prog_name="nghedan")
