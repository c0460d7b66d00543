"""The referral form, for a clinician referring a patient: it validates and explains, nothing else.

A ModelForm over ConsultationRequest like the patient's own (consultations/forms.py), sharing
its honeypot, form token and checks. The clinician's own fields carry their autocomplete
purposes (`name`, `work email`, `work tel`); the patient's say `off`, as WCAG 1.3.5 asks of
answers about someone else: the clinician's browser would otherwise fill in the clinician.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.choices import ContactMethod, Profession, Province, Source
from consultations.fields import TextField, grouped, too_long
from consultations.intake_forms import IntakeForm
from consultations.models import MESSAGE_MAX_LENGTH, ConsultationRequest
from consultations.validators import NoControlCharacters, validate_name

OFF = {"autocomplete": "off", "spellcheck": "false"}


class ReferralForm(IntakeForm):
    referrer_name = TextField(
        label=_("Your full name"),
        max_length=150,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your full name."),
            "max_length": too_long(_("Your name"), 150),
        },
    )
    referrer_profession = forms.ChoiceField(
        label=_("Your profession"),
        choices=[("", _("Choose…")), *Profession.choices],
        widget=forms.Select(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Choose your profession."),
            "invalid_choice": _("Choose your profession from the list."),
        },
    )
    referrer_registration = TextField(
        label=_("Your registration or licence number"),
        max_length=50,
        help_text=_("With your regulatory college, for example CPSO 123456."),
        widget=forms.TextInput(attrs=OFF),
        error_messages={
            "required": _("Enter your registration or licence number."),
            "max_length": too_long(_("The registration number"), 50),
        },
    )
    referrer_email = forms.EmailField(
        label=_("Your work email address"),
        max_length=254,
        help_text=_("We send the referral’s reference code here."),
        widget=forms.EmailInput(attrs={"autocomplete": "work email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your work email address."),
            "invalid": _("Enter an email address like name@example.com."),
            "max_length": too_long(_("Your email address"), 254),
        },
    )
    referrer_phone = TextField(
        label=_("Your work phone number (optional)"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "work tel", "inputmode": "tel"}
        ),
        error_messages={"max_length": _("Enter a phone number like 613-555-0100.")},
    )
    full_name = TextField(
        label=_("Patient’s full name"),
        max_length=150,
        validators=[validate_name],
        widget=forms.TextInput(attrs=OFF),
        error_messages={
            "required": _("Enter the patient’s full name."),
            "max_length": too_long(_("The patient’s name"), 150),
        },
    )
    email = forms.EmailField(
        label=_("Patient’s email address"),
        max_length=254,
        help_text=_("We send the patient their reference code here, and how to reach us."),
        widget=forms.EmailInput(attrs=OFF),
        error_messages={
            "required": _("Enter the patient’s email address."),
            "invalid": _("Enter an email address like name@example.com."),
            "max_length": too_long(_("The patient’s email address"), 254),
        },
    )
    phone = TextField(
        label=_("Patient’s phone number"),
        max_length=32,
        help_text=_("A Canadian or US number, for example 613-555-0100."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
        error_messages={
            "required": _("Enter the patient’s phone number."),
            "max_length": _("Enter a phone number like 613-555-0100."),
        },
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact the patient first?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether we should contact the patient by email or by phone."),
            "invalid_choice": _("Choose email or phone."),
        },
    )
    province = forms.ChoiceField(
        label=_("Province or territory where the patient lives"),
        choices=[("", _("Choose…")), *Province.choices],
        widget=forms.Select(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Choose the province or territory where the patient lives."),
            "invalid_choice": _("Choose a province or territory from the list."),
        },
    )
    is_adult = forms.BooleanField(
        label=_("The patient is 18 or older"),
        error_messages={
            "required": _("Confirm that the patient is 18 or older. Our clinic treats adults only.")
        },
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What is the referral for?"),
        choices=(),  # the conditions this clinic treats: IntakeForm sets them from its profile
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
        error_messages={
            "required": _(
                "Choose at least one reason for the referral, or choose “Something else”."
            ),
            "invalid_choice": _("Choose from the list shown."),
            "invalid_list": _("Choose from the list shown."),
        },
    )
    message = TextField(
        label=_("Anything our clinical team should know (optional)"),
        required=False,
        allow_line_breaks=True,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=format_lazy(
            _(
                "Up to {limit} characters. Only our clinical team reads it; we will ask for "
                "records separately. If the patient is at immediate risk, do not wait for us: "
                "call 911, or 9-8-8 for the suicide crisis line."
            ),
            limit=grouped(MESSAGE_MAX_LENGTH),
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": too_long(_("The note"), MESSAGE_MAX_LENGTH)},
    )
    consent = forms.BooleanField(
        label="",  # set in __init__: it links to the privacy notice
        error_messages={
            "required": _(
                "Confirm that the patient agreed to be referred and to be contacted by us. We "
                "cannot accept a referral without their agreement."
            )
        },
    )

    class Meta:
        model = ConsultationRequest
        fields = [
            "referrer_name",
            "referrer_profession",
            "referrer_registration",
            "referrer_email",
            "referrer_phone",
            "full_name",
            "email",
            "phone",
            "contact_method",
            "province",
            "is_adult",
            "help_wanted",
            "message",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            gettext(
                "The patient agreed to be referred to the clinic and to be contacted by us about "
                'it, and has been told about our <a href="{}">privacy notice</a>.'
            ),
            reverse("privacy"),
        )
        self.instance.source = Source.REFERRAL
        self.instance.referred_by_clinician = True
        self.helper = self._helper()

    def clean_referrer_email(self):
        value = self.cleaned_data["referrer_email"]
        NoControlCharacters()(value)
        return value

    def clean_referrer_phone(self):
        return self._phone("referrer_phone")

    @staticmethod
    def _helper() -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the template's <form> holds the token
        helper.layout = Layout(
            Fieldset(
                gettext("About you, the referring clinician"),
                Field("referrer_name", css_class="input-wide"),
                "referrer_profession",
                Field("referrer_registration", css_class="input-medium"),
                Field("referrer_email", css_class="input-wide"),
                Field("referrer_phone", css_class="input-medium"),
            ),
            Fieldset(
                gettext("About the patient"),
                Field("full_name", css_class="input-wide"),
                Field("email", css_class="input-wide"),
                Field("phone", css_class="input-medium"),
                "contact_method",
                "province",
                "is_adult",
            ),
            Fieldset(gettext("The referral"), "help_wanted", "message"),
            Fieldset(gettext("The patient’s agreement"), "consent"),
            Div("website", css_class="hp-field", hidden="hidden"),
            "form_token",
        )
        return helper
