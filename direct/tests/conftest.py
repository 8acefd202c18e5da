import pytest

from direct.models import DirectAccount
from direct.services import account_create, deal_create


@pytest.fixture
def account(world):
    return account_create(
        actor=world.actor(world.chief),
        data={
            "name": "Contoso Ltd",
            "legal_name": "Contoso Holdings Limited",
            "web_domain": "https://www.contoso.example/about",
            "tax_id": "GB 123-456",
            "country": "GB",
            "region": "europe",
            "segment": DirectAccount.Segment.ENTERPRISE,
            "annual_revenue": "1250000.50",
            "currency": "GBP",
            "employees": 900,
            "owner": world.cam,
            "is_named_account": True,
        },
    )


@pytest.fixture
def deal(world, account):
    return deal_create(
        actor=world.actor(world.chief),
        account=account,
        data={"name": "Fleet renewal", "amount": "25000", "currency": "GBP", "owner": world.cam},
    )
