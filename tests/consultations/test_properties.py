"""Whatever arrives in a field, the request is stored exactly as sent or refused with a clear
message at that field, and the answer is never a 500.

"Exactly as sent" allows the form's documented normalisation: text is trimmed at both ends,
line breaks become "\\n", and phone numbers are stored as +1 and ten digits.
"""

import email
from email import policy
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core import mail
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from consultations.forms import ConsultationRequestForm
from consultations.models import ConsultationRequest
from consultations.validators import normalize_phone
from tests.consultations.conftest import FORM_URL, valid_form
from tests.worker import drain

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TEXT_FIELDS = ["full_name", "preferred_name", "referrer_name", "referrer_contact", "message"]
# Characters that have caused trouble somewhere: NUL and other controls, line and paragraph
# separators, direction overrides, the replacement character, markup, a BOM, combining marks.
TRICKY = [
    *"\x00\t\n\r\x0b\x0c\x1b\x1f\x7f\x85\xa0\u2028\u2029\u202e\u2066\ufeff\ufffd",
    *"<>&\"'; :",
    "\r\n",
    "e\u0301",
    "😀",
    "Bcc: evil@example.com",
]
# Surrogates cannot be encoded, so no client can send them.
character = st.one_of(st.characters(codec="utf-8"), st.sampled_from(TRICKY))
short_text = st.lists(character, max_size=30).map("".join)
long_text = st.builds(lambda piece, times: piece * times, short_text, st.integers(50, 400))
any_text = st.one_of(short_text, short_text, long_text)

HEADERS_WE_SEND = {
    "content-type",
    "mime-version",
    "subject",
    "from",
    "to",
    "reply-to",
    "date",
    "message-id",
}


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.CONSULTATION_RATE_LIMIT = (1_000_000, 3600)


def send(client, data: dict, *, urlencoded: bool):
    """Start from an empty table, then POST the way a browser (urlencoded) or a script would."""
    ConsultationRequest.objects.all().delete()
    if urlencoded:
        body = urlencode(data, doseq=True)
        return client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    return client.post(FORM_URL, data)


def stored_or_refused(response, field: str):
    """The stored request, or None when the form came back with an error at `field` only."""
    assert response.status_code in (200, 302)
    # How often each happened shows with --hypothesis-show-statistics.
    event("stored" if response.status_code == 302 else "refused")
    if response.status_code == 302:
        return ConsultationRequest.objects.get()
    assert ConsultationRequest.objects.count() == 0
    assert set(response.context["form"].errors) == {field}
    assert "There is a problem" in response.content.decode()
    return None


def normalised(value: str) -> str:
    return value.strip().replace("\r\n", "\n").replace("\r", "\n")


def must_refuse(field: str, value: str) -> bool:
    """The rules the README promises, restated independently of the form's code."""
    allowed_controls = {"\n", "\t"} if field == "message" else set()
    controls = {ch for ch in value if ord(ch) < 32 or 127 <= ord(ch) < 160} - allowed_controls
    too_long = len(value) > ConsultationRequestForm.base_fields[field].max_length
    return bool(controls) or "\ufffd" in value or "\u202e" in value or too_long


def with_field(field: str, value) -> dict:
    overrides = {field: value}
    if field.startswith("referrer"):
        overrides = {"referred_by_clinician": "yes", "referrer_name": "Dr. Lee", **overrides}
    return valid_form(**overrides)


@fuzz
@given(field=st.sampled_from(TEXT_FIELDS), value=any_text, urlencoded=st.booleans())
def test_any_text_in_a_text_field_is_stored_exactly_or_refused_at_that_field(
    client, field, value, urlencoded
):
    stored = stored_or_refused(send(client, with_field(field, value), urlencoded=urlencoded), field)
    if stored is not None:
        assert not must_refuse(field, normalised(value))
        assert getattr(stored, field) == normalised(value)


plain_name = st.from_regex(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž '.\-]{0,60}", fullmatch=True)


@fuzz
@given(field=st.sampled_from(["full_name", "preferred_name", "referrer_name"]), value=plain_name)
def test_an_ordinary_name_in_latin_letters_accented_or_not_is_accepted(client, field, value):
    stored = stored_or_refused(send(client, with_field(field, value), urlencoded=True), field)
    assert stored is not None and getattr(stored, field) == value.strip()


INJECTIONS = [
    "alex@example.com\r\nBcc: evil@example.com",
    "alex@example.com\nBcc: evil@example.com",
    "alex@example.com%0d%0aBcc:evil@example.com",
    "alex@example.com\u2028Bcc: evil@example.com",
    "alex@example.com\x85Bcc: evil@example.com",
    '"Bcc:evil@example.com"@example.com',
    '"a\r\nBcc: evil@example.com"@example.com',
    "alex@example.com, evil@example.com",
    "Alex <alex@example.com>",
    "alex@exämple.com",
]
any_email = st.one_of(st.emails(), st.emails(), st.sampled_from(INJECTIONS), short_text)


def headers_of(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


@fuzz
@given(
    address=any_email,
    name=st.one_of(plain_name, plain_name, st.sampled_from(INJECTIONS), short_text),
)
def test_an_email_or_name_never_adds_a_header_to_the_emails_we_send(client, address, name):
    mail.outbox = []
    response = send(client, valid_form(email=address, full_name=name), urlencoded=True)
    drain()
    assert response.status_code in (200, 302)
    event("stored" if response.status_code == 302 else "refused")
    if response.status_code == 200:
        assert ConsultationRequest.objects.count() == 0
        assert set(response.context["form"].errors) <= {"email", "full_name"}
        return
    stored = ConsultationRequest.objects.get()
    assert stored.email == address.strip() and stored.full_name == normalised(name)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        parsed = headers_of(message)
        assert {key.lower() for key in parsed.keys()} <= HEADERS_WE_SEND
        assert len(parsed.get_all("to")) == 1 and len(parsed["to"].addresses) == 1
        assert all("\n" not in str(value) for value in parsed.values())


phone_like = st.from_regex(
    r" ?(\+?1[ -]?)?\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}( ?(ext\.?|x) ?[0-9]{1,6})? ?",
    fullmatch=True,
)


@fuzz
@given(value=st.one_of(short_text, phone_like))
def test_a_phone_number_is_stored_normalised_or_refused(client, value):
    stored = stored_or_refused(send(client, valid_form(phone=value), urlencoded=True), "phone")
    text = normalised(value)
    if stored is not None:
        assert stored.phone == normalize_phone(text)
    else:
        assert normalize_phone(text) is None or must_refuse("phone", text)


def choice_and_value(field: str):
    """Mostly near misses of the real choices: other case, padding, a trailing line break."""
    known = [value for value, _ in ConsultationRequestForm().fields[field].choices]
    near = [v for value in known for v in (value, value.lower(), f" {value}", f"{value}\n")]
    return st.tuples(st.just(field), st.one_of(st.sampled_from(near), short_text))


any_choice = st.sampled_from(
    ["contact_method", "voicemail_ok", "province", "referred_by_clinician", "heard_from"]
).flatmap(choice_and_value)


@fuzz
@given(field_and_value=any_choice)
def test_a_choice_is_stored_exactly_as_sent_or_refused(client, field_and_value):
    field, value = field_and_value
    data = valid_form(referrer_name="Dr. Lee", **{field: value})  # the name is needed after "yes"
    stored = stored_or_refused(send(client, data, urlencoded=True), field)
    if stored is not None:
        assert value in dict(ConsultationRequestForm().fields[field].choices)
        stored_value = {
            "referred_by_clinician": "yes" if stored.referred_by_clinician else "no",
            "voicemail_ok": "yes" if stored.voicemail_ok else "no",
        }
        assert stored_value.get(field, getattr(stored, field, None)) == value


def choices_and_list(field: str):
    known = [value for value, _ in ConsultationRequestForm().fields[field].choices]
    item = st.one_of(st.sampled_from(known), st.sampled_from(known), short_text)
    return st.tuples(st.just(field), st.lists(item, max_size=8))


@fuzz
@given(field_and_values=st.sampled_from(["contact_times", "help_wanted"]).flatmap(choices_and_list))
def test_a_list_of_choices_is_stored_as_sent_or_refused(client, field_and_values):
    field, values = field_and_values
    stored = stored_or_refused(send(client, valid_form(**{field: values}), urlencoded=False), field)
    if stored is not None:
        assert getattr(stored, field) == values


# --- Bytes that are not UTF-8 ---------------------------------------------------------------


def multipart(fields: dict[str, bytes]) -> bytes:
    parts = [
        b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name.encode(), value)
        for name, value in fields.items()
    ]
    return b"".join(parts) + b"--B--\r\n"


def as_bytes(data: dict) -> dict[str, bytes]:
    """The fields of a valid form as bytes (one value per field: the first of each list)."""
    return {k: (v[0] if isinstance(v, list) else v).encode() for k, v in data.items()}


def utf8_or_none(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


# Mostly bytes a UTF-8 decoder chokes on: lone continuation bytes, truncated sequences,
# overlong forms, encoded surrogates, and bytes that never occur in UTF-8.
BAD_BYTES = [b"\xff", b"\xc3", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf8\x88"]
some_bytes = st.lists(
    st.one_of(st.sampled_from(BAD_BYTES), st.binary(max_size=4), st.just("é".encode())),
    min_size=1,
    max_size=8,
).map(b"".join)


def urlencoded(fields: dict[str, bytes], *, percent: bool) -> bytes:
    quote = (lambda value: quote_from_bytes(value).encode()) if percent else (lambda value: value)
    return b"&".join(name.encode() + b"=" + quote(value) for name, value in fields.items())


@fuzz
@given(
    field=st.sampled_from(["full_name", "message", "referrer_contact"]),
    raw=some_bytes,
    how=st.sampled_from(["percent-encoded", "raw", "multipart"]),
)
def test_bytes_that_are_not_utf8_are_refused_and_utf8_is_stored_exactly(client, field, raw, how):
    ConsultationRequest.objects.all().delete()
    fields = as_bytes(with_field(field, ""))
    fields[field] = b"Alex " + raw
    if how == "multipart":
        assume(b"--B" not in fields[field])
        body, content_type = multipart(fields), "multipart/form-data; boundary=B"
    else:
        if how == "raw":  # unescaped bytes, minus those that would change the body's structure
            fields[field] = fields[field].translate(None, b"&=+%")
        body = urlencoded(fields, percent=how == "percent-encoded")
        content_type = "application/x-www-form-urlencoded"
    response = client.generic("POST", FORM_URL, body, content_type=content_type)

    text = utf8_or_none(fields[field])
    if response.status_code == 400:  # a raw body Django would otherwise read as Latin-1
        assert text is None and how == "raw"
        assert ConsultationRequest.objects.count() == 0
        return
    stored = stored_or_refused(response, field)
    if text is None:
        assert stored is None, "undecodable bytes must never be stored"
    elif stored is not None:
        assert getattr(stored, field) == normalised(text)
