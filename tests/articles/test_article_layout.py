"""An article page opens with its first section ("In short"); the contents list the rest."""

from types import SimpleNamespace

import pytest
from pytest_django.asserts import assertContains

from articles.rendering import render_markdown
from articles.templatetags.article_layout import article_layout

BODY = """\
## In short

- The main points [@1].

!!! help "When to get help"
    Call or text 9-8-8.

## What it is

Text.

### A detail

More text.

## What happens next

Last text.
"""


def layout_of(markdown_text):
    rendered = render_markdown(markdown_text)
    return article_layout(SimpleNamespace(html=rendered.html, toc=rendered.toc))


def test_it_splits_the_article_after_its_first_section():
    layout = layout_of(BODY)
    assert layout.opening.lstrip().startswith('<h2 id="in-short">')
    assert "When to get help" in layout.opening and "What it is" not in layout.opening
    assert layout.rest.startswith('<h2 id="what-it-is">')
    assert layout.opening + layout.rest == render_markdown(BODY).html


def test_the_contents_leave_out_the_opening_section():
    assert [entry.id for entry in layout_of(BODY).contents] == ["what-it-is", "what-happens-next"]


@pytest.mark.parametrize(
    "text",
    [
        "Plain text first.\n\n## One\n\nText.\n\n## Two\n\nText.\n",  # does not open with a section
        "## Only one section\n\nText.\n",
        "",
    ],
    ids=["text-before-the-first-heading", "a-single-section", "empty"],
)
def test_an_article_that_does_not_open_with_a_section_is_left_whole(text):
    rendered = render_markdown(text)
    layout = layout_of(text)
    assert layout.opening == ""
    assert layout.rest == rendered.html
    assert layout.contents == rendered.toc


def test_it_never_cuts_inside_a_callout():
    text = '## In short\n\nText.\n\n!!! note "A note"\n    Inside.\n\n    ## A heading in the note\n\n## Next\n'
    rendered = render_markdown(text)
    layout = layout_of(text)
    assert layout.rest == rendered.html and layout.opening == ""


@pytest.mark.django_db
def test_an_article_page_shows_the_summary_and_in_short_then_contents_then_the_review_at_the_foot(
    client, content
):
    content.write("layout-article", BODY, title="Layout article", last_reviewed="2026-11-01")
    content.write_guides("layout-article")
    response = client.get("/articles/layout-article/")
    html = response.content.decode()
    html = html[html.index("<main") :]
    order = [
        "<h1>Layout article</h1>",
        "A short summary of the article.",
        'id="in-short"',
        '<nav class="toc" aria-label="Contents">',
        'id="what-it-is"',
        'id="references"',
        "Last reviewed",
        "Next review due",
        "Reviewed by",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions), dict(zip(order, positions, strict=True))
    contents = html[
        html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))
    ]
    assert "<details>" in contents and "<details open" not in contents
    assert 'href="#what-it-is"' in contents and 'href="#what-happens-next"' in contents
    assert 'href="#a-detail"' not in contents, "only top-level headings"
    assert 'href="#in-short"' not in contents, "the opening section is above the contents"
    assertContains(response, '"lastReviewed": "2026-11-01"')
