"""Partner A's users never reach partner B's objects, through any page or API route."""

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from config.api import api
from core.isolation import SCOPED, walk_api, walk_html
from core.tests.isolation_rules import API_RULES, FACTORIES, HTML_RULES
from partners.models import Partner

pytestmark = pytest.mark.django_db


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_page_is_isolated(world):
    result = walk_html(world=world, rules=HTML_RULES, factories=FACTORIES, client_for=_client_for)
    assert result.visited > 50
    assert result.failures == []


def test_every_api_route_is_isolated(world, api_client):
    result = walk_api(world=world, api=api, rules=API_RULES, factories=FACTORIES, token_client_for=api_client)
    assert result.visited > 20
    assert result.failures == []


def test_distributor_reaches_reseller_but_not_the_reverse(world, login):
    dist = login(world.dist_admin)
    assert dist.get(f"/my/resellers/{world.reseller.public_id}/").status_code == 200
    reseller = login(world.reseller_admin)
    assert reseller.get(f"/api/partners/{world.distributor.public_id}").status_code == 404


# ---- the walk itself can fail ------------------------------------------------------------------------------


def unscoped_canary(request, partner_id):
    # Deliberately wrong: reads any partner without going through visible_to.
    return HttpResponse(Partner.objects.get(public_id=partner_id).name)


canary_urlpatterns = [
    path("", include("config.urls")),
    path("canary/<uuid:partner_id>/", unscoped_canary, name="canary"),
]


@override_settings(ROOT_URLCONF=__name__ + "_canary")
def test_walk_catches_an_unscoped_view(world, monkeypatch):
    import sys
    import types

    module = types.ModuleType(__name__ + "_canary")
    module.urlpatterns = canary_urlpatterns
    monkeypatch.setitem(sys.modules, module.__name__, module)
    rules = {**HTML_RULES, "canary": SCOPED}
    result = walk_html(
        world=world, rules=rules, factories=FACTORIES, client_for=_client_for, urlconf=module.__name__
    )
    canary_failures = [f for f in result.failures if f.split(" ")[1] == "canary"]
    assert canary_failures, "the walk did not notice a view that ignores partner scoping"
    assert any("Bravo Trading" in f or "expected [404, 405], got 200" in f for f in canary_failures)
    other = [f for f in result.failures if f not in canary_failures]
    assert other == []

    unclassified = walk_html(
        world=world, rules=HTML_RULES, factories=FACTORIES, client_for=_client_for, urlconf=module.__name__
    )
    assert "canary: route is not classified in isolation rules" in unclassified.failures
