import pytest

from demo.seeding import seed_demo
from direct.models import DirectAccount, DirectDeal


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_has_direct_accounts_with_named_open_deals(db):
    seed_demo()
    assert 35 <= DirectAccount.objects.count() <= 45
    assert DirectAccount.objects.filter(is_named_account=True).count() >= 10
    assert DirectDeal.objects.filter(is_open=True, account__is_named_account=True).exists()
    assert DirectAccount.objects.filter(name="Rainier Cycling Club").exists()
    assert not DirectAccount.objects.filter(name_key="").exists()
