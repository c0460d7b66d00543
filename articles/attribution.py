"""A sentence that credits a finding to a source cites that source in the same sentence.

A reader should be able to trace "a trial found…" or "Health Canada approved…" to a numbered
reference without guessing which nearby citation backs it. A sentence attributes a finding when:

- it names a source outright (a trial, agency or document by name, such as SUSTAIN-1, CANMAT or
  the label): naming one is already a claim about what it says or did;
- a generic source ("a review", "the task force", "researchers") is followed closely, in the
  same clause, by a reporting verb ("found", "recommended"), or comes just after a passive one
  ("shown in trials");
- it opens by placing a result in a study ("In one trial, …") or says "according to".

Questions are not findings. Headings and table headers label a section rather than claim
something, so they are left out, and the title of a linked article ("what the research shows")
does not count as a generic source.
"""

import functools
import html
import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

# How a citation looks in rendered HTML (see articles.rendering.CitationProcessor).
CITATION = r'<sup class="cite">.*?</sup>'


@functools.cache
def articles_prefix() -> str:
    """A pattern for where an article's URL starts in any language ("/articles/",
    "/fr/articles/"), as the URLconf says: the same whichever language is active."""
    prefixes = []
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            url = reverse("articles:detail", kwargs={"slug": "x"}).removesuffix("x/")
        prefixes.append(re.escape(url))
    return "(?:" + "|".join(prefixes) + ")"


def faq_citation() -> str:
    """The FAQ has no reference list of its own: an answer cites a source by linking to the
    article whose references back the claim."""
    return CITATION + rf'|<a href="{articles_prefix()}[^"]*"[^>]*>.*?</a>'


@functools.cache
def _article_link() -> re.Pattern:
    prefix = articles_prefix()
    return re.compile(rf'(<a href="{prefix}[^"]*"[^>]*>)(.*?)(</a>)', re.S)


NAMED_SOURCE = re.compile(
    r"\b(?:FDA|Food and Drug Administration|Health Canada|CADTH|Canada[’']s Drug Agency"
    r"|CDA-AMC|CANMAT|Canadian Network for Mood and Anxiety Treatments|ELEKT-D|SUSTAIN-1"
    r"|ESCAPE-TRD|prescribing information|product monograph)\b"
    r"|(?<!-)\blabel\b",  # the drug's label, but not "off-label"
    re.IGNORECASE,
)
SOURCE = (
    r"(?:stud(?:y|ies)|trials?|reviews?|meta-analys[ie]s|analys[ie]s|guidelines?|task forces?"
    r"|agenc(?:y|ies)|regulators?|research|researchers|investigations?|surveys?|experts?)"
)
VERB = (
    r"(?:f(?:ou|i)nds?|found|show(?:s|ed|n)?|report(?:s|ed)?|recommend(?:s|ed)?|approv(?:e|es|ed)"
    r"|rat(?:es|ed)|conclud(?:e|es|ed)|suggest(?:s|ed)?|not(?:es|ed)|advis(?:e|es|ed)|says?|said"
    r"|judg(?:e|es|ed)|estimat(?:e|es|ed)|warn(?:s|ed)?|urg(?:e|es|ed)|pooled|agree[sd]?"
    r"|placed|linked|looked (?:\w+ )?at|tested|compared|included|gave"
    # "the group called it third-line", but not the naming in "is called" or ", called ELEKT-D"
    r"|(?<!is )(?<!are )(?<!was )(?<!were )(?<!be )(?<!been )(?<!also )(?<!, )called)"
)
# At most 80 characters (about a dozen words) within one clause: no semicolon, colon or joining
# word in between.
_SAME_CLAUSE = r"(?:(?![;:]|\s(?:and|but|or|so|because|while|although|though)\s).){0,80}?"
GENERIC_ATTRIBUTION = re.compile(
    rf"\b{SOURCE}\b{_SAME_CLAUSE}\b{VERB}\b"
    rf"|\b{VERB}\s+(?:in|by)\s+(?:[\w’'-]+\s+){{0,4}}?{SOURCE}\b",
    re.IGNORECASE,
)
SETTING_ATTRIBUTION = re.compile(
    rf"^(?:in|from|across)\s+(?:[\w’'-]+\s+){{0,5}}?{SOURCE}\b[^,]*,|\baccording to\b",
    re.IGNORECASE,
)

_MARK = "\x00"  # a citation, once the HTML is reduced to text
_TITLE_START, _TITLE_END = "\x01", "\x02"  # around the text of a link to another article
_LEFT_OUT = re.compile(r"<(h[1-6]|thead)\b[^>]*>.*?</\1>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)
_BLOCK = re.compile(r"</?(?:p|li|ul|ol|div|td|th|tr|dt|dd|blockquote|br|table|tbody)\b[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]*\s+(?=[“\"(*]?[A-Z0-9])")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _row(row: str) -> str:
    """A row with a cell that holds only a citation (a "Source" column) is cited as a whole."""
    cells = _CELL.findall(row)
    if any(_MARK in cell and not _text(cell).strip(_MARK + " ,") for cell in cells):
        return ""
    return "\n".join(cells)


def _sentences(safe_html: str, cited: re.Pattern):
    marked = cited.sub(_MARK, " ".join(safe_html.split()))
    marked = _LEFT_OUT.sub("\n", marked)
    marked = _article_link().sub(rf"\1{_TITLE_START}\2{_TITLE_END}\3", marked)
    marked = _ROW.sub(lambda row: f"\n{_row(row.group(1))}\n", marked)
    for line in _BLOCK.sub("\n", marked).split("\n"):
        if line := _text(line):
            yield from _SENTENCE_END.split(line)


def uncited_attributions(safe_html: str, *, cited: str = CITATION) -> list[str]:
    """The sentences of rendered HTML that credit a finding to a source but cite nothing.

    `cited` is the pattern that counts as a citation: by default the article's `[@n]` markers.
    """
    found = []
    for sentence in _sentences(safe_html, re.compile(cited, re.S)):
        text = re.sub(f"[{_TITLE_START}{_TITLE_END}]", "", sentence)
        if _MARK in text or text.rstrip('”"’) ').endswith("?"):
            continue
        # A linked article's title ("what the research shows") is not a claim; a name still is.
        claim = re.sub(f"{_TITLE_START}.*?{_TITLE_END}", "", sentence)
        if (
            NAMED_SOURCE.search(text)
            or GENERIC_ATTRIBUTION.search(claim)
            or SETTING_ATTRIBUTION.search(claim)
        ):
            found.append(text)
    return found
