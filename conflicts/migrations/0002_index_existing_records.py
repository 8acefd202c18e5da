"""Index the direct accounts and live registrations that existed before the conflict engine, and give
the live registrations their customer claims."""

from django.db import migrations

from conflicts.claims import claim_keys
from matching.blocking import blocking_keys, key_hash


def index_existing(apps, schema_editor):
    IndexedCustomer = apps.get_model("conflicts", "IndexedCustomer")
    NameBlock = apps.get_model("conflicts", "NameBlock")
    DirectAccount = apps.get_model("direct", "DirectAccount")
    DealRegistration = apps.get_model("deals", "DealRegistration")
    CustomerClaim = apps.get_model("conflicts", "CustomerClaim")
    taken = set()
    # First submitted, first served: the same rule the engine applies from now on.
    for r in DealRegistration.objects.filter(status__in=["submitted", "approved"]).order_by("submitted_at", "pk"):
        for key in claim_keys(r):
            if key not in taken:
                taken.add(key)
                CustomerClaim.objects.create(key=key, registration_id=r.pk)
    entries = []
    for a in DirectAccount.objects.filter(is_active=True):
        for key in dict.fromkeys(k for k in (a.name_key, a.legal_name_key) if k):
            entries.append(("direct_account", a.pk, None, key, a.web_domain, a.tax_id_key))
    for r in DealRegistration.objects.filter(status__in=["submitted", "approved"]):
        entries.append(("registration", r.pk, r.partner_id, r.name_key, r.customer_domain, r.tax_id_key))
    for source, record_id, partner_id, key, domain, tax in entries:
        row = IndexedCustomer.objects.create(
            source=source, record_id=record_id, partner_id=partner_id, name_key=key, domain=domain, tax_id_key=tax
        )
        NameBlock.objects.bulk_create(NameBlock(key_hash=key_hash(k), customer_id=row.pk) for k in blocking_keys(key))


class Migration(migrations.Migration):
    dependencies = [
        ("conflicts", "0001_initial"),
        ("direct", "0001_initial"),
        ("deals", "0002_dealregistration_appeal_decided_at_and_more"),
    ]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
