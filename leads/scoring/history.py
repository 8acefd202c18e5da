"""Closed leads written in bulk, for an instance's history to learn from (the scoring benchmark, demo
seeding): custom attribute definitions and leads with bulk_create, a few queries per thousand leads.

Not a route for live leads: those go through `leads.services` (validation, duplicates, routing, events)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from leads.models import Lead, LeadAttribute, LeadStatus
from leads.models.lead import CLOSED_STATUSES

BATCH = 2000


def define_attributes(definitions: Sequence[dict]) -> dict[str, LeadAttribute]:
    """Create or update LeadAttribute definitions ({key, kind, label_en, label_ru, choices, position})."""
    found = {}
    with transaction.atomic():
        for position, definition in enumerate(definitions):
            attribute, _created = LeadAttribute.objects.update_or_create(
                key=definition["key"],
                defaults={
                    "kind": definition["kind"],
                    "label_en": definition["label_en"],
                    "label_ru": definition.get("label_ru", ""),
                    "choices": definition.get("choices", []),
                    "position": definition.get("position", position),
                    "active": True,
                },
            )
            found[attribute.key] = attribute
    return found


def create_closed_leads(leads: Iterable[dict]) -> int:
    """Create closed leads from dicts of Lead fields (status converted or lost); returns how many."""
    now = timezone.now()
    created = 0
    batch: list[Lead] = []
    with transaction.atomic():
        for values in leads:
            if values.get("status") not in CLOSED_STATUSES:
                raise ValueError(f"A history lead is converted or lost, not {values.get('status')!r}")
            lead = Lead(**values)
            lead.closed_at = lead.closed_at or now
            if lead.status == LeadStatus.LOST and not lead.lost_reason:
                lead.lost_reason = "other"
            batch.append(lead)
            if len(batch) >= BATCH:
                created += len(Lead.objects.bulk_create(batch))
                batch = []
        if batch:
            created += len(Lead.objects.bulk_create(batch))
    return created
