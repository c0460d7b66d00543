"""The consultation form in a real browser: labels, hints, errors and where focus goes."""

import pytest

from tests.browser.conftest import FORM_URL, PHONE, browser_test

pytestmark = browser_test


def send(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Send my request").click()


def in_view(locator) -> bool:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_after_a_failed_submit_focus_lands_on_the_error_summary(live_server, new_page, javascript):
    page = new_page(width=320, height=568, javascript=javascript)  # a small phone
    page.goto(live_server.url + FORM_URL)
    page.get_by_label("Email address").fill("alex@")
    send(page)
    summary = page.locator("#error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    assert in_view(summary.get_by_role("heading", name="There is a problem"))
    assert page.title().startswith("Error: ")
    assert summary.get_by_role("link", name="Enter an email address like name@example.com.").count()


def test_each_link_in_the_error_summary_moves_focus_to_its_field_with_its_label_in_view(
    live_server, new_page
):
    page = new_page(width=PHONE)
    page.goto(live_server.url + FORM_URL)
    send(page)
    links = page.locator("#error-summary a")
    targets = links.evaluate_all("els => els.map(el => el.getAttribute('href'))")
    assert len(targets) >= 8, targets
    for index, target in enumerate(targets):
        page.locator("#error-summary").scroll_into_view_if_needed()
        links.nth(index).click()
        field = page.locator(target)
        assert field.evaluate("el => el === document.activeElement"), target
        label = field.evaluate(
            """el => {
                const group = el.closest("fieldset:not(.consultation-form > fieldset)");
                const label = group ? group.querySelector("legend") : el.labels[0];
                const r = label.getBoundingClientRect();
                return r.top >= 0 && r.bottom <= window.innerHeight;
            }"""
        )
        assert label, f"the question for {target} is scrolled out of view"


def test_every_error_is_tied_to_its_field_with_aria_describedby(live_server, page):
    page.goto(live_server.url + FORM_URL)
    page.get_by_label("Phone number").fill("12345")
    send(page)
    problems = page.evaluate(
        """() => [...document.querySelectorAll(".error-message")].flatMap(error => {
            const owners = [...document.querySelectorAll("[aria-describedby]")].filter(
                el => el.getAttribute("aria-describedby").split(/\\s+/).includes(error.id));
            if (owners.length !== 1) return [`${error.id}: described ${owners.length} times`];
            const owner = owners[0];
            const fields = owner.matches("input, select, textarea")
                ? [owner] : [...owner.querySelectorAll("input, select, textarea")];
            return fields.every(f => f.getAttribute("aria-invalid") === "true")
                ? [] : [`${error.id}: its field is not marked aria-invalid`];
        })"""
    )
    assert page.locator(".error-message").count() >= 8
    assert problems == []
    phone = page.get_by_label("Phone number")
    assert "10-digit phone number" in phone.evaluate(
        "el => el.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )


def test_name_email_and_phone_have_visible_labels_autocomplete_and_input_types(live_server, page):
    page.goto(live_server.url + FORM_URL)
    expected = {
        "Full name": ("text", "name"),
        "Email address": ("email", "email"),
        "Phone number": ("tel", "tel"),
    }
    for label, (kind, autocomplete) in expected.items():
        field = page.get_by_label(label, exact=False).first
        assert field.get_attribute("type") == kind, label
        assert field.get_attribute("autocomplete") == autocomplete, label
        assert page.locator(f"label[for='{field.get_attribute('id')}']").is_visible()
    hint = page.get_by_text("A Canadian or US number, for example 613-555-0100.")
    assert hint.is_visible()
    assert hint.get_attribute("id") in page.get_by_label("Phone number").get_attribute(
        "aria-describedby"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_every_question_a_person_can_answer_has_a_visible_label(live_server, new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto(live_server.url + FORM_URL)
    if javascript:  # the questions that follow from an answer show once it is chosen
        page.get_by_label("Phone", exact=True).check()
        page.get_by_label("Yes", exact=True).check()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll(".consultation-form :is(input, select, textarea)")]
            .filter(el => el.type !== "hidden" && !el.closest(".hp-field"))
            .filter(el => !(el.labels.length && el.labels[0].getBoundingClientRect().width > 1))
            .map(el => el.name)"""
    )
    assert unlabelled == []


def test_answers_are_kept_after_a_failed_submit(live_server, page):
    page.goto(live_server.url + FORM_URL)
    page.get_by_label("Full name").fill("Alex Tremblay")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Weekend").check()
    send(page)
    assert page.get_by_label("Full name").input_value() == "Alex Tremblay"
    assert page.get_by_label("Weekends").is_checked()
