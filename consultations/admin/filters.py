"""Sidebar filters for the staff list."""

from django.contrib import admin

from consultations.choices import HelpWanted, Status
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
