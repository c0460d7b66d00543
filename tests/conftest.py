import textwrap
from pathlib import Path

import pytest
from django.test.signals import template_rendered

from articles.library import reset_library_cache


@pytest.fixture(autouse=True)
def fresh_library():
    """Each test sees the content its own settings point at."""
    reset_library_cache()
    yield
    reset_library_cache()


ARTICLE = """\
---
title: {title}
summary: {summary}
category: {category}
tags: [testing]
published: 2026-01-10
last_reviewed: {last_reviewed}
next_review: {next_review}
reviewed_by: Clinical team
references:
  - citation: "Example A (2020). A study. Journal 1:1-2."
  - citation: "Example B (2021). Another study. Journal 2:3-4."
    doi: 10.1000/example
{extra}---

{body}
"""


class ContentTree:
    """A temporary content folder that tests fill with articles, valid or broken."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, slug: str, body: str = "Some text about ketamine. [@1]", *, folder: str = "",
              raw: str | None = None, **fields) -> Path:  # fmt: skip
        values = {
            "title": f"Title of {slug}",
            "summary": "A short summary of the article.",
            "category": "safety-and-risks",
            "last_reviewed": "2026-11-01",
            "next_review": "2027-06-01",
            "extra": "",
            "body": textwrap.dedent(body),
        }
        values.update(fields)
        path = self.root / folder / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(raw if raw is not None else ARTICLE.format(**values), encoding="utf-8")
        return path

    def write_guides(self, article: str):
        (self.root / "faq.yml").write_text(
            f"- question: Is it safe?\n  answer: It depends.\n  article: {article}\n",
            encoding="utf-8",
        )
        (self.root / "glossary.yml").write_text(
            "- term: Dissociation\n  definition: Feeling detached.\n", encoding="utf-8"
        )


@pytest.fixture
def content(tmp_path, settings):
    settings.ARTICLES_CONTENT_DIR = tmp_path / "content"
    settings.ARTICLES_CONTENT_DIR.mkdir()
    tree = ContentTree(settings.ARTICLES_CONTENT_DIR)
    tree.write_guides("first-article")
    return tree


@pytest.fixture
def renders():
    """The names of the templates rendered during the test, in order."""
    seen = []

    def record(sender, template, **kwargs):
        seen.append(template.name)

    template_rendered.connect(record)
    yield seen
    template_rendered.disconnect(record)
