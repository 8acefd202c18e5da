from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from partners.choices import Capability, CompanySize, PartnerStatus, PartnerType, Region, Tier, Vertical
from partners.models import Partner
from partners.selectors import account_managers


def _blank(choices, label="—"):
    return [("", label), *choices]


class MultipleChoiceJSON(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class PartnerProfileForm(forms.Form):
    """The fields a partner admin edits about their own company."""

    name = forms.CharField(label=_("Name"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), max_length=300, required=False)
    tax_id = forms.CharField(
        label=_("Tax id"), max_length=40, required=False, help_text=_("For example ИНН, VAT or EIN.")
    )
    web_domain = forms.CharField(
        label=_("Web domain"),
        max_length=253,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "example.com"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    size = forms.ChoiceField(label=_("Size"), required=False, choices=_blank(CompanySize.choices))
    verticals = MultipleChoiceJSON(label=_("Verticals"), required=False, choices=Vertical.choices)
    capabilities = MultipleChoiceJSON(label=_("Capabilities"), required=False, choices=Capability.choices)
    description = forms.CharField(
        label=_("About the company"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(list(countries))

    @classmethod
    def initial_for(cls, partner: Partner) -> dict:
        initial = {name: getattr(partner, name) for name in cls.base_fields}
        return initial | {"country": partner.country.code or ""}


class StaffPartnerForm(PartnerProfileForm):
    """Everything the vendor keeps about a partner."""

    partner_type = forms.ChoiceField(label=_("Partner type"), choices=_blank(PartnerType.choices))
    region = forms.ChoiceField(label=_("Region"), required=False, choices=_blank(Region.choices))
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    cam = forms.ModelChoiceField(
        label=_("Channel account manager"),
        required=False,
        queryset=None,  # the account managers, set per actor in __init__
        to_field_name="public_id",
    )
    parent = forms.ModelChoiceField(
        label=_("Distributor (two-tier)"),
        required=False,
        queryset=Partner.objects.none(),
        to_field_name="public_id",
    )

    field_order = [
        "name",
        "legal_name",
        "partner_type",
        "tier",
        "cam",
        "parent",
        "tax_id",
        "web_domain",
        "country",
        "region",
        "city",
        "phone",
        "size",
        "verticals",
        "capabilities",
        "description",
    ]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cam"].queryset = account_managers(actor=actor)
        self.fields["parent"].queryset = (
            Partner.objects.visible_to(actor)
            .filter(partner_type=PartnerType.DISTRIBUTOR)
            .exclude(status=PartnerStatus.OFFBOARDED)
        )

    @classmethod
    def initial_for(cls, partner: Partner) -> dict:
        initial = super().initial_for(partner)
        initial.update(
            {
                "partner_type": partner.partner_type,
                "region": partner.region,
                "tier": partner.tier,
                "cam": partner.cam.public_id if partner.cam else None,
                "parent": partner.parent.public_id if partner.parent else None,
            }
        )
        return initial


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=PartnerStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TerritoryForm(forms.Form):
    """The regions and countries one channel account manager looks after."""

    regions = MultipleChoiceJSON(
        label=_("Regions"),
        required=False,
        choices=Region.choices,
        help_text=_("Partners from anywhere in a region, unless a country is held by someone."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("More specific than a region: a country's partners go to whoever holds the country."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = list(countries)
