"""Every URL of the site × who is asking → the exact answer each gets.

Read a row as: this page, asked for by an anonymous visitor, an intake coordinator, a clinic
manager (both signed in with password and authenticator code), and a staff member who gave
a password but no code. Roles and their permissions: consultations/migrations/0002 and 0003.

Answers: a status code; "login" (302 to the admin sign-in page, coming back afterwards);
"index", "list" or "form" (302 to the admin index, the request list, the consultation form);
"csv" (200 with a CSV file).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from consultations import links
from consultations.models import StaffNote
from tests.consultations.conftest import create_request, form_fields, sign_in, staff_user

pytestmark = pytest.mark.django_db

ADMIN = "/" + settings.ADMIN_PATH
REQUESTS = ADMIN + "consultations/consultationrequest/"
ROLES = ("anonymous", "coordinator", "manager", "no_code")

# fmt: off
MATRIX = [
    # what                      how             url                                   anonymous  coordinator  manager   no_code
    ("home",                   "GET",          "/",                                  200,       200,         200,      200),
    ("get help now",           "GET",          "/get-help-now/",                     200,       200,         200,      200),
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
    ("a forged patient link",  "GET",          "/consultations/your-request/KT-forged/", 404,   404,         404,      404),
    ("admin sign-in page",     "GET",          ADMIN + "login/",                     200,       "index",     "index",  200),
    ("admin index",            "GET",          ADMIN,                                "login",   200,         200,      "login"),
    ("request list",           "GET",          REQUESTS,                             "login",   200,         200,      "login"),
    ("request page",           "GET",          REQUESTS + "{pk}/change/",            "login",   200,         200,      "login"),
    ("request history",        "GET",          REQUESTS + "{pk}/history/",           "login",   200,         200,      "login"),
    ("add a request",          "GET",          REQUESTS + "add/",                    "login",   403,         403,      "login"),
    ("delete page",            "GET",          REQUESTS + "{pk}/delete/",            "login",   403,         200,      "login"),
    ("add a note",             "POST note",    REQUESTS + "{pk}/change/",            "login",   "list",      "list",   "login"),
    ("export to CSV",          "POST export",  REQUESTS,                             "login",   "list",      "csv",    "login"),
    ("audit log",              "GET",          ADMIN + "consultations/auditevent/",  "login",   403,         200,      "login"),
    ("users",                  "GET",          ADMIN + "auth/user/",                 "login",   403,         403,      "login"),
    ("groups",                 "GET",          ADMIN + "auth/group/",                "login",   403,         403,      "login"),
    ("authenticator devices",  "GET",          ADMIN + "otp_totp/totpdevice/",       "login",   403,         403,      "login"),
    ("sign-in lockouts",       "GET",          ADMIN + "axes/accessattempt/",        "login",   403,         403,      "login"),
    ("sign out",               "POST",         ADMIN + "logout/",                    "index",   200,         200,      "index"),
]
# fmt: on

REDIRECTS = {"index": ADMIN, "list": REQUESTS, "form": "/consultations/request/"}


@pytest.fixture
def world(django_user_model):
    """A request, and a client for each kind of visitor."""
    item = create_request()
    coordinator = staff_user(django_user_model, "coordinator", "Intake coordinator")
    clients = {
        "anonymous": Client(),
        "coordinator": sign_in(Client(), coordinator),
        "manager": sign_in(Client(), staff_user(django_user_model, "manager", "Clinic manager")),
        "no_code": sign_in(
            Client(),
            staff_user(django_user_model, "nocode", "Intake coordinator"),
            verified=False,
        ),
    }
    page = clients["coordinator"].get(REQUESTS + f"{item.pk}/change/").content.decode()
    change_form = form_fields(page, "consultationrequest_form")
    return item, clients, change_form


def send(client, how, url, item, change_form):
    if how == "GET":
        return client.get(url)
    if how == "POST":
        return client.post(url)
    if how == "POST note":
        return client.post(url, {**change_form, "notes-0-body": ["Called back."]})
    if how == "POST export":
        return client.post(
            url + "?status=all",
            {"action": "export_csv", "_selected_action": [item.pk], "index": 0},
        )
    raise AssertionError(how)


def token(item) -> str:
    """The signed part of the link in the patient's acknowledgement email."""
    return links.your_request_path(item).rstrip("/").rsplit("/", 1)[-1]


def answer(response) -> int | str:
    """What the visitor got, in the matrix's words."""
    if response.status_code == 302:
        path, _, query = response["Location"].partition("?")
        if path == ADMIN + "login/" and query.startswith("next="):
            return "login"
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
    item, clients, change_form = world
    got = {
        role: answer(
            send(clients[role], how, url.format(pk=item.pk, token=token(item)), item, change_form)
        )
        for role in ROLES
    }
    assert got == dict(zip(ROLES, answers, strict=True))


def test_a_refused_note_is_not_saved(world):
    item, clients, change_form = world
    for role in ("anonymous", "no_code"):
        send(clients[role], "POST note", REQUESTS + f"{item.pk}/change/", item, change_form)
    assert not StaffNote.objects.exists()


def routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route != settings.ADMIN_PATH:  # the admin's own pages are rows above
                yield from routes(pattern.url_patterns, route)
        else:
            yield route


def test_the_matrix_has_a_row_for_every_page_of_the_site():
    covered = {
        resolve(url.split("?")[0].format(token="token")).route
        for _, _, url, *_ in MATRIX
        if not url.startswith(ADMIN) and url != settings.HEALTH_CHECK_PATH and "no-such" not in url
    }
    assert set(routes(get_resolver().url_patterns)) == covered
