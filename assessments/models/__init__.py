from .assessments import Assessment, AuditEvent, Invitation, Observation, RespondentRole, ScheduledReminder, new_token
from .catalogue import Area, CatalogueVersion, Discipline, Kpi, Question, Risk, TargetModel
from .organisations import DEFAULT_FIRM, Firm, FirmMember, Membership, Organization, Team, default_firm_id
from .responses import Answer, KpiValue, Response

__all__ = [
    "DEFAULT_FIRM",
    "Firm",
    "FirmMember",
    "default_firm_id",
    "Answer",
    "Area",
    "Assessment",
    "AuditEvent",
    "ScheduledReminder",
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
