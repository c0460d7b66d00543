"""Reaching the patient, from the request's page: who they are and how to reach them first,
then "Log contact" (`<pk>/contact/`), which keeps how it went in the contact log.

Logging needs permission to add to the contact log and to change the request; the write goes
through consultations/contacts.py, and every page shown is recorded in the audit log.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from consultations import audit, contacts
from consultations.admin.display import clinic_time
from consultations.choices import ContactOutcome
from consultations.models.contact import NOTE_MAX_LENGTH
from consultations.validators import NoControlCharacters

OUTCOME_ERROR = "Choose how it went: reached, no answer, voicemail left or wrong number."


class ContactForm(forms.Form):
    outcome = forms.ChoiceField(
        label="How did it go?",
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": OUTCOME_ERROR, "invalid_choice": OUTCOME_ERROR},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[NoControlCharacters()],
        widget=forms.TextInput(attrs={"size": 60, "autocomplete": "off"}),
        help_text=f"A few words for colleagues, such as when to try again "
        f"(at most {NOTE_MAX_LENGTH} characters).",
        error_messages={
            "max_length": f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer "
            "(it has %(show_value)d)."
        },
    )


def may_log_contact(request, model_admin, item) -> bool:
    return request.user.has_perm(
        "consultations.add_contactattempt"
    ) and model_admin.has_change_permission(request, item)


def contact_log(item) -> list[dict]:
    """The contact log as the request's page shows it: newest first, author and clinic time."""
    attempts = item.contact_attempts.select_related("author").order_by("-created_at", "-pk")
    return [
        {
            "when": clinic_time(attempt.created_at),
            "author": attempt.author.get_username() if attempt.author else "a former staff member",
            "outcome": attempt.get_outcome_display(),
            "note": attempt.note,
        }
        for attempt in attempts
    ]


def contact_panel(request, model_admin, item) -> dict:
    """What the request's page shows first: how to reach the patient, and the contact log."""
    return {
        "log": contact_log(item),
        "can_log": may_log_contact(request, model_admin, item)
        and item.status not in contacts.NOT_LOGGABLE,
        "why_not": contacts.NOT_LOGGABLE.get(item.status, ""),
    }


class ContactViews:
    """Mixed into the requests' ModelAdmin."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_contact"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/contact/", wrap(self.contact_view), name=name),
            *super().get_urls(),  # after ours: its "<path:object_id>/" would swallow it
        ]

    def contact_view(self, request, object_id):
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not may_log_contact(request, self, item):
            raise PermissionDenied
        form = ContactForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            before = item.status
            try:
                contacts.contact_attempt_log(
                    consultation_request=item, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                outcome = ContactOutcome(form.cleaned_data["outcome"]).label.lower()
                moved = ""
                if item.status != before:
                    moved = f" It is now {item.get_status_display().lower()}."
                self.message_user(
                    request, f"Logged for {item.reference}: {outcome}.{moved}", messages.SUCCESS
                )
                return redirect(
                    reverse("admin:consultations_consultationrequest_change", args=[item.pk])
                )
        if request.method == "GET":
            audit.viewed(item, request.user, "log contact page")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Log contact: {item.reference}",
            "subtitle": None,
            "opts": self.opts,
            "original": item,
            "form": form,
            "why_not": contacts.NOT_LOGGABLE.get(item.status, ""),
            "log": contact_log(item),
        }
        return TemplateResponse(
            request, "admin/consultations/consultationrequest/contact.html", context
        )
