"""The ``nghedan`` command: global options and explicit registration of every command."""

from __future__ import annotations

import os

import click

from nghedan_cli.auditing import (
    audit_group,
    export_command,
    import_command,
    restore_command,
    schema_command,
)
from nghedan_cli.base import Env, LocalizedCommand, LocalizedGroup, LocalizedOption, RootGroup, fail
from nghedan_cli.commands import aggregate_groups
from nghedan_cli.demo import demo
from nghedan_cli.i18n import T
from nghedan_cli.personal import key_group, person_group
from nghedan_cli.reading import disclosure_command, ledger_command, report_command
from nghedan_cli.views import (
    complaints_command,
    dossier_command,
    household_history_command,
    quota_command,
)

__all__ = ["cli", "main"]


@click.group(
    "nghedan",
    cls=RootGroup,
    help_vi_en=T["main.help"],
    example="--db sqlite:///demo.db demo",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db", "db", cls=LocalizedOption, default=None, metavar="URL", help_vi_en=T["opt.db"]
)
@click.option(
    "--lang",
    cls=LocalizedOption,
    type=click.Choice(["vi", "en"]),
    default=lambda: "en" if os.environ.get("NGHEDAN_LANG") == "en" else "vi",
    show_default=False,
    help_vi_en=T["opt.lang"],
)
@click.option(
    "--config",
    "config_path",
    cls=LocalizedOption,
    default=None,
    metavar="FILE",
    help_vi_en=T["opt.config"],
)
@click.option("--json", "as_json", cls=LocalizedOption, is_flag=True, help_vi_en=T["opt.json"])
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, lang: str, config_path: str | None, as_json: bool
) -> None:
    """Nghedan."""
    ctx.obj = Env(db=db, lang=lang, config_path=config_path, json=as_json)


_groups = {group.name: group for group in aggregate_groups()}
_groups["household"].add_command(household_history_command)
for _group in _groups.values():
    cli.add_command(_group)
for _command in (
    demo,
    report_command,
    ledger_command,
    disclosure_command,
    complaints_command,
    quota_command,
    dossier_command,
    audit_group,
    export_command,
    import_command,
    restore_command,
    schema_command,
    person_group,
    key_group,
):
    cli.add_command(_command)


def _missing(name: str, extra: str, vi: str, en: str) -> click.Command:
    """A command standing for one of an extra that is not installed: it says how to get it."""

    @click.command(
        name,
        cls=LocalizedCommand,
        help_vi_en=(
            f"{vi} (cần: pip install 'nghedan[{extra}]').",
            f"{en} (needs: pip install 'nghedan[{extra}]').",
        ),
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    def missing() -> None:
        install = f"pip install 'nghedan[{extra}]'"
        fail(f"Cần cài thêm: {install} / Install: {install}")

    return missing


def _features() -> click.Command:
    """The ``features`` group of the BDD adapter, or a command saying how to install it."""
    try:
        from nghedan_bdd.cli import features_group  # noqa: PLC0415 - optional extra
    except ImportError:
        return _missing("features", "bdd", "Chạy kịch bản tiếng Việt", "Run Vietnamese scenarios")
    return _localized_features(features_group)


_FEATURES_HELP: dict[str, tuple[str, str, str]] = {
    "": (
        "Kịch bản Gherkin tiếng Việt: thư viện bước và chạy các tệp .feature.",
        "Vietnamese Gherkin scenarios: the step catalogue and the runner.",
        "run features/",
    ),
    "steps": (
        "In mọi bước (mẫu, mô tả, ví dụ) dạng Markdown; --json cho máy.",
        "Print every step (pattern, description, example) as Markdown; --json for machines.",
        "--json",
    ),
    "run": (
        "Chạy các tệp .feature (hoặc thư mục) với thư viện bước; không cần Python.",
        "Run .feature files (or folders) with the step library; no Python needed.",
        "features/",
    ),
}


def _localized_features(group: click.Group) -> click.Group:
    """The BDD adapter's group, dressed in the CLI's bilingual help and examples."""
    vi, en, example = _FEATURES_HELP[""]
    dressed = LocalizedGroup(name="features", help_vi_en=(vi, en), example=example)
    for name, command in group.commands.items():
        vi, en, example = _FEATURES_HELP.get(name, (command.help or name, command.help or name, ""))
        dressed.add_command(
            LocalizedCommand(
                name=name,
                params=command.params,
                callback=command.callback,
                help_vi_en=(vi, en),
                example=example or None,
                json_flag=False,
            )
        )
    return dressed


cli.add_lazy("features", _features)


def _http_command(name: str) -> click.Command | None:
    """``serve`` or ``token`` from the HTTP adapter, or a command saying how to install it."""
    try:
        from nghedan_http.cli import serve_command, token_group  # noqa: PLC0415 - optional extra
    except ImportError:
        if name == "serve":
            return _missing("serve", "http", "Chạy API HTTP", "Run the HTTP API")
        return _missing("token", "http", "Mã truy cập API", "API tokens")
    commands: dict[str, click.Command] = {"serve": serve_command, "token": token_group}
    return commands[name]


cli.add_lazy("serve", lambda: _http_command("serve"))
cli.add_lazy("token", lambda: _http_command("token"))


def main() -> None:
    """Entry point of the ``nghedan`` console script."""
    cli.main(prog_name="nghedan")
