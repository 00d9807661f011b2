"""Read models: pure folds over the global event order, shared by every adapter."""

from nghedan_core.projections._base import EventRecord, Projection, fold
from nghedan_core.projections.ledger import (
    DisclosureView,
    FundLedger,
    LedgerLine,
    LedgerView,
    LineKind,
    disclosure,
)

__all__ = [
    "DisclosureView",
    "EventRecord",
    "FundLedger",
    "LedgerLine",
    "LedgerView",
    "LineKind",
    "Projection",
    "disclosure",
    "fold",
]
