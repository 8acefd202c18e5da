"""The inputs of the rules of engagement's write actions (a draft's settings, a rule) and of the tester: each
one used by its page form and its API endpoint."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names
from ninja import Field

from core.inputs import AmountField, Input
from core.money import Currency
from core.schemas import CountryCode, OptionalCountryCode, OrBlank
from core.versions import TieredSettingsInput, TierValuesField
from engagement.choices import Segment
from engagement.models import MAX_DAYS, MIN_DAYS, Outcome, ProductCondition, TieBreaker
from partners.choices import Region, Tier

Days = Annotated[int, Field(ge=MIN_DAYS, le=MAX_DAYS, description="Days of protection")]
INT32_MAX = 2**31 - 1
REVENUE_DIGITS = 16


def _days_field(label: Any, *, required: bool, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=MIN_DAYS, max_value=MAX_DAYS, help_text=help_text
    )


FLAG_TEXTS = ("", "on", "true", "false", "1", "0")


class _FlagWidget(forms.CheckboxInput):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() not in FLAG_TEXTS:
            return value  # left for the field to refuse (a box reads any other text as ticked)
        return super().value_from_datadict(data, files, name)


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=INT32_MAX)


class FlagField(forms.BooleanField):
    """A tick box; raw values other than a box's or JSON's true and false are refused, not read as true."""

    widget = _FlagWidget

    def to_python(self, value: Any) -> bool:
        if isinstance(value, str) and value.strip().lower() not in FLAG_TEXTS:
            raise ValidationError(_("Write true or false."), code="invalid")
        return super().to_python(value)


class ListWidget(forms.TextInput):
    """A list typed as text ("DE, FR"); shown again as text."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return super().format_value(value)


class ChoiceListField(forms.MultipleChoiceField):
    """Several choices, as a list (the API, the boxes of a page) or as text separated by commas."""

    def __init__(self, *args: Any, upper: bool = False, api_type: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upper = upper
        if api_type is not None:
            self.api_type = api_type

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        items = [str(v).strip() for v in super().to_python(value)]
        return list(dict.fromkeys(v.upper() if self.upper else v for v in items if v))


def country_list_field(label: Any) -> ChoiceListField:
    """Countries by ISO code, typed as text on the page (too many for boxes) and a list in the API."""
    return ChoiceListField(
        label=label,
        required=False,
        choices=[(code, code) for code, _name in country_names],
        widget=ListWidget,
        upper=True,
        api_type=list[CountryCode],
        help_text=_("Two-letter ISO codes separated by commas, such as DE, FR."),
    )


class RuleSetInput(TieredSettingsInput):
    """A draft's settings, with the protection per tier (`TieredSettingsInput`)."""

    default_protection_days = _days_field(_("Protection (days)"), required=True)
    tie_breaker = forms.ChoiceField(
        label=_("When two partners register the same customer"), choices=TieBreaker.choices
    )
    named_accounts_direct = FlagField(
        label=_("Named accounts of direct sales are reserved for direct sales"), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    disclosure_required = FlagField(
        label=_("Partners confirm the competing products they sell before they register a deal"),
        required=False,
    )
    competitive_protection_days = forms.IntegerField(
        label=_("Protection of competitive deals (days)"),
        required=False,
        min_value=0,
        max_value=MAX_DAYS,
        help_text=_(
            "A deal for products that a line the partner also sells competes with (as the competing vendors "
            "list says) is protected at most this long. 0: not protected. Empty: like any other deal."
        ),
    )
    tier_protection_days = TierValuesField(
        label=_("Protection per tier (days)"),
        required=False,
        tiers=Tier.choices,
        number_field=_days_field,
        not_a_mapping=_("Give the days per tier as a mapping of tier to days."),
        page_label=_("Protection for %(tier)s partners (days)"),
        page_help=_("Empty: the default protection."),
        api_type=dict[Tier, Days] | None,
    )


class RuleInput(Input):
    """A rule: every field (the API replaces a rule whole; fields left out take their defaults)."""

    label = forms.CharField(
        label=_("Label"), required=False, max_length=120, help_text=_("For the channel team.")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.REVIEW)
    product_eligibility = forms.ChoiceField(
        label=_("Products"), choices=ProductCondition.choices, initial=ProductCondition.ANY, required=False
    )
    segments = ChoiceListField(
        label=_("Customer segments"),
        required=False,
        choices=Segment.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = ChoiceListField(
        label=_("Customer regions"),
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = country_list_field(_("Customer countries"))
    min_employees = forms.IntegerField(
        label=_("Employees from"), required=False, min_value=0, max_value=INT32_MAX
    )
    max_employees = forms.IntegerField(
        label=_("Employees up to"), required=False, min_value=0, max_value=INT32_MAX
    )
    min_revenue = AmountField(label=_("Annual revenue from (USD)"), required=False)
    max_revenue = AmountField(label=_("Annual revenue up to (USD)"), required=False)
    min_amount = AmountField(label=_("Deal amount from"), required=False)
    max_amount = AmountField(label=_("Deal amount up to"), required=False)
    currency = forms.ChoiceField(
        label=_("Currency of the deal amount"),
        choices=Currency.choices,
        initial=Currency.USD,
        required=False,
        help_text=_(
            "A deal in another currency is converted at the exchange rate of the day of the check; without "
            "a rate, the amount limits do not apply to it."
        ),
    )
    protection_days = _days_field(
        _("Protection (days)"), required=False, help_text=_("Empty: by the partner's tier or the default.")
    )

    BOUNDS = (
        ("min_employees", "max_employees"),
        ("min_revenue", "max_revenue"),
        ("min_amount", "max_amount"),
    )

    @classmethod
    def initial_for(cls, rule: Any) -> dict[str, Any]:
        initial = {name: getattr(rule, name) for name in cls.base_fields}
        for name in ("min_revenue", "max_revenue", "min_amount", "max_amount"):
            if initial[name] is not None:
                initial[name] = f"{initial[name]:.2f}"
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["product_eligibility"] = data.get("product_eligibility") or ProductCondition.ANY
        data["currency"] = data.get("currency") or Currency.USD
        for low, high in self.BOUNDS:
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("The upper limit must not be below the lower limit."))
        for name in ("min_revenue", "max_revenue"):
            value: Decimal | None = data.get(name)
            if value is not None and len(value.as_tuple().digits) > REVENUE_DIGITS:
                self.add_error(name, ValidationError(_("The amount is too large."), code="max_digits"))
        if data.get("protection_days") is not None and data.get("outcome") == Outcome.DIRECT:
            self.add_error("protection_days", _("Deals that go to direct sales have no channel protection."))
        return data


class _VersionField(forms.UUIDField):
    api_type = UUID  # the API's "which version" (default: the published one); the page has it in the address


class _CountryField(forms.CharField):
    api_type = OptionalCountryCode


class _RegionField(forms.ChoiceField):
    api_type = OrBlank[Region]  # a region or "" (unknown), as one choice


class FactsInput(Input):
    """Made-up facts of a deal, to see what a version of the rules decides."""

    version_id = _VersionField(required=False, widget=forms.HiddenInput)
    partner_tier = forms.ChoiceField(label=_("Partner tier"), choices=Tier.choices, initial=Tier.REGISTERED)
    amount = AmountField(label=_("Deal amount"), initial="0")
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    product_eligibilities = forms.MultipleChoiceField(
        label=_("The deal contains"),
        required=False,
        choices=[c for c in ProductCondition.choices if c[0] != ProductCondition.ANY]
        + [("both", _("Products sold by channel and direct"))],
        widget=forms.CheckboxSelectMultiple,
    )
    segment = forms.ChoiceField(
        label=_("Customer segment"), required=False, choices=[("", _("Unknown")), *Segment.choices]
    )
    customer_country = _CountryField(label=_("Customer country (ISO code)"), required=False, max_length=2)
    customer_region = _RegionField(
        label=_("Customer region"), required=False, choices=[("", _("Unknown")), *Region.choices]
    )
    employees = _count_field(_("Employees"))
    annual_revenue = AmountField(label=_("Annual revenue (USD)"), required=False)
    is_named_account = FlagField(label=_("The customer is a named account of direct sales"), required=False)
    competing = forms.CharField(
        label=_("Competing products the partner sells for these products"),
        required=False,
        max_length=500,
        help_text=_("Names separated by commas, such as Trek Madone. Empty: none."),
    )

    def clean_amount(self) -> Decimal:
        amount: Decimal | None = self.cleaned_data.get("amount")
        return amount if amount is not None else Decimal("0")

    def to_facts(self) -> Any:
        from engagement.evaluate import DealFacts

        data = self.cleaned()
        return DealFacts(
            partner_tier=data["partner_tier"],
            product_eligibilities=frozenset(data["product_eligibilities"]),
            amount=data["amount"],
            currency=data["currency"],
            customer_country=(data["customer_country"] or "").upper(),
            customer_region=data["customer_region"] or "",
            segment=data["segment"] or "",
            employees=data["employees"],
            annual_revenue=data["annual_revenue"],
            is_named_account=data["is_named_account"],
            competing_lines=tuple(
                name for name in (part.strip() for part in (data["competing"] or "").split(",")) if name
            ),
        )
