"""`get_FOO_display` on Kanal's models answers what Django's own does, from a dict built once per field and
language (`core.models.choice_labels`) instead of on every call."""

from django.db import models
from django.utils import translation

from partners.choices import PartnerStatus, Region
from partners.models import Partner
from programs.models import AgreementVersion


def _django(obj, name):
    return models.Model._get_FIELD_display(obj, obj._meta.get_field(name))


def test_display_matches_django_for_known_unknown_and_empty_values_in_both_languages():
    partner = Partner(status=PartnerStatus.AT_RISK, region=Region.EUROPE, tier="", partner_type="nonsense")
    version = AgreementVersion(kind="partner_agreement")
    for language in ("en", "ru"):
        with translation.override(language):
            for name in ("status", "region", "tier", "partner_type"):
                assert getattr(partner, f"get_{name}_display")() == _django(partner, name), (language, name)
            assert version.get_kind_display() == _django(version, "kind")
    with translation.override("ru"):
        assert partner.get_status_display() == str(PartnerStatus.AT_RISK.label)
    assert partner.get_partner_type_display() == "nonsense"


def test_each_language_gets_its_own_labels():
    partner = Partner(status=PartnerStatus.ACTIVE)
    with translation.override("en"):
        english = partner.get_status_display()
    with translation.override("ru"):
        russian = partner.get_status_display()
    assert english == "Active" and russian != english
