"""The pieces of search on their own: words, stems, highlighting, sections, crisis words."""

import pytest

from articles.search_crisis import is_crisis
from articles.search_html import sections_of
from articles.search_index import Document, SearchIndex
from articles.search_text import fold, highlight, stem, terms_of


@pytest.mark.parametrize(
    "family",
    [
        ["addictive", "addiction", "addictions"],
        ["therapy", "therapies", "thérapie"],
        ["dissociation", "dissociative"],
        ["effect", "effects"],
        ["dose", "doses"],
        ["clinic", "clinics", "clinical"],
    ],
)
def test_a_word_and_its_family_share_a_stem(family):
    assert len({stem(fold(word)) for word in family}) == 1


def test_accents_and_case_are_folded_without_moving_any_character():
    assert fold("Kétamine À Montréal") == "ketamine a montreal"
    assert len(fold("Ǆemal İstanbul")) == len("Ǆemal İstanbul")


def test_a_query_keeps_its_words_once_in_order_without_common_words():
    assert terms_of("What is the COST of Ketamine, cost?") == ["cost", "ketamine"]
    assert terms_of("call 9-8-8") == ["call", "988"]
    assert terms_of("!!! ...") == []


def test_highlighting_escapes_the_text_and_marks_whole_words():
    marked = highlight("<b>Addiction</b> & addictive’s risk", ["addict"])
    assert marked == (
        "&lt;b&gt;<mark>Addiction</mark>&lt;/b&gt; &amp; <mark>addictive’s</mark> risk"
    )


def test_a_short_term_matches_only_its_own_word():
    assert "<mark>" not in highlight("How you feel", ["fee"])
    assert highlight("The fee", ["fee"]) == "The <mark>fee</mark>"


ARTICLE_HTML = """
<p>Before any heading.</p>
<h2 id="glance">Myths at a glance</h2>
<table><thead><tr><th>Myth</th><th>What the evidence says</th><th>Source</th></tr></thead>
<tbody><tr><td>It is harmless</td><td>It is not <sup class="cite">[<a href="#ref-1">1</a>]</sup></td>
<td><sup class="cite">[1]</sup></td></tr></tbody></table>
<h2 id="myths-about-safety">Myths about safety</h2>
<h3 id="no-risk">“There is no risk”</h3>
<p>This goes too far <sup class="cite">[2]</sup>.</p>
<h2>A heading without an id</h2>
<ul><li>One <strong>item</strong></li><li>Two</li></ul>
"""


def test_html_is_cut_into_sections_of_passages_and_myths_are_marked():
    found = sections_of(ARTICLE_HTML).sections
    assert [(s.anchor, s.heading, s.myth) for s in found] == [
        ("", "", False),
        ("glance", "Myths at a glance", False),
        ("myths-about-safety", "Myths about safety", False),
        ("no-risk", "“There is no risk”", True),
        ("", "A heading without an id", False),
    ]
    row = found[1].passages[0]
    assert (row.myth, row.text) == ("It is harmless", "What the evidence says: It is not")
    assert found[3].passages[0].text == "This goes too far."  # no citation number left
    assert found[3].passages[0].myth == "“There is no risk”"
    assert [p.text for p in found[4].passages] == ["One item", "Two"]


def test_a_whole_page_is_read_from_its_main_without_navigation_or_hidden_text():
    page = sections_of(
        '<head><meta name="description" content="About the clinic."></head><body>'
        '<header><a href="/">Clinic</a></header><main><h1>About us</h1>'
        '<nav><a href="#x">Contents</a></nav><p>We care.<span class="visually-hidden">'
        "hidden</span></p><script>var x = 1;</script><form><label>Search</label></form>"
        '<h2 id="team">Our team</h2><p>Nurses.</p></main><footer>Footer text</footer></body>',
        main_only=True,
    )
    assert (page.title, page.description) == ("About us", "About the clinic.")
    texts = [(s.anchor, [p.text for p in s.passages]) for s in page.sections]
    assert texts == [("", ["We care."]), ("team", ["Nurses."])]


def test_a_typo_is_corrected_to_the_indexs_nearest_most_used_word():
    sections = sections_of("<p>Bladder bladder blather. Spravato. Addictive.</p>").sections
    index = SearchIndex([Document("/a/", "A page", "Page", "", "", (), sections)])
    assert [index.correct(t) for t in ["bladdr", "spravto", "adictive", "xylophone"]] == [
        "bladder", "spravato", "addictive", ""
    ]  # fmt: skip
    assert index.knows("bladd") and not index.knows("bladdr")


@pytest.mark.parametrize(
    "query",
    ["suicide", "Suicidal thoughts", "SUICIDE", "crisis", "I want to kill myself", "end my life",
     "ending it all", "help now", "988", "9-8-8", "call 911", "self-harm", "self harm",
     "hurt myself", "overdose", "I don't want to live", "no reason to live", "emergency",
     "je veux mourir", "idées suicidaires", "en finir", "crise"],
)  # fmt: skip
def test_crisis_words_are_recognised(query):
    assert is_crisis(query)


@pytest.mark.parametrize(
    "query",
    ["side effects", "help with cost", "skill", "a crisp apple", "killer whale", "life insurance",
     "9 8", "1988 study", "helpful"],
)  # fmt: skip
def test_ordinary_searches_are_not_taken_for_crisis(query):
    assert not is_crisis(query)
