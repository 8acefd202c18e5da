from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import Currency
from engagement.choices import Segment
from engagement.models import MAX_DAYS, MIN_DAYS, Outcome, ProductCondition, TieBreaker
from partners.choices import Region, Tier


def _days_field(label, *, required: bool, help_text=""):
    return forms.IntegerField(
        label=label, required=required, min_value=MIN_DAYS, max_value=MAX_DAYS, help_text=help_text
    )


class RuleSetForm(forms.Form):
    default_protection_days = _days_field(_("Protection (days)"), required=True)
    tie_breaker = forms.ChoiceField(
        label=_("When two partners register the same customer"), choices=TieBreaker.choices
    )
    named_accounts_direct = forms.BooleanField(
        label=_("Named accounts of direct sales are reserved for direct sales"), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Tier.choices:
            self.fields[f"tier_{value}"] = _days_field(
                _("Protection for %(tier)s partners (days)") % {"tier": label},
                required=False,
                help_text=_("Empty: the default protection."),
            )

    @classmethod
    def initial_for(cls, ruleset) -> dict:
        initial = {name: getattr(ruleset, name) for name in cls.base_fields}
        return initial | {f"tier_{t}": d for t, d in (ruleset.tier_protection_days or {}).items()}

    def to_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.base_fields}
        data["tier_protection_days"] = {
            t: self.cleaned_data[f"tier_{t}"] for t in Tier.values if self.cleaned_data.get(f"tier_{t}")
        }
        return data


class RuleForm(forms.Form):
    label = forms.CharField(
        label=_("Label"), required=False, max_length=120, help_text=_("For the channel team.")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.REVIEW)
    product_eligibility = forms.ChoiceField(
        label=_("Products"), choices=ProductCondition.choices, initial=ProductCondition.ANY
    )
    segments = forms.MultipleChoiceField(
        label=_("Customer segments"),
        required=False,
        choices=Segment.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Customer regions"),
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.CharField(
        label=_("Customer countries"),
        required=False,
        max_length=1000,
        help_text=_("Two-letter ISO codes separated by commas, such as DE, FR."),
    )
    min_employees = forms.CharField(label=_("Employees from"), required=False, max_length=20)
    max_employees = forms.CharField(label=_("Employees up to"), required=False, max_length=20)
    min_revenue = forms.CharField(label=_("Annual revenue from (USD)"), required=False, max_length=40)
    max_revenue = forms.CharField(label=_("Annual revenue up to (USD)"), required=False, max_length=40)
    min_amount = forms.CharField(label=_("Deal amount from"), required=False, max_length=40)
    max_amount = forms.CharField(label=_("Deal amount up to"), required=False, max_length=40)
    currency = forms.ChoiceField(
        label=_("Currency of the deal amount"),
        choices=Currency.choices,
        initial=Currency.USD,
        help_text=_("A deal in another currency does not match the amount limits."),
    )
    protection_days = _days_field(
        _("Protection (days)"), required=False, help_text=_("Empty: by the partner's tier or the default.")
    )

    @classmethod
    def initial_for(cls, rule) -> dict:
        initial = {name: getattr(rule, name) for name in cls.base_fields}
        for name in ("min_revenue", "max_revenue", "min_amount", "max_amount"):
            if initial[name] is not None:
                initial[name] = f"{initial[name]:.2f}"
        return initial | {"countries": ", ".join(rule.countries)}


class FactsForm(forms.Form):
    partner_tier = forms.ChoiceField(label=_("Partner tier"), choices=Tier.choices, initial=Tier.REGISTERED)
    amount = forms.DecimalField(
        label=_("Deal amount"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )
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
    customer_country = forms.CharField(label=_("Customer country (ISO code)"), required=False, max_length=2)
    customer_region = forms.ChoiceField(
        label=_("Customer region"), required=False, choices=[("", _("Unknown")), *Region.choices]
    )
    employees = forms.IntegerField(label=_("Employees"), required=False, min_value=0)
    annual_revenue = forms.DecimalField(
        label=_("Annual revenue (USD)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    is_named_account = forms.BooleanField(
        label=_("The customer is a named account of direct sales"), required=False
    )

    def to_facts(self):
        from engagement.evaluate import DealFacts

        data = self.cleaned_data
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
        )
