from direct.models import DirectAccount, DirectDeal


def test_demo_has_direct_accounts_with_named_open_deals(demo):
    assert 35 <= DirectAccount.objects.count() <= 45
    assert DirectAccount.objects.filter(is_named_account=True).count() >= 10
    assert DirectDeal.objects.filter(is_open=True, account__is_named_account=True).exists()
    assert DirectAccount.objects.filter(name="Rainier Cycling Club").exists()
    assert not DirectAccount.objects.filter(name_key="").exists()
