"""Everything before programs existed was one program: it becomes the default program, with the four tiers,
and every partner that had joined (onboarding, active, at risk; offboarded ones as former members) becomes its
member at the tier it had."""

from django.db import migrations
from django.utils import timezone

TIERS = ("registered", "silver", "gold", "platinum")
JOINED = ("onboarding", "active", "at_risk", "offboarded")


def default_program(apps, schema_editor):
    Program = apps.get_model("programs", "PartnerProgram")
    ProgramTier = apps.get_model("programs", "ProgramTier")
    Membership = apps.get_model("programs", "ProgramMembership")
    Partner = apps.get_model("partners", "Partner")
    program, _created = Program.objects.get_or_create(
        code="partners",
        defaults={
            "name_en": "Partner program",
            "name_ru": "Партнерская программа",
            "is_default": True,
        },
    )
    for tier in TIERS:
        ProgramTier.objects.get_or_create(program=program, tier=tier)
    now = timezone.now()
    members = [
        Membership(
            program=program,
            partner_id=partner_id,
            tier=tier,
            tier_since=activated_at or created_at or now,
            joined_at=created_at or now,
            ended_at=(updated_at or now) if status == "offboarded" else None,
        )
        for partner_id, tier, status, created_at, activated_at, updated_at in Partner.objects.filter(
            status__in=JOINED
        ).values_list("pk", "tier", "status", "created_at", "activated_at", "updated_at")
    ]
    Membership.objects.bulk_create(members, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_partner_programs")]

    operations = [migrations.RunPython(default_program, migrations.RunPython.noop)]
