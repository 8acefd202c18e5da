"""The announcements API: the same rules as the pages, for both sides."""

from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement, AnnouncementRead
from core.models import Event
from core.testing import error_codes, items, snapshot
from notifications.models import Notification

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_marketing_writes_publishes_and_withdraws(world, api_client):
    api = api_client(world.marketing)
    created = api.post(
        "/api/announcements",
        {
            "kind": "newsletter",
            "title_en": "Q3 newsletter",
            "title_ru": "Рассылка за третий квартал",
            "body_en": "What happened.",
            "tiers": ["gold", "platinum"],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["tiers"] == ["gold", "platinum"]
    assert body["actions"] == ["edit", "publish"]
    assert body["stats"] == {"readers": 0, "users_reached": 0, "partners_reached": 0, "partners_read": 0}
    url = f"/api/announcements/{body['id']}"
    patched = api.patch(url, {"tiers": [], "regions": ["europe"]}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["regions"] == ["europe"]
    assert patched.json()["title_en"] == "Q3 newsletter"  # untouched
    later = (timezone.now() + timedelta(days=1)).isoformat()
    scheduled = api.post(f"{url}/publish", {"publish_at": later}, content_type=JSON)
    assert scheduled.status_code == 200 and scheduled.json()["status"] == "scheduled"
    published = api.post(f"{url}/publish", content_type=JSON)
    assert published.json()["status"] == "published"
    assert published.json()["actions"] == ["edit", "withdraw"]
    assert published.json()["stats"]["users_reached"] == 4  # A's two users, the distributor's, the reseller's
    withdrawn = api.post(f"{url}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["actions"] == []


def test_partners_list_and_read_only_their_own(world, api_client, write):
    mine = write(title_en="For Europe", title_ru="Для Европы", regions=["europe"], publish=True)
    other = write(title_en="For North America", regions=["north_america"], publish=True)
    write(title_en="Draft")
    api = api_client(world.rep_a)
    listed = items(api.get("/api/announcements"))
    assert [a["title"] for a in listed] == ["For Europe"]
    assert listed[0]["is_read"] is False and listed[0]["read_count"] is None
    assert api.get(f"/api/announcements/{other.public_id}").status_code == 404
    assert api.post(f"/api/announcements/{other.public_id}/read").status_code == 404
    detail = api.get(f"/api/announcements/{mine.public_id}", headers={"Accept-Language": "ru"})
    assert detail.status_code == 200
    assert detail.json()["stats"] is None and detail.json()["actions"] == []
    first = api.post(f"/api/announcements/{mine.public_id}/read")
    assert first.json() == {"id": str(mine.public_id), "first_read": True}
    assert api.post(f"/api/announcements/{mine.public_id}/read").json()["first_read"] is False
    assert items(api.get("/api/announcements"))[0]["is_read"] is True
    assert AnnouncementRead.objects.filter(announcement=other).count() == 0
    staff = api_client(world.cam).get(f"/api/announcements/{mine.public_id}").json()
    assert staff["read_count"] == 1 and staff["stats"]["partners_read"] == 1


@pytest.mark.parametrize("persona", ["cam", "chief", "admin_a"])
def test_others_cannot_write(world, api_client, write, persona):
    draft = write(regions=["europe"])
    published = write(title_en="Live", publish=True)
    api = api_client(getattr(world, persona))
    before, before_live, events = snapshot(draft), snapshot(published), Event.objects.count()
    assert (
        api.post("/api/announcements", {"title_en": "x", "body_en": "y"}, content_type=JSON).status_code
        == 403
    )
    expected = 404 if persona == "admin_a" else 403  # a partner user never sees a draft
    assert (
        api.patch(f"/api/announcements/{draft.public_id}", {"title_en": "x"}, content_type=JSON).status_code
        == expected
    )
    assert (
        api.post(f"/api/announcements/{draft.public_id}/publish", content_type=JSON).status_code == expected
    )
    assert api.post(f"/api/announcements/{published.public_id}/withdraw").status_code == 403
    assert snapshot(draft) == before and snapshot(published) == before_live
    assert Event.objects.count() == events and Announcement.objects.count() == 2


def test_staff_cannot_mark_read(world, api_client, write):
    published = write(publish=True)
    assert api_client(world.cam).post(f"/api/announcements/{published.public_id}/read").status_code == 403
    assert not AnnouncementRead.objects.exists()


def test_validation_failures_are_422_and_change_nothing(world, api_client, write):
    api = api_client(world.ops)
    events = Event.objects.count()
    refused = api.post(
        "/api/announcements",
        {"title_en": "", "body_en": "x", "regions": ["atlantis"]},
        content_type=JSON,
    )
    assert refused.status_code == 422
    assert error_codes(refused) == {"title_en": "blank", "regions.0": "invalid_choice"}
    assert not Announcement.objects.exists() and Event.objects.count() == events
    draft = write(expires_at=(timezone.now() + timedelta(hours=2)))
    before, events = snapshot(draft), Event.objects.count()
    late = (timezone.now() + timedelta(days=1)).isoformat()
    publish = api.post(
        f"/api/announcements/{draft.public_id}/publish", {"publish_at": late}, content_type=JSON
    )
    assert publish.status_code == 422 and error_codes(publish) == {"expires_at": "expires_before_publish"}
    past = (timezone.now() - timedelta(days=1)).isoformat()
    patch = api.patch(f"/api/announcements/{draft.public_id}", {"expires_at": past}, content_type=JSON)
    assert patch.status_code == 422 and error_codes(patch) == {"expires_at": "expired"}
    unknown = api.patch(f"/api/announcements/{draft.public_id}", {"status": "published"}, content_type=JSON)
    assert unknown.status_code == 422
    assert snapshot(draft) == before and Event.objects.count() == events
    assert not Notification.objects.exists()


def test_filters_are_checked(world, api_client, write):
    write(title_en="Spring", kind="newsletter", publish=True)
    write(title_en="Summer")
    api = api_client(world.cam)
    assert [a["title"] for a in items(api.get("/api/announcements?status=draft"))] == ["Summer"]
    assert [a["title"] for a in items(api.get("/api/announcements?kind=newsletter"))] == ["Spring"]
    assert api.get("/api/announcements?status=bogus").status_code == 422
    # partners have no status filter (it would tell them nothing): asking for drafts still shows no draft
    assert [a["title"] for a in items(api_client(world.rep_a).get("/api/announcements?status=draft"))] == [
        "Spring"
    ]


def test_partners_do_not_read_status_or_audience(world, write, api_client):
    announcement = write(title_en="For Europe", regions=["europe"], publish=True)
    body = api_client(world.rep_a).get(f"/api/announcements/{announcement.public_id}").json()
    assert (body["status"], body["partner_types"], body["tiers"], body["regions"]) == (None, None, None, None)
    staff = api_client(world.cam).get(f"/api/announcements/{announcement.public_id}").json()
    assert staff["status"] == "published" and staff["regions"] == ["europe"]
