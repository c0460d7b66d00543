"""The site's interface in French under /fr/: header, crisis strip, footer, pages, errors and the
feedback form; English at / unchanged."""

import re
from pathlib import Path

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from articles.topics import TOPICS, TOPICS_BY_SLUG
from reviews.forms import FeedbackForm

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
OWN = "http://testserver"

FRENCH_PAGES = [
    "/fr/", "/fr/get-help-now/", "/fr/privacy/", "/fr/accessibility/", "/fr/about/",
    "/fr/our-clinic/", "/fr/faq/", "/fr/glossary/", "/fr/search/?q=test", "/fr/articles/",
]  # fmt: skip

# What every page carries, in each language: the header's nav, the crisis strip, the footer.
FRENCH_FRAME = [
    "Passer au contenu principal",
    "Obtenir de l'aide maintenant",
    "Demander une consultation",
    "Questions fréquentes",
    "Appelez ou textez le",
    "Nous joindre",
    "Avis de confidentialité",
    "Accessibilité",
]
ENGLISH_FRAME = [
    "Skip to main content",
    "Get help now",
    "Request a consultation",
    "Common questions",
    "Call or text",
    "Contact us",
    "Privacy notice",
    "Accessibility",
]


def text(html: str) -> str:
    """The page's words, without tags, entities of apostrophes undone."""
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&#39;", "'")


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def interface(url: str, html: str) -> str:
    """What the templates write: the whole page of a fixed page; around <main> elsewhere, where
    the main part quotes content (FAQ answers, search results) the article loader renders. The
    language switcher, which leads to the other language on purpose, is left out."""
    html = re.sub(r'<a class="language-switch".*?</a>', "", html, flags=re.S)
    html = re.sub(r'<link rel="alternate" hreflang=[^>]*>', "", html)
    if url.startswith(
        ("/fr/faq/", "/fr/glossary/", "/fr/search/", "/faq/", "/glossary/", "/search/")
    ):
        return html.replace(main(html), "")
    return html


@pytest.mark.parametrize("url", FRENCH_PAGES)
def test_each_french_page_has_the_french_header_crisis_strip_and_footer(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    words = text(html)
    for phrase in FRENCH_FRAME:
        assert phrase in words, phrase
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    for phrase in ["Skip to main content", "Contact us", "Privacy notice", "In crisis"]:
        assert phrase not in words, phrase


@pytest.mark.parametrize("url", FRENCH_PAGES)
def test_internal_links_on_french_pages_stay_in_french(client, url):
    html = interface(url, client.get(url).content.decode())
    internal = re.findall(r'href="(/[^"]*)"', html)
    others = [link for link in internal if not link.startswith(("/fr/", "/static/"))]
    assert others == []


@pytest.mark.parametrize("url", [u.removeprefix("/fr") for u in FRENCH_PAGES])
def test_english_pages_are_unchanged(client, url):
    html = client.get(url).content.decode()
    assert '<html lang="en-CA">' in html
    words = text(html)
    for phrase in ENGLISH_FRAME:
        assert phrase in words, phrase
    for phrase in ["Passer au contenu principal", "Nous joindre", "Appelez ou textez"]:
        assert phrase not in words, phrase
    assert 'href="/fr/' not in interface(url, html)


def test_get_help_now_in_french_names_9_8_8_911_and_jeunesse_j_ecoute(client):
    html = client.get("/fr/get-help-now/").content.decode()
    words = text(main(html))
    assert "Appelez ou textez le 9-8-8" in words
    assert "Ligne d'aide en cas de crise de suicide 9-8-8" in words
    assert "en français et en anglais" in words
    assert "En cas d'urgence\u00a0: appelez le 911" in words
    assert "Jeunesse, J'écoute" in words and "1-800-668-6868" in words and "PARLER" in words
    assert "Kids Help Phone" not in words and "CONNECT" not in words
    for href in ('href="tel:988"', 'href="sms:988"', 'href="tel:911"', 'href="sms:686868"'):
        assert href in html


def test_the_french_404_page_is_french(client):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    assert "<h1>Nous n'avons pas trouvé cette page</h1>" in html
    assert 'action="/fr/search/"' in html and 'href="/fr/"' in html


def test_the_english_404_page_is_unchanged(client):
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="en-CA">' in html and "<h1>We could not find that page</h1>" in html


def test_the_500_page_is_in_the_language_of_the_url_whatever_the_thread_last_used(rf):
    from clinic_site.views import server_error

    with translation.override("en"):
        french = server_error(rf.get("/fr/articles/")).content.decode()
    with translation.override("fr"):
        english = server_error(rf.get("/articles/")).content.decode()
    assert '<html lang="fr-CA">' in french
    assert "Désolés, un problème est survenu" in french and 'href="/fr/"' in french
    assert 'href="tel:988"' in french and "Appelez ou textez le" in text(french)
    assert '<html lang="en-CA">' in english and "Sorry, something went wrong" in english
    assert 'href="/fr/' not in english


def test_an_error_in_a_french_view_shows_the_french_500_page(client, broken_article_list):
    client.raise_request_exception = False
    response = client.get("/fr" + broken_article_list)
    assert response.status_code == 500
    assert "Désolés, un problème est survenu" in response.content.decode()


def first_article(client) -> str:
    """The address of an article listed on the French article list (whatever its slug)."""
    html = client.get("/fr/articles/").content.decode()
    links = re.findall(r'href="(/fr/articles/(?!topic/)[^"/]+/)"', html)
    assert links
    return links[0]


def test_the_french_feedback_form_is_french(client):
    html = client.get(first_article(client)).content.decode()
    form = html[html.index('<section class="feedback"') :]
    assert "Cette page vous a-t-elle été utile?" in form
    assert "Elle était claire et facile à suivre" in form and "Envoyer ma réponse" in form
    assert "Was this page helpful?" not in form


def test_the_french_feedback_forms_errors_are_french():
    with translation.override("fr"):
        form = FeedbackForm(QueryDict("helpful=maybe&reason=bored"))
        assert not form.is_valid()
        assert form.errors["helpful"] == ["Choisissez oui ou non."]
        assert form.errors["reason"] == ["Choisissez une des raisons proposées, ou aucune."]
        twice = FeedbackForm(QueryDict("helpful=yes&helpful=no"))
        assert not twice.is_valid()
        assert twice.errors["helpful"] == ["Envoyez une seule réponse, pas plusieurs."]


def test_a_bad_french_answer_is_refused_in_french(client):
    action = first_article(client) + "feedback/"
    response = Client(HTTP_ORIGIN=OWN).post(action, {"helpful": "maybe"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    assert "Votre réponse n'a pas été comptée" in html and "Choisissez oui ou non." in html


def test_a_french_answer_from_another_site_is_refused_in_french(client):
    action = first_article(client) + "feedback/"
    response = Client(HTTP_ORIGIN="https://elsewhere.example").post(action, {"helpful": "yes"})
    assert response.status_code == 403
    assert "seulement être envoyées à partir de l'article" in text(response.content.decode())


def test_topics_are_named_in_the_page_language_and_compare_by_slug_in_any_language():
    topic = TOPICS_BY_SLUG["safety-and-risks"]
    with translation.override("fr"):
        assert str(topic.name) == "Sécurité et risques"
        by_topic = {t: t.slug for t in TOPICS}
        names = sorted(t.name for t in TOPICS)
    with translation.override("en"):
        assert str(topic.name) == "Safety and risks"
        assert by_topic[topic] == "safety-and-risks"  # a dict built in French still answers
        assert sorted(t.name for t in TOPICS) == sorted(str(t.name) for t in TOPICS)
    assert [str(n) for n in names]  # sorting lazy names works


def untranslated(entry: str) -> bool:
    """An msgstr that is "" with no continuation line after it."""
    lines = [*entry.strip().splitlines(), ""]
    return any(
        re.fullmatch(r'msgstr(\[\d\])? ""', line) and not following.startswith('"')
        for line, following in zip(lines, lines[1:], strict=False)
    )


def test_every_message_in_the_catalogue_has_a_french_translation():
    catalogue = (ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = catalogue.split("\n\n")[1:]  # the first is the header
    assert len(entries) > 100
    assert "#, fuzzy" not in catalogue
    assert [entry for entry in entries if untranslated(entry)] == []


def test_a_french_form_sent_without_its_csrf_token_is_refused_in_french():
    response = Client(enforce_csrf_checks=True).post("/fr/consultations/request/", {})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    assert "Votre formulaire n'a pas pu être envoyé" in html and 'href="tel:988"' in html


def test_the_french_feed_is_titled_in_french_and_the_english_one_is_unchanged(client):
    french = client.get("/fr/feed.xml").content.decode()
    english = client.get("/feed.xml").content.decode()
    assert "articles sur la thérapie à la kétamine</title>" in french
    assert '<category term="Sécurité et risques"/>' in french
    assert "articles on ketamine therapy</title>" in english
    assert '<category term="Safety and risks"/>' in english
