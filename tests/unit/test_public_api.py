"""The core's public API is `nghedan_core.__all__`, and the adapters keep to public names.

Each public name imports, docs/api.md lists them, and no adapter reaches past them to a
private name of the core.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import nghedan_core
from nghedan_core import projections
from nghedan_core.aggregates import COMMANDS, EVENT_TOPICS

ROOT = Path(__file__).resolve().parents[2]


def test_every_public_name_imports_from_the_package() -> None:
    """`from nghedan_core import X` works for every X of `__all__`, and nothing else is listed."""
    for name in nghedan_core.__all__:
        namespace: dict[str, object] = {}
        exec(f"from nghedan_core import {name}", namespace)  # noqa: S102 - the statement itself
        assert namespace[name] is getattr(nghedan_core, name)
    assert len(set(nghedan_core.__all__)) == len(nghedan_core.__all__)


def test_every_command_and_event_class_is_public() -> None:
    """An embedding system can name every command it sends and every event it reads."""
    public = set(nghedan_core.__all__)
    assert {cls.__name__ for cls in COMMANDS} <= public
    assert {cls.__name__ for cls in EVENT_TOPICS.values() if cls.__name__ != "Command"} <= public


def test_internals_are_not_public() -> None:
    """The converter, the stream ids and the deciders' facts stay inside the core."""
    for name in (
        "CONVERTER",
        "EVENT_TOPICS",
        "AGGREGATES",
        "FundFacts",
        "stable_id",
        "business_date",
    ):
        assert name not in nghedan_core.__all__
        assert not hasattr(nghedan_core, name)


def _type_checking_names(package: ModuleType) -> dict[str, str]:
    """Name -> module of the imports the type checker sees in `package`'s ``__init__.py``."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If))
    found: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        assert node.module is not None
        for alias in node.names:
            found[alias.name] = "" if node.module == package.__name__ else node.module
    return found


@pytest.mark.parametrize("package", [nghedan_core, projections], ids=lambda p: p.__name__)
def test_the_type_checker_sees_what_the_package_loads(package: ModuleType) -> None:
    """The imports under TYPE_CHECKING name each public name from the module it loads from."""
    lazy: dict[str, str] = package._LAZY
    assert _type_checking_names(package) == lazy
    assert set(lazy) == set(package.__all__)
    for name in package.__all__:
        assert getattr(package, name) is not None


def test_importing_the_package_loads_no_heavy_module() -> None:
    """`import nghedan_core` loads neither the aggregates, the application nor the converter."""
    code = "import sys, nghedan_core; print(sorted(m for m in sys.modules if m.startswith('nghedan_')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['nghedan_core', 'nghedan_core._lazy']"


def _api_doc_names() -> list[str]:
    text = (ROOT / "docs/api.md").read_text(encoding="utf-8")
    rows = re.findall(r"^- \*\*[^*]+\*\*: (.+)$", text, flags=re.MULTILINE)
    return [name for row in rows for name in re.findall(r"`(\w+)`", row)]


def test_the_api_page_lists_exactly_the_public_names() -> None:
    """docs/api.md names every public name once, and no other."""
    names = _api_doc_names()
    assert sorted(names) == sorted(nghedan_core.__all__)


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _private_imports(path: Path) -> list[str]:
    """The names of the core `path` imports that are not public where it imports them from."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                a.name
                for a in node.names
                if a.name.startswith("nghedan_core.")
                and any(part.startswith("_") for part in a.name.split("."))
            ]
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        if node.module.split(".")[0] != "nghedan_core":
            continue
        module = importlib.import_module(node.module)
        public = set(getattr(module, "__all__", ())) | {"__version__"}
        private_module = any(part.startswith("_") for part in node.module.split("."))
        for alias in node.names:
            submodule = f"{node.module}.{alias.name}"
            if not alias.name.startswith("_") and _is_module(submodule):
                continue
            if private_module or alias.name not in public:
                found.append(f"{node.module}.{alias.name} (line {node.lineno})")
    return found


def test_no_adapter_imports_a_private_name_of_the_core() -> None:
    """Adapters import only names in `__all__` of the core module they import from."""
    found = {
        str(path.relative_to(ROOT)): names
        for path in sorted((ROOT / "adapters").rglob("*.py"))
        if (names := _private_imports(path))
    }
    assert found == {}


def test_the_check_of_adapters_catches_a_private_import(tmp_path: Path) -> None:
    """The check above is not blind: an underscore name or one off `__all__` is caught."""
    module = tmp_path / "adapter.py"
    module.write_text(
        "from nghedan_core.values import _CONTROL, MAX_TEXT, Month\n"
        "from nghedan_core import NgheDan, stable_id\n",
        encoding="utf-8",
    )
    assert _private_imports(module) == [
        "nghedan_core.values._CONTROL (line 1)",
        "nghedan_core.values.MAX_TEXT (line 1)",
        "nghedan_core.stable_id (line 2)",
    ]
