"""Customer claims: "first to register wins" as a database guarantee.

A submitted or approved registration holds one claim row per exact customer key (tax id, domain,
normalised name). The key column is unique, so when two partners submit the same customer at the same
instant, the database lets exactly one insert through; the other submission goes ahead without the
claim, is flagged as a conflict, and cannot be approved while the holder keeps the customer.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from conflicts.models import CustomerClaim


def claim_keys(registration) -> list[str]:
    keys = []
    if registration.tax_id_key:
        keys.append(f"tax:{registration.tax_id_key}")
    if registration.customer_domain:
        keys.append(f"domain:{registration.customer_domain}")
    if registration.name_key:
        # Two companies may share a name in different countries; the country keeps them apart.
        keys.append(f"name:{registration.customer_country or '-'}:{registration.name_key}")
    return keys


def claim(registration) -> dict[str, int]:
    """Take every free key for `registration`; returns {key: holder registration id} for keys another
    registration holds. Must run inside the caller's transaction."""
    held_by: dict[str, int] = {}
    for key in claim_keys(registration):
        holder = CustomerClaim.objects.filter(key=key).values_list("registration_id", flat=True).first()
        if holder == registration.pk:
            continue
        if holder is None:
            try:
                # A savepoint, so a lost race leaves the caller's transaction usable. On PostgreSQL the
                # insert waits for a concurrent uncommitted claim of the same key and then fails.
                with transaction.atomic():
                    CustomerClaim.objects.create(key=key, registration=registration)
                continue
            except IntegrityError:
                holder = (
                    CustomerClaim.objects.filter(key=key).values_list("registration_id", flat=True).first()
                )
        if holder is not None and holder != registration.pk:
            held_by[key] = holder
    return held_by


def release(registration) -> None:
    CustomerClaim.objects.filter(registration=registration).delete()


def key_kind(key: str) -> str:
    return key.split(":", 1)[0]


def holders(registration) -> dict[str, int]:
    """{key: holder registration id} for this registration's customer keys held by another registration
    (a read: nothing is taken)."""
    rows = CustomerClaim.objects.filter(key__in=claim_keys(registration)).exclude(
        registration_id=registration.pk
    )
    return dict(rows.values_list("key", "registration_id"))
