"""The public board opened in a real headless Chromium: Vietnamese text, figures, no personal data.

Needs Debian's ``chromium`` (the ``chromium`` fixture of this folder's conftest.py). The screenshot is saved as a test artifact, in ``$NGHEDAN_ARTIFACTS``
(default: ``test-artifacts/`` at the repository root).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from http_world import CITIZEN, CITIZEN_PHONE, HEAD, OTHER, ROOT, serving

from nghedan_core import NgheDan
from nghedan_core.demo import record_demo
from nghedan_http.public import money

from world import COMMUNE

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
DEMO_UNIT = "29257"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, NgheDan]]:
    """The demo district plus the test world, served by uvicorn on a free port."""
    app = NgheDan("memory://")
    record_demo(app)  # the half year, as an import (ADR 0019)
    from http_world import record_world

    record_world(app)
    with serving(app) as base:
        yield base, app


def _artifacts() -> Path:
    path = Path(os.environ.get("NGHEDAN_ARTIFACTS", ROOT / "test-artifacts")) / "http"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_the_public_board_in_chromium(chromium: str, server, tmp_path) -> None:
    base, app = server
    url = f"{base}/cong-khai/{DEMO_UNIT}"
    dom = _chromium(chromium, tmp_path / "profile", "--dump-dom", url).stdout
    # Vietnamese text and the sections of the board
    assert "Công khai thu, chi quỹ hỗ trợ theo tháng" in dom
    assert "Kết quả giải quyết ý kiến, kiến nghị của người dân" in dom
    assert "Báo cáo kết quả thực hiện mô hình năm 2024" in dom
    assert "Mã tổng hợp lịch sử hiện tại" in dom
    # the figures: the fund's balance, the monthly rows, the report, the digest
    with httpx.Client(base_url=base) as client:
        ledger = client.get(f"/api/v1/ledger?unit={DEMO_UNIT}").json()
        report = client.get(f"/api/v1/report?from=2024-01-01&to=2024-12-31&unit={DEMO_UNIT}").json()
        digest = client.get("/api/v1/audit").json()["digest"]
    assert f"Số dư quỹ hiện tại: <strong>{money(ledger['balance_vnd'])}</strong>" in dom
    assert "01/2024" in dom
    assert "06/2024" in dom
    assert money(report["gifts"]["value_vnd"]) in dom
    assert money(report["fund"]["receipts_vnd"]) in dom
    assert digest in dom
    assert "ĐẠT" in dom
    # no personal data: no citizen's or household head's name, phone or address
    for name in _personal_names(app):
        assert name not in dom, name
    screenshot = _artifacts() / "public-page.png"
    _chromium(
        chromium,
        tmp_path / "profile2",
        f"--screenshot={screenshot}",
        "--window-size=1280,3000",
        "--hide-scrollbars",
        url,
    )
    assert screenshot.stat().st_size > 10_000


def test_the_world_board_hides_the_citizen(chromium: str, server, tmp_path) -> None:
    base, _ = server
    dom = _chromium(chromium, tmp_path / "p", "--dump-dom", f"{base}/cong-khai/{COMMUNE}").stdout
    assert "Xã Ninh Thới" in dom
    assert "10.000.000 đ" in dom
    assert "quá hẹn chưa trả lời" in dom
    for secret in (CITIZEN, CITIZEN_PHONE, HEAD):
        assert secret not in dom
    index = _chromium(chromium, tmp_path / "q", "--dump-dom", f"{base}/").stdout
    assert "Bảng công khai thu chi quỹ hỗ trợ" in index
    assert f"/cong-khai/{OTHER}" in index


def _personal_names(app: NgheDan) -> set[str]:
    """Every personal value recorded: citizens', heads', contributors' names, phones, addresses."""
    found: set[str] = set()
    for record in app.records():
        p = record.payload
        for key in ("citizen", "head"):
            person = p.get(key)
            if isinstance(person, dict):
                found.update(v for k, v in person.items() if k != "person_id" and v)
        for key in ("contributor", "person_name", "circumstances"):
            if p.get(key):
                found.add(p[key])
    return {f for f in found if len(f) > 3}
