""" "Was this page helpful?" (public, anonymous) and the content review desk (staff admin)."""

import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from clinic_site import ratelimit
from clinic_site.client_ip import client_ip, counted_as
from reviews import content
from reviews.desk import clinic_today, desk_rows, state_totals
from reviews.feedback import feedback_record
from reviews.forms import FeedbackForm

DESK_PERMISSION = "reviews.view_review_desk"


# Why no CSRF token: the form is part of every article's finished page, the same bytes for all
# readers (kept by the page cache, nginx and CDNs), so it cannot carry a per-visitor token, and
# a token would need a cookie the site never sets for readers. What CSRF protects against does
# not apply here: the answer is anonymous, tied to no session or account, changes nothing but a
# count, and anyone could send it directly anyway. What is left, another site making its
# visitors' browsers vote, is refused by checking Origin (or Referer) below; direct floods are
# bounded by the rate limit.
@csrf_exempt
@never_cache
def feedback(request, slug):
    if request.method != "POST":
        return _refuse(
            request,
            405,
            gettext("This address only takes answers sent from the form at the end of an article."),
            page=content.article(slug),
        )
    if not _from_this_site(request):
        return _refuse(
            request, 403, gettext("Answers can only be sent from the article on this site.")
        )
    page = content.article(slug)
    if page is None:
        raise Http404("No such article")
    counted = ratelimit.hit(
        counted_as(client_ip(request)), scope="feedback", rate=settings.FEEDBACK_RATE_LIMIT
    )
    if not counted.allowed:
        minutes = max(1, math.ceil(counted.retry_after / 60))
        response = _refuse(
            request,
            429,
            ngettext(
                "We received many answers from your connection in a short time, so this one was "
                "not counted. You can answer again in %(minutes)d minute.",
                "We received many answers from your connection in a short time, so this one was "
                "not counted. You can answer again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            page=page,
        )
        response["Retry-After"] = str(counted.retry_after)
        return response
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        return _refuse(request, 400, " ".join(dict.fromkeys(problems)), page=page)
    # A bot (it filled the hidden field) gets the same thanks as a person, and is not counted.
    if not form.honeypot_filled:
        feedback_record(
            slug=page.slug, helpful=form.helpful_value, reason=form.cleaned_data["reason"]
        )
    # POST → redirect → GET: back to the same place in the same (cached) article.
    return HttpResponseRedirect(page.url + "#feedback-thanks", status=303)


def _from_this_site(request) -> bool:
    """Browsers send Origin with every POST; older ones send Referer (same-origin policy)."""
    own = f"{request.scheme}://{request.get_host()}"
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin == own
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    return f"{referer.scheme}://{referer.netloc}" == own


def _refuse(request, status: int, message: str, *, page=None):
    context = {"status": status, "message": message, "page": page}
    response = render(request, "reviews/feedback_refused.html", context, status=status)
    if status == 405:
        response["Allow"] = "POST"
    return response


def review_desk(request):
    if not request.user.has_perm(DESK_PERMISSION):
        raise PermissionDenied
    today = clinic_today()
    rows = desk_rows(today)
    context = {
        **admin.site.each_context(request),
        "title": "Content review desk",
        "today": today,
        "rows": rows,
        "totals": state_totals(rows),
    }
    return TemplateResponse(request, "admin/reviews/desk.html", context)
