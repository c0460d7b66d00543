"""Finished HTML cut into what search shows: sections (a heading and the id it links to), each a
list of passages (a paragraph, a list item, a table row).

A table row reads "Header: cell; Header: cell", so a snippet from it makes sense on its own. In a
table with a "Myth" column, and in a section whose heading quotes a claim under a heading about
myths ("Myths about addiction" › "“Ketamine is highly addictive”"), the passage carries the myth,
so the results page can say it is one.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCKS = {"p", "li", "dt", "dd", "tr", "caption", "pre", "blockquote", "td", "th", "div", "ul",
          "ol", "dl", "table", "section", "article", "aside", "figure", "figcaption"}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
SKIPPED_TAGS = {"nav", "script", "style", "template", "form", "svg", "button", "noscript"}
SKIPPED_CLASSES = {"cite", "visually-hidden", "skip-link"}
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
QUOTES = "\"“‘'«"


@dataclass(frozen=True)
class Passage:
    text: str
    myth: str = ""  # the claim, when this passage answers a myth


@dataclass
class Section:
    anchor: str  # the heading's id ("" for text before the first heading with one)
    heading: str
    passages: list[Passage] = field(default_factory=list)
    myth: bool = False


class _Sectioner(HTMLParser):
    def __init__(self, *, main_only: bool):
        super().__init__(convert_charrefs=True)
        self.collecting = not main_only
        self.main_only = main_only
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skipping = 0
        self.sections = [Section("", "")]
        self.text: list[str] = []
        self.heading: tuple[str, str] | None = None  # (tag, id) of the heading being read
        self.h1, self.h2, self.description = "", "", ""
        self.headers: list[str] = []
        self.cells: list[tuple[bool, str]] | None = None  # the row being read
        self.cell_is_header = False

    # -- structure ---------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.description = " ".join((attrs.get("content") or "").split())
        if tag == "main":
            self.collecting = True
        if tag in VOID:
            if tag == "br":
                self.text.append(" ")
            return
        classes = set((attrs.get("class") or "").split())
        skipped = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES) or "hidden" in attrs
        self.stack.append((tag, skipped))
        self.skipping += skipped
        if self.skipping or not self.collecting:
            return
        if tag in HEADINGS:
            self._flush()
            self.heading = (tag, attrs.get("id") or "")
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.text = []
            self.cell_is_header = tag == "th"
        elif tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            self.skipping -= skipped
            if skipped or self.skipping or not self.collecting:
                if open_tag == tag:
                    break
                continue
            self._close(open_tag)
            if open_tag == tag:
                break
        if tag == "main" and self.main_only:
            self._flush()
            self.collecting = False

    def handle_data(self, data):
        if self.collecting and not self.skipping:
            self.text.append(data)

    def _close(self, tag):
        if tag in HEADINGS and self.heading:
            self._start_section(tag, self.heading[1], self._take())
            self.heading = None
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append((self.cell_is_header, self._take()))
        elif tag == "tr":
            self._end_row()
        elif tag in BLOCKS:
            self._flush()

    # -- text --------------------------------------------------------------------------------
    def _take(self) -> str:
        text = " ".join("".join(self.text).split())
        self.text = []
        return SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)  # where a citation was left out

    def _flush(self):
        # A heading's text and a table row's cells are kept whole, whatever blocks they hold.
        if self.heading is not None or self.cells is not None:
            return
        text = self._take()
        if text:
            section = self.sections[-1]
            section.passages.append(Passage(text, section.heading if section.myth else ""))

    def _end_row(self):
        cells, self.cells = self.cells or [], None
        if cells and all(is_header for is_header, _ in cells):
            self.headers = [text for _, text in cells]
            return
        labels = self.headers + [""] * (len(cells) - len(self.headers))
        myth, parts = "", []
        for label, (_, text) in zip(labels, cells, strict=False):
            if label.lower().rstrip("s") == "myth":
                myth = text
            elif text:
                parts.append(f"{label}: {text}" if label else text)
        section = self.sections[-1]
        if parts or myth:
            myth = myth or (section.heading if section.myth else "")
            section.passages.append(Passage("; ".join(parts) or myth, myth))

    def _start_section(self, tag: str, anchor: str, heading: str):
        if tag == "h1":
            self.h1 = self.h1 or heading
            return
        if tag == "h2":
            self.h2 = heading
        self.headers = []
        quoted = heading[:1] in QUOTES
        myth = tag != "h2" and quoted and "myth" in self.h2.lower()
        self.sections.append(Section(anchor, heading, myth=myth))


@dataclass(frozen=True)
class Sections:
    title: str  # the page's <h1>
    description: str  # its meta description
    sections: tuple[Section, ...]


def sections_of(html: str, *, main_only: bool = False) -> Sections:
    """The sections of `html` (of its <main> only, for a whole page) that hold any text."""
    parser = _Sectioner(main_only=main_only)
    parser.feed(html)
    parser.close()
    parser._flush()
    kept = tuple(s for s in parser.sections if s.passages or s.heading)
    return Sections(parser.h1, parser.description, kept)
