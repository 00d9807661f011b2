"""What the command line says, in words: no ISO dates, codes, topics or ids where people read.

Each case was a message seen in Vietnamese output (``Ngày 2024-07-09``, ``trạng thái closed``,
``Không thể CloseSession``, ``vai trò supervisor``, ``Đã ghi: unit.UnitRegistered #1 (…)``,
the ledger's ``reversal``, choices ``commune | supervisory``) or English left in ``--lang en``.
"""

from __future__ import annotations

import json
import re

import pytest
from cli_world import CHAIR, CLERK, COMMUNE, HOUSEHOLD, VISIT, Nd, hold_march_session, refused

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MARCH = ("--unit", COMMUNE, "--month", "2024-03")


@pytest.fixture
def march(world: Nd) -> Nd:
    """The world after its March session (closed)."""
    hold_march_session(world)
    return world


def test_a_write_says_what_was_recorded_and_of_whom_without_topic_or_id(nd: Nd) -> None:
    """``Đã ghi: đăng ký đơn vị Xã Ninh Thới (29257).`` — not ``unit.UnitRegistered #1 (…)``."""
    nd.ok("unit", "register", "--code", "94", "--name", "Tỉnh Trà Vinh", "--kind", "province")
    out = nd.ok(
        "unit", "register", "--code", "29257", "--name", "Xã Ninh Thới", "--kind", "commune",
        "--parent", "94",
    ).output  # fmt: skip
    assert out == "Đã ghi: đăng ký đơn vị Xã Ninh Thới (29257).\n"
    en = nd.ok("--lang", "en", "unit", "rename", "--code", "29257", "--name", "Ninh Thoi").output
    assert en == "Recorded: new name of the unit Ninh Thoi (29257).\n"


def test_a_write_about_a_household_names_its_head(world: Nd) -> None:
    """A household is named by its head, never by its id, in the Vietnamese output."""
    out = world.ok(
        "household", "select", "--household-id", HOUSEHOLD, "--month", "2024-03",
        "--selected-by", CHAIR, "--occurred-at", "04/03/2024 09:10",
    ).output  # fmt: skip
    assert out == "Đã ghi: bình xét chọn hỗ trợ hộ Thạch Thị Hoa.\n"
    assert UUID.search(out) is None


def test_the_json_of_a_write_keeps_its_machine_form(nd: Nd) -> None:
    """``--json`` still gives the topic, stream and version."""
    out = nd.ok(
        "--json", "unit", "register", "--code", "94", "--name", "Trà Vinh", "--kind", "province"
    )
    [recorded] = json.loads(out.stdout)["recorded"]
    assert recorded["topic"] == "unit.UnitRegistered"
    assert recorded["version"] == 1


def test_a_date_in_a_refusal_is_written_day_month_year(world: Nd) -> None:
    """``Ngày 09/07/2024 …``, not ``Ngày 2024-07-09 …``."""
    out = refused(
        world(
            "session", "schedule", "--unit", COMMUNE, "--month", "2024-07", "--date", "09/07/2024",
            "--reception-hamlet", "29500-02",
        )
    )  # fmt: skip
    assert "Ngày 09/07/2024 không phải thứ Hai đầu tháng (01/07/2024); cần ghi lý do." in out
    assert "2024-07-09" not in out


def test_closing_a_closed_session_names_the_command_and_state_in_words(march: Nd) -> None:
    """Not ``Không thể CloseSession: … trạng thái closed``; English in English."""
    out = refused(march("session", "close", *MARCH, "--minutes", "Lần hai"))
    assert "Không thể kết thúc buổi làm việc: buổi làm việc đang ở trạng thái đã kết thúc." in out
    en = refused(march("--lang", "en", "session", "close", *MARCH, "--minutes", "x"))
    assert "Cannot close the session: the session is closed." in en


def test_a_missing_role_is_named_in_words_and_the_official_by_name(march: Nd) -> None:
    """``Cán bộ Ngô Văn Cường không có vai trò cấp giám sát`` — not ``supervisor`` and an id."""
    out = refused(
        march(
            "--as", CLERK, "session", "inspect", *MARCH, "--inspector-id", CLERK,
            "--findings", "Đủ hồ sơ",
        )
    )  # fmt: skip
    assert "Cán bộ Ngô Văn Cường (vai trò văn phòng) không được kiểm tra buổi làm việc." in out
    assert UUID.search(out) is None


def test_english_refusals_hold_no_vietnamese_words(march: Nd) -> None:
    """A visit already made, refused in English, says so in English (it said ``hủy``)."""
    en = refused(march("--lang", "en", "visit", "cancel", "--visit-id", VISIT, "--reason", "x"))
    assert "Cannot cancel the visit: the visit is already carried out." in en
    assert re.search("[À-ɏḀ-ỿ]", en) is None


def test_the_ledger_shows_a_reversal_in_words(march: Nd) -> None:
    """The ledger's reversal line reads ``điều chỉnh ngược khoản chi``, not ``reversal``."""
    paid = march.ok(
        "--json", "fund", "disburse", "--unit", COMMUNE, "--purpose", "other_support",
        "--amount", "500.000", "--household-id", HOUSEHOLD, "--approvers", CHAIR,
        "--occurred-at", "06/03/2024 08:00",
    ).stdout  # fmt: skip
    disbursement = json.loads(paid)["generated"]["disbursement_id"]
    march.ok(
        "fund", "reverse", "--unit", COMMUNE, "--disbursement-id", disbursement,
        "--reason", "Ghi nhầm hộ", "--occurred-at", "07/03/2024 08:00",
    )  # fmt: skip
    out = march.ok("ledger", "--unit", COMMUNE).output
    assert "Điều chỉnh ngược" in out
    assert "điều chỉnh ngược khoản chi" in out
    assert "reversal" not in out
    assert "hỗ trợ khác" in out
    en = march.ok("--lang", "en", "ledger", "--unit", COMMUNE).output
    assert "reversal of a payment" in en


def test_help_shows_choices_in_words_of_the_language(nd: Nd) -> None:
    """``--level``: ``xã | cấp giám sát`` (``commune | supervisory level`` in English)."""
    vi = nd.ok("session", "schedule", "--help").output
    assert "[xã | cấp giám sát]" in vi
    assert "commune | supervisory" not in vi
    en = nd.ok("--lang", "en", "session", "schedule", "--help").output
    assert "[commune | supervisory level]" in en


def test_choices_are_accepted_as_words_or_codes(nd: Nd) -> None:
    """``--kind tỉnh`` and ``--kind commune`` both record what they name."""
    nd.ok("unit", "register", "--code", "94", "--name", "Tỉnh Trà Vinh", "--kind", "tỉnh")
    nd.ok("unit", "register", "--code", "29257", "--name", "Ninh Thới", "--kind", "commune")
    out = nd.ok("unit", "register", "--code", "29258", "--name", "P1", "--kind", "Phường").output
    assert out == "Đã ghi: đăng ký đơn vị P1 (29258).\n"


#: money as the catalogue writes it in English (`nghedan_core.messages.format_money`)
EN_MONEY = re.compile(r"\b\d{1,3}(?:,\d{3})* VND\b")


@pytest.mark.parametrize(
    "args",
    [
        ("ledger", "--unit", COMMUNE),
        ("disclosure", "--unit", COMMUNE, "--month", "2024-03"),
        ("report", "--from", "01/03/2024", "--to", "31/03/2024"),
        ("audit",),
        ("household", "history", HOUSEHOLD),
        ("household", "history", "--unit", COMMUNE),
        ("dossier", "--unit", COMMUNE, "--month", "2024-03"),
    ],
    ids=["ledger", "disclosure", "report", "audit", "household", "households", "dossier"],
)
def test_english_tables_write_money_the_english_way(march: Nd, args: tuple[str, ...]) -> None:
    """``--lang en``: ``10,000,000 VND``, never ``10.000.000 đ``; Vietnamese keeps ``đ``."""
    en = march.ok("--lang", "en", *args).output
    assert not re.search(r"\d đ(?!\w)", en), en
    assert EN_MONEY.search(en), en
    assert not re.search(r"\d\.\d{3}\b", en), en
    vi = march.ok(*args).output
    assert re.search(r"\d{1,3}(?:\.\d{3})* đ", vi), vi
    assert "VND" not in vi
