"""Forms behind the staff screens: the change form's workflow fields and the decline reason."""

from django import forms

from consultations.choices import TRANSITIONS, Status
from consultations.models import ConsultationRequest
from consultations.validators import NoControlCharacters

DECLINE_REASON_REQUIRED = "Give a reason for declining the request."
# What staff may change on a request themselves (its status moves through its own field).
STAFF_FIELDS = ["risk", "assigned_to"]


class ConsultationRequestAdminForm(forms.ModelForm):
    # Not the model's status field: a change goes through services, which records it.
    new_status = forms.ChoiceField(label="Status", required=False)
    status_reason = forms.CharField(
        label="Reason for the status change",
        required=False,
        max_length=1000,
        validators=[NoControlCharacters(allow_line_breaks=True)],
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Required when declining. Staff see it on the request; the patient does not.",
    )

    class Meta:
        model = ConsultationRequest
        fields = STAFF_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        if "new_status" in self.fields:
            self.fields["new_status"].choices = [
                (current, f"{Status(current).label} (current)"),
                *((target, Status(target).label) for target in TRANSITIONS.get(current, ())),
            ]
            self.fields["new_status"].initial = current

    def clean(self):
        cleaned = super().clean()
        moving_to = cleaned.get("new_status") or self.instance.status
        reason = cleaned.get("status_reason")
        if "status_reason" in self.errors or "new_status" in self.errors:
            return cleaned
        if moving_to == self.instance.status and reason:
            self.add_error(
                "status_reason",
                "Choose a new status for this reason, or write it as a staff note below.",
            )
        elif moving_to == Status.DECLINED and not reason:
            self.add_error("status_reason", DECLINE_REASON_REQUIRED)
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        max_length=1000,
        validators=[NoControlCharacters(allow_line_breaks=True)],
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Kept on each request. Staff see it; the patient does not.",
        error_messages={"required": DECLINE_REASON_REQUIRED},
    )
