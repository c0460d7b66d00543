"""A consultation request as the patient sent it, and what staff did with it.

Writes live in services.py; the models hold the data and the reads (QuerySet methods).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, Value, When
from django.utils import timezone, translation

from clinic_site import offer
from consultations.choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    VOICEMAIL_OK,
    ContactMethod,
    ContactOutcome,
    ContactTime,
    HeardFrom,
    Profession,
    Province,
    Source,
    SpamReason,
    Status,
)
from consultations.urgency import Risk
from consultations.validators import (
    ChoiceList,
    NoControlCharacters,
    OfferedConditions,
    choice_labels,
    format_phone,
    validate_name,
    validate_stored_phone,
)

MESSAGE_MAX_LENGTH = 2000

# The staff queue: open requests whose message suggests an urgent risk first, then those that
# may indicate risk, newest first, until someone reaches the patient; then the other open ones,
# oldest waiting first; then finished ones, newest first. Needs `with_queue_keys()`.
QUEUE_ORDERING = ("queue_rank", F("waiting_since").asc(nulls_last=True), "-received_key", "-pk")


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def finished(self):
        return self.filter(status__in=FINISHED_STATUSES)

    def stale(self, *, now: datetime | None = None):
        """Open, and nobody has done anything with it for CONSULTATION_STALE_DAYS."""
        cutoff = (now or timezone.now()) - timedelta(days=settings.CONSULTATION_STALE_DAYS)
        return self.open().filter(last_activity_at__lt=cutoff)

    def purgeable(self, *, now: datetime | None = None):
        """Finished more than CONSULTATION_RETENTION_DAYS after it was received, or stale for
        CONSULTATION_STALE_GRACE_DAYS more."""
        now = now or timezone.now()
        finished_before = now - timedelta(days=settings.CONSULTATION_RETENTION_DAYS)
        idle_before = now - timedelta(
            days=settings.CONSULTATION_STALE_DAYS + settings.CONSULTATION_STALE_GRACE_DAYS
        )
        return self.filter(
            Q(status__in=FINISHED_STATUSES, received_at__lt=finished_before)
            | Q(status__in=OPEN_STATUSES, last_activity_at__lt=idle_before)
        )

    def for_submission_token(self, token: str):
        return self.filter(submission_token=token) if token else self.none()

    def with_help_wanted(self, code: str):
        # JSON "contains" is not available on SQLite; the codes are quoted slugs, so matching
        # the quoted code in the stored JSON text is exact on SQLite and PostgreSQL alike.
        return self.filter(help_wanted__icontains=f'"{code}"')

    def _reached(self):
        """Someone has logged that they reached the patient."""
        return Exists(
            self.model.objects.filter(
                pk=OuterRef("pk"), contact_attempts__outcome=ContactOutcome.REACHED
            )
        )

    def with_queue_keys(self):
        """Annotations that QUEUE_ORDERING sorts on."""
        is_open = Q(status__in=OPEN_STATUSES)
        # Once someone has reached the patient, "call back today" is done: it queues as others.
        reached = self._reached()
        at_risk = is_open & ~Q(risk=Risk.NONE) & Q(reached=False)
        return self.annotate(reached=reached).annotate(
            queue_rank=Case(
                When(at_risk & Q(risk=Risk.URGENT), then=Value(0)),
                When(at_risk & Q(risk=Risk.POSSIBLE), then=Value(1)),
                When(is_open, then=Value(2)),
                default=Value(3),
            ),
            waiting_since=Case(
                When(is_open & ~at_risk, then=F("received_at")),
                default=None,
            ),
            # Sorting on an alias keeps the admin from marking "Received" as the sorted column.
            received_key=F("received_at"),
        )

    def glance(self) -> dict:
        """The numbers staff see above the list."""
        is_open = Q(status__in=OPEN_STATUSES)
        urgent_open = is_open & Q(risk=Risk.URGENT)
        return self.annotate(reached=self._reached()).aggregate(
            new=Count("pk", filter=Q(status=Status.NEW)),
            urgent_open=Count("pk", filter=urgent_open),
            urgent_to_call=Count("pk", filter=urgent_open & Q(reached=False)),
            possible_open=Count("pk", filter=is_open & Q(risk=Risk.POSSIBLE)),
            oldest_waiting=Min("received_at", filter=Q(status=Status.NEW)),
        )


class ConsultationRequest(models.Model):
    # --- Identity ---
    reference = models.CharField(max_length=9, unique=True, editable=False)
    received_at = models.DateTimeField("received", default=timezone.now, editable=False)
    # The nonce of the form that sent it: a second POST of the same form finds this row.
    submission_token = models.CharField(max_length=64, blank=True, default="", editable=False)
    source = models.CharField(
        "sent by", max_length=10, choices=Source, default=Source.PATIENT, editable=False
    )

    # --- What the patient submitted ---
    full_name = models.CharField(max_length=150, validators=[NoControlCharacters(), validate_name])
    preferred_name = models.CharField(
        max_length=80, blank=True, validators=[NoControlCharacters(), validate_name]
    )
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=32, validators=[validate_stored_phone])
    contact_method = models.CharField(max_length=10, choices=ContactMethod)
    # Required on the patient's form; a referring clinician may not know them.
    contact_times = models.JSONField(
        "best times to reach", default=list, blank=True, validators=[ChoiceList(ContactTime)]
    )
    # Asked on the patient's form; unknown (None) for a referral and for older requests, which
    # staff treat as "no".
    voicemail_ok = models.BooleanField(
        "voicemail or caller ID",
        null=True,
        blank=True,
        default=None,
        choices=VOICEMAIL_OK,
        help_text="Whether we may leave a voicemail, and call from a number showing our name.",
    )
    province = models.CharField("province or territory", max_length=2, choices=Province)
    is_adult = models.BooleanField("confirmed 18 or older", default=False)
    # Codes of the conditions in the clinic profile (content/clinic.yml) when it was sent.
    help_wanted = models.JSONField(default=list, validators=[OfferedConditions()])
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
    # The referral form's clinician: who they are and how to reach them.
    referrer_profession = models.CharField(
        "referring clinician's profession", max_length=20, blank=True, choices=Profession
    )
    referrer_registration = models.CharField(
        "registration or licence number",
        max_length=50,
        blank=True,
        validators=[NoControlCharacters()],
    )
    referrer_email = models.EmailField("referring clinician's email", max_length=254, blank=True)
    referrer_phone = models.CharField(
        "referring clinician's phone",
        max_length=32,
        blank=True,
        validators=[validate_stored_phone],
    )
    message = models.TextField(
        max_length=MESSAGE_MAX_LENGTH,
        blank=True,
        validators=[NoControlCharacters(allow_line_breaks=True)],
    )
    heard_from = models.CharField("heard of us from", max_length=20, blank=True, choices=HeardFrom)
    # The language of the pages the form was sent from: every email to the patient is in it.
    language = models.CharField(
        "patient's language",
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        editable=False,
        help_text="The language the patient used on our site; their emails are in it.",
    )

    # --- Consent record ---
    consent_given_at = models.DateTimeField("consent given")
    privacy_notice_version = models.CharField(max_length=20)

    # --- Staff workflow ---
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, editable=False)
    risk = models.CharField(
        "risk words",
        max_length=10,
        choices=Risk,
        blank=True,
        default=Risk.NONE,
        db_index=True,
        help_text="Set when the message suggests a risk of self-harm: urgent means call back "
        "today; “may indicate risk” means read it today. Staff can change it.",
    )
    spam_reason = models.CharField(
        "looked automated because",
        max_length=20,
        blank=True,
        choices=SpamReason,
        editable=False,
    )
    decline_reason = models.TextField(
        blank=True, max_length=1000, validators=[NoControlCharacters(allow_line_breaks=True)]
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_consultation_requests",
        limit_choices_to={"is_staff": True},
        verbose_name="assigned staff member",
    )
    # The last time anyone did anything with it (received, a status, a note, a change).
    last_activity_at = models.DateTimeField(default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When it left the queue (closed, declined, spam, withdrawn): its waiting time stops there.
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

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
    def is_urgent(self) -> bool:
        return self.risk == Risk.URGENT

    @property
    def needs_check(self) -> bool:
        """It looked automated but was kept in the queue because of its risk words."""
        return bool(self.spam_reason) and self.status != Status.SPAM

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def referrer_phone_display(self) -> str:
        return format_phone(self.referrer_phone) if self.referrer_phone else ""

    @property
    def is_referral(self) -> bool:
        return self.source == Source.REFERRAL

    @property
    def contact_times_display(self) -> str:
        return ", ".join(choice_labels(ContactTime, self.contact_times))

    @property
    def language_name(self) -> str:
        """'French', in English: the language as staff read it."""
        return translation.get_language_info(self.language)["name"]

    @property
    def help_wanted_display(self) -> str:
        return ", ".join(offer.condition_label(code) for code in self.help_wanted or [])
