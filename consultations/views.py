"""The patient's side: the form, the confirmation page, and their request's own page.

Every answer under /consultations/ is sent `no-store` by clinic_site.middleware.private_pages,
so neither the browser nor a proxy keeps what a person typed.
"""

import math
import re

from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from clinic_site import ratelimit
from clinic_site.client_ip import client_ip, counted_as
from consultations import formtoken, links, services, spam
from consultations.choices import ContactMethod, Status
from consultations.forms import ConsultationRequestForm
from consultations.models import ConsultationRequest
from consultations.urgency import Risk

# The session holds only the id of the request just sent, and whether its confirmation has been
# shown: the reference appears once, so a shared computer does not show it to the next person.
SESSION_KEY = "consultations:sent"


@sensitive_post_parameters()  # no error report may ever include what the patient wrote
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
    verdict = spam.judge(
        token=token,
        honeypot_filled=form.honeypot_filled,
        message=form.cleaned_data["message"],
        min_seconds=settings.CONSULTATION_MIN_FILL_SECONDS,
    )
    if verdict.ask_again:
        return _render_form(request, _again(request, spam.token_problem(token)))
    client = counted_as(client_ip(request))
    try:
        consultation_request = services.consultation_request_create(
            answers=form.instance,
            consent=form.cleaned_data["consent"],
            submission_token=token.nonce,
            spam_reason=verdict.spam_reason,
            admit=lambda: ratelimit.hit(
                client, scope="consultation", rate=settings.CONSULTATION_RATE_LIMIT
            ),
        )
    except services.OverLimit as over:
        response = _render_form(request, _again(request, _over_limit(over.retry_after)), 429)
        response["Retry-After"] = str(over.retry_after)
        return response
    except ValidationError as error:  # the model disagreeing with the form: explain, don't crash
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _render_form(request, form)
    # Bots are told exactly what people are told, so they learn nothing from the answer.
    request.session[SESSION_KEY] = {"id": consultation_request.pk, "shown": False}
    return redirect("consultations:received")


@require_GET
def request_received(request):
    sent = request.session.get(SESSION_KEY)
    if not isinstance(sent, dict):
        return redirect("consultations:request")
    if sent.get("shown"):
        return render(request, "consultations/request_received_before.html")
    request.session[SESSION_KEY] = {**sent, "shown": True}
    consultation_request = ConsultationRequest.objects.filter(pk=sent.get("id")).first()
    if consultation_request is None:
        return render(request, "consultations/request_received_before.html")
    context = {
        "reference": consultation_request.reference,
        "at_risk": consultation_request.risk != Risk.NONE,
        "by_phone": consultation_request.contact_method == ContactMethod.PHONE,
        "reply_time": settings.CONSULTATION_REPLY_TIME,
    }
    return render(request, "consultations/request_received.html", context)


def _your_request(token: str) -> ConsultationRequest:
    request_id = links.request_id(token)
    if request_id is None:
        raise Http404("This link has expired or is not one of ours.")
    return get_object_or_404(ConsultationRequest.objects.exclude(status=Status.SPAM), pk=request_id)


@require_GET
def your_request(request, token: str):
    consultation_request = _your_request(token)
    context = {"item": consultation_request, "token": token}
    return render(request, "consultations/your_request.html", context)


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    consultation_request = _your_request(token)
    if consultation_request.status == Status.WITHDRAWN:
        return redirect("consultations:your_request", token=token)
    if request.method == "POST":
        services.consultation_request_withdraw(consultation_request=consultation_request)
        return redirect("consultations:your_request", token=token)
    context = {"item": consultation_request, "token": token}
    return render(request, "consultations/withdraw.html", context)


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


def _again(request, problem: str) -> ConsultationRequestForm:
    """The form as the person sent it, with a fresh token and a message saying why it is back."""
    data = request.POST.copy()
    data["form_token"] = formtoken.issue()
    form = ConsultationRequestForm(data)
    form.is_valid()
    form.add_error(None, problem)
    return form


def _over_limit(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return (
        f"We have received several requests from your internet connection in a short time, so "
        f"this one was not sent. Everything you typed is still here: try again in about "
        f"{minutes} minute{'s' if minutes != 1 else ''}, or call us at {settings.CLINIC_PHONE} "
        f"and we will take your request by phone."
    )


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


def _render_form(request, form, status: int = 200):
    context = {"form": form, "reply_time": settings.CONSULTATION_REPLY_TIME}
    return render(request, "consultations/request_form.html", context, status=status)
