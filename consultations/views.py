"""The patient's side: the form, the confirmation page, and a polite 429 over the limit.

Every answer under /consultations/ is sent `no-store` by clinic_site.middleware.private_pages,
so neither the browser nor a proxy keeps what a person typed.
"""

import re

from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from consultations import formtoken, ratelimit, services
from consultations.choices import ContactMethod, SpamReason
from consultations.forms import ConsultationRequestForm
from consultations.models import ConsultationRequest

# The session holds only the id of the request just sent, for the confirmation page.
SESSION_KEY = "consultations:request_id"


@require_http_methods(["GET", "POST"])
def request_form(request):
    if request.method != "POST":
        return _blank_form(request)

    if not _sent_as_utf8(request):
        raise BadRequest("The form data is not UTF-8 text.")
    form = ConsultationRequestForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form)
    token = formtoken.check(form.cleaned_data["form_token"])
    if sent_before := ConsultationRequest.objects.for_submission_token(token.nonce).first():
        return _confirm(request, sent_before)  # double click, reload or Back then send again
    verdict = ratelimit.hit(request, scope="consultation", rate=settings.CONSULTATION_RATE_LIMIT)
    if not verdict.allowed:
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    try:
        consultation_request = services.consultation_request_create(
            **form.request_data(),
            submission_token=token.nonce,
            spam_reason=_spam_reason(form, token),
        )
    except ValidationError as error:  # the model disagreeing with the form: explain, don't crash
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _render_form(request, form)
    return _confirm(request, consultation_request)


@require_GET
def request_received(request):
    request_id = request.session.get(SESSION_KEY)
    consultation_request = (
        ConsultationRequest.objects.filter(pk=request_id).first() if request_id else None
    )
    if consultation_request is None:
        return redirect("consultations:request")
    context = {
        "reference": consultation_request.reference,
        "is_urgent": consultation_request.is_urgent,
        "by_phone": consultation_request.contact_method == ContactMethod.PHONE,
        "reply_time": settings.CONSULTATION_REPLY_TIME,
    }
    return render(request, "consultations/request_received.html", context)


def _sent_as_utf8(request) -> bool:
    """Is a URL-encoded body UTF-8 (the only encoding Django accepts for one)?

    When it is not, Django reads the whole body as Latin-1 instead, which would store every
    accented letter in it as something else. Browsers never send such a body. Unreadable bytes
    elsewhere (percent-encoded, or in a multipart body) arrive as U+FFFD, which the form refuses.
    """
    if request.content_type != "application/x-www-form-urlencoded":
        return True
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# The empty form is the same page for everyone but for two hidden values, so it is rendered once
# per host and then served with a fresh CSRF token and form token spliced in.
_blank_pages: dict[tuple[str, str], tuple[str, str, str]] = {}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@receiver(setting_changed)
def _forget_blank_pages(**kwargs):
    _blank_pages.clear()  # the page quotes settings (reply time, clinic name)


def _blank_form(request):
    key = (request.scheme, request.get_host())
    pieces = _blank_pages.get(key)
    if pieces is None or settings.DEBUG:
        token = formtoken.issue()
        response = _render_form(request, ConsultationRequestForm(initial={"form_token": token}))
        html = response.content.decode()
        csrf = CSRF_INPUT.findall(html)
        if len(csrf) == 1 and html.count(csrf[0]) == 1 and html.count(token) == 1:
            before, rest = html.split(csrf[0])
            middle, after = rest.split(token)
            if len(_blank_pages) < 100:
                _blank_pages[key] = (before, middle, after)
        return response
    before, middle, after = pieces
    html = before + get_token(request) + middle + formtoken.issue() + after
    return HttpResponse(html)


def _render_form(request, form):
    context = {"form": form, "reply_time": settings.CONSULTATION_REPLY_TIME}
    return render(request, "consultations/request_form.html", context)


def _spam_reason(form, token: formtoken.TokenCheck) -> str:
    if form.honeypot_filled:
        return SpamReason.HONEYPOT
    if not token.is_valid:
        return SpamReason.BAD_TOKEN
    # A negative time means server clocks disagree, not a bot: only our servers sign tokens.
    if (
        token.seconds_taken is not None
        and 0 <= token.seconds_taken < settings.CONSULTATION_MIN_FILL_SECONDS
    ):
        return SpamReason.TOO_FAST
    return ""


def _confirm(request, consultation_request):
    # Bots are told exactly what people are told, so they learn nothing from the answer.
    request.session[SESSION_KEY] = consultation_request.pk
    return redirect("consultations:received")
