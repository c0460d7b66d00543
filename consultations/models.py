"""A consultation request as the patient sent it, and what staff did with it.

Writes live in services.py; this module holds the data and the reads (QuerySet methods).
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, Min, Q, Value, When
from django.utils import timezone

from consultations.choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    ContactMethod,
    ContactTime,
    EmailStatus,
    HeardFrom,
    HelpWanted,
    Province,
    SpamReason,
    Status,
)
from consultations.validators import (
    ChoiceList,
    NoControlCharacters,
    choice_labels,
    format_phone,
    validate_name,
    validate_stored_phone,
)

MESSAGE_MAX_LENGTH = 2000

# The staff queue: urgent open requests first, newest first; then the other open ones, oldest
# waiting first; then finished ones, newest first. Needs `with_queue_keys()`.
QUEUE_ORDERING = ("queue_rank", F("waiting_since").asc(nulls_last=True), "-received_key", "-pk")


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def waiting(self):
        """Not contacted yet."""
        return self.filter(status=Status.NEW)

    def urgent(self):
        return self.filter(is_urgent=True)

    def finished(self):
        return self.filter(status__in=FINISHED_STATUSES)

    def received_before(self, moment: datetime):
        return self.filter(received_at__lt=moment)

    def purgeable(self, *, before: datetime):
        return self.finished().received_before(before)

    def for_submission_token(self, token: str):
        return self.filter(submission_token=token) if token else self.none()

    def with_help_wanted(self, code: str):
        # JSON "contains" is not available on SQLite; the codes are quoted slugs, so matching
        # the quoted code in the stored JSON text is exact on SQLite and PostgreSQL alike.
        return self.filter(help_wanted__icontains=f'"{code}"')

    def with_queue_keys(self):
        """Annotations that QUEUE_ORDERING sorts on."""
        urgent_open = Q(is_urgent=True, status__in=OPEN_STATUSES)
        return self.annotate(
            queue_rank=Case(
                When(urgent_open, then=Value(0)),
                When(status__in=OPEN_STATUSES, then=Value(1)),
                default=Value(2),
            ),
            waiting_since=Case(
                When(~urgent_open & Q(status__in=OPEN_STATUSES), then=F("received_at")),
                default=None,
            ),
            # Sorting on an alias keeps the admin from marking "Received" as the sorted column.
            received_key=F("received_at"),
        )

    def in_queue_order(self):
        return self.with_queue_keys().order_by(*QUEUE_ORDERING)

    def glance(self) -> dict:
        """The numbers staff see above the list."""
        numbers = self.aggregate(
            new=Count("pk", filter=Q(status=Status.NEW)),
            urgent_open=Count("pk", filter=Q(is_urgent=True, status__in=OPEN_STATUSES)),
            oldest_waiting=Min("received_at", filter=Q(status=Status.NEW)),
        )
        return numbers


class ConsultationRequest(models.Model):
    # --- Identity ---
    reference = models.CharField(max_length=9, unique=True, editable=False)
    received_at = models.DateTimeField("received", default=timezone.now, editable=False)
    # The nonce of the form that sent it: a second POST of the same form finds this row.
    submission_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    # --- What the patient submitted ---
    full_name = models.CharField(max_length=150, validators=[NoControlCharacters(), validate_name])
    preferred_name = models.CharField(
        max_length=80, blank=True, validators=[NoControlCharacters(), validate_name]
    )
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=32, validators=[validate_stored_phone])
    contact_method = models.CharField(max_length=10, choices=ContactMethod)
    contact_times = models.JSONField(
        "best times to reach", default=list, validators=[ChoiceList(ContactTime)]
    )
    province = models.CharField("province or territory", max_length=2, choices=Province)
    is_adult = models.BooleanField("confirmed 18 or older", default=False)
    help_wanted = models.JSONField(default=list, validators=[ChoiceList(HelpWanted)])
    referred_by_clinician = models.BooleanField(default=False)
    referrer_name = models.CharField(
        "referring clinician",
        max_length=150,
        blank=True,
        validators=[NoControlCharacters(), validate_name],
    )
    referrer_contact = models.CharField(
        "referring clinician's contact",
        max_length=200,
        blank=True,
        validators=[NoControlCharacters()],
    )
    message = models.TextField(
        max_length=MESSAGE_MAX_LENGTH,
        blank=True,
        validators=[NoControlCharacters(allow_line_breaks=True)],
    )
    heard_from = models.CharField("heard of us from", max_length=20, blank=True, choices=HeardFrom)

    # --- Consent record ---
    consent_given_at = models.DateTimeField("consent given")
    privacy_notice_version = models.CharField(max_length=20)

    # --- Staff workflow ---
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, editable=False)
    is_urgent = models.BooleanField(
        "urgent",
        default=False,
        db_index=True,
        help_text="Set when the message suggests a risk of self-harm. Call back the same day.",
    )
    spam_reason = models.CharField(max_length=20, blank=True, choices=SpamReason, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_consultation_requests",
        limit_choices_to={"is_staff": True},
        verbose_name="assigned staff member",
    )

    # --- Emails (no personal data in the error text) ---
    patient_email_status = models.CharField(
        max_length=10, choices=EmailStatus, default=EmailStatus.PENDING, editable=False
    )
    patient_email_error = models.CharField(max_length=200, blank=True, editable=False)
    clinic_email_status = models.CharField(
        max_length=10, choices=EmailStatus, default=EmailStatus.PENDING, editable=False
    )
    clinic_email_error = models.CharField(max_length=200, blank=True, editable=False)
    emails_attempted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        permissions = [("export_consultationrequest", "Can export consultation requests")]
        indexes = [models.Index(fields=["status", "received_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token"],
                condition=~Q(submission_token=""),
                name="consultation_unique_submission_token",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def contact_times_display(self) -> str:
        return ", ".join(choice_labels(ContactTime, self.contact_times))

    @property
    def help_wanted_display(self) -> str:
        return ", ".join(choice_labels(HelpWanted, self.help_wanted))


class StatusChange(models.Model):
    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, blank=True, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    reason = models.TextField(blank=True, max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        get_latest_by = "changed_at"

    def __str__(self) -> str:
        return f"{self.from_status or 'received'} → {self.to_status}"


class StaffNote(models.Model):
    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("note", max_length=4000, validators=[NoControlCharacters(True)])
    created_at = models.DateTimeField("written", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.consultation_request_id} at {self.created_at:%Y-%m-%d %H:%M}"


class AppendOnlyError(Exception):
    """The audit log is never edited or deleted, only added to."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One staff action on one request: who, which request, what, when. Append-only.

    Who and which request are kept as text too, so an entry outlives the user and the request.
    `detail` holds field names or the status move, never what the patient wrote. On PostgreSQL
    a trigger (migration 0003) refuses UPDATE and DELETE, so even raw SQL cannot rewrite it.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CHANGED = "changed", "Changed"
        STATUS_CHANGED = "status_changed", "Status changed"
        NOTE_ADDED = "note_added", "Note added"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"

    SYSTEM = "system"  # the actor for scheduled jobs such as purge_consultations

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    actor = models.CharField("who", max_length=150)
    actor_user_id = models.PositiveBigIntegerField("user id", null=True, blank=True)
    action = models.CharField("what", max_length=20, choices=Action)
    detail = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=9, db_index=True)
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
        return f"{self.actor} {self.get_action_display().lower()} {self.reference}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
