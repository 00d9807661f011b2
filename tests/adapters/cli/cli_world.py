"""The small world of the CLI tests, and `Nd`: the ``nghedan`` command on one SQLite file.

Every test talks to the CLI through click's `CliRunner` with ``--db sqlite:///<tmp file>``
(the same error handling as the console script: `RootGroup.main`), and counts the events in
the file with ``sqlite3`` to prove that a refused command wrote nothing.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner, Result

from nghedan_cli import cli

COMMUNE = "29500"
HAMLET = "29500-01"
HAMLET2 = "29500-02"
CHAIR = "11111111-1111-4111-8111-111111111111"
DEPUTY = "22222222-2222-4222-8222-222222222222"
CLERK = "33333333-3333-4333-8333-333333333333"
HOUSEHOLD = "44444444-4444-4444-8444-444444444444"
HOUSEHOLD2 = "55555555-5555-4555-8555-555555555555"
COMPLAINT = "66666666-6666-4666-8666-666666666666"
COMPLAINT2 = "77777777-7777-4777-8777-777777777777"
VISIT = "88888888-8888-4888-8888-888888888888"
WORK = "99999999-9999-4999-8999-999999999999"

BEFORE = ("--occurred-at", "01/03/2024 08:00")

#: a commune of Trà Vinh with two hamlets, three officials, a funded fund, two households
#: and the March 2024 session scheduled — every step a command a clerk would type
WORLD: tuple[tuple[str, ...], ...] = (
    ("unit", "register", "--code", "94", "--name", "Tỉnh Trà Vinh", "--kind", "province", *BEFORE),
    (
        "unit", "register", "--code", COMMUNE, "--name", "Xã Ninh Thới", "--kind", "commune",
        "--parent", "94", *BEFORE,
    ),
    (
        "unit", "register", "--code", HAMLET, "--name", "Ấp Ô Rồm", "--kind", "hamlet",
        "--parent", COMMUNE, *BEFORE,
    ),
    (
        "unit", "register", "--code", HAMLET2, "--name", "Ấp Ngãi Hiệp", "--kind", "hamlet",
        "--parent", COMMUNE, *BEFORE,
    ),
    (
        "official", "register", "--official-id", CHAIR, "--unit", COMMUNE,
        "--full-name", "Trần Văn An", "--position", "Chủ tịch UBND xã", "--roles", "leader",
        *BEFORE,
    ),
    (
        "official", "register", "--official-id", DEPUTY, "--unit", COMMUNE,
        "--full-name", "Lê Thị Bình", "--position", "Phó Chủ tịch UBND xã", "--roles", "leader",
        *BEFORE,
    ),
    (
        "official", "register", "--official-id", CLERK, "--unit", COMMUNE,
        "--full-name", "Ngô Văn Cường", "--position", "Văn phòng - Thống kê", "--roles", "clerk",
        *BEFORE,
    ),
    ("fund", "open", "--unit", COMMUNE, *BEFORE),
    (
        "fund", "receive", "--unit", COMMUNE, "--amount", "10.000.000",
        "--source", "flag_ceremony", "--occurred-at", "04/03/2024 07:30",
    ),
    (
        "household", "register", "--household-id", HOUSEHOLD, "--unit", COMMUNE,
        "--hamlet", HAMLET, "--head-full-name", "Thạch Thị Hoa", "--categories", "poor", *BEFORE,
    ),
    (
        "household", "register", "--household-id", HOUSEHOLD2, "--unit", COMMUNE,
        "--hamlet", HAMLET2, "--head-full-name", "Sơn Văn Lợi", "--categories", "near_poor",
        *BEFORE,
    ),
    (
        "session", "schedule", "--unit", COMMUNE, "--month", "2024-03", "--date", "04/03/2024",
        "--reception-hamlet", HAMLET, "--hosts", CHAIR, *BEFORE,
    ),
)  # fmt: skip


class Nd:
    """The ``nghedan`` command on one SQLite file."""

    def __init__(self, path: Path) -> None:
        """Use the SQLite file at `path`."""
        self.path = path
        self.runner = CliRunner()

    @property
    def url(self) -> str:
        """The ``--db`` URL of the file."""
        return f"sqlite:///{self.path}"

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run ``nghedan --db <file> ARGS``, a write acting as the world's official for it.

        A write without ``--as`` (and no ``NGHEDAN_AS`` in `env`) acts as `acting_for` says:
        the one it names as acting in person, else the world's chair or clerk, else the
        administrator (who starts the file the first time one is needed).
        """
        if "--as" not in args and not (env and "NGHEDAN_AS" in env):
            who = self.acting_for(args, env)
            if who is not None:
                args = ("--as", who, *args)
        return self.raw("--db", self.url, *args, env=env)

    def acting_for(self, args: tuple[str, ...], env: dict[str, str] | None = None) -> str | None:
        """Who the world acts as for the CLI command `args` (None: a read)."""
        from nghedan_cli.commands import SUBCOMMANDS
        from nghedan_core import OfficialRole
        from nghedan_core.authority import OWN_ACTS, grant_of

        words: list[str] = []
        skip = False
        for a in args:  # the command's words, after the global options
            if skip:
                skip = False
            elif a in {"--lang", "--db", "--config"}:
                skip = True
            elif not a.startswith("-"):
                words.append(a)
        words = words[:2]
        found = next((c for c, spec in SUBCOMMANDS.items() if [spec[0], spec[1]] == words), None)
        if found is None:
            if words[:1] == ["import"] and "--check" not in args:
                return self.administrator(env)
            if words == ["person", "erase"]:
                return CHAIR  # a leader of the commune whose records hold the data
            return None
        field = OWN_ACTS.get(found)
        if field is not None:
            option = "--" + field.replace("_", "-")
            if option in args and args.index(option) + 1 < len(args):
                return args[args.index(option) + 1]
        grant = grant_of(found)
        roles = grant.allowed(supervisory_level=True)
        if grant.administrator and words[0] in {"unit", "official"}:
            return self.administrator(env)
        if OfficialRole.CLERK in roles:
            return CLERK
        if OfficialRole.LEADER in roles:
            return CHAIR
        return self.administrator(env)

    def administrator(self, env: dict[str, str] | None = None) -> str:
        """The administrator of the file (started now when the file is empty)."""
        if self.path.exists():
            with closing(sqlite3.connect(self.path)) as db:
                try:
                    row = db.execute(
                        "SELECT state FROM stored_events WHERE topic = 'nghedan.RecordStarted'"
                    ).fetchone()
                except sqlite3.OperationalError:
                    row = None
            if row is not None:
                return str(json.loads(bytes(row[0]))["payload"]["administrator_id"])
        result = self.raw("--db", self.url, "--json", "init", "--admin", "Quản trị viên", env=env)
        assert result.exit_code == 0, result.output
        return str(json.loads(result.output)["administrator_id"])

    def raw(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run ``nghedan ARGS`` (no ``--db`` added)."""
        return self.runner.invoke(cli, list(args), env=env)

    def ok(self, *args: str) -> Result:
        """Run and insist on success."""
        result = self(*args)
        assert result.exit_code == 0, result.output
        return result

    def events(self) -> int:
        """How many events the file holds (0 if it holds no event table)."""
        if not self.path.exists():
            return 0
        with closing(sqlite3.connect(self.path)) as db:
            try:
                return int(db.execute("SELECT count(*) FROM stored_events").fetchone()[0])
            except sqlite3.OperationalError:
                return 0


def refused(result: Result) -> str:
    """Assert a clean refusal (exit 2, no traceback) and return what it printed."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.output


def hold_march_session(nd: Nd) -> None:
    """The March 2024 session of the world: two complaints, one visit, closed short."""
    day = "04/03/2024"
    march = ("--month", "2024-03")
    steps: tuple[tuple[str, ...], ...] = (
        ("session", "flag-ceremony", "--unit", COMMUNE, *march, "--attendees", "45", "--occurred-at", f"{day} 07:00"),
        ("session", "reception", "--unit", COMMUNE, *march, "--hamlet", HAMLET, "--attendees", "23", "--occurred-at", f"{day} 08:00"),
        ("complaint", "raise", "--complaint-id", COMPLAINT, "--unit", COMMUNE, *march, "--citizen-full-name", "Kim Thị Mai", "--category", "infrastructure", "--content", "Đường sạt lở", "--occurred-at", f"{day} 08:10"),
        ("complaint", "take-on-record", "--complaint-id", COMPLAINT, "--reason", "needs_verification", "--appointment-at", "11/03/2024 08:00", "--appointment-place", "UBND xã", "--responsible", "Công chức địa chính", "--occurred-at", f"{day} 08:15"),
        ("complaint", "raise", "--complaint-id", COMPLAINT2, "--unit", COMMUNE, *march, "--citizen-full-name", "Sơn Văn Tư", "--category", "land", "--content", "Hỏi thủ tục cấp giấy", "--occurred-at", f"{day} 08:20"),
        ("complaint", "answer-on-spot", "--complaint-id", COMPLAINT2, "--answer", "Đã hướng dẫn", "--answered-by", CHAIR, "--basis", "Luật Đất đai 2013, Điều 99", "--occurred-at", f"{day} 08:25"),
        ("household", "select", "--household-id", HOUSEHOLD, *march, "--selected-by", CHAIR, "--occurred-at", f"{day} 09:10"),
        ("visit", "plan", "--visit-id", VISIT, "--unit", COMMUNE, *march, "--household-id", HOUSEHOLD, "--team", CHAIR, "--occurred-at", f"{day} 09:20"),
        ("visit", "conduct", "--visit-id", VISIT, "--gift-value", "500.000", "--causes", "illness", "--approvers", CHAIR, "--occurred-at", f"{day} 14:00"),
        ("session", "close", "--unit", COMMUNE, *march, "--minutes", "Biên bản họp", "--shortfall-reason", "Hộ thứ hai vắng nhà", "--occurred-at", f"{day} 17:00"),
    )  # fmt: skip
    for args in steps:
        nd.ok(*args)
