"""nghedan_cli — the ``nghedan`` command line (click), a thin adapter over nghedan_core."""

from nghedan_cli.main import cli, main

__all__ = ["cli", "main"]
