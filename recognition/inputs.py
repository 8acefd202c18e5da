"""The inputs of recognition, each one for the page and the API: an award, a grant, a revocation, a
leaderboard setting, and the choice of a leaderboard (which program, region, partner type, period and
measure)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.inputs import IdChoiceField, Input, ModelInput
from ledger.periods import period_by_code
from ledger.selectors import money_settings
from partners.choices import PartnerType, Region
from partners.models import Partner
from programs.models import PartnerProgram, ProgramStatus
from programs.services import JOINED_STATUSES
from recognition.errors import RecognitionErrorCode as E
from recognition.models import (
    Award,
    AwardRule,
    BoardPeriod,
    LeaderboardSetting,
    Metric,
)


def _programs() -> Any:
    return PartnerProgram.objects.filter(status=ProgramStatus.ACTIVE).order_by("position", "code")


def _declare_limits(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    """The model's limits on these numbers (its validators), declared on the form's fields too, where the
    API's schema reads them (a model's field gives its form field only the column's range)."""
    for name in names:
        field = form.fields.get(name)
        if field is None:  # a partial change without it
            continue
        validators = form._meta.model._meta.get_field(name).validators
        low = max((v.limit_value for v in validators if isinstance(v, MinValueValidator)), default=0)
        high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
        field.min_value, field.max_value = low, high  # type: ignore[attr-defined]
        field.validators = [MinValueValidator(low), MaxValueValidator(high)]
        field.widget.attrs.update(min=low, max=high)


class AwardInput(ModelInput):
    """An award: written (every field) or changed (the API may send only some)."""

    program = IdChoiceField(
        label=_("Program"),
        queryset=PartnerProgram.objects.none(),
        required=False,
        empty_label=_("Every program"),
        help_text=_("A leaderboard award: the program whose leaderboard counts (empty: every partner)."),
    )

    class Meta:
        model = Award
        fields = [
            "name_en",
            "name_ru",
            "description_en",
            "description_ru",
            "rule",
            "metric",
            "program",
            "top",
            "threshold",
            "is_active",
        ]
        labels = {
            "name_en": _("Name (English)"),
            "name_ru": _("Name (Russian)"),
            "description_en": _("Description (English)"),
            "description_ru": _("Description (Russian)"),
            "rule": _("How it is granted"),
            "metric": _("Leaderboard"),
            "top": _("Top positions"),
            "threshold": _("Certified people"),
            "is_active": _("Active (still given)"),
        }
        help_texts = {
            "name_ru": _("Optional: Russian readers see the English name when it is empty."),
            "metric": _("A leaderboard award: the measure its leaderboard ranks by."),
        }
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"name_en": {"required": _("Give the award a name.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "program" in self.fields:
            self.fields["program"].queryset = _programs()  # type: ignore[attr-defined]
        _declare_limits(self, ("top", "threshold"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rule = cleaned.get("rule", self.instance.rule if self.instance.pk else None)
        metric = cleaned.get("metric", self.instance.metric if self.instance.pk else "")
        if rule == AwardRule.LEADERBOARD_TOP and not metric:
            self.add_error(
                "metric" if "metric" in self.fields else None,
                ValidationError(_("Choose the leaderboard this award goes by."), code=E.METRIC_REQUIRED),
            )
        return cleaned


class GrantInput(Input):
    """Granting an award to a partner for a period, with the citation in both languages."""

    award = IdChoiceField(label=_("Award"), queryset=Award.objects.none())
    partner = IdChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    period = forms.CharField(
        label=_("Period"),
        max_length=12,
        required=False,
        help_text=_("A fiscal quarter (FY2026-Q3) or year (FY2026); empty: once, for no period."),
    )
    citation_en = forms.CharField(
        label=_("Citation (English)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the partner is recognised for.")},
    )
    citation_ru = forms.CharField(
        label=_("Citation (Russian)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: Russian readers see the English citation when it is empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.order_by("name_en")  # type: ignore[attr-defined]
        partners = Partner.objects.filter(status__in=JOINED_STATUSES).order_by("name")
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return ""
        try:
            period = period_by_code(text, start_month=money_settings().fiscal_year_start_month)
        except ValueError as exc:
            raise ValidationError(
                _("Write a fiscal quarter such as FY2026-Q3, a fiscal year such as FY2026, or nothing."),
                code=E.PERIOD_UNKNOWN,
            ) from exc
        return period.code


class RevokeInput(Input):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the award is revoked.")},
    )


class SettingInput(ModelInput):
    """What partners see of the others on the leaderboards of a program (or of every program)."""

    program = IdChoiceField(
        label=_("Program"),
        queryset=PartnerProgram.objects.none(),
        required=False,
        empty_label=_("Every program"),
        help_text=_("Empty: the setting for every program without one of its own."),
    )

    class Meta:
        model = LeaderboardSetting
        fields = ["program", "anonymity", "top_n"]
        labels = {"anonymity": _("Partners see"), "top_n": _("Top positions shown")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "program" in self.fields:
            self.fields["program"].queryset = _programs()  # type: ignore[attr-defined]
        _declare_limits(self, ("top_n",))


class BoardInput(Input):
    """Which leaderboard: a program (empty: every partner), a region and a partner type (empty: all), the
    period and the measure ranked by. Read from the page's query string and the API's."""

    program = IdChoiceField(
        label=_("Program"),
        queryset=PartnerProgram.objects.none(),
        required=False,
        empty_label=_("Every program"),
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("Every region")), *Region.choices], required=False
    )
    partner_type = forms.ChoiceField(
        label=_("Partner type"), choices=[("", _("Every type")), *PartnerType.choices], required=False
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=BoardPeriod.choices, required=False, initial=BoardPeriod.THIS_QUARTER
    )
    metric = forms.ChoiceField(
        label=_("Ranked by"), choices=Metric.choices, required=False, initial=Metric.REVENUE
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A partner picks among its own programs: another program's board (and name) is not its to read.
        visible = PartnerProgram.objects.visible_to(actor).values("pk")
        self.fields["program"].queryset = _programs().filter(pk__in=visible)  # type: ignore[attr-defined]

    def choice(self) -> dict[str, Any]:
        """The board asked for; a wrong value falls back to its default (the page), the API checks first."""
        self.is_valid()  # a wrong value is dropped; the others still count
        values = getattr(self, "cleaned_data", {})
        return {
            "program": values.get("program"),
            "region": values.get("region") or "",
            "partner_type": values.get("partner_type") or "",
            "period": values.get("period") or BoardPeriod.THIS_QUARTER,
            "metric": values.get("metric") or Metric.REVENUE,
        }
