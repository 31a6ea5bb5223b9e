from .assessments import Assessment, AuditEvent, Invitation, Observation, RespondentRole, new_token
from .catalogue import Area, CatalogueVersion, Discipline, Kpi, Question, Risk, TargetModel
from .organisations import Membership, Organization, Team
from .responses import Answer, KpiValue, Response

__all__ = [
    "Answer",
    "Area",
    "Assessment",
    "AuditEvent",
    "CatalogueVersion",
    "Discipline",
    "Invitation",
    "Kpi",
    "KpiValue",
    "Membership",
    "Observation",
    "Organization",
    "Question",
    "RespondentRole",
    "Response",
    "Risk",
    "Team",
    "TargetModel",
    "new_token",
]
