"""The append-only audit log: every staff sign-in and every view or change of a request."""

from django.db import models
from django.utils import timezone

from consultations.models.request import ConsultationRequest


class AppendOnlyError(Exception):
    """The audit log is never edited or deleted, only added to."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One action: who, from which address, on which request (if any), what, when. Append-only.

    Who and which request are kept as text too, so an entry outlives the user and the request.
    `detail` holds field names, the status move or what a list showed, never what the patient
    wrote, a password or a code. Triggers refuse UPDATE and DELETE (and TRUNCATE) in the
    database itself (migrations 0003, 0005 and 0010).
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CHANGED = "changed", "Changed"
        STATUS_CHANGED = "status_changed", "Status changed"
        NOTE_ADDED = "note_added", "Note added"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"
        RECEIVED = "received", "Received from the website"
        WITHDRAWN = "withdrawn", "Withdrawn by the patient"
        LISTED = "listed", "Shown in a list"
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        SIGNED_OUT = "signed_out", "Signed out"
        DEVICE_ADDED = "device_added", "Second factor added"
        DEVICE_REMOVED = "device_removed", "Second factor removed"
        APPOINTMENT_BOOKED = "appt_booked", "Appointment booked"
        APPOINTMENT_MOVED = "appt_moved", "Appointment moved or changed"
        APPOINTMENT_CANCELLED = "appt_cancelled", "Appointment cancelled"
        CHANGE_ASKED = "appt_change_asked", "Patient asked to change the appointment"
        CHANGE_DEALT_WITH = "appt_change_done", "Patient's change request dealt with"
        CONTACT_LOGGED = "contact_logged", "Contact logged"

    SYSTEM = "system"  # the actor for scheduled jobs such as purge_consultations
    PATIENT = "patient"  # the actor when the patient sends or withdraws a request

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    actor = models.CharField("who", max_length=150)
    actor_user_id = models.PositiveBigIntegerField("user id", null=True, blank=True)
    action = models.CharField("what", max_length=20, choices=Action)
    detail = models.CharField(max_length=300, blank=True)
    address = models.GenericIPAddressField("from address", null=True, blank=True)
    reference = models.CharField(max_length=9, blank=True, db_index=True)
    consultation_request = models.ForeignKey(
        ConsultationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit event"
        verbose_name_plural = "audit log"

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display().lower()} {self.reference}".rstrip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
