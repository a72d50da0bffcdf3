"""All models, imported here so that Alembic and relationships see every table."""

from .aftervisit import AfterVisit, AfterVisitRead, AfterVisitStep, AfterVisitVersion
from .application import Application, ApplicationStatus
from .audit import AccessAction, AccessEvent, SpotCheck
from .base import utcnow
from .changes import ChangeNote, Measurement, MeasurementKind
from .clinic import Clinic
from .contact import (
    CALLBACK_CLOSED,
    AnswerTemplate,
    CallAttempt,
    CallbackRequest,
    CallbackStatus,
    CallOutcome,
    ContactMessage,
    Conversation,
    ConversationKind,
    ConversationStatus,
)
from .health import CheckOutcome, HealthCheck, InvitationAnswer
from .health_questions import AnsweredBy, HealthQuestionnaire, QuestionnaireStatus
from .healthplan import HealthPlan, HealthPlanGoal, HealthPlanVersion
from .home import GroupHome, GroupHomeMember, HomeEvent, HomeEventKind, HomeMandate, HomeRole
from .needs import NeedReview, NeedRevision
from .notice import MailNotice
from .patient import (
    Invitation,
    Mandate,
    MandateKind,
    MandateStatus,
    Patient,
    PatientPreferences,
    Scope,
    StaffNote,
)
from .reminders import ReminderKind, VisitReminder
from .staff import Duty, Gender, Profession, StaffMember, usual_duties
from .tablet import HomeDevice, HomeDeviceUser
from .usage import UsageCount, UsageKind
from .user import AuthSession, LoginCode, PasswordReset, ResumeDraft, Role, TextSize, User
from .usual import UsualRevision
from .visits import (
    Attendance,
    ChangeKind,
    Photo,
    Preparation,
    PreparationStatus,
    Visit,
    VisitChange,
    VisitRequest,
    VisitStep,
    VisitStepVariant,
    VisitType,
)

__all__ = [
    "Application",
    "ApplicationStatus",
    "Attendance",
    "UsageCount",
    "UsageKind",
    "AfterVisit",
    "AfterVisitRead",
    "AfterVisitStep",
    "AfterVisitVersion",
    "AnswerTemplate",
    "CALLBACK_CLOSED",
    "CallAttempt",
    "CallbackRequest",
    "CallbackStatus",
    "CallOutcome",
    "ChangeNote",
    "ContactMessage",
    "Conversation",
    "ConversationKind",
    "ConversationStatus",
    "Duty",
    "AccessAction",
    "AccessEvent",
    "AuthSession",
    "ChangeKind",
    "CheckOutcome",
    "Clinic",
    "Invitation",
    "LoginCode",
    "MailNotice",
    "Measurement",
    "MeasurementKind",
    "Mandate",
    "MandateKind",
    "MandateStatus",
    "NeedReview",
    "NeedRevision",
    "PasswordReset",
    "Gender",
    "GroupHome",
    "GroupHomeMember",
    "HealthCheck",
    "HomeEvent",
    "HomeEventKind",
    "HomeMandate",
    "HomeRole",
    "HomeDevice",
    "HomeDeviceUser",
    "HealthQuestionnaire",
    "AnsweredBy",
    "QuestionnaireStatus",
    "HealthPlan",
    "HealthPlanGoal",
    "HealthPlanVersion",
    "InvitationAnswer",
    "Patient",
    "PatientPreferences",
    "Photo",
    "Preparation",
    "PreparationStatus",
    "Profession",
    "ReminderKind",
    "ResumeDraft",
    "Role",
    "Scope",
    "SpotCheck",
    "StaffMember",
    "StaffNote",
    "TextSize",
    "User",
    "UsualRevision",
    "Visit",
    "VisitChange",
    "VisitReminder",
    "VisitRequest",
    "VisitStep",
    "VisitStepVariant",
    "VisitType",
    "usual_duties",
    "utcnow",
]
