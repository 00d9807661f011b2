"""``nghedan demo``: record the Cầu Kè dataset through the clerk's commands, then report."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator

import click

from nghedan_cli.base import LocalizedCommand, env_of, fail, lang_of
from nghedan_core.aggregates import Command
from nghedan_core.demo import record_demo

__all__ = ["demo"]


@click.command(
    "demo",
    cls=LocalizedCommand,
    help_vi_en=(
        "Ghi bộ dữ liệu mẫu 11 xã, thị trấn huyện Cầu Kè (01–06/2024) bằng đúng các lệnh "
        "văn phòng xã sử dụng, mỗi lệnh do một cán bộ có tên của dữ liệu mẫu thực hiện, rồi "
        "in báo cáo kỳ và kết quả kiểm toán quỹ.",
        "Record the sample dataset of Cầu Kè district's 11 communes and towns (Jan–Jun 2024) "
        "through the same commands a clerk uses, each carried out by a named official of the "
        "demo, then print the period report and the fund audit.",
    ),
    example="--db sqlite:///demo.db",
)
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Record the demo dataset."""
    env = env_of(ctx)
    lang = lang_of(ctx)
    app = env.app
    if app.max_position() > 0:
        fail(
            (
                f"Cơ sở dữ liệu {app.database_url} đã có dữ liệu ({app.max_position()} sự kiện); "
                "dữ liệu mẫu chỉ ghi vào cơ sở dữ liệu trống. Dùng --db để chọn tệp khác."
            )
            if lang == "vi"
            else (
                f"The database {app.database_url} is not empty ({app.max_position()} events); the "
                "demo only records into an empty database. Choose another with --db."
            )
        )
    label = "Đang ghi dữ liệu mẫu" if lang == "vi" else "Recording the demo"

    def progress(commands: Iterable[Command]) -> Iterator[Command]:
        with click.progressbar(
            list(commands), label=label, file=sys.stderr if sys.stderr.isatty() else io.StringIO()
        ) as bar:
            yield from bar

    # started by the demo's administrator; each command carried out by a named official
    record_demo(app, progress)
    from nghedan_cli.reading import print_demo_summary  # noqa: PLC0415

    print_demo_summary(ctx)
