"""The pytest plugin (``pytest11`` entry point ``nghedan_bdd``): Vietnamese ``.feature`` files.

With the plugin loaded, ``pytest features/`` collects every ``.feature`` file directly — no
conftest, no Python test module: each file becomes a module whose tests are its scenarios
(pytest-bdd's `scenarios`), run with the step library. Known traps in a file are reported in
Vietnamese instead of parser tracebacks (`nghedan_bdd.loading`), an undefined step is
answered with the closest steps of the catalogue, and a failed step shows its Vietnamese
message without a traceback.
"""

from __future__ import annotations

import os
import types
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import scenarios
from pytest_bdd.parser import Feature, Scenario, Step

from nghedan_bdd.catalogue import closest
from nghedan_bdd.loading import FeatureFileError, load_feature
from nghedan_bdd.parsing import ParseError
from nghedan_bdd.steps import MODULES
from nghedan_bdd.world import BddError, World

__all__ = ["FeatureModule", "UndefinedStepError", "nghedan_world"]

WORLD = pytest.StashKey[World]()
FAILED_STEP = pytest.StashKey[Step]()


class UndefinedStepError(Exception):
    """A step no library step matches, with the closest steps of the catalogue."""

    def __init__(self, step: Step, scenario: Scenario, feature: Feature) -> None:
        """Explain in Vietnamese, with up to three suggestions."""
        kind = {"given": "Cho", "when": "Khi", "then": "Thì"}.get(step.type, step.type)
        near = closest(step.type, step.name)
        lines = [
            f"{_relative(feature.filename)}:{step.line_number}: chưa có bước"
            f" «{step.keyword} {step.name}» (loại {kind}) trong thư viện bước"
            f" (kịch bản «{scenario.name}»).",
            "Các bước gần giống nhất trong catalogue:",
            *(f"  {s.example_line}" for s in near),
            "Xem toàn bộ catalogue: nghedan features steps",
        ]
        super().__init__("\n".join(lines))


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path


def pytest_configure(config: pytest.Config) -> None:
    """Register the step modules (their step fixtures become visible everywhere)."""
    for module in MODULES:
        if not config.pluginmanager.is_registered(module):
            config.pluginmanager.register(module, f"nghedan_bdd.steps.{module.__name__}")
    config.addinivalue_line("markers", "nghedan_bdd: a Vietnamese scenario of nghedan")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect ``.feature`` files."""
    if file_path.suffix == ".feature":
        return FeatureModule.from_parent(parent, path=file_path)
    return None


class FeatureModule(pytest.Module):
    """A ``.feature`` file, collected as a module of pytest-bdd scenarios."""

    def _getobj(self) -> types.ModuleType:
        try:
            feature = load_feature(self.path)
        except FeatureFileError as error:
            raise self.CollectError(str(error)) from None
        for tag in feature.tags | {t for s in feature.scenarios.values() for t in s.tags}:
            self.config.addinivalue_line("markers", f"{tag}: nhãn trong {self.path.name}")
        module = types.ModuleType(f"nghedan_features.{self.path.stem}")
        module.__file__ = str(self.path)
        code = compile(
            "scenarios(__feature__, features_base_dir=__base__)\n", str(self.path), "exec"
        )
        namespace: dict[str, Any] = module.__dict__
        namespace.update(
            scenarios=scenarios, __feature__=str(self.path), __base__=str(self.path.parent)
        )
        exec(code, namespace)  # noqa: S102 - a fixed line: bind the file's scenarios here
        return module


@pytest.fixture
def nghedan_world(request: pytest.FixtureRequest) -> World:
    """The world of one scenario: a fresh in-memory application."""
    world = World()
    request.node.stash[WORLD] = world
    return world


def pytest_bdd_step_func_lookup_error(
    feature: Feature,
    scenario: Scenario,
    step: Step,
    exception: Exception,
) -> None:
    """Replace pytest-bdd's English error by the Vietnamese one with suggestions."""
    raise UndefinedStepError(step, scenario, feature) from exception


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step) -> None:
    """Remember the step that failed (the scenario's end check is then skipped)."""
    request.node.stash[FAILED_STEP] = step
    world = request.node.stash.get(WORLD, None)
    if world is not None:
        world.step_failed = True


def pytest_bdd_after_scenario(request: pytest.FixtureRequest) -> None:
    """A scenario must not end on a refusal nobody checked."""
    world = request.node.stash.get(WORLD, None)
    if world is not None and not world.step_failed:
        world.require_checked()


_CLEAN = (BddError, ParseError, UndefinedStepError)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Show a failed scenario step as its Vietnamese message, not as a traceback."""
    report = yield
    if (
        call.excinfo is not None
        and isinstance(item.parent, FeatureModule)
        and isinstance(call.excinfo.value, _CLEAN)
    ):
        step = item.stash.get(FAILED_STEP, None)
        where = ""
        if step is not None and not isinstance(call.excinfo.value, UndefinedStepError):
            where = f"Bước «{step.keyword.strip()} {step.name}» (dòng {step.line_number}):\n"
        report.longrepr = f"{item.nodeid}\n{where}{call.excinfo.value}"
    return report
