"""Every URL of the site × who is asking → the exact answer each gets.

Read a row as: this page, asked for by an anonymous visitor, an intake coordinator, a clinic
manager (both signed in with password and authenticator code), and a staff member who gave
a password but no code. Roles and their permissions: consultations/migrations/0002 and 0003, and
reviews/migrations/0002 (the content review desk).

Answers: a status code; "login" (302 to the admin sign-in page, coming back afterwards);
"index", "list", "form" or "referral" (302 to the admin index, the request list, the
consultation form, the referral form); "change" (302 from an object's short link to its change
page); "change page" (302 to the request's page, after a write); "csv" (200 with a CSV file).

A request's history is its audit trail, so only those who may read the audit log see it. The
last test fails when the project resolves a route that no row visits, admin routes included.
"""

import shutil
from datetime import time, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_tasks_db.models import DBTaskResult

from consultations import appointments, links
from consultations.choices import AppointmentMode
from consultations.clinictime import moment, zone
from consultations.models import AuditEvent, StaffNote
from tests.conftest import ContentTree
from tests.consultations.conftest import create_request, form_fields, sign_in, staff_user

pytestmark = pytest.mark.django_db

ADMIN = "/" + settings.ADMIN_PATH
REQUESTS = ADMIN + "consultations/consultationrequest/"
EVENTS = ADMIN + "consultations/auditevent/"
USERS = ADMIN + "auth/user/"
GROUPS = ADMIN + "auth/group/"
DEVICES = ADMIN + "otp_totp/totpdevice/"
PASSKEYS = ADMIN + "passkeys/"
ROLES = ("anonymous", "coordinator", "manager", "no_code")

# fmt: off
MATRIX = [
    # what                      how             url                                   anonymous  coordinator  manager   no_code
    ("home",                   "GET",          "/",                                  200,       200,         200,      200),
    ("get help now",           "GET",          "/get-help-now/",                     200,       200,         200,      200),
    ("our clinic",             "GET",          "/our-clinic/",                       200,       200,         200,      200),
    ("about",                  "GET",          "/about/",                            200,       200,         200,      200),
    ("privacy notice",         "GET",          "/privacy/",                          200,       200,         200,      200),
    ("accessibility",          "GET",          "/accessibility/",                    200,       200,         200,      200),
    ("article list",           "GET",          "/articles/",                         200,       200,         200,      200),
    ("article topic",          "GET",          "/articles/topic/safety-and-risks/",  200,       200,         200,      200),
    ("unknown topic",          "GET",          "/articles/topic/no-such-topic/",     404,       404,         404,      404),
    ("article",                "GET",          "/articles/how-ketamine-works/",      200,       200,         200,      200),
    ("unknown article",        "GET",          "/articles/no-such-article/",         404,       404,         404,      404),
    ("search",                 "GET",          "/search/?q=ketamine",                200,       200,         200,      200),
    ("faq",                    "GET",          "/faq/",                              200,       200,         200,      200),
    ("glossary",               "GET",          "/glossary/",                         200,       200,         200,      200),
    ("sitemap",                "GET",          "/sitemap.xml",                       200,       200,         200,      200),
    ("feed",                   "GET",          "/feed.xml",                          200,       200,         200,      200),
    ("robots.txt",             "GET",          "/robots.txt",                        200,       200,         200,      200),
    ("favicon",                "GET",          "/favicon.ico",                       301,       301,         301,      301),
    ("health check",           "GET",          "/healthz",                           200,       200,         200,      200),
    ("consultation form",      "GET",          "/consultations/request/",            200,       200,         200,      200),
    ("received, none sent",    "GET",          "/consultations/request/received/",   "form",    "form",      "form",   "form"),
    ("the patient's page",     "GET",          "/consultations/your-request/{token}/", 200,     200,         200,      200),
    ("withdrawal page",        "GET",          "/consultations/your-request/{token}/withdraw/", 200, 200,    200,      200),
    ("ask to move or cancel",  "GET",          "/consultations/your-request/{token}/appointment/", 200, 200, 200,      200),
    ("referral form",          "GET",          "/consultations/refer/",              200,       200,         200,      200),
    ("referral received, none sent", "GET",    "/consultations/refer/received/",     "referral", "referral", "referral", "referral"),
    ("a forged patient link",  "GET",          "/consultations/your-request/KT-forged/", 404,   404,         404,      404),
    ("admin sign-in page",     "GET",          ADMIN + "login/",                     200,       "index",     "index",  200),
    ("admin index",            "GET",          ADMIN,                                "login",   200,         200,      "login"),
    ("an unknown admin page",  "GET",          ADMIN + "no-such-page/",              "login",   404,         404,      "login"),
    ("change own password",    "GET",          ADMIN + "password_change/",           "login",   200,         200,      "login"),
    ("password changed",       "GET",          ADMIN + "password_change/done/",      "login",   200,         200,      "login"),
    ("autocomplete, off",      "GET",          ADMIN + "autocomplete/?app_label=consultations&model_name=consultationrequest&field_name=id&term=a",
                                                                                     "login",   403,         403,      "login"),
    ("admin translations",     "GET",          ADMIN + "jsi18n/",                    "login",   200,         200,      "login"),
    ("view on site",           "GET",          ADMIN + "r/{ct}/{pk}/",               "login",   404,         404,      "login"),
    ("requests app",           "GET",          ADMIN + "consultations/",             "login",   200,         200,      "login"),
    ("request list",           "GET",          REQUESTS,                             "login",   200,         200,      "login"),
    ("request page",           "GET",          REQUESTS + "{pk}/change/",            "login",   200,         200,      "login"),
    ("request, short link",    "GET",          REQUESTS + "{pk}/",                   "login",   "change",    "change", "login"),
    ("request history",        "GET",          REQUESTS + "{pk}/history/",           "login",   403,         200,      "login"),
    ("book or move appointment", "GET",        REQUESTS + "{pk}/appointment/",       "login",   200,         200,      "login"),
    ("cancel appointment page", "GET",         REQUESTS + "{pk}/appointment/cancel/", "login",  200,         200,      "login"),
    ("move the appointment",   "POST move",    REQUESTS + "{pk}/appointment/",       "login",   "change page", "change page", "login"),
    ("log contact page",       "GET",          REQUESTS + "{pk}/contact/",           "login",   200,         200,      "login"),
    ("log contact",            "POST contact", REQUESTS + "{pk}/contact/",           "login",   "change page", "change page", "login"),
    ("log contact, no outcome", "POST",        REQUESTS + "{pk}/contact/",           "login",   200,         200,      "login"),
    ("log contact, unknown request", "GET",    REQUESTS + "999999/contact/",         "login",   "index",     "index",  "login"),
    ("add a request",          "GET",          REQUESTS + "add/",                    "login",   403,         403,      "login"),
    ("delete page",            "GET",          REQUESTS + "{pk}/delete/",            "login",   403,         200,      "login"),
    ("add a note",             "POST note",    REQUESTS + "{pk}/change/",            "login",   "list",      "list",   "login"),
    ("export to CSV",          "POST export",  REQUESTS,                             "login",   "list",      "csv",    "login"),
    ("audit log",              "GET",          EVENTS,                               "login",   403,         200,      "login"),
    ("audit event",            "GET",          EVENTS + "{event}/change/",           "login",   403,         200,      "login"),
    ("audit event, short link", "GET",         EVENTS + "{event}/",                  "login",   "change",    "change", "login"),
    ("add an audit event",     "GET",          EVENTS + "add/",                      "login",   403,         403,      "login"),
    ("audit event history",    "GET",          EVENTS + "{event}/history/",          "login",   403,         200,      "login"),
    ("delete an audit event",  "GET",          EVENTS + "{event}/delete/",           "login",   403,         403,      "login"),
    ("users app",              "GET",          ADMIN + "auth/",                      "login",   404,         404,      "login"),
    ("users",                  "GET",          USERS,                                "login",   403,         403,      "login"),
    ("add a user",             "GET",          USERS + "add/",                       "login",   403,         403,      "login"),
    ("a user",                 "GET",          USERS + "{user}/change/",             "login",   403,         403,      "login"),
    ("a user, short link",     "GET",          USERS + "{user}/",                    "login",   "change",    "change", "login"),
    ("a user's history",       "GET",          USERS + "{user}/history/",            "login",   403,         403,      "login"),
    ("delete a user",          "GET",          USERS + "{user}/delete/",             "login",   403,         403,      "login"),
    ("set a user's password",  "GET",          USERS + "{user}/password/",           "login",   403,         403,      "login"),
    ("groups",                 "GET",          GROUPS,                               "login",   403,         403,      "login"),
    ("add a group",            "GET",          GROUPS + "add/",                      "login",   403,         403,      "login"),
    ("a group",                "GET",          GROUPS + "{group}/change/",           "login",   403,         403,      "login"),
    ("a group, short link",    "GET",          GROUPS + "{group}/",                  "login",   "change",    "change", "login"),
    ("a group's history",      "GET",          GROUPS + "{group}/history/",          "login",   403,         403,      "login"),
    ("delete a group",         "GET",          GROUPS + "{group}/delete/",           "login",   403,         403,      "login"),
    ("authenticators app",     "GET",          ADMIN + "otp_totp/",                  "login",   404,         404,      "login"),
    ("authenticator devices",  "GET",          DEVICES,                              "login",   403,         403,      "login"),
    ("add a device",           "GET",          DEVICES + "add/",                     "login",   403,         403,      "login"),
    ("a device",               "GET",          DEVICES + "{device}/change/",         "login",   403,         403,      "login"),
    ("a device, short link",   "GET",          DEVICES + "{device}/",                "login",   "change",    "change", "login"),
    ("a device's history",     "GET",          DEVICES + "{device}/history/",        "login",   403,         403,      "login"),
    ("delete a device",        "GET",          DEVICES + "{device}/delete/",         "login",   403,         403,      "login"),
    ("a device's set-up key",  "GET",          DEVICES + "{device}/config/",         "login",   403,         403,      "login"),
    ("a device's QR code",     "GET",          DEVICES + "{device}/qrcode/",         "login",   403,         403,      "login"),
    ("sign-in lockouts app",   "GET",          ADMIN + "axes/",                      "login",   404,         404,      "login"),
    ("task results app",       "GET",          ADMIN + "django_tasks_database/",     "login",   404,         404,      "login"),
    ("your passkeys",          "GET",          PASSKEYS,                             "login",   200,         200,      "login"),
    ("passkeys, POST",         "POST",         PASSKEYS,                             "login",   405,         405,      "login"),
    ("passkey options",        "POST",         PASSKEYS + "add/options/",            "login",   200,         200,      "login"),
    ("passkey options, GET",   "GET",          PASSKEYS + "add/options/",            "login",   405,         405,      "login"),
    ("add a passkey, empty",   "POST",         PASSKEYS + "add/",                    "login",   "passkeys", "passkeys", "login"),
    ("add a passkey, GET",     "GET",          PASSKEYS + "add/",                    "login",   405,         405,      "login"),
    ("remove a passkey",       "POST",         PASSKEYS + "{passkey}/remove/",       "login",   "passkeys", 404,      "login"),
    ("remove an unknown one",  "POST",         PASSKEYS + "999999/remove/",          "login",   404,         404,      "login"),
    ("remove a passkey, GET",  "GET",          PASSKEYS + "{passkey}/remove/",       "login",   405,         405,      "login"),
    ("sign-in challenge",      "POST",         PASSKEYS + "sign-in/options/",        200,       200,         200,      200),
    ("sign-in challenge, GET", "GET",          PASSKEYS + "sign-in/options/",        405,       405,         405,      405),
    ("sign out",               "POST",         ADMIN + "logout/",                    "index",   200,         200,      "index"),
    ("content review desk",    "GET",          ADMIN + "review-desk/",               "login",   403,         200,      "login"),
    ("article feedback",       "POST feedback", "/articles/how-ketamine-works/feedback/", 303,  303,         303,      303),
    ("article feedback, GET",  "GET",          "/articles/how-ketamine-works/feedback/", 405,   405,         405,      405),
]
for _model, _key in [
    ("axes/accessattempt", "attempt"),
    ("axes/accesslog", "access"),
    ("axes/accessfailurelog", "failure"),
    ("django_tasks_database/dbtaskresult", "task"),
]:
    _list = f"{ADMIN}{_model}/"
    MATRIX += [
        (f"{_model} list",     "GET",          _list,                                "login",   403,         403,      "login"),
        (f"{_model} add",      "GET",          _list + "add/",                       "login",   403,         403,      "login"),
        (f"{_model} item",     "GET",          _list + f"{{{_key}}}/change/",        "login",   403,         403,      "login"),
        (f"{_model} link",     "GET",          _list + f"{{{_key}}}/",               "login",   "change",    "change", "login"),
        (f"{_model} history",  "GET",          _list + f"{{{_key}}}/history/",       "login",   403,         403,      "login"),
        (f"{_model} delete",   "GET",          _list + f"{{{_key}}}/delete/",        "login",   403,         403,      "login"),
    ]
# fmt: on

REDIRECTS = {
    "index": ADMIN,
    "list": REQUESTS,
    "form": "/consultations/request/",
    "passkeys": PASSKEYS,
    "referral": "/consultations/refer/",
}


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """A request with an appointment to come, one of everything else the admin shows, and a
    signed-in session for each visitor: made once for the module (each xdist worker), in a
    transaction of its own that is rolled back after the last row. Each test runs inside it in
    a savepoint of its own (pytest-django's `django_db`), so whatever a row writes (a note, a
    sign-out, a removed passkey) is undone before the next row."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world(get_user_model())
        except BaseException:
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def build_world(user_model):
    item = create_request()
    coordinator = staff_user(user_model, "coordinator", "Intake coordinator")
    book(item, coordinator)
    signed_in = {
        "anonymous": Client(),
        "coordinator": sign_in(Client(), coordinator),
        "manager": sign_in(Client(), staff_user(user_model, "manager", "Clinic manager")),
        "no_code": sign_in(
            Client(), staff_user(user_model, "nocode", "Intake coordinator"), verified=False
        ),
    }
    page = signed_in["coordinator"].get(REQUESTS + f"{item.pk}/change/").content.decode()
    change_form = form_fields(page, "consultationrequest_form")
    seen = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    keys = {
        "pk": item.pk,
        "token": token(item),
        "ct": ContentType.objects.get_for_model(item).pk,
        "event": AuditEvent.objects.earliest("at").pk,
        "user": coordinator.pk,
        "group": Group.objects.get(name="Intake coordinator").pk,
        "device": TOTPDevice.objects.filter(user=coordinator).get().pk,
        "attempt": AccessAttempt.objects.create(failures_since_start=1, **seen).pk,
        "access": AccessLog.objects.create(**seen).pk,
        "failure": AccessFailureLog.objects.create(**seen).pk,
        "task": DBTaskResult.objects.first().pk,  # the request's emails
        # The coordinator's passkey: removed by its owner, not found by anyone else.
        "passkey": WebAuthnCredential.objects.create(
            user=coordinator, name="Laptop", confirmed=True, credential_id=b"id", public_key=b"key"
        ).pk,
    }
    cookies = {
        role: {name: morsel.value for name, morsel in client.cookies.items()}
        for role, client in signed_in.items()
    }
    return item, cookies, change_form, keys


@pytest.fixture
def world(shared_world):
    """The shared world with a fresh client for each visitor, carrying that visitor's session
    cookie: a row that signs out or sets a cookie leaves the next row's clients untouched."""
    item, cookies, change_form, keys = shared_world
    clients = {}
    for role, jar in cookies.items():
        clients[role] = Client()
        for name, value in jar.items():
            clients[role].cookies[name] = value
    return item, clients, dict(change_form), keys


def send(client, how, url, item, change_form):
    if how == "GET":
        return client.get(url)
    if how == "POST":
        return client.post(url)
    if how == "POST note":
        # Each role's own form (an audit reader's has the audit trail's inline too); one who
        # cannot open the page sends a coordinator's.
        page = client.get(url)
        if page.status_code == 200:
            change_form = form_fields(page.content.decode(), "consultationrequest_form")
        return client.post(url, {**change_form, "notes-0-body": ["Called back."]})
    if how == "POST contact":
        return client.post(url, {"outcome": "no_answer", "note": "Try again at 4"})
    if how == "POST feedback":
        # "Was this page helpful?" as a browser sends it from the article (with its Origin).
        return client.post(url, {"helpful": "yes"}, HTTP_ORIGIN="http://testserver")
    if how == "POST move":
        # A staff member moves the appointment an hour later, as its page would send it.
        moved = {
            **MOVE_FORM,
            "time": f"{MOVE_FORM['time'][:2]}:{int(MOVE_FORM['time'][3:]) + 1:02d}",
        }
        return client.post(url, moved)
    if how == "POST export":
        return client.post(
            url + "?status=all",
            {"action": "export_csv", "_selected_action": [item.pk], "index": 0},
        )
    raise AssertionError(how)


MOVE_FORM = {}


def book(item, user):
    """An appointment three days ahead, at 10:00 on the clinic's clock."""
    day = (timezone.now() + timedelta(days=3)).astimezone(zone()).date()
    appointments.appointment_book(
        consultation_request=item,
        starts_at=moment(day, time(10, 0)),
        duration_minutes=60,
        mode=AppointmentMode.VIDEO,
        by=user,
    )
    MOVE_FORM.update(date=day.isoformat(), time="10:00", duration_minutes="60", mode="video")


def token(item) -> str:
    """The signed part of the link in the patient's acknowledgement email."""
    return links.your_request_path(item).rstrip("/").rsplit("/", 1)[-1]


def answer(response, url) -> int | str:
    """What the visitor got, in the matrix's words."""
    if response.status_code == 302:
        path, _, query = response["Location"].partition("?")
        if path == ADMIN + "login/" and query.startswith("next="):
            return "login"
        if path == url + "change/":
            return "change"
        if path == REQUESTS + f"{url.removeprefix(REQUESTS).split('/')[0]}/change/":
            return "change page"
        words = [word for word, target in REDIRECTS.items() if path == target]
        return words[0] if words else f"302 → {response['Location']}"
    if response.status_code == 200 and response["Content-Type"].startswith("text/csv"):
        return "csv"
    return response.status_code


@pytest.mark.parametrize(
    ("how", "url", "answers"),
    [pytest.param(how, url, answers, id=what) for what, how, url, *answers in MATRIX],
)
def test_each_visitor_gets_exactly_this_answer(world, how, url, answers):
    item, clients, change_form, keys = world
    url = url.format(**keys)
    got = {role: answer(send(clients[role], how, url, item, change_form), url) for role in ROLES}
    assert got == dict(zip(ROLES, answers, strict=True))


# A draft exists only in a copy of the content with one draft added (the real content has
# none): those who may open the content review desk preview it; everyone else, a coordinator
# and a staff member without their second factor included, gets the same 404 as for an article
# that does not exist.
# fmt: off
DRAFT_MATRIX = [
    # what                      how             url                                   anonymous  coordinator  manager   no_code
    ("draft article",          "GET",          "/articles/a-draft-in-review/",       404,       404,         200,      404),
    ("draft, HEAD",            "HEAD",         "/articles/a-draft-in-review/",       404,       404,         200,      404),
]
# fmt: on


@pytest.fixture
def content_with_a_draft(settings, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(settings.ARTICLES_CONTENT_DIR, root)
    ContentTree(root).write("a-draft-in-review", title="A draft in review", extra="draft: true\n")
    settings.ARTICLES_CONTENT_DIR = root


@pytest.mark.parametrize(
    ("how", "url", "answers"),
    [pytest.param(how, url, answers, id=what) for what, how, url, *answers in DRAFT_MATRIX],
)
def test_each_visitor_gets_exactly_this_answer_for_a_draft(world, content_with_a_draft, how, url,
                                                           answers):  # fmt: skip
    _, clients, _, _ = world
    got = {}
    for role in ROLES:
        response = clients[role].head(url) if how == "HEAD" else clients[role].get(url)
        got[role] = response.status_code
        if response.status_code == 200:
            assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert got == dict(zip(ROLES, answers, strict=True))


def test_a_refused_note_is_not_saved(world):
    item, clients, change_form, _ = world
    for role in ("anonymous", "no_code"):
        send(clients[role], "POST note", REQUESTS + f"{item.pk}/change/", item, change_form)
    assert not StaffNote.objects.exists()


def test_a_refused_contact_is_not_logged(world):
    item, clients, change_form, _ = world
    for role in ("anonymous", "no_code"):
        send(clients[role], "POST contact", REQUESTS + f"{item.pk}/contact/", item, change_form)
    assert not item.contact_attempts.exists()


def test_a_refused_move_changes_nothing(world):
    item, clients, change_form, _ = world
    before = list(item.appointments.values_list("starts_at", "sequence"))
    for role in ("anonymous", "no_code"):
        send(clients[role], "POST move", REQUESTS + f"{item.pk}/appointment/", item, change_form)
    assert list(item.appointments.values_list("starts_at", "sequence")) == before


def routes(patterns, prefix=""):
    """Every route the project resolves, spelt as `resolve()` spells a match's route."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern).removeprefix("^" if prefix else "")
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def test_the_matrix_has_a_row_for_every_page_of_the_site():
    keys = dict.fromkeys(["pk", "ct", "event", "user", "group", "device", "task", "passkey"], 1)
    keys |= dict.fromkeys(["attempt", "access", "failure"], 1)
    covered = {
        resolve(url.split("?")[0].format(token="token", **keys)).route
        for _, _, url, *_ in MATRIX
        if url != settings.HEALTH_CHECK_PATH
    }
    assert set(routes(get_resolver().url_patterns)) - covered == set()
