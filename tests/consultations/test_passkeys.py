"""Passkeys (WebAuthn) in place of the authenticator app's code: staff add and remove their own,
and sign in with the password and a passkey in one form. Every refusal is the wrong code's.

The passkeys here are software ones (`Authenticator`): a P-256 key the test holds and signs
with, answering exactly as a browser would, so the server's real checks run: the challenge,
origin, relying party ID, signature and signature count. tests/browser/test_passkeys.py does
the same with Chromium's virtual authenticator.
"""

import hashlib
import json
import os
import time

import cbor2
import pytest
import time_machine
from axes.models import AccessAttempt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from clinic_site.staff_login import REFUSED
from consultations.models import AuditEvent
from tests.consultations.conftest import changelist_url, sign_in
from tests.production import settings_module

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"
RP_ID = "clinic.example.com"
ORIGIN = "https://clinic.example.com"
HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
ACTIONS = AuditEvent.Action


def url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.OTP_WEBAUTHN_RP_ID = RP_ID
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


class Authenticator:
    """A passkey on a device: makes a credential, then signs challenges with it."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        self.user_handle = b""

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        return json.dumps(data).encode()

    def _public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y})  # COSE: EC2, ES256, P-256

    def create(self, options: dict, *, origin: str = ORIGIN) -> dict:
        """What navigator.credentials.create() gives the page's script."""
        self.user_handle = base64url_to_bytes(options["user"]["id"])
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id
        auth_data = (
            hashlib.sha256(options["rp"]["id"].encode()).digest()
            + bytes([0x45])  # user present, user verified, credential data included
            + self.sign_count.to_bytes(4, "big")
            + attested
            + self._public_key()
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": bytes_to_base64url(self.credential_id),
            "rawId": bytes_to_base64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {"credProps": {"rk": True}},
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["internal"],
            },
        }

    def get(self, options: dict, *, origin: str = ORIGIN, rp_id: str = RP_ID, key=None) -> dict:
        """What navigator.credentials.get() gives the page's script."""
        self.sign_count += 1
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([0x05])  # user present, user verified
            + self.sign_count.to_bytes(4, "big")
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = (key or self.key).sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "id": bytes_to_base64url(self.credential_id),
            "rawId": bytes_to_base64url(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
                "userHandle": bytes_to_base64url(self.user_handle),
            },
        }


def options(client, name: str) -> dict:
    response = client.post(url(name), REMOTE_ADDR=HOME)
    assert response.status_code == 200, response
    return response.json()


def add_passkey(client, authenticator, name="Work laptop", **made):
    answer = authenticator.create(options(client, "passkey_add_options"), **made)
    return client.post(
        url("passkey_add"), {"name": name, "credential": json.dumps(answer)}, REMOTE_ADDR=HOME
    )


def a_passkey_for(user) -> Authenticator:
    authenticator = Authenticator()
    response = add_passkey(sign_in(Client(), user), authenticator)
    assert response.status_code == 302 and response["Location"] == url("passkeys")
    return authenticator


@pytest.fixture
def laptop(coordinator) -> Authenticator:
    """The coordinator's passkey, added from the admin after signing in with a code."""
    return a_passkey_for(coordinator)


def log_in(client, username="coordinator", *, password=PASSWORD, passkey="", code="", address=HOME):
    return client.post(
        url("login"),
        {
            "username": username,
            "password": password,
            "otp_token": code,
            "passkey": passkey,
            "next": changelist_url(),
        },
        REMOTE_ADDR=address,
    )


def answer_from(authenticator, client, **signed) -> str:
    """The page's script: a challenge from the server, signed by the passkey."""
    return json.dumps(authenticator.get(options(client, "passkey_sign_in_options"), **signed))


def answer(response) -> tuple[int, str]:
    """What a sign-in attempt tells the person: its status and its message."""
    html = response.content.decode()
    notes = [part.split("</p>")[0] for part in html.split('<p class="errornote">')[1:]]
    return response.status_code, " ".join(notes)


def last_event() -> int:
    return AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def staff_events(since: int = 0) -> list[tuple]:
    events = AuditEvent.objects.filter(reference="", pk__gt=since).order_by("pk")
    return list(events.values_list("actor", "action", "detail", "address"))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def failures(username="coordinator", address=HOME) -> int:
    attempt = AccessAttempt.objects.filter(username=username, ip_address=address).first()
    return attempt.failures_since_start if attempt else 0


# --- Signing in with a passkey ----------------------------------------------------------------


def test_it_signs_in_with_the_password_and_a_passkey_and_marks_the_session_verified(laptop):
    client, mark = Client(), last_event()
    response = log_in(client, passkey=answer_from(laptop, client))
    assert response.status_code == 302 and response["Location"] == changelist_url()
    passkey = WebAuthnCredential.objects.get()
    assert client.session[DEVICE_ID_SESSION_KEY] == passkey.persistent_id
    assert client.get(changelist_url()).status_code == 200
    assert passkey.sign_count == 1 and passkey.last_used_at is not None
    assert staff_events(since=mark) == [("coordinator", ACTIONS.SIGNED_IN, "", HOME)]


def test_the_code_still_works_for_someone_who_has_a_passkey(laptop):
    client = Client()
    device = TOTPDevice.objects.get(user__username="coordinator")
    response = log_in(client, code=f"{totp(device.bin_key):06d}")
    assert response.status_code == 302 and signed_in(client)


def test_the_challenge_names_no_user_and_no_passkey(laptop, manager):
    """Asked before anyone types a name, and the same whoever asks: nothing in it tells whether
    a user name exists or has passkeys."""
    before = options(Client(), "passkey_sign_in_options")
    a_passkey_for(manager)
    after = options(sign_in(Client(), manager), "passkey_sign_in_options")
    assert before["allowCredentials"] == [] and after["allowCredentials"] == []
    assert before["rpId"] == RP_ID and before["userVerification"] == "preferred"
    assert before["challenge"] != after["challenge"]
    assert {**before, "challenge": ""} == {**after, "challenge": ""}


def test_the_challenge_is_only_given_for_a_post_with_the_csrf_token():
    assert Client().get(url("passkey_sign_in_options")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url("passkey_sign_in_options")).status_code == 403


@pytest.fixture
def wrong_code_answer(laptop):
    """What a right password with a wrong code gets (from elsewhere, so it counts apart)."""
    device = TOTPDevice.objects.get(user__username="coordinator")
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    return answer(log_in(Client(), code=wrong, address=ELSEWHERE))


def someone_elses(client, laptop, manager):
    return {"passkey": answer_from(a_passkey_for(manager), client)}


def unknown(client, laptop, manager):
    return {"passkey": answer_from(Authenticator(), client)}


def switched_off(client, laptop, manager):
    WebAuthnCredential.objects.update(confirmed=False)
    return {"passkey": answer_from(laptop, client)}


def wrong_password(client, laptop, manager):
    return {"passkey": answer_from(laptop, client), "password": "not the password"}


def forged_signature(client, laptop, manager):
    return {"passkey": answer_from(laptop, client, key=ec.generate_private_key(ec.SECP256R1()))}


def from_a_look_alike_site(client, laptop, manager):
    return {"passkey": answer_from(laptop, client, origin="https://clinic-example.com")}


def for_another_relying_party(client, laptop, manager):
    return {"passkey": answer_from(laptop, client, rp_id="example.com")}


def from_a_cloned_passkey(client, laptop, manager):
    real = Client()
    assert log_in(real, passkey=answer_from(laptop, real)).status_code == 302  # its count: 1
    laptop.sign_count = 0  # a copy made before that sign-in says 1 again
    return {"passkey": answer_from(laptop, client)}


def replayed_from_another_sign_in(client, laptop, manager):
    real = Client()
    seen = answer_from(laptop, real)
    assert log_in(real, passkey=seen).status_code == 302
    options(client, "passkey_sign_in_options")
    return {"passkey": seen}


def replayed_after_a_wrong_password(client, laptop, manager):
    seen = answer_from(laptop, client)
    log_in(client, password="a guess", passkey=seen)
    return {"passkey": seen}


def for_a_challenge_never_given(client, laptop, manager):
    return {"passkey": json.dumps(laptop.get({"challenge": bytes_to_base64url(os.urandom(32))}))}


def for_another_browsers_challenge(client, laptop, manager):
    options(client, "passkey_sign_in_options")
    return {"passkey": answer_from(laptop, Client())}


def bad_text(text):
    def send(client, laptop, manager):
        options(client, "passkey_sign_in_options")
        return {"passkey": text}

    return send


REFUSALS = {
    "someone else's passkey": someone_elses,
    "a passkey never added": unknown,
    "a switched-off passkey": switched_off,
    "a wrong password with a good passkey": wrong_password,
    "a forged signature": forged_signature,
    "an answer made on a look-alike site": from_a_look_alike_site,
    "an answer for another relying party": for_another_relying_party,
    "a cloned passkey (its count went back)": from_a_cloned_passkey,
    "an answer replayed from another sign-in": replayed_from_another_sign_in,
    "an answer replayed after a wrong password": replayed_after_a_wrong_password,
    "an answer for a challenge never given": for_a_challenge_never_given,
    "an answer for another browser's challenge": for_another_browsers_challenge,
    "no passkey and no code": bad_text(""),
    "not JSON": bad_text("not json"),
    "a JSON list": bad_text("[1, 2]"),
    "an empty object": bad_text("{}"),
    "a NUL": bad_text('{"id": "\x00"}'),
    "deep nesting": bad_text("[" * 10_000),
    "far too long": bad_text('"' + "a" * 50_000 + '"'),
    "wrong types": bad_text('{"id": 1, "rawId": [], "response": "x", "type": null}'),
    "bad base64": bad_text(
        json.dumps(
            {
                "id": "%%%",
                "rawId": "%%%",
                "type": "public-key",
                "response": {
                    "clientDataJSON": "!",
                    "authenticatorData": "!",
                    "signature": "!",
                    "userHandle": "!",
                },
            }
        )
    ),
}


@pytest.mark.parametrize("make", REFUSALS.values(), ids=REFUSALS.keys())
def test_every_bad_passkey_gets_the_wrong_codes_answer_and_counts_as_a_failure(
    make, laptop, manager, wrong_code_answer
):
    client = Client()
    sent = make(client, laptop, manager)
    before, events = failures(), AuditEvent.objects.filter(action=ACTIONS.SIGN_IN_FAILED).count()
    response = log_in(client, **sent)
    assert answer(response) == wrong_code_answer == (200, REFUSED)
    assert not signed_in(client)
    assert failures() == before + 1, "counted towards the lockout"
    failed = AuditEvent.objects.filter(action=ACTIONS.SIGN_IN_FAILED)
    assert failed.count() == events + 1 and failed.first().actor == "coordinator"


def test_an_answer_sent_after_the_challenge_expired_is_refused(laptop, settings):
    client = Client()
    sent = answer_from(laptop, client)
    with time_machine.travel(time.time() + settings.OTP_WEBAUTHN_TIMEOUT_SECONDS + 5):
        response = log_in(client, passkey=sent)
    assert answer(response) == (200, REFUSED)
    assert not signed_in(client) and failures() == 1


def test_an_answer_just_inside_the_time_limit_signs_in(laptop, settings):
    client = Client()
    sent = answer_from(laptop, client)
    with time_machine.travel(time.time() + settings.OTP_WEBAUTHN_TIMEOUT_SECONDS - 5):
        assert log_in(client, passkey=sent).status_code == 302


def test_five_bad_passkeys_lock_the_user_name_out(laptop):
    client = Client()
    for _ in range(5):
        log_in(client, passkey=answer_from(Authenticator(), client))
    response = log_in(client, passkey=answer_from(laptop, client))
    assert response.status_code == 429 and not signed_in(client)
    assert AuditEvent.objects.filter(action=ACTIONS.LOCKED_OUT).exists()


def test_a_refused_answer_is_never_put_back_in_the_page(laptop):
    client = Client()
    html = log_in(client, passkey=answer_from(Authenticator(), client)).content.decode()
    assert '<input type="hidden" name="passkey" id="id_passkey">' in html
    assert "clientDataJSON" not in html


def test_the_sign_in_page_offers_a_passkey_through_a_script_of_our_own(client):
    html = client.get(url("login")).content.decode()
    assert "Use a passkey instead of a code" in html
    assert f'passkeys.js" defer data-options-url="{url("passkey_sign_in_options")}"' in html
    assert "<script>" not in html, "no inline script (CSP)"
    assert 'id="passkey-sign-in" hidden' in html, "shown only by the script, where it works"


fuzz = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


# Not userHandle: the passkey is found by its id and checked by its signature, which does not
# cover what the browser says there.
SIGNED_PARTS = [
    "id",
    "rawId",
    "type",
    "response",
    "clientDataJSON",
    "authenticatorData",
    "signature",
]


@fuzz
@given(where=st.sampled_from(SIGNED_PARTS), value=json_values)
def test_a_good_answer_with_any_part_replaced_is_refused_without_a_server_error(
    laptop, where, value
):
    AccessAttempt.objects.all().delete()  # so the lockout never answers in the form's place
    client = Client()
    sent = json.loads(answer_from(laptop, client))
    part = sent if where in sent else sent["response"]
    part[where] = value
    response = log_in(client, passkey=json.dumps(sent))
    assert answer(response) == (200, REFUSED)
    assert not signed_in(client)


# --- Adding, listing and removing one's own passkeys ------------------------------------------


def test_a_verified_staff_member_adds_a_passkey_and_sees_it_listed(coordinator):
    client = sign_in(Client(), coordinator)
    response = add_passkey(client, Authenticator(), name="Work laptop")
    page = client.get(response["Location"])
    assertContains(page, "Added “Work laptop”")
    assertContains(page, "<td>Work laptop</td>", html=True)
    assertContains(page, "<td>Never</td>", html=True)
    passkey = WebAuthnCredential.objects.get()
    assert (passkey.user, passkey.name, passkey.discoverable) == (coordinator, "Work laptop", True)


def test_the_user_tools_link_to_ones_passkeys(coordinator_client):
    page = coordinator_client.get(url("index"))
    assertContains(page, f'<a href="{url("passkeys")}">Passkeys</a>', html=True)


def test_a_passkey_without_a_name_is_called_passkey(coordinator):
    add_passkey(sign_in(Client(), coordinator), Authenticator(), name="   ")
    assert WebAuthnCredential.objects.get().name == "Passkey"


def test_the_registration_asks_for_a_passkey_the_browser_can_find_by_itself(coordinator, laptop):
    made = options(sign_in(Client(), coordinator), "passkey_add_options")
    assert made["rp"] == {"id": RP_ID, "name": "Example Ketamine Clinic"}
    assert made["authenticatorSelection"]["residentKey"] == "required"
    assert made["user"]["name"] == "coordinator"
    assert made["excludeCredentials"] == [
        {"id": bytes_to_base64url(laptop.credential_id), "type": "public-key",
         "transports": ["internal"]}
    ], "the browser will not make a second one on the same device"  # fmt: skip


def test_signed_in_with_a_passkey_one_can_add_another(laptop):
    client = Client()
    log_in(client, passkey=answer_from(laptop, client))
    assert add_passkey(client, Authenticator(), name="Phone").status_code == 302
    assert WebAuthnCredential.objects.count() == 2


@pytest.mark.parametrize("verified", [False, None], ids=["password only", "signed out"])
def test_adding_a_passkey_needs_both_factors(coordinator, verified):
    client = Client() if verified is None else sign_in(Client(), coordinator, verified=False)
    for name in ("passkeys", "passkey_add_options", "passkey_add"):
        response = client.post(url(name)) if name != "passkeys" else client.get(url(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(url("login"))
    assert not WebAuthnCredential.objects.exists()


def made_elsewhere(client, authenticator):
    return add_passkey(client, authenticator, origin="https://clinic-example.com")


def without_a_challenge(client, authenticator):
    made = authenticator.create({"challenge": "AAAA", "rp": {"id": RP_ID}, "user": {"id": "AA"}})
    return client.post(url("passkey_add"), {"credential": json.dumps(made)})


def twice_with_one_challenge(client, authenticator):
    made = authenticator.create(options(client, "passkey_add_options"))
    client.post(url("passkey_add"), {"credential": json.dumps(made)})
    WebAuthnCredential.objects.all().delete()
    return client.post(url("passkey_add"), {"credential": json.dumps(made)})


def not_a_credential(text):
    def send(client, authenticator):
        options(client, "passkey_add_options")
        return client.post(url("passkey_add"), {"name": "x", "credential": text})

    return send


BAD_REGISTRATIONS = {
    "made on a look-alike site": made_elsewhere,
    "for a challenge never given": without_a_challenge,
    "a challenge used twice": twice_with_one_challenge,
    "nothing": not_a_credential(""),
    "not JSON": not_a_credential("{"),
    "a list": not_a_credential("[]"),
    "deep nesting": not_a_credential("[" * 10_000),
    "a NUL": not_a_credential('{"id": "\x00"}'),
}


@pytest.mark.parametrize("send", BAD_REGISTRATIONS.values(), ids=BAD_REGISTRATIONS.keys())
def test_a_bad_registration_adds_nothing(coordinator, send):
    client = sign_in(Client(), coordinator)
    response = send(client, Authenticator())
    assert response.status_code == 302 and response["Location"] == url("passkeys")
    assertContains(client.get(url("passkeys")), "The passkey was not added. Try again.")
    assert not WebAuthnCredential.objects.exists()


def test_a_name_too_long_or_with_a_nul_adds_nothing(coordinator):
    client = sign_in(Client(), coordinator)
    for name in ("x" * 65, "Lap\x00top"):
        add_passkey(client, Authenticator(), name=name)
    assert not WebAuthnCredential.objects.exists()


def test_the_list_shows_only_ones_own_passkeys(coordinator, manager, laptop):
    authenticator = Authenticator()
    add_passkey(sign_in(Client(), manager), authenticator, name="Manager's key")
    page = sign_in(Client(), coordinator).get(url("passkeys"))
    assertContains(page, "Work laptop")
    assertNotContains(page, "Manager&#x27;s key")
    assertNotContains(page, url("passkey_remove", WebAuthnCredential.objects.get(user=manager).pk))


def test_nobody_can_remove_someone_elses_passkey(coordinator, manager, laptop):
    theirs = WebAuthnCredential.objects.get(user=coordinator)
    response = sign_in(Client(), manager).post(url("passkey_remove", theirs.pk))
    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_removing_needs_a_post_with_the_csrf_token(coordinator, laptop):
    passkey = WebAuthnCredential.objects.get()
    assert sign_in(Client(), coordinator).get(url("passkey_remove", passkey.pk)).status_code == 405
    strict = sign_in(Client(enforce_csrf_checks=True), coordinator)
    assert strict.post(url("passkey_remove", passkey.pk)).status_code == 403
    assert WebAuthnCredential.objects.exists()


def test_a_staff_member_removes_a_passkey(coordinator, laptop):
    client = sign_in(Client(), coordinator)
    response = client.post(url("passkey_remove", WebAuthnCredential.objects.get().pk))
    assert response["Location"] == url("passkeys")
    page = client.get(url("passkeys"))
    assertContains(page, "Removed “Work laptop”.")
    assertContains(page, "You have no passkeys yet.")
    assert not WebAuthnCredential.objects.exists()


def test_removing_the_passkey_one_signed_in_with_signs_one_out(laptop):
    client = Client()
    log_in(client, passkey=answer_from(laptop, client))
    response = client.post(url("passkey_remove", WebAuthnCredential.objects.get().pk))
    assert response["Location"] == url("login") and not signed_in(client)
    assertContains(client.get(url("login")), "You removed the passkey you signed in with")


def test_a_removed_passkey_no_longer_signs_in(laptop):
    WebAuthnCredential.objects.get().delete()
    client = Client()
    assert answer(log_in(client, passkey=answer_from(laptop, client))) == (200, REFUSED)


# --- The audit log --------------------------------------------------------------------------


def test_adding_and_removing_a_passkey_are_in_the_audit_log_with_the_address(coordinator):
    client = sign_in(Client(), coordinator)
    mark = last_event()
    add_passkey(client, Authenticator())
    client.post(url("passkey_remove", WebAuthnCredential.objects.get().pk), REMOTE_ADDR=HOME)
    assert staff_events(since=mark) == [
        ("coordinator", ACTIONS.DEVICE_ADDED, "WebAuthn credential", HOME),
        ("coordinator", ACTIONS.DEVICE_REMOVED, "WebAuthn credential", HOME),
    ]


def test_a_passkey_sign_in_and_a_failure_are_in_the_audit_log_without_the_answer(laptop):
    refused, good, mark = Client(), Client(), last_event()
    bad = answer_from(Authenticator(), refused)
    log_in(refused, passkey=bad)
    log_in(good, passkey=answer_from(laptop, good))
    assert [(actor, action, address) for actor, action, _, address in staff_events(mark)] == [
        ("coordinator", ACTIONS.SIGN_IN_FAILED, HOME),
        ("coordinator", ACTIONS.SIGNED_IN, HOME),
    ]
    stored = " ".join(str(v) for row in AuditEvent.objects.values_list() for v in row)
    assert json.loads(bad)["response"]["signature"] not in stored


# --- Settings ---------------------------------------------------------------------------------

PRODUCTION = {"DJANGO_SECRET_KEY": "s" * 60, "DJANGO_ALLOWED_HOSTS": "clinic.example.com"}


def relying_party_from(monkeypatch, **env) -> tuple[str, list[str]]:
    module = settings_module(monkeypatch, **env)
    return module["OTP_WEBAUTHN_RP_ID"], module["OTP_WEBAUTHN_ALLOWED_ORIGINS"]


def test_the_relying_party_is_the_site_by_default(monkeypatch):
    assert relying_party_from(monkeypatch, **PRODUCTION, SITE_URL="https://Clinic.Example.com") == (
        "clinic.example.com",
        ["https://clinic.example.com"],
    )


def test_a_site_reached_by_ip_address_uses_localhost(monkeypatch):
    assert relying_party_from(monkeypatch, DJANGO_DEBUG="1") == (
        "localhost",
        ["http://localhost:8000"],
    )


def test_the_relying_party_and_its_origins_can_be_set(monkeypatch):
    assert relying_party_from(
        monkeypatch,
        **PRODUCTION,
        DJANGO_WEBAUTHN_RP_ID="example.com",
        DJANGO_WEBAUTHN_ORIGINS="https://clinic.example.com, https://staff.example.com:8443",
    ) == ("example.com", ["https://clinic.example.com", "https://staff.example.com:8443"])


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"DJANGO_WEBAUTHN_RP_ID": "192.0.2.7"}, "DJANGO_WEBAUTHN_RP_ID must be a domain name"),
        ({"DJANGO_WEBAUTHN_RP_ID": "https://clinic.example.com"}, "DJANGO_WEBAUTHN_RP_ID must"),
        ({"DJANGO_WEBAUTHN_RP_ID": "clinic.example.com:443"}, "DJANGO_WEBAUTHN_RP_ID must"),
        ({"DJANGO_WEBAUTHN_RP_ID": "clinic..example.com"}, "DJANGO_WEBAUTHN_RP_ID must"),
        ({"DJANGO_WEBAUTHN_ORIGINS": "clinic.example.com"}, "must be a comma list of origins"),
        ({"DJANGO_WEBAUTHN_ORIGINS": "https://clinic.example.com/admin/"}, "a comma list"),
        ({"DJANGO_WEBAUTHN_ORIGINS": "http://clinic.example.com"}, "must use https://"),
        ({"DJANGO_WEBAUTHN_ORIGINS": "https://clinic.example.net"}, "is not on 'clinic.exam"),
        ({"DJANGO_WEBAUTHN_ORIGINS": "https://evilclinic.example.com"}, "is not on"),
        ({"DJANGO_WEBAUTHN_RP_ID": "example.org"}, "DJANGO_WEBAUTHN_ORIGINS: 'https://clinic"),
    ],
)
def test_a_bad_relying_party_or_origin_stops_start_up(monkeypatch, env, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        settings_module(monkeypatch, **PRODUCTION, SITE_URL="https://clinic.example.com", **env)
