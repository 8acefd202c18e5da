"""The region follows the country: one table (partners/regions.py), used by the staff partner form, the
partner's own profile and the application form; shown on the page, not typed."""

import pytest
from django_countries import countries

from core.http import VALIDATE_HEADER
from partners.choices import Region
from partners.models import Partner
from partners.regions import COUNTRY_REGIONS, region_for_country
from partners.services import partner_update
from recruitment.models import Application
from recruitment.tests.conftest import application_data

pytestmark = pytest.mark.django_db

UNINHABITED = {"AQ", "BV", "GS", "HM", "TF"}


def test_every_inhabited_country_has_exactly_one_region():
    codes = {country.code for country in countries}
    assert set(COUNTRY_REGIONS) == codes - UNINHABITED
    assert region_for_country("de") == Region.EUROPE and region_for_country("RU") == Region.CIS
    assert (
        region_for_country("MX") == Region.LATIN_AMERICA
        and region_for_country("AE") == Region.MIDDLE_EAST_AFRICA
    )
    assert region_for_country("") is None and region_for_country("AQ") is None


def test_the_staff_form_shows_the_region_and_derives_it_from_the_country(world, login):
    client = login(world.ops)
    page = client.get(f"/partners/{world.partner_a.public_id}/edit/").content.decode()
    assert 'data-region-from="id_country"' in page and 'name="region"' not in page
    assert "data-live-validate" in page
    data = {
        "name": world.partner_a.name,
        "partner_type": world.partner_a.partner_type,
        "tier": world.partner_a.tier,
        "country": "JP",  # the page posts no region
    }
    response = client.post(f"/partners/{world.partner_a.public_id}/edit/", data)
    assert response.status_code == 302, response.content
    assert Partner.objects.get(pk=world.partner_a.pk).region == Region.ASIA_PACIFIC


def test_the_partners_profile_moves_the_region_with_the_country(world):
    partner_update(actor=world.actor(world.admin_a), partner=world.partner_a, data={"country": "BR"})
    assert Partner.objects.get(pk=world.partner_a.pk).region == Region.LATIN_AMERICA


def test_the_api_may_still_state_a_region(world, api_client):
    response = api_client(world.ops).patch(
        f"/api/partners/{world.partner_a.public_id}",
        {"country": "US", "region": "europe"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Partner.objects.get(pk=world.partner_a.pk).region == Region.EUROPE


def test_the_application_form_derives_the_region(client):
    page = client.get("/recruitment/apply/").content.decode()
    assert 'data-region-from="id_country"' in page and "data-live-validate" in page
    data = application_data(country="KZ") | {"competing-TOTAL_FORMS": "0", "competing-INITIAL_FORMS": "0"}
    data.pop("region")
    response = client.post("/recruitment/apply/", data)
    assert response.status_code == 302, response.content
    assert Application.objects.get().region == Region.CIS


def test_leaving_a_field_of_the_application_submits_nothing(client):
    response = client.post(
        "/recruitment/apply/",
        application_data(contact_email="nope"),
        headers={VALIDATE_HEADER: "contact_email"},
    )
    assert response.status_code == 200 and response["X-Kanal-Field-Valid"] == "0"
    assert not Application.objects.exists()
