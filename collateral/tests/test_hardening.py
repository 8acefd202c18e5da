"""What partners may not learn or keep: the vendor's targeting and markup, a link to a template that has
since gone, a Typst package; and a logo typed by its content whatever its name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collateral.services import template_archive
from collateral.testing import FLYER_EN, GREY_JPEG, published_template
from core.testing import error_codes, items

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_partners_do_not_read_status_audience_or_markup(world, api_client):
    template = published_template(world.actor(world.marketing), regions=["europe"])
    body = items(api_client(world.rep_a).get("/api/collateral/templates"))[0]
    assert (body["status"], body["partner_types"], body["tiers"], body["regions"]) == (None, None, None, None)
    staff = api_client(world.cam).get(f"/api/collateral/templates/{template.public_id}").json()
    assert staff["status"] == "published" and staff["regions"] == ["europe"]
    versions = f"/api/collateral/templates/{template.public_id}/versions"
    assert api_client(world.rep_a).get(versions).status_code == 403
    assert items(api_client(world.cam).get(versions))[0]["source_en"] == FLYER_EN


def test_a_link_made_before_the_template_was_archived_opens_nothing(world, api_client, login):
    template = published_template(world.actor(world.marketing))
    made = api_client(world.rep_a).post(
        f"/api/collateral/templates/{template.public_id}/generate", {"language": "en"}, content_type=JSON
    )
    link = made.json()["url"]
    assert login(world.rep_a).get(link).status_code == 200
    template_archive(actor=world.actor(world.marketing), template=template)
    assert login(world.rep_a).get(link).status_code == 404


def test_package_imports_are_refused(world, api_client):
    response = api_client(world.marketing).post(
        "/api/collateral/templates",
        {"title_en": "Fancy", "source_en": '#import "@preview/cetz:0.3.0": canvas\n= Hi'},
        content_type=JSON,
    )
    assert response.status_code == 422 and error_codes(response) == {"source_en": "package_import"}


def test_a_jpeg_logo_without_an_extension_still_prints(world, api_client):
    client = api_client(world.admin_a)
    uploaded = client.post(
        f"/api/partners/{world.partner_a.public_id}/logo", {"logo": SimpleUploadedFile("blob", GREY_JPEG)}
    )
    assert uploaded.status_code in (200, 201), uploaded.content
    world.partner_a.refresh_from_db()
    assert world.partner_a.logo.name.endswith(".jpg")
    template = published_template(world.actor(world.marketing))
    made = client.post(
        f"/api/collateral/templates/{template.public_id}/generate", {"language": "en"}, content_type=JSON
    )
    assert made.status_code == 200, made.content
