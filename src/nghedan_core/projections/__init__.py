"""Read models: pure folds over the global event order, shared by every adapter.

Each name is imported from its module when first used (PEP 562): a command that reads the
complaint board loads neither the period report nor the dossier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from nghedan_core._lazy import lazy_names

if TYPE_CHECKING:
    from nghedan_core.projections._base import EventRecord, Projection, fold
    from nghedan_core.projections.complaints import (
        BoardCounts,
        BoardEntry,
        BoardGroup,
        ComplaintBoard,
        ComplaintBoardView,
        ComplaintStatus,
    )
    from nghedan_core.projections.dossier import DossierView, SessionDossier
    from nghedan_core.projections.households import (
        HouseholdHistory,
        HouseholdHistoryView,
        HouseholdRecord,
    )
    from nghedan_core.projections.ledger import (
        DisclosureView,
        FundLedger,
        LedgerLine,
        LedgerView,
        LineKind,
        disclosure,
    )
    from nghedan_core.projections.quota import QuotaCompliance, QuotaLine, QuotaView
    from nghedan_core.projections.report import (
        FundFigures,
        PeriodReport,
        PeriodReportView,
        QuotaFigures,
        Tally,
    )
    from nghedan_core.projections.units import UnitDirectory, UnitEntry

#: where each name lives
_LAZY: Final[dict[str, str]] = {
    "EventRecord": "nghedan_core.projections._base",
    "Projection": "nghedan_core.projections._base",
    "fold": "nghedan_core.projections._base",
    "BoardCounts": "nghedan_core.projections.complaints",
    "BoardEntry": "nghedan_core.projections.complaints",
    "BoardGroup": "nghedan_core.projections.complaints",
    "ComplaintBoard": "nghedan_core.projections.complaints",
    "ComplaintBoardView": "nghedan_core.projections.complaints",
    "ComplaintStatus": "nghedan_core.projections.complaints",
    "DossierView": "nghedan_core.projections.dossier",
    "SessionDossier": "nghedan_core.projections.dossier",
    "HouseholdHistory": "nghedan_core.projections.households",
    "HouseholdHistoryView": "nghedan_core.projections.households",
    "HouseholdRecord": "nghedan_core.projections.households",
    "DisclosureView": "nghedan_core.projections.ledger",
    "FundLedger": "nghedan_core.projections.ledger",
    "LedgerLine": "nghedan_core.projections.ledger",
    "LedgerView": "nghedan_core.projections.ledger",
    "LineKind": "nghedan_core.projections.ledger",
    "disclosure": "nghedan_core.projections.ledger",
    "QuotaCompliance": "nghedan_core.projections.quota",
    "QuotaLine": "nghedan_core.projections.quota",
    "QuotaView": "nghedan_core.projections.quota",
    "FundFigures": "nghedan_core.projections.report",
    "PeriodReport": "nghedan_core.projections.report",
    "PeriodReportView": "nghedan_core.projections.report",
    "QuotaFigures": "nghedan_core.projections.report",
    "Tally": "nghedan_core.projections.report",
    "UnitDirectory": "nghedan_core.projections.units",
    "UnitEntry": "nghedan_core.projections.units",
}

__all__ = [
    "BoardCounts",
    "BoardEntry",
    "BoardGroup",
    "ComplaintBoard",
    "ComplaintBoardView",
    "ComplaintStatus",
    "DisclosureView",
    "DossierView",
    "EventRecord",
    "FundFigures",
    "FundLedger",
    "HouseholdHistory",
    "HouseholdHistoryView",
    "HouseholdRecord",
    "LedgerLine",
    "LedgerView",
    "LineKind",
    "PeriodReport",
    "PeriodReportView",
    "Projection",
    "QuotaCompliance",
    "QuotaFigures",
    "QuotaLine",
    "QuotaView",
    "SessionDossier",
    "Tally",
    "UnitDirectory",
    "UnitEntry",
    "disclosure",
    "fold",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__)
