"""Helpers shared by the recruitment tests (on top of the personas of core/testing.py)."""

import pytest

from core.actor import ANONYMOUS
from recruitment.models import Prospect, RecruitmentTargets
from recruitment.services import application_submit

IP = "203.0.113.5"


def application_data(**overrides) -> dict:
    data = {
        "company_name": "Nordic Gear",
        "legal_name": "Nordic Gear AB",
        "tax_id": "SE556677",
        "web_domain": "https://www.Nordic-Gear.example/about",
        "country": "SE",
        "region": "europe",
        "city": "Stockholm",
        "partner_type": "reseller",
        "verticals": ["retail", "sports"],
        "size": "11-50",
        "contact_name": "Anna Berg",
        "contact_email": "anna@nordic-gear.example",
        "contact_phone": "+46 8 123",
        "motivation": "We sell outdoor equipment across Scandinavia.",
        "sells_competing": False,
    }
    return data | overrides


def submit(*, ip: str = IP, actor=ANONYMOUS, **overrides):
    return application_submit(actor=actor, data=application_data(**overrides), ip=ip)


@pytest.fixture
def targets(db) -> RecruitmentTargets:
    return RecruitmentTargets.objects.create(
        regions=["europe"],
        verticals=["retail", "sports"],
        partner_types=["reseller", "distributor"],
        sizes=["11-50", "51-200"],
    )


@pytest.fixture
def make_prospect(world):
    def _make(**overrides) -> Prospect:
        fields = {
            "company_name": "Baltic Bikes",
            "web_domain": "baltic-bikes.example",
            "country": "LV",
            "region": "europe",
            "partner_type": "dealer",
            "source": "trade_show",
            "contact_name": "Janis",
            "contact_email": "janis@baltic-bikes.example",
            "owner": world.cam,
            "verticals": ["sports"],
        }
        return Prospect.objects.create(**(fields | overrides))

    return _make
