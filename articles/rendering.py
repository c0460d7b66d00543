"""The one function that turns article Markdown into safe HTML.

Markdown does not sanitize, so everything it produces goes through nh3 with an allow-list:
raw `<script>`, event-handler attributes and `javascript:` links never reach a page.
"""

import functools
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import nh3
from django.urls import reverse
from django.utils import translation
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

# `[text](other-article.md)` links to another article by slug (and works in a plain Markdown
# preview too); `[@3]` or `[@3, 8]` cites entries of the article's reference list.
ARTICLE_LINK = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[A-Za-z0-9_-]+)?$")
CITATION = r"\[@(\d{1,3}(?:\s*,\s*@?\d{1,3})*)\]"
CALLOUT_KINDS = {"help", "note", "caution"}

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "sup", "sub", "div", "span", "dl", "dt", "dd", "abbr", "mark",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "aria-label"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "sup": {"id"}, "li": {"id"}, "div": {"role"}, "abbr": {"title"},
    "th": {"scope"}, "td": set(),
}  # fmt: skip
ALLOWED_CLASSES = {
    "div": {"callout", "callout-help", "callout-note", "callout-caution", "footnote"},
    "p": {"callout-title"},
    "a": {"footnote-ref", "footnote-backref"},
    "sup": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class TocEntry:
    id: str
    title: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...]
    article_links: frozenset[str]
    site_links: frozenset[str]
    citations: frozenset[int]
    callout_kinds: frozenset[str]
    heading_levels: frozenset[int]


class CitationProcessor(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802 (Markdown's API)
        numbers = [int(n.strip().lstrip("@")) for n in match.group(1).split(",")]
        sup = etree.Element("sup", {"class": "cite"})
        sup.text = "["
        for index, number in enumerate(numbers):
            self.md.found_citations.add(number)
            link = etree.SubElement(
                sup, "a", {"href": f"#ref-{number}", "aria-label": f"Reference {number}"}
            )
            link.text = str(number)
            link.tail = ", " if index < len(numbers) - 1 else "]"
        return sup, match.start(0), match.end(0)


class SiteTreeprocessor(Treeprocessor):
    """Rewrites article links, records every internal link, and turns admonitions into callouts."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "a":
                self._link(element)
            elif element.tag == "div" and "admonition" in element.get("class", "").split():
                self._callout(element)
            elif re.fullmatch(r"h[1-6]", element.tag):
                self.md.found_headings.add(int(element.tag[1]))

    def _link(self, element):
        href = element.get("href", "")
        match = ARTICLE_LINK.match(href)
        if match:
            self.md.found_article_links.add(match.group(1))
            url = reverse("articles:detail", kwargs={"slug": match.group(1)})
            element.set("href", url + (match.group(2) or ""))
        elif href.startswith("/") and not href.startswith("//"):
            self.md.found_site_links.add(href.split("#")[0].split("?")[0])

    def _callout(self, element):
        kinds = [c for c in element.get("class", "").split() if c != "admonition"]
        kind = kinds[0] if kinds else "note"
        self.md.found_callouts.add(kind)
        element.set("class", f"callout callout-{kind}")
        element.set("role", "note")
        for child in element:
            if child.get("class") == "admonition-title":
                child.set("class", "callout-title")


class SiteExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        # Above links (160) so `[@3]` is never read as a link.
        md.inlinePatterns.register(CitationProcessor(CITATION, md), "citation", 175)
        md.treeprocessors.register(SiteTreeprocessor(md), "site", 5)


def _toc(tokens) -> tuple[TocEntry, ...]:
    return tuple(
        TocEntry(id=t["id"], title=html.unescape(t["name"]), children=_toc(t["children"]))
        for t in tokens
    )


def render_markdown(text: str) -> Rendered:
    """`text` rendered, its links to other articles pointing at them in the active language."""
    return _render(text, translation.get_language())


# The same text always renders the same way in one language, so each distinct text is rendered
# once: a reload in DEBUG renders only the files that changed, and the test suite renders the
# real content once. (`language` is in the key: an article link's URL depends on it.)
@functools.lru_cache(maxsize=512)
def _render(text: str, language: str | None) -> Rendered:
    md = markdown.Markdown(
        extensions=[
            "tables",
            "footnotes",
            "admonition",
            "toc",
            "sane_lists",
            "smarty",
            SiteExtension(),
        ],
        extension_configs={"toc": {"toc_depth": "2-3"}},
    )
    md.found_citations, md.found_article_links, md.found_site_links = set(), set(), set()
    md.found_callouts, md.found_headings = set(), set()
    raw_html = md.convert(text)
    safe_html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Rendered(
        html=safe_html,
        toc=_toc(md.toc_tokens),
        article_links=frozenset(md.found_article_links),
        site_links=frozenset(md.found_site_links),
        citations=frozenset(md.found_citations),
        callout_kinds=frozenset(md.found_callouts),
        heading_levels=frozenset(md.found_headings),
    )


BLOCK_TAGS = re.compile(r"<(?:h[1-6]|li|p|div|td|th|dt|dd|blockquote|br)\b[^>]*>")


def plain_text(safe_html: str, *, tables: bool = True) -> str:
    """Readable text of rendered HTML, one block per line, each block ending like a sentence.

    Readability formulas count sentences by their punctuation, so headings and list items get a
    full stop; tables are left out when measuring prose.
    """
    if not tables:
        safe_html = re.sub(r"<table\b.*?</table>", " ", safe_html, flags=re.S)
    safe_html = " ".join(safe_html.split())  # line breaks inside a paragraph are not sentence ends
    safe_html = re.sub(r'\s*<sup class="cite">.*?</sup>', "", safe_html, flags=re.S)
    safe_html = re.sub(r'<div class="footnote">.*?</div>', " ", safe_html, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", BLOCK_TAGS.sub("\n", safe_html)))
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line if line[-1] in ".!?:;" else line + "." for line in lines if line)
