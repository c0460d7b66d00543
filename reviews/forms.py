"""The "Was this page helpful?" form: two fixed choices and a honeypot, nothing typed."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews.models import Reason

ANSWERS = {"yes": True, "no": False}


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(
        label=_("Was this page helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes or no."),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    reason = forms.ChoiceField(
        label=_("What is the main reason? (optional)"),
        choices=Reason.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the reasons listed, or none.")},
    )
    # The same trap as the consultation form's: out of the layout (`hidden`), so people, their
    # assistive technology and autofill never reach it; bots fill every field.
    website = forms.CharField(required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        # A browser sends each of these once; a field sent twice is not a person's answer.
        for name in ("helpful", "reason", "website"):
            if len(self.data.getlist(name)) > 1:
                self.add_error(name, gettext("Send one answer, not several."))
        return cleaned

    @property
    def helpful_value(self) -> bool:
        return ANSWERS[self.cleaned_data["helpful"]]

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("website"))
