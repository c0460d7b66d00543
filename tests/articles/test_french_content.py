"""French articles beside their English sources: loaded and checked the same way, paired by their
`source`, served under /fr/, found by French search, listed in the sitemap with alternates, and
flagged (in `manage.py check`, the content report and on the page) once the English changes."""

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from articles import fingerprints, quality
from articles.checks import check_articles
from articles.library import get_content, get_library, reset_library_cache
from articles.loader import load
from articles.quality import MIN_KANDEL_MOLES, kandel_moles
from articles.translations import revision
from tests.articles.test_content_quality import REAL_FINGERPRINTS, content_date
from tests.french_content import french_guides, translate


@pytest.fixture
def bilingual(content):
    content.write("first-article", "Some text about ketamine. [@1]")
    translate(content)
    french_guides(content)
    return content


def warnings(content=None):
    return [m.msg for m in check_articles() if m.id == "articles.W001"]


def errors():
    return [m.msg for m in check_articles() if m.id == "articles.E001"]


def test_a_french_article_is_served_under_fr_with_its_english_twin(client, bilingual):
    page = client.get("/fr/articles/premier-article/")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == "fr"
    assert '<html lang="fr-CA">' in html
    assert 'hreflang="en-CA" href="http://testserver/articles/first-article/"' in html
    assert 'hreflang="fr-CA" href="http://testserver/fr/articles/premier-article/"' in html
    assert 'hreflang="x-default" href="http://testserver/articles/first-article/"' in html
    assert 'class="language-switch" href="/articles/first-article/"' in html
    assert '<meta property="og:locale" content="fr_CA">' in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["inLanguage"] == "fr-CA"
    english = client.get("/articles/first-article/").content.decode()
    assert 'class="language-switch" href="/fr/articles/premier-article/"' in english
    assert "translation-notice" not in html, "a current translation"
    assert errors() == [] and warnings() == []
    again = client.get("/fr/articles/premier-article/")  # now the finished page, answered early
    assert again.content == page.content and again["Content-Language"] == "fr"


def test_an_article_in_english_only_is_warned_of_and_switches_to_the_french_home(client, content):
    content.write("first-article")
    content.write("second-article")
    translate(content)
    french_guides(content)
    assert warnings() == [
        "content/second-article.md: translation: exists in English only: no French translation "
        "names it as its source"
    ]
    html = client.get("/articles/second-article/").content.decode()
    assert 'class="language-switch" href="/fr/"' in html
    assert 'rel="alternate" hreflang="fr-CA"' not in html
    assert client.get("/fr/articles/second-article/").status_code == 404


def test_once_the_english_changes_the_translation_is_stale_everywhere(client, bilingual, capsys):
    old = revision(bilingual.root / "first-article.md")
    bilingual.write("first-article", "Corrected text about ketamine. [@1]")
    new = revision(bilingual.root / "first-article.md")
    assert [w for w in warnings() if "stale" in w] == [
        f"fr/premier-article.md: source_revision: is stale: first-article.md changed since it "
        f"was translated (revision {old}, now {new})"
    ]
    html = client.get("/fr/articles/premier-article/").content.decode()
    notice = re.search(r'<p class="notice translation-notice".*?</p>', html, re.S).group(0)
    assert 'href="/articles/first-article/"' in notice
    with pytest.raises(CommandError):  # the tiny test articles miss the length bars
        call_command("content_report", as_of=datetime.date.fromisoformat(bilingual.last_reviewed))
    out = capsys.readouterr().out
    assert re.search(rf"fr/premier-article\.md\s+first-article\.md\s+stale\s+{new}", out)
    assert "2 of 3 translations are current; 1 stale" in out


def test_a_translation_must_name_its_source_and_revision(bilingual):
    translate(bilingual, "sans-source", source="")
    translate(bilingual, "mauvaise-revision", rev="not-a-revision")
    translate(bilingual, "source-absente", source="no-such-article.md", rev="0123456789ab")
    translate(bilingual, "revision-en-chiffres", rev="123456789012")
    problems = {str(p) for p in load(bilingual.root / "fr", "fr").problems}
    assert problems == {
        "fr/sans-source.md: source: is required",
        "fr/sans-source.md: source_revision: is required",
        "fr/mauvaise-revision.md: source_revision: must be the 12-character revision of the "
        "English file",
        'fr/revision-en-chiffres.md: source_revision: is all digits: quote it ("…") so it is '
        "read as text",
    }
    assert any("translates 'no-such-article.md', which is not an English article" in w
               for w in warnings())  # fmt: skip


def test_the_english_content_may_not_name_a_source(content):
    content.write("first-article", extra="source: other.md\n")
    problems = {str(p) for p in load(content.root).problems}
    assert "content/first-article.md: source: is not a known field (typo?)" in problems


def test_a_french_article_that_links_to_an_english_page_is_warned_of(bilingual):
    translate(bilingual, body="Voir [l'aide](/get-help-now/). [@1]")
    assert "fr/premier-article.md: body: links to /get-help-now/, a page in another language" in (
        " ".join(warnings())
    )


def test_the_french_faq_must_name_its_source(bilingual):
    faq = bilingual.root / "fr" / "faq.yml"
    faq.write_text(re.sub(r"source.*\n", "", faq.read_text("utf-8")), "utf-8")
    problems = {str(p) for p in load(bilingual.root / "fr", "fr").problems}
    assert problems == {
        "fr/faq.yml: source: is required",
        "fr/faq.yml: source_revision: is required",
    }


def test_french_search_finds_french_pages_only_with_accents_and_elision_folded(client, bilingual):
    for query in ("ketamine", "kétamine", "esketamine", "l'eskétamine"):
        html = client.get("/fr/search/", {"q": query}).content.decode()
        assert 'href="/fr/articles/premier-article/' in html, query
        assert 'href="/articles/first-article/' not in html, query
    english = client.get("/search/", {"q": "ketamine"}).content.decode()
    assert 'href="/articles/first-article/' in english
    assert "/fr/articles/" not in english


def test_the_sitemap_lists_both_languages_with_alternates(client, bilingual):
    xml = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<url>(.*?)</url>", xml, re.S)
    french = next(e for e in entries if "<loc>http://testserver/fr/articles/premier-article/" in e)
    assert 'hreflang="en-CA" href="http://testserver/articles/first-article/"' in french
    assert 'hreflang="x-default" href="http://testserver/articles/first-article/"' in french
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert "http://testserver/fr/get-help-now/" in locations
    assert "http://testserver/get-help-now/" in locations
    assert len(locations) == len(set(locations))


def test_robots_keep_the_french_personal_pages_out_too(client):
    robots = client.get("/robots.txt").content.decode()
    for path in (
        "/fr/search/",
        "/fr/consultations/request/received/",
        "/fr/consultations/your-request/",
    ):
        assert f"Disallow: {path}\n" in robots


def test_kandel_moles_scores_short_plain_french_above_long_learned_french():
    plain = "Le chat dort. Il fait beau. Nous mangeons du pain."
    learned = (
        "L'administration intraveineuse subanesthésique d'antagonistes glutamatergiques "
        "non compétitifs entraîne généralement une modulation neurophysiologique considérable, "
        "particulièrement lorsque l'hétérogénéité phénotypique interindividuelle est importante."
    )
    assert kandel_moles(plain) > 90 > MIN_KANDEL_MOLES > kandel_moles(learned)


def test_the_real_french_content_is_complete_and_current():
    content = get_content()
    english, french = get_library("en"), get_library("fr")
    assert {a.slug for a in english.published} == set(content.pairing.french_for)
    assert len(french.faq) == len(english.faq) and len(french.glossary) == len(english.glossary)
    assert [t.path for t in content.pairing.translations if t.status != "current"] == []
    assert content.pairing.problems == ()


@pytest.mark.parametrize("url", ["/fr/", "/fr/our-clinic/"])
def test_french_pages_that_name_an_article_link_to_its_translation(client, url):
    html = client.get(url).content.decode()
    linked = set(re.findall(r'href="(/[^"]*articles/[^"#]+/)"', html))
    assert linked and all(link.startswith("/fr/articles/") for link in linked)
    assert all(client.get(link).status_code == 200 for link in linked)


@pytest.mark.parametrize("active", ["en", "fr"])
def test_links_between_articles_stay_in_their_language_whichever_is_active(bilingual, active):
    bilingual.write("second-article", "Read [the first](first-article.md). [@1]")
    translate(bilingual, "deuxieme-article", source="second-article.md",
              body="Lire [le premier](premier-article.md). [@1]")  # fmt: skip
    with translation.override(active):
        content = get_content()
        english, french = content.library("en"), content.library("fr")
        assert 'href="/articles/first-article/"' in english.get("second-article").html
        assert 'href="/fr/articles/premier-article/"' in french.get("deuxieme-article").html


@pytest.mark.parametrize("active", ["en", "fr"])
def test_the_real_content_meets_its_bars_whichever_language_is_active(active):
    """The content loaded, and judged, while a French page (or an English one) is being served."""
    sources = fingerprints.read(REAL_FINGERPRINTS)
    reset_library_cache()
    with translation.override(active):
        for language in ("en", "fr"):
            library = get_library(language)
            rows, general = quality.assess_library(
                library, today=content_date(library), sources=sources
            )
            assert {r.slug: r.failures for r in rows if r.failures} == {}, language
            assert general == [], language
    reset_library_cache()
