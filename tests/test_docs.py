"""The README's promises hold: two Quick start commands, a runnable example, a light core."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart_block() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```[^\n]*\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_command_lines() -> None:
    """The first fenced block of Quick start holds the demo command and the test command."""
    demo, tests = _quickstart_block()
    assert "pip install" in demo
    assert "pip install" in tests
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run takes the test command from the README rather than a weaker copy."""
    out = subprocess.run(
        [sys.executable, ".ci/quickstart.py", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == _quickstart_block()[1]
    assert "quickstart.py test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_quickstart_example_runs_on_sqlite(tmp_path: Path) -> None:
    """The Quick start example records a month in SQLite and shows both refusals."""
    env = {**os.environ, "NGHEDAN_DATABASE_URL": f"sqlite:///{tmp_path / 'q.db'}"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples/quickstart.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "số dư quỹ 1.850.000 đ" in out.stdout
    assert "cần ghi lý do chưa đạt chỉ tiêu" in out.stdout
    assert "không đủ để chi 3.000.000 đ" in out.stdout
    assert "buổi làm việc tháng 01/2024 đã kết thúc" in out.stdout
    assert not re.search(r"\b\d{4}-\d{2}\b", out.stdout), out.stdout
    assert (tmp_path / "q.db").exists()


def test_readme_python_example_runs(tmp_path: Path) -> None:
    """The README's library example runs as written and prints what it says it prints."""
    code = re.search(r"```python\n(.*?)```", README, re.DOTALL)
    assert code is not None
    out = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "NGHEDAN_DATABASE_URL"},
    )
    assert out.stdout.splitlines()[0] == "scheduling.reason_required"
    assert "không phải thứ Hai đầu tháng" in out.stdout
    printed = re.search(r"print\(refusal\.message\(\)\)\s+# (.+)", code.group(1))
    assert printed is not None
    assert out.stdout.splitlines()[1] == printed.group(1)


def test_importing_the_core_loads_no_adapter_or_test_tool() -> None:
    """`import nghedan_core` pulls in none of click, starlette, uvicorn, pytest."""
    probe = (
        "import sys, nghedan_core; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'click', 'starlette', 'uvicorn', 'pytest', 'pytest_bdd', 'hypothesis'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
