from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from core.money import Currency
from direct.models import DealStage, DirectAccount, DirectDeal, Segment
from direct.selectors import staff_owners
from partners.choices import Region


def _blank(choices, label="—"):
    return [("", label), *choices]


class AccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), max_length=300, required=False)
    web_domain = forms.CharField(
        label=_("Web domain"),
        max_length=253,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "example.com"}),
    )
    tax_id = forms.CharField(
        label=_("Tax id"), max_length=40, required=False, help_text=_("For example ИНН, VAT or EIN.")
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False, choices=_blank(Region.choices))
    segment = forms.ChoiceField(label=_("Segment"), required=False, choices=_blank(Segment.choices))
    annual_revenue = forms.CharField(label=_("Annual revenue"), max_length=40, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    employees = forms.IntegerField(label=_("Employees"), required=False, min_value=0)
    owner = forms.ModelChoiceField(
        label=_("Owner (direct sales rep)"),
        required=False,
        queryset=User.objects.none(),
        to_field_name="public_id",
    )
    is_named_account = forms.BooleanField(
        label=_("Named account (reserved for direct sales)"), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(list(countries))
        self.fields["owner"].queryset = staff_owners(actor=actor)

    @classmethod
    def initial_for(cls, account: DirectAccount) -> dict:
        initial = {
            name: getattr(account, name) for name in cls.base_fields if name not in ("owner", "country")
        }
        return initial | {
            "country": account.country.code or "",
            "owner": account.owner.public_id if account.owner else None,
        }


class DealForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    amount = forms.CharField(label=_("Amount"), max_length=40)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    stage = forms.ChoiceField(label=_("Stage"), choices=DealStage.choices)
    expected_close_date = forms.DateField(
        label=_("Expected close date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=User.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_owners(actor=actor)

    @classmethod
    def initial_for(cls, deal: DirectDeal) -> dict:
        return {
            "name": deal.name,
            "amount": deal.amount,
            "currency": deal.currency,
            "stage": deal.stage,
            "expected_close_date": deal.expected_close_date,
            "owner": deal.owner.public_id if deal.owner else None,
        }


class CloseDealForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("won", _("Won")), ("lost", _("Lost"))])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), required=False)
    csv_text = forms.CharField(
        label=_("Or paste CSV"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 20 * 1024 * 1024:
                raise forms.ValidationError(_("The file is too large (20 MB at most)."))
            try:
                data["csv_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("The file must be UTF-8 encoded text.")) from exc
        if not (data.get("csv_text") or "").strip():
            raise forms.ValidationError(_("Choose a CSV file or paste its contents."))
        return data
