"""The seeded demo for tests: seeded once per test session, shared by every test that takes `demo`.

The demo takes seconds to seed, so it is seeded once, inside a transaction that stays open while the tests
that take `demo` run and is rolled back after the last of them. pytest runs those tests one after another
(`pytest_collection_modifyitems` below groups them), each inside its own savepoint (pytest-django's `db`),
so they stay independent of each other, and no other test ever sees a demo row.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from core.testing import TEST_SETTINGS

FIXTURE = "demo"
_STATE = pytest.StashKey["SeededDemo"]()


class SeededDemo:
    """The open transaction holding the seeded demo; `created` is what the session's `seed_demo()` said."""

    def __init__(self, blocker) -> None:
        self._blocker = blocker
        self._atomic: Any = None
        self.created: bool | None = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self) -> None:
        from demo.seeding import seed_demo

        with self._blocker.unblock(), override_settings(**TEST_SETTINGS):
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.created = seed_demo()

    def close(self) -> None:
        if self._atomic is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None


@pytest.fixture(scope="session")
def _seeded_demo(request, django_db_setup, django_db_blocker):
    state = SeededDemo(django_db_blocker)
    request.config.stash[_STATE] = state
    state.open()
    yield state
    state.close()


@pytest.fixture
def demo(_seeded_demo, db) -> SeededDemo:
    """The demo data (`demo.seeding.seed_demo`), seeded once for the whole session."""
    if not _seeded_demo.is_open:
        raise RuntimeError("the tests taking `demo` must run one after another (see demo/testing.py)")
    return _seeded_demo


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that take `demo` one after another, where the first of them stands (after
    pytest-django's own ordering, so they stay among the ordinary database tests)."""
    group = [item for item in items if FIXTURE in getattr(item, "fixturenames", ())]
    if not group:
        return
    first = items.index(group[0])
    rest = [item for item in items if FIXTURE not in getattr(item, "fixturenames", ())]
    items[:] = rest[:first] + group + rest[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    result = yield
    uses = FIXTURE in getattr(item, "fixturenames", ())
    if uses and (nextitem is None or FIXTURE not in getattr(nextitem, "fixturenames", ())):
        state = item.config.stash.get(_STATE, None)
        if state is not None:
            state.close()  # the last demo test is done: roll the demo back before any other test runs
    return result
