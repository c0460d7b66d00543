"""The editorial bars: the real library meets them, and each bar catches an article that misses it."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings as live_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import fingerprints, quality
from articles.library import get_library, reset_library_cache

TODAY = datetime.date(2026, 11, 21)
REAL_FINGERPRINTS = Path(live_settings.ARTICLES_CONTENT_DIR) / fingerprints.FILE_NAME


def content_date(library) -> datetime.date:
    """The real content is judged as of its own newest review, never the calendar: the suite
    must pass on any day. (Overdue reviews are `manage.py check` warnings; tests below cover
    what happens when a date passes.)"""
    return max(article.last_reviewed for article in library.published)


GOOD_SENTENCES = (
    "Ketamine can help some people feel better. Your care team checks on you often. " * 60
)
GOOD_BODY = f"""\
## In short

{GOOD_SENTENCES}

In one study, 55% of people improved [@1, 2]. Read about [a](other-one.md) and [b](third-one.md).

!!! help "When to get help"
    Call or text 9-8-8. In an emergency, call 911.

[Request a consultation](/consultations/request/).
"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_real_library_meets_every_bar(language):
    sources = fingerprints.read(REAL_FINGERPRINTS)
    assert sources, f"{REAL_FINGERPRINTS} is missing or empty (manage.py fingerprint_sources)"
    library = get_library(language)
    rows, general = quality.assess_library(library, today=content_date(library), sources=sources)
    assert len(rows) >= 12
    assert {r.slug: r.failures for r in rows if r.failures} == {}
    assert general == []


def test_the_content_report_prints_every_article_and_passes(capsys):
    as_of = content_date(get_library())
    call_command("content_report", as_of=as_of)
    out = capsys.readouterr().out
    assert "what-is-ketamine-therapy" in out and "qu-est-ce-que-la-therapie-a-la-ketamine" in out
    assert f"All 24 articles meet the editorial bars (as of {as_of:%Y-%m-%d})." in out
    assert "14 of 14 translations are current\n" in out
    assert "not checked" not in out, "the source fingerprints are read"


def test_the_content_report_refuses_a_bad_date():
    with pytest.raises(CommandError, match="--as-of must be a date"):
        call_command("content_report", "--as-of", "next tuesday")


@pytest.fixture
def write(content):
    def write_one(body=GOOD_BODY, **fields):
        # Review dates that suit TODAY, the day these articles are judged on.
        fields = {"last_reviewed": "2026-11-01", "next_review": "2027-06-01", **fields}
        for slug in ("other-one", "third-one"):
            content.write(slug, GOOD_BODY.replace(f"({slug}.md)", "(first-article.md)"))
        content.write("first-article", body, **fields)
        reset_library_cache()
        library = get_library()
        article = library.get("first-article")
        return quality.assess(article, links_in=2, today=TODAY)

    return write_one


def test_a_good_article_passes(write):
    assert write().failures == []


@pytest.mark.parametrize(
    ("change", "failure"),
    [
        (lambda b: b.replace(GOOD_SENTENCES, "Short."), "words; needs 800"),
        (lambda b: b.replace(GOOD_SENTENCES, GOOD_SENTENCES * 3), "words; needs 800"),
        (
            lambda b: b.replace(
                GOOD_SENTENCES,
                "Pharmacological antagonism of glutamatergic N-methyl-D-aspartate receptors precipitates neuroplasticity-associated intracellular signalling, notwithstanding considerable interindividual heterogeneity. "
                * 70,
            ),
            "reads at grade",
        ),
        (lambda b: b.replace("[@1, 2]", ""), "figure '55%' without a citation"),
        (
            lambda b: b.replace("[@1, 2]", "").replace("55%", "more"),
            "never cites reference(s) [1, 2]",
        ),
        (lambda b: b.replace("(third-one.md)", "(/faq/)"), "links to 1 other articles"),
        (
            lambda b: b.replace("(/consultations/request/)", "(/about/)"),
            "does not link to /consultations/request/",
        ),
        (
            lambda b: b.replace('!!! help "When to get help"', '!!! note "Aside"'),
            'no "When to get help" callout',
        ),
        (lambda b: b.replace("Call or text 9-8-8.", "Call us."), "does not mention 9-8-8"),
        (lambda b: b + "\nIt is a miracle.\n", "promise the brief forbids: 'miracle'"),
        (
            lambda b: b + "\nThis treatment cures depression.\n",
            "promise the brief forbids: 'cures'",
        ),
    ],
)
def test_each_bar_catches_an_article_that_misses_it(write, change, failure):
    failures = write(change(GOOD_BODY)).failures
    assert any(failure in f for f in failures), failures


def test_a_review_date_too_far_ahead_or_overdue_fails(write):
    assert "more than a year" in " ".join(write(next_review="2028-01-01").failures)
    assert "review was due" in " ".join(
        write(last_reviewed="2025-01-01", next_review="2025-12-01").failures
    )


def test_a_sentence_copied_from_a_source_is_caught_by_its_fingerprint(write, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "seed.txt").write_text("Some say your care team checks on you often and kindly.")
    call_command("fingerprint_sources", sources, output=tmp_path / "prints.txt")
    stored = (tmp_path / "prints.txt").read_text()
    assert "care team" not in stored, "only hashes are stored, never the sentences"
    write()
    article = get_library().get("first-article")
    prints = fingerprints.read(tmp_path / "prints.txt")
    row = quality.assess(article, links_in=1, today=TODAY, sources=prints)
    assert any("7-word runs with the source articles" in f for f in row.failures)
    assert any("your care team checks on you often" in f for f in row.failures)


def test_an_article_in_its_own_words_shares_no_fingerprint(write, tmp_path):
    (tmp_path / "seed.txt").write_text("Ketamine clinics in the city promise quick relief to all.")
    call_command("fingerprint_sources", tmp_path, output=tmp_path / "prints.txt")
    write()
    article = get_library().get("first-article")
    row = quality.assess(
        article, links_in=2, today=TODAY, sources=fingerprints.read(tmp_path / "prints.txt")
    )
    assert row.failures == []


def test_fingerprinting_a_folder_without_sources_is_refused(tmp_path):
    (tmp_path / "README.md").write_text("Notes about the sources, not a source.")
    with pytest.raises(CommandError, match="holds no source text"):
        call_command("fingerprint_sources", tmp_path, output=tmp_path / "prints.txt")
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("fingerprint_sources", tmp_path / "missing")


def test_the_content_report_says_when_it_cannot_check_for_copying(content, capsys):
    for slug in ("first-article",):
        content.write(slug, "Too short.")
    with pytest.raises(CommandError):
        call_command("content_report")
    assert "reuse of the source articles' sentences not checked" in capsys.readouterr().out


def test_the_content_report_fails_when_an_article_misses_a_bar(content, capsys):
    content.write("first-article", "Too short.")
    with pytest.raises(CommandError, match="does not meet the editorial bars"):
        call_command("content_report")
    assert "FAIL" in capsys.readouterr().out
