"""The consultations app's models, one module each; imported here for Django and callers."""

from consultations.models.appointment import Appointment, AppointmentQuerySet
from consultations.models.audit import AppendOnlyError, AuditEvent, AuditEventQuerySet
from consultations.models.contact import ContactAttempt
from consultations.models.email import Email
from consultations.models.note import StaffNote
from consultations.models.request import (
    MESSAGE_MAX_LENGTH,
    QUEUE_ORDERING,
    ConsultationRequest,
    ConsultationRequestQuerySet,
)

__all__ = [
    "MESSAGE_MAX_LENGTH",
    "QUEUE_ORDERING",
    "AppendOnlyError",
    "Appointment",
    "AppointmentQuerySet",
    "AuditEvent",
    "AuditEventQuerySet",
    "ContactAttempt",
    "ConsultationRequest",
    "ConsultationRequestQuerySet",
    "Email",
    "StaffNote",
]
