"""What both public forms share (the patient's request, consultations/forms.py, and the
clinician's referral, referral_forms.py): the error summary's links, the honeypot, the form
token, one answer per field, email and phone checks, and the conditions the clinic treats.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic_site import offer
from consultations.validators import NoControlCharacters, normalize_phone

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ErrorLinks:
    """For the "There is a problem" summary above a public form."""

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the summary at the top, in the order of the fields."""
        links = []
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                anchor = self[name].auto_id
                if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    anchor = f"{anchor}_0"
                links.append((anchor, message))
        links.extend(("", message) for message in self.non_field_errors())
        return links


class IntakeForm(ErrorLinks, forms.ModelForm):
    """What both public forms share: the honeypot, the form token, one answer per field, and
    email and phone checks."""

    # Left empty by people: it is out of the page's layout entirely (`hidden`), so neither they,
    # their assistive technology nor their browser's autofill can reach it. Bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "help_wanted" in self.fields:
            # What this clinic treats, from its profile, read when the form is made.
            self.fields["help_wanted"].choices = offer.condition_choices()

    def clean_email(self):
        # A quoted local part ("a\x01b"@example.com) may hold control characters; no real
        # mailbox does, and they have no place in a mail header.
        value = self.cleaned_data["email"]
        NoControlCharacters()(value)
        return value

    def clean_phone(self):
        return self._phone("phone")

    def _phone(self, name: str) -> str:
        value = self.cleaned_data[name]
        if not value:
            return value
        normalized = normalize_phone(value)
        if normalized is None:
            raise forms.ValidationError(
                gettext(
                    "Enter a 10-digit phone number like 613-555-0100, with +1 in front if you like."
                ),
                code="phone",
            )
        return normalized

    def clean(self):
        cleaned = super().clean()
        # A field sent twice is not something a browser does; say so rather than pick one.
        if hasattr(self.data, "getlist"):
            for name in [*self._meta.fields, "consent"]:
                if isinstance(self.fields[name], forms.MultipleChoiceField):
                    continue
                if len(self.data.getlist(name)) > 1:
                    self.add_error(name, gettext("Enter one answer here, not several."))
        return cleaned

    @property
    def honeypot_filled(self) -> bool:
        """Only meaningful once the form is valid."""
        return bool(self.cleaned_data.get("website"))
