"""The inputs of market development funds, one per write action, shared by the pages and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pydantic import Field

from core.files import UploadField
from core.inputs import AmountField, IdChoiceField, IdMultipleChoiceField, Input, ModelInput
from core.money import Currency
from funds.errors import FundErrorCode as E
from funds.models import AllocationBasis, ClaimFileKind, FundBudget, FundClaim, FundRequest
from ledger.periods import Period, period_by_code
from partners.choices import Tier

PERIOD_PATTERN = r"^FY[0-9]{4}(-Q[1-4])?$"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
FILE_KINDS = ("document", "image")
MAX_COUNT = 1_000_000
REASON_LENGTH = 2000


class PeriodField(forms.CharField):
    """A fiscal period by its code (FY2026 or FY2026-Q3); a select of `choices` on the page."""

    api_type = Annotated[
        str, Field(pattern=PERIOD_PATTERN, description="A fiscal period: FY2026 (a year) or FY2026-Q3")
    ]

    def __init__(self, *, choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        if choices is not None:
            self.set_choices(choices)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        self.widget = forms.Select(choices=choices)

    def to_python(self, value: Any) -> str:
        return (super().to_python(value) or "").strip().upper()


def parse_period(code: str, *, start_month: int) -> Period:
    try:
        return period_by_code(code, start_month=start_month)
    except ValueError as exc:
        raise ValidationError(
            _("Enter a fiscal period such as FY2026 or FY2026-Q3."), code=E.PERIOD_UNKNOWN
        ) from exc


def _positive(value: Decimal | None, name: str, errors: dict[str, ValidationError]) -> None:
    if value is not None and value <= 0:
        errors[name] = ValidationError(_("Enter an amount above zero."), code=E.AMOUNT_NOT_POSITIVE)


def _reason(label: Any, *, required: bool, message: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_LENGTH,
        error_messages={"required": message} if message else None,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- budgets and allocations (channel marketing) ------------------------------------------------------------


class BudgetInput(ModelInput):
    """A budget: the period, its currency and what is authorised."""

    period = PeriodField(label=_("Period"))
    amount = AmountField(label=_("Amount authorised"))

    class Meta:
        model = FundBudget
        fields = ["period", "currency", "amount", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"notes": _("For the channel team only.")}

    def __init__(self, *args: Any, periods: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if periods is not None and "period" in self.fields:
            self.fields["period"].set_choices(periods)  # type: ignore[attr-defined]

    def validate_constraints(self) -> None:
        """One budget per period and currency: the service says so with its own code (budget_exists)."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        errors: dict[str, ValidationError] = {}
        _positive(self.cleaned_data.get("amount"), "amount", errors)
        if errors:
            raise ValidationError(errors)
        return cleaned


class BudgetAdjustInput(Input):
    """A budget's new amount, and why it changes."""

    amount = AmountField(label=_("New amount authorised"))
    reason = _reason(_("Why"), required=True, message=_("Say why the budget changes."))


class AllocationInput(Input):
    """Funds for one partner, or for every partner of a tier: a fixed amount or a share of won revenue."""

    budget = IdChoiceField(label=_("Budget"), queryset=FundBudget.objects.none())
    partner = IdChoiceField(
        label=_("Partner"),
        queryset=FundBudget.objects.none(),
        required=False,
        help_text=_("One partner, or leave empty and choose a tier."),
    )
    tier = forms.ChoiceField(
        label=_("Every partner of the tier"),
        choices=[("", "—"), *Tier.choices],
        required=False,
        help_text=_("Each partner of the tier that may sell gets the same allocation."),
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=AllocationBasis.choices)
    amount = AmountField(label=_("Amount"), required=False, help_text=_("For a fixed amount."))
    rate = AmountField(
        label=_("Share of won revenue (%)"),
        required=False,
        help_text=_(
            "For a share of won revenue: the percentage of the revenue won in the period. Empty: the MDF "
            "rate of each partner's program tier, as it is when revenue is won."
        ),
    )
    cap = AmountField(label=_("At most"), required=False, help_text=_("For a share: the most it may reach."))

    def __init__(
        self, *args: Any, budgets: QuerySet | None = None, partners: QuerySet | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if budgets is not None:
            self.fields["budget"].queryset = budgets  # type: ignore[attr-defined]
        if partners is not None:
            self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        data = self.cleaned_data
        errors: dict[str, ValidationError] = {}
        if "partner" in data and "tier" in data and bool(data.get("partner")) == bool(data.get("tier")):
            errors["partner"] = ValidationError(_("Choose one partner or one tier."), code=E.PARTNER_OR_TIER)
        check_basis(data, errors)
        if errors:
            raise ValidationError(errors)
        return cleaned


def check_basis(data: dict[str, Any], errors: dict[str, ValidationError], *, partial: bool = False) -> None:
    """A fixed allocation has an amount above zero; a share a rate from 0.01 to 100 % or none (the tier's MDF
    rate: `funds.services.allocation_create` checks each partner's tier gives one), and maybe a cap."""
    basis = data.get("basis")
    if basis == "fixed" and not partial and data.get("amount") is None:
        errors["amount"] = ValidationError(_("Enter the amount."), code=E.BASIS_FIELDS)
    _positive(data.get("amount"), "amount", errors)
    _positive(data.get("cap"), "cap", errors)
    rate = data.get("rate")
    if rate is not None and not Decimal("0.01") <= rate <= Decimal(100):
        errors["rate"] = ValidationError(_("Enter a share from 0.01 to 100 %."), code=E.RATE_RANGE)


class AllocationAdjustInput(Input):
    """A partner's allocation changed: a fixed amount's new total, or a share's new rate or cap."""

    amount = AmountField(label=_("New amount"), required=False)
    rate = AmountField(label=_("New share of won revenue (%)"), required=False)
    cap = AmountField(label=_("At most"), required=False)
    reason = _reason(_("Why"), required=True, message=_("Say why the allocation changes."))

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        errors: dict[str, ValidationError] = {}
        check_basis(self.cleaned_data, errors, partial=True)
        if errors:
            raise ValidationError(errors)
        return cleaned


# --- requests -----------------------------------------------------------------------------------------------


class RequestInput(ModelInput):
    """A partner's request: the activity, its dates, what it should bring, what it costs and the funds asked,
    from the funds of one period in one currency."""

    period = PeriodField(
        label=_("Funds of the period"), help_text=_("The fiscal period whose funds pay for the activity.")
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    expected_leads = forms.IntegerField(
        label=_("Expected leads"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    expected_revenue = AmountField(label=_("Expected revenue"), required=False)
    cost = AmountField(label=_("Estimated cost"), help_text=_("What the whole activity costs."))
    amount = AmountField(label=_("Funds requested"), help_text=_("At most the estimated cost."))
    links = IdMultipleChoiceField(
        label=_("Referral links"),
        queryset=FundRequest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leads credited through these links count for the activity."),
    )
    launches = IdMultipleChoiceField(
        label=_("Campaign launches"),
        queryset=FundRequest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leads from these campaigns' landing pages count for the activity."),
    )

    class Meta:
        model = FundRequest
        fields = [
            "period",
            "currency",
            "activity_type",
            "title",
            "plan",
            "starts_on",
            "ends_on",
            "expected_leads",
            "expected_revenue",
            "cost",
            "amount",
            "links",
            "launches",
        ]
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 5}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
        }
        labels = {
            "activity_type": pgettext_lazy("fund", "Activity"),
            "plan": _("Plan"),
            "starts_on": _("Starts"),
            "ends_on": _("Ends"),
        }
        help_texts = {"plan": _("What you will do, for whom, and how you will follow up the leads.")}
        error_messages = {"title": {"required": _("Give the activity a title.")}}

    def __init__(
        self,
        *args: Any,
        periods: list[tuple[str, str]] | None = None,
        currencies: list[str] | None = None,
        links: QuerySet | None = None,
        launches: QuerySet | None = None,
        start_month: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_month = start_month
        if periods is not None and "period" in self.fields:
            self.fields["period"].set_choices(periods)  # type: ignore[attr-defined]
        if currencies and "currency" in self.fields and not self.is_bound:
            self.initial.setdefault("currency", currencies[0])
        if "launches" in self.fields:
            self.fields["launches"].label_from_instance = lambda launch: launch.kit.title  # type: ignore[attr-defined]
        for name, rows in (("links", links), ("launches", launches)):
            if rows is not None and name in self.fields:
                self.fields[name].queryset = rows  # type: ignore[attr-defined]
                if not rows and not self.is_bound:
                    self.fields[name].widget = forms.MultipleHiddenInput()  # nothing to choose: not shown

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        data = self.cleaned_data
        errors: dict[str, ValidationError] = {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            errors["ends_on"] = ValidationError(
                _("The activity ends before it starts."), code=E.DATES_REVERSED
            )
        _positive(data.get("cost"), "cost", errors)
        _positive(data.get("amount"), "amount", errors)
        cost, amount = data.get("cost"), data.get("amount")
        if cost is not None and amount is not None and amount > cost and "amount" not in errors:
            errors["amount"] = ValidationError(
                _("Ask for at most the activity's estimated cost."), code=E.REQUEST_ABOVE_COST
            )
        if data.get("period"):
            try:
                period = parse_period(data["period"], start_month=self.start_month)
            except ValidationError as exc:
                errors["period"] = exc
            else:
                if starts and not period.contains(starts):
                    errors["starts_on"] = ValidationError(
                        _("The activity starts outside %(period)s, whose funds it asks for."),
                        code=E.OUTSIDE_PERIOD,
                        params={"period": period.label},
                    )
        if errors:
            raise ValidationError(errors)
        if data.get("expected_revenue") is None and "expected_revenue" in self.fields:
            data["expected_revenue"] = Decimal("0.00")
        return cleaned


class ApproveInput(Input):
    """Approving a request or a claim, fully or in part (a part says why)."""

    amount = AmountField(
        label=_("Amount approved"), required=False, help_text=_("Empty: all that was asked.")
    )
    reason = _reason(_("Note to the partner"), required=False)


class ClaimApproveInput(ApproveInput):
    override_reason = _reason(
        _("Why the possible duplicates are not duplicates"),
        required=False,
    )


class CancelInput(Input):
    reason = _reason(_("Why (optional)"), required=False)


class RejectInput(Input):
    reason = _reason(_("Reason"), required=True, message=_("Give the partner a reason."))


# --- claims -------------------------------------------------------------------------------------------------


def _upload(label: Any, help_text: Any = "") -> UploadField:
    return UploadField(label=label, kinds=FILE_KINDS, required=False, help_text=help_text)


class ClaimInput(ModelInput):
    """A claim after the activity: what it cost, what is claimed, the invoice, and the proof it took place."""

    amount = AmountField(label=_("Amount claimed"), help_text=_("At most the amount approved."))
    actual_cost = AmountField(label=_("Actual cost"))
    attendees = forms.IntegerField(
        label=_("Attendees or contacts reached"), min_value=0, max_value=MAX_COUNT, required=False
    )
    invoice_file = _upload(_("Invoice"), _("PDF, an office document or an image."))
    proof_file = _upload(
        _("Proof of performance"), _("Photos of the event, the published page, the sent email …")
    )
    attendee_file = _upload(_("Attendee list"))
    screenshot_file = _upload(_("Screenshot"))

    FILE_FIELDS = {
        "invoice_file": ClaimFileKind.INVOICE,
        "proof_file": ClaimFileKind.PROOF,
        "attendee_file": ClaimFileKind.ATTENDEES,
        "screenshot_file": ClaimFileKind.SCREENSHOT,
    }

    class Meta:
        model = FundClaim
        fields = ["amount", "actual_cost", "invoice_number", "invoice_date", "attendees", "results"]
        widgets = {"invoice_date": DATE_WIDGET, "results": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"results": _("Leads met, pages published, what the audience asked for.")}

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        errors: dict[str, ValidationError] = {}
        _positive(self.cleaned_data.get("amount"), "amount", errors)
        _positive(self.cleaned_data.get("actual_cost"), "actual_cost", errors)
        amount, cost = self.cleaned_data.get("amount"), self.cleaned_data.get("actual_cost")
        if amount is not None and cost is not None and amount > cost and "amount" not in errors:
            errors["amount"] = ValidationError(
                _("Claim at most what the activity actually cost."), code=E.CLAIM_ABOVE_COST
            )
        if errors:
            raise ValidationError(errors)
        return cleaned

    def _post_clean(self) -> None:
        # The files are the service's to store (ClaimFile rows), not fields of the claim.
        files = {name: self.cleaned_data.pop(name, None) for name in self.FILE_FIELDS}
        super()._post_clean()  # type: ignore[misc]
        self.cleaned_data.update(files)


class ClaimFileInput(Input):
    """One more file for a claim awaiting a decision."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ClaimFileKind.choices)
    file = UploadField(label=_("File"), kinds=FILE_KINDS)
