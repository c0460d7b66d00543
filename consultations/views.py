"""The patient's side: the form, the confirmation page, and their request's own page.

Every answer under /consultations/ is sent `no-store` by clinic_site.middleware.private_pages,
so neither the browser nor a proxy keeps what a person typed.
"""

import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from clinic_site import offer, ratelimit
from clinic_site.client_ip import client_ip, counted_as
from consultations import appointments, formtoken, links, sent_cookie, services, spam
from consultations.choices import ContactMethod, Status
from consultations.forms import ConsultationRequestForm
from consultations.intake_forms import IntakeForm
from consultations.models import ConsultationRequest
from consultations.referral_forms import ReferralForm
from consultations.urgency import Risk


@dataclass(frozen=True)
class Intake:
    """One of the two public forms: the patient's request, or a clinician's referral. Both go
    through the same checks (form token, honeypot, fill time, rate limit, risk words) and the
    same service; each has its own page, confirmation and rate-limit count."""

    form_class: type[IntakeForm]
    template: str
    received: str  # the URL name of its confirmation page
    form_url: str  # the URL name of the form itself
    rate_scope: str
    button: str  # what the send button says, for "press … again" (lazy: in the page's language)


REQUEST = Intake(
    ConsultationRequestForm,
    "consultations/request_form.html",
    "consultations:received",
    "consultations:request",
    "consultation",
    _("Send my request"),
)
REFERRAL = Intake(
    ReferralForm,
    "consultations/referral_form.html",
    "consultations:referral_received",
    "consultations:refer",
    "referral",
    _("Send the referral"),
)


@sensitive_post_parameters()  # no error report may ever include what the patient wrote
@require_http_methods(["GET", "POST"])
def request_form(request):
    return _intake(request, REQUEST)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def referral_form(request):
    return _intake(request, REFERRAL)


def _intake(request, intake: Intake):
    if request.method != "POST":
        return _blank_form(request, intake)

    if not _sent_as_utf8(request):
        raise BadRequest("The form data is not UTF-8 text.")
    form = intake.form_class(request.POST)
    if not form.is_valid():
        return _render_form(request, intake, form)
    token = formtoken.check(form.cleaned_data["form_token"])
    verdict = spam.judge(
        token=token,
        honeypot_filled=form.honeypot_filled,
        message=form.cleaned_data["message"],
        min_seconds=settings.CONSULTATION_MIN_FILL_SECONDS,
        about_someone_else=intake is REFERRAL,
    )
    if verdict.ask_again:
        problem = spam.token_problem(token, button=intake.button)
        return _render_form(request, intake, _again(request, intake, problem))
    # The language of the page it was sent from (the URL's): the patient's emails are in it.
    form.instance.language = translation.get_language()
    client = counted_as(client_ip(request))
    try:
        consultation_request = services.consultation_request_create(
            answers=form.instance,
            consent=form.cleaned_data["consent"],
            submission_token=token.nonce,
            spam_reason=verdict.spam_reason,
            admit=lambda: ratelimit.hit(
                client, scope=intake.rate_scope, rate=settings.CONSULTATION_RATE_LIMIT
            ),
        )
    except services.OverLimit as over:
        again = _again(request, intake, _over_limit(over.retry_after))
        response = _render_form(request, intake, again, 429)
        response["Retry-After"] = str(over.retry_after)
        return response
    except ValidationError as error:  # the model disagreeing with the form: explain, don't crash
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _render_form(request, intake, form)
    # Bots are told exactly what people are told, so they learn nothing from the answer.
    response = redirect(intake.received)
    sent_cookie.remember(response, consultation_request.pk, shown=False)
    return response


@require_GET
def request_received(request):
    return _received(request, REQUEST)


@require_GET
def referral_received(request):
    return _received(request, REFERRAL)


def _received(request, intake: Intake):
    sent = sent_cookie.recall(request)
    if sent is None:
        return redirect(intake.form_url)
    before = "consultations/request_received_before.html"
    if sent.get("shown"):
        return render(request, before)
    consultation_request = ConsultationRequest.objects.filter(pk=sent["id"]).first()
    if consultation_request is None:
        return render(request, before)
    profile = offer.current()
    context = {
        "reference": consultation_request.reference,
        "at_risk": consultation_request.risk != Risk.NONE,
        "by_phone": consultation_request.contact_method == ContactMethod.PHONE,
        "voicemail_ok": consultation_request.voicemail_ok,
        # A request with risk words is called back the same day: never promise it two days.
        "reply_promise": offer.reply_promise(profile),
        "urgent_promise": offer.urgent_promise(profile),
        "hours": offer.opening_hours(profile),
    }
    template = "referral" if consultation_request.is_referral else "request"
    response = render(request, f"consultations/{template}_received.html", context)
    sent_cookie.remember(response, consultation_request.pk, shown=True)
    return response


def your_request_from(token: str) -> ConsultationRequest:
    """The request a patient's signed link opens; 404 for a bad or expired link."""
    request_id = links.request_id(token)
    if request_id is None:
        raise Http404(gettext("This link has expired or is not one of ours."))
    return get_object_or_404(ConsultationRequest.objects.exclude(status=Status.SPAM), pk=request_id)


@require_GET
def your_request(request, token: str):
    consultation_request = your_request_from(token)
    appointment = appointments.current(consultation_request)
    context = {
        "item": consultation_request,
        "token": token,
        "appointment": appointment,
        "appointment_ahead": appointment is not None and appointment.starts_at > timezone.now(),
    }
    return render(request, "consultations/your_request.html", context)


@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    consultation_request = your_request_from(token)
    if consultation_request.status == Status.WITHDRAWN:
        return redirect("consultations:your_request", token=token)
    if request.method == "POST":
        services.consultation_request_withdraw(consultation_request=consultation_request)
        return redirect("consultations:your_request", token=token)
    context = {
        "item": consultation_request,
        "token": token,
        "appointment": appointments.upcoming(consultation_request),
    }
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


def _again(request, intake: Intake, problem: str) -> IntakeForm:
    """The form as the person sent it, with a fresh token and a message saying why it is back."""
    data = request.POST.copy()
    data["form_token"] = formtoken.issue()
    form = intake.form_class(data)
    form.is_valid()
    form.add_error(None, problem)
    return form


def _over_limit(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return ngettext(
        "We have received several requests from your internet connection in a short time, so "
        "this one was not sent. Everything you typed is still here: try again in about "
        "%(minutes)d minute, or call us at %(phone)s and we will take your request by phone.",
        "We have received several requests from your internet connection in a short time, so "
        "this one was not sent. Everything you typed is still here: try again in about "
        "%(minutes)d minutes, or call us at %(phone)s and we will take your request by phone.",
        minutes,
    ) % {"minutes": minutes, "phone": settings.CLINIC_PHONE}


# The empty form is the same page for everyone but for two hidden values, so it is rendered once
# per form, language and host with a stand-in for each, and served with a fresh CSRF token and
# form token put in their place. The stand-ins are random letters and digits: no escaping changes
# them and no text of the page can hold them by chance, so finding them needs no reading of the
# HTML.
CSRF_SLOT = "csrf" + secrets.token_hex(16)
TOKEN_SLOT = "formtoken" + secrets.token_hex(16)
_blank_pages: dict[tuple[str, str, str, str], tuple[str, ...]] = {}


@receiver(setting_changed)
def _forget_blank_pages(**kwargs):
    _blank_pages.clear()  # the page quotes settings (clinic name) and the clinic profile


def _blank_pieces(request, intake: Intake) -> tuple[str, ...] | None:
    """The blank page cut at its two stand-ins, or None if either is not there exactly once."""
    blank = intake.form_class(initial={"form_token": TOKEN_SLOT})
    context = {"form": blank, "reply_promise": offer.reply_promise()}
    html = render_to_string(intake.template, {**context, "csrf_token": CSRF_SLOT}, request)
    if html.count(CSRF_SLOT) != 1 or html.count(TOKEN_SLOT) != 1:
        return None
    first, second = sorted((CSRF_SLOT, TOKEN_SLOT), key=html.index)
    before, rest = html.split(first)
    middle, after = rest.split(second)
    return before, first, middle, second, after


def _blank_form(request, intake: Intake):
    key = (intake.template, translation.get_language(), request.scheme, request.get_host())
    pieces = _blank_pages.get(key)
    if pieces is None or settings.DEBUG:
        pieces = _blank_pieces(request, intake)
        if pieces is None:  # a template that lost its token: render it in full every time
            blank = intake.form_class(initial={"form_token": formtoken.issue()})
            return _render_form(request, intake, blank)
        if len(_blank_pages) < 100 and not settings.DEBUG:
            _blank_pages[key] = pieces
    values = {CSRF_SLOT: get_token(request), TOKEN_SLOT: formtoken.issue()}
    return HttpResponse("".join(values.get(piece, piece) for piece in pieces))


def _render_form(request, intake: Intake, form, status: int = 200):
    context = {"form": form, "reply_promise": offer.reply_promise()}
    return render(request, intake.template, context, status=status)
