"""A package's public names, each imported from its module when first used (PEP 562)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, where: Mapping[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of `package`.

    `where` maps each name to the module it is imported from (``""``: the name is a
    submodule of `package`); a name is imported on first use and kept in the package.
    """
    names = frozenset(public)

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook of PEP 562
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = (
            importlib.import_module(f"{package}.{name}")
            if not module
            else getattr(importlib.import_module(module), name)
        )
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module hook of PEP 562
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__
