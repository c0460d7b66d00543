"""Form fields with messages written for patients."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consultations.validators import NoControlCharacters, validate_readable


class TextField(forms.CharField):
    """A CharField whose own control-character check replaces Django's terse NUL message, and
    which refuses text that arrived undecodable rather than store a replacement character."""

    def __init__(self, *, allow_line_breaks: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators[:0] = [
            NoControlCharacters(allow_line_breaks=allow_line_breaks),
            validate_readable,
        ]

    def to_python(self, value):
        value = super().to_python(value)
        # Browsers send line breaks as CRLF but count them as one character against maxlength.
        return value.replace("\r\n", "\n").replace("\r", "\n")


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


# '2,000' in English, '2 000' in French: written when the message is shown, in its language.
grouped = lazy(_grouped, str)


def too_long(what: str, limit: int) -> str:
    """Lazy, like `what`: form fields are made once, and read in each page's language."""
    return format_lazy(
        _("{what} must be {limit} characters or fewer."), what=what, limit=grouped(limit)
    )
