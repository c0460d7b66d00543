"""The micro-cache's rules, one by one, with a stand-in for the app that answers each path with
the headers under test, and counts how often nginx really asked it.

The real app never sends most of these combinations; the rules must hold if it ever does.
"""

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from deploy import nginx, tls
from deploy.stack import STATIC_ROOT
from tests.deploy.client import request
from tests.deploy.conftest import ADMIN_PATH, free_port

SHARED = {"Cache-Control": "public, max-age=0, s-maxage=300"}
# path: (headers the stand-in sends, whether nginx may keep the answer)
RULES = {
    "/articles/shared/": (SHARED, True),
    "/articles/public-max-age/": ({"Cache-Control": "public, max-age=300"}, True),
    "/articles/varies-on-encoding/": ({**SHARED, "Vary": "Accept-Encoding"}, True),
    "/articles/private/": ({"Cache-Control": "private, s-maxage=300"}, False),
    "/articles/no-store/": ({"Cache-Control": "public, no-store, s-maxage=300"}, False),
    "/articles/no-cache/": ({"Cache-Control": "public, no-cache, s-maxage=300"}, False),
    "/articles/not-public/": ({"Cache-Control": "max-age=300"}, False),
    "/articles/no-cache-control/": ({}, False),
    "/articles/expires-only/": ({"Expires": "Thu, 01 Jan 2099 00:00:00 GMT"}, False),
    "/articles/zero/": ({"Cache-Control": "public, s-maxage=0"}, False),
    "/articles/x-accel-expires/": ({"X-Accel-Expires": "300"}, False),
    "/articles/sets-a-cookie/": ({**SHARED, "Set-Cookie": "sessionid=abc; Secure"}, False),
    "/articles/varies-on-cookie/": ({**SHARED, "Vary": "Accept-Encoding, Cookie"}, False),
    "/consultations/request/": (SHARED, False),
    "/consultations/request/received/": (SHARED, False),
    f"/{ADMIN_PATH}login/": (SHARED, False),
}
# Kept one second, then the stand-in fails: nginx goes on serving the copy it has.
SHORT_LIVED = "/articles/short-lived/"


class StandIn(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        path = self.path.split("?", 1)[0]
        self.server.asked[self.path] += 1
        self.server.received[self.path] = self.headers
        if path == SHORT_LIVED:
            failing = self.server.asked[self.path] > 1
            status, headers = (
                (503, {}) if failing else (200, {"Cache-Control": "public, s-maxage=1"})
            )
        elif path == "/articles/framed/":
            status, headers = 200, {"X-Frame-Options": "SAMEORIGIN", **SHARED}
        else:
            status, headers = 200, RULES.get(path, ({}, False))[0]
        body = f"{self.path} answer {self.server.asked[self.path]}".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def front(workspace, name: str, upstream_port: int):
    certificate, key = tls.self_signed(workspace / "tls")
    site = nginx.Site(
        var=workspace / name,
        static_root=STATIC_ROOT,
        certificate=certificate,
        certificate_key=key,
        upstreams=(f"127.0.0.1:{upstream_port}",),
        https_listen=f"127.0.0.1:{free_port()}",
        http_listen=f"127.0.0.1:{free_port()}",
        server_names=("127.0.0.1",),
        admin_path=ADMIN_PATH,
        worker_processes="1",
    )
    return site


@pytest.fixture(scope="module")
def stand_in(workspace):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.asked = Counter()
    server.received = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site = front(workspace, "rules", server.server_address[1])
    with nginx.running(site):
        yield SimpleNamespace(site=site, asked=server.asked, received=server.received)
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", RULES)
def test_nginx_keeps_only_what_the_answer_allows(stand_in, path):
    kept = RULES[path][1]
    first, second = request(stand_in, path), request(stand_in, path)
    assert first.status == second.status == 200
    assert stand_in.asked[path] == (1 if kept else 2)
    assert (second.header("X-Cache-Status") == "HIT") is kept
    assert (second.body == first.body) is kept


def test_a_cookie_set_by_the_app_is_never_handed_to_someone_else(stand_in):
    path = "/articles/sets-a-cookie/"
    answers = [request(stand_in, path) for _ in range(3)]
    assert all(answer.header("Set-Cookie") for answer in answers)
    assert len({answer.body for answer in answers}) == 3  # each one made for its own request


def test_a_header_the_app_sent_is_kept_and_never_doubled(stand_in):
    """The stand-in sends its own X-Frame-Options and none of the others: nginx keeps that one
    and adds the rest, from the app's cache as from the app."""
    for answer in (request(stand_in, "/articles/framed/"), request(stand_in, "/articles/framed/")):
        assert answer.every("X-Frame-Options") == ["SAMEORIGIN"]
        assert answer.every("X-Content-Type-Options") == ["nosniff"]
        assert len(answer.every("Strict-Transport-Security")) == 1


def test_the_app_is_told_the_clients_address_and_scheme_and_nothing_the_client_forged(stand_in):
    """nginx is the edge: it replaces X-Forwarded-For rather than appending to it. (Appended,
    the forged address would sit left of the real one, and an app that skips trusted proxy
    addresses from the right would believe it for a client on 127.0.0.1.)"""
    forged = {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "http",
        "X-Forwarded-Host": "evil.example",
        "Forwarded": "for=203.0.113.9;proto=http",
    }
    request(stand_in, "/articles/who-is-asking/", headers=forged, source="127.0.0.9")
    told = stand_in.received["/articles/who-is-asking/"]
    assert told.get_all("X-Forwarded-For") == ["127.0.0.9"]
    assert told.get_all("X-Forwarded-Proto") == ["https"]
    assert told.get("X-Forwarded-Host") is None and told.get("Forwarded") is None
    # The port stays in Host: Django compares it with the Origin of a form sent from the page.
    assert told["Host"] == f"127.0.0.1:{stand_in.site.https_port}"


def test_the_app_is_asked_for_gzip_or_nothing_whatever_the_browser_listed(stand_in):
    tries = [("gzip, deflate, br", "gzip"), ("br", None), ("GZIP;q=1", "gzip")]
    for number, (listed, asked) in enumerate(tries):
        path = f"/articles/encoding/?{number}"
        request(stand_in, path, headers={"Accept-Encoding": listed})
        assert stand_in.received[path].get("Accept-Encoding") == asked, listed


def test_a_kept_page_is_still_served_when_the_app_stops_answering(stand_in):
    first = request(stand_in, SHORT_LIVED)
    time.sleep(2.1)  # its s-maxage has run out; the stand-in now answers 503
    again = request(stand_in, SHORT_LIVED)
    assert again.status == 200 and again.body == first.body
    assert again.header("X-Cache-Status") in ("STALE", "UPDATING")


def test_when_no_app_server_answers_people_get_the_crisis_lines(workspace):
    site = front(workspace, "no-app", free_port())  # nothing listens there
    with nginx.running(site):
        answer = request(SimpleNamespace(site=site), "/consultations/request/")
        searched = request(SimpleNamespace(site=site), "/search/?q=suicidal+thoughts")
    assert answer.status == searched.status == 502
    # nginx's error lines would quote the query string: only critical ones are written.
    assert "suicidal" not in (site.var / "error.log").read_text()
    assert "suicidal" not in (site.var / "access.log").read_text()
    assert "9-8-8" in answer.text and "911" in answer.text
    assert "send it again" in answer.text
    # In both languages: nginx cannot tell whose page it stands in for.
    assert "appelez ou textez le" in answer.text and "l'envoyer de nouveau" in answer.text
    assert answer.header("Strict-Transport-Security")
    assert answer.header("Content-Security-Policy")
