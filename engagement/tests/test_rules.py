"""Who may do what next with a version: `allowed_actions` drives the page's buttons, the API's `actions` and
the services' checks alike."""

import pytest

from core.models import Event
from core.testing import error_codes, snapshot
from engagement.models import RuleSet
from engagement.rules import allowed_actions
from engagement.services import rule_create, ruleset_create_draft, ruleset_publish, ruleset_update

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_actions_follow_the_status_and_the_role(world, make_ruleset):
    retired = make_ruleset(status="retired")
    published = make_ruleset(status="published")
    chief, cam = world.actor(world.chief), world.actor(world.cam)
    assert allowed_actions(chief, published) == ["new_draft"]
    assert allowed_actions(chief, retired) == []
    assert allowed_actions(cam, published) == []
    draft = ruleset_create_draft(actor=chief)
    assert allowed_actions(chief, draft) == ["edit", "publish"]
    assert allowed_actions(cam, draft) == []
    assert allowed_actions(chief, published) == []  # one draft at a time
    ruleset_publish(actor=chief, ruleset=draft)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert allowed_actions(chief, draft) == ["new_draft"] and allowed_actions(chief, published) == []


def test_the_api_returns_the_actions(world, api_client, make_ruleset):
    published = make_ruleset(status="published")
    chief = api_client(world.chief)
    assert chief.get(f"/api/engagement/versions/{published.public_id}").json()["actions"] == ["new_draft"]
    assert (
        api_client(world.cam).get(f"/api/engagement/versions/{published.public_id}").json()["actions"] == []
    )
    assert api_client(world.rep_a).get("/api/engagement/current").json()["actions"] == []
    draft = chief.post("/api/engagement/versions", {}, content_type=JSON).json()
    assert draft["actions"] == ["edit", "publish"]
    refused = chief.post("/api/engagement/versions", {}, content_type=JSON)
    assert refused.status_code == 422 and error_codes(refused) == {None: "draft_exists"}


def test_the_page_shows_only_the_allowed_buttons(world, login, make_ruleset):
    published = make_ruleset(status="published")
    chief = login(world.chief)
    page = chief.get(f"/engagement/versions/{published.public_id}/").content.decode()
    assert "New draft" in page and ">Publish<" not in page and "Edit settings" not in page
    draft = ruleset_create_draft(actor=world.actor(world.chief))
    page = chief.get(f"/engagement/versions/{draft.public_id}/").content.decode()
    assert ">Publish<" in page and "Edit settings" in page and "New draft" not in page
    page = chief.get(f"/engagement/versions/{published.public_id}/").content.decode()
    assert "New draft" not in page and "Edit settings" not in page
    page = login(world.cam).get(f"/engagement/versions/{draft.public_id}/").content.decode()
    assert ">Publish<" not in page and "Edit settings" not in page and "New draft" not in page


def test_the_services_refuse_what_the_rules_refuse_with_codes(world, api_client, make_ruleset):
    published = make_ruleset({"label": "Kept"}, status="published")
    chief = world.actor(world.chief)
    before, events = snapshot(published), Event.objects.count()
    with pytest.raises(Exception) as refused:
        ruleset_update(actor=chief, ruleset=published, data={"notes": "Changed"})
    assert refused.value.error_list[0].code == "not_draft"
    with pytest.raises(Exception) as refused:
        rule_create(actor=chief, ruleset=published, data={"outcome": "direct", "currency": "USD"})
    assert refused.value.error_list[0].code == "not_draft"
    with pytest.raises(Exception) as refused:
        ruleset_publish(actor=chief, ruleset=published)
    assert refused.value.error_list[0].code == "not_draft"
    assert snapshot(published) == before and Event.objects.count() == events
    response = api_client(world.chief).post(f"/api/engagement/versions/{published.public_id}/publish")
    assert response.status_code == 422 and error_codes(response) == {None: "not_draft"}
    assert RuleSet.objects.count() == 1
