"""The report's presentation model: every printed figure, label, colour, delta and chart
choice, decided once (rules.py) and stored in one immutable document (document.py) that
the results page, the PDF and the other deliverables lay out.

    document = build_document(inputs)   # ReportInputs -> ReportDocument (build.py)

Pure: no Django, no rendering. reports/context.py fills ReportInputs from the database.
"""

from .build import build_document
from .document import ReportDocument, Score
from .inputs import (
    ActionSpec,
    CommentItem,
    KpiInfo,
    ObservationItem,
    QuestionGuidance,
    ReportInputs,
    Review,
    ReviewDecision,
)

__all__ = ["ActionSpec", "CommentItem", "KpiInfo", "ObservationItem", "QuestionGuidance", "ReportDocument",
           "ReportInputs", "Review", "ReviewDecision", "Score", "build_document"]
