"""Deal registrations as a customer source of the conflict engine (registered in `DealsConfig.ready()`):
a submitted or approved registration is live, under its normalised name, domain and tax id."""

from __future__ import annotations

from conflicts.models import Source
from conflicts.sources import IndexEntry, queryset_source
from deals.models import DealRegistration, RegistrationStatus

LIVE_STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED)


def registration_entries(registration) -> list[IndexEntry]:
    if registration.status not in LIVE_STATUSES:
        return []
    return [
        IndexEntry(
            Source.REGISTRATION,
            registration.pk,
            registration.partner_id,
            registration.name_key,
            registration.customer_domain,
            registration.tax_id_key,
        )
    ]


SOURCE = queryset_source(
    Source.REGISTRATION,
    entries=registration_entries,
    live=DealRegistration.objects.filter(status__in=LIVE_STATUSES).only(
        "pk", "partner_id", "status", "name_key", "customer_domain", "tax_id_key"
    ),
    load=DealRegistration.objects.select_related("partner"),
    choices={"status": RegistrationStatus},
)
