import pytest

from funds.testing import allocate, this_period_budget
from ledger.selectors import forget_settings


@pytest.fixture(autouse=True)
def _fresh_money_settings():
    forget_settings()
    yield
    forget_settings()


@pytest.fixture
def marketing(world):
    return world.actor(world.marketing)


@pytest.fixture
def chief(world):
    return world.actor(world.chief)


@pytest.fixture
def admin_a(world):
    return world.actor(world.admin_a)


@pytest.fixture
def admin_b(world):
    return world.actor(world.admin_b)


@pytest.fixture
def budget(marketing):
    """The current period's budget: 50,000 USD."""
    return this_period_budget(marketing)


@pytest.fixture
def funded(marketing, budget, world):
    """Partners A and B each have 10,000 USD of the current period's funds."""
    return allocate(marketing, budget, world.partner_a), allocate(marketing, budget, world.partner_b)


@pytest.fixture
def money_settings_to():
    """Change the program's money settings (and forget the cached ones)."""
    from ledger.selectors import money_settings

    def change(**values):
        settings = money_settings(fresh=True)
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()
        forget_settings()
        return settings

    return change
