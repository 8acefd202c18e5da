import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its rate-limit counters and used TOTP codes in the cache: start every test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed() as callbacks:` runs after-commit work (the email task) like a real request would."""

    def _committed():
        return django_capture_on_commit_callbacks(execute=True)

    return _committed
