"""The site's own pages: home, our clinic, crisis resources, about, privacy, accessibility,
robots, errors."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from articles.finished import rendered_once
from articles.library import get_library
from clinic_site import offer


@rendered_once(last_modified=lambda library: library.last_modified)
def home(request):
    context = {"topics": get_library().topics(), "profile": offer.current()}
    return render(request, "pages/home.html", context)


@rendered_once()
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
    return rendered_once()(view)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        # The form itself may be found by search engines; the confirmation page and the
        # patients' own pages are personal.
        "Disallow: /consultations/request/received/",
        "Disallow: /consultations/your-request/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links to."""
    return redirect(static("img/favicon.ico"), permanent=True)


def server_error(request):
    """The 500 page, rendered without context processors or the database, which may be down."""
    context = {"clinic": {"name": settings.CLINIC_NAME, "phone": settings.CLINIC_PHONE}}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
