"""API tokens get an expiry and optional scopes. Tokens that exist already expire 90 days from this
migration (their owners see the date on the tokens page) and keep reaching every area."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

EXISTING_TOKENS_LIVE_DAYS = 90


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=EXISTING_TOKENS_LIVE_DAYS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(blank=True, null=True, verbose_name="scopes"),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
