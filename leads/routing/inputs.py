"""The inputs of routing's write actions (a draft's settings, a rule, a hand assignment, a decline, a
simulation): each one used by its page form and its API endpoint."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field as PydanticField
from pydantic import StrictInt

from core.inputs import IdChoiceField, Input
from core.versions import TieredSettingsInput, TierValuesField
from engagement.inputs import ChoiceListField, FlagField, country_list_field
from leads.models import DeclineReason, LeadAttribute, TerritoryMatch
from partners.choices import PartnerType, Region, Tier, Vertical

MAX_SLA_HOURS = 24 * 30
MAX_CAPACITY = 10_000
OPS = ("eq", "in", "gte", "lte")


def _hours_field(label: Any, *, required: bool, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=1, max_value=MAX_SLA_HOURS, help_text=help_text
    )


class RuleSetInput(TieredSettingsInput):
    """A draft's settings, with the hours to accept per tier (`TieredSettingsInput`)."""

    default_sla_hours = _hours_field(
        _("Hours to accept"), required=True, help_text=_("Unless the partner's tier has its own.")
    )
    default_capacity = forms.IntegerField(
        label=_("Open leads per partner"),
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Unless a rule says otherwise."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tier_sla_hours = TierValuesField(
        label=_("Hours to accept per tier"),
        required=False,
        tiers=Tier.choices,
        number_field=_hours_field,
        not_a_mapping=_("Give the hours per tier as a mapping of tier to hours."),
        page_label=_("Hours to accept for %(tier)s partners"),
        page_help=_("Empty: the default."),
        api_type=dict[Tier, Annotated[StrictInt, PydanticField(ge=1, le=MAX_SLA_HOURS)]] | None,
    )


class AttributeConditionIn(Schema):
    key: str
    op: Literal["eq", "in", "gte", "lte"]
    value: str | int | float | bool | list[str | int | float]


class AttributeConditionsField(forms.Field):
    """Conditions on the lead's custom attributes: a list of {key, op, value} (the API), or one per line as
    "key op value" (the page: "employees gte 500", "industry in retail, sports")."""

    api_type = list[AttributeConditionIn]
    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                f"{c.get('key')} {c.get('op')} "
                + (
                    ", ".join(str(v) for v in c["value"])
                    if isinstance(c.get("value"), list)
                    else str(c.get("value"))
                )
                for c in value
                if isinstance(c, dict)
            )
        return value

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        if value in (None, "", []):
            return []
        if isinstance(value, str):
            value = [self._parse(line) for line in value.splitlines() if line.strip()]
        if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
            raise ValidationError(_("Give each condition as key, operator and value."), code="invalid")
        return [self._condition(c) for c in value]

    def _parse(self, line: str) -> dict[str, Any]:
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise ValidationError(
                _("Write each condition as “key operator value”, such as “employees gte 500”."),
                code="invalid",
            )
        key, op, raw = parts
        value: Any = [v.strip() for v in raw.split(",") if v.strip()] if op == "in" else raw.strip()
        return {"key": key, "op": op, "value": value}

    def _condition(self, condition: dict[str, Any]) -> dict[str, Any]:
        key, op, value = condition.get("key"), condition.get("op"), condition.get("value")
        if op not in OPS:
            raise ValidationError(
                _("Unknown operator %(op)s; choose from: %(values)s."),
                code="invalid_choice",
                params={"op": op, "values": ", ".join(OPS)},
            )
        definition = LeadAttribute.objects.filter(key=key).first()
        if definition is None:
            raise ValidationError(
                _("There is no lead attribute %(key)s."), code="invalid_choice", params={"key": key}
            )
        if op in ("gte", "lte") and definition.kind not in ("number", "date"):
            raise ValidationError(
                _("%(key)s is not a number or a date: compare it with eq or in."),
                code="invalid",
                params={"key": key},
            )
        if op == "in" and not isinstance(value, list):
            value = [value]
        if op != "in" and isinstance(value, list):
            raise ValidationError(_("Only “in” takes a list of values."), code="invalid")
        if value in (None, "", []):
            raise ValidationError(_("Give the value to compare with."), code="required")
        return {"key": key, "op": op, "value": value}


class _PublicIdsField(forms.ModelMultipleChoiceField):
    """Rows named by their public ids (the API sends ids, the page ticks boxes); stored as primary keys."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        super().__init__(queryset, to_field_name="public_id", required=False, **kwargs)
        self.widget = forms.CheckboxSelectMultiple()


class RuleInput(Input):
    """A rule: every field (the API replaces a rule whole; fields left out take their defaults)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    direct = FlagField(
        label=_("Send the leads it takes to direct sales"),
        required=False,
        help_text=_("The partner conditions below are then not used."),
    )
    lead_regions = ChoiceListField(
        label=_("Lead regions"), required=False, choices=Region.choices, widget=forms.CheckboxSelectMultiple
    )
    lead_countries = country_list_field(_("Lead countries"))
    lead_verticals = ChoiceListField(
        label=_("Lead verticals"),
        required=False,
        choices=Vertical.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_products = _PublicIdsField(queryset=None, label=_("Products of interest (any of)"))
    lead_attributes = AttributeConditionsField(
        label=_("Conditions on custom attributes"),
        required=False,
        help_text=_("One per line: key, operator (eq, in, gte, lte), value. Example: employees gte 500."),
    )
    partner_types = ChoiceListField(
        label=_("Partner types"),
        required=False,
        choices=PartnerType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_tiers = ChoiceListField(
        label=_("Partner tiers"), required=False, choices=Tier.choices, widget=forms.CheckboxSelectMultiple
    )
    territory = forms.ChoiceField(
        label=_("Partner's territory"),
        choices=TerritoryMatch.choices,
        initial=TerritoryMatch.REGION,
        required=False,
    )
    partner_verticals = FlagField(label=_("The partner serves the lead's vertical"), required=False)
    certifications = _PublicIdsField(
        queryset=None,
        label=_("Certifications held"),
        help_text=_("At least one person of the partner holds a valid award of each."),
    )
    capacity = forms.IntegerField(
        label=_("Open leads per partner"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Empty: the version's default."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from catalog.models import Product
        from learning.models import Certification

        if "lead_products" in self.fields:
            self.fields["lead_products"].queryset = Product.objects.order_by("name")  # type: ignore[attr-defined]
        if "certifications" in self.fields:
            self.fields["certifications"].queryset = Certification.objects.order_by("title_en")  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, rule: Any) -> dict[str, Any]:
        from catalog.models import Product
        from learning.models import Certification

        initial = {name: getattr(rule, name) for name in cls.base_fields}
        initial["lead_products"] = list(
            Product.objects.filter(pk__in=rule.lead_products or []).values_list("public_id", flat=True)
        )
        initial["certifications"] = list(
            Certification.objects.filter(pk__in=rule.certifications or []).values_list("public_id", flat=True)
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["territory"] = data.get("territory") or TerritoryMatch.REGION
        for name in ("lead_products", "certifications"):
            if name in data:
                data[name] = sorted(row.pk for row in data[name] or [])
        return data


class PartnerChoiceField(IdChoiceField):
    """A partner chosen by public id (a searchable select on the page), shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class AssignInput(Input):
    """A hand assignment: to which partner, and why (the partner reads the reason with the lead)."""

    partner = PartnerChoiceField(label=_("Partner"), queryset=None)

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise ValidationError(_("Say why you assign this lead by hand."), code="required")
        return reason


class _OffsetField(forms.TypedChoiceField):
    api_type = Literal[-1, 1]


class MoveInput(Input):
    offset = _OffsetField(
        label=_("Move"), choices=[(-1, _("Up one place")), (1, _("Down one place"))], coerce=int
    )


class DeclineInput(Input):
    reason = forms.ChoiceField(label=_("Why not"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class Selection(models.TextChoices):
    LATEST = "latest", _("The latest leads")
    UNROUTED = "unrouted", _("Leads no rule could route")
    NEW = "new", _("New leads of the last days")


MAX_SIMULATED = 5000


class _VersionField(forms.UUIDField):
    api_type = UUID | None  # which version (default: the draft, else the published one); the page has it


class SimulationInput(Input):
    """Which leads to route, in memory, with which version of the rules."""

    version_id = _VersionField(required=False, widget=forms.HiddenInput)
    selection = forms.ChoiceField(label=_("Leads"), choices=Selection.choices, initial=Selection.LATEST)
    days = forms.IntegerField(
        label=_("Created in the last (days)"), min_value=1, max_value=365, initial=30, required=False
    )
    limit = forms.IntegerField(label=_("At most"), min_value=1, max_value=MAX_SIMULATED, initial=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["days"] = data.get("days") or 30
        return data
