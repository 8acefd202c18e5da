"""Who may do what next: one rule behind the pages' buttons, the API's `actions` and the services."""

import pytest

from core.models import Event
from core.testing import error_codes, snapshot
from direct.errors import DirectErrorCode
from direct.models import DirectAccount, DirectDeal
from direct.rules import allowed_actions
from direct.services import account_delete, deal_close, deal_create

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_actions_follow_role_and_state(world, account, deal):
    chief, marketing = world.actor(world.chief), world.actor(world.marketing)
    assert allowed_actions(chief, account) == ["edit", "delete", "add_deal"]
    assert allowed_actions(chief, deal) == ["edit", "close"]
    assert allowed_actions(marketing, account) == [] and allowed_actions(marketing, deal) == []
    account_delete(actor=chief, account=account)  # it has a deal: deactivated
    account.refresh_from_db()
    assert not account.is_active and allowed_actions(chief, account) == ["edit"]
    deal_close(actor=chief, deal=deal, won=True)
    deal.refresh_from_db()
    assert allowed_actions(chief, deal) == []


def test_the_api_detail_carries_the_actions(world, api_client, account, deal):
    chief = api_client(world.chief)
    assert chief.get(f"/api/direct/accounts/{account.public_id}").json()["actions"] == [
        "edit",
        "delete",
        "add_deal",
    ]
    assert chief.get(f"/api/direct/deals/{deal.public_id}").json()["actions"] == ["edit", "close"]
    marketing = api_client(world.marketing)
    assert marketing.get(f"/api/direct/deals/{deal.public_id}").json()["actions"] == []
    closed = chief.patch(f"/api/direct/deals/{deal.public_id}", {"stage": "lost"}, content_type=JSON)
    assert closed.status_code == 200 and closed.json()["actions"] == []


def test_a_closed_deal_refuses_changes_with_a_code(world, login, api_client, deal):
    deal_close(actor=world.actor(world.chief), deal=deal, won=False)
    deal.refresh_from_db()
    before, events = snapshot(deal), Event.objects.count()
    response = api_client(world.chief).patch(
        f"/api/direct/deals/{deal.public_id}", {"name": "Renamed"}, content_type=JSON
    )
    assert response.status_code == 422 and error_codes(response) == {"stage": DirectErrorCode.DEAL_CLOSED}
    client = login(world.chief)
    page = client.get(f"/direct/deals/{deal.public_id}/").content.decode()
    assert "Close the deal" not in page and ">Save<" not in page
    events = Event.objects.count()  # the login is an event of its own
    response = client.post(f"/direct/deals/{deal.public_id}/close/", {"outcome": "won"}, follow=True)
    assert "This deal is already closed." in response.content.decode()
    assert snapshot(deal) == before and Event.objects.count() == events


def test_an_inactive_account_takes_no_deal_and_no_second_deactivation(
    world, login, api_client, account, deal
):
    chief = world.actor(world.chief)
    account_delete(actor=chief, account=account)
    account.refresh_from_db()
    before, deals = snapshot(account), DirectDeal.objects.count()
    with pytest.raises(Exception) as refused:
        deal_create(actor=chief, account=account, data={"name": "More", "amount": "1"})
    assert refused.value.error_dict["account"][0].code == DirectErrorCode.ACCOUNT_INACTIVE
    response = api_client(world.chief).post(
        "/api/direct/deals",
        {"account_id": str(account.public_id), "name": "More", "amount": "1"},
        content_type=JSON,
    )
    assert response.status_code == 422 and error_codes(response) == {"account": "account_inactive"}
    client = login(world.chief)
    page = client.get(f"/direct/{account.public_id}/").content.decode()
    assert "New deal" not in page and "Deactivate" not in page and "Edit" in page
    events = Event.objects.count()  # the login is an event of its own
    response = client.post(f"/direct/{account.public_id}/delete/", follow=True)
    assert "This account is inactive already." in response.content.decode()
    assert snapshot(account) == before and Event.objects.count() == events
    assert DirectDeal.objects.count() == deals and DirectAccount.objects.filter(pk=account.pk).exists()


def test_read_only_staff_see_no_buttons(world, login, account, deal):
    page = login(world.marketing).get(f"/direct/{account.public_id}/").content.decode()
    assert "New deal" not in page and "Deactivate" not in page
    assert f"/direct/deals/{deal.public_id}/" not in page
