"""A patient sends the consultation form through nginx, over HTTPS and HTTP/2, in Chromium."""

import sqlite3
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


def test_a_patient_sends_the_form_over_https_and_sees_their_reference(stack):
    chromium = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
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
            reference = page.locator(".reference").inner_text()
            assert page.evaluate(NEXT_HOP) == "h2"
        finally:
            browser.close()
    assert REFERENCE.match(reference), reference
    assert stored(stack, reference) == [("alex@example.com", "ON")]
