"""The Vietnamese step library: *Cho/Biết* (given), *Khi* (when), *Thì* (then).

Importing this package registers every step with pytest-bdd (as fixtures in the step
modules, which the plugin registers with pytest) and fills `CATALOGUE`.
"""

from __future__ import annotations

from nghedan_bdd.steps import given, then, when
from nghedan_bdd.steps._registry import CATALOGUE, KEYWORDS, StepDoc

__all__ = ["CATALOGUE", "KEYWORDS", "MODULES", "StepDoc"]

#: the modules holding the step fixtures, registered as pytest plugins by `nghedan_bdd.plugin`
MODULES = (given, when, then)
