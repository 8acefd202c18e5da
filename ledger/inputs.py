"""The money pages' write actions, each one input for the page and the API: the money settings, an exchange
rate, the rates' CSV import, reversing a transaction, creating a payout batch. And the statement picker (a
read: which partner and period)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from core.inputs import AmountField, CodeChoiceField, IdChoiceField, IdMultipleChoiceField, Input, ModelInput
from core.money import Currency
from ledger.errors import LedgerErrorCode as E
from ledger.models import ExchangeRate, MoneySettings

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
RATE_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,10})?$"


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


class SettingsInput(ModelInput):
    """How the program counts money (operations and the chief)."""

    fiscal_year_start_month = forms.IntegerField(
        label=_("Fiscal year starts in"),
        min_value=1,
        max_value=12,
        widget=forms.Select(choices=list(MONTHS.items())),
        help_text=_("Fund periods and quarterly statements follow the fiscal year."),
    )
    chief_approval_threshold = AmountField(
        label=_("Channel chief approves above"),
        help_text=_(
            "Fund approvals, claims, payout batches and reversals above this amount (in the program "
            "currency) also need the channel chief."
        ),
    )

    class Meta:
        model = MoneySettings
        fields = [
            "reporting_currency",
            "fiscal_year_start_month",
            "fund_period",
            "chief_approval_threshold",
            "rep_money_visibility",
        ]


class RateField(forms.DecimalField):
    """An exchange rate: plain digits, up to ten before and after the point, more than zero."""

    api_type = Annotated[
        str,
        Field(
            pattern=RATE_PATTERN,
            description="How many of the second currency one of the first buys, as text: 1.0825",
            examples=["1.0825"],
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if isinstance(value, float):
            raise ValidationError(_("Write the rate as text, such as 1.0825."), code="invalid")
        try:
            return super().to_python(value)
        except ValidationError:
            raise
        except InvalidOperation as exc:  # pragma: no cover - DecimalField raises ValidationError
            raise ValidationError(_("Enter a number such as 1.0825."), code="invalid") from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value <= 0:
            raise ValidationError(_("A rate is more than zero."), code=E.RATE_NOT_POSITIVE)


class RateInput(ModelInput):
    """One dated rate of a currency pair: 1 `currency` = `rate` `quote_currency` from `valid_from`."""

    currency = CodeChoiceField(label=_("Currency"), choices=Currency.choices)
    quote_currency = CodeChoiceField(label=_("In currency"), choices=Currency.choices)
    rate = RateField(label=_("Rate"), help_text=_("How many of the second currency one of the first buys."))

    class Meta:
        model = ExchangeRate
        fields = ["currency", "quote_currency", "valid_from", "rate"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}

    def validate_unique(self) -> None:
        """Checked in `clean`, with the ledger's codes."""

    def validate_constraints(self) -> None:
        """Checked in `clean`, with the ledger's codes."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        currency, quote = cleaned.get("currency"), cleaned.get("quote_currency")
        if currency and quote and currency == quote:
            raise _invalid(
                "quote_currency", _("A rate is between two different currencies."), E.RATE_SAME_CURRENCY
            )
        day = cleaned.get("valid_from")
        if currency and quote and day:
            clash = ExchangeRate.objects.filter(
                currency__in=(currency, quote), quote_currency__in=(currency, quote), valid_from=day
            ).exists()
            if clash:
                raise _invalid(
                    "valid_from",
                    _("There is a rate between %(currency)s and %(quote)s from %(day)s already.")
                    % {"currency": currency, "quote": quote, "day": day.isoformat()},
                    E.RATE_DUPLICATE,
                )
        return cleaned


class RateImportInput(Input):
    """A CSV file of rates: uploaded or pasted on the page (the preview posts the text again to confirm), its
    text in the API."""

    file = forms.FileField(label=_("CSV file"), required=False)
    csv = forms.CharField(
        label=_("…or paste the CSV"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise _invalid("file", _("The file is larger than 5 MB."), "too_large")
            try:
                cleaned["csv"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise _invalid(
                    "file", _("Save the file as UTF-8 text and upload it again."), "invalid"
                ) from exc
        elif not (cleaned.get("csv") or "").strip():
            raise _invalid("csv", _("Choose a CSV file or paste its contents."), "required")
        return cleaned


class ReverseInput(Input):
    """Why a transaction is reversed: kept with the reversing transaction."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the reversing entry, for the audit trail."),
    )

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise ValidationError(_("Say why this is reversed."), code="blank")
        return reason


class BatchInput(Input):
    """A payout batch: its currency and, optionally, the partners it pays (else every partner owed)."""

    currency = CodeChoiceField(label=_("Currency"), choices=Currency.choices)
    partners = IdMultipleChoiceField(
        label=_("Partners"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to pay every partner owed money in this currency."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, partners: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "partners" in self.fields:
            field = self.fields["partners"]
            assert isinstance(field, IdMultipleChoiceField)
            field.queryset = partners if partners is not None else field.queryset
            field.widget.attrs.setdefault("data-searchable", "")


class StatementPick(Input):
    """Which statement to open: a partner (staff) and a period (a month or a fiscal quarter)."""

    partner = IdChoiceField(label=_("Partner"), queryset=None)
    period = forms.ChoiceField(label=_("Period"), choices=())

    def __init__(self, *args: Any, partners: QuerySet | None, periods: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        if partners is None:
            del self.fields["partner"]
        else:
            partner = self.fields["partner"]
            assert isinstance(partner, IdChoiceField)
            partner.queryset = partners
            partner.widget.attrs["data-searchable"] = ""
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = periods
