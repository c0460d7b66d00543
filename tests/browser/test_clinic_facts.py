"""The clinic's own facts on a phone: the home page's first screen gives the reply time, the fee
range and whether a referral is needed, and leads to /our-clinic/."""

from tests.browser.conftest import PHONE, browser_test

pytestmark = browser_test


def test_the_home_pages_first_screen_on_a_phone_gives_the_clinics_facts(live_server, new_page):
    page = new_page(width=PHONE, height=800)
    page.goto(live_server.url + "/")
    facts = page.locator(".home-facts")
    box = facts.bounding_box()
    assert box["y"] + box["height"] <= 800, box  # seen without scrolling
    text = " ".join(facts.inner_text().split())
    assert "We reply within two business days" in text
    assert "Fees CAD 250–900" in text and "Referral not needed" in text
    facts.get_by_role("link", name="What fees include, and what happens next").click()
    page.wait_for_url("**/our-clinic/")
    assert page.get_by_role("heading", level=1).inner_text() == "Our clinic"
