"""Partner A's users never reach partner B's objects, through any page or API route."""

import pytest
from django.apps import apps
from django.db.models import CharField, TextField
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from config.api import api
from core.events import record_event
from core.isolation import OWN, SCOPED, Fingerprint, walk_api, walk_html
from core.tests.isolation_rules import API_RULES, FACTORIES, HTML_RULES, STAFF_ONLY_ROWS
from partners.models import Partner

pytestmark = pytest.mark.django_db


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_page_is_isolated(world):
    result = walk_html(
        world=world,
        rules=HTML_RULES,
        factories=FACTORIES,
        client_for=_client_for,
        staff_only_rows=STAFF_ONLY_ROWS,
    )
    assert result.visited > 50
    assert result.failures == []


def test_every_api_route_is_isolated(world, api_client):
    result = walk_api(
        world=world,
        api=api,
        rules=API_RULES,
        factories=FACTORIES,
        token_client_for=api_client,
        staff_only_rows=STAFF_ONLY_ROWS,
    )
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


def leaky_canary(request):
    # Deliberately wrong: shows every text of every row, staff-only ones included, to whoever asks.
    texts = [
        str(value)
        for model in apps.get_models()
        for row in model._base_manager.values_list(
            *[f.attname for f in model._meta.concrete_fields if isinstance(f, (CharField, TextField))]
        )
        for value in row
    ]
    return HttpResponse("\n".join(texts))


canary_urlpatterns = [
    path("", include("config.urls")),
    path("canary/<uuid:partner_id>/", unscoped_canary, name="canary"),
    path("canary/everything/", leaky_canary, name="canary_leak"),
]
CANARIES = {"canary", "canary_leak"}


@pytest.fixture
def canary_urlconf(settings, monkeypatch):
    import sys
    import types

    module = types.ModuleType(__name__ + "_canary")
    module.urlpatterns = canary_urlpatterns
    monkeypatch.setitem(sys.modules, module.__name__, module)
    settings.ROOT_URLCONF = module.__name__
    return module.__name__


def test_walk_catches_an_unscoped_view(world, canary_urlconf):
    rules = {**HTML_RULES, "canary": SCOPED, "canary_leak": OWN}
    result = walk_html(
        world=world,
        rules=rules,
        factories=FACTORIES,
        client_for=_client_for,
        staff_only_rows=STAFF_ONLY_ROWS,
        urlconf=canary_urlconf,
        only=CANARIES,  # the full walk runs above; here only the canaries
    )
    assert result.visited == 8  # two routes, two personas, GET and POST
    canary_failures = [f for f in result.failures if f.split(" ")[1] == "canary"]
    assert canary_failures, "the walk did not notice a view that ignores partner scoping"
    assert any("Bravo Trading" in f or "expected [404, 405], got 200" in f for f in canary_failures)
    assert not [f for f in result.failures if f.split(" ")[1] not in CANARIES]


def test_walk_catches_staff_only_data(world, canary_urlconf):
    rules = {**HTML_RULES, "canary": SCOPED, "canary_leak": OWN}
    result = walk_html(
        world=world,
        rules=rules,
        factories=FACTORIES,
        client_for=_client_for,
        staff_only_rows=STAFF_ONLY_ROWS,
        urlconf=canary_urlconf,
        only={"canary_leak"},
    )
    shown = [f for f in result.failures if "shows staff-only data" in f]
    assert len(shown) == 4, result.failures  # GET and POST, two personas
    # Every planted marker is live: the leaky view gives each one away, and the walk names each.
    kinds = (
        "draft-notes",
        "draft-rule",
        "retired-notes",
        "direct-product",
        "inactive-product",
        "direct-family",
    )
    kinds += ("event-note", "step-note", "direct-account", "direct-deal", "applicant", "prospect", "cam-news")
    for kind in kinds:
        assert f"staff-only-{kind}-" in shown[0], kind


def test_walk_catches_an_unclassified_route(world, canary_urlconf):
    result = walk_html(
        world=world,
        rules=HTML_RULES,
        factories=FACTORIES,
        client_for=_client_for,
        urlconf=canary_urlconf,
        only=CANARIES,
    )
    assert "canary: route is not classified in isolation rules" in result.failures
    assert result.visited == 0


def test_fingerprint_notices_changes_to_partner_b_staff_only_and_personal_rows(world):
    from catalog.models import Product, ProductFamily
    from direct.models import DirectAccount
    from notifications.services import notify

    fingerprint = Fingerprint(world.partner_b, world.admin_b)
    changes = [
        lambda: Partner.objects.filter(pk=world.partner_b.pk).update(city="Elsewhere"),
        lambda: DirectAccount.objects.create(name="Staff only"),
        lambda: ProductFamily.objects.create(name="Public"),
        lambda: Product.objects.create(
            sku="FP-1", name="x", family=ProductFamily.objects.first(), list_price="1.00"
        ),
        lambda: notify(users=[world.rep_b], verb="t", message="Personal to Bravo's rep"),
        lambda: record_event(actor=None, verb="t", target=world.partner_b, partner=world.partner_b),
    ]
    for change in changes:
        before = fingerprint.take()
        change()
        assert fingerprint.take() != before
    # Partner A's own rows are not B's: they may change.
    before = fingerprint.take()
    record_event(actor=None, verb="t", target=world.partner_a, partner=world.partner_a)
    notify(users=[world.rep_a], verb="t", message="Personal to Alpha's rep")
    assert fingerprint.take() == before
