"""``nghedan features``: the step catalogue and the runner, as a click group.

The lead registers `features_group` in the main ``nghedan`` command; until then (and for
tests) it runs on its own: ``python -m nghedan_bdd.cli steps`` / ``run features/``.
"""

from __future__ import annotations

import sys

import click

from nghedan_bdd.runner import run

__all__ = ["features_group", "main"]


@click.group(
    "features",
    help="Kịch bản Gherkin tiếng Việt: xem thư viện bước và chạy các tệp .feature."
    " / Vietnamese Gherkin scenarios: the step catalogue and the runner.",
)
def features_group() -> None:
    """Vietnamese feature files."""


@features_group.command(
    "steps",
    help="In mọi bước (mẫu, mô tả, ví dụ) dạng Markdown; --json cho máy."
    " / Print every step (pattern, description, example) as Markdown; --json for machines.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON thay cho Markdown / JSON output.")
def steps_command(as_json: bool) -> None:
    """Print the step catalogue."""
    from nghedan_bdd import catalogue  # noqa: PLC0415 - loads pytest-bdd only when asked

    click.echo(catalogue.as_json() if as_json else catalogue.markdown(), nl=False)


@features_group.command(
    "run",
    help="Chạy các tệp .feature (hoặc thư mục) với thư viện bước; không cần Python."
    " / Run .feature files (or folders) with the step library; no Python needed.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def run_command(paths: tuple[str, ...]) -> None:
    """Run feature files."""
    code = run(list(paths), sys.stdout)
    sys.stdout.flush()
    raise SystemExit(code)


def main() -> None:
    """Run the group on its own (``python -m nghedan_bdd.cli``)."""
    features_group(prog_name="nghedan features")


if __name__ == "__main__":
    main()
