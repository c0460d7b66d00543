import time
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations import formtoken, services
from consultations.forms import ConsultationRequestForm
from consultations.models import ConsultationRequest
from perf.mailserver import smtp_server
from tests.conftest import restore_roles

FORM_URL = "/consultations/request/"
RECEIVED_URL = "/consultations/request/received/"


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """Loose limits and no minimum fill time (the cache is emptied for every test, in
    tests/conftest.py)."""
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_RATE_LIMIT = (100, 3600)
    settings.CONSULTATION_ACKNOWLEDGEMENT_LIMIT = (1000, 86400)


def valid_form(**overrides) -> dict:
    """What a person filling the form sends; `None` leaves a field out."""
    data = {
        "full_name": "Alex Tremblay",
        "preferred_name": "Al",
        "email": "alex@example.com",
        "phone": "(613) 555-0142",
        "contact_method": "phone",
        "contact_times": ["weekday_morning", "weekend"],
        "voicemail_ok": "no",
        "province": "ON",
        "is_adult": "on",
        "help_wanted": ["depression", "ptsd"],
        "referred_by_clinician": "no",
        "referrer_name": "",
        "referrer_contact": "",
        "message": "I have tried three antidepressants without much change.",
        "heard_from": "search",
        "consent": "on",
        "website": "",
        "form_token": formtoken.issue(now=time.time() - 120),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_for(**overrides) -> dict:
    form = ConsultationRequestForm(valid_form(**overrides))
    form.is_valid()
    return form.errors


def assert_refused(response, field: str, message: str) -> None:
    """The message shows at the field and in the summary, which links to the field."""
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 0
    html = response.content.decode()
    assert 'id="error-summary"' in html and "There is a problem" in html
    assert f'<a href="#id_{field}' in html
    assert html.count(escape(message)) == 2, "once in the summary, once at the field"


@pytest.fixture
def submit(client):
    def post(**overrides):
        return client.post(FORM_URL, valid_form(**overrides))

    return post


REQUEST_DEFAULTS = {
    "full_name": "Sam Example",
    "email": "sam@example.com",
    "phone": "+16135550100",
    "contact_method": "email",
    "contact_times": ["weekday_evening"],
    "province": "BC",
    "is_adult": True,
    "help_wanted": ["anxiety"],
    "referred_by_clinician": False,
    "message": "",
}


def create_request(*, consent=True, submission_token="", spam_reason="", **fields):
    """Store a request through the service, as the website's form does."""
    return services.consultation_request_create(
        answers=ConsultationRequest(**{**REQUEST_DEFAULTS, **fields}),
        consent=consent,
        submission_token=submission_token,
        spam_reason=spam_reason,
    )


@pytest.fixture
def make_request():
    """Create a stored request as the website would, then adjust it for the test's story."""

    def make(*, status=None, received_at=None, **fields) -> ConsultationRequest:
        item = create_request(**fields)
        updates = {}
        if status:
            updates["status"] = status
        if received_at:
            updates["received_at"] = received_at
        if updates:
            ConsultationRequest.objects.filter(pk=item.pk).update(**updates)
            item.refresh_from_db()
        return item

    return make


def staff_user(django_user_model, username: str, role: str | None):
    restore_roles()
    user = django_user_model.objects.create_user(
        username,
        email=f"{username}@clinic.example.com",
        password="a long test password",
        is_staff=True,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def coordinator(django_user_model):
    return staff_user(django_user_model, "coordinator", "Intake coordinator")


@pytest.fixture
def manager(django_user_model):
    return staff_user(django_user_model, "manager", "Clinic manager")


def sign_in(client, user, *, verified: bool = True):
    """Sign `user` in as the admin's sign-in page would: password, then (unless
    `verified=False`) a code from their authenticator app."""
    client.force_login(user)
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, defaults={"name": "Authenticator app", "confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    """An intake coordinator, signed in with both factors."""
    return sign_in(client, coordinator)


@pytest.fixture
def manager_client(client, manager):
    """A clinic manager, signed in with both factors."""
    return sign_in(client, manager)


def changelist_url() -> str:
    return reverse("admin:consultations_consultationrequest_changelist")


def change_url(item: ConsultationRequest) -> str:
    return reverse("admin:consultations_consultationrequest_change", args=[item.pk])


class _FormFields(HTMLParser):
    """Collects what a browser would submit from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file") or (
                kind in ("checkbox", "radio") and "checked" not in attrs
            ):
                return
            self.data.setdefault(attrs["name"], []).append(
                attrs.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = [""]

    def handle_data(self, data):
        if self.inside and self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea][-1] = self.data[self._textarea][-1].removeprefix("\n")
            self._textarea = None


def form_fields(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.data


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that the site sends through: `smtp.received` holds what
    it accepted. Set `smtp.delay` or `smtp.refuse` to make it slow or refusing."""
    with smtp_server() as (port, recorder):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        recorder.port = port
        yield recorder
