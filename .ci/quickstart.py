"""Print a Quick start command from README.md: `demo` (the first line) or `test` (the second).

CI runs exactly what the README tells a newcomer to run, so the two cannot drift apart.
"""

import re
import sys
from pathlib import Path


def quickstart_commands(readme: str) -> list[str]:
    """The command lines of the first fenced block under '## Quick start'."""
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```[^\n]*\n(.*?)```", section, re.DOTALL)
    if block is None:
        msg = "no fenced block under ## Quick start"
        raise SystemExit(msg)
    return [line for line in block.group(1).splitlines() if line.strip()]


if __name__ == "__main__":
    commands = quickstart_commands(Path("README.md").read_text(encoding="utf-8"))
    which = {"demo": 0, "test": 1}[sys.argv[1] if len(sys.argv) > 1 else "test"]
    print(commands[which])  # noqa: T201
