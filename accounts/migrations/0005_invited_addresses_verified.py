"""Addresses that accepted invitations are verified (see `accounts.services._record_verified_address`, which
records this on every acceptance since): an invitation's single-use link went to the address, and allauth lets
no one with an unverified address enrol two-factor authentication, which staff must.

Only an account whose address is still the one invited is touched. Going back leaves the records as they are:
they are true, and marking them unverified again would lock staff out of enrolment."""

from django.db import migrations


def forwards(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    EmailAddress = apps.get_model("account", "EmailAddress")
    accepted = Invitation.objects.filter(accepted_user__isnull=False).values_list(
        "accepted_user_id", "email", "accepted_user__email"
    )
    for user_id, invited, current in accepted.order_by("pk").iterator():
        if (invited or "").lower() != (current or "").lower():
            continue  # the account has another address now: nothing says it was verified
        if EmailAddress.objects.filter(email__iexact=invited, verified=True).exclude(user_id=user_id).exists():
            continue  # verified by someone else (allauth allows one): leave it to them
        address = EmailAddress.objects.filter(user_id=user_id, email__iexact=invited).first()
        if address is None:
            primary = not EmailAddress.objects.filter(user_id=user_id, primary=True).exists()
            EmailAddress.objects.create(user_id=user_id, email=current, verified=True, primary=primary)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_token_expiry_and_scopes"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
