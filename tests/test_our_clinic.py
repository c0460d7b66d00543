"""The clinic's own facts where patients read them: /our-clinic/, the home page's first screen,
the FAQ and the cost article. All from the clinic profile; a broken one never gives a 500."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

OUR_CLINIC = "/our-clinic/"


def text(response) -> str:
    """The page's main content as a reader sees it: tags out, spaces collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_it_shows_treatments_fees_with_what_they_include_the_process_and_the_team(client):
    response = client.get(OUR_CLINIC)
    assert response.status_code == 200
    page = text(response)
    assert "Ketamine infusions." in page and "Esketamine nasal spray (Spravato)." in page
    # Each fee with its amount and what it includes.
    assert "First consultation: $250 A 60-minute assessment with a physician" in page
    assert "$500–700" in page and "The medicine, the observation period" in page
    assert "We give you a written quote before any treatment" in page
    # What happens after you ask, with how long each step takes.
    assert "A phone call with our intake coordinator" in page and "(about 15 minutes)" in page
    # The team by role, with their college and registration number.
    assert "Medical director : Name of your medical director (Psychiatrist)" in page
    assert "College of Physicians and Surgeons of Ontario (CPSO), registration no. 000000" in page
    assert "Monday to Friday: 08:30 to 17:00" in page
    assert "not needed" in page and "within two business days" in page
    assert response.content.decode().count("<h1") == 1


def test_it_says_the_details_are_examples_until_the_clinic_makes_them_its_own(
    client, clinic_profile
):
    assertContains(client.get(OUR_CLINIC), "Example details.")
    clinic_profile(example=False, reply_time="one business day")
    response = client.get(OUR_CLINIC)
    assertNotContains(response, "Example details")
    assertContains(response, "within one business day")


def test_an_unreadable_profile_gives_a_short_page_with_the_phone_number_never_a_500(
    client, clinic_profile, caplog
):
    clinic_profile(fees="about 500")
    response = client.get(OUR_CLINIC)
    assert response.status_code == 503 and response["Retry-After"] == "300"
    assertContains(response, "cannot be shown right now", status_code=503)
    assertContains(response, 'href="tel:6135550100"', status_code=503)
    assert "fees: must have currency, items and coverage" in caplog.text
    # Not kept by the page cache: once the file is fixed, the page is back.
    clinic_profile()
    assert client.get(OUR_CLINIC).status_code == 200


def first_screen(response) -> str:
    """The home page's hero: what a phone shows before any scrolling."""
    html = response.content.decode()
    return html[html.index('<div class="hero">') : html.index('<h2 id="offer">')]


def test_the_home_page_first_screen_gives_reply_time_fee_range_and_referral(client):
    hero = first_screen(client.get("/"))
    assert "within two business days" in hero
    assert "CAD 250–900" in hero
    assert "<dt>Referral</dt> <dd>not needed</dd>" in hero
    assert 'href="/our-clinic/"' in hero
    assert "Example details" in hero


def test_the_home_page_follows_the_profile(client, clinic_profile):
    clinic_profile(
        example=False,
        reply_time="one business day",
        referral={"needed": True, "explanation": "Ask your family doctor to refer you."},
    )
    hero = first_screen(client.get("/"))
    assert "within one business day" in hero and "needed from a clinician" in hero
    assert "Example details" not in hero


def test_the_home_page_still_works_without_a_readable_profile(client, clinic_profile):
    clinic_profile(reply_time=["not", "text"])
    response = client.get("/")
    assert response.status_code == 200
    assert "We reply" not in first_screen(response)


def test_the_page_is_in_the_sitemap_and_linked_from_about_and_the_footer(client):
    assertContains(client.get("/sitemap.xml"), "/our-clinic/</loc>")
    about = client.get("/about/").content.decode()
    assert about.count('href="/our-clinic/"') == 2  # in the text and in the footer


def test_the_faq_and_the_cost_article_send_readers_to_the_clinics_own_facts(client):
    faq = client.get("/faq/").content.decode()
    question = faq.rindex(">Do I need a referral?<")  # the entry, not the contents or JSON-LD
    answer = faq[question : faq.index("</section>", question)]
    assert 'href="/our-clinic/#referral"' in answer
    article = client.get("/articles/cost-and-coverage-in-canada/").content.decode()
    assert 'href="/our-clinic/#fees"' in article
    assert "We do not give an exact range" not in article
    page = client.get(OUR_CLINIC).content.decode()
    assert 'id="referral"' in page and 'id="fees"' in page  # the anchors they link to


def test_the_accessibility_page_quotes_the_profiles_reply_time(client, clinic_profile):
    clinic_profile(reply_time="three business days")
    assertContains(client.get("/accessibility/"), "We aim to reply within three business days.")


def test_the_page_is_kept_finished_like_the_sites_other_pages(client):
    first = client.get(OUR_CLINIC)
    again = client.get(OUR_CLINIC, HTTP_IF_NONE_MATCH=first["ETag"])
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert again.status_code == 304
