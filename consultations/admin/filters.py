"""Sidebar filters for the staff list."""

import datetime as dt

from django.conf import settings
from django.contrib import admin
from django.utils import timezone, translation

from consultations import clinictime
from consultations.choices import HelpWanted, Source, Status
from consultations.models import Appointment
from consultations.urgency import Risk


class StatusFilter(admin.SimpleListFilter):
    """Open requests by default, so spam and finished ones stay out of the working queue.

    A search without a chosen status looks through everything: a patient calling about a closed
    request must still be found by their reference.
    """

    title = "status"
    parameter_name = "status"
    OPEN, ALL = "open", "all"

    def __init__(self, request, params, model, model_admin):
        self.searching = bool(request.GET.get("q"))
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, "Open (new, contacted, booked)"),
            *Status.choices,
            (self.ALL, "All, including spam"),
        ]

    def _effective(self) -> str:
        value = self.value()
        if value in Status.values or value in (self.OPEN, self.ALL):
            return value
        return self.ALL if self.searching else self.OPEN

    def choices(self, changelist):
        current = self._effective()
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self._effective()
        if value == self.OPEN:
            return queryset.open()
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)


class HelpWantedFilter(admin.SimpleListFilter):
    title = "help wanted"
    parameter_name = "help"

    def lookups(self, request, model_admin):
        return HelpWanted.choices

    def queryset(self, request, queryset):
        if self.value() in HelpWanted.values:
            return queryset.with_help_wanted(self.value())
        return queryset


class RiskFilter(admin.SimpleListFilter):
    title = "risk words"
    parameter_name = "risk"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [
            (Risk.URGENT, "Call back today"),
            (Risk.POSSIBLE, "Read today"),
            (self.NONE, "None"),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(risk=Risk.NONE)
        if self.value() in (Risk.URGENT, Risk.POSSIBLE):
            return queryset.filter(risk=self.value())
        return queryset


class StaleFilter(admin.SimpleListFilter):
    """Open requests nobody has touched for CONSULTATION_STALE_DAYS: they will be purged after
    the grace period unless someone acts."""

    title = "stale"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Stale (no activity for a long time)")]

    def queryset(self, request, queryset):
        return queryset.stale() if self.value() == "yes" else queryset


class AppointmentFilter(admin.SimpleListFilter):
    title = "appointment"
    parameter_name = "appointment"
    CHOICES = {
        "change_asked": "Patient asks to move or cancel it",
        "today": "Today (clinic time)",
        "upcoming": "Booked, still to come",
        "none": "None to come",
    }

    def lookups(self, request, model_admin):
        return list(self.CHOICES.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value not in self.CHOICES:
            return queryset
        if value == "change_asked":
            wanted = Appointment.objects.upcoming().change_asked()
        elif value == "today":
            today = clinictime.local(timezone.now()).date()
            start = dt.datetime.combine(today, dt.time.min, tzinfo=clinictime.zone())
            end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, start.tzinfo)
            wanted = Appointment.objects.active().filter(starts_at__gte=start, starts_at__lt=end)
        else:
            wanted = Appointment.objects.upcoming()
        ids = wanted.values("consultation_request")
        return queryset.exclude(pk__in=ids) if value == "none" else queryset.filter(pk__in=ids)


class LanguageFilter(admin.SimpleListFilter):
    """The language the patient used on our site (their emails are in it), named in English."""

    title = "patient's language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [
            (code, translation.get_language_info(code)["name"]) for code, _ in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(language=value) if value else queryset


class ReferralFilter(admin.SimpleListFilter):
    title = "referral"
    parameter_name = "referral"
    CHOICES = {
        "form": "Sent by a clinician (referral form)",
        "said": "Patient says a clinician refers them",
        "none": "Not referred",
    }

    def lookups(self, request, model_admin):
        return list(self.CHOICES.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value == "form":
            return queryset.filter(source=Source.REFERRAL)
        if value == "said":
            return queryset.filter(source=Source.PATIENT, referred_by_clinician=True)
        if value == "none":
            return queryset.filter(referred_by_clinician=False)
        return queryset
