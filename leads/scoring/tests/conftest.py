import random
from datetime import date, timedelta

import pytest

from leads.models import Lead, LeadAttribute
from leads.scoring.history import create_closed_leads, define_attributes

DEFINITIONS: list[dict] = [
    {"key": "visits", "kind": "number", "label_en": "Total visits", "label_ru": "Всего визитов"},
    {"key": "newsletter", "kind": "boolean", "label_en": "Newsletter", "label_ru": "Рассылка"},
    {
        "key": "segment",
        "kind": "choice",
        "label_en": "Segment",
        "label_ru": "Сегмент",
        "choices": [
            {"value": "smb", "label_en": "Small business", "label_ru": "Малый бизнес"},
            {"value": "enterprise", "label_en": "Enterprise", "label_ru": "Крупный бизнес"},
            {"value": "public", "label_en": "Public sector", "label_ru": "Госсектор"},
        ],
    },
    {"key": "campaign", "kind": "text", "label_en": "Campaign", "label_ru": "Кампания"},
    {"key": "first_touch", "kind": "date", "label_en": "First touch", "label_ru": "Первый контакт"},
]


def lead_values(rng: random.Random, *, status: str | None = None, **extra) -> dict:
    """A lead whose chance to convert grows with visits and the enterprise segment."""
    visits = rng.randint(0, 20)
    segment = rng.choice(["smb", "enterprise", "public", "Select"])
    chance = 0.1 + 0.035 * visits + (0.25 if segment == "enterprise" else 0.0)
    converted = rng.random() < chance
    values = {
        "company_name": f"Company {rng.randint(1, 10**6)}",
        "country": rng.choice(["DE", "FR", "IN", "US"]),
        "contact_email": rng.choice(["a@gmail.com", "b@firm.example", ""]),
        "contact_title": rng.choice(["", "CTO"]),
        "source": "import",
        "attributes": {
            "visits": visits,
            "newsletter": rng.random() < 0.5,
            "segment": segment,
            "campaign": rng.choice(["spring", "autumn"]),
            "first_touch": (date(2026, 11, 1) - timedelta(days=rng.randint(0, 90))).isoformat(),
        },
        "status": status or ("converted" if converted else "lost"),
    }
    values.update(extra)
    return values


@pytest.fixture
def attributes(db) -> dict[str, LeadAttribute]:
    return define_attributes(DEFINITIONS)


@pytest.fixture
def history(attributes) -> int:
    """240 closed leads with custom attributes of every kind."""
    rng = random.Random(7)
    return create_closed_leads(lead_values(rng) for _ in range(240))


@pytest.fixture
def open_lead(world, attributes) -> Lead:
    values = lead_values(random.Random(1), status="accepted")
    values["attributes"].update({"visits": 18, "segment": "enterprise"})
    return Lead.objects.create(partner=world.partner_a, destination="channel", **values)
