"""Search over the real content: what comes first for real queries, typos, crisis words, myths,
and links that land on a section that exists."""

import re
from urllib.parse import urlsplit

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.library import get_library
from articles.search import index_for
from articles.search_pages import site_documents

pytestmark = pytest.mark.django_db

HELP = "/get-help-now/"
CRISIS_BLOCK = '<section class="help-card urgent" aria-labelledby="get-help-now">'

# (query, the link that must come first, "Did you mean" offered, crisis block shown)
TABLE = [
    # plain words and questions
    ("side effects", "/articles/side-effects/#how-are-side-effects-managed", "", False),
    ("nausea", "/articles/side-effects/#nausea", "", False),
    ("bladder", "/articles/addiction-and-misuse-risk/#bladder-damage", "", False),
    ("memory", "/articles/addiction-and-misuse-risk/#memory-and-thinking", "", False),
    ("dizzy", "/articles/side-effects/#sleepiness-and-dizziness", "", False),
    ("insurance", "/articles/cost-and-coverage-in-canada/#what-about-private-insurance", "", False),
    ("cost", "/articles/cost-and-coverage-in-canada/#how-much-does-ketamine-therapy-cost", "", False),
    ("bipolar", "/articles/is-it-right-for-me/#bipolar-disorder", "", False),
    ("psychosis", "/articles/is-it-right-for-me/#psychosis", "", False),
    ("pregnancy", "/articles/is-it-right-for-me/#pregnancy-and-breastfeeding", "", False),
    ("first session", "/articles/what-to-expect/#what-happens-before-my-first-session", "", False),
    ("is ketamine addictive", "/articles/addiction-and-misuse-risk/#is-ketamine-addictive", "", False),
    ("psychotherapy", "/articles/ketamine-assisted-psychotherapy/#what-is-ketamine-assisted-psychotherapy", "", False),
    # plurals and other forms of a word
    ("side effect", "/articles/side-effects/#how-are-side-effects-managed", "", False),
    ("costs", "/articles/cost-and-coverage-in-canada/#how-much-does-ketamine-therapy-cost", "", False),
    ("headaches", "/articles/side-effects/#headache-and-blurred-vision", "", False),
    ("hallucinations", "/faq/#will-i-hallucinate-or-feel-out-of-my-body", "", False),
    ("infusions", "/glossary/#iv-infusion", "", False),
    ("nasal sprays", "/articles/esketamine-nasal-spray/#in-short", "", False),
    # the FAQ, the glossary and the site's own pages
    ("can I drive", "/faq/#can-i-drive-after-a-session", "", False),
    ("do I need a referral", "/faq/#do-i-need-a-referral", "", False),
    ("blood pressure", "/faq/#is-it-safe-if-i-have-high-blood-pressure", "", False),
    ("how long does it last", "/faq/#how-fast-does-it-work-and-how-long-does-it-last", "", False),
    ("is ketamine legal", "/faq/#is-ketamine-legal-in-canada", "", False),
    ("dissociation", "/glossary/#dissociation", "", False),
    ("nmda receptor", "/glossary/#nmda-receptor", "", False),
    ("treatment-resistant depression", "/glossary/#treatment-resistant-depression-trd", "", False),
    ("editorial policy", "/about/#editorial-policy", "", False),
    ("corrections", "/about/#corrections", "", False),
    ("accessibility", "/accessibility/#standard", "", False),
    ("kids help phone", "/get-help-now/#kids", "", False),
    # typos
    ("adictive", "/articles/addiction-and-misuse-risk/#is-ketamine-addictive", "addictive", False),
    ("spravto", "/articles/esketamine-nasal-spray/#in-short", "spravato", False),
    ("bladdr", "/articles/addiction-and-misuse-risk/#bladder-damage", "bladder", False),
    ("disociation", "/glossary/#dissociation", "dissociation", False),
    ("side efects", "/articles/side-effects/#how-are-side-effects-managed", "side effects", False),
    ("high blood presure", "/faq/#is-it-safe-if-i-have-high-blood-pressure", "high blood pressure", False),
    # French-ish accents
    ("kétamine nasal spray", "/articles/esketamine-nasal-spray/#in-short", "", False),
    ("dépression", "/articles/evidence-for-depression/#testing-it-in-hard-to-treat-depression-2006", "", False),
    # brand names, any case
    ("Spravato", "/articles/esketamine-nasal-spray/#in-short", "", False),
    ("SPRAVATO", "/articles/esketamine-nasal-spray/#in-short", "", False),
    ("esketamine", "/articles/esketamine-nasal-spray/#what-is-esketamine", "", False),
    # crisis words: Get help now first, above every result
    ("suicide", HELP, "", True),
    ("suicidal", HELP, "", True),
    ("crisis", HELP, "", True),
    ("kill myself", HELP, "", True),
    ("end my life", HELP, "", True),
    ("help now", HELP, "", True),
    ("988", HELP, "", True),
    ("9-8-8", HELP, "", True),
    ("self-harm", HELP, "", True),
    ("emergency", HELP, "", True),
    ("suicde", HELP, "suicide", True),
    ("je veux mourir", HELP, "", True),
    ("ketamine for suicidal thoughts", HELP, "", True),  # other results follow, below it
]  # fmt: skip


def first_results(html: str) -> list[str]:
    results = html[html.index('<ol class="results">') :]
    return re.findall(r'<h3><a href="([^"]+)">', results)


@pytest.mark.parametrize(
    ("query", "first", "suggestion", "crisis"), TABLE, ids=[r[0] for r in TABLE]
)
def test_a_real_query_brings_the_page_and_section_it_means_first(client, query, first, suggestion, crisis):  # fmt: skip
    html = client.get("/search/", {"q": query}).content.decode()
    assert first_results(html)[0] == first
    if suggestion:
        assert f'Did you mean <a href="/search/?q={suggestion.replace(" ", "%20")}">' in html
    else:
        assert "Did you mean" not in html
    assert (CRISIS_BLOCK in html) is crisis
    if crisis:
        assert html.index(CRISIS_BLOCK) < html.index('<ol class="results">')


def test_the_table_holds_at_least_thirty_queries_of_every_kind():
    assert len(TABLE) >= 30
    assert sum(1 for *_, crisis in TABLE if crisis) >= 8
    assert sum(1 for _, _, suggestion, _ in TABLE if suggestion) >= 5


def test_a_typo_gets_a_did_you_mean_link_and_the_results_for_what_was_meant(client):
    response = client.get("/search/", {"q": "is ketamine adictive?"})
    assertContains(
        response,
        'Did you mean <a href="/search/?q=is%20ketamine%20addictive%3F">'
        "<strong>is ketamine addictive?</strong></a>?",
    )
    assertContains(response, "The results below are for “is ketamine addictive?”")
    assertContains(response, "<mark>addictive</mark>")
    # Following the link searches for the corrected words, which need no correction.
    corrected = client.get("/search/", {"q": "is ketamine addictive?"})
    assertNotContains(corrected, "Did you mean")
    assert (
        first_results(corrected.content.decode())[0] == first_results(response.content.decode())[0]
    )


def test_a_word_too_far_from_any_word_on_the_site_gets_no_suggestion(client):
    response = client.get("/search/", {"q": "xylophone"})
    assertContains(response, "Nothing found for “xylophone”")
    assertNotContains(response, "Did you mean")


def test_crisis_words_are_never_corrected_into_something_else(client):
    html = client.get("/search/", {"q": "kill myself"}).content.decode()
    assert "Did you mean" not in html
    assert first_results(html) == [HELP]


def test_the_crisis_block_offers_call_and_text_988_911_and_the_help_page(client):
    html = client.get("/search/", {"q": "I feel suicidal"}).content.decode()
    block = html[html.index(CRISIS_BLOCK) : html.index("</section>", html.index(CRISIS_BLOCK))]
    for link in ['href="tel:988"', 'href="sms:988"', 'href="tel:911"', f'href="{HELP}"']:
        assert link in block
    assert html.index(CRISIS_BLOCK) < html.index('<form class="search-form"')


def test_an_ordinary_search_shows_no_crisis_block_but_keeps_the_crisis_lines(client):
    html = client.get("/search/", {"q": "nausea"}).content.decode()
    assert CRISIS_BLOCK not in html
    assert 'href="tel:988"' in html


def test_a_snippet_from_the_myths_says_it_is_a_myth(client):
    html = client.get("/search/", {"q": "supervision"}).content.decode()
    first = html.index('<ol class="results">')
    item = html[first : html.index("</li>", first)]
    assert "/articles/myths-and-facts/#under-medical-supervision" in item
    assert re.search(
        r'<p class="myth"><strong>Myth:</strong> “Under medical <mark>supervision</mark>', item
    )


def test_a_row_of_the_myths_table_says_which_column_is_the_myth(client):
    html = client.get("/search/", {"q": "myths at a glance full stop"}).content.decode()
    first = html.index('<ol class="results">')
    item = html[first : html.index("</li>", first)]
    assert "/articles/myths-and-facts/#myths-at-a-glance" in item
    assert (
        "<strong>Myth:</strong> Ketamine is highly addictive, <mark>full</mark> <mark>stop</mark>"
        in item
    )
    assert "What the evidence says: Serious harm" in item


def test_every_section_search_links_to_has_that_id_on_its_page(client):
    index = index_for(get_library(), site_documents)
    wanted: dict[str, set[str]] = {}
    for document in index.documents:
        page, _, anchor = document.url.partition("#")
        ids = wanted.setdefault(page, set())
        ids.update({anchor} - {""})
        ids.update(section.anchor for section in document.sections if section.anchor)
    kinds = {document.kind for document in index.documents}
    assert kinds == {"Article", "Question", "Glossary", "Page"}
    assert {"/faq/", "/glossary/", "/about/", "/privacy/", "/accessibility/", HELP} <= set(wanted)
    for page, ids in wanted.items():
        html = client.get(page).content.decode()
        missing = [i for i in sorted(ids) if f'id="{i}"' not in html]
        assert not missing, (page, missing)


def test_results_link_to_sections_and_say_what_they_are(client):
    html = client.get("/search/", {"q": "nausea"}).content.decode()
    assert '<h3><a href="/articles/side-effects/#nausea">' in html
    assert urlsplit(first_results(html)[0]).fragment == "nausea"
    assert re.search(r'<p class="meta">Article · [^<]+ min read</p>', html)
    glossary = client.get("/search/", {"q": "glutamate"}).content.decode()
    assert '<p class="meta">Glossary</p>' in glossary


def test_crisis_words_among_other_words_keep_the_other_results_below_get_help_now(client):
    html = client.get("/search/", {"q": "ketamine for suicidal thoughts"}).content.decode()
    links = first_results(html)
    assert links[0] == HELP and len(links) > 5
    assert "/articles/who-may-benefit/#suicidal-thoughts" in links
    assert html.index(CRISIS_BLOCK) < html.index('<ol class="results">')
