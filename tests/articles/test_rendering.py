"""Markdown rendering: site features work, and nothing executable survives sanitizing."""

import pytest

from articles.rendering import plain_text, render_markdown

HOSTILE = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<form action="https://evil.example"><input name="x"></form>',
    "<object data='x'></object><embed src='x'>",
    '<div class="callout" onmouseover="alert(1)">x</div>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_executable_survives(hostile):
    html = render_markdown(f"Before.\n\n{hostile}\n\nAfter.").html.lower()
    for needle in ("<script", "javascript:", "onerror", "onclick", "onload", "onmouseover",
                   "<iframe", "<svg", "style=", "<form", "<input", "<object", "<embed", "data:"):  # fmt: skip
        assert needle not in html
    assert "before." in html and "after." in html


def test_headings_get_anchors_and_a_table_of_contents():
    rendered = render_markdown(
        "## Is it safe?\n\nText.\n\n### Blood pressure\n\nMore.\n\n## Cost & coverage\n"
    )
    assert '<h2 id="is-it-safe">' in rendered.html
    assert [(e.id, e.title) for e in rendered.toc] == [
        ("is-it-safe", "Is it safe?"),
        ("cost-coverage", "Cost & coverage"),
    ]
    assert rendered.toc[0].children[0].id == "blood-pressure"


def test_article_links_become_site_urls():
    rendered = render_markdown(
        "See [effects](side-effects.md) and [cost](cost-and-coverage-in-canada.md#public)."
    )
    assert 'href="/articles/side-effects/"' in rendered.html
    assert 'href="/articles/cost-and-coverage-in-canada/#public"' in rendered.html
    assert rendered.article_links == {"side-effects", "cost-and-coverage-in-canada"}


def test_citations_link_to_the_reference_list():
    rendered = render_markdown("A finding [@2] and two more [@1, 3].")
    assert 'href="#ref-2"' in rendered.html and 'href="#ref-3"' in rendered.html
    assert rendered.citations == {1, 2, 3}


def test_callouts_tables_and_footnotes_render():
    text = '!!! help "When to get help"\n    Call 9-8-8.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: Detail.\n'
    html = render_markdown(text).html
    assert '<div class="callout callout-help" role="note">' in html
    assert '<p class="callout-title">When to get help</p>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnote-ref"' in html


def test_prose_text_leaves_out_tables_and_ends_blocks_like_sentences():
    html = render_markdown("## A heading\n\n- one item\n\n| word |\n|---|\n| tablecell |\n").html
    prose = plain_text(html, tables=False)
    assert "tablecell" not in prose
    assert prose.splitlines() == ["A heading.", "one item."]


def test_line_breaks_inside_a_paragraph_do_not_end_sentences():
    html = render_markdown("This sentence is wrapped\nacross two lines [@1].\n\nNext.").html
    assert plain_text(html) == "This sentence is wrapped across two lines.\nNext."
