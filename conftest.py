import os

import pytest
from django.core.cache import cache
from django.utils import translation

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
    # The database starts afresh for each test, the process's cache does not: nothing one test kept (the home
    # pages' cards, keyed on ids a rolled-back database hands out again) may answer in another.
    cache.clear()
    # Nor the language: a request through the test client leaves the one it chose active in this thread.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _migration_data(request):
    """A transactional test's database was flushed after the previous one, with what the data migrations
    wrote: the default program is put back first (the other tests roll back and keep it)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from programs.testing import restore_default_program

        restore_default_program()


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KANAL_REQUIRE_POSTGRES") == "1":
        from django.conf import settings

        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise pytest.UsageError("KANAL_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, answering one request at a time on SQLite: its in-memory test database is
    one connection shared by the server's threads, and a browser sends requests at once (a field checked on
    blur, the customer hint, the submit), which must not meet inside it. PostgreSQL answers them in parallel.
    Sockets answer without Nagle's delay (~40 ms a request otherwise)."""
    from django.db import connection

    from e2e.walk import one_request_at_a_time, without_delay

    without_delay(live_server.thread.httpd)
    if connection.vendor == "sqlite":
        one_request_at_a_time(live_server.thread.httpd)
    return live_server
