"""The library in the API (/api/library…): the same rules as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content.models import ActivityKind, Asset, AssetActivity, AssetStatus, AssetVersion
from core.testing import error_codes, error_fields, items, snapshot

from .conftest import PDF

pytestmark = pytest.mark.django_db


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {a["title_en"] for a in items(response)}


def test_partner_lists_and_searches_their_assets(world, library, api_client):
    client = api_client(world.rep_a)
    assert titles(client.get("/api/library/assets")) == {"Channel price list"}
    assert titles(client.get("/api/library/assets?q=прайс")) == {"Channel price list"}
    assert titles(client.get("/api/library/assets?q=nothing+like+this")) == set()
    body = items(client.get("/api/library/assets"))[0]
    assert body["status"] is None and body["views"] is None  # staff's fields
    assert [f["language"] for f in body["files"]] == ["en"] and body["files"][0]["file_type"] == "pdf"
    assert [p["sku"] for p in body["products"]] == ["RB-150"]
    assert body["is_new"] is True


def test_partner_never_sees_direct_only_product_assets(world, library, api_client):
    assert "Web shop playbook" not in titles(api_client(world.admin_b).get("/api/library/assets"))
    assert (
        api_client(world.admin_b).get(f"/api/library/assets/{library['direct_only'].public_id}").status_code
        == 404
    )


def test_staff_list_has_use_and_status(world, library, api_client):
    body = {a["title_en"]: a for a in items(api_client(world.cam).get("/api/library/assets?status=draft"))}
    assert set(body) == {"Next quarter prices (draft)"}
    assert body["Next quarter prices (draft)"]["status"] == "draft"
    assert body["Next quarter prices (draft)"]["actions"] == ["view_stats"]  # a CAM reads
    response = api_client(world.cam).get("/api/library/assets?status=nope")
    assert response.status_code == 422 and error_fields(response) == {"status"}


def test_partner_cannot_filter_by_status(world, library, api_client):
    response = api_client(world.rep_a).get("/api/library/assets?status=draft")
    assert titles(response) == {"Channel price list"}  # a staff-only filter is not one of theirs


def test_detail_and_download_elsewhere_are_404(world, library, api_client):
    client = api_client(world.rep_a)
    for key in ("america", "draft", "direct_only"):
        public_id = library[key].public_id
        assert client.get(f"/api/library/assets/{public_id}").status_code == 404
        assert client.get(f"/api/library/assets/{public_id}/download").status_code == 404


def test_download_link_is_the_callers_and_counted_when_used(world, library, api_client, login):
    asset = library["everyone"]
    body = api_client(world.rep_a).get(f"/api/library/assets/{asset.public_id}/download").json()
    assert body["language"] == "en" and body["version"] == 1 and body["expires_in"] > 0
    assert AssetActivity.objects.filter(kind=ActivityKind.DOWNLOAD).count() == 0
    path = body["url"].split("testserver", 1)[1]
    response = login(world.rep_a).get(path)
    assert b"".join(response.streaming_content) == PDF
    assert AssetActivity.objects.filter(kind=ActivityKind.DOWNLOAD, user=world.rep_a).count() == 1


def test_create_add_file_publish(world, library, api_client):
    client = api_client(world.marketing)
    response = client.post(
        "/api/library/assets",
        {"kind": "document", "title_en": "Fleet deck", "tags": ["fleet"], "partner_types": ["reseller"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft" and created["files"] == []
    refused = client.post(f"/api/library/assets/{created['id']}/publish")
    assert refused.status_code == 422 and error_codes(refused) == {None: "no_version"}
    upload = client.post(
        f"/api/library/assets/{created['id']}/versions",
        {"language": "ru", "note": "Первая", "file": SimpleUploadedFile("deck.pdf", PDF)},
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["language"] == "ru" and upload.json()["file_type"] == "pdf"
    published = client.post(f"/api/library/assets/{created['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert "Fleet deck" in titles(api_client(world.rep_a).get("/api/library/assets"))


def test_api_upload_refusals(world, library, api_client):
    client = api_client(world.ops)
    asset = library["everyone"]
    before = AssetVersion.objects.count()
    disguised = client.post(
        f"/api/library/assets/{asset.public_id}/versions",
        {"language": "en", "file": SimpleUploadedFile("prices.pdf", b"<html><body>x</body></html>")},
    )
    assert disguised.status_code == 422 and error_codes(disguised) == {"file": "file_type_mismatch"}
    missing = client.post(f"/api/library/assets/{asset.public_id}/versions", {"language": "en"})
    assert missing.status_code == 422 and error_codes(missing) == {"file": "file_or_url"}
    assert AssetVersion.objects.count() == before


def test_link_asset(world, library, api_client):
    client = api_client(world.ops)
    created = client.post(
        "/api/library/assets",
        {"kind": "link", "title_en": "Webinar", "url": "https://video.example/webinar"},
        content_type="application/json",
    ).json()
    assert created["files"][0]["url"] == "https://video.example/webinar"
    again = client.post(
        f"/api/library/assets/{created['id']}/links",
        {"language": "en", "url": "https://video.example/webinar-2", "note": "New recording"},
        content_type="application/json",
    )
    assert again.status_code == 201 and again.json()["number"] == 2
    client.post(f"/api/library/assets/{created['id']}/publish")
    body = api_client(world.rep_a).get(f"/api/library/assets/{created['id']}/download").json()
    assert body["url"] == "https://video.example/webinar-2" and body["expires_in"] is None


def test_patch_changes_only_what_is_given(world, library, api_client):
    asset = library["everyone"]
    response = api_client(world.ops).patch(
        f"/api/library/assets/{asset.public_id}",
        {"title_ru": "Новый прайс-лист", "regions": ["europe"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    asset.refresh_from_db()
    assert asset.title_ru == "Новый прайс-лист" and asset.regions == ["europe"]
    assert asset.tags == ["pricing", "2026"] and asset.title_en == "Channel price list"
    assert "Channel price list" not in titles(api_client(world.admin_b).get("/api/library/assets"))


@pytest.mark.parametrize("user", ["cam", "rep_a", "admin_a"])
def test_readers_cannot_write(world, library, api_client, user):
    client = api_client(getattr(world, user))
    asset = library["everyone"]
    before = snapshot(asset)
    created = client.post(
        "/api/library/assets", {"kind": "document", "title_en": "X"}, content_type="application/json"
    )
    assert created.status_code == 403
    patched = client.patch(
        f"/api/library/assets/{asset.public_id}", {"title_en": "X"}, content_type="application/json"
    )
    assert patched.status_code == 403
    assert client.post(f"/api/library/assets/{asset.public_id}/archive").status_code == 403
    assert snapshot(asset) == before and not Asset.objects.filter(title_en="X").exists()


def test_usage_and_activity_are_staff_only(world, library, api_client, login):
    asset = library["everyone"]
    login(world.rep_a).get(f"/library/{asset.public_id}/")
    usage = items(api_client(world.cam).get(f"/api/library/assets/{asset.public_id}/usage"))
    assert usage == [
        {
            "partner_id": str(world.partner_a.public_id),
            "partner": "Alpha Systems",
            "views": 1,
            "downloads": 0,
            "people": 1,
        }
    ]
    activity = api_client(world.cam).get(f"/api/library/activity?partner={world.partner_a.public_id}")
    assert [row["user"] for row in items(activity)] == ["rep@alpha.test"]
    assert api_client(world.rep_a).get(f"/api/library/assets/{asset.public_id}/usage").status_code == 403
    assert api_client(world.rep_a).get("/api/library/activity").status_code == 403


def test_archived_asset_disappears(world, library, api_client):
    asset = library["everyone"]
    api_client(world.ops).post(f"/api/library/assets/{asset.public_id}/archive")
    assert Asset.objects.get(pk=asset.pk).status == AssetStatus.ARCHIVED
    assert titles(api_client(world.rep_a).get("/api/library/assets")) == set()


def test_partners_get_current_versions_only(world, library, api_client, login):
    from content.services import version_add

    from .conftest import pdf

    asset = library["everyone"]
    old = AssetVersion.objects.get(asset=asset, number=1)
    version_add(actor=world.actor(world.ops), asset=asset, data={"language": "en", "file": pdf()})
    refused = api_client(world.rep_a).get(
        f"/api/library/assets/{asset.public_id}/download?version={old.public_id}"
    )
    assert refused.status_code == 404
    assert (
        login(world.rep_a).get(f"/library/{asset.public_id}/download/?version={old.public_id}").status_code
        == 302
    )
    staff = api_client(world.cam).get(
        f"/api/library/assets/{asset.public_id}/download?version={old.public_id}"
    )
    assert staff.status_code == 200 and staff.json()["version"] == 1
    assert login(world.cam).get(f"/library/{asset.public_id}/download/?version=not-a-uuid").status_code == 302


def test_an_asset_past_its_last_day_is_not_published(world, library, api_client):
    import datetime as dt

    from django.utils import timezone

    draft = library["draft"]
    Asset.objects.filter(pk=draft.pk).update(available_until=timezone.localdate() - dt.timedelta(days=1))
    response = api_client(world.ops).post(f"/api/library/assets/{draft.public_id}/publish")
    assert response.status_code == 422 and error_codes(response) == {None: "available_before_published"}
    assert Asset.objects.get(pk=draft.pk).status == AssetStatus.DRAFT
