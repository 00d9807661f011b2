"""The operator named once: ``--as`` / ``NGHEDAN_AS``, and ``nghedan init --admin`` (ADR 0018)."""

from __future__ import annotations

import json

from cli_world import CHAIR, CLERK, COMMUNE, HOUSEHOLD, Nd, refused

OTHER_CLERK = "12121212-1212-4121-8121-121212121212"
MTTQ = "13131313-1313-4131-8131-131313131313"


def receipt(*extra: str) -> tuple[str, ...]:
    return (
        *extra, "fund", "receive", "--unit", COMMUNE, "--amount", "100.000",
        "--source", "flag_ceremony", "--occurred-at", "04/03/2024 07:40",
    )  # fmt: skip


def test_init_prints_the_administrator_who_then_sets_the_record_up(nd: Nd) -> None:
    out = nd.raw("--db", nd.url, "--json", "init", "--admin", "Nguyễn Văn Quản")
    assert out.exit_code == 0, out.output
    admin = json.loads(out.output)["administrator_id"]
    done = nd.raw(
        "--db", nd.url, "--as", "Nguyễn Văn Quản", "unit", "register", "--code", "94",
        "--name", "Tỉnh Trà Vinh", "--kind", "province",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    again = refused(nd.raw("--db", nd.url, "init", "--admin", "Người khác"))
    assert "quản trị viên chỉ khởi tạo một kho trống" in again
    exported = nd.raw("--db", nd.url, "export")
    assert {json.loads(line)["actor"] for line in exported.output.splitlines()} == {admin}


def test_a_write_without_an_operator_is_refused_naming_as_and_the_variable(world: Nd) -> None:
    before = world.events()
    out = refused(world.raw("--db", world.url, *receipt()))
    assert "--as" in out
    assert "NGHEDAN_AS" in out
    assert world.events() == before


def test_nghedan_as_names_the_operator(world: Nd) -> None:
    before = world.events()
    done = world.raw("--db", world.url, *receipt(), env={"NGHEDAN_AS": "Ngô Văn Cường"})
    assert done.exit_code == 0, done.output
    assert world.events() == before + 1


def test_reads_need_no_operator(world: Nd) -> None:
    assert world.raw("--db", world.url, "ledger", "--unit", COMMUNE).exit_code == 0


def test_an_operator_nobody_knows_is_refused(world: Nd) -> None:
    out = refused(world(*receipt("--as", "Không Ai")))
    assert "không có cán bộ hay quản trị viên nào tên 'Không Ai'" in out


def test_the_administrator_doing_business_is_refused(world: Nd) -> None:
    out = refused(world(*receipt("--as", world.administrator())))
    assert "chỉ thiết lập hồ sơ" in out


def test_an_official_of_another_commune_is_refused(world: Nd) -> None:
    world.ok(
        "unit", "register", "--code", "29501", "--name", "Xã Hòa Ân", "--kind", "commune",
        "--parent", "94",
    )  # fmt: skip
    world.ok(
        "official", "register", "--official-id", OTHER_CLERK, "--unit", "29501",
        "--full-name", "Hứa Văn Phúc", "--position", "Văn phòng", "--roles", "clerk",
    )  # fmt: skip
    before = world.events()
    out = refused(world(*receipt("--as", OTHER_CLERK)))
    assert "nằm ngoài phạm vi" in out
    assert world.events() == before


def test_an_mttq_member_paying_and_a_clerk_approving_are_refused(world: Nd) -> None:
    world.ok(
        "official", "register", "--official-id", MTTQ, "--unit", COMMUNE,
        "--full-name", "Hồ Thị Giang", "--position", "MTTQ xã", "--roles", "mttq",
    )  # fmt: skip
    world.ok(
        "household", "select", "--household-id", HOUSEHOLD, "--month", "2024-03",
        "--selected-by", CHAIR, "--occurred-at", "04/03/2024 09:00",
    )  # fmt: skip
    pay = (
        "fund", "disburse", "--unit", COMMUNE, "--purpose", "gift", "--amount", "500.000",
        "--household-id", HOUSEHOLD, "--occurred-at", "04/03/2024 10:00",
    )  # fmt: skip
    before = world.events()
    out = refused(world("--as", MTTQ, *pay, "--approvers", MTTQ))
    assert "(vai trò Mặt trận Tổ quốc) không được" in out
    out = refused(world("--as", CLERK, *pay, "--approvers", CLERK))
    assert "(vai trò văn phòng) không được" in out
    assert world.events() == before
    world.ok("--as", CHAIR, *pay, "--approvers", CHAIR)
