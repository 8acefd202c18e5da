"""The demo's announcements: published, scheduled and draft, in both languages, some read."""

import pytest

from accounts.models import User
from announcements.models import Announcement, AnnouncementRead
from announcements.selectors import announcements_visible
from core.actor import build_actor

pytestmark = pytest.mark.django_db


def test_the_demo_has_announcements_for_the_bike_store(demo):
    from recognition.models import TierUpDraft

    # The demo's own announcements (recognition adds the draft of a partner's new tier: its own test).
    written = Announcement.objects.exclude(pk__in=TierUpDraft.objects.values("announcement"))
    statuses = sorted(written.values_list("status", flat=True))
    assert statuses == ["draft", "published", "published", "published", "scheduled"]
    assert all(a.title_ru and a.body_ru for a in Announcement.objects.all())
    admin = build_actor(User.objects.get(email="admin@bikestore.demo"))
    visible = announcements_visible(actor=admin)
    assert visible.count() >= 2
    assert not visible.filter(status__in=["draft", "scheduled"]).exists()
    assert AnnouncementRead.objects.filter(user=admin.user).count() >= 1
