"""A mixed load on one fund, what its writers were told, and the check that the history agrees.

`mixed_command` makes contributions and gift payments on the fund of `world.COMMUNE`;
`contribute_and_disburse` sends a series of them through the library (a worker process).
Each writer (a process through the library, an HTTP client) keeps an `Outcomes`: the
receipts and payments it was told were accepted, and the commands it was told were refused.
`check_fund` then holds the store to it: the fund's ledger lines since the load began are
exactly the accepted ones (nothing lost, nothing doubled), the final balance is the opening
balance plus their sum, the running balance never went below zero, and a refused command
left no trace — no ``command_id`` marker and no event naming its id.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import multiprocessing.synchronize
import random
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import attrs

from nghedan_core import (
    Command,
    ConcurrencyConflictError,
    ContributionSource,
    DisbursementPurpose,
    MakeDisbursement,
    NgheDan,
    ReceiveContribution,
    Recorded,
    Vnd,
)
from nghedan_core.errors import InsufficientBalanceError
from nghedan_core.projections import FundLedger, LedgerLine
from nghedan_core.values import stable_id

from world import COMMUNE, World, at

#: operations per writer of the mixed load
MIXED = 60
#: the fund's balance when the load starts: small, so that payments outrun receipts now and
#: then and some are refused
OPENING = 1_000_000


@attrs.define
class Outcomes:
    """Receipt id → amount and disbursement id → amount accepted; command id → id refused."""

    receipts: dict[str, int] = attrs.field(factory=dict)
    payments: dict[str, int] = attrs.field(factory=dict)
    refused: dict[str, str] = attrs.field(factory=dict)

    def merge(self, other: Outcomes) -> None:
        """Add another writer's outcomes (the ids are unique across writers)."""
        for mine, theirs in (
            (self.receipts, other.receipts),
            (self.payments, other.payments),
            (self.refused, other.refused),
        ):
            assert not mine.keys() & theirs.keys(), "two writers used the same id"
            mine.update(theirs)

    def save(self, path: Path) -> None:
        """Write to `path` (a worker process hands its outcomes back this way)."""
        path.write_text(json.dumps(attrs.asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Outcomes:
        """Read what `save` wrote."""
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def _ids(payload: Any) -> set[str]:
    """Every receipt or disbursement id a payload names."""
    if not isinstance(payload, dict):
        return set()
    return {str(payload[k]) for k in ("receipt_id", "disbursement_id") if k in payload}


def _difference(recorded: dict[str, int], accepted: dict[str, int]) -> str:
    """What the history holds that the writers were not told of, and the other way round."""
    extra = {k: v for k, v in recorded.items() if accepted.get(k) != v}
    lost = {k: v for k, v in accepted.items() if recorded.get(k) != v}
    return f"recorded but not accepted: {extra}; accepted but not recorded: {lost}"


def check_fund(
    app: NgheDan, *, start: int, commands: int, outcomes: Outcomes
) -> tuple[LedgerLine, ...]:
    """Hold the history since position `start` to the `outcomes` of `commands` commands.

    The fund (of `COMMUNE`) held `OPENING` at `start`. Returns the load's ledger lines.
    """
    told = len(outcomes.receipts) + len(outcomes.payments) + len(outcomes.refused)
    assert told == commands, f"the writers were told of {told} commands, not {commands}"
    assert outcomes.payments, "no payment was accepted"
    assert outcomes.refused, "no payment was refused: the load never tested the balance rule"
    unit, opening = COMMUNE, OPENING
    ledger = FundLedger()
    named: set[str] = set()
    for record in app.records():
        ledger.apply(record)
        if record.position > start:
            named |= _ids(record.payload)
    view = ledger.view()
    lines = tuple(line for line in view.for_unit(unit) if line.position > start)
    receipts = {line.reference: line.amount_vnd for line in lines if line.kind == "receipt"}
    payments = {line.reference: line.amount_vnd for line in lines if line.kind == "payment"}
    assert len(receipts) + len(payments) == len(lines), "a receipt or payment recorded twice"
    assert receipts == outcomes.receipts, _difference(receipts, outcomes.receipts)
    assert payments == outcomes.payments, _difference(payments, outcomes.payments)
    expected = opening + sum(outcomes.receipts.values()) - sum(outcomes.payments.values())
    assert view.balances[unit] == expected
    fund = app.fund(unit)
    assert fund is not None
    assert fund.balance.amount == expected
    negative = [line for line in view.for_unit(unit) if line.balance_vnd < 0]
    assert not negative, f"the balance went negative: {negative[:3]}"
    assert view.lowest[unit] >= 0
    for command_id, refused_id in outcomes.refused.items():
        assert not app.stream(stable_id("command", command_id)), f"{command_id} has a marker"
        assert refused_id not in named, f"refused {refused_id} left an event"
    return lines


def mixed_command(
    rng: random.Random, key: str, household: UUID, approver: UUID
) -> ReceiveContribution | MakeDisbursement:
    """A contribution (100,000-300,000 đồng) or, as often, a gift payment (200,000-600,000)."""
    if rng.random() < 0.5:
        return ReceiveContribution(
            unit=COMMUNE,
            receipt_id=uuid5(NAMESPACE_URL, f"receipt-{key}"),
            amount=Vnd(rng.randint(100_000, 300_000)),
            source=ContributionSource.FLAG_CEREMONY,
            occurred_at=at(20, 9),
            command_id=f"mixed-{key}",
        )
    return MakeDisbursement(
        unit=COMMUNE,
        disbursement_id=uuid5(NAMESPACE_URL, f"payment-{key}"),
        purpose=DisbursementPurpose.GIFT,
        amount=Vnd(rng.randint(200_000, 600_000)),
        household_id=household,
        approvers=(approver,),
        occurred_at=at(20, 10),
        command_id=f"mixed-{key}",
    )


def record_outcome(outcomes: Outcomes, command: Command, *, accepted: bool) -> None:
    """Note what the writer was told of `command`: accepted (with its amount), or refused."""
    assert isinstance(command, (ReceiveContribution, MakeDisbursement))
    assert command.command_id is not None
    if isinstance(command, ReceiveContribution):
        ref, book = str(command.receipt_id), outcomes.receipts
    else:
        ref, book = str(command.disbursement_id), outcomes.payments
    if accepted:
        book[ref] = command.amount.amount
    else:
        outcomes.refused[command.command_id] = ref


def send(app: NgheDan, command: Command, actor: UUID | None = None) -> tuple[Recorded, ...]:
    """`actor` sends `command`, again after a conflict, as any client would."""
    for _ in range(10):
        # A writer that kept losing to the others gets a clear conflict error, and, like
        # any client, sends the same command again: its command_id makes that safe.
        try:
            return app.handle(command, actor=actor)
        except ConcurrencyConflictError:
            continue
    raise ConcurrencyConflictError(attempts=10)


def contribute_and_disburse(
    url: str,
    name: str,
    household: UUID,
    approver: UUID,
    clerk: UUID,
    out: Path,
    start: multiprocessing.synchronize.Barrier,
) -> None:
    """Worker process: MIXED receipts and payments through the library; outcomes to `out`."""
    try:
        # a process of its own: recording the scenario's acts on the day they happen
        app = NgheDan(url, clock=lambda: at(20, 11))
    finally:
        start.wait(timeout=120)  # a worker that fails to start must not hang the others
    rng = random.Random(name)  # noqa: S311 - reproducible amounts
    outcomes = Outcomes()
    for i in range(MIXED):
        command = mixed_command(rng, f"{name}-{i}", household, approver)
        try:
            who = approver if isinstance(command, MakeDisbursement) else clerk
            recorded = send(app, command, who)
        except InsufficientBalanceError:
            record_outcome(outcomes, command, accepted=False)
            continue
        assert recorded, "a new command_id recorded nothing"
        record_outcome(outcomes, command, accepted=True)
    outcomes.save(out)


@attrs.frozen
class Processes:
    """Worker processes running `contribute_and_disburse`, each with its outcomes file."""

    workers: tuple[mp.process.BaseProcess, ...]
    files: tuple[Path, ...]
    #: kept alive until the workers have started from it
    barrier: multiprocessing.synchronize.Barrier

    @classmethod
    def start(cls, url: str, count: int, world: World, directory: Path) -> Processes:
        """Start `count` workers on the store at `url`; they begin together."""
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(count)
        files = tuple(directory / f"process-{w}.json" for w in range(count))
        workers = tuple(
            ctx.Process(
                target=contribute_and_disburse,
                args=(
                    url,
                    f"process-{w}",
                    world.household,
                    world.chair,
                    world.clerk,
                    files[w],
                    barrier,
                ),
            )
            for w in range(count)
        )
        for p in workers:
            p.start()
        return cls(workers, files, barrier)

    def outcomes(self) -> Outcomes:
        """Wait for every worker to succeed; what they were told, together."""
        for p in self.workers:
            p.join(timeout=240)
        assert [p.exitcode for p in self.workers] == [0] * len(self.workers)
        outcomes = Outcomes()
        for file in self.files:
            outcomes.merge(Outcomes.load(file))
        return outcomes
