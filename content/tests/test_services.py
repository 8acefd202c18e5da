"""The library's rules: who sees what, versions, publication, and every refusal changing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from content.models import Asset, AssetStatus, AssetVersion
from content.selectors import current_versions, version_for_reader
from content.services import (
    asset_archive,
    asset_create,
    asset_publish,
    asset_update,
    library_visit,
    version_add,
)
from core.inputs import InputInvalid
from core.models import Event
from core.testing import snapshot

from .conftest import PDF, PNG, pdf

pytestmark = pytest.mark.django_db


def titles(actor) -> set[str]:
    return set(Asset.objects.visible_to(actor).values_list("title_en", flat=True))


def test_partners_see_live_assets_meant_for_them(world, library):
    assert titles(world.actor(world.rep_a)) == {"Channel price list"}
    assert titles(world.actor(world.admin_b)) == {"Channel price list", "North America promotion"}
    staff = titles(world.actor(world.cam))
    assert {"Web shop playbook", "Next quarter prices (draft)"} <= staff


def test_partner_type_and_tier_targeting(world, library):
    ops = world.actor(world.ops)
    asset_update(actor=ops, asset=library["everyone"], data={"partner_types": ["distributor"], "tiers": []})
    assert "Channel price list" not in titles(world.actor(world.rep_a))
    assert "Channel price list" in titles(world.actor(world.dist_admin))
    asset_update(actor=ops, asset=library["everyone"], data={"partner_types": [], "tiers": ["gold"]})
    assert "Channel price list" not in titles(world.actor(world.dist_admin))
    world.partner_a.tier = "gold"
    world.partner_a.save()
    assert "Channel price list" in titles(world.actor(world.rep_a))


def test_publication_window(world, library):
    ops = world.actor(world.ops)
    today = timezone.localdate()
    asset = library["everyone"]
    asset_update(actor=ops, asset=asset, data={"publish_on": today + dt.timedelta(days=1)})
    assert "Channel price list" not in titles(world.actor(world.rep_a))
    asset_update(
        actor=ops, asset=asset, data={"publish_on": today - dt.timedelta(days=10), "available_until": today}
    )
    assert "Channel price list" in titles(world.actor(world.rep_a))  # the last day is included
    asset_update(actor=ops, asset=asset, data={"available_until": today - dt.timedelta(days=1)})
    assert "Channel price list" not in titles(world.actor(world.rep_a))


def test_last_day_before_first_is_refused(world, library):
    asset = library["everyone"]
    before = snapshot(asset)
    today = timezone.localdate()
    with pytest.raises(InputInvalid) as refused:
        asset_update(
            actor=world.actor(world.ops),
            asset=asset,
            data={"publish_on": today, "available_until": today - dt.timedelta(days=1)},
        )
    assert refused.value.error_dict["available_until"][0].code == "available_before_published"
    assert snapshot(asset) == before


def test_versions_partners_get_the_newest_in_their_language(world, library):
    ops = world.actor(world.ops)
    asset = library["everyone"]
    version_add(actor=ops, asset=asset, data={"language": "en", "file": pdf(), "note": "Corrected prices"})
    version_add(actor=ops, asset=asset, data={"language": "ru", "file": pdf()})
    numbers = {(v.language, v.number) for v in AssetVersion.objects.filter(asset=asset)}
    assert numbers == {("en", 1), ("en", 2), ("ru", 1)}  # the old one stays
    current = current_versions(asset)
    assert current["en"].number == 2 and current["en"].note == "Corrected prices"
    assert version_for_reader(asset, "ru").language == "ru"
    assert version_for_reader(asset, "de").language == "en"
    assert Event.objects.filter(verb="content.version_added", target_id=asset.pk).count() == 2


def test_new_version_of_live_asset_is_new_again(world, library):
    asset = library["everyone"]
    Asset.objects.filter(pk=asset.pk).update(freshened_at=timezone.now() - dt.timedelta(days=30))
    version_add(actor=world.actor(world.ops), asset=asset, data={"language": "en", "file": pdf()})
    asset.refresh_from_db()
    assert timezone.now() - asset.freshened_at < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("prices.pdf", b"<!doctype html><script>alert(1)</script>"), "file_type_mismatch"),
        (SimpleUploadedFile("empty.pdf", b""), "file_empty"),
        (SimpleUploadedFile("logo.png", PNG), "file_type_not_allowed"),  # an image is no document
        (SimpleUploadedFile("page.html", b"<html><body>hi</body></html>"), "file_type_not_allowed"),
    ],
)
def test_upload_refusals_change_nothing(world, library, upload, code):
    asset = library["everyone"]
    versions = AssetVersion.objects.count()
    events = Event.objects.count()
    with pytest.raises(InputInvalid) as refused:
        version_add(actor=world.actor(world.ops), asset=asset, data={"language": "en", "file": upload})
    assert refused.value.error_dict["file"][0].code == code
    assert AssetVersion.objects.count() == versions and Event.objects.count() == events


@override_settings(UPLOAD_MAX_MB=1)
def test_oversized_upload_is_refused(world, library):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(InputInvalid) as refused:
        version_add(
            actor=world.actor(world.ops), asset=library["everyone"], data={"language": "en", "file": big}
        )
    assert refused.value.error_dict["file"][0].code == "file_too_large"


def test_create_refusals(world, library):
    ops = world.actor(world.ops)
    assets = Asset.objects.count()
    with pytest.raises(InputInvalid) as refused:
        asset_create(actor=ops, data={"kind": "link", "title_en": "X", "file": pdf()})
    assert refused.value.error_dict["file"][0].code == "file_or_url"
    with pytest.raises(InputInvalid) as refused:
        asset_create(actor=ops, data={"kind": "image", "title_en": "X", "file": pdf()})
    assert refused.value.error_dict["file"][0].code == "file_type_not_allowed"
    with pytest.raises(InputInvalid) as refused:
        asset_create(actor=ops, data={"kind": "document", "title_en": "", "tags": ["ok", "<script>"]})
    assert set(refused.value.error_dict) == {"title_en", "tags"}
    assert Asset.objects.count() == assets


@pytest.mark.parametrize("role", ["cam", "chief", "rep_a", "admin_a"])
def test_only_marketing_and_ops_manage(world, library, role):
    actor = world.actor(getattr(world, role))
    asset = library["draft"]
    before = snapshot(asset)
    with pytest.raises(PermissionDenied):
        asset_create(actor=actor, data={"kind": "document", "title_en": "Mine"})
    with pytest.raises((PermissionDenied, Exception)):
        asset_publish(actor=actor, asset=asset)
    assert snapshot(asset) == before


def test_marketing_manages(world, library):
    marketing = world.actor(world.marketing)
    asset = asset_publish(actor=marketing, asset=library["draft"])
    assert asset.status == AssetStatus.PUBLISHED and asset.publish_on == timezone.localdate()
    asset = asset_archive(actor=marketing, asset=asset)
    assert asset.status == AssetStatus.ARCHIVED
    assert "Next quarter prices (draft)" not in titles(world.actor(world.rep_a))


def test_publish_needs_a_version_and_archive_a_published_asset(world, library):
    ops = world.actor(world.ops)
    empty = asset_create(actor=ops, data={"kind": "document", "title_en": "No file yet"})
    with pytest.raises(Exception) as refused:
        asset_publish(actor=ops, asset=empty)
    assert refused.value.code == "no_version"
    with pytest.raises(Exception) as refused:
        asset_archive(actor=ops, asset=library["draft"])
    assert refused.value.code == "not_published"
    assert Asset.objects.get(pk=empty.pk).status == AssetStatus.DRAFT


def test_library_visit_marks_what_is_new(world, library):
    rep = world.actor(world.rep_a)
    assert library_visit(actor=rep) is None  # first visit: the last month counts as new
    from content.models import LibraryVisit

    LibraryVisit.objects.filter(user=world.rep_a).update(visited_at=timezone.now() - dt.timedelta(hours=2))
    seen = library_visit(actor=rep)
    assert seen is not None and timezone.now() - seen >= dt.timedelta(hours=2)
    again = library_visit(actor=rep)  # the same visit: what was new stays new while browsing
    assert again == seen
