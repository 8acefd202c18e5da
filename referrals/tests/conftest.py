import pytest

from referrals.selectors import forget_settings, referral_settings


@pytest.fixture(autouse=True)
def _fresh_settings():
    forget_settings()
    yield
    forget_settings()


@pytest.fixture
def approved(db):
    """The vendor's site is an approved destination."""
    settings = referral_settings(fresh=True)
    settings.allowed_hosts = ["vendor.example"]
    settings.save()
    forget_settings()
    return settings


@pytest.fixture
def link_a(world, approved):
    from referrals.services import link_create

    return link_create(
        actor=world.actor(world.rep_a),
        data={
            "name": "Spring newsletter",
            "destination": "https://www.vendor.example/bikes?x=1",
            "utm_source": "newsletter",
            "utm_campaign": "spring",
        },
    )


@pytest.fixture
def link_b(world, approved):
    from referrals.services import link_create

    return link_create(
        actor=world.actor(world.rep_b),
        data={"name": "Bravo's link", "destination": "https://vendor.example/"},
    )


@pytest.fixture
def configure(world, approved):
    """Change the referral settings as channel ops would (the service forgets the cached ones)."""
    from referrals.services import settings_update

    def run(**values):
        return settings_update(actor=world.actor(world.ops), data=values)

    return run
