from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from core.normalize import normalize_domain
from partners.choices import CompanySize, PartnerType, Region, Vertical
from recruitment.models import Prospect, ProspectSource, ProspectStage

HONEYPOT_FIELD = "homepage"


def _blank(choices, label="—"):
    return [("", label), *choices]


class _Checkboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ApplicationForm(forms.Form):
    """The public "Become a partner" form. The honeypot input is rendered by the template, not here."""

    company_name = forms.CharField(label=_("Company name"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), max_length=300, required=False)
    tax_id = forms.CharField(
        label=_("Tax id"), max_length=40, required=False, help_text=_("For example ИНН, VAT or EIN.")
    )
    web_domain = forms.CharField(
        label=_("Web domain"), max_length=253, widget=forms.TextInput(attrs={"placeholder": "example.com"})
    )
    country = forms.ChoiceField(label=_("Country"))
    region = forms.ChoiceField(label=_("Region"), choices=_blank(Region.choices))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    partner_type = forms.ChoiceField(label=_("Partner type sought"), choices=_blank(PartnerType.choices))
    verticals = forms.MultipleChoiceField(
        label=_("Verticals"), required=False, choices=Vertical.choices, widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(label=_("Company size"), required=False, choices=_blank(CompanySize.choices))
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(label=_("Email"))
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    motivation = forms.CharField(
        label=_("Why do you want to partner with us?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(list(countries))

    def clean_web_domain(self):
        return normalize_domain(self.cleaned_data["web_domain"])


class ApproveForm(forms.Form):
    """Approving may name the new partner's CAM explicitly; left empty, the territory decides."""

    cam = forms.ModelChoiceField(
        label=_("Channel account manager"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text=_("Leave it to the territory, or choose another manager (recorded as your choice)."),
        error_messages={"invalid_choice": _("Choose an active channel account manager.")},
    )

    def __init__(self, *args, cams, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cam"]
        field.queryset = cams
        field.label_from_instance = lambda user: user.display_name
        if proposal is not None:
            name = proposal.cam.display_name if proposal.cam else _("nobody")
            field.empty_label = _("By territory: %(name)s") % {"name": name}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProspectForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    web_domain = forms.CharField(
        label=_("Web domain"),
        max_length=253,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "example.com"}),
    )
    partner_type = forms.ChoiceField(label=_("Partner type"), choices=_blank(PartnerType.choices))
    source = forms.ChoiceField(label=_("Source"), choices=_blank(ProspectSource.choices))
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        required=False,
        queryset=User.objects.none(),
        to_field_name="public_id",
        help_text=_("Leave empty to own it yourself."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False, choices=_blank(Region.choices))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    size = forms.ChoiceField(label=_("Company size"), required=False, choices=_blank(CompanySize.choices))
    verticals = forms.MultipleChoiceField(
        label=_("Verticals"), required=False, choices=Vertical.choices, widget=forms.CheckboxSelectMultiple
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_date = forms.DateField(
        label=_("Next step date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["country"].choices = _blank(list(countries))

    def clean_web_domain(self):
        return normalize_domain(self.cleaned_data["web_domain"])

    @classmethod
    def initial_for(cls, prospect: Prospect) -> dict:
        initial = {name: getattr(prospect, name) for name in cls.base_fields}
        initial.update(
            {
                "country": prospect.country.code or "",
                "owner": prospect.owner.public_id if prospect.owner else None,
            }
        )
        return initial


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move to"), choices=[c for c in ProspectStage.choices if c[0] != ProspectStage.CONVERTED]
    )
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_date = forms.DateField(
        label=_("Next step date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TargetsForm(forms.Form):
    regions = _Checkboxes(label=_("Target regions"), required=False, choices=Region.choices)
    verticals = _Checkboxes(label=_("Target verticals"), required=False, choices=Vertical.choices)
    partner_types = _Checkboxes(label=_("Target partner types"), required=False, choices=PartnerType.choices)
    sizes = _Checkboxes(label=_("Target sizes"), required=False, choices=CompanySize.choices)
    weight_region = forms.IntegerField(label=_("Weight of region"), min_value=0, max_value=100)
    weight_verticals = forms.IntegerField(label=_("Weight of verticals"), min_value=0, max_value=100)
    weight_type = forms.IntegerField(label=_("Weight of partner type"), min_value=0, max_value=100)
    weight_size = forms.IntegerField(
        label=_("Weight of size"),
        min_value=0,
        max_value=100,
        help_text=_("The four weights must add up to 100."),
    )

    @classmethod
    def initial_for(cls, targets) -> dict:
        return {name: getattr(targets, name) for name in cls.base_fields}
