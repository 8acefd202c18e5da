"""Helpers for tests that need a campaign kit (campaigns, the isolation walk, the browser tests)."""

from __future__ import annotations

from typing import Any

from campaigns.models import CampaignKit
from campaigns.services import kit_create, kit_publish, message_add

LANDING_EN = (
    "## Ride into spring\n\nNew **e-bikes** at {partner_name}'s.\n\n## Why now\n\nPrices hold until May."
)
LANDING_RU = "## Весна на велосипеде\n\nНовые **электровелосипеды**."
EMAIL = {
    "kind": "email",
    "subject_en": "Spring rides with {partner_name}",
    "body_en": "Call us at {partner_phone} or see {landing_url}.",
    "subject_ru": "Весна с {partner_name}",
    "body_ru": "Звоните: {partner_phone}. {referral_url}",
}
SOCIAL = {"kind": "social", "body_en": "Spring is here: {referral_url} #bikes"}


def published_kit(actor: Any, **fields: Any) -> CampaignKit:
    """A published kit with an email and a social post (written by `actor`, who manages campaigns)."""
    data = {"title_en": "Spring bikes", "landing_en": LANDING_EN, "landing_ru": LANDING_RU} | fields
    kit = kit_create(actor=actor, data=data)
    message_add(actor=actor, kit=kit, data=EMAIL)
    message_add(actor=actor, kit=kit, data=SOCIAL)
    return kit_publish(actor=actor, kit=kit)
