"""The same page in each language: for the language switcher, the hreflang links and the sitemap.

A page that exists in both languages under the same URL names (every page but an article) is
the URL the request resolved to, reversed in each language. An article's French slug differs
from its English one, so its view sets `request.alternates` itself, naming only the languages
it is published in.
"""

from django.conf import settings
from django.urls import NoReverseMatch

from clinic_site.locales import current, locale, reverse_in


def alternates(request) -> dict[str, str]:
    """The path of this page in each language it exists in, by language code."""
    chosen = getattr(request, "alternates", None)
    if chosen is not None:
        return dict(chosen)
    match = request.resolver_match
    if match is None:
        return {}  # a path no URL answers (a 404): no page in any language
    found = {}
    for code, _ in settings.LANGUAGES:
        try:
            found[code] = reverse_in(code, match.view_name, *match.args, **match.kwargs)
        except NoReverseMatch:
            found[code] = request.path  # as translate_url does
    return found


def language_links(request) -> dict:
    """Context for base.html: hreflang alternates, and the switcher to each other language."""
    active = current()
    found = alternates(request)
    switch = []
    for code, name in settings.LANGUAGES:
        if code == active:
            continue
        # No such page in that language (an article not translated, a 404): its home page.
        url = found.get(code) or reverse_in(code, "home")
        switch.append({"code": code, "locale": locale(code), "name": name, "url": url,
                       "same_page": code in found})  # fmt: skip
    hreflang = [
        {"locale": locale(code), "url": request.build_absolute_uri(path)}
        for code, path in found.items()
    ]
    if settings.LANGUAGE_CODE in found and len(found) > 1:
        default = request.build_absolute_uri(found[settings.LANGUAGE_CODE])
        hreflang.append({"locale": "x-default", "url": default})
    return {"locale": locale(active), "hreflang": hreflang, "switch_language": switch}
