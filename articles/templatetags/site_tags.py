import json

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles.library import get_content

register = template.Library()

# Same escapes as Django's json_script: the JSON can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """Render a dict as the body of a <script type="application/ld+json"> block."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@register.simple_tag
def article_url(english_slug: str) -> str:
    """The URL of an article named by its English slug, in the page's language: its translation
    where it has one, else the English article itself (for a page that names an article)."""
    content = get_content()
    english = content.library("en").get(english_slug)
    if english is None:
        return reverse("articles:detail", args=[english_slug])  # as {% url %} would
    translated = content.counterpart(english)
    if translated is not None and translated.language == content.library().language:
        return translated.get_absolute_url()
    return english.get_absolute_url()
