"""``audit``, ``audit verify``, ``export``, ``restore``, ``import`` and ``schema``.

Exit code 0 when the history is intact and every check holds; 1 when a check fails (a row
edited directly in the SQLite file); 2 for bad input.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_world import CHAIR, COMMUNE, HOUSEHOLD, Nd, hold_march_session, refused


@pytest.fixture
def march(world: Nd) -> Nd:
    """The world after its March session."""
    hold_march_session(world)
    return world


def tamper_amount(path: Path, topic: str, amount: int) -> int:
    """Rewrite the amount of the first `topic` event directly in the file; its position."""
    with closing(sqlite3.connect(path)) as db:
        position, state = db.execute(
            "SELECT rowid, state FROM stored_events WHERE topic = ? ORDER BY rowid LIMIT 1",
            (topic,),
        ).fetchone()
        data = json.loads(bytes(state))
        data["payload"]["amount"] = amount
        db.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (json.dumps(data, sort_keys=True, separators=(",", ":")).encode(), position),
        )
        db.commit()
    return int(position)


def test_audit_passes_on_an_intact_history(march: Nd) -> None:
    """The untouched history: every check ticked, ``ĐẠT``, exit 0."""
    result = march("audit")
    assert result.exit_code == 0, result.output
    assert "✓ chain.intact" in result.stdout
    assert result.stdout.rstrip().endswith("ĐẠT")
    data = json.loads(march.ok("audit", "--json").stdout)
    assert data["passed"] is True
    assert len(data["digest"]) == 64


def test_audit_verify_passes_on_an_intact_history(march: Nd) -> None:
    """``audit verify`` says the history is intact, exit 0."""
    assert march.ok("audit", "verify").stdout.strip() == "Lịch sử nguyên vẹn."


def test_audit_fails_with_exit_1_after_a_row_is_edited_in_the_file(march: Nd) -> None:
    """Raising a receipt's amount in SQLite breaks the chain: audit and verify exit 1."""
    position = tamper_amount(march.path, "fund.ContributionReceived", 90_000_000)
    audited = march("audit")
    assert audited.exit_code == 1, audited.output
    assert "✗ chain.intact" in audited.stdout
    assert "KHÔNG ĐẠT" in audited.stdout
    verified = march("--json", "audit", "verify")
    assert verified.exit_code == 1
    first_break = json.loads(verified.stdout)["first_break"]
    assert first_break["position"] == position


def test_audit_fails_with_exit_1_on_a_row_that_is_not_an_event(march: Nd) -> None:
    """A row overwritten with garbage is a failed check naming where, not a crash."""
    with closing(sqlite3.connect(march.path)) as db:
        # the first official's registration (position 1 is the store's start)
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = 6", (b"\x00garbage",))
        db.commit()
    result = march("audit", "verify")
    assert result.exit_code == 1, result.output
    assert "vị trí 6" in result.stdout or "ngay sau vị trí 5" in result.stdout
    assert "Traceback" not in result.output
    other = march("ledger", "--unit", COMMUNE)
    assert other.exit_code in {0, 2}
    assert "Traceback" not in other.output


def test_audit_verify_with_a_wrong_published_digest_fails(march: Nd) -> None:
    """``--expect`` with another digest: exit 1, both digests shown."""
    result = march("audit", "verify", "--expect", "0" * 64)
    assert result.exit_code == 1
    assert "0" * 64 in result.stdout


def test_export_then_restore_into_a_new_file_keeps_the_digest(march: Nd, tmp_path: Path) -> None:
    """Export → restore into an empty file → the same history digest, intact."""
    export = tmp_path / "export.jsonl"
    march.ok("export", "--out", str(export))
    assert len(export.read_text(encoding="utf-8").splitlines()) == march.events()
    copy = Nd(tmp_path / "copy.db")
    restored = json.loads(copy.ok("restore", str(export), "--json").stdout)
    original = json.loads(march.ok("audit", "--json").stdout)["digest"]
    assert restored["digest"] == original
    assert json.loads(copy.ok("audit", "--json").stdout)["digest"] == original
    assert copy.ok("audit", "verify", "--expect", original).exit_code == 0


def test_audit_from_an_export_file_needs_no_database(march: Nd, tmp_path: Path) -> None:
    """``audit --from-file`` replays an export with the same digest."""
    export = tmp_path / "export.jsonl"
    march.ok("export", "--out", str(export))
    nowhere = Nd(tmp_path / "never-created.db")
    data = json.loads(nowhere.ok("audit", "--from-file", str(export), "--json").stdout)
    assert data["digest"] == json.loads(march.ok("audit", "--json").stdout)["digest"]


def test_audit_reads_the_cooldown_of_the_policy_config(march: Nd, tmp_path: Path) -> None:
    """A payment 6 months after the selection fails the audit under a 6-month --config."""
    march.ok(
        "fund", "disburse", "--unit", COMMUNE, "--purpose", "gift", "--amount", "200.000",
        "--household-id", HOUSEHOLD, "--approvers", CHAIR, "--occurred-at", "10/09/2024 09:00",
    )  # fmt: skip
    config = tmp_path / "policy.toml"
    config.write_text("reselection_cooldown_months = 6\n", encoding="utf-8")
    export = tmp_path / "export.jsonl"
    march.ok("export", "--out", str(export))
    nowhere = Nd(tmp_path / "never-created.db")
    check = "fund.disbursement_to_selected_household"
    for audited in (
        march("--config", str(config), "audit", "--json"),
        nowhere("--config", str(config), "audit", "--from-file", str(export), "--json"),
    ):
        assert audited.exit_code == 1, audited.output
        checks = {c["code"]: c for c in json.loads(audited.stdout)["checks"]}
        assert checks[check]["passed"] is False
    assert nowhere.ok("audit", "--from-file", str(export)).exit_code == 0  # the default 12


def test_restore_into_a_non_empty_file_is_refused(march: Nd, tmp_path: Path) -> None:
    """Restoring over existing events is refused and writes nothing."""
    export = tmp_path / "export.jsonl"
    march.ok("export", "--out", str(export))
    before = march.events()
    out = refused(march("restore", str(export)))
    assert "Từ chối [restore.store_not_empty]" in out
    assert march.events() == before


def test_export_to_stdout_prints_one_json_object_a_line(march: Nd) -> None:
    """Without ``--out`` the export goes to standard output, one event a line."""
    lines = march.ok("export").stdout.splitlines()
    assert len(lines) == march.events()
    assert json.loads(lines[0])["position"] == 1


def test_import_stops_at_the_bad_line_with_its_number_and_rerunning_records_nothing(
    nd: Nd, tmp_path: Path
) -> None:
    """Line 3 is bad: lines 1–2 are recorded, exit 2 names line 3; a re-run adds nothing."""
    commands = tmp_path / "commands.jsonl"
    lines = [
        {"command": "RegisterUnit", "code": "94", "name": "Tỉnh Trà Vinh", "kind": "province"},
        {
            "command": "RegisterUnit",
            "code": "29500",
            "name": "Xã Ninh Thới",
            "kind": "commune",
            "parent": "94",
        },
        {"command": "OpenFund", "unit": "29500", "amount": "26,500,000"},
        {"command": "OpenFund", "unit": "29500"},
    ]
    commands.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    first = nd("import", str(commands))
    assert first.exit_code == 2
    assert "ghi mới 2" in first.stdout
    assert "Dòng 3:" in first.stderr
    assert "--amount" in first.stderr or "amount" in first.stderr
    assert "Traceback" not in first.output
    recorded = nd.events()
    again = nd("import", str(commands), "--json")
    assert again.exit_code == 2
    summary = json.loads(again.stdout)
    assert (summary["recorded"], summary["unchanged"], summary["failure"]["line"]) == (0, 2, 3)
    assert nd.events() == recorded


def test_import_check_reads_the_file_and_writes_nothing(nd: Nd, tmp_path: Path) -> None:
    """``--check``: every line read as an import reads it; the first bad one, exit 2; no store."""
    good = {"command": "RegisterUnit", "code": "94", "name": "Tỉnh Trà Vinh", "kind": "province"}
    commands = tmp_path / "commands.jsonl"
    commands.write_text(json.dumps(good, ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert "Tệp hợp lệ: 1 lệnh; chưa ghi gì." in nd.ok("import", str(commands), "--check").stdout
    checked = json.loads(nd.ok("--json", "import", str(commands), "--check").stdout)
    assert checked == {"ok": True, "commands": 1}
    bad = {"command": "OpenFund", "unit": "29500", "amount": "26,500,000"}
    commands.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in (good, good, bad)) + "\n",
        encoding="utf-8",
    )
    refused = nd("--lang", "en", "import", str(commands), "--check")
    assert refused.exit_code == 2
    assert "Line 3:" in refused.stderr
    assert "amount" in refused.stderr
    assert "Traceback" not in refused.output
    assert not nd.path.exists()  # no store opened, nothing written
    late = nd("import", str(commands), "--check", "--recorded-at", "2025-13-01")
    assert late.exit_code == 2
    assert "--recorded-at" in late.stderr
    assert not nd.path.exists()


def test_import_of_good_lines_records_them_once(nd: Nd, tmp_path: Path) -> None:
    """Every line good: all recorded, exit 0; the same file again records nothing new."""
    commands = tmp_path / "commands.jsonl"
    commands.write_text(
        '{"command": "RegisterUnit", "code": "94", "name": "Tỉnh Trà Vinh", "kind": "province"}\n\n'
        '{"command": "RegisterUnit", "code": "29500", "name": "Xã Ninh Thới", "kind": "commune", "parent": "94"}\n',
        encoding="utf-8",
    )
    assert "ghi mới 2" in nd.ok("import", str(commands)).stdout
    assert "ghi mới 0; đã có từ trước 2" in nd.ok("import", str(commands)).stdout
    assert json.loads(
        nd.ok("--json", "report", "--from", "01/01/2024", "--to", "31/12/2024").stdout
    )


@pytest.mark.parametrize("kind", ["commands", "events"])
def test_schema_prints_json_schemas(nd: Nd, kind: str) -> None:
    """``schema commands|events`` prints JSON Schemas and opens no database."""
    data = json.loads(nd.ok("schema", kind).stdout)
    assert data
    assert not nd.path.exists()


def test_schema_of_an_unknown_kind_is_refused(nd: Nd) -> None:
    """``schema foo`` names the allowed choices, in Vietnamese."""
    out = refused(nd("schema", "foo"))
    assert "không phải một trong 'commands', 'events'" in out


def _history_lines(path: Path) -> Path:
    """A commune's history kept elsewhere: a receipt, a selection, a request, two approvals."""
    from uuid import UUID, uuid4

    from cli_world import CLERK, DEPUTY

    import nghedan_core as n

    paid, when = uuid4(), datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    commands: list[n.Command] = [
        n.ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid4(),
            amount=n.Vnd(8_000_000),
            source=n.ContributionSource.FLAG_CEREMONY,
            occurred_at=when,
        ),
        n.SelectHousehold(
            household_id=UUID(HOUSEHOLD),
            month=n.Month(2024, 3),
            selected_by=(UUID(CHAIR),),
            occurred_at=when,
        ),
        n.RequestPayment(
            unit=COMMUNE,
            disbursement_id=paid,
            purpose=n.DisbursementPurpose.OTHER_SUPPORT,
            amount=n.Vnd(6_000_000),
            household_id=UUID(HOUSEHOLD),
            requested_by=UUID(CLERK),
            occurred_at=when,
        ),
        *(
            n.ApprovePayment(
                unit=COMMUNE, disbursement_id=paid, approver=UUID(leader), occurred_at=when
            )
            for leader in (CHAIR, DEPUTY)
        ),
    ]
    path.write_text(
        "".join(
            json.dumps({"command": type(c).__name__, **n.serialization.unstructure(c)}) + "\n"
            for c in commands
        ),
        encoding="utf-8",
    )
    return path


def test_one_clerk_imports_the_acts_of_clerks_and_leaders(world: Nd, tmp_path: Path) -> None:
    """``nghedan import --as`` the commune's clerk: recorded on their behalf; the audit passes."""
    from cli_world import CLERK

    history = _history_lines(tmp_path / "history.jsonl")
    before = world.events()
    done = world.ok("--as", CLERK, "--json", "import", str(history))
    assert json.loads(done.stdout)["recorded"] == 5
    assert world.events() > before
    audit = world("audit")
    assert audit.exit_code == 0, audit.output


def test_an_operator_of_another_commune_imports_nothing(world: Nd, tmp_path: Path) -> None:
    """The clerk of another commune: exit 2 naming the unit and the rule; nothing written."""
    other = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
    world.ok(
        "unit", "register", "--code", "29501", "--name", "Xã Hòa Ân", "--kind", "commune",
        "--parent", "94", "--occurred-at", "01/03/2024 08:00",
    )  # fmt: skip
    world.ok(
        "official", "register", "--official-id", other, "--unit", "29501",
        "--full-name", "Hứa Văn Phúc", "--position", "Văn phòng", "--roles", "clerk",
        "--occurred-at", "01/03/2024 08:00",
    )  # fmt: skip
    history = _history_lines(tmp_path / "history.jsonl")
    before = world.events()
    said = refused(world("--as", other, "import", str(history)))
    assert "không được nhập lịch sử" in said
    assert "29500" in said
    assert world.events() == before
