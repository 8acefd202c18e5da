"""(2/2) Every version now has its program; versions are numbered per program, one published and one draft per
program; acceptances are tied to a published version, carried over from the old agreement text (see 0002)."""

import django.db.models.deletion
import engagement.models
import uuid
from django.conf import settings
from django.db import migrations, models


def carry_acceptances(apps, schema_editor):
    """Partners that accepted the newest "rules of engagement" agreement text accepted the published rules
    of the default program (once each, as they accepted it)."""
    RuleSet = apps.get_model("engagement", "RuleSet")
    Acceptance = apps.get_model("engagement", "RuleSetAcceptance")
    AgreementVersion = apps.get_model("programs", "AgreementVersion")
    AgreementAcceptance = apps.get_model("programs", "AgreementAcceptance")
    published = RuleSet.objects.filter(status="published", program__is_default=True).first()
    text = AgreementVersion.objects.filter(kind="rules_of_engagement").order_by("-version").first()
    if published is None or text is None:
        return
    rows = [
        Acceptance(
            ruleset=published,
            partner_id=accepted.partner_id,
            accepted_by_id=accepted.accepted_by_id,
            ip_address=accepted.ip_address,
        )
        for accepted in AgreementAcceptance.objects.filter(version=text)
    ]
    Acceptance.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    for accepted in AgreementAcceptance.objects.filter(version=text).values("partner_id", "created_at"):
        Acceptance.objects.filter(ruleset=published, partner_id=accepted["partner_id"]).update(
            created_at=accepted["created_at"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0002_ruleset_program"),
        ("partners", "0003_partner_logo_email_profile_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="ruleset",
            name="program",
            field=models.ForeignKey(
                default=engagement.models.default_program_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="engagement_rulesets",
                to="programs.partnerprogram",
                verbose_name="program",
            ),
        ),
        migrations.AlterField(
            model_name="ruleset",
            name="version",
            field=models.PositiveIntegerField(verbose_name="version"),
        ),
        migrations.AddConstraint(
            model_name="ruleset",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published")),
                fields=("program", "status"),
                name="engagement_one_published",
            ),
        ),
        migrations.AddConstraint(
            model_name="ruleset",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")), fields=("program", "status"), name="engagement_one_draft"
            ),
        ),
        migrations.AddConstraint(
            model_name="ruleset",
            constraint=models.UniqueConstraint(fields=("program", "version"), name="engagement_one_number"),
        ),
        migrations.CreateModel(
            name="RuleSetAcceptance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address")),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="engagement_acceptances",
                        to="partners.partner",
                    ),
                ),
                (
                    "ruleset",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="acceptances",
                        to="engagement.ruleset",
                        verbose_name="rules of engagement",
                    ),
                ),
            ],
            options={
                "verbose_name": "acceptance of the rules of engagement",
                "verbose_name_plural": "acceptances of the rules of engagement",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(fields=("ruleset", "partner"), name="engagement_accept_version_once")
                ],
            },
        ),
        migrations.RunPython(carry_acceptances, migrations.RunPython.noop),
    ]
