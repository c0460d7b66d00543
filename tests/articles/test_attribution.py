"""A sentence that credits a finding to a source cites it in that same sentence."""

import datetime

import pytest

from articles import quality
from articles.attribution import faq_citation, uncited_attributions
from articles.library import get_library
from articles.rendering import render_markdown

TODAY = datetime.date(2026, 12, 1)


def offending(markdown_text: str, **kwargs) -> list[str]:
    return uncited_attributions(render_markdown(markdown_text).html, **kwargs)


@pytest.mark.parametrize(
    "sentence",
    [
        "The FDA approved esketamine in 2019.",
        "The US Food and Drug Administration allowed it to be used alone.",
        "Health Canada approved Spravato in May 2020.",
        "CADTH advised public plans not to pay for esketamine.",
        "Canada's Drug Agency looked at esketamine in 2020.",
        "CANMAT called a single infusion a third-line choice.",
        "In ELEKT-D, ketamine did as well as ECT.",
        "SUSTAIN-1 looked at people in remission.",
        "ESCAPE-TRD compared esketamine with quetiapine.",
        "The label says people with psychosis need a careful check.",
        "The prescribing information lists these side effects.",
    ],
)
def test_it_catches_a_named_source_without_a_citation(sentence):
    assert offending(sentence) == [sentence.replace("'", "’")]


@pytest.mark.parametrize(
    "sentence",
    [
        "A 2020 review suggests the benefit peaks after a day.",
        "One small trial found a benefit.",
        "A larger trial in veterans found no benefit at all.",
        "A meta-analysis showed a small effect.",
        "The task force recommended caution.",
        "A national agency advised against public coverage.",
        "The regulator approved it for adults only.",
        "The guideline rated the evidence as weak.",
        "Researchers have pooled the results of the main trials.",
        "A Canadian review for family doctors notes that harms are uncertain.",
        "Canadian experts judge the risk to be manageable.",
        "Some research suggests higher doses may blunt the benefit.",
        "Fast relief has been shown in several trials.",
        "An international expert group called ketamine the first fast treatment of its kind.",
        "A few years later, a trial looked only at people with hard-to-treat depression.",
    ],
)
def test_it_catches_a_generic_source_that_reports_a_finding(sentence):
    assert offending(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "In one trial, people had more days without alcohol.",
        "In esketamine studies, more than half of people felt detached.",
        "According to clinics, some insurers pay for it.",
    ],
)
def test_it_catches_a_result_placed_in_a_study(sentence):
    assert offending(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ask your doctor whether a clinical trial is right for you.",
        "This is called a randomized controlled trial.",
        "One large trial, also called a head-to-head study, took two years.",
        "More studies that test this directly are needed.",
        "Research is still at an early stage.",
        "Experimental means only small studies exist, and the use is still being tested.",
        "Off-label means a medicine is used outside its approved uses.",
        "Do you follow Canadian guidelines, such as CANMAT?",
        "Which trials has the clinic taken part in?",
        "The lift from one session often fades within days.",
        "Some websites say ketamine heals trauma, but these claims go too far.",
    ],
)
def test_it_lets_an_ordinary_sentence_pass(sentence):
    assert offending(sentence) == []


def test_a_citation_in_the_same_sentence_satisfies_it():
    assert offending("One small trial found a benefit [@1]. It was small.") == []


def test_a_citation_in_the_next_sentence_does_not():
    text = "One small trial found a benefit. Two people in each group improved [@1]."
    assert offending(text) == ["One small trial found a benefit."]


def test_it_reports_each_offending_sentence_of_a_paragraph_on_its_own():
    text = "CADTH advised against coverage. The FDA approved it. Staff watch you [@2]."
    assert offending(text) == ["CADTH advised against coverage.", "The FDA approved it."]


def test_it_checks_list_items_and_table_cells():
    text = (
        "- SUSTAIN-1 looked at relapse.\n- Staff watch you.\n\n"
        "| Use | Evidence |\n|---|---|\n| PTSD | A larger trial found no benefit. |\n"
    )
    assert offending(text) == ["SUSTAIN-1 looked at relapse.", "A larger trial found no benefit."]


def test_a_source_column_cites_its_whole_row():
    text = (
        "| Myth | Fact | Source |\n|---|---|---|\n| It lasts | One trial found it fades | [@1] |\n"
    )
    assert offending(text) == []


def test_headings_table_headers_and_linked_article_titles_are_not_claims():
    text = (
        "## What the FDA approved\n\n"
        "| What studies show | Strength |\n|---|---|\n| Fast relief [@1] | Strong |\n\n"
        "Read more in [what the research shows](evidence-for-depression.md)."
    )
    assert offending(text) == []


def test_in_the_faq_a_link_to_the_article_that_cites_the_source_counts():
    answer = (
        "[Canada's Drug Agency](cost-and-coverage-in-canada.md) advised against coverage. "
        "Health Canada approved it in 2020."
    )
    assert offending(answer, cited=faq_citation()) == ["Health Canada approved it in 2020."]
    assert len(offending(answer)) == 2


def test_quality_assess_reports_each_offending_sentence(content):
    content.write("first-article", "A 2020 review suggests it fades. Staff watch you [@1, 2].")
    article = get_library().get("first-article")
    failures = quality.assess(article, links_in=1, today=TODAY).failures
    assert (
        'names a source without citing it in the same sentence: "A 2020 review suggests it fades."'
        in failures
    )


def test_a_cited_article_has_no_such_failure(content):
    content.write("first-article", "A 2020 review suggests it fades [@1]. Staff watch you [@2].")
    article = get_library().get("first-article")
    failures = quality.assess(article, links_in=1, today=TODAY).failures
    assert not any("names a source" in f for f in failures)


def test_the_library_reports_an_faq_answer_that_names_a_source_without_citing_it(content):
    content.write("first-article")
    (content.root / "faq.yml").write_text(
        "- question: Is it approved?\n"
        "  answer: Health Canada approved it in 2020.\n"
        "  article: first-article\n"
        "- question: Is it covered?\n"
        "  answer: '[CADTH](first-article.md) advised against public coverage.'\n"
        "  article: first-article\n",
        encoding="utf-8",
    )
    _, general = quality.assess_library(get_library(), today=TODAY)
    named = [problem for problem in general if "names a source" in problem]
    assert named == [
        'the FAQ answer to "Is it approved?" names a source without citing it in the same '
        'sentence (link to the article that cites it): "Health Canada approved it in 2020."'
    ]
