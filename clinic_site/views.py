"""The site's own pages: home, our clinic, crisis resources, about, privacy, accessibility,
robots, errors."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from articles.library import get_content, get_library
from clinic_site import offer
from clinic_site.locales import of_path
from clinic_site.page_cache import rendered_once


# The home page quotes the profile too; it is read once per process (clinic_site/profile.py),
# so the library, which changes as often or more, stands for both.
@rendered_once(get_content, last_modified=lambda content: content.library().last_modified)
def home(request):
    context = {"topics": get_library().topics(), "profile": offer.current()}
    return render(request, "pages/home.html", context)


@rendered_once(offer.current)
def our_clinic(request):
    """Treatments, fees, process and team, from the clinic profile. Should the profile be
    unreadable (the system check says why), a short page with the phone number, never a 500,
    and with a status the page cache does not keep."""
    profile = offer.current()
    if profile is None:
        response = render(request, "pages/our_clinic_unavailable.html", status=503)
        response["Retry-After"] = "300"
        return response
    return render(request, "pages/our_clinic.html", {"profile": profile})


def page(template_name):
    """A view for a fixed page. Policy pages quote the settings they describe."""

    def view(request):
        context = {
            "privacy_version": settings.PRIVACY_NOTICE_VERSION,
            "retention_days": settings.CONSULTATION_RETENTION_DAYS,
            "stale_days": settings.CONSULTATION_STALE_DAYS + settings.CONSULTATION_STALE_GRACE_DAYS,
            "reply_promise": offer.reply_promise(),
        }
        return render(request, template_name, context)

    view.__name__ = template_name.replace("/", "_").removesuffix(".html")
    return rendered_once(get_content)(view)


@require_GET
def robots_txt(request):
    # Every patient's own page starts with this (the token follows it).
    lines = ["User-agent: *"]
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            own_pages = reverse("consultations:your_request", kwargs={"token": "-"})
            lines += [
                f"Disallow: {reverse('articles:search')}",
                # The form itself may be found by search engines; the confirmation pages and
                # the patients' own pages are personal.
                f"Disallow: {reverse('consultations:received')}",
                f"Disallow: {reverse('consultations:referral_received')}",
                f"Disallow: {own_pages.removesuffix('-/')}",
            ]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links to."""
    return redirect(static("img/favicon.ico"), permanent=True)


def server_error(request):
    """The 500 page, rendered without context processors or the database, which may be down.

    In the URL's language, named again here: the error may have come before (or from) the
    middleware that sets it, and a thread keeps the language its previous request left.
    """
    language = of_path(request.path_info)
    context = {"clinic": {"name": settings.CLINIC_NAME, "phone": settings.CLINIC_PHONE}}
    with translation.override(language):
        return HttpResponseServerError(loader.get_template("500.html").render(context))
