"""(1/2) The rules of engagement belong to a partner program: every existing version moves to the default program
(numbered as before), one published set and one draft per program. Accepting them is tied to a published
version (`RuleSetAcceptance`): a partner that had accepted the current text of the old "rules of engagement"
agreement is taken to have accepted the rules in force then, by the same person at the same moment, so
nobody is stopped from registering by the upgrade."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def to_default_program(apps, schema_editor):
    Program = apps.get_model("programs", "PartnerProgram")
    RuleSet = apps.get_model("engagement", "RuleSet")
    if not RuleSet.objects.exists():
        return
    program = Program.objects.filter(is_default=True).first()
    if program is None:
        program, _created = Program.objects.get_or_create(
            code="partners",
            defaults={"name_en": "Partner program", "name_ru": "Партнерская программа", "is_default": True},
        )
    RuleSet.objects.update(program=program)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
        ("programs", "0003_default_program"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="ruleset", name="engagement_one_published"),
        migrations.RemoveConstraint(model_name="ruleset", name="engagement_one_draft"),
        migrations.AddField(
            model_name="ruleset",
            name="program",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="engagement_rulesets",
                to="programs.partnerprogram",
                verbose_name="program",
            ),
        ),
        migrations.RunPython(to_default_program, migrations.RunPython.noop),
    ]
