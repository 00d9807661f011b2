"""Each aggregate group: a happy path through several subcommands, and refusals.

A refusal prints one clear message (Vietnamese by default, English with ``--lang en`` or
``$NGHEDAN_LANG``), exits with code 2 and writes nothing.
"""

from __future__ import annotations

import json

from cli_world import (
    CHAIR,
    CLERK,
    COMMUNE,
    COMPLAINT,
    COMPLAINT2,
    DEPUTY,
    HAMLET,
    HOUSEHOLD,
    HOUSEHOLD2,
    VISIT,
    WORK,
    Nd,
    refused,
)

MARCH = ("--month", "2024-03")
ON_THE_DAY = "04/03/2024"


def at(moment: str) -> tuple[str, str]:
    return ("--occurred-at", moment)


# --- unit -------------------------------------------------------------------------------


def test_unit_register_rename_and_merge_are_recorded(nd: Nd) -> None:
    """A province, two communes: registered, one renamed, then merged into the other."""
    nd.ok("unit", "register", "--code", "94", "--name", "Tỉnh Trà Vinh", "--kind", "province")
    for code, name in (("29500", "Xã Ninh Thới"), ("29501", "Xã Hòa Ân")):
        nd.ok(
            "unit",
            "register",
            "--code",
            code,
            "--name",
            name,
            "--kind",
            "commune",
            "--parent",
            "94",
        )
    renamed = nd.ok("unit", "rename", "--code", "29500", "--name", "Xã Ninh Thới Mới")
    assert "Đã ghi: đổi tên đơn vị Xã Ninh Thới Mới (29500)." in renamed.output
    merged = nd.ok("--json", "unit", "merge", "--code", "29501", "--into", "29500")
    recorded = json.loads(merged.stdout)["recorded"]
    assert [r["topic"] for r in recorded] == ["unit.UnitMerged"]
    assert nd.events() == 6  # and the store's start (its administrator)


def test_unit_register_twice_is_refused_and_writes_nothing(world: Nd) -> None:
    """Registering a code that exists is refused with its Vietnamese reason."""
    before = world.events()
    out = refused(
        world(
            "unit",
            "register",
            "--code",
            COMMUNE,
            "--name",
            "Xã Khác",
            "--kind",
            "commune",
            "--parent",
            "94",
        )
    )
    assert out.startswith("Từ chối [")
    assert COMMUNE in out
    assert world.events() == before


# --- official ---------------------------------------------------------------------------


def test_official_declare_relative_transfer_and_leave(world: Nd) -> None:
    """An official declares a relative, is transferred, then leaves office."""
    world.ok(
        "official",
        "declare-relative",
        "--official-id",
        DEPUTY,
        "--relation",
        "em ruột",
        "--household-id",
        HOUSEHOLD2,
    )
    world.ok(
        "unit",
        "register",
        "--code",
        "29502",
        "--name",
        "Xã Tam Ngãi",
        "--kind",
        "commune",
        "--parent",
        "94",
    )
    world.ok(
        "official",
        "transfer",
        "--official-id",
        DEPUTY,
        "--to-unit",
        "29502",
        "--position",
        "Chủ tịch UBND xã",
    )
    left = world.ok("official", "leave", "--official-id", DEPUTY, "--reason", "Nghỉ hưu")
    assert "Đã ghi: thôi công tác của cán bộ" in left.output


def test_official_register_generates_an_id_when_none_is_given(nd: Nd) -> None:
    """Without ``--official-id`` a new id is made and shown."""
    nd.ok("unit", "register", "--code", "29500", "--name", "Xã Ninh Thới", "--kind", "commune")
    out = nd.ok(
        "official",
        "register",
        "--unit",
        "29500",
        "--full-name",
        "Trần Văn An",
        "--position",
        "Chủ tịch",
        "--roles",
        "leader",
    ).output
    assert "Mã tự sinh (mã cán bộ):" in out


def test_official_transfer_of_an_unknown_official_is_refused(world: Nd) -> None:
    """Transferring an official nobody registered is refused (not found)."""
    before = world.events()
    out = refused(
        world(
            "official",
            "transfer",
            "--official-id",
            "12345678-1234-4234-8234-123456789abc",
            "--to-unit",
            COMMUNE,
            "--position",
            "X",
        )
    )
    assert "Từ chối [" in out
    assert world.events() == before


# --- session ----------------------------------------------------------------------------


def test_session_runs_from_flag_ceremony_to_closing(world: Nd) -> None:
    """Flag ceremony, review, proposal, commendation, reception, then closing with a reason."""
    world.ok(
        "session",
        "flag-ceremony",
        "--unit",
        COMMUNE,
        *MARCH,
        "--attendees",
        "45",
        *at(f"{ON_THE_DAY} 07:00"),
    )
    world.ok(
        "session",
        "review",
        "--unit",
        COMMUNE,
        *MARCH,
        "--summary",
        "Hoàn thành nhiệm vụ",
        "--next-focus",
        "Chăm lo hộ khó khăn",
        *at(f"{ON_THE_DAY} 07:30"),
    )
    world.ok(
        "session",
        "proposal",
        "--unit",
        COMMUNE,
        *MARCH,
        "--proposer",
        "Hội Nông dân",
        "--content",
        "Nạo vét kênh",
        *at(f"{ON_THE_DAY} 07:40"),
    )
    world.ok(
        "session",
        "commend",
        "--unit",
        COMMUNE,
        *MARCH,
        "--official-id",
        CLERK,
        "--reason",
        "Tiếp dân tận tình",
        *at(f"{ON_THE_DAY} 07:45"),
    )
    world.ok(
        "session",
        "reception",
        "--unit",
        COMMUNE,
        *MARCH,
        "--hamlet",
        HAMLET,
        "--attendees",
        "23",
        *at(f"{ON_THE_DAY} 08:00"),
    )
    closed = world.ok(
        "session",
        "close",
        "--unit",
        COMMUNE,
        *MARCH,
        "--minutes",
        "Biên bản",
        "--shortfall-reason",
        "Hộ vắng nhà",
        *at(f"{ON_THE_DAY} 17:00"),
    )
    assert "Đã ghi: kết thúc buổi làm việc tháng 03/2024 của" in closed.output


def test_session_close_without_a_shortfall_reason_is_refused_in_vietnamese(world: Nd) -> None:
    """Closing short of the visit quota without a reason says what is missing."""
    before = world.events()
    out = refused(
        world(
            "session",
            "close",
            "--unit",
            COMMUNE,
            *MARCH,
            "--minutes",
            "Biên bản",
            *at(f"{ON_THE_DAY} 17:00"),
        )
    )
    assert "Từ chối [quota.shortfall_reason_required]" in out
    assert "lý do chưa đạt chỉ tiêu" in out
    assert world.events() == before


def test_session_refusal_is_in_english_with_lang_en(world: Nd) -> None:
    """``--lang en`` turns the same refusal into English."""
    out = refused(
        world("--lang", "en", "session", "close", "--unit", COMMUNE, *MARCH, "--minutes", "Minutes")
    )
    assert out.startswith("Refused [quota.shortfall_reason_required]")


# --- complaint --------------------------------------------------------------------------


def test_complaint_taken_on_record_answered_resolved_with_feedback(world: Nd) -> None:
    """A complaint taken on record with an appointment, answered, resolved, then feedback."""
    world.ok(
        "complaint",
        "raise",
        "--complaint-id",
        COMPLAINT,
        "--unit",
        COMMUNE,
        *MARCH,
        "--citizen-full-name",
        "Kim Thị Mai",
        "--category",
        "infrastructure",
        "--content",
        "Đường sạt lở",
        *at(f"{ON_THE_DAY} 08:10"),
    )
    world.ok(
        "complaint",
        "take-on-record",
        "--complaint-id",
        COMPLAINT,
        "--reason",
        "needs_verification",
        "--appointment-at",
        "11/03/2024 08:00",
        "--appointment-place",
        "UBND xã",
        "--responsible",
        "Công chức địa chính",
        *at(f"{ON_THE_DAY} 08:15"),
    )
    world.ok(
        "complaint",
        "answer",
        "--complaint-id",
        COMPLAINT,
        "--answer",
        "Đã sửa",
        "--answered-by",
        CHAIR,
        *at("10/03/2024 08:00"),
    )
    world.ok(
        "complaint",
        "resolve",
        "--complaint-id",
        COMPLAINT,
        "--resolution",
        "Đã sửa đường",
        "--resolved-by",
        CHAIR,
        *at("10/03/2024 09:00"),
    )
    world.ok(
        "complaint", "feedback", "--complaint-id", COMPLAINT, "--satisfied", *at("10/03/2024 10:00")
    )
    board = json.loads(world.ok("complaints", "--as-of", "31/03/2024", "--json").stdout)
    assert board["totals"]["resolved"] == 1


def test_complaint_answer_on_spot_without_basis_is_refused(world: Nd) -> None:
    """An answer on the spot must cite its legal basis."""
    world.ok(
        "complaint",
        "raise",
        "--complaint-id",
        COMPLAINT2,
        "--unit",
        COMMUNE,
        *MARCH,
        "--citizen-full-name",
        "Sơn Văn Tư",
        "--category",
        "land",
        "--content",
        "Hỏi thủ tục",
        *at(f"{ON_THE_DAY} 08:20"),
    )
    before = world.events()
    out = refused(
        world(
            "complaint",
            "answer-on-spot",
            "--complaint-id",
            COMPLAINT2,
            "--answer",
            "Đã hướng dẫn",
            "--answered-by",
            CHAIR,
            *at(f"{ON_THE_DAY} 08:25"),
        )
    )
    assert "--basis" in out or "căn cứ" in out
    assert world.events() == before


# --- fund -------------------------------------------------------------------------------


def test_fund_pledge_receive_disburse_and_reverse(world: Nd) -> None:
    """Money pledged and received, paid to the selected household, then reversed."""
    world.ok(
        "household",
        "select",
        "--household-id",
        HOUSEHOLD,
        *MARCH,
        "--selected-by",
        CHAIR,
        *at(f"{ON_THE_DAY} 09:10"),
    )
    world.ok(
        "fund",
        "pledge",
        "--unit",
        COMMUNE,
        "--amount",
        "5.000.000",
        "--source",
        "lawful_donation",
        "--donor",
        "Công ty TNHH Minh Phát",
        *at("05/03/2024 08:00"),
    )
    world.ok(
        "fund",
        "receive",
        "--unit",
        COMMUNE,
        "--amount",
        "2.350.000 đ",
        "--source",
        "flag_ceremony",
        *at("05/03/2024 09:00"),
    )
    paid = json.loads(
        world.ok(
            "--json",
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
            CHAIR,
            *at("06/03/2024 08:00"),
        ).stdout
    )
    disbursement = paid["generated"]["disbursement_id"]
    world.ok(
        "fund",
        "reverse",
        "--unit",
        COMMUNE,
        "--disbursement-id",
        disbursement,
        "--reason",
        "Ghi nhầm hộ",
        *at("07/03/2024 08:00"),
    )
    ledger = json.loads(world.ok("ledger", "--unit", COMMUNE, "--json").stdout)
    assert ledger["balance_vnd"] == 12_350_000


def test_fund_disbursing_more_than_the_balance_is_refused(world: Nd) -> None:
    """The fund never goes below zero: an overdraft is refused, nothing written."""
    world.ok(
        "household",
        "select",
        "--household-id",
        HOUSEHOLD,
        *MARCH,
        "--selected-by",
        CHAIR,
        *at(f"{ON_THE_DAY} 09:10"),
    )
    before = world.events()
    out = refused(
        world(
            "fund",
            "disburse",
            "--unit",
            COMMUNE,
            "--purpose",
            "other_support",
            "--amount",
            "99.000.000",
            "--household-id",
            HOUSEHOLD,
            "--approvers",
            CHAIR,
            *at("06/03/2024 08:00"),
        )
    )
    assert out.startswith("Từ chối [")
    assert world.events() == before


def test_fund_refusal_follows_nghedan_lang(world: Nd) -> None:
    """``NGHEDAN_LANG=en`` chooses English like ``--lang en``."""
    out = refused(
        world(
            "fund",
            "receive",
            "--unit",
            COMMUNE,
            "--amount",
            "-5",
            "--source",
            "flag_ceremony",
            env={"NGHEDAN_LANG": "en"},
        )
    )
    assert out.startswith("Invalid input:")
    assert "--amount:" in out


# --- household --------------------------------------------------------------------------


def test_household_assess_select_support_deregister_and_history(world: Nd) -> None:
    """A household assessed, selected, supported by a donor; another leaves the list."""
    world.ok(
        "household",
        "assess",
        "--household-id",
        HOUSEHOLD,
        "--criteria",
        "nhà tạm",
        "--score",
        "70",
        "--assessed-by",
        CLERK,
        *at(f"{ON_THE_DAY} 09:00"),
    )
    world.ok(
        "household",
        "select",
        "--household-id",
        HOUSEHOLD,
        *MARCH,
        "--selected-by",
        CHAIR,
        *at(f"{ON_THE_DAY} 09:10"),
    )
    world.ok(
        "household",
        "support",
        "--household-id",
        HOUSEHOLD,
        "--kind",
        "house_repaired",
        "--value",
        "18.000.000",
        "--funded-by",
        "donor",
        *at("20/03/2024 08:00"),
    )
    world.ok(
        "household",
        "deregister",
        "--household-id",
        HOUSEHOLD2,
        "--reason",
        "moved",
        *at("21/03/2024 08:00"),
    )
    history = world.ok("household", "history", HOUSEHOLD).output
    assert "Chủ hộ: Thạch Thị Hoa" in history
    assert "20/03/2024 — nhà được sửa chữa — 18.000.000 đ" in history or "18.000.000 đ" in history
    assert "Trần Văn An (Chủ tịch UBND xã)" in history
    listing = world.ok("household", "history", "--unit", COMMUNE).output
    assert "đã ra khỏi danh sách" in listing


def test_household_assessment_score_out_of_range_is_refused(world: Nd) -> None:
    """A hardship score above 100 is bad input, named by its option."""
    before = world.events()
    out = refused(
        world(
            "household",
            "assess",
            "--household-id",
            HOUSEHOLD,
            "--criteria",
            "nhà tạm",
            "--score",
            "150",
            "--assessed-by",
            CLERK,
        )
    )
    assert "--score:" in out
    assert world.events() == before


# --- visit ------------------------------------------------------------------------------


def test_visit_planned_and_conducted_pays_the_gift_from_the_fund(world: Nd) -> None:
    """Conducting a visit records it, pays the gift and delivers the support at once."""
    world.ok(
        "household",
        "select",
        "--household-id",
        HOUSEHOLD,
        *MARCH,
        "--selected-by",
        CHAIR,
        *at(f"{ON_THE_DAY} 09:10"),
    )
    world.ok(
        "visit",
        "plan",
        "--visit-id",
        VISIT,
        "--unit",
        COMMUNE,
        *MARCH,
        "--household-id",
        HOUSEHOLD,
        "--team",
        CHAIR,
        "--team",
        CLERK,
        *at(f"{ON_THE_DAY} 09:20"),
    )
    out = world.ok(
        "visit",
        "conduct",
        "--visit-id",
        VISIT,
        "--gift-value",
        "500.000",
        "--causes",
        "illness",
        "--approvers",
        CHAIR,
        *at(f"{ON_THE_DAY} 14:00"),
    ).output
    assert "Đã ghi: thăm hỏi, tặng quà hộ" in out
    assert "Đã ghi: khoản chi của quỹ" in out
    assert "Đã ghi: hỗ trợ hộ" in out


def test_visit_cancel_then_conduct_is_refused(world: Nd) -> None:
    """A cancelled visit cannot be conducted afterwards."""
    world.ok(
        "household",
        "select",
        "--household-id",
        HOUSEHOLD,
        *MARCH,
        "--selected-by",
        CHAIR,
        *at(f"{ON_THE_DAY} 09:10"),
    )
    world.ok(
        "visit",
        "plan",
        "--visit-id",
        VISIT,
        "--unit",
        COMMUNE,
        *MARCH,
        "--household-id",
        HOUSEHOLD,
        "--team",
        CHAIR,
        *at(f"{ON_THE_DAY} 09:20"),
    )
    world.ok(
        "visit",
        "cancel",
        "--visit-id",
        VISIT,
        "--reason",
        "Chủ hộ vắng nhà",
        *at(f"{ON_THE_DAY} 10:00"),
    )
    before = world.events()
    out = refused(
        world(
            "visit",
            "conduct",
            "--visit-id",
            VISIT,
            "--gift-value",
            "500.000",
            "--causes",
            "illness",
            "--approvers",
            CHAIR,
        )
    )
    assert out.startswith("Từ chối [")
    assert world.events() == before


# --- volunteer --------------------------------------------------------------------------


def test_volunteer_work_planned_notified_and_completed(world: Nd) -> None:
    """Volunteer work planned, notified days ahead, completed with turns and metres."""
    world.ok(
        "volunteer",
        "plan",
        "--work-id",
        WORK,
        "--unit",
        COMMUNE,
        "--kind",
        "cleaning",
        "--place",
        "Đường ấp",
        "--starts-at",
        "16/03/2024 07:00",
        "--task",
        "Dọn vệ sinh",
        *at("10/03/2024 08:00"),
    )
    world.ok(
        "volunteer",
        "notify",
        "--work-id",
        WORK,
        "--notified",
        "Đoàn viên ấp",
        "--channel",
        "Loa ấp",
        *at("14/03/2024 08:00"),
    )
    world.ok(
        "volunteer",
        "complete",
        "--work-id",
        WORK,
        "--participants",
        "45",
        "--length-m",
        "2000",
        *at("16/03/2024 11:00"),
    )
    report = json.loads(
        world.ok("--json", "report", "--from", "01/03/2024", "--to", "31/03/2024").stdout
    )
    assert report["volunteer_turns"] == 45
    assert report["volunteer_km"] == 2.0


def test_volunteer_complete_without_a_plan_is_refused(world: Nd) -> None:
    """Completing work that was never planned is refused."""
    before = world.events()
    out = refused(
        world(
            "volunteer", "complete", "--work-id", WORK, "--participants", "45", "--length-m", "2000"
        )
    )
    assert out.startswith("Từ chối [")
    assert world.events() == before
