"""The patient's form, on their own page, to ask us to move or cancel their appointment."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consultations.choices import ChangeAsked
from consultations.fields import TextField, grouped, too_long
from consultations.intake_forms import ErrorLinks
from consultations.models.appointment import CHANGE_NOTE_MAX_LENGTH


class AppointmentChangeForm(ErrorLinks, forms.Form):
    what = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=ChangeAsked.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you would like to move or cancel your appointment."),
            "invalid_choice": _("Choose move or cancel."),
        },
    )
    note = TextField(
        label=_("Times that would suit you better, or anything else we should know (optional)"),
        required=False,
        allow_line_breaks=True,
        max_length=CHANGE_NOTE_MAX_LENGTH,
        help_text=format_lazy(
            _("Up to {limit} characters. Only our team reads it."),
            limit=grouped(CHANGE_NOTE_MAX_LENGTH),
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long(_("Your note"), CHANGE_NOTE_MAX_LENGTH)},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> holds the token
