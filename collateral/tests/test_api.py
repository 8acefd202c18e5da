"""The collateral API (/api/collateral…) and the partner logo's (/api/partners/{id}/logo)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collateral.models import CollateralTemplate, GeneratedCollateral
from collateral.testing import FLYER_EN, FLYER_RU, PNG, published_template
from core.models import Event
from core.testing import error_codes, items, snapshot

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_marketing_creates_versions_publishes_and_archives(world, api_client):
    client = api_client(world.marketing)
    created = client.post(
        "/api/collateral/templates",
        {"title_en": "Flyer", "title_ru": "Флаер", "source_en": FLYER_EN, "tiers": ["gold"]},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["current_version"] is None and body["tiers"] == ["gold"]
    assert set(body["actions"]) == {"edit", "publish", "archive"}
    template_id = body["id"]
    published = client.post(f"/api/collateral/templates/{template_id}/publish")
    assert published.json()["current_version"] == 1 and published.json()["languages"] == ["en"]
    version = client.post(
        f"/api/collateral/templates/{template_id}/versions",
        {"source_en": FLYER_EN, "source_ru": FLYER_RU},
        content_type=JSON,
    )
    assert version.status_code == 201 and version.json()["current_version"] == 1
    numbers = [v["number"] for v in items(client.get(f"/api/collateral/templates/{template_id}/versions"))]
    assert numbers == [2, 1]
    again = client.post(f"/api/collateral/templates/{template_id}/publish").json()
    assert again["current_version"] == 2 and again["languages"] == ["en", "ru"]
    patched = client.patch(
        f"/api/collateral/templates/{template_id}", {"title_en": "Summer"}, content_type=JSON
    )
    assert patched.json()["title_en"] == "Summer"
    archived = client.post(f"/api/collateral/templates/{template_id}/archive").json()
    assert archived["status"] == "archived" and archived["actions"] == []


def test_a_source_that_does_not_compile_is_422_with_its_code(world, api_client):
    client = api_client(world.ops)
    events = Event.objects.count()
    response = client.post(
        "/api/collateral/templates", {"title_en": "Broken", "source_en": "#let x ="}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_codes(response) == {"source_en": "does_not_compile"}
    assert not CollateralTemplate.objects.exists() and Event.objects.count() == events


def test_a_cam_reads_and_may_not_write(world, api_client):
    template = published_template(world.actor(world.marketing))
    client = api_client(world.cam)
    assert client.get(f"/api/collateral/templates/{template.public_id}").json()["actions"] == []
    before = snapshot(template)
    assert (
        client.post(
            "/api/collateral/templates", {"title_en": "X", "source_en": FLYER_EN}, content_type=JSON
        ).status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/collateral/templates/{template.public_id}", {"title_en": "X"}, content_type=JSON
        ).status_code
        == 403
    )
    assert client.post(f"/api/collateral/templates/{template.public_id}/archive").status_code == 403
    assert (
        client.post(
            f"/api/collateral/templates/{template.public_id}/versions",
            {"source_en": FLYER_EN},
            content_type=JSON,
        ).status_code
        == 403
    )
    assert snapshot(template) == before and template.versions.count() == 1


def test_a_partner_generates_a_link_and_the_pdf(world, api_client, login):
    template = published_template(world.actor(world.marketing), source_ru=FLYER_RU)
    client = api_client(world.rep_a)
    listed = items(client.get("/api/collateral/templates"))
    assert [t["id"] for t in listed] == [str(template.public_id)]
    made = client.post(
        f"/api/collateral/templates/{template.public_id}/generate", {"language": "ru"}, content_type=JSON
    )
    assert made.status_code == 200, made.content
    body = made.json()
    assert body["language"] == "ru" and body["template_version"] == 1
    download = login(world.rep_a).get(body["url"])  # a signed link opens in the person's signed-in browser
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    pdf = client.get(f"/api/collateral/templates/{template.public_id}/pdf?language=ru")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert GeneratedCollateral.objects.count() == 1  # the same file both times
    wrong = client.post(
        f"/api/collateral/templates/{template.public_id}/generate", {"language": "de"}, content_type=JSON
    )
    assert wrong.status_code == 422


def test_a_partner_outside_the_audience_gets_404(world, api_client):
    template = published_template(world.actor(world.marketing), partner_types=["distributor"])
    client = api_client(world.admin_a)
    assert items(client.get("/api/collateral/templates")) == []
    assert client.get(f"/api/collateral/templates/{template.public_id}").status_code == 404
    assert (
        client.post(
            f"/api/collateral/templates/{template.public_id}/generate", {"language": "en"}, content_type=JSON
        ).status_code
        == 404
    )
    assert client.get(f"/api/collateral/templates/{template.public_id}/pdf").status_code == 404
    assert not GeneratedCollateral.objects.exists()


# --- the partner logo -------------------------------------------------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _upload(client, partner, name, content):
    return client.post(f"/api/partners/{partner.public_id}/logo", {"logo": SimpleUploadedFile(name, content)})


def test_a_partner_admin_uploads_and_removes_the_logo(world, api_client):
    client = api_client(world.admin_a)
    version = world.partner_a.profile_version
    uploaded = _upload(client, world.partner_a, "logo.png", PNG)
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["has_logo"] is True and uploaded.json()["profile_version"] == version + 1
    assert "/files/" in uploaded.json()["logo_url"]
    assert Event.objects.filter(verb="partner.logo_changed", partner=world.partner_a).count() == 1
    removed = client.delete(f"/api/partners/{world.partner_a.public_id}/logo")
    assert removed.json()["has_logo"] is False and removed.json()["profile_version"] == version + 2
    assert removed.json()["logo_url"] is None


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("logo.svg", SVG, "file_type_not_allowed"),
        ("logo.png", SVG, "file_type_mismatch"),
        ("logo.pdf", PDF, "file_type_not_allowed"),
        ("logo.gif", GIF, "file_type_not_allowed"),
        ("logo.txt", b"just words", "file_type_not_allowed"),
        ("logo.png", PNG[:40], "logo_unreadable"),  # a PNG header on a broken body
        ("logo.png", PNG + b"\x00" * (2 * 1024 * 1024), "file_too_large"),
        ("logo.png", b"", "file_empty"),
    ],
)
def test_logos_that_are_not_png_or_jpeg_images_are_refused(world, api_client, name, content, code):
    client = api_client(world.admin_a)
    before, events = snapshot(world.partner_a), Event.objects.count()
    response = _upload(client, world.partner_a, name, content)
    assert response.status_code == 422, response.content
    assert error_codes(response) == {"logo": code}
    assert snapshot(world.partner_a) == before and Event.objects.count() == events


def test_a_rep_and_another_partner_may_not_change_the_logo(world, api_client):
    before = snapshot(world.partner_a)
    assert _upload(api_client(world.rep_a), world.partner_a, "logo.png", PNG).status_code == 403
    assert _upload(api_client(world.admin_b), world.partner_a, "logo.png", PNG).status_code == 404
    assert snapshot(world.partner_a) == before


def test_staff_who_edit_partners_upload_a_logo_and_others_see_it_through_a_signed_link(
    world, api_client, login
):
    from partners.logo import logo_url

    assert _upload(api_client(world.cam), world.partner_a, "logo.png", PNG).status_code == 200
    world.partner_a.refresh_from_db()
    own = login(world.rep_a).get(logo_url(world.partner_a, user_id=world.rep_a.pk))
    assert own.status_code == 200 and own["Content-Type"] == "image/png"
    # Bravo's admin with a link made for them to Alpha's logo: Alpha is not theirs to see.
    assert login(world.admin_b).get(logo_url(world.partner_a, user_id=world.admin_b.pk)).status_code == 404
    assert _upload(api_client(world.marketing), world.partner_a, "logo.png", PNG).status_code == 403
