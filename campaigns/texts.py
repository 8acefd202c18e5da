"""A launch's texts: the kit's emails and social posts with the launching partner's data in place of the
placeholders, in the reader's language (the page and the API show the same)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from campaigns.models import KitMessage, Launch
from campaigns.placeholders import fill
from collateral.render import partner_inputs
from core.i18n import localized


def placeholder_values(launch: Launch) -> dict[str, str]:
    printed = partner_inputs(launch.partner, language="en")
    return {
        "partner_name": printed["partner_name"],
        "partner_phone": printed["partner_phone"],
        "partner_email": printed["partner_email"],
        "partner_website": printed["partner_website"],
        "landing_url": launch.landing_url,
        "referral_url": launch.short_url,
    }


def filled_messages(launch: Launch, rows: Iterable[KitMessage]) -> list[dict[str, Any]]:
    """The kit's texts with the launch partner's data in place of the placeholders."""
    values = placeholder_values(launch)
    return [
        {
            "kind": row.get_kind_display(),
            "code": row.kind,
            "is_email": row.kind == row.Kind.EMAIL,
            "subject": fill(localized(row, "subject"), values),
            "body": fill(localized(row, "body"), values),
            "id": f"message-{row.public_id}",
        }
        for row in rows
    ]
