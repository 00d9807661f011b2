"""``nghedan person erase``, the keys backup and encryption at rest, on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from cli_world import HOUSEHOLD, Nd, refused


def _history(world: Nd) -> dict[str, object]:
    return json.loads(world.ok("household", "history", HOUSEHOLD, "--json").output)


def test_erase_a_household_hides_its_head_and_keeps_the_history(world: Nd) -> None:
    assert _history(world)["head"] == "Thạch Thị Hoa"
    before = world.events()
    result = world.ok("person", "erase", HOUSEHOLD, "--yes")
    assert "Đã xoá dữ liệu cá nhân" in result.output
    assert world.events() == before + 1
    assert _history(world)["head"] == "[đã xoá]"
    assert world("audit", "verify").exit_code == 0
    # the other household keeps its name
    listing = world.ok("household", "history", "--unit", "29500", "--json").output
    assert "Sơn Văn Lợi" in listing
    assert "Thạch Thị Hoa" not in listing


def test_erase_asks_first_and_refuses_bad_ids_writing_nothing(world: Nd) -> None:
    before = world.events()
    declined = world.runner.invoke(
        __import__("nghedan_cli.main", fromlist=["cli"]).cli,
        ["--db", world.url, "person", "erase", HOUSEHOLD],
        input="n\n",
    )
    assert declined.exit_code == 2
    assert "Thạch Thị Hoa" in world.ok("household", "history", HOUSEHOLD).output
    assert "không phải mã UUID" in refused(world("person", "erase", "12", "--yes"))
    english = refused(world("--lang", "en", "person", "erase", "12", "--yes"))
    assert "not a UUID" in english
    unknown = refused(world("person", "erase", "2f0e5c1e-3f1a-5b7e-9d4c-2a6f8e1b3c5d", "--yes"))
    assert "not_found" in unknown
    assert world.events() == before


def test_keys_backup_brings_names_back_after_a_restore(world: Nd, tmp_path: Path) -> None:
    export, keys = tmp_path / "events.jsonl", tmp_path / "keys.jsonl"
    world.ok("export", "--out", str(export))
    world.ok("person", "keys-export", "--out", str(keys))
    assert oct(keys.stat().st_mode & 0o777) == "0o600"
    restored = Nd(tmp_path / "restored.db")
    restored.ok("restore", str(export))
    assert (
        json.loads(restored.ok("household", "history", HOUSEHOLD, "--json").output)["head"]
        == "[không đọc được]"
    )
    assert "Đã nạp" in restored.ok("person", "keys-import", str(keys)).output
    assert (
        json.loads(restored.ok("household", "history", HOUSEHOLD, "--json").output)["head"]
        == "Thạch Thị Hoa"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subject": "x"}\n', encoding="utf-8")
    assert "bad.jsonl:1" in refused(restored("person", "keys-import", str(bad)))


def test_encryption_at_rest_from_the_environment(nd: Nd, tmp_path: Path) -> None:
    key = nd.raw("key", "new").output.strip()
    env = {"NGHEDAN_CIPHER_KEY": key}
    assert nd("unit", "register", "--code", "94", "--name", "Tỉnh Trà Vinh", "--kind",
              "province", env=env).exit_code == 0  # fmt: skip
    assert b"Tr\xc3\xa0 Vinh" not in nd.path.read_bytes()
    assert nd("audit", "verify", env=env).exit_code == 0
    assert "NGHEDAN_CIPHER_KEY" in refused(nd("audit", "verify"))
    other = nd.raw("key", "new").output.strip()
    assert "wrong encryption key" in refused(
        nd("--lang", "en", "audit", "verify", env={"NGHEDAN_CIPHER_KEY": other})
    )
    key_file = tmp_path / "cipher.key"
    key_file.write_text(key + "\n", encoding="utf-8")
    assert nd("audit", "verify", env={"NGHEDAN_CIPHER_KEY_FILE": str(key_file)}).exit_code == 0
    assert "base64" in refused(nd("audit", "verify", env={"NGHEDAN_CIPHER_KEY": "abc"}))
    missing = refused(nd("audit", "verify", env={"NGHEDAN_CIPHER_KEY_FILE": "/nonexistent/k"}))
    assert "/nonexistent/k" in missing


def test_erase_is_carried_out_by_a_leader_the_core_admits(world: Nd) -> None:
    """``--as`` a clerk: exit 2 naming the rule, nothing erased; the chair erases."""
    from cli_world import CHAIR, CLERK

    before = world.events()
    said = refused(world("--as", CLERK, "person", "erase", HOUSEHOLD, "--yes"))
    assert "không được xoá dữ liệu cá nhân" in said
    english = refused(world("--lang", "en", "--as", CLERK, "person", "erase", HOUSEHOLD, "--yes"))
    assert "may not erase personal data" in english
    nobody = refused(world.raw("--db", world.url, "person", "erase", HOUSEHOLD, "--yes"))
    assert "--as" in nobody
    assert world.events() == before
    assert _history(world)["head"] == "Thạch Thị Hoa"
    world.ok("--as", CHAIR, "person", "erase", HOUSEHOLD, "--yes")
    assert _history(world)["head"] == "[đã xoá]"
    assert world("audit", "verify").exit_code == 0
