"""The loader and the system check: every kind of bad content file is reported by file and field."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from articles.checks import check_articles
from articles.library import get_library, reset_library_cache
from articles.loader import load


def problems_of(content):
    return [(p.path.split("/")[-1], p.field, p.level) for p in load(content.root).problems]


def messages_of(content):
    return " | ".join(str(p) for p in load(content.root).problems)


def test_it_loads_a_valid_article(content):
    content.write("first-article", "## Part one\n\nText [@1, 2].")
    result = load(content.root)
    assert result.problems == []
    article = result.articles["first-article"]
    assert article.title == "Title of first-article"
    assert article.topic.name == "Safety and risks"
    assert article.last_reviewed == datetime.date.fromisoformat(content.last_reviewed)
    assert article.references[1].link == "https://doi.org/10.1000/example"
    assert [entry.id for entry in article.toc] == ["part-one"]
    assert '<h2 id="part-one">' in article.html


def test_it_reports_malformed_yaml_with_the_file_name(content):
    content.write("first-article")
    content.write("broken", raw="---\ntitle: [unclosed\n---\nBody\n")
    assert ("broken.md", "front matter", "error") in problems_of(content)
    assert "not valid YAML" in messages_of(content)


def test_it_reports_a_file_without_front_matter(content):
    content.write("first-article")
    content.write("bare", raw="Just a body, no front matter.\n")
    assert ("bare.md", "front matter", "error") in problems_of(content)


@pytest.mark.parametrize(
    "field",
    ["title", "summary", "category", "tags", "published", "last_reviewed", "next_review",
     "reviewed_by", "references"],
)  # fmt: skip
def test_it_reports_each_missing_required_field(content, field):
    content.write("first-article")
    path = content.write("incomplete")
    lines = path.read_text().splitlines()
    kept, skipping = [], False
    for line in lines:
        if line.startswith(f"{field}:"):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        kept.append(line)
    path.write_text("\n".join(kept) + "\n")
    assert ("incomplete.md", field, "error") in problems_of(content)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"last_reviewed": "last week"}, "last_reviewed"),
        ({"last_reviewed": "2026-02-30"}, "last_reviewed"),
        ({"next_review": "2026-10-01"}, "next_review"),  # before last_reviewed
        ({"title": '""'}, "title"),
        ({"summary": "x" * 301}, "summary"),
        ({"extra": "draft: maybe\n"}, "draft"),
        ({"extra": "last_reveiwed: 2026-01-01\n"}, "last_reveiwed"),
        ({"extra": "slug: another-slug\n"}, "slug"),
    ],
)
def test_it_reports_an_invalid_field(content, fields, field):
    content.write("first-article")
    content.write("bad-field", **fields)
    assert ("bad-field.md", field, "error") in problems_of(content)


def test_it_reports_an_unknown_category(content):
    content.write("first-article")
    content.write("odd-topic", category="astrology")
    assert ("odd-topic.md", "category", "error") in problems_of(content)
    assert "unknown category 'astrology'" in messages_of(content)


def test_it_reports_a_duplicate_slug(content):
    content.write("first-article")
    content.write("first-article", folder="archive")
    assert ("first-article.md", "slug", "error") in problems_of(content)
    assert "duplicate slug" in messages_of(content)


def test_a_translation_folder_is_not_read_as_english_articles(content):
    content.write("first-article")
    content.write("first-article", folder="fr")
    result = load(content.root)
    assert result.problems == []
    assert [a.path for a in result.articles.values()] == ["content/first-article.md"]


def test_it_reports_a_file_name_that_is_not_a_slug(content):
    content.write("first-article")
    content.write("Bad_Name")
    assert ("Bad_Name.md", "slug", "error") in problems_of(content)


def test_it_reports_a_link_to_an_article_that_does_not_exist(content):
    content.write("first-article", "See [the other one](no-such-article.md).")
    assert ("first-article.md", "body", "error") in problems_of(content)
    assert "no-such-article" in messages_of(content)


def test_the_system_check_reports_a_link_to_a_page_that_does_not_exist(content):
    content.write("first-article", "See [help](/no-such-page/).")
    assert load(content.root).problems == []  # the loader knows nothing of the URLconf
    errors = [m.msg for m in check_articles() if m.id == "articles.E001"]
    assert errors == [
        "content/first-article.md: body: links to /no-such-page/, which is not a page of this site"
    ]


def test_the_system_check_reports_a_page_link_in_the_faq_and_a_draft(content):
    content.write("first-article")
    content.write("unfinished", "See [x](/nowhere/).", extra="draft: true\n")
    (content.root / "faq.yml").write_text(
        "- question: Is it safe?\n  answer: See [this](/gone/).\n  article: first-article\n",
        encoding="utf-8",
    )
    errors = sorted(m.msg for m in check_articles() if m.id == "articles.E001")
    assert errors == [
        "content/unfinished.md: body: links to /nowhere/, which is not a page of this site",
        "faq.yml: entry 1.answer: links to /gone/, not a page of this site",
    ]


def test_it_accepts_links_to_site_pages_and_other_articles(content):
    content.write("first-article", "See [b](second-one.md#part) and [help](/get-help-now/).")
    content.write("second-one", "See [a](first-article.md).")
    assert load(content.root).problems == []
    assert check_articles() == []


def test_it_reports_a_link_from_a_published_article_to_a_draft(content):
    content.write("first-article", "See [draft](work-in-progress.md).")
    content.write("work-in-progress", extra="draft: true\n")
    assert "which is a draft" in messages_of(content)


def test_it_reports_a_citation_beyond_the_reference_list(content):
    content.write("first-article", "A figure [@3].")
    assert "cites [@3] but there are 2 references" in messages_of(content)


def test_it_reports_a_level_one_heading_in_the_body(content):
    content.write("first-article", "# A second title\n\nText.")
    assert "level-1 heading" in messages_of(content)


def test_it_reports_an_unknown_callout_kind(content):
    content.write("first-article", '!!! shout "Hey"\n    Text.')
    assert "unknown callout kind 'shout'" in messages_of(content)


def test_it_reports_a_person_as_reviewer(content):
    content.write("first-article", extra="")
    path = content.write("named", extra="")
    path.write_text(
        path.read_text().replace("reviewed_by: Clinical team", "reviewed_by: Dr. Jane Roe")
    )
    assert ("named.md", "reviewed_by", "error") in problems_of(content)


def test_it_reports_a_reference_with_a_bad_doi_or_url(content):
    content.write("first-article")
    path = content.write("bad-ref")
    text = path.read_text().replace(
        "doi: 10.1000/example", "doi: not-a-doi\n    url: javascript:alert(1)"
    )
    path.write_text(text)
    fields = [f for _, f, _ in problems_of(content)]
    assert "references[2].doi" in fields and "references[2].url" in fields


def test_a_past_next_review_is_a_warning_not_an_error(content):
    content.write("first-article", last_reviewed="2024-01-01", next_review="2025-01-01")
    assert problems_of(content) == [("first-article.md", "next_review", "warning")]


def test_the_real_content_warns_once_its_reviews_fall_due():
    """manage.py check warns about real overdue reviews; the day they fall due comes from the
    content itself, so this holds on any date."""
    english, french = get_library("en"), get_library("fr")
    reviewed = [
        item
        for real in (english, french)
        for item in (*real.published, real.faq_review, real.glossary_review)
    ]
    latest_due = max(item.next_review for item in reviewed)
    reset_library_cache()
    day_after = datetime.datetime.combine(
        latest_due + datetime.timedelta(days=1), datetime.time(12), datetime.UTC
    )
    with time_machine.travel(day_after):
        warnings = [m for m in check_articles() if m.id == "articles.W001"]
    reset_library_cache()
    # Every article, the FAQ and the glossary, in English and in French.
    assert len(warnings) == len(reviewed) == len(english.published) + len(french.published) + 4
    assert all("next_review: review was due on" in m.msg for m in warnings)
    files = {m.msg.split(":")[0] for m in warnings}
    assert files >= {"faq.yml", "glossary.yml", "fr/faq.yml", "fr/glossary.yml"}


def test_the_real_faq_and_glossary_are_dated_and_reviewed_like_the_articles():
    library = get_library()
    for review in (library.faq_review, library.glossary_review):
        assert review is not None
        assert review.next_review > review.last_reviewed
        assert review.reviewed_by == "Clinical team"


FAQ_ENTRY = "entries:\n- question: Is it safe?\n  answer: Mostly.\n  article: first-article\n"


@pytest.mark.parametrize(
    ("head", "field", "message"),
    [
        ("", "last_reviewed", "is required"),
        ("last_reviewed: 2026-13-01\n", "last_reviewed", "must be a real date"),
        ("last_reviewed: 2026-12-01\nnext_review: 2026-11-01\n", "next_review", "must be after"),
        ("reviewed_by: Dr. Smith\n", "reviewed_by", "must be a role"),
        ("reviewd_by: Clinical team\n", "reviewd_by", "is not a known field"),
    ],
)
def test_the_faq_review_fields_are_checked_by_name(content, head, field, message):
    content.write("first-article")
    complete = {"last_reviewed": "2026-12-01", "next_review": "2027-06-01",
                "reviewed_by": "Clinical team"}  # fmt: skip
    given = {line.split(":")[0] for line in head.splitlines()}
    rest = "".join(f"{k}: {v}\n" for k, v in complete.items() if k not in given and k != field)
    (content.root / "faq.yml").write_text(head + rest + FAQ_ENTRY)
    result = load(content.root)
    assert any(p.path == "faq.yml" and p.field == field and message in p.message
               for p in result.problems), result.problems  # fmt: skip
    assert result.faq_review is None


def test_a_dated_faq_carries_its_review_and_answers_if_modified_since(content, client, settings):
    content.write("first-article")
    head = "last_reviewed: 2026-12-01\nnext_review: 2027-06-01\nreviewed_by: Clinical team\n"
    (content.root / "faq.yml").write_text(head + FAQ_ENTRY)
    reset_library_cache()
    response = client.get("/faq/")
    assert response["Last-Modified"] == "Tue, 01 Dec 2026 00:00:00 GMT"
    assert "Next review due" in response.content.decode()
    again = client.get("/faq/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_the_faq_must_point_to_a_published_article(content):
    content.write("first-article")
    content.write_guides("missing-article")
    assert ("faq.yml", "entry 1.article", "error") in problems_of(content)


def test_the_system_check_names_the_file_and_the_field(content):
    content.write("first-article")
    content.write("odd-topic", category="astrology")
    content.write("old", last_reviewed="2024-01-01", next_review="2025-01-01")
    messages = check_articles()
    errors = [m for m in messages if m.id == "articles.E001"]
    warnings = [m for m in messages if m.id == "articles.W001"]
    assert [m.msg.split(":")[0:2] for m in errors] == [["content/odd-topic.md", " category"]]
    assert len(warnings) == 1 and "content/old.md: next_review" in warnings[0].msg


def test_manage_py_check_fails_on_broken_content(content):
    content.write("first-article", "See [x](missing.md).")
    with pytest.raises(SystemCheckError, match="first-article.md: body"):
        call_command("check")


def test_the_real_content_passes_the_check(settings):
    from django.conf import settings as live

    result = load(live.ARTICLES_CONTENT_DIR)
    assert [str(p) for p in result.problems if p.level == "error"] == []
    assert len(result.articles) >= 3


def test_an_faq_file_that_is_not_utf8_is_reported_not_raised(content):
    content.write("first-article")
    (content.root / "faq.yml").write_bytes(b"- question: caf\xe9\n  answer: x\n")
    assert ("faq.yml", "file", "error") in problems_of(content)
