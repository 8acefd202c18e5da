"""The registration lists keep their less used filters under "More filters", fetched when the panel opens."""

import re

import pytest

pytestmark = pytest.mark.django_db

MORE = {"conflict", "submitted_from", "submitted_to", "phase", "currency", "expiring_within"}
PARTNER_MORE = {"phase", "currency", "expiring_within"}  # the others name what only the vendor sees


def _controls(html: str) -> set[str]:
    return set(re.findall(r'<(?:select|input)[^>]* name="([^"]+)"', html)) - {"csrfmiddlewaretoken", "id"}


def _filter_form(html: str) -> str:
    found = re.search(r'<form method="get" class="filters".*?</form>', html, re.S)
    assert found is not None
    return found.group(0)


def test_the_pipeline_shows_its_main_filters_and_a_panel_for_the_others(world, login, submitted):
    client = login(world.chief)
    form = _filter_form(client.get("/deals/pipeline/").content.decode())
    assert _controls(form) == {"q", "status", "stage", "partner", "cam"}
    assert 'class="more-filters"' in form and 'hx-get="/deals/pipeline/?filters=more"' in form
    assert 'href="/deals/pipeline/?filters=all"' in form  # the panel's way without JavaScript

    panel = client.get("/deals/pipeline/?filters=more", headers={"HX-Request": "true"}).content.decode()
    assert _controls(panel) == MORE
    assert "<html" not in panel and "Contoso" not in panel  # the controls alone, no rows


@pytest.mark.parametrize("query", ["currency=USD", "phase=open", "submitted_from=2026-01-01", "filters=all"])
def test_a_set_filter_of_the_panel_shows_every_control(world, login, submitted, query):
    html = login(world.chief).get(f"/deals/pipeline/?{query}").content.decode()
    form = _filter_form(html)
    assert _controls(form) == {"q", "status", "stage", "partner", "cam"} | MORE
    assert "more-filters" not in form
    if query != "filters=all":
        name, value = query.split("=")
        assert re.search(rf'name="{name}"[^>]*value="{value}"|value="{value}" selected', form), query


def test_a_partner_panel_offers_only_the_partner_filters(world, login, submitted):
    client = login(world.rep_a)
    form = _filter_form(client.get("/deals/").content.decode())
    assert _controls(form) == {"q", "status", "stage"}
    panel = client.get("/deals/?filters=more", headers={"HX-Request": "true"}).content.decode()
    assert _controls(panel) == PARTNER_MORE
    assert "Channel account manager" not in panel and "Conflict" not in panel


def test_the_panels_filters_filter_the_list(world, login, submitted):
    client = login(world.chief)
    assert "Contoso Cycling GmbH" not in client.get("/deals/pipeline/?currency=EUR").content.decode()
    assert "Contoso Cycling GmbH" in client.get("/deals/pipeline/?currency=USD").content.decode()
