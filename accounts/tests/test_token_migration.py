"""Tokens that existed before expiry was introduced get one: 90 days from the migration."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import ApiToken
from accounts.testing import make_user

BEFORE = [("accounts", "0003_user_language")]
AFTER = [("accounts", "0004_api_token_expiry_and_scopes")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_get_an_expiry_and_keep_every_area():
    user = make_user("old@vendor.test")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old_state = executor.loader.project_state(BEFORE).apps
        OldToken = old_state.get_model("accounts", "ApiToken")
        OldToken.objects.create(user_id=user.pk, name="legacy", prefix="knl_legacy12", token_hash="0" * 64)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    token = ApiToken.objects.get(name="legacy")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=5)
    assert token.scopes is None and token.state == "active"
