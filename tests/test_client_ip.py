"""The client's address: X-Forwarded-For believed only from a trusted proxy, read from the right;
IPv6 counted per /64; counts shared by every worker process."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.test import Client, RequestFactory

from clinic_site import ratelimit
from clinic_site.client_ip import client_ip, counted_as
from clinic_site.models import RateCount
from perf.loadtest import visit
from perf.mailserver import free_port
from perf.server import gunicorn, manage, production_env
from tests.consultations.conftest import FORM_URL, valid_form
from tests.worker import database_url

pytestmark = pytest.mark.django_db
RATE = (1, 3600)


def ask(remote: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert ask("198.51.100.9", "203.0.113.1") == "198.51.100.9"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.5", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the left is the client's own
        ("10.0.0.5", "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # two proxies in the network
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "10.0.0.6, 10.0.0.7", "10.0.0.5"),  # nothing but proxies
        ("10.0.0.5", "203.0.113.7, not-an-address", "10.0.0.5"),  # garbage: believe nothing
        ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not a proxy of ours
    ],
)
def test_through_a_trusted_proxy_the_client_is_the_rightmost_untrusted_address(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert ask(remote, forwarded) == client


def test_an_untrusted_peer_cannot_forge_its_address_or_https(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.CONSULTATION_RATE_LIMIT = RATE
    forger = Client(REMOTE_ADDR="198.51.100.9")
    assert (
        forger.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    )
    assert (
        forger.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429
    )
    settings.SECURE_SSL_REDIRECT = True  # read when a client's middleware is first built
    https_forger = Client(REMOTE_ADDR="198.51.100.9")
    assert https_forger.get("/about/", HTTP_X_FORWARDED_PROTO="https").status_code == 301


def test_through_a_trusted_proxy_two_clients_are_two_clients(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    settings.CONSULTATION_RATE_LIMIT = RATE
    proxy = Client(REMOTE_ADDR="10.0.0.5")
    for address in ("203.0.113.7", "203.0.113.8"):
        assert proxy.post(FORM_URL, valid_form(), HTTP_X_FORWARDED_FOR=address).status_code == 302


def test_a_flood_from_one_client_does_not_throttle_another(settings):
    settings.CONSULTATION_RATE_LIMIT = (3, 3600)
    flooder, patient = Client(REMOTE_ADDR="203.0.113.66"), Client(REMOTE_ADDR="203.0.113.67")
    answers = [flooder.post(FORM_URL, valid_form()).status_code for _ in range(10)]
    assert answers == [302] * 3 + [429] * 7
    assert patient.post(FORM_URL, valid_form()).status_code == 302


def test_ipv6_clients_are_counted_per_64_network(settings):
    settings.CONSULTATION_RATE_LIMIT = RATE
    assert (
        counted_as("2001:db8:1:2::a") == counted_as("2001:db8:1:2:ffff::b") == "2001:db8:1:2::/64"
    )
    assert counted_as("203.0.113.5") == "203.0.113.5"
    home, neighbour = Client(REMOTE_ADDR="2001:db8:1:2::a"), Client(REMOTE_ADDR="2001:db8:1:3::a")
    assert home.post(FORM_URL, valid_form()).status_code == 302
    assert Client(REMOTE_ADDR="2001:db8:1:2::b").post(FORM_URL, valid_form()).status_code == 429
    assert neighbour.post(FORM_URL, valid_form()).status_code == 302


def test_a_count_is_shared_however_many_times_it_is_read(settings):
    for _ in range(3):
        ratelimit.hit("203.0.113.5", scope="test", rate=(3, 60))
    assert ratelimit.hit("203.0.113.5", scope="test", rate=(3, 60)).allowed is False
    assert ratelimit.hit("203.0.113.6", scope="test", rate=(3, 60)).allowed is True


@pytest.mark.django_db(transaction=True)
def test_every_gunicorn_worker_shares_one_count():
    """The measured fault: with per-process counts, 2 workers let 4 through a limit of 3.

    The server uses this test's own database (migrated for the session, emptied after the
    test), so only the static files are collected here, as a deploy does before starting."""
    env = production_env(
        database_url=database_url(),
        CONSULTATION_RATE_LIMIT="3/h",
        CONSULTATION_MIN_FILL_SECONDS="0",
        DJANGO_TRUSTED_PROXIES="127.0.0.1",
    )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    port = free_port()
    with gunicorn(env, port=port, workers=2, name="shared-counts"):
        with ThreadPoolExecutor(6) as pool:
            visits = list(pool.map(lambda n: visit(port, n, deadline=float("inf")), range(8)))
    accepted = [v for v in visits if not v.error]
    refused = [v.error for v in visits if v.error]
    assert len(accepted) == 3, refused
    assert all("429" in error for error in refused), refused


def test_a_count_in_the_database_ends_with_its_window_and_old_windows_are_removed(settings):
    """The count's row carries the end of its window, read back by the ORM as a real time; the
    first count of a new window removes the rows of windows that have ended."""
    settings.REDIS_URL = ""
    start = dt.datetime(2026, 12, 1, 10, 0, 5, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert ratelimit.hit("a", scope="test", rate=(2, 3600)).allowed
        assert ratelimit.hit("a", scope="test", rate=(2, 3600)).allowed
        assert not ratelimit.hit("a", scope="test", rate=(2, 3600)).allowed
    (row,) = RateCount.objects.all()
    assert (row.count, row.expires_at) == (3, dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC))
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        assert ratelimit.hit("a", scope="test", rate=(2, 3600)).allowed
    assert list(RateCount.objects.values_list("count", "expires_at")) == [
        (1, dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC))
    ]
