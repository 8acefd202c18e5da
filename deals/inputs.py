"""The inputs of deal registrations' write actions: each one used by its page form and its API endpoint."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.models import Product
from core.inputs import AmountField, IdChoiceField, Input, ModelInput
from core.normalize import normalize_code, normalize_domain
from deals.errors import DealErrorCode
from deals.models import DealRegistration
from partners.services import tax_id_error

MAX_LINES = 50
MAX_QUANTITY = 1_000_000
NOTE_LENGTH = 2000


class LineInput(Input):
    product_id = IdChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            code: _("The quantity must be a whole number from 1 to %(max)s.") % {"max": f"{MAX_QUANTITY:,}"}
            for code in ("invalid", "min_value", "max_value")
        },
    )
    unit_price = AmountField(
        label=_("Unit price"), required=False, help_text=_("Leave empty for the list price.")
    )

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        if products is not None:
            self.fields["product_id"].queryset = products
            self.fields["product_id"].label_from_instance = lambda p: (
                f"{p.sku} {p.name} ({p.list_price} {p.currency})"
            )
        self.fields["product_id"].error_messages["invalid_choice"] = _(
            "Choose an active product the channel may sell."
        )


class BaseLineFormSet(BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["too_many_forms"] = _("At most %(num)d product lines.")


LineFormSet = formset_factory(
    LineInput, formset=BaseLineFormSet, extra=1, max_num=MAX_LINES, validate_max=True, can_delete=True
)


class RegistrationInput(ModelInput):
    """A draft registration: created (all fields) and changed (the API may send only some)."""

    nested = {"lines": LineFormSet}

    partner_id = IdChoiceField(
        label=_("Registering for"),
        queryset=DealRegistration.objects.none(),
        required=False,
        help_text=_("A reseller of your distributor; empty: your own company."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = DealRegistration
        fields = [
            "customer_name",
            "customer_domain",
            "customer_tax_id",
            "customer_country",
            "contact_name",
            "contact_email",
            "contact_phone",
            "currency",
            "expected_close_date",
            "stage",
            "fund_activity_code",
            "notes",
        ]
        widgets = {
            "customer_domain": forms.TextInput(attrs={"placeholder": "example.com"}),
            "expected_close_date": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "customer_domain": _("Its web domain or its tax id is needed to submit."),
            "customer_tax_id": _("For example ИНН, VAT or EIN."),
        }

    # A draft may leave anything out; these the submission needs (deals.services.submission_errors), and the
    # form marks them as required.
    REQUIRED_TO_SUBMIT = ("customer_name", "expected_close_date")

    def __init__(self, *args, partners=None, products=None, **kwargs):
        self.products = products
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED_TO_SUBMIT:
            if name in self.fields:
                self.fields[name].required_to_submit = True  # type: ignore[attr-defined]
        if "partner_id" in self.fields:
            if self.instance.pk is not None:
                # The registering partner is fixed once the draft exists.
                del self.fields["partner_id"]
            elif partners is not None:
                from partners.models import Partner

                field = self.fields["partner_id"]
                field.queryset = Partner.objects.filter(pk__in=[p.pk for p in partners])
                field.error_messages["invalid_choice"] = _(
                    "You can register deals only for your company or its resellers."
                )
                if len(partners) > 1:
                    field.empty_label = partners[0].name
                else:
                    field.widget = forms.HiddenInput()  # only a distributor chooses

    def nested_initial(self, name):
        if self.instance.pk is None:
            return None
        return [
            {"product_id": line.product, "quantity": line.quantity, "unit_price": line.unit_price}
            for line in self.instance.lines.all()
        ]

    def nested_kwargs(self, name):
        return {"form_kwargs": {"products": self.products}}

    def clean_customer_domain(self):
        return normalize_domain(self.cleaned_data.get("customer_domain") or "")

    def clean_customer_tax_id(self):
        value = (self.cleaned_data.get("customer_tax_id") or "").strip()
        if message := tax_id_error(value):
            raise ValidationError(message, code="invalid")
        return value

    def clean_contact_email(self):
        return (self.cleaned_data.get("contact_email") or "").strip().lower()

    def clean_fund_activity_code(self):
        return normalize_code(self.cleaned_data.get("fund_activity_code") or "")

    def clean_stage(self):
        return self.cleaned_data.get("stage") or DealRegistration._meta.get_field("stage").default


def _note(label, *, required: bool, required_message=None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        error_messages={"required": required_message} if required_message else None,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3 if required else 2}),
    )


class ApproveInput(Input):
    note = _note(_("Note to the partner (optional)"), required=False)


class RejectInput(Input):
    reason = _note(
        _("Reason"), required=True, required_message=_("Give the partner a reason for the rejection.")
    )


class AppealInput(Input):
    reason = _note(
        _("Why should the rejection be reconsidered?"),
        required=True,
        required_message=_("Say why the rejection should be reconsidered."),
    )


class AppealDecisionInput(Input):
    grant = forms.BooleanField(
        label=_("Grant the appeal: approve and protect"),
        required=False,
        help_text=_("true approves and protects the registration; false upholds the rejection"),
    )
    note = _note(
        _("Explanation for the partner"),
        required=True,
        required_message=_("Explain the decision on the appeal."),
    )


class ExtensionInput(Input):
    days = forms.IntegerField(label=_("Extra days"), min_value=1)
    reason = _note(
        _("Why does the deal need more time?"),
        required=True,
        required_message=_("Say why the deal needs more time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit the rules set, stated on the form and enforced by it.
        limit = settings.DEAL_MAX_EXTENSION_DAYS
        field = self.fields["days"]
        field.max_value = limit
        field.validators.append(_MaxDays(limit))
        field.widget.attrs["max"] = limit
        field.initial = min(30, limit)
        field.help_text = ngettext("From 1 to %(n)s day.", "From 1 to %(n)s days.", limit) % {"n": limit}


class _MaxDays:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        if value is not None and value > self.limit:
            raise ValidationError(ask_for_days(self.limit), code="max_value", params={"n": self.limit})


def ask_for_days(limit: int) -> str:
    return ngettext("Ask for 1 to %(n)s day.", "Ask for 1 to %(n)s days.", limit) % {"n": limit}


class ExtensionDecisionInput(Input):
    approve = forms.BooleanField(label=_("Approve the extension"), required=False)
    note = _note(_("Note to the partner (required to deny)"), required=False)


class CloseInput(Input):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("won", _("Won")), ("lost", _("Lost"))])
    won_amount = AmountField(label=_("Amount won"), required=False)
    lost_reason = _note(_("Why was it lost?"), required=False)


class ReopenInput(Input):
    reason = _note(
        _("Why is the deal reopened?"),
        required=True,
        required_message=_("Say why the deal is reopened."),
    )


class RefundInput(Input):
    amount = AmountField(
        label=_("Amount refunded"),
        help_text=_("In the registration's currency: the whole amount won for a full refund."),
    )
    reason = _note(
        _("Why was it refunded?"), required=True, required_message=_("Say why the customer was refunded.")
    )


__all__ = [
    "MAX_LINES",
    "MAX_QUANTITY",
    "AppealDecisionInput",
    "AppealInput",
    "ApproveInput",
    "CloseInput",
    "DealErrorCode",
    "ExtensionDecisionInput",
    "ExtensionInput",
    "LineInput",
    "RefundInput",
    "RegistrationInput",
    "RejectInput",
    "ReopenInput",
]
