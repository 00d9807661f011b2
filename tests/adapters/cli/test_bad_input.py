"""Every bad input: one clear message naming every problem, exit 2, nothing written.

Never a traceback; and ``--help`` of every command in Vietnamese (English with
``--lang en``) with an example.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click
import pytest
from cli_world import COMMUNE, HOUSEHOLD, Nd, refused

from nghedan_cli import cli

RECEIVE = ("fund", "receive", "--unit", COMMUNE)
STRANGER = "12345678-1234-4234-8234-123456789abc"
NFD_NAME = unicodedata.normalize("NFD", "Xã Hòa Ân")

#: (case id, arguments after ``--db <world>`` — "{tmp}" is this test's folder —, what the
#: message must say: every problem of the input)
CASES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("unknown option", (*RECEIVE, "--amout", "5"), ("Không có tùy chọn '--amout'", "Có phải ý bạn là", "Xem hướng dẫn: nghedan fund receive --help")),
    ("option without its value", (*RECEIVE, "--source", "session", "--amount"), ("Tùy chọn '--amount' cần một giá trị",)),
    ("money written with commas", (*RECEIVE, "--amount", "26,500,000", "--source", "session"), ("--amount: số tiền phải là số nguyên đồng",)),
    ("negative money", (*RECEIVE, "--amount", "-26.500.000", "--source", "session"), ("--amount: số tiền không được âm",)),
    ("unknown enum", (*RECEIVE, "--amount", "5.000", "--source", "lottery"), ("--source: phải là một trong: flag_ceremony (chào cờ), lawful_donation (nguồn xã hội hóa hợp pháp), session (buổi Nghe dân nói)",)),
    ("every problem at once", ("fund", "receive", "--amount", "26,500,000", "--source", "lottery"), ("--unit: thiếu trường bắt buộc", "--amount: số tiền phải là số nguyên đồng", "--source: phải là một trong")),
    ("impossible date", ("session", "schedule", "--unit", COMMUNE, "--month", "2024-04", "--date", "30/02/2024", "--reception-hamlet", "29500-01"), ("--date: ngày không tồn tại",)),
    ("month written badly", ("session", "flag-ceremony", "--unit", COMMUNE, "--month", "2024-3", "--attendees", "4"), ("--month: tháng phải viết dạng YYYY-MM",)),
    ("count that is not a number", ("session", "flag-ceremony", "--unit", COMMUNE, "--month", "2024-03", "--attendees", "1e3"), ("--attendees: cần một số nguyên",)),
    ("text not in NFC", ("unit", "rename", "--code", COMMUNE, "--name", NFD_NAME), ("--name: chưa chuẩn hóa Unicode NFC",)),
    ("id that is not a UUID", ("household", "assess", "--household-id", "hộ-1", "--criteria", "x", "--score", "5", "--assessed-by", HOUSEHOLD), ("--household-id: không phải mã UUID",)),
    ("time that is not a time", ("fund", "open", "--unit", "29501", "--occurred-at", "hôm qua"), ("--occurred-at: không phải ngày giờ ISO 8601",)),
    ("unknown command", ("fundd",), ("Không có lệnh 'fundd'", "fund")),
    ("group without a command", ("fund",), ("Cách dùng: nghedan fund", "receive")),
    ("bad --lang", ("--lang", "fr", "report"), ("'fr' không phải một trong 'vi', 'en'",)),
    ("missing required option", ("report", "--from", "01/01/2024"), ("Thiếu tùy chọn '--to'",)),
    ("impossible report date", ("report", "--from", "30/02/2024", "--to", "31/03/2024"), ("--from: ngày không hợp lệ: '30/02/2024'",)),
    ("nonsense --as-of", ("complaints", "--as-of", "tuần sau"), ("--as-of: không phải ngày hoặc ngày giờ hợp lệ: 'tuần sau'",)),
    ("quota filters all wrong", ("quota", "--unit", "x y", "--month", "2024-13"), ("--unit: mã đơn vị không hợp lệ: 'x y'", "--month: tháng phải viết dạng YYYY-MM")),
    ("dossier that names nothing", ("dossier", "a", "b", "c"), ("SESSION: không hiểu 'a b c'",)),
    ("household id and unit together", ("household", "history", HOUSEHOLD, "--unit", COMMUNE), ("HOUSEHOLD_ID: ghi mã hộ hoặc --unit, không ghi cả hai",)),
    ("verify position below one", ("audit", "verify", "--at", "0"), ("Giá trị không hợp lệ cho '--at'", "nằm ngoài khoảng")),
    ("missing import file", ("import", "{tmp}/khong-co.jsonl"), ("FILE: không tìm thấy tệp", "khong-co.jsonl")),
    ("directory as FILE", ("import", "{tmp}"), ("FILE:", "là một thư mục")),
    ("binary garbage to import", ("import", "{tmp}/rac.bin"), ("không phải UTF-8",)),
    ("binary garbage to audit", ("audit", "--from-file", "{tmp}/rac.bin"), ("--from-file: tệp", "không phải UTF-8")),
    ("import line that is not JSON", ("import", "{tmp}/not-json.jsonl"), ("Dòng 1:", "không phải JSON hợp lệ")),
    ("export into a missing folder", ("export", "--out", "{tmp}/khong/co/export.jsonl"), ("không tìm thấy tệp hoặc thư mục",)),
    ("csv into a missing folder", ("report", "--from", "01/03/2024", "--to", "31/03/2024", "--csv", "{tmp}/khong/bao-cao.csv"), ("không tìm thấy tệp hoặc thư mục",)),
    ("missing --config file", ("--config", "{tmp}/khong-co.toml", "quota"), ("--config: không tìm thấy tệp",)),
    ("--config that is not TOML", ("--config", "{tmp}/hong.toml", "quota"), ("hong.toml: tệp TOML không hợp lệ",)),
    ("--config with bad values", ("--config", "{tmp}/sai.toml", "quota"), ("[monthly_quota]: phải là số nguyên ≥ 0", "trường không được phép: khong_co_khoa")),
    ("domain refusal", ("fund", "disburse", "--unit", COMMUNE, "--purpose", "other_support", "--amount", "500.000", "--household-id", HOUSEHOLD, "--approvers", STRANGER), ("Từ chối [",)),
]  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder holding the broken files the cases name."""
    (tmp_path / "rac.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "not-json.jsonl").write_text("{không phải json\n", encoding="utf-8")
    (tmp_path / "hong.toml").write_text("monthly_quota = [\n", encoding="utf-8")
    (tmp_path / "sai.toml").write_text("monthly_quota = -3\nkhong_co_khoa = 1\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("args", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_one_clear_message(
    world: Nd, files: Path, args: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    """Exit 2, every problem named in Vietnamese, no traceback, not one event written."""
    before = world.events()
    out = refused(world(*(a.replace("{tmp}", str(files)) for a in args)))
    for text in expected:
        assert text in out
    assert world.events() == before


def test_bad_input_is_explained_in_english_with_lang_en(world: Nd) -> None:
    """``--lang en``: the same problems, in English."""
    out = refused(
        world("--lang", "en", "fund", "receive", "--amount", "26,500,000", "--source", "lottery")
    )
    assert out.startswith("Invalid input:")
    assert "--unit: required field missing" in out


def test_a_bad_database_url_is_refused(nd: Nd) -> None:
    """An unknown URL scheme: a clear message, no file created."""
    out = refused(
        nd.raw("--db", "bogus://nowhere", "report", "--from", "01/03/2024", "--to", "31/03/2024")
    )
    assert "database_url: URL cơ sở dữ liệu không hợp lệ" in out


def test_an_empty_database_url_is_refused(
    nd: Nd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db ""`` is refused instead of silently using ./nghedan.db."""
    monkeypatch.chdir(tmp_path)
    out = refused(nd.raw("--db", "", "quota"))
    assert "--db: URL cơ sở dữ liệu đang trống" in out
    assert not (tmp_path / "nghedan.db").exists()


@pytest.mark.parametrize("what", ["garbage file", "directory"])
def test_a_sqlite_url_that_is_not_a_database_is_refused(tmp_path: Path, what: str) -> None:
    """A SQLite URL naming garbage or a folder: one message naming the URL, file unchanged."""
    target = tmp_path / "rac.db"
    if what == "directory":
        target.mkdir()
    else:
        target.write_bytes(b"this is not a database" * 100)
    content = b"" if target.is_dir() else target.read_bytes()
    out = refused(Nd(target)("fund", "open", "--unit", COMMUNE))
    assert f"không dùng được cơ sở dữ liệu sqlite:///{target}" in out
    assert "Kiểm tra --db" in out
    if not target.is_dir():
        assert target.read_bytes() == content


def test_an_unreachable_postgres_server_is_refused_without_showing_the_password(nd: Nd) -> None:
    """Nothing listens on the port: a message with the password hidden, exit 2."""
    out = refused(
        nd.raw(
            "--db", "postgresql://nghedan:bi-mat@127.0.0.1:1/nghedan", "quota",
            env={"POSTGRES_CONNECT_TIMEOUT": "1"},
        )
    )  # fmt: skip
    assert "không dùng được cơ sở dữ liệu postgresql://nghedan:***@127.0.0.1:1/nghedan" in out
    assert "bi-mat" not in out


def test_no_command_at_all_shows_the_commands(nd: Nd) -> None:
    """``nghedan`` alone: exit 2 with the list of commands; with options only, a pointer."""
    assert "Cách dùng: nghedan" in refused(nd.raw())
    out = refused(nd.raw("--db", nd.url))
    assert "Thiếu lệnh" in out
    assert "Xem hướng dẫn: nghedan --help" in out


def test_restoring_binary_garbage_is_refused(nd: Nd, files: Path) -> None:
    """``restore`` of a file that is not UTF-8 text: exit 2, the empty store stays empty."""
    out = refused(nd("restore", str(files / "rac.bin")))
    assert "không phải UTF-8" in out
    assert nd.events() == 0


def test_an_approver_id_that_names_a_household_is_refused(world: Nd) -> None:
    """A household's id given as approver is refused like any unknown official."""
    world.ok(
        "household",
        "select",
        "--household-id",
        HOUSEHOLD,
        "--month",
        "2024-03",
        "--selected-by",
        "11111111-1111-4111-8111-111111111111",
        "--occurred-at",
        "04/03/2024 09:10",
    )
    out = refused(
        world(
            "fund",
            "disburse",
            "--unit",
            COMMUNE,
            "--purpose",
            "other_support",
            "--amount",
            "500.000",
            "--household-id",
            HOUSEHOLD,
            "--approvers",
            HOUSEHOLD,
            "--occurred-at",
            "05/03/2024 09:00",
        )
    )
    assert out.startswith("Từ chối [")


def test_a_bug_is_reported_in_one_line_with_exit_70(
    world: Nd, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception nobody expected: one line asking for a report, exit 70, no traceback."""

    def broken(*_args: object, **_kwargs: object) -> None:
        msg = "boom"
        raise RuntimeError(msg)

    monkeypatch.setattr("nghedan_core.queries.QuotaCompliance", broken)
    result = world("quota")
    assert result.exit_code == 70
    assert "Lỗi chương trình" in result.output
    assert "RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


def test_nghedan_debug_shows_the_bug_itself(world: Nd, monkeypatch: pytest.MonkeyPatch) -> None:
    """``NGHEDAN_DEBUG=1`` lets the exception through for the developer."""

    def broken(*_args: object, **_kwargs: object) -> None:
        msg = "boom"
        raise RuntimeError(msg)

    monkeypatch.setattr("nghedan_core.queries.QuotaCompliance", broken)
    result = world("quota", env={"NGHEDAN_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)


# --- help -------------------------------------------------------------------------------


def _paths(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    if isinstance(command, click.Group):
        # the root loads its commands when named: ask it for each, as click does
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            out.extend(_paths(sub, (*path, name)))
    return out


COMMAND_PATHS = _paths(cli)


def test_every_command_is_reachable() -> None:
    """The reading commands and the household history are registered."""
    names = {" ".join(p) for p in COMMAND_PATHS}
    assert {
        "complaints",
        "quota",
        "dossier",
        "household history",
        "report",
        "audit verify",
    } <= names
    assert len(COMMAND_PATHS) > 60


@pytest.mark.parametrize(
    "path", COMMAND_PATHS, ids=[" ".join(p) or "nghedan" for p in COMMAND_PATHS]
)
def test_help_is_vietnamese_with_an_example(nd: Nd, path: tuple[str, ...]) -> None:
    """``--help``: Vietnamese headings, the Vietnamese description, an example to copy."""
    result = nd.raw(*path, "--help")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Cách dùng: nghedan")
    assert "Ví dụ:" in out
    assert "Tùy chọn:" in out
    assert "Xem hướng dẫn này." in out
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[required]"):
        assert english not in out


@pytest.mark.parametrize(
    "path", COMMAND_PATHS, ids=[" ".join(p) or "nghedan" for p in COMMAND_PATHS]
)
def test_help_is_english_with_lang_en(nd: Nd, path: tuple[str, ...]) -> None:
    """``--lang en --help``: English headings, an example."""
    result = nd.raw("--lang", "en", *path, "--help")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Usage: nghedan")
    assert "Example:" in out
    for vietnamese in ("Cách dùng", "Tùy chọn:", "Ví dụ", "bắt buộc"):
        assert vietnamese not in out


def test_generated_help_marks_required_options_and_formats(nd: Nd) -> None:
    """A generated subcommand's help: required options marked, formats of money and dates."""
    out = nd.raw("complaint", "take-on-record", "--help").stdout
    assert "--complaint-id UUID" in out
    assert "[bắt buộc]" in out
    assert "dd/mm/yyyy HH:MM" in out
    money = nd.raw("fund", "receive", "--help").stdout
    assert "--amount VND" in money
    assert "26.500.000" in money
    assert "tự sinh nếu bỏ trống" in money


def test_a_command_id_reused_for_another_receipt_exits_2_naming_the_earlier_act(
    world: Nd,
) -> None:
    """The same --command-id in the commune for another receipt: exit 2, nothing written."""
    receive = ("fund", "receive", "--unit", COMMUNE, "--source", "flag_ceremony")
    at = ("--occurred-at", "04/03/2024 07:45", "--command-id", "phieu-thu-07")
    world.ok(*receive, "--amount", "100.000", *at)
    events = world.events()
    out = refused(world(*receive, "--amount", "900.000", *at))
    assert "phieu-thu-07" in out
    assert "nhận đóng góp" in out
    assert "04/03/2024" in out
    assert world.events() == events


def test_a_receipt_dated_into_a_published_month_exits_2_unless_a_correction(world: Nd) -> None:
    """After February's disclosure a receipt dated 20/02 is refused; as a correction, taken."""
    world.ok(
        "fund", "publish-disclosure", "--unit", COMMUNE, "--period-from", "01/02/2024",
        "--period-to", "29/02/2024", "--occurred-at", "01/03/2024 09:00",
    )  # fmt: skip
    receive = ("fund", "receive", "--unit", COMMUNE, "--source", "flag_ceremony")
    late = (*receive, "--amount", "100.000", "--occurred-at", "20/02/2024 07:30")
    events = world.events()
    out = refused(world(*late))
    assert "20/02/2024" in out
    assert world.events() == events
    world.ok(*late, "--correction-reason", "Phiếu thu 20/02 nhập sót")
    assert world.events() > events
