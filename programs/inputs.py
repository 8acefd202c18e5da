"""The program's write actions, each one input for the staff page and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.inputs import AmountField, IdChoiceField, Input, ModelInput, mark_searchable
from partners.choices import PartnerType, Tier
from partners.inputs import ChoiceList
from partners.models import Partner
from programs.errors import ProgramErrorCode as E
from programs.models import (
    PUBLISHED_KINDS,
    AgreementKind,
    AgreementVersion,
    PartnerProgram,
    ProgramCharter,
    ProgramTier,
)

MAX_PRIORITY = 100
MAX_PROTECTION_DAYS = 365
MAX_SLA_HOURS = 720

TEXT = {"rows": 12}


class CharterInput(ModelInput):
    class Meta:
        model = ProgramCharter
        fields = ["title_en", "title_ru", "body_en", "body_ru"]
        widgets = {"body_en": forms.Textarea(attrs=TEXT), "body_ru": forms.Textarea(attrs=TEXT)}

    @classmethod
    def initial_for(cls, charter: ProgramCharter | None) -> dict:
        if charter is None:
            return {}
        return {name: getattr(charter, name) for name in cls.base_fields}


class VersionInput(ModelInput):
    """A new version of a document; its number is given by the service."""

    class Meta:
        model = AgreementVersion
        fields = ["kind", "title_en", "title_ru", "body_en", "body_ru", "changes_en", "changes_ru"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 14}),
            "body_ru": forms.Textarea(attrs={"rows": 14}),
            "changes_en": forms.Textarea(attrs={"rows": 3}),
            "changes_ru": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules of engagement are versioned with their program now (engagement), not published here.
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in AgreementKind.choices if value in PUBLISHED_KINDS
        ]

    def validate_unique(self):
        pass  # the version number is the service's to give, racing publications included

    @classmethod
    def initial_for(cls, kind: str, current: AgreementVersion | None) -> dict:
        """Start from the current text so a new version is an edit of the last one."""
        initial = {"kind": kind}
        if current is not None:
            initial.update({name: getattr(current, name) for name in cls.base_fields if name != "kind"})
        return initial


# --- programs, their tiers and members ----------------------------------------------------------------------


class ProgramInput(ModelInput):
    """A program's settings: its code, names and descriptions in both languages, the partner types it is for
    (none ticked: every type) and whether new partners join it by themselves."""

    partner_types = ChoiceList(
        label=_("Partner types"),
        required=False,
        choices=PartnerType.choices,
        help_text=_("None ticked: every partner type."),
    )

    class Meta:
        model = PartnerProgram
        fields = [
            "code",
            "name_en",
            "name_ru",
            "description_en",
            "description_ru",
            "partner_types",
            "is_default",
            "position",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"code": _("Letters, digits and hyphens; it names the program in the API.")}

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()

    def validate_constraints(self) -> None:
        """The one default program is the service's to move (`program_update`), not a form error."""
        exclude = self._get_validation_exclusions() | {"is_default"}  # type: ignore[attr-defined]
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]


def _percent(label: Any, *, help_text: Any = "", required: bool = False) -> AmountField:
    return AmountField(label=label, required=required, help_text=help_text)


class TierInput(ModelInput):
    """What one tier of a program gives: the benefits the apps apply by themselves, and others in words."""

    catalog_discount = _percent(
        _("Discount on list prices (%)"),
        required=True,
        help_text=_("The partner's catalogue shows its prices with this discount."),
    )
    mdf_rate = _percent(
        _("MDF accrual (percent of won revenue)"),
        help_text=_("Fund allocations by share of won revenue without a rate of their own accrue at it."),
    )

    class Meta:
        model = ProgramTier
        fields = [
            "name_en",
            "name_ru",
            "catalog_discount",
            "mdf_rate",
            "routing_priority",
            "protection_days",
            "support_sla_hours",
            "benefits_en",
            "benefits_ru",
        ]
        widgets = {
            "benefits_en": forms.Textarea(attrs={"rows": 3}),
            "benefits_ru": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = {
            "routing_priority": (0, MAX_PRIORITY),
            "protection_days": (1, MAX_PROTECTION_DAYS),
            "support_sla_hours": (1, MAX_SLA_HOURS),
        }
        for name, (low, high) in limits.items():
            field = self.fields.get(name)
            if field is None:  # a partial change without it
                continue
            field.min_value, field.max_value = low, high  # type: ignore[attr-defined]
            field.validators = [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)

    def _range(self, name: str, low: Decimal) -> Decimal | None:
        value = self.cleaned_data.get(name)
        if value is not None and not low <= value <= Decimal(100):
            raise ValidationError(
                _("Enter a percentage from %(low)s to 100."), code=E.PERCENT_RANGE, params={"low": low}
            )
        return value

    def clean_catalog_discount(self) -> Decimal | None:
        return self._range("catalog_discount", Decimal("0"))

    def clean_mdf_rate(self) -> Decimal | None:
        return self._range("mdf_rate", Decimal("0.01"))


def _reason(label: Any, *, required: bool, message: Any = None) -> forms.CharField:
    field = forms.CharField(
        label=label, required=required, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    if message:
        field.error_messages["required"] = message
    return field


class MemberAddInput(Input):
    """A partner joins the program, at a tier."""

    partner = IdChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices, initial=Tier.REGISTERED)

    def __init__(self, *args: Any, partners: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        mark_searchable({"partner": self.fields["partner"]})


class MemberTierInput(Input):
    """A member's tier set by hand, and why (kept in its history)."""

    tier = forms.ChoiceField(label=_("New tier"), choices=Tier.choices)
    reason = _reason(_("Why"), required=True, message=_("Say why the tier changes by hand."))


class MemberEndInput(Input):
    """A member leaves the program, and why."""

    reason = _reason(_("Why"), required=True, message=_("Say why the partner leaves the program."))
