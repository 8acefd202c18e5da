import pytest
from ledger.tests.conftest import accrue, fund_claim, clawback

def test_smoke(world, login, rates):
    accrue(world.partner_a, "100.00")
    fund_claim(world.partner_a, "50.00")
    accrue(world.partner_b, "30.00")
    clawback(world.partner_b, "40.00")
    ops = login(world.ops)
    for url in ["/money/", "/money/transactions/", "/money/statements/", "/money/rates/", "/money/settings/", "/money/payouts/", "/money/payouts/new/", "/money/rates/new/", "/money/rates/import/"]:
        r = ops.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
    r = ops.post("/money/payouts/new/", {"currency": "EUR"})
    assert r.status_code == 302, r.content.decode()[:5000]
    r = ops.get(r["Location"]); assert r.status_code == 200
    admin = login(world.admin_a)
    for url in ["/money/", "/money/transactions/", "/money/statements/"]:
        r = admin.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
