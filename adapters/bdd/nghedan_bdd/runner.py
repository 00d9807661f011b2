"""``nghedan features run PATH...``: run any folder of ``.feature`` files, no Python needed.

Runs pytest in-process with only this package's plugin and an empty configuration (so a
project's ``pyproject.toml`` settings do not leak into staff's runs), collects the given
feature files, and prints the results in Vietnamese Gherkin form: each scenario with its
steps marked passed (✔), failed (✘) or not reached (–), the Vietnamese reason under the
failed step, file-level problems (missing ``# language: vi``, ``Ví dụ:``, ...) up front,
and a summary. Exit code 0 when every scenario passed, 1 when one failed, 2 when a file
could not be read or nothing was found.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import attrs
import pytest
from pytest_bdd.parser import Feature, Scenario, Step

__all__ = ["feature_files", "run"]


@attrs.define
class _StepLine:
    keyword: str
    text: str
    status: str = "–"
    rows: tuple[tuple[str, ...], ...] = ()


@attrs.define
class _ScenarioRun:
    feature: str
    file: str
    title: str
    steps: list[_StepLine]
    #: how many of the first steps come from the feature's Bối cảnh
    background: int = 0
    outcome: str = "chưa chạy"
    message: str = ""


class _Reporter:
    """Collects scenario and step results through pytest-bdd's hooks; prints them at the end."""

    def __init__(self, out: TextIO, root: Path) -> None:
        self.out = out
        self.root = root
        self.runs: dict[str, _ScenarioRun] = {}
        self.order: list[str] = []
        self.file_errors: list[str] = []

    def _rel(self, filename: str) -> str:
        try:
            rel = os.path.relpath(filename, self.root)
        except ValueError:  # pragma: no cover - another drive on Windows
            return filename
        return filename if rel.startswith("..") else rel

    # pytest-bdd hooks

    def pytest_bdd_before_scenario(
        self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
    ) -> None:
        nodeid = request.node.nodeid
        self.order.append(nodeid)
        steps = [
            _StepLine(
                s.keyword.strip(),
                s.name,
                rows=tuple(
                    tuple(c.value for c in row.cells)
                    for row in (s.datatable.rows if s.datatable else [])
                ),
            )
            for s in scenario.steps
        ]
        title = f"{scenario.keyword}: {scenario.name}"
        callspec = getattr(request.node, "callspec", None)
        example = callspec.params.get("_pytest_bdd_example") if callspec is not None else None
        if example:
            title += " (" + ", ".join(f"{k} = {v}" for k, v in example.items()) + ")"
        self.runs[nodeid] = _ScenarioRun(
            feature=f"{feature.keyword}: {feature.name}",
            file=self._rel(feature.filename),
            title=title,
            steps=steps,
            background=len(feature.background.steps) if feature.background else 0,
        )

    def _mark(self, request: pytest.FixtureRequest, step: Step, status: str) -> None:
        run = self.runs.get(request.node.nodeid)
        if run is None:
            return
        for line in run.steps:
            if line.status == "–" and line.text == step.name:
                line.status = status
                return

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Step) -> None:
        self._mark(request, step, "✔")

    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, step: Step) -> None:
        self._mark(request, step, "✘")

    # pytest hooks

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.file_errors.append(str(report.longrepr).strip())

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        run = self.runs.get(report.nodeid)
        if run is None:
            if report.failed:
                self.file_errors.append(f"{report.nodeid}: {report.longreprtext.strip()}")
            return
        if report.when == "call" or report.failed:
            if report.failed:
                run.outcome = "không đạt"
                text = report.longreprtext.strip()
                first = text.split("\n", 1)
                run.message = first[1] if len(first) == 2 and first[0] == report.nodeid else text
                if not any(s.status == "✘" for s in run.steps):
                    pending = next((s for s in run.steps if s.status == "–"), None)
                    if pending is not None:
                        pending.status = "?"
            elif run.outcome == "chưa chạy":
                run.outcome = "đạt"

    def print(self) -> tuple[int, int]:
        """Print every result; return (passed, failed)."""
        w = self.out.write
        for error in self.file_errors:
            w(f"Lỗi tệp: {error}\n\n")
        current = None
        passed = failed = 0
        for nodeid in self.order:
            run = self.runs[nodeid]
            if (run.file, run.feature) != current:
                current = (run.file, run.feature)
                w(f"{run.feature}    # {run.file}\n\n")
            mark = "✔" if run.outcome == "đạt" else "✘"
            w(f"  {run.title}    {mark} {run.outcome}\n")
            shown = any(s.status in {"✘", "?"} for s in run.steps)
            steps = run.steps
            if run.background and all(s.status == "✔" for s in steps[: run.background]):
                w(f"    ✔ Bối cảnh ({run.background} bước)\n")
                steps = steps[run.background :]
            for s in steps:
                w(f"    {s.status} {s.keyword} {s.text}\n")
                for row in _aligned(s.rows):
                    w(f"          {row}\n")
                if s.status in {"✘", "?"} and run.message:
                    for line in run.message.splitlines():
                        w(f"        → {line}\n")
            if run.outcome != "đạt" and not shown:
                for line in run.message.splitlines():
                    w(f"    → {line}\n")
            w("\n")
            if run.outcome == "đạt":
                passed += 1
            else:
                failed += 1
        return passed, failed


def _aligned(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A data table's rows with aligned columns."""
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(max(map(len, rows)))]
    return ["| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(r)) + " |" for r in rows]


def feature_files(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The ``.feature`` files under `paths` (sorted), and the paths that do not exist."""
    found: list[str] = []
    missing: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found += sorted(str(f) for f in path.rglob("*.feature"))
        elif path.is_file():
            found.append(str(path))
        else:
            missing.append(p)
    return found, missing


def run(paths: Sequence[str], out: TextIO | None = None, *, extra: Sequence[str] = ()) -> int:
    """Run the feature files under `paths`; print the results in Vietnamese. Exit code."""
    out = out or sys.stdout
    files, missing = feature_files(paths)
    for p in missing:
        out.write(f"Không tìm thấy '{p}'.\n")
    if missing:
        return 2
    if not files:
        out.write(f"Không có tệp .feature nào trong: {', '.join(paths)}.\n")
        return 2
    root = Path(os.path.commonpath([str(Path(f).absolute()) for f in files]))
    if root.is_file():
        root = root.parent
    reporter = _Reporter(out, Path.cwd())
    with tempfile.TemporaryDirectory(prefix="nghedan-features-") as tmp:
        ini = Path(tmp) / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")
        args: list[str] = [
            *files,
            "-c",
            str(ini),
            "--rootdir",
            str(root),
            "-p",
            "no:nghedan_bdd",
            "-p",
            "nghedan_bdd.plugin",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:terminal",
            "--assert=plain",
            "--continue-on-collection-errors",
            *extra,
        ]
        code = pytest.main(args, plugins=[reporter])
    passed, failed = reporter.print()
    errors = len(reporter.file_errors)
    out.write(
        f"Kết quả: {passed} kịch bản đạt, {failed} không đạt"
        + (f", {errors} tệp lỗi" if errors else "")
        + ".\n"
    )
    if errors or int(code) in {2, 3, 4}:
        return 2
    if failed or int(code) == 1:
        return 1
    if passed == 0:
        return 2
    return 0
