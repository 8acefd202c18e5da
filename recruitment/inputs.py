"""The inputs of recruitment's write actions: each one used by its page form and its API endpoint.

Limits and choices come from the models (`ModelInput`) or are declared here once; the API schemas in
`recruitment/schemas.py` are generated from these classes (`core.inputs.api_schema`).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from competition.errors import CompetitionErrorCode
from competition.inputs import DeclarationFormSet
from core.inputs import CodeChoiceField, IdChoiceField, Input, ModelInput
from core.normalize import normalize_domain
from core.schemas import CountryCode, OptionalCountryCode
from partners.choices import Capability, CompanySize, PartnerType, Region, Vertical
from partners.regions import derive_region, show_region_from_country
from partners.services import tax_id_error
from recruitment.models import Application, Prospect, ProspectStage, RecruitmentTargets

HONEYPOT_FIELD = "homepage"
BLANK_LABEL = "—"
DOMAIN_WIDGET = forms.TextInput(attrs={"placeholder": "example.com"})
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class CountryChoiceField(CodeChoiceField):
    """A country by its ISO code; lower case is taken too (the API always has)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[("", BLANK_LABEL), *countries], **kwargs)

    @property
    def api_type(self) -> Any:
        return CountryCode if self.required else OptionalCountryCode


class ManagerChoiceField(IdChoiceField):
    """A channel account manager (or the chief) chosen by public id, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class Checkboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[str]:
        return list(dict.fromkeys(super().clean(value)))  # each value once, in the order given


class _CompanyInput(ModelInput):
    """What an application and a prospect share: a company, its place and its contact."""

    verticals = Checkboxes(label=_("Verticals"), required=False, choices=Vertical.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):  # a model field's choices, "---------" first
                choices = cast(list[tuple[str, Any]], field.choices)
                field.choices = [(value, label if value else BLANK_LABEL) for value, label in choices]
        show_region_from_country(self)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        derive_region(self)
        return cleaned

    def clean_web_domain(self) -> str:
        return normalize_domain(self.cleaned_data.get("web_domain") or "")

    def clean_contact_email(self) -> str:
        return (self.cleaned_data.get("contact_email") or "").lower()


class YesNoField(forms.NullBooleanField):
    """A question answered yes or no (radio buttons on the page, a JSON boolean in the API); the answer is
    required, so an unanswered question is refused, not read as no."""

    widget = forms.RadioSelect(choices=[("true", _("Yes")), ("false", _("No"))])

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value == "on":  # a JSON true, bound as a ticked box is (core.inputs.to_form_data)
            return True
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class ApplicationInput(_CompanyInput):
    """The public "Become a partner" form (and the API's submission). The honeypot input is rendered by
    the template, not here. The competing products it lists (`competing`, rows of competition's
    declaration) go with a yes to `sells_competing`, and none with a no."""

    nested = {"competing": DeclarationFormSet}

    country = CountryChoiceField(label=_("Country"))
    capabilities = Checkboxes(
        label=_("What your company does for its customers"), required=False, choices=Capability.choices
    )
    certifications = forms.CharField(
        label=_("Certifications and technical skills"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vendor certifications your people hold, technical skills, services you offer."),
    )
    sells_competing = YesNoField(
        label=_("Do you also sell products that compete with ours?"),
        required=True,
        error_messages={"required": _("Tell us whether you also sell competing products.")},
    )
    motivation = forms.CharField(
        label=_("Why do you want to partner with us?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Application
        fields = [
            "company_name",
            "legal_name",
            "tax_id",
            "web_domain",
            "country",
            "region",
            "city",
            "partner_type",
            "verticals",
            "size",
            "capabilities",
            "certifications",
            "sells_competing",
            "contact_name",
            "contact_email",
            "contact_phone",
            "motivation",
        ]
        labels = {
            "company_name": _("Company name"),
            "legal_name": _("Legal name"),
            "tax_id": _("Tax id"),
            "web_domain": _("Web domain"),
            "region": _("Region"),
            "city": _("City"),
            "partner_type": _("Partner type sought"),
            "size": _("Company size"),
            "contact_name": _("Your name"),
            "contact_email": _("Email"),
            "contact_phone": _("Phone"),
        }
        help_texts = {"tax_id": _("For example ИНН, VAT or EIN.")}
        widgets = {"web_domain": DOMAIN_WIDGET}

    def clean_tax_id(self) -> str:
        value = self.cleaned_data.get("tax_id") or ""
        if message := tax_id_error(value):
            raise ValidationError(message, code="invalid")
        return value

    def competing_rows(self) -> list[dict[str, Any]]:
        """The competing products listed (blank and removed rows left out), once the formset is valid."""
        formset = self.formsets.get("competing")
        if formset is None or not formset.is_valid():
            return []
        return [
            form.cleaned_data
            for index, form in enumerate(formset.forms)
            if (index < formset.initial_form_count() or form.has_changed())
            and form.cleaned_data.get("vendor_id") is not None
            and not form.cleaned_data.get("DELETE")
        ]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        answer = self.cleaned_data.get("sells_competing")
        if "competing" in self.formsets and answer is not None:
            rows = self.competing_rows()
            if answer and not rows and self.formsets["competing"].is_valid():
                self.add_error(
                    "sells_competing",
                    ValidationError(
                        _("List the competing products you sell below, or answer no."),
                        code=CompetitionErrorCode.ANSWER_COMPETING,
                    ),
                )
            elif not answer and rows:
                self.add_error(
                    "sells_competing",
                    ValidationError(
                        _("You listed competing products: answer yes, or remove them."),
                        code=CompetitionErrorCode.ANSWER_COMPETING,
                    ),
                )
        return cleaned


class ProspectInput(_CompanyInput):
    """A prospect, created (all fields) and changed (the API may send only some). An empty owner is the
    one who saves it (`default_owner`)."""

    owner = ManagerChoiceField(
        label=_("Owner"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Leave empty to own it yourself."),
    )
    country = CountryChoiceField(label=_("Country"), required=False)

    class Meta:
        model = Prospect
        fields = [
            "company_name",
            "web_domain",
            "partner_type",
            "source",
            "owner",
            "country",
            "region",
            "city",
            "size",
            "verticals",
            "contact_name",
            "contact_email",
            "next_step",
            "next_step_date",
            "notes",
        ]
        labels = {
            "company_name": _("Company name"),
            "web_domain": _("Web domain"),
            "partner_type": _("Partner type"),
            "source": _("Source"),
            "region": _("Region"),
            "city": _("City"),
            "size": _("Company size"),
            "contact_name": _("Contact name"),
            "contact_email": _("Contact email"),
            "next_step": _("Next step"),
            "next_step_date": _("Next step date"),
            "notes": _("Notes"),
        }
        widgets = {
            "web_domain": DOMAIN_WIDGET,
            "next_step_date": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[User] | None = None,
        default_owner: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_owner = default_owner
        field = self.fields.get("owner")
        if owners is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = owners
            field.error_messages["invalid_choice"] = _(
                "The owner must be a channel account manager or the channel chief."
            )

    def clean_owner(self) -> User | None:
        return self.cleaned_data.get("owner") or self.default_owner

    @classmethod
    def initial_for(cls, prospect: Prospect) -> dict[str, Any]:
        initial = {name: getattr(prospect, name) for name in cls.base_fields}
        return initial | {"country": prospect.country.code or "", "owner": prospect.owner}


class StageInput(ModelInput):
    """Moving a prospect along the pipeline; the page offers only the stages it may move to."""

    stage = forms.ChoiceField(label=_("Move to"), choices=ProspectStage.choices)  # no default: say where
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Prospect
        fields = ["stage", "next_step", "next_step_date", "note"]
        labels = {"next_step": _("Next step"), "next_step_date": _("Next step date")}
        widgets = {"next_step_date": DATE_WIDGET}

    def __init__(self, *args: Any, next_stages: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stage"]
        if next_stages is not None and isinstance(field, forms.ChoiceField):
            field.choices = [(s, label) for s, label in ProspectStage.choices if s in next_stages]


class ApproveInput(Input):
    """Approving may name the new partner's CAM explicitly; left empty, the territory decides."""

    cam_id = ManagerChoiceField(
        label=_("Channel account manager"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave it to the territory, or choose another manager (recorded as your choice)."),
        error_messages={"invalid_choice": _("Choose an active channel account manager.")},
    )

    def __init__(self, *args: Any, cams: QuerySet[User] | None = None, proposal: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["cam_id"]
        assert isinstance(field, ManagerChoiceField)
        if cams is not None:
            field.queryset = cams
        if proposal is not None:
            name = proposal.cam.display_name if proposal.cam else _("nobody")
            field.empty_label = _("By territory: %(name)s") % {"name": name}


class RejectInput(Input):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason; it is sent to the applicant.")},
    )


def _weight(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100, **kwargs)


class TargetsInput(Input):
    """What channel ops recruit for; the six weights must add up to 100 (checked by the service, which
    knows the saved weights a partial change leaves as they are)."""

    regions = Checkboxes(label=_("Target regions"), required=False, choices=Region.choices)
    verticals = Checkboxes(label=_("Target verticals"), required=False, choices=Vertical.choices)
    partner_types = Checkboxes(label=_("Target partner types"), required=False, choices=PartnerType.choices)
    sizes = Checkboxes(label=_("Target sizes"), required=False, choices=CompanySize.choices)
    capabilities = Checkboxes(label=_("Target capabilities"), required=False, choices=Capability.choices)
    weight_region = _weight(_("Weight of region"))
    weight_verticals = _weight(_("Weight of verticals"))
    weight_type = _weight(_("Weight of partner type"))
    weight_size = _weight(_("Weight of size"))
    weight_capabilities = _weight(
        _("Weight of capabilities"), required=False, help_text=_("Empty: 0, capabilities do not count.")
    )
    weight_competition = _weight(
        _("Weight of competing products"),
        required=False,
        help_text=_(
            "Full points for an applicant that sells no competing products, fewer the more of its business "
            "they make (a share not given counts as half), none for one that sells only competing products. "
            "The six weights must add up to 100."
        ),
    )

    @classmethod
    def initial_for(cls, targets: RecruitmentTargets) -> dict[str, Any]:
        return {name: getattr(targets, name) for name in cls.base_fields}

    def clean_weight_capabilities(self) -> int:
        return self.cleaned_data.get("weight_capabilities") or 0

    def clean_weight_competition(self) -> int:
        return self.cleaned_data.get("weight_competition") or 0
