"""The at-risk list's one FilterSet: the page, its CSV/XLSX export and `GET /api/health/reviews`.

No status means the live reviews (awaiting a plan, plan recorded); `all` means any. The CAM's home card links
here with `phase` (awaiting a plan, plan overdue, ready to close), counted by the same conditions
(`phase_q`)."""

from __future__ import annotations

import django_filters
from django.db.models import F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.listing import IdChoiceFilter, ListFilterSet, SearchFilter
from health.models import LIVE_REVIEW, ReviewStatus, RiskReview, Signal
from partners.choices import Region

ANY = "all"

PHASE_CHOICES = [
    ("awaiting", _("Awaiting a plan")),
    ("overdue", _("Plan overdue")),
    ("ready", _("Ready to close: healthy again")),
]


def phase_q(value: str) -> Q:
    """The reviews of a phase (on `health.selectors.reviews_visible`, which annotates the newest score)."""
    if value == "awaiting":
        return Q(status=ReviewStatus.OPEN)
    if value == "overdue":
        return Q(status=ReviewStatus.PLANNED, plan_due__lt=timezone.localdate())
    if value == "ready":
        return Q(status=ReviewStatus.PLANNED, latest_below=False, latest_day__gt=TruncDate("created_at"))
    return Q()


class StatusOrAll(django_filters.ChoiceFilter):
    """The review status: empty means the live ones, `all` any."""

    def __init__(self, **kwargs):
        super().__init__(choices=[*ReviewStatus.choices, (ANY, _("Any status"))], **kwargs)

    def filter(self, qs, value):
        if value == ANY:
            return qs
        if value in EMPTY_VALUES:
            return qs.filter(status__in=LIVE_REVIEW)
        return super().filter(qs, value)


class ReviewFilterSet(ListFilterSet):
    more_filters = ("region", "signal", "opened_from")
    q = SearchFilter(method="search", placeholder=_("Partner"))
    status = StatusOrAll(label=_("Status"), empty_label=_("Open (awaiting a plan or plan recorded)"))
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=PHASE_CHOICES, method="filter_phase", empty_label=_("Any")
    )
    mine = django_filters.ChoiceFilter(
        label=_("Whose"),
        choices=[("yes", _("My partners"))],
        method="filter_mine",
        empty_label=_("Everyone's"),
    )
    cam = IdChoiceFilter(label=_("Channel account manager"), field_name="cam", empty_label=_("Any"))
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="partner__region", choices=Region.choices, empty_label=_("Any")
    )
    signal = django_filters.ChoiceFilter(
        label=_("Weakest signal"), field_name="weakest", choices=Signal.choices, empty_label=_("Any")
    )
    opened_from = django_filters.DateFilter(
        label=_("Flagged from"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("created_at", "opened"),
            ("score", "score"),
            ("latest_score", "latest"),
            ("plan_due", "due"),
            ("partner__name", "partner"),
        ),
    )

    class Meta:
        model = RiskReview
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, actor=None, **kwargs):
        # Always bound, so the default (live reviews) applies to a page opened without filters too.
        super().__init__(data if data is not None else {}, queryset=queryset, actor=actor, **kwargs)
        self.actor = actor
        if "cam" in self.form.fields:
            from django.contrib.auth import get_user_model

            self.form.fields["cam"].queryset = (
                get_user_model()
                .objects.filter(staff_role__in=("cam", "chief"), is_active=True)
                .order_by("full_name", "email")
            )

    def filter_queryset(self, queryset):
        if "status" not in self.form.cleaned_data:
            queryset = self.filters["status"].filter(queryset, "")  # a refused value on a page: the default
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            # The weakest first; those flagged by hand (no score) after them, newest first.
            queryset = queryset.order_by(F("score").asc(nulls_last=True), "-created_at", "-id")
        return queryset

    def search(self, queryset, name, value):
        q = value.strip()
        return queryset.filter(partner__name__icontains=q) if q else queryset

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phase_q(value)) if value else queryset

    def filter_mine(self, queryset, name, value):
        user = getattr(self.actor, "user", None)
        if value == "yes":
            return queryset.filter(cam=user) if user else queryset.none()
        return queryset
