"""Reading commands: report (table, JSON, CSV, XLSX), ledger, disclosure and the rest.

The complaint board, the quota, the session dossier and household history too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_world import CHAIR, COMMUNE, COMPLAINT, HOUSEHOLD, Nd, hold_march_session, refused

REPORT_KEYS = {
    "from",
    "to",
    "units",
    "sessions_held",
    "attendees",
    "units_with_sessions",
    "supervisory_sessions_held",
    "supervisory_attendees",
    "supervisory_units_with_sessions",
    "complaints_received",
    "complaints_answered",
    "complaints_resolved",
    "complaints_overdue",
    "resolution_rate",
    "gifts",
    "households_supported",
    "volunteer_turns",
    "volunteer_km",
    "houses_built",
    "houses_repaired",
    "toilets_built",
    "fund",
    "quota",
}
MARCH = ("--from", "01/03/2024", "--to", "31/03/2024")


@pytest.fixture
def march(world: Nd) -> Nd:
    """The world after its March session."""
    hold_march_session(world)
    return world


def test_report_json_has_the_keys_of_the_period_report(march: Nd) -> None:
    """``report --json`` prints the period report view with its documented keys."""
    data = json.loads(march.ok("report", *MARCH, "--json").stdout)
    assert set(data) == REPORT_KEYS
    assert data["sessions_held"] == 1
    assert data["attendees"] == 23
    assert data["complaints_received"] == 2
    assert data["gifts"] == {"count": 1, "value_vnd": 500_000}
    assert data["quota"] == {"required": 2, "achieved": 1, "shortfall_months": 1}


def test_report_json_is_the_same_with_the_global_flag(march: Nd) -> None:
    """``nghedan --json report`` and ``nghedan report --json`` print the same."""
    assert (
        march.ok("--json", "report", *MARCH).stdout == march.ok("report", *MARCH, "--json").stdout
    )


def test_report_table_is_vietnamese_with_money_the_vietnamese_way(march: Nd) -> None:
    """The human table: Vietnamese labels, ``500.000 đ``, dates ``01/03/2024``."""
    out = march.ok("report", *MARCH).stdout
    assert "từ 01/03/2024 đến 31/03/2024" in out
    assert "Quà tặng khi thăm hỏi" in out
    assert "1 — 500.000 đ" in out
    assert "Quỹ: tồn cuối kỳ" in out


def test_report_csv_starts_with_a_utf8_bom_for_excel(march: Nd, tmp_path: Path) -> None:
    """``--csv`` writes UTF-8 with a byte-order mark and Vietnamese rows."""
    target = tmp_path / "bao-cao.csv"
    march.ok("report", *MARCH, "--csv", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "Chỉ tiêu,Kết quả"
    assert "Số buổi đã tổ chức,1" in text


def test_report_xlsx_opens_with_openpyxl(march: Nd, tmp_path: Path) -> None:
    """``--xlsx`` writes a workbook whose first sheet holds the report rows."""
    from openpyxl import load_workbook

    target = tmp_path / "bao-cao.xlsx"
    march.ok("report", *MARCH, "--xlsx", str(target))
    sheet = load_workbook(target).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("Chỉ tiêu", "Kết quả")
    assert ("Số buổi đã tổ chức", "1") in rows


def test_report_with_the_end_before_the_start_is_refused(march: Nd) -> None:
    """``--to`` before ``--from`` is bad input."""
    out = refused(march("report", "--from", "31/03/2024", "--to", "01/03/2024"))
    assert "--to: ngày kết thúc trước ngày bắt đầu" in out


def test_ledger_lists_receipts_and_payments_with_the_running_balance(march: Nd) -> None:
    """The ledger shows the flag-ceremony receipt, the gift paid and the balance."""
    out = march.ok("ledger", "--unit", COMMUNE).stdout
    assert "SỔ QUỸ 29500" in out
    assert "10.000.000 đ" in out
    assert "Số dư: 9.500.000 đ" in out
    data = json.loads(march.ok("ledger", "--unit", COMMUNE, "--json").stdout)
    assert [line["kind"] for line in data["lines"]] == ["receipt", "payment"]


def test_ledger_of_a_unit_without_a_fund_is_refused(march: Nd) -> None:
    """Asking for the ledger of a registered unit with no fund names the unit."""
    out = refused(march("ledger", "--unit", "94"))
    assert "[fund.not_opened]" in out
    assert "Đơn vị Tỉnh Trà Vinh (94) chưa lập quỹ hỗ trợ." in out


def test_disclosure_prints_the_month_totals(march: Nd) -> None:
    """The disclosure of March: opening, receipts, payments, closing."""
    out = march.ok("disclosure", "--unit", COMMUNE, "--month", "2024-03").stdout
    assert "CÔNG KHAI THU CHI QUỸ HỖ TRỢ" in out
    assert "Thu trong kỳ" in out
    data = json.loads(
        march.ok("disclosure", "--unit", COMMUNE, "--month", "2024-03", "--json").stdout
    )
    assert data["receipts_vnd"] == 10_000_000
    assert data["payments_vnd"] == 500_000
    assert data["closing_vnd"] == 9_500_000


def test_complaints_board_shows_the_appointment_due_before_it(march: Nd) -> None:
    """Before the appointment the complaint taken on record is due."""
    out = march.ok("complaints", "--as-of", "05/03/2024").stdout
    assert "BẢNG THEO DÕI Ý KIẾN, KIẾN NGHỊ" in out
    assert "ĐANG TRONG HẠN HẸN (1):" in out
    assert "hẹn 11/03/2024 08:00 tại UBND xã" in out
    assert "phụ trách: Công chức địa chính" in out


def test_complaints_board_shows_it_overdue_after_the_appointment(march: Nd) -> None:
    """After the appointment, unanswered, it is overdue; ``--json`` says so too."""
    out = march.ok("complaints", "--unit", COMMUNE, "--as-of", "12/03/2024 09:00").stdout
    assert "QUÁ HẸN CHƯA TRẢ LỜI (1):" in out
    data = json.loads(march.ok("complaints", "--as-of", "2024-03-12T09:00", "--json").stdout)
    assert data["totals"]["overdue"] == 1
    assert data["totals"]["answered"] == 1
    overdue = [e for e in data["entries"] if e["status"] == "overdue"]
    assert [e["complaint_id"] for e in overdue] == [COMPLAINT]


def test_complaints_board_public_leaves_out_citizens_names(march: Nd) -> None:
    """``--public`` drops citizens' names from the board and its JSON."""
    assert "Kim Thị Mai" in march.ok("complaints", "--as-of", "05/03/2024").stdout
    assert "Kim Thị Mai" not in march.ok("complaints", "--as-of", "05/03/2024", "--public").stdout
    data = json.loads(march.ok("complaints", "--as-of", "05/03/2024", "--public", "--json").stdout)
    assert all(e["citizen"] is None for e in data["entries"])


def test_complaints_board_in_english(march: Nd) -> None:
    """``--lang en`` prints the board in English."""
    out = march.ok("--lang", "en", "complaints", "--as-of", "05/03/2024").stdout
    assert "COMPLAINT BOARD" in out
    assert "DUE (1):" in out


def test_quota_shows_the_shortfall_with_its_reason(march: Nd) -> None:
    """March: one household visited against a target of two, with the reason recorded."""
    out = march.ok("quota").stdout
    assert "CHỈ TIÊU THĂM HỎI HỘ KHÓ KHĂN (chỉ tiêu: 02 hộ/xã/tháng)" in out
    assert "Hộ thứ hai vắng nhà" in out
    assert "đạt 1/2 hộ; 1/1 tháng chưa đạt chỉ tiêu" in out
    data = json.loads(march.ok("quota", "--unit", COMMUNE, "--month", "2024-03", "--json").stdout)
    [line] = data["lines"]
    assert (line["target"], line["achieved"], line["status"]) == (2, 1, "closed")
    assert line["shortfall_reason"] == "Hộ thứ hai vắng nhà"


def test_quota_shortfalls_filter_keeps_only_closed_months_short(march: Nd) -> None:
    """``--shortfalls`` lists the closed months that fell short, and no others."""
    march.ok(
        "session",
        "schedule",
        "--unit",
        COMMUNE,
        "--month",
        "2024-04",
        "--date",
        "01/04/2024",
        "--reception-hamlet",
        "29500-02",
        "--occurred-at",
        "20/03/2024 08:00",
    )
    everything = json.loads(march.ok("quota", "--json").stdout)["lines"]
    short = json.loads(march.ok("quota", "--shortfalls", "--json").stdout)["lines"]
    assert len(everything) == 2
    assert [line["month"] for line in short] == ["2024-03"]


def test_quota_follows_the_policy_config(march: Nd, tmp_path: Path) -> None:
    """``--config`` with another monthly quota changes the target of open sessions."""
    config = tmp_path / "policy.toml"
    config.write_text("monthly_quota = 3\n", encoding="utf-8")
    march.ok(
        "session",
        "schedule",
        "--unit",
        COMMUNE,
        "--month",
        "2024-04",
        "--date",
        "01/04/2024",
        "--reception-hamlet",
        "29500-02",
        "--occurred-at",
        "20/03/2024 08:00",
    )
    data = json.loads(
        march.ok("--config", str(config), "quota", "--month", "2024-04", "--json").stdout
    )
    assert data["lines"][0]["target"] == 3


def test_dossier_by_unit_and_month_is_printable_vietnamese(march: Nd) -> None:
    """The dossier names the unit, hosts, complaints, the visit and the closing."""
    out = march.ok("dossier", "--unit", COMMUNE, "--month", "2024-03").stdout
    assert out.startswith('HỒ SƠ BUỔI "NGHE DÂN NÓI – LÀM DÂN TIN"')
    assert "Đơn vị: 29500 Xã Ninh Thới" in out
    assert "Chủ trì: Trần Văn An (Chủ tịch UBND xã)" in out
    assert "[hạ tầng] Đường sạt lở — Kim Thị Mai" in out
    assert "căn cứ: Luật Đất đai 2013, Điều 99" in out
    assert "Hộ Thạch Thị Hoa (29500-01) — đã thăm" in out
    assert "Số hộ đã thăm / chỉ tiêu: 1/2" in out
    assert "Lý do chưa đạt: Hộ thứ hai vắng nhà" in out


def test_dossier_by_session_id_or_unit_month_arguments_is_the_same(march: Nd) -> None:
    """``dossier ID``, ``dossier UNIT MONTH`` and ``--unit --month`` name one session."""
    data = json.loads(march.ok("dossier", COMMUNE, "2024-03", "--json").stdout)
    by_id = march.ok("dossier", data["session_id"], "--json").stdout
    by_options = march.ok("dossier", "--unit", COMMUNE, "--month", "2024-03", "--json").stdout
    assert json.loads(by_id) == data == json.loads(by_options)
    assert data["closing"]["visits_made"] == 1
    assert data["complaints"][0]["complaint_id"] == COMPLAINT


def test_dossier_public_leaves_out_names(march: Nd) -> None:
    """``--public`` keeps officials but drops citizens' and household heads' names."""
    out = march.ok("dossier", COMMUNE, "2024-03", "--public").stdout
    assert "Kim Thị Mai" not in out
    assert "Thạch Thị Hoa" not in out
    assert "Trần Văn An" in out


def test_dossier_of_a_month_without_a_session_is_refused(march: Nd) -> None:
    """No session that month: a clear refusal naming it."""
    out = refused(march("dossier", "--unit", COMMUNE, "--month", "2024-07"))
    assert "không có buổi làm việc nào được ghi cho 29500 2024-07" in out


def test_dossier_without_a_session_names_every_missing_part(march: Nd) -> None:
    """Neither id nor unit nor month: both missing options are named at once."""
    out = refused(march("dossier"))
    assert "--unit: thiếu mã đơn vị" in out
    assert "--month: thiếu tháng YYYY-MM" in out


def test_household_history_json_is_the_household_record(march: Nd) -> None:
    """``household history ID --json`` prints the household's record from the projection."""
    data = json.loads(march.ok("household", "history", HOUSEHOLD, "--json").stdout)
    assert data["household_id"] == HOUSEHOLD
    assert data["head"] == "Thạch Thị Hoa"
    assert data["selections"][0]["selected_by"] == [CHAIR]
    assert data["supports"][0]["value_vnd"] == 500_000
    public = json.loads(march.ok("household", "history", HOUSEHOLD, "--public", "--json").stdout)
    assert public["head"] is None


def test_household_history_of_an_unknown_household_is_refused(march: Nd) -> None:
    """An id nobody registered is named in the refusal."""
    out = refused(march("household", "history", "12345678-1234-4234-8234-123456789abc"))
    assert "không có hộ nào mã 12345678-1234-4234-8234-123456789abc" in out
