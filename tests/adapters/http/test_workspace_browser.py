"""The officials' workspace in a real browser: Playwright driving Debian's chromium.

Each journey signs in as the official who acts, through the pages only. Every page visited
is saved as a screenshot (desktop and phone width) in ``$NGHEDAN_ARTIFACTS/workspace``
(default ``test-artifacts/``), and checked with axe-core (vendored in ``vendor/``, injected
by the test alone) for the WCAG A/AA rules, labels and keyboard access among them.
Playwright never downloads a browser here: it launches ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from http_world import ROOT, serving
from playwright.sync_api import Browser, Page, expect, sync_playwright
from workspace_world import PASSWORD, Workplace, make_workplace, ticking

from nghedan_core import NgheDan

from world import COMMUNE

AXE: Path = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, Workplace]]:
    """The workspace world served by uvicorn on a free loopback port."""
    app = NgheDan("memory://", clock=ticking())
    workplace = make_workplace(app)
    with serving(app) as base:
        yield base, workplace


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """Debian's chromium under Playwright (no browser download)."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (its own cookies); CSP bypassed only to inject axe-core."""
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale="vi-VN")
    yield context.new_page()
    context.close()


def _artifacts() -> Path:
    path = Path(os.environ.get("NGHEDAN_ARTIFACTS", ROOT / "test-artifacts")) / "workspace"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_page(page: Page, name: str) -> None:
    """Screenshots (desktop, phone) of the page, and no axe-core violation on it."""
    page.screenshot(path=str(_artifacts() / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(_artifacts() / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa', 'best-practice']}})"
    )
    problems = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert not problems, f"{name}: {problems}"


def sign_in(page: Page, base: str, login: str, password: str) -> None:
    """Sign in through the form (and replace an initial password)."""
    page.goto(f"{base}/dang-nhap")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("form.act button[type=submit]")
    page.wait_for_load_state()
    if page.url.endswith("/lam-viec/doi-mat-khau"):
        page.fill("#current", password)
        page.fill("#new", PASSWORD)
        page.fill("#again", PASSWORD)
        page.click("form.act button[type=submit]")
        page.wait_for_load_state()
    assert page.url.endswith("/lam-viec"), page.url


def sign_out(page: Page) -> None:
    """Sign out with the header's button."""
    page.click("header button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/dang-nhap")


def submit(page: Page, key: str, values: dict[str, str | list[str]]) -> str:
    """Fill the form `key` (selects by their visible labels) and send it; the notice."""
    form = page.locator(f"#form-{key.replace(':', '-')}")
    folded = page.locator(f"details:not([open]):has(#form-{key.replace(':', '-')}) > summary")
    if folded.count():
        folded.first.click()
    for name, value in values.items():
        field = form.locator(f"[name='{name}']")
        tag = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            field.select_option(label=value)
        elif tag.endswith(":checkbox"):
            for label in value if isinstance(value, list) else [value]:
                form.get_by_label(label, exact=True).check()
        else:
            field.fill(str(value))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    notice = page.locator(".notice")
    return notice.inner_text() if notice.count() else ""


def test_a_clerk_records_a_whole_session_day(served, page: Page) -> None:
    """From sign-in (first password replaced) to closing: each step through its form."""
    base, w = served
    login, initial = w.logins["clerk"]
    page.goto(f"{base}/dang-nhap")
    check_page(page, "01-dang-nhap")
    sign_in(page, base, login, initial)
    check_page(page, "02-trang-chinh")
    page.goto(f"{base}/lam-viec/buoi/2024-04")
    # the policy's proposal: the first Monday, the hamlet whose turn it is
    assert page.input_value("#form-ScheduleSession [name=date]") == "01/04/2024"
    proposed = page.locator("#form-ScheduleSession [name=reception_hamlet] option:checked")
    assert proposed.inner_text() == "Ấp Ngãi Hiệp"
    check_page(page, "03-buoi-len-lich")
    assert "lên lịch" in submit(
        page, "ScheduleSession", {"hosts": "Trần Văn An — Chủ tịch UBND xã"}
    )
    assert "chào cờ" in submit(page, "HoldFlagCeremony", {"attendees": "120"})
    assert "thu" in submit(page, "ReceiveContribution", {"amount": "1.500.000"})
    submit(
        page,
        "ReviewMonth",
        {"summary": "Tháng 3 giải quyết 5 ý kiến.", "next_focus": "Sửa đường ấp Ngãi Hiệp."},
    )
    submit(page, "HearProposal", {"proposer": "Hội Nông dân", "content": "Mở lớp tập huấn."})
    submit(page, "HoldReception", {"attendees": "35"})
    submit(
        page,
        "RaiseComplaint",
        {
            "hamlet": "Ấp Ngãi Hiệp",
            "citizen.full_name": "Lý Văn Bảy",
            "citizen.phone": "0987654321",
            "category": "đất đai",
            "content": "Xin cấp giấy chứng nhận quyền sử dụng đất.",
        },
    )
    check_page(page, "04-buoi-y-kien")
    key = page.locator("form[id^='form-TakeOnRecord-'] input[name=form]").first.input_value()
    submit(
        page,
        key,
        {
            "reason": "cần xác minh",
            "appointment.at": "09:00 15/04/2024",
            "appointment.place": "UBND xã Ninh Thới",
            "responsible": "Công chức địa chính",
        },
    )
    assert "Hẹn 09:00 ngày 15/04/2024" in page.content()
    submit(
        page,
        "PlanVisit",
        {
            "household_id": "Thạch Thị Hoa (Ấp Ô Rồm)",
            "team": "Ngô Văn Cường — Văn phòng - Thống kê",
        },
    )
    key = page.locator("form[id^='form-ConductVisit-'] input[name=form]").first.input_value()
    submit(
        page,
        key,
        {
            "causes": ["ốm đau, bệnh tật", "thiếu lao động"],
            "findings": "Nhà dột, chủ hộ bệnh nặng.",
            "support_direction": "Đề nghị hỗ trợ sửa nhà.",
        },
    )
    check_page(page, "05-buoi-tham-hoi")
    notice = submit(
        page,
        "CloseSession",
        {
            "minutes": "Buổi tiếp dân tháng 4 tiếp nhận 1 ý kiến.",
            "shortfall_reason": "Hộ thứ hai đi vắng.",
        },
    )
    assert "kết thúc" in notice.lower()
    assert "đã kết thúc" in page.content()
    assert "Thăm hỏi: 1 / 2" in page.inner_text("main")
    check_page(page, "06-buoi-ket-thuc")
    sid_closed = w.app.queries.quota((COMMUNE,)).lines
    assert any(line.closed and line.month.month == 4 for line in sid_closed)


def test_a_payment_requested_by_the_clerk_is_approved_by_two_leaders(served, page: Page) -> None:
    """Each leader signs in as themselves and approves from their own queue."""
    base, w = served
    sign_in(page, base, w.logins["clerk"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/quy")
    notice = submit(
        page,
        "RequestPayment",
        {
            "purpose": "sửa nhà",
            "amount": "6.000.000",
            "household_id": "Thạch Thị Hoa (Ấp Ô Rồm)",
            "note": "Sửa mái nhà dột.",
        },
    )
    assert "đề nghị chi" in notice.lower(), notice
    check_page(page, "07-quy-de-nghi")
    sign_out(page)
    for n, leader in enumerate(("chair", "deputy"), start=1):
        sign_in(page, base, w.logins[leader][0], PASSWORD)
        page.goto(f"{base}/lam-viec/quy")
        queue = page.locator("#h-duyet + article")
        assert f"Đã duyệt {n - 1} / 2" in queue.inner_text()
        check_page(page, f"08-quy-hang-doi-{leader}")
        key = page.locator("form[id^='form-ApprovePayment-'] input[name=form]").first.input_value()
        submit(page, key, {})
        sign_out(page)
    sign_in(page, base, w.logins["chair"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/quy")
    assert "Không có đề nghị chi nào đang chờ duyệt." in page.content()
    ledger = page.locator("#h-so-quy + div table").inner_text()
    assert "6.000.000 đ" in ledger
    assert "Thạch Thị Hoa" in ledger
    check_page(page, "09-quy-da-chi")


def test_a_refused_form_shows_the_message_beside_the_field_and_writes_nothing(
    served, page: Page
) -> None:
    """A payment for a household never selected: the message beside it, no event."""
    base, w = served
    sign_in(page, base, w.logins["clerk"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/quy")
    before = w.app.max_position()
    submit(
        page,
        "RequestPayment",
        {"purpose": "xây nhà", "amount": "3.000.000", "household_id": "Sơn Văn Lợi (Ấp Ô Rồm)"},
    )
    household = page.locator("#form-RequestPayment [name=household_id]")
    assert household.get_attribute("aria-invalid") == "true"
    beside = page.locator("#form-RequestPayment .field:has([name=household_id]) .error")
    assert beside.inner_text() == "Hộ Sơn Văn Lợi chưa được bình xét chọn hỗ trợ."
    # what was typed and chosen is kept, to be corrected
    assert page.input_value("#form-RequestPayment [name=amount]") == "3.000.000"
    assert household.locator("option:checked").inner_text() == "Sơn Văn Lợi (Ấp Ô Rồm)"
    assert "Không có gì được ghi" in page.inner_text("#form-RequestPayment")
    assert w.app.max_position() == before
    check_page(page, "10-quy-bi-tu-choi")


def test_mttq_notes_a_concern_and_reads_the_answer(served, page: Page) -> None:
    """The Fatherland Front reads the leader's answer and records its concern."""
    base, w = served
    sign_in(page, base, w.logins["mttq"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/y-kien")
    check_page(page, "11-y-kien-bang")
    # the status filter swaps the table in place (htmx, vendored) and keeps the address
    rows = page.locator("#danh-sach tbody tr")
    assert rows.count() == 2
    page.select_option("#trang-thai", label="đã trả lời")
    page.wait_for_url("**/lam-viec/y-kien?trang-thai=answered")
    expect(rows).to_have_count(1)
    assert "đã trả lời" in rows.first.inner_text()
    page.click(f"a[href='/lam-viec/y-kien/{w.complaint}']")
    page.wait_for_load_state()
    assert "huyện bố trí kinh phí sửa đường trong quý II" in page.inner_text("main")
    notice = submit(
        page,
        "NoteSupervision",
        {"note": "Đề nghị công khai tiến độ sửa đường.", "concern": "Có"},
    )
    assert notice
    text = page.inner_text("main")
    assert "Đề nghị công khai tiến độ sửa đường." in text
    assert "có băn khoăn" in text
    check_page(page, "12-y-kien-giam-sat")


def test_a_supervisory_official_reads_the_table_of_communes(served, page: Page) -> None:
    """One row per commune below the province, figures from the core's queries."""
    base, w = served
    sign_in(page, base, w.logins["supervisor"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/giam-sat")
    rows = page.locator("tbody tr")
    expected = w.app.queries.supervision("94")
    assert rows.count() == len(expected) == 2
    first = rows.nth(0).inner_text()
    assert "Xã Ninh Thới (29500)" in first
    row = expected[0]
    assert f"{row.sessions_held} / {row.sessions_scheduled}" in first
    check_page(page, "13-giam-sat")
    # the supervisory official records an inspection of a commune's session
    submit(
        page,
        "InspectSession",
        {
            "unit": "Xã Ninh Thới (29500)",
            "month": "03/2024",
            "findings": "Biên bản đầy đủ; một ý kiến quá hạn.",
            "follow_ups": "Trả lời ý kiến quá hạn trước 15/04/2024",
        },
    )
    assert w.app.queries.supervision("94")[0].inspections == row.inspections + 1
    assert f"{row.inspections + 1}</td></tr>" in page.content()
    check_page(page, "14-giam-sat-kiem-tra")


def test_a_leader_selects_from_the_households_ranked_for_the_month(served, page: Page) -> None:
    """Waiting households first, by hardship; the related official named; the choice kept."""
    base, w = served
    sign_in(page, base, w.logins["chair"][0], PASSWORD)
    page.goto(f"{base}/lam-viec/ho/2024-04")
    rows = page.locator("#xep-hang tbody tr")
    first = rows.nth(0).inner_text()
    assert "Sơn Văn Lợi" in first
    assert "đang chờ" in first
    assert "Lê Thị Bình" in first  # the deputy must recuse
    assert "Thạch Thị Hoa" in rows.nth(1).inner_text()
    check_page(page, "15-ho-xep-hang")
    notice = submit(
        page,
        "SelectHousehold",
        {"household_id": "Sơn Văn Lợi (Ấp Ô Rồm)", "justification": "Nhà tạm, chủ hộ ốm."},
    )
    assert "chọn" in notice.lower(), notice
    assert "đã được chọn cho tháng này" in rows.filter(has_text="Sơn Văn Lợi").inner_text()
    check_page(page, "16-ho-da-chon")
