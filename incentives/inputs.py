"""The inputs of incentives, one per write action, shared by the pages and the API: a program (with its volume
tiers), a rule, a target, a dispute and the decisions on it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from catalog.models import Product, ProductFamily
from core.inputs import AmountField, IdChoiceField, IdMultipleChoiceField, Input, ModelInput
from core.money import Currency
from incentives.errors import IncentiveErrorCode as E
from incentives.models import (
    MAX_CLAWBACK_DAYS,
    DealType,
    DisputeKind,
    IncentiveProgram,
    IncentiveRule,
    RuleBasis,
)
from ledger.models import FundPeriod
from ledger.periods import period_by_code
from partners.audience import audience_form_fields
from partners.choices import PartnerType, Tier

_AUDIENCE = audience_form_fields()
NOTE_LENGTH = 2000
MAX_TIERS = 20


class DecimalTextField(forms.Field):
    """A decimal typed as text ("12,5" on a page, "12.5" in the API) within limits, never a float."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 12})

    def __init__(
        self, *args: Any, places: int, low: Decimal, high: Decimal, whole: int, pattern: str, **kwargs: Any
    ):
        self.places, self.low, self.high, self.whole, self.pattern = places, low, high, whole, pattern
        super().__init__(*args, **kwargs)

    @property
    def api_type(self) -> Any:
        """Text matching `pattern`, which states the limits too (a JSON schema has no minimum for text)."""
        return Annotated[
            str,
            Field(pattern=self.pattern, description=str(self.help_text) if self.help_text else None),
        ]

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip().replace(",", ".")
        if isinstance(value, float) or not re.fullmatch(rf"[0-9]{{1,{self.whole}}}(\.[0-9]+)?", text):
            raise ValidationError(_("Enter a number such as 12.5."), code="invalid")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(_("Enter a number such as 12.5."), code="invalid") from exc
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise ValidationError(
                _("At most %(places)s decimals."), code="invalid", params={"places": self.places}
            )
        if number < self.low:
            raise ValidationError(_("At least %(low)s."), code="min_value", params={"low": self.low})
        if number > self.high:
            raise ValidationError(_("At most %(high)s."), code="max_value", params={"high": self.high})
        return number


def percent_field(label: Any, *, required: bool, help_text: Any = None) -> DecimalTextField:
    return DecimalTextField(
        label=label,
        required=required,
        help_text=help_text,
        places=3,
        low=Decimal(0),
        high=Decimal(100),
        whole=3,
        pattern=r"^(100(\.0{1,3})?|[0-9]{1,2}(\.[0-9]{1,3})?)$",  # 0 to 100, three decimals
    )


class TierInput(Input):
    from_amount = AmountField(label=_("From volume"), help_text=_("In the program currency; the first is 0."))
    rate = percent_field(_("Rate (%)"), required=True)


class BaseTierFormSet(BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["too_many_forms"] = _("At most %(num)d volume tiers.")  # type: ignore[attr-defined]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or data.get("from_amount") is None:
                continue
            if data["from_amount"] in seen:
                raise ValidationError(_("Two tiers start at the same volume."), code="duplicate")
            seen.add(data["from_amount"])


TierFormSet = formset_factory(
    TierInput, formset=BaseTierFormSet, extra=1, max_num=MAX_TIERS, validate_max=True, can_delete=True
)


class ProgramInput(ModelInput):
    """A program: what it pays and to whom, when, in which currency, and its tiers, accelerator and cap."""

    nested = {"volume_tiers": TierFormSet}

    partner_types = _AUDIENCE["partner_types"]
    tiers = _AUDIENCE["tiers"]
    regions = _AUDIENCE["regions"]
    clawback_days = forms.IntegerField(
        label=_("Clawback window (days)"),
        min_value=0,
        max_value=MAX_CLAWBACK_DAYS,
        initial=90,
        help_text=_(
            "A won deal reopened or refunded within this many days of its close gives back what it earned."
        ),
    )
    cap = AmountField(
        label=_("Cap per period"),
        required=False,
        help_text=_("The most one payee earns in a period, in the program currency; empty: no cap."),
    )
    accelerator = DecimalTextField(
        label=_("Accelerator over target"),
        required=False,
        places=2,
        low=Decimal(1),
        high=Decimal(10),
        whole=2,
        pattern=r"^(10(\.0{1,2})?|[1-9](\.[0-9]{1,2})?)$",  # 1 to 10, two decimals
        help_text=_("Earnings on the volume above the partner's target are multiplied by this (1.5 = +50%)."),
    )

    class Meta:
        model = IncentiveProgram
        fields = [
            "name_en",
            "name_ru",
            "kind",
            "currency",
            "starts_on",
            "ends_on",
            "period",
            "partner_types",
            "tiers",
            "regions",
            "clawback_days",
            "cap",
            "accelerator",
            "description_en",
            "description_ru",
        ]
        labels = {
            "name_en": _("Name (English)"),
            "name_ru": _("Name (Russian)"),
            "description_en": _("Text for partners (English)"),
            "description_ru": _("Text for partners (Russian)"),
        }
        help_texts = {
            "description_en": _("Optional: shown to partners under the summary written from the rules."),
            "kind": _("A SPIFF pays the person who registered the deal; the others pay the partner."),
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"name_en": {"required": _("Give the program a name.")}}

    def nested_initial(self, name: str) -> list[dict[str, Any]] | None:
        if self.instance.pk is None:
            return None
        return [{"from_amount": t.from_amount, "rate": t.rate} for t in self.instance.volume_tiers.all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on", ValidationError(_("The program cannot end before it starts."), code=E.DATES)
            )
        return data


class RuleInput(ModelInput):
    """A rule: what a won product line fitting its conditions earns (empty conditions fit everything)."""

    rate = percent_field(
        _("Rate (%)"),
        required=False,
        help_text=_("For a percentage; empty: the rate of the program's volume tiers."),
    )
    amount = AmountField(
        label=_("Amount"), required=False, help_text=_("For a fixed amount, in the program currency.")
    )
    products = IdMultipleChoiceField(
        label=_("Products"), queryset=Product.objects.none(), required=False, help_text=_("None chosen: any.")
    )
    families = IdMultipleChoiceField(
        label=_("Product families"),
        queryset=ProductFamily.objects.none(),
        required=False,
        help_text=_("None chosen: any. A line fits when its product or its family is chosen."),
    )
    partner_types = forms.MultipleChoiceField(
        label=_("Partner types"),
        choices=PartnerType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Of the partner paid. None ticked: all."),
    )
    tiers = forms.MultipleChoiceField(
        label=_("Tiers"),
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all."),
    )
    deal_types = forms.MultipleChoiceField(
        label=_("Deal types"),
        choices=DealType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Sourced: registered without a lead; influenced: from a vendor lead; referral: from a lead "
            "credited to the partner. None ticked: all."
        ),
    )

    class Meta:
        model = IncentiveRule
        fields = [
            "basis",
            "rate",
            "amount",
            "products",
            "families",
            "partner_types",
            "tiers",
            "deal_types",
            "starts_on",
            "ends_on",
        ]
        labels = {"starts_on": _("Closed from"), "ends_on": _("Closed until")}
        help_texts = {"starts_on": _("Optional: only deals closed from this day.")}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(
        self, *args: Any, products: QuerySet | None = None, families: QuerySet | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for name, queryset in (("products", products), ("families", families)):
            if name in self.fields and queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
            if name in self.fields and self.instance.pk is not None and not self.is_bound:
                self.initial[name] = [o.public_id for o in getattr(self.instance, name).all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        basis = data.get("basis") or getattr(self.instance, "basis", None)
        if basis in (RuleBasis.FIXED_DEAL, RuleBasis.FIXED_UNIT):
            amount = data["amount"] if "amount" in data else getattr(self.instance, "amount", None)
            if amount is None and "amount" in self.fields:
                self.add_error(
                    "amount", ValidationError(_("A fixed amount needs its amount."), code=E.RATE_OR_AMOUNT)
                )
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on", ValidationError(_("The rule cannot end before it starts."), code=E.DATES)
            )
        return data


class TargetInput(Input):
    program_id = IdChoiceField(label=_("Program"), queryset=IncentiveProgram.objects.none())
    partner_id = IdChoiceField(label=_("Partner"), queryset=IncentiveProgram.objects.none())
    period = forms.CharField(
        label=_("Period"), max_length=12, help_text=_("FY2026-Q3 for a quarter, FY2026 for a year.")
    )
    amount = AmountField(label=_("Target volume"), help_text=_("In the program currency."))

    def __init__(
        self, *args: Any, programs: QuerySet | None = None, partners: QuerySet | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for name, queryset in (("program_id", programs), ("partner_id", partners)):
            if name in self.fields and queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        program, code = data.get("program_id"), (data.get("period") or "").strip().upper()
        if program is None or not code:
            return data
        try:
            period = period_by_code(code)
        except ValueError:
            period = None
        if period is None or (period.quarter is None) != (program.period == FundPeriod.YEAR):
            example = "FY2026" if program.period == FundPeriod.YEAR else "FY2026-Q3"
            self.add_error(
                "period",
                ValidationError(
                    _("Name a period of this program, such as %(example)s."),
                    code=E.PERIOD_INVALID,
                    params={"example": example},
                ),
            )
        else:
            data["period"] = period.code
        return data


def _note(label: Any, *, required: bool, required_message: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        error_messages={"required": required_message} if required_message else None,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisputeInput(Input):
    kind = forms.ChoiceField(label=_("What is wrong"), choices=DisputeKind.choices)
    registration_id = IdChoiceField(
        label=_("Won registration"),
        queryset=IncentiveProgram.objects.none(),
        help_text=_("The registration whose earning is wrong or missing."),
    )
    program_id = IdChoiceField(
        label=_("Program"),
        queryset=IncentiveProgram.objects.none(),
        required=False,
        help_text=_("If you know it."),
    )
    reason = _note(_("Why"), required=True, required_message=_("Say what is wrong."))

    def __init__(
        self,
        *args: Any,
        registrations: QuerySet | None = None,
        programs: QuerySet | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        for name, queryset in (("registration_id", registrations), ("program_id", programs)):
            if queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self.fields["registration_id"].error_messages["invalid_choice"] = _(
            "Choose one of your company's won registrations."
        )
        self.fields["registration_id"].label_from_instance = lambda r: (  # type: ignore[attr-defined]
            f"{r.customer_name} · {r.won_amount or r.amount} {r.currency}"
        )


class DisputeDecisionInput(Input):
    uphold = forms.BooleanField(
        label=_("Uphold: book an adjustment"),
        required=False,
        help_text=_(
            "true upholds the dispute and books the adjustment; false rejects it (nothing is booked)"
        ),
    )
    amount = AmountField(
        label=_("Adjustment"), required=False, help_text=_("What the partner is owed besides.")
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    note = _note(_("Note to the partner"), required=True, required_message=_("Explain the decision."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("uphold") and not data.get("amount"):
            self.add_error(
                "amount",
                ValidationError(
                    _("Upholding books an adjustment: enter its amount."), code=E.ADJUSTMENT_REQUIRED
                ),
            )
        return data


class DisputeApprovalInput(Input):
    approve = forms.BooleanField(
        label=_("Approve the adjustment"),
        required=False,
        help_text=_("true books the adjustment; false sends the dispute back to channel operations"),
    )
    note = _note(_("Note"), required=False)
