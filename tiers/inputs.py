"""The inputs of the tier engine's write actions, each one used by its page form and its API endpoint."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from core.inputs import AmountField, IdChoiceField, Input, ModelInput
from partners.choices import Tier
from tiers import metrics
from tiers.errors import TierErrorCode as E
from tiers.metrics import MAX_WINDOW, Unit
from tiers.models import CustomMetric, CustomMetricValue, TierPolicy

MAX_OVERRIDE_DAYS = 2 * 366


class NumberField(forms.DecimalField):
    """A number that may be negative (a satisfaction score, a net promoter score), with two decimals at most:
    typed as text in the API ("-12.5"), never a float."""

    api_type = Annotated[
        str,
        Field(pattern=r"^-?[0-9]{1,14}(\.[0-9]{1,2})?$", description="A number such as 12.5 or -3"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)


class PolicyInput(ModelInput):
    """A program's tier policy: the grace period and whether the nightly evaluation runs."""

    class Meta:
        model = TierPolicy
        fields = ["grace_days", "evaluate_daily"]

    @classmethod
    def initial_for(cls, policy: TierPolicy) -> dict[str, Any]:
        return {"grace_days": policy.grace_days, "evaluate_daily": policy.evaluate_daily}


class CriteriaInput(Input):
    """A criteria draft's own settings: its notes (what changed, why)."""

    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, criteria: Any) -> dict[str, Any]:
        return {"notes": criteria.notes}


def _parameter_choices() -> list[tuple[str, Any]]:
    """Every parameter of every parameterised metric, grouped by the metric (the page's select)."""
    groups: list[tuple[str, Any]] = [("", _("—"))]
    for metric in metrics.all_metrics():
        if metric.parameter_choices is not None:
            options = metric.parameter_choices()
            if options:
                groups.append((str(metric.label)[:1].upper() + str(metric.label)[1:], options))
    return groups


class RequirementInput(Input):
    """One requirement of a tier: the metric (and what it is about), the threshold, the window."""

    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    metric = forms.ChoiceField(label=_("Metric"), choices=metrics.choices)
    parameter = forms.CharField(
        label=_("About"),
        required=False,
        max_length=80,
        help_text=_("For a metric about one certification or one custom metric: which."),
    )
    threshold = AmountField(
        label=_("At least"), help_text=_("Money in the program currency; rates in percent.")
    )
    window_days = forms.IntegerField(
        label=_("Window (days)"),
        required=False,
        min_value=1,
        max_value=MAX_WINDOW,
        help_text=_("The trailing window a metric over time counts; empty: the metric's own (365 days)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "parameter" in self.fields:
            # read when the page renders the select (never when the API's schema is built)
            self.fields["parameter"].widget = forms.Select(choices=_parameter_choices)  # type: ignore[arg-type]

    @classmethod
    def initial_for(cls, requirement: Any) -> dict[str, Any]:
        return {name: getattr(requirement, name) for name in cls.base_fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        metric = metrics.get(data.get("metric") or "")
        if metric is None:
            return data
        parameter = (data.get("parameter") or "").strip()
        data["parameter"] = parameter
        if metric.parameterised:
            known = dict(metric.parameter_choices() if metric.parameter_choices else [])
            if not parameter:
                self.add_error(
                    "parameter",
                    ValidationError(
                        _("Choose the %(what)s this metric is about.") % {"what": metric.parameter_label},
                        code=E.PARAMETER_REQUIRED,
                    ),
                )
            elif parameter not in known:
                self.add_error(
                    "parameter",
                    ValidationError(
                        _("%(value)s is not a %(what)s this metric can be about.")
                        % {"value": parameter, "what": metric.parameter_label},
                        code=E.UNKNOWN_PARAMETER,
                    ),
                )
        elif parameter:
            self.add_error(
                "parameter",
                ValidationError(
                    _("This metric is not about anything in particular: leave it empty."), code=E.NO_PARAMETER
                ),
            )
        if data.get("window_days") and not metric.windowed:
            self.add_error(
                "window_days",
                ValidationError(
                    _("This metric counts on the day of the evaluation, not over a window: leave it empty."),
                    code=E.NO_WINDOW,
                ),
            )
        threshold = data.get("threshold")
        unit = metric.unit_for(parameter) if not self.errors.get("parameter") else metric.unit
        if (
            isinstance(threshold, Decimal)
            and unit == Unit.COUNT
            and threshold != threshold.to_integral_value()
        ):
            self.add_error("threshold", ValidationError(_("A count is a whole number."), code=E.NOT_WHOLE))
        return data


class DraftInput(CriteriaInput):
    """A new draft of a program's criteria (the API names the program; the page has it in its address)."""

    program = forms.SlugField(label=_("Program"), max_length=40, help_text=_("The program's code."))


class CustomMetricInput(ModelInput):
    class Meta:
        model = CustomMetric
        fields = [
            "code",
            "name_en",
            "name_ru",
            "unit",
            "aggregation",
            "description_en",
            "description_ru",
            "is_active",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
        }

    @classmethod
    def initial_for(cls, metric: CustomMetric) -> dict[str, Any]:
        return {name: getattr(metric, name) for name in cls.base_fields}

    def validate_unique(self) -> None:
        pass  # the service says when a code is taken


class ValueInput(Input):
    """A custom metric's value for one partner and period."""

    metric = forms.SlugField(label=_("Metric"), max_length=40, help_text=_("The custom metric's code."))
    partner = IdChoiceField(label=_("Partner"))
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    value = NumberField(label=_("Value"), help_text=_("Rates in percent, money in the program currency."))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from partners.models import Partner

        if "metric" in self.fields and actor is not None:  # the page: a select of the metrics in use
            self.fields["metric"].widget = forms.Select(
                choices=[("", "—")]
                + [(m.code, m.name) for m in CustomMetric.objects.filter(is_active=True).order_by("code")]
            )
        if "partner" in self.fields:
            partners = Partner.objects.visible_to(actor) if actor is not None else Partner.objects.none()
            self.fields["partner"].queryset = partners.order_by("name")  # type: ignore[attr-defined]
            self.fields["partner"].widget.attrs["data-searchable"] = ""

    @classmethod
    def initial_for(cls, entry: CustomMetricValue) -> dict[str, Any]:
        return {
            "metric": entry.metric.code,
            "partner": entry.partner.public_id,
            "period_start": entry.period_start,
            "period_end": entry.period_end,
            "value": entry.value,
            "note": entry.note,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                ValidationError(_("The period ends on or after the day it starts."), code=E.PERIOD_ORDER),
            )
        return data


class OverrideInput(Input):
    """A tier set by hand until a day: the engine keeps it until then."""

    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    ends_on = forms.DateField(
        label=_("Holds until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The evaluation leaves the tier alone until this day (inclusive)."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        from datetime import timedelta

        from django.utils import timezone

        data = super().clean() or {}
        ends_on = data.get("ends_on")
        today = timezone.localdate()
        if ends_on is not None:
            if ends_on < today:
                self.add_error(
                    "ends_on", ValidationError(_("Choose today or a later day."), code=E.PAST_DATE)
                )
            elif ends_on > today + timedelta(days=MAX_OVERRIDE_DAYS):
                self.add_error(
                    "ends_on", ValidationError(_("An override holds for two years at most."), code=E.TOO_FAR)
                )
        return data
