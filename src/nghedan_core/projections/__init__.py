"""Read models: pure folds over the global event order, shared by every adapter."""

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
