"""The workspace's fund, households, visits, volunteer work and supervisory session pages.

In a real browser (Playwright on Debian's chromium), as `test_workspace_browser` does, on a
world of its own: each page visited is saved as a screenshot (desktop and phone width) and
checked with axe-core. The figures asserted are the core's queries' (`nghedan_core.queries`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_world import serving
from playwright.sync_api import Page
from test_workspace_browser import (  # noqa: F401 - the browser and page fixtures
    _artifacts,
    browser,
    check_page,
    page,
    sign_in,
    sign_out,
    submit,
)
from workspace_world import PASSWORD, Workplace, make_workplace, ticking

from nghedan_core import Month, NgheDan, SessionLevel

from world import COMMUNE, pay_approved

APRIL = Month(2024, 4)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, Workplace]]:
    """A workspace world of its own, served by uvicorn on a free loopback port."""
    app = NgheDan("memory://", clock=ticking())
    workplace = make_workplace(app, keep_initial=())
    with serving(app) as base:
        yield base, workplace


def april_as_clerk(page: Page, base: str, w: Workplace) -> None:  # noqa: F811
    """Signed in as the clerk, on April's session page, the session scheduled."""
    page.set_default_timeout(5000)
    sign_in(page, base, w.logins["clerk"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/buoi/2024-04")
    if page.locator("#form-ScheduleSession").count():
        submit(page, "ScheduleSession", {"hosts": "Trần Văn An — Chủ tịch UBND xã"})


def test_pledges_receipts_and_a_reversal_on_the_fund_page(served, page: Page) -> None:  # noqa: F811
    """Pledge, receive against it (its printable receipt), cancel another; a leader reverses."""
    base, w = served
    q = w.app.queries
    page.set_default_timeout(5000)
    sign_in(page, base, w.logins["clerk"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/quy")
    submit(
        page,
        "PledgeContribution",
        {"amount": "3.000.000", "source": "nguồn xã hội hóa hợp pháp", "donor": "Công ty Hòa Bình"},
    )
    submit(
        page,
        "PledgeContribution",
        {"amount": "500.000", "source": "nguồn xã hội hóa hợp pháp", "donor": "Bà con ấp Ô Rồm"},
    )
    first, second = q.pledges(COMMUNE)
    assert "còn lại 3.000.000 đ" in page.inner_text("main")
    submit(
        page,
        f"ReceiveContribution:{first.pledge_id}",
        {"amount": "2.000.000", "contributor": "Phạm Văn Hòa"},
    )
    assert q.pledges(COMMUNE)[0].remaining_vnd == 1_000_000
    assert "còn lại 1.000.000 đ" in page.inner_text("main")
    submit(page, f"CancelPledge:{second.pledge_id}", {"reason": "Người đăng ký chuyển đi."})
    assert q.pledges(COMMUNE)[1].cancelled
    assert "đã huỷ" in page.inner_text("main")
    check_page(page, "20-quy-dang-ky")
    # the receipt, from the ledger's link: printable, the contributor by name
    receipt = q.receipts(COMMUNE)[-1]
    page.click(f"a[href='/lam-viec/quy/phieu-thu/{receipt.receipt_id}']")
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert f"Số: {receipt.number}" in text
    assert "Phạm Văn Hòa" in text
    assert "2.000.000 đ" in text
    assert page.inner_text("#bang-chu") == "Hai triệu đồng"
    check_page(page, "21-phieu-thu")
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible()
    assert not page.locator("header").is_visible()
    assert page.locator("#so-tien").is_visible()
    page.pdf(path=str(_artifacts() / "21-phieu-thu.pdf"))
    page.emulate_media(media="screen")
    # a payment reversed: the money back in the fund, the payment no longer reversible
    paid_id = pay_approved(w.app, w.world, amount=400_000, occurred_at=w.app.clock())
    [paid] = [p for p in q.reversible_payments(COMMUNE) if p.reference == str(paid_id)]
    before = q.balances()[COMMUNE]
    page.goto(f"{base}/lam-viec/quy")
    assert page.locator(f"#form-ReverseDisbursement-{paid.reference}").count() == 0  # a clerk
    sign_out(page)
    sign_in(page, base, w.logins["chair"][0], PASSWORD)  # a leader reverses
    page.goto(f"{base}/lam-viec/quy")
    submit(
        page,
        f"ReverseDisbursement:{paid.reference}",
        {"reason": "Chi nhầm hộ, đã thu hồi."},
    )
    assert q.balances()[COMMUNE] == before + paid.amount_vnd
    assert paid.reference not in {p.reference for p in q.reversible_payments(COMMUNE)}
    check_page(page, "22-quy-hoan-lai")


def test_a_household_is_registered_assessed_and_visited(served, page: Page) -> None:  # noqa: F811
    """The registry by name; the household's page assesses it and plans and records a visit."""
    base, w = served
    q = w.app.queries
    april_as_clerk(page, base, w)
    page.goto(f"{base}/lam-viec/ho-gia-dinh")
    submit(
        page,
        "RegisterHousehold",
        {
            "hamlet": "Ấp Ngãi Hiệp",
            "head.full_name": "Đào Văn Út",
            "categories": ["hộ nghèo"],
            "circumstances": "Vợ chồng già, không có con.",
        },
    )
    heads = [r.inner_text().split("\t")[0] for r in page.locator("#danh-sach-ho tbody tr").all()]
    assert "Đào Văn Út" in heads
    # by given name, as Vietnamese lists go: Hoa, Lợi, Út
    assert heads.index("Thạch Thị Hoa") < heads.index("Sơn Văn Lợi") < heads.index("Đào Văn Út")
    check_page(page, "23-ho-danh-sach")
    page.click("#danh-sach-ho a:text('Đào Văn Út')")
    page.wait_for_load_state()
    submit(page, "AssessHousehold", {"criteria": "nhà tạm\nkhông có lao động", "score": "85"})
    hid = page.url.rsplit("/", 1)[-1]
    record = q.household(hid)
    assert record is not None
    assert record.assessments[-1].score == 85
    assert "điểm 85" in page.inner_text("#danh-gia")
    submit(page, "PlanVisit", {"team": "Ngô Văn Cường — Văn phòng - Thống kê"})
    [planned] = q.household_visits(COMMUNE, APRIL, hid)
    assert planned.status == "planned"
    submit(
        page,
        f"ConductVisit:{planned.visit_id}",
        {
            "causes": ["già yếu"],
            "findings": "Nhà dột nặng.",
            "support_direction": "Vận động sửa nhà trước mùa mưa.",
        },
    )
    [visit] = q.household_visits(COMMUNE, APRIL, hid)
    assert visit.status == "conducted"
    assert visit.support_direction == "Vận động sửa nhà trước mùa mưa."
    text = page.inner_text("#tham-hoi")
    assert "Hướng hỗ trợ: Vận động sửa nhà trước mùa mưa." in text
    assert "già yếu" in text
    check_page(page, "24-ho-tham-hoi")
    # the session page lists the visit, linked to the household
    page.goto(f"{base}/lam-viec/buoi/2024-04")
    assert page.locator(f"a[href='/lam-viec/ho-gia-dinh/{hid}']").count() == 1


def test_volunteer_work_shows_the_notice_rule_before_it_is_broken(served, page: Page) -> None:  # noqa: F811
    """The earliest start and each work's notice deadline come from the core's notice policy."""
    base, w = served
    q = w.app.queries
    page.set_default_timeout(5000)
    sign_in(page, base, w.logins["clerk"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/tinh-nguyen")
    shown = page.inner_text("#som-nhat")
    assert shown.endswith("ngày 02/04/2024"), shown  # 24 hours after 1 April, 07:30
    check_page(page, "25-tinh-nguyen")
    submit(
        page,
        "PlanVolunteerWork",
        {
            "kind": "dọn vệ sinh",
            "place": "Đường liên ấp Ô Rồm",
            "starts_at": "07:00 05/04/2024",
            "task": "Phát quang, dọn rác hai bên đường.",
        },
    )
    submit(
        page,
        "PlanVolunteerWork",
        {
            "kind": "dọn vệ sinh",
            "place": "Chợ xã",
            "starts_at": "15:00 01/04/2024",
            "task": "Dọn vệ sinh chợ.",
        },
    )
    soon, later = sorted(q.volunteer_works(COMMUNE), key=lambda x: x.starts_at)
    text = page.inner_text("main")
    assert "Đã quá hạn báo trước" in text  # today's work: the deadline passed, said beforehand
    assert "chậm nhất 07:00 ngày 04/04/2024" in text  # 24 hours before 5 April, 07:00
    assert q.notice_deadline(later.starts_at).day == 4
    # notifying the late one is refused beside the field, and nothing is written
    before = w.app.max_position()
    submit(page, f"NotifyVolunteers:{soon.work_id}", {"notified": "Đoàn Thanh niên xã"})
    form = page.locator(f"#form-NotifyVolunteers-{soon.work_id}")
    assert "24" in form.locator(".error").first.inner_text()
    assert w.app.max_position() == before
    check_page(page, "26-tinh-nguyen-bao-tre")
    submit(page, f"NotifyVolunteers:{later.work_id}", {"notified": "Đoàn Thanh niên xã"})
    submit(
        page,
        f"CompleteVolunteerWork:{later.work_id}",
        {"participants": "40", "length_m": "1200"},
    )
    done = next(x for x in q.volunteer_works(COMMUNE) if x.work_id == later.work_id)
    assert (done.status, done.participants, done.length_m) == ("completed", 40, 1200)
    assert "40 lượt người, 1.200 m" in page.inner_text("main")
    check_page(page, "27-tinh-nguyen-xong")


def test_the_flag_ceremony_contributions_show_on_the_session_page(served, page: Page) -> None:  # noqa: F811
    """Each receipt taken at the ceremony, linked to its receipt, and their total (a query)."""
    base, w = served
    q = w.app.queries
    april_as_clerk(page, base, w)
    submit(page, "HoldFlagCeremony", {"attendees": "110"})
    submit(page, "ReceiveContribution", {"amount": "1.200.000"})
    submit(page, "ReceiveContribution", {"amount": "300.000", "donor": "Hội Cựu chiến binh"})
    day = q.session_dossier(COMMUNE, APRIL).date
    assert day is not None
    got = q.ceremony_contributions(COMMUNE, day)
    assert got.total_vnd == 1_500_000
    assert len(got.lines) == 2
    listed = page.locator("#dong-gop-chao-co li")
    assert listed.count() == 2
    assert "Hội Cựu chiến binh" in listed.nth(1).inner_text()
    assert "Tổng cộng: 1.500.000 đ (2 phiếu thu)" in page.inner_text("main")
    check_page(page, "28-buoi-dong-gop-chao-co")


def test_a_supervisory_official_records_their_own_session(served, page: Page) -> None:  # noqa: F811
    """At the supervisory level the session page schedules and runs the level's own session."""
    base, w = served
    q = w.app.queries
    sign_in(page, base, w.logins["supervisor"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/buoi/2024-04")
    check_page(page, "29-buoi-cap-tren")
    submit(page, "ScheduleSession", {"date_reason": ""})
    dossier = q.session_dossier("94", APRIL, SessionLevel.SUPERVISORY)
    assert dossier.scheduled
    assert dossier.level == SessionLevel.SUPERVISORY.value
    assert not q.session_dossier("94", APRIL).scheduled  # not the commune level's
    submit(page, "HoldFlagCeremony", {"attendees": "60"})
    assert "60 người dự" in page.inner_text("main")
    check_page(page, "30-buoi-cap-tren-chao-co")
