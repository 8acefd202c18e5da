import os

import pytest

pytest_plugins = ["core.testing", "accounts.testing", "core.browser"]


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.KANAL_REQUIRE_STAFF_MFA = False
    # Production-strength hashing costs ~0.7 s per password here; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KANAL_REQUIRE_POSTGRES") == "1":
        from django.conf import settings

        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise pytest.UsageError("KANAL_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
