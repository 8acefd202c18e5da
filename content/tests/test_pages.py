"""The library's pages: the list for partners and staff, an asset's page, downloads, the staff forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content.models import ActivityKind, Asset, AssetActivity, AssetStatus, AssetVersion, Category
from core.models import Event

from .conftest import PDF

pytestmark = pytest.mark.django_db


def test_partner_library_lists_what_is_meant_for_them(world, library, login):
    page = login(world.rep_a).get("/library/").content.decode()
    assert "Channel price list" in page
    for hidden in ("North America promotion", "Web shop playbook", "Next quarter prices"):
        assert hidden not in page
    assert "Views" not in page  # staff's columns
    partner_b = login(world.rep_b).get("/library/").content.decode()
    assert "North America promotion" in partner_b


def test_library_search_and_filters(world, library, login):
    client = login(world.admin_b)
    assert "Channel price list" in client.get("/library/?q=chanel+price").content.decode()  # typos forgiven
    assert "Channel price list" in client.get("/library/?q=прайс").content.decode()  # the Russian title
    page = client.get("/library/?q=promotion").content.decode()
    assert "North America promotion" in page and "Channel price list" not in page
    page = client.get(f"/library/?category={library['category'].public_id}").content.decode()
    assert "Channel price list" in page and "North America promotion" not in page
    page = client.get("/library/?tag=pricing").content.decode()
    assert "Channel price list" in page and "North America promotion" not in page


def test_russian_reader_gets_russian_titles(world, library, login):
    client = login(world.rep_a)
    client.cookies["django_language"] = "ru"
    page = client.get("/library/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Прайс-лист для партнеров" in page and "Библиотека" in page


def test_asset_elsewhere_is_404_and_counted_views_are_partners_only(world, library, login):
    assert login(world.rep_a).get(f"/library/{library['america'].public_id}/").status_code == 404
    assert login(world.rep_a).get(f"/library/{library['draft'].public_id}/").status_code == 404
    assert login(world.rep_a).get(f"/library/{library['america'].public_id}/download/").status_code == 404
    asset = library["everyone"]
    assert login(world.rep_a).get(f"/library/{asset.public_id}/").status_code == 200
    assert login(world.cam).get(f"/library/{asset.public_id}/").status_code == 200
    views = AssetActivity.objects.filter(asset=asset, kind=ActivityKind.VIEW)
    assert [(v.partner_id, v.user_id) for v in views] == [(world.partner_a.pk, world.rep_a.pk)]


def test_download_through_signed_link_counts_once_per_download(world, library, login):
    client = login(world.rep_a)
    asset = library["everyone"]
    redirect = client.get(f"/library/{asset.public_id}/download/")
    assert redirect.status_code == 302 and redirect["Location"].startswith("/files/")
    response = client.get(redirect["Location"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert (
        AssetActivity.objects.filter(asset=asset, kind=ActivityKind.DOWNLOAD, partner=world.partner_a).count()
        == 1
    )
    # The link is the rep's own: another person (partner B's admin, who may see the asset) gets 404.
    assert login(world.admin_b).get(redirect["Location"]).status_code == 404


def test_archived_asset_link_no_longer_downloads(world, library, login):
    client = login(world.rep_a)
    asset = library["everyone"]
    link = client.get(f"/library/{asset.public_id}/download/")["Location"]
    Asset.objects.filter(pk=asset.pk).update(status=AssetStatus.ARCHIVED)
    assert client.get(link).status_code == 404


def test_staff_see_use_per_partner_and_old_versions(world, library, login):
    rep = login(world.rep_a)
    asset = library["everyone"]
    rep.get(f"/library/{asset.public_id}/")
    rep.get(rep.get(f"/library/{asset.public_id}/download/")["Location"])
    page = login(world.cam).get(f"/library/{asset.public_id}/").content.decode()
    assert "Alpha Systems" in page and "All versions" in page
    assert "Edit" not in page.split("page-header-actions")[1].split("</div>")[0]  # a CAM reads
    activity = (
        login(world.cam).get(f"/library/activity/?partner={world.partner_a.public_id}").content.decode()
    )
    assert "rep@alpha.test" in activity
    export = login(world.cam).get("/library/activity/export/")
    assert export.status_code == 200 and b"rep@alpha.test" in b"".join(export.streaming_content)
    assert login(world.rep_a).get("/library/activity/").status_code == 403


def test_marketing_creates_versions_and_publishes_through_pages(world, library, login):
    client = login(world.marketing)
    response = client.post(
        "/library/new/",
        {
            "kind": "document",
            "title_en": "Touring-2000 sheet",
            "language": "en",
            "file": SimpleUploadedFile("sheet.pdf", PDF),
            "regions": ["europe"],
        },
    )
    assert response.status_code == 302
    asset = Asset.objects.get(title_en="Touring-2000 sheet")
    assert asset.status == AssetStatus.DRAFT and asset.regions == ["europe"]
    response = client.post(
        f"/library/{asset.public_id}/versions/new/",
        {"language": "ru", "file": SimpleUploadedFile("sheet.pdf", PDF), "note": "Русская версия"},
    )
    assert response.status_code == 302
    assert AssetVersion.objects.filter(asset=asset, language="ru").count() == 1
    client.post(f"/library/{asset.public_id}/publish/")
    asset.refresh_from_db()
    assert asset.status == AssetStatus.PUBLISHED
    assert "Touring-2000 sheet" in login(world.rep_a).get("/library/").content.decode()
    assert Event.objects.filter(target_id=asset.pk, verb__startswith="content.").count() == 3


def test_disguised_html_is_refused_on_the_page(world, library, login):
    client = login(world.ops)
    before = AssetVersion.objects.count()
    response = client.post(
        f"/library/{library['everyone'].public_id}/versions/new/",
        {"language": "en", "file": SimpleUploadedFile("prices.pdf", b"<html><script>x</script></html>")},
    )
    assert response.status_code == 200
    assert "is not a PDF" in response.content.decode() or "file" in response.content.decode()
    assert AssetVersion.objects.count() == before


def test_cam_cannot_write(world, library, login):
    client = login(world.cam)
    assert client.get("/library/new/").status_code == 403
    assert client.post(f"/library/{library['draft'].public_id}/publish/").status_code in (302, 403)
    assert Asset.objects.get(pk=library["draft"].pk).status == AssetStatus.DRAFT
    assert client.post("/library/categories/", {"name_en": "Sneaky"}).status_code == 403
    assert not Category.objects.filter(name_en="Sneaky").exists()


def test_partner_home_shows_new_assets(world, library, login):
    page = login(world.rep_a).get("/my/").content.decode()
    assert "New in the library" in page and "Channel price list" in page


def test_staff_partner_page_shows_library_use(world, library, login):
    rep = login(world.rep_a)
    rep.get(rep.get(f"/library/{library['everyone'].public_id}/download/")["Location"])
    page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/?tab=enablement").content.decode()
    assert "Library use" in page and "Channel price list" in page
