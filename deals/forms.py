from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.money import Currency
from deals.models import DealRegistration, RegistrationStage, RegistrationStatus
from deals.selectors import RegistrationFilter

LINE_ROWS = 5


def _blank(choices, label="—"):
    return [("", label), *choices]


class RegistrationForm(forms.Form):
    partner = forms.ChoiceField(label=_("Registering for"), required=False)
    customer_name = forms.CharField(label=_("Customer name"), max_length=200, required=False)
    customer_domain = forms.CharField(
        label=_("Customer web domain"),
        max_length=253,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "example.com"}),
    )
    customer_tax_id = forms.CharField(
        label=_("Customer tax id"), max_length=40, required=False, help_text=_("For example ИНН, VAT or EIN.")
    )
    customer_country = forms.ChoiceField(label=_("Customer country"), required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    expected_close_date = forms.DateField(
        label=_("Expected close date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=RegistrationStage.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partners=(), products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_country"].choices = _blank(list(countries))
        self.partners = {str(p.public_id): p for p in partners}
        if len(self.partners) > 1:
            self.fields["partner"].choices = [(key, p.name) for key, p in self.partners.items()]
        else:
            del self.fields["partner"]
        product_choices = _blank(
            [(str(p.public_id), f"{p.sku} {p.name} ({p.list_price} {p.currency})") for p in products]
        )
        for i in range(LINE_ROWS):
            self.fields[f"line_{i}_product"] = forms.ChoiceField(
                label=_("Product"), required=False, choices=product_choices
            )
            self.fields[f"line_{i}_quantity"] = forms.IntegerField(
                label=_("Quantity"), required=False, min_value=1, max_value=1_000_000
            )
            self.fields[f"line_{i}_unit_price"] = forms.CharField(
                label=_("Unit price"),
                required=False,
                max_length=40,
                help_text=_("Leave empty for the list price."),
            )

    @property
    def detail_fields(self):
        return [f for f in self if not f.name.startswith("line_")]

    @property
    def line_rows(self):
        return [
            (self[f"line_{i}_product"], self[f"line_{i}_quantity"], self[f"line_{i}_unit_price"])
            for i in range(LINE_ROWS)
        ]

    def clean(self):
        data = super().clean()
        for i in range(LINE_ROWS):
            if data.get(f"line_{i}_product") and not data.get(f"line_{i}_quantity"):
                self.add_error(f"line_{i}_quantity", _("Enter a quantity."))
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("line_") and k != "partner"}
        return data

    def selected_partner(self):
        return self.partners.get(self.cleaned_data.get("partner") or "")

    def lines(self) -> list[dict]:
        return [
            {
                "product": self.cleaned_data[f"line_{i}_product"],
                "quantity": self.cleaned_data.get(f"line_{i}_quantity"),
                "unit_price": self.cleaned_data.get(f"line_{i}_unit_price") or None,
            }
            for i in range(LINE_ROWS)
            if self.cleaned_data.get(f"line_{i}_product")
        ]

    @classmethod
    def initial_for(cls, registration: DealRegistration) -> dict:
        initial = {
            name: getattr(registration, name)
            for name in cls.base_fields
            if name not in ("partner", "customer_country")
        }
        initial["customer_country"] = registration.customer_country.code or ""
        initial["partner"] = str(registration.partner.public_id)
        for i, line in enumerate(list(registration.lines.all())[:LINE_ROWS]):
            initial[f"line_{i}_product"] = str(line.product.public_id)
            initial[f"line_{i}_quantity"] = line.quantity
            initial[f"line_{i}_unit_price"] = line.unit_price
        return initial


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the partner (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the rejection be reconsidered?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("grant", _("Grant the appeal: approve and protect")),
            ("uphold", _("Uphold the rejection")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation for the partner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label=_("Extra days"), min_value=1, max_value=365, initial=30)
    reason = forms.CharField(
        label=_("Why does the deal need more time?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("deny", _("Deny"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the partner (required to deny)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("won", _("Won")), ("lost", _("Lost"))])
    won_amount = forms.CharField(label=_("Amount won"), required=False, max_length=40)
    lost_reason = forms.CharField(label=_("Why was it lost?"), required=False, max_length=2000)


class PipelineFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Customer, domain, tax id")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(RegistrationStatus.choices, _("Any"))
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=_blank(RegistrationStage.choices, _("Any"))
    )
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    cam = forms.ChoiceField(label=_("Channel account manager"), required=False)
    conflict = forms.ChoiceField(
        label=_("Conflict check"),
        required=False,
        choices=[("", _("Any")), ("conflict", _("Possible conflict")), ("clear", _("No conflict"))],
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, partners=(), cams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _blank([(str(p.public_id), p.name) for p in partners], _("Any"))
        self.fields["cam"].choices = _blank([(str(u.public_id), u.display_name) for u in cams], _("Anyone"))

    def to_filter(self) -> RegistrationFilter:
        # An invalid value is dropped on its own; the valid filters still apply.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RegistrationFilter(
            **{
                k: data.get(k) or ("" if k not in ("submitted_from", "submitted_to") else None)
                for k in RegistrationFilter.__dataclass_fields__
            }
        )


class MineFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(RegistrationStatus.choices, _("Any"))
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=_blank(RegistrationStage.choices, _("Any"))
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Customer, domain, tax id")}),
    )

    def to_filter(self) -> RegistrationFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RegistrationFilter(
            q=data.get("q") or "", status=data.get("status") or "", stage=data.get("stage") or ""
        )
