"""``nghedan person`` (erasure and the keys of personal data) and ``nghedan key new``."""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

import click

from nghedan_cli.base import (
    LocalizedCommand,
    LocalizedGroup,
    LocalizedOption,
    echo_json,
    env_of,
    file_problem,
    lang_of,
    problem,
    write_lines,
)
from nghedan_core.erasure import erase_person, subject_of
from nghedan_core.personal import KeyRow
from nghedan_core.storage import new_cipher_key

__all__ = ["key_group", "person_group"]


@click.group(
    "person",
    cls=LocalizedGroup,
    example="erase 0b0e5c1e-3f1a-5b7e-9d4c-2a6f8e1b3c5d --yes",
    help_vi_en=(
        "Dữ liệu cá nhân: xoá dữ liệu của một người (huỷ khoá), sao lưu và nạp lại khoá.",
        "Personal data: erase a person's data (destroy the key), back up and load the keys.",
    ),
)
def person_group() -> None:
    """Personal data."""


@person_group.command(
    "erase",
    cls=LocalizedCommand,
    json_flag=True,
    example="0b0e5c1e-3f1a-5b7e-9d4c-2a6f8e1b3c5d --yes",
    help_vi_en=(
        "Xoá vĩnh viễn dữ liệu cá nhân của một người (mã người, hộ, cam kết hoặc phiếu thu): "
        "huỷ khoá giải mã họ tên, điện thoại, địa chỉ, hoàn cảnh. Lịch sử, số liệu và "
        "`audit verify` giữ nguyên; mọi bảng, trang và tệp xuất hiện “[đã xoá]”. Người xoá "
        "(--as) là quản trị viên, hoặc lãnh đạo của mọi đơn vị có dữ liệu của người đó.",
        "Erase a person's personal data for good (a person, household, pledge or receipt id): "
        "destroy the key that opens their name, phone, address, circumstances. The history, "
        "the totals and `audit verify` stay intact; every view, page and export shows "
        "“[đã xoá]”. Who erases (--as) is the administrator, or a leader of every unit "
        "holding the person's data.",
    ),
)
@click.argument("person_id", metavar="ID")
@click.option(
    "--yes",
    is_flag=True,
    cls=LocalizedOption,
    help_vi_en=("Không hỏi lại (không thể hoàn tác).", "Do not ask again (cannot be undone)."),
)
@click.pass_context
def erase_command(ctx: click.Context, person_id: str, yes: bool) -> None:
    """Erase a person's personal data."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    person_id = subject_of(person_id)  # a malformed id is refused before asking
    actor = env.actor  # who erases: named (--as) before asking, checked by the core
    if not yes:
        question = (
            f"Xoá vĩnh viễn dữ liệu cá nhân của {person_id}? Không thể hoàn tác."
            if lang == "vi"
            else f"Erase the personal data of {person_id} for good? This cannot be undone."
        )
        try:
            confirmed = click.confirm(question, default=False)
        except click.Abort:  # no answer (end of input)
            confirmed = False
        if not confirmed:
            raise problem("--yes", "chưa xác nhận, không xoá gì", "not confirmed; nothing erased")
    erasure = erase_person(env.app, person_id, actor=actor)
    if env.json:
        echo_json(erasure)
        return
    if lang == "vi":
        click.echo(
            f"Đã xoá dữ liệu cá nhân của {erasure.subject_id}: huỷ {len(erasure.destroyed)} "
            f"khoá ({len(erasure.subjects)} đối tượng); ghi nhận tại vị trí {erasure.position}."
        )
        click.echo("Không sự kiện nào bị sửa: `nghedan audit verify` vẫn đạt.")
    else:
        click.echo(
            f"Erased the personal data of {erasure.subject_id}: {len(erasure.destroyed)} keys "
            f"destroyed ({len(erasure.subjects)} subjects); recorded at position "
            f"{erasure.position}."
        )
        click.echo("No stored event was changed: `nghedan audit verify` still passes.")


@person_group.command(
    "keys-export",
    cls=LocalizedCommand,
    example="--out keys.jsonl",
    help_vi_en=(
        "Sao lưu khoá dữ liệu cá nhân ra JSONL (giữ tệp này bí mật, tách khỏi bản xuất sự "
        "kiện: không có nó, bản khôi phục không đọc được họ tên).",
        "Back up the personal-data keys as JSONL (keep this file secret and apart from the "
        "events export: without it a restored store cannot read names).",
    ),
)
@click.option(
    "--out",
    cls=LocalizedOption,
    metavar="FILE",
    required=True,
    help_vi_en=("Tệp ghi ra.", "Output file."),
)
@click.pass_context
def keys_export_command(ctx: click.Context, out: str) -> None:
    """Back up the keys."""
    env = env_of(ctx)
    lines = (
        json.dumps(
            {
                "subject": subject,
                "key": None if row.key is None else base64.b64encode(row.key).decode(),
                "erased_at": row.erased_at,
            },
            sort_keys=True,
        )
        for subject, row in env.app.personal.keystore.rows()
    )
    count = write_lines(out, "--out", lines, private=True)
    click.echo(
        f"Đã sao lưu {count} khoá vào {out}."
        if lang_of(ctx) == "vi"
        else f"Backed up {count} keys to {out}."
    )


@person_group.command(
    "keys-import",
    cls=LocalizedCommand,
    example="keys.jsonl",
    help_vi_en=(
        "Nạp khoá từ bản sao lưu (khoá đã có được giữ nguyên; khoá đã huỷ không sống lại).",
        "Load keys from a backup (existing keys are kept; destroyed keys do not come back).",
    ),
)
@click.argument("path", metavar="FILE")
@click.pass_context
def keys_import_command(ctx: click.Context, path: str) -> None:
    """Load keys from a backup."""
    env = env_of(ctx)
    source = Path(path)
    if not source.is_file():
        raise file_problem("FILE", path)
    rows: list[tuple[str, KeyRow]] = []
    for number, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            subject = str(data["subject"])
            key = None if data["key"] is None else base64.b64decode(data["key"], validate=True)
            erased_at = data.get("erased_at")
            erased_at = None if erased_at is None else str(erased_at)
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise problem(
                f"{path}:{number}",
                "không phải một dòng khoá hợp lệ",
                "not a valid key line",
            ) from None
        rows.append((subject, KeyRow(key, erased_at)))
    # a subject already here (live or erased) is kept: a backup never revives a destroyed key
    added = env.app.personal.keystore.load(rows)
    click.echo(
        f"Đã nạp {added} khoá từ {path}."
        if lang_of(ctx) == "vi"
        else f"Loaded {added} keys from {path}."
    )


@click.group(
    "key",
    cls=LocalizedGroup,
    example="new",
    help_vi_en=(
        "Khoá mã hoá dữ liệu lưu trữ (NGHEDAN_CIPHER_KEY).",
        "The encryption-at-rest key (NGHEDAN_CIPHER_KEY).",
    ),
)
def key_group() -> None:
    """Encryption at rest."""


@key_group.command(
    "new",
    cls=LocalizedCommand,
    example="> /etc/nghedan/cipher.key",
    help_vi_en=(
        "In một khoá AES-256 mới (base64). Giữ nó ngoài cơ sở dữ liệu, rồi đặt "
        "NGHEDAN_CIPHER_KEY=<khoá> hoặc NGHEDAN_CIPHER_KEY_FILE=<tệp> để mã hoá mọi sự kiện.",
        "Print a new AES-256 key (base64). Keep it outside the database, then set "
        "NGHEDAN_CIPHER_KEY=<key> or NGHEDAN_CIPHER_KEY_FILE=<file> to encrypt every event.",
    ),
)
def key_new_command() -> None:
    """Print a new key."""
    click.echo(new_cipher_key())
