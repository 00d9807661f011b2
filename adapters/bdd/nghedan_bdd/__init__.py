"""nghedan_bdd — Vietnamese Gherkin scenarios over the nghedan core, for policy staff.

A pytest plugin (entry point ``nghedan_bdd``) that collects ``.feature`` files, a step
library in Vietnamese over the core's own commands and projections (`nghedan_bdd.steps`),
its catalogue (`nghedan_bdd.catalogue`), and ``nghedan features run`` (`nghedan_bdd.runner`),
which runs any folder of feature files with no Python and no conftest.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0.dev0"
