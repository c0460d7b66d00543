"""The consultation request form: it validates and explains, and does nothing else.

A ModelForm over ConsultationRequest, so the model is the one list of what a request holds; the
labels, hints and messages here are the patient's. Three answers are not stored as they are:
the consent (the service records when it was given), the hidden form token and the honeypot.
`IntakeForm` holds what it shares with the clinician's referral form (referral_forms.py).

Every label, hint and message is translated lazily: the fields are made once, at import, and
read in each page's language (English at /consultations/, French at /fr/consultations/).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.choices import CONTACT_TIMES, ContactMethod, HeardFrom, Province
from consultations.fields import TextField, grouped, too_long
from consultations.intake_forms import YES_NO, IntakeForm
from consultations.models import MESSAGE_MAX_LENGTH, ConsultationRequest
from consultations.validators import validate_name

# The wrappers of questions that matter only after a certain answer. Without JavaScript they
# are always shown, labelled "(if …)" and optional; static/js/conditional-questions.js hides
# each until the answer named in `data-shown-when` is chosen.
IF_PHONE = {"data_shown_when": "contact_method=phone", "css_class": "conditional"}
IF_REFERRED = {"data_shown_when": "referred_by_clinician=yes", "css_class": "conditional"}


class ConsultationRequestForm(IntakeForm):
    full_name = TextField(
        label=_("Full name"),
        max_length=150,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your full name."),
            "max_length": too_long(_("Your name"), 150),
        },
    )
    preferred_name = TextField(
        label=_("Preferred name (optional)"),
        required=False,
        max_length=80,
        validators=[validate_name],
        help_text=_("What you would like us to call you, if it is not your full name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
        error_messages={"max_length": too_long(_("Your preferred name"), 80)},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
            "max_length": too_long(_("Your email address"), 254),
        },
    )
    phone = TextField(
        label=_("Phone number"),
        max_length=32,
        help_text=_("A Canadian or US number, for example 613-555-0100."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "required": _("Enter your phone number."),
            "max_length": _("Enter a phone number like 613-555-0100."),
        },
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you first?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether we should contact you by email or by phone."),
            "invalid_choice": _("Choose email or phone."),
        },
    )
    contact_times = forms.MultipleChoiceField(
        label=_("When is it best to call you? (if you chose phone)"),
        required=False,  # when phone is chosen, clean() asks for it
        choices=CONTACT_TIMES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that suit you. Times are in your own time zone."),
        error_messages={
            "invalid_choice": _("Choose times from the list shown."),
            "invalid_list": _("Choose times from the list shown."),
        },
    )
    voicemail_ok = forms.TypedChoiceField(
        label=_("May we leave a voicemail, and show our name when we call?"),
        choices=[
            ("yes", _("Yes, that is all right")),
            ("no", _("No: leave no message, and hide the clinic’s name")),
        ],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        help_text=_("Choose “No” if someone else may hear your messages or see your phone."),
        error_messages={
            "required": _("Choose whether we may leave a voicemail and show our name."),
            "invalid_choice": _("Choose “Yes” or “No”."),
        },
    )
    province = forms.ChoiceField(
        label=_("Province or territory where you live"),
        choices=[("", _("Choose…")), *Province.choices],
        widget=forms.Select(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Choose the province or territory where you live."),
            "invalid_choice": _("Choose your province or territory from the list."),
        },
    )
    is_adult = forms.BooleanField(
        label=_("I am 18 or older"),
        error_messages={
            "required": _(
                "Confirm that you are 18 or older. Our clinic treats adults only; if you are "
                "younger, your family doctor or Kids Help Phone (1-800-668-6868) can help."
            )
        },
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What would you like help with?"),
        choices=(),  # the conditions this clinic treats: IntakeForm sets them from its profile
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
        error_messages={
            "required": _(
                "Choose at least one thing you would like help with, or choose “Something else”."
            ),
            "invalid_choice": _("Choose from the list shown."),
            "invalid_list": _("Choose from the list shown."),
        },
    )
    referred_by_clinician = forms.TypedChoiceField(
        label=_("Is a doctor, nurse practitioner or other clinician referring you?"),
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Tell us whether a clinician is referring you. Choose “No” if you are contacting "
                "us yourself."
            ),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    referrer_name = TextField(
        label=_("Referring clinician’s name (if yes)"),
        required=False,
        max_length=150,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": too_long(_("The clinician’s name"), 150)},
    )
    referrer_contact = TextField(
        label=_("Referring clinician’s phone or email (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": too_long(_("The clinician’s contact details"), 200)},
    )
    message = TextField(
        label=_("Anything you would like us to know (optional)"),
        required=False,
        allow_line_breaks=True,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=format_lazy(
            _(
                "Up to {limit} characters. Only our clinical team reads it. This form is not "
                "watched around the clock: if you need help now, call or text 9-8-8."
            ),
            limit=grouped(MESSAGE_MAX_LENGTH),
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": too_long(_("Your message"), MESSAGE_MAX_LENGTH)},
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear about us? (optional)"),
        required=False,
        choices=[("", _("Choose… (optional)")), *HeardFrom.choices],
        error_messages={"invalid_choice": _("Choose from the list, or leave it blank.")},
    )
    consent = forms.BooleanField(
        label="",  # set in __init__: it links to the privacy notice
        error_messages={
            "required": _(
                "Tick the box to agree to be contacted and to our privacy notice. We cannot "
                "reply without your agreement."
            )
        },
    )

    class Meta:
        model = ConsultationRequest
        fields = [
            "full_name",
            "preferred_name",
            "email",
            "phone",
            "contact_method",
            "contact_times",
            "voicemail_ok",
            "province",
            "is_adult",
            "help_wanted",
            "referred_by_clinician",
            "referrer_name",
            "referrer_contact",
            "message",
            "heard_from",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            gettext(
                "I agree to be contacted by the clinic about this request, and to the "
                '<a href="{}">privacy notice</a>.'
            ),
            reverse("privacy"),
        )
        self.helper = self._helper()

    def clean(self):
        cleaned = super().clean()
        self._only_if_phone(cleaned)
        self._only_if_referred(cleaned)
        return cleaned

    def _only_if_phone(self, cleaned: dict) -> None:
        if cleaned.get("contact_method") == ContactMethod.PHONE:
            if not cleaned.get("contact_times") and "contact_times" not in self.errors:
                self.add_error(
                    "contact_times",
                    gettext(
                        "Choose at least one time when we can call you, or choose email above."
                    ),
                )
        elif "contact_method" in cleaned and "contact_times" in cleaned:
            cleaned["contact_times"] = []  # asked only of those who want a call

    def _only_if_referred(self, cleaned: dict) -> None:
        referred = cleaned.get("referred_by_clinician")
        if referred and not cleaned.get("referrer_name") and "referrer_name" not in self.errors:
            self.add_error(
                "referrer_name",
                gettext("Enter the name of the clinician referring you, or choose “No” above."),
            )
        if referred is False:
            # Only kept when someone is referring: we collect no more than we need.
            cleaned["referrer_name"] = cleaned["referrer_contact"] = ""

    @staticmethod
    def _helper() -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the template's <form> holds the token
        helper.layout = Layout(
            Fieldset(
                gettext("About you"),
                Field("full_name", css_class="input-wide"),
                Field("preferred_name", css_class="input-medium"),
                Field("email", css_class="input-wide"),
                Field("phone", css_class="input-medium"),
                "contact_method",
                Div("contact_times", css_id="if-phone", **IF_PHONE),
                "voicemail_ok",
                "province",
                "is_adult",
            ),
            Fieldset(
                gettext("What you are looking for"),
                "help_wanted",
                "referred_by_clinician",
                Div(
                    Field("referrer_name", css_class="input-wide"),
                    Field("referrer_contact", css_class="input-wide"),
                    css_id="if-referred",
                    **IF_REFERRED,
                ),
                "message",
                "heard_from",
            ),
            Fieldset(gettext("Your agreement"), "consent"),
            Div("website", css_class="hp-field", hidden="hidden"),
            "form_token",
        )
        return helper
