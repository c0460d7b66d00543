"""Form fields with messages written for patients."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

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


def too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer."
