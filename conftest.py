import os

import pytest

from core.testing import TEST_SETTINGS

pytest_plugins = ["core.testing", "accounts.testing", "core.browser", "demo.testing"]


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
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
