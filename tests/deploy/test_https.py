"""TLS with HTTP/2 on the HTTPS port; the HTTP port only redirects there."""

import socket
import ssl

from tests.deploy.client import plain_http, request


def negotiate(stack, protocols: list[str]):
    # A context of its own: the shared one must go on offering HTTP/1.1 alone to http.client.
    context = ssl.create_default_context(cafile=str(stack.site.certificate))
    context.set_alpn_protocols(protocols)
    with socket.create_connection(("127.0.0.1", stack.site.https_port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as secure:
            return secure.selected_alpn_protocol(), secure.version()


def test_a_browser_offering_http2_gets_it_over_tls_1_2_or_newer(stack):
    protocol, version = negotiate(stack, ["h2", "http/1.1"])
    assert protocol == "h2"
    assert version in ("TLSv1.2", "TLSv1.3")


def test_a_client_without_http2_still_gets_http_1_1(stack):
    assert negotiate(stack, ["http/1.1"])[0] == "http/1.1"
    assert request(stack, "/").status == 200


def test_http_redirects_to_the_same_page_over_https(stack):
    answer = plain_http(stack, "/articles/?page=2")
    assert answer.status == 301
    expected = f"https://127.0.0.1:{stack.site.https_port}/articles/?page=2"
    assert answer.header("Location") == expected


def test_http_never_reaches_the_app_even_for_the_form(stack):
    """A form sent over plain HTTP would travel in the clear: it is redirected before it is read."""
    answer = plain_http(stack, "/consultations/request/")
    assert answer.status == 301
    assert answer.header("Location").startswith("https://")
    assert answer.header("Set-Cookie") is None


def test_only_lets_encrypts_challenge_is_answered_over_http(stack):
    token = stack.site.var / "acme" / ".well-known" / "acme-challenge" / "a-token"
    token.write_text("a-token.key-authorization")
    try:
        answer = plain_http(stack, "/.well-known/acme-challenge/a-token")
    finally:
        token.unlink()
    assert answer.status == 200 and answer.text == "a-token.key-authorization"
    assert plain_http(stack, "/.well-known/other").status == 301
