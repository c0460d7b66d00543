"""How an article page is laid out: its opening section ("In short") comes before the contents."""

import re
from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The article's HTML up to (not including) its second top-level heading, when it opens with one.
OPENING_SECTION = re.compile(r"\s*<h2\b.*?(?=<h2\b)", re.S)
# A heading inside a callout or a quote is not a place to cut: the cut must leave whole elements.
CONTAINERS = ("div", "blockquote", "ul", "ol", "table")


def _whole(html: str) -> bool:
    return all(len(re.findall(rf"<{tag}\b", html)) == html.count(f"</{tag}>") for tag in CONTAINERS)


@dataclass(frozen=True)
class ArticleLayout:
    opening: SafeString  # the first section, shown straight after the summary
    rest: SafeString  # everything after it
    contents: tuple  # the top-level headings of `rest`, for the contents list


@register.simple_tag
def article_layout(article) -> ArticleLayout:
    """Split the sanitized article HTML after its first section; the contents list the rest."""
    match = OPENING_SECTION.match(article.html)
    if not match or not article.toc or not _whole(match.group(0)):
        return ArticleLayout(mark_safe(""), mark_safe(article.html), tuple(article.toc))  # noqa: S308
    return ArticleLayout(
        opening=mark_safe(match.group(0)),  # noqa: S308 (slices of HTML sanitized by the loader)
        rest=mark_safe(article.html[match.end() :]),  # noqa: S308
        contents=tuple(article.toc[1:]),
    )
