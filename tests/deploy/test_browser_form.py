"""A patient sends the consultation form through nginx, over HTTPS and HTTP/2, in Chromium."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    REFERENCE,
    fill_consultation_form,
    require_chromium,
)

NEXT_HOP = "() => performance.getEntriesByType('navigation')[0].nextHopProtocol"


def stored(stack, reference: str) -> list[tuple]:
    database = Path(stack.env["DATABASE_URL"].removeprefix("sqlite:///"))
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT email, province FROM consultations_consultationrequest WHERE reference = ?",
            (reference,),
        ).fetchall()


def send_the_form(stack) -> str:
    """The patient's journey in Chromium; returns the reference the confirmation page shows."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(require_chromium()), args=CHROMIUM_ARGS, headless=True
        )
        try:
            # The certificate is self-signed; everything else is as a patient's browser has it.
            context = browser.new_context(ignore_https_errors=True, locale="en-CA")
            context.set_default_timeout(10_000)
            page = context.new_page()
            page.goto(stack.url("/consultations/request/"))
            assert page.evaluate(NEXT_HOP) == "h2"
            fill_consultation_form(page)
            with page.expect_navigation():
                page.get_by_role("button", name="Send my request").click()
            assert page.url == stack.url("/consultations/request/received/")
            assert page.get_by_role("heading", level=1).inner_text() == "We received your request"
            assert page.evaluate(NEXT_HOP) == "h2"
            return page.locator(".reference").inner_text()
        finally:
            browser.close()


def test_a_patient_sends_the_form_over_https_and_sees_their_reference(stack):
    # In a thread of its own: under `make test` this runs on the worker whose thread already
    # holds the browser tests' Playwright (tests/browser/conftest.py), and Playwright's sync API
    # allows one per thread.
    with ThreadPoolExecutor(max_workers=1) as thread:
        reference = thread.submit(send_the_form, stack).result(timeout=120)
    assert REFERENCE.match(reference), reference
    assert stored(stack, reference) == [("alex@example.com", "ON")]
