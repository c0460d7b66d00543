"""Talking to the stack as a browser would: over HTTPS, from a chosen loopback address."""

import functools
import http.client
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from perf.loadtest import FORM_PATH, RECEIVED_PATH, answers, cookies, hidden_fields


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def every(self, name: str) -> list[str]:
        return self.headers.get_all(name) or []

    @property
    def text(self) -> str:
        return self.body.decode()


@functools.cache
def tls_context(certificate: Path) -> ssl.SSLContext:
    """Trusts the stack's self-signed certificate, and nothing is left unchecked: the name
    (127.0.0.1) must match too."""
    return ssl.create_default_context(cafile=str(certificate))


def request(
    stack, path: str, *, method="GET", headers=None, body=None, source="127.0.0.1", timeout=10.0
) -> Answer:
    """One request on a new connection, sent from `source` (any 127.x.y.z address)."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1",
        stack.site.https_port,
        context=tls_context(stack.site.certificate),
        timeout=timeout,
        source_address=(source, 0),
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.msg, response.read())
    finally:
        connection.close()


def plain_http(stack, path: str, *, headers=None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", stack.site.http_port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.msg, response.read())
    finally:
        connection.close()


@dataclass
class Visitor:
    """Someone who opened the form: what they will send, with their cookies and the form's own
    hidden CSRF token and one-time form token."""

    number: int
    body: str
    cookie: str


def open_form(stack, number: int, *, source="127.0.0.1") -> Visitor:
    page = request(stack, FORM_PATH, source=source)
    assert page.status == 200, f"the form page answered {page.status}"
    data = {**answers(number), **hidden_fields(page.text)}
    return Visitor(number, urlencode(data, doseq=True), cookies(page.headers.items()))


def send_form(stack, visitor: Visitor, *, source="127.0.0.1", headers=None) -> Answer:
    origin = f"https://127.0.0.1:{stack.site.https_port}"
    return request(
        stack,
        FORM_PATH,
        method="POST",
        body=visitor.body,
        source=source,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": visitor.cookie,
            "Origin": origin,
            "Referer": origin + FORM_PATH,
            **(headers or {}),
        },
    )


def confirmed(answer: Answer) -> bool:
    """The redirect to the confirmation page: the request was stored."""
    location = answer.header("Location") or ""
    return answer.status in (302, 303) and location.endswith(RECEIVED_PATH)


def announce_body(stack, path: str, size: int) -> Answer:
    """Send only the headers of a POST whose body would be `size` bytes, and read the answer:
    nginx judges the size from Content-Length before any of the body is sent."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1", stack.site.https_port, context=tls_context(stack.site.certificate), timeout=10
    )
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.msg, response.read())
    finally:
        connection.close()


def access_log_line(stack, matches, *, timeout: float = 5.0) -> str:
    """The newest line of nginx's access log that `matches`. nginx writes it once the answer has
    gone, so it may be a moment behind the client."""
    log = stack.site.var / "access.log"
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in log.read_text().splitlines() if matches(line)]
        if lines or time.monotonic() > deadline:
            assert lines, "no such line in the access log"
            return lines[-1]
        time.sleep(0.05)
