"""Announcements: targeting, publication (now and scheduled), withdrawal, reads, the notifications and the
email digest, roles and refusals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from announcements.delivery import send_digest
from announcements.models import Announcement, AnnouncementDelivery, AnnouncementRead
from announcements.selectors import announcement_stats, announcements_visible
from announcements.services import (
    announcement_create,
    announcement_mark_read,
    announcement_publish,
    announcement_update,
    announcement_withdraw,
    announcements_publish_due,
)
from core.inputs import InputInvalid
from core.models import Event
from core.testing import snapshot
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def _visible(world, user):
    return set(announcements_visible(actor=world.actor(user)).values_list("title_en", flat=True))


def test_a_draft_is_seen_by_staff_only(world, write):
    write(title_en="Draft news")
    assert _visible(world, world.cam) == {"Draft news"}
    assert _visible(world, world.admin_a) == set()


def test_published_reaches_only_the_partners_in_its_audience(world, write):
    # Partner A is a European reseller, B a North American one.
    write(title_en="For Europe", regions=["europe"], publish=True)
    write(title_en="For North America", regions=["north_america"], publish=True)
    write(title_en="For everyone", publish=True)
    write(title_en="For distributors", partner_types=["distributor"], publish=True)
    assert _visible(world, world.rep_a) == {"For Europe", "For everyone"}
    assert _visible(world, world.admin_b) == {"For North America", "For everyone"}
    assert _visible(world, world.dist_admin) == {"For Europe", "For everyone", "For distributors"}


def test_publishing_notifies_every_active_user_in_the_audience_once(world, write):
    announcement = write(title_en="Bravo only", regions=["north_america"], publish=True)
    notified = set(Notification.objects.filter(verb="announcement.new").values_list("user__email", flat=True))
    assert notified == {world.admin_b.email, world.rep_b.email}
    assert set(AnnouncementDelivery.objects.values_list("user_id", flat=True)) == {
        world.admin_b.pk,
        world.rep_b.pk,
    }
    event = Event.objects.get(verb="announcement.published")
    assert event.after == {"status": "published", "recipients": 2}
    assert Notification.objects.get(user=world.admin_b).link == f"/announcements/{announcement.public_id}/"
    # nothing for partner A's users, and nothing twice
    announcements_publish_due()
    assert Notification.objects.filter(verb="announcement.new").count() == 2


def test_a_newsletter_is_its_own_kind_of_notification(world, write):
    write(kind="newsletter", title_en="March newsletter", publish=True)
    assert Notification.objects.filter(verb="newsletter.new").count() == 6  # every partner user of the world
    assert not Notification.objects.filter(verb="announcement.new").exists()


def test_scheduled_is_invisible_until_the_task_publishes_it_once(world, write, later):
    announcement = write(title_en="Later", publish=later)
    assert announcement.status == "scheduled" and announcement.publish_at == later
    assert _visible(world, world.rep_a) == set()
    assert not Notification.objects.exists()
    assert announcements_publish_due() == 0  # not yet
    assert Announcement.objects.get(pk=announcement.pk).status == "scheduled"

    moment = later + timedelta(minutes=1)
    assert announcements_publish_due(now=moment) == 1
    announcement.refresh_from_db()
    assert announcement.status == "published" and announcement.published_at == moment
    assert _visible(world, world.rep_a) == {"Later"}
    count = Notification.objects.count()
    assert count == 6
    assert announcements_publish_due(now=moment + timedelta(minutes=5)) == 0
    assert Notification.objects.count() == count
    assert Event.objects.filter(verb="announcement.published").count() == 1
    system = Event.objects.get(verb="announcement.published")
    assert system.actor is None


def test_publishing_with_a_past_moment_publishes_at_once(world, write):
    past = timezone.now() - timedelta(days=3)
    announcement = write(publish=past)
    assert announcement.status == "published" and announcement.publish_at == past


def test_expired_announcements_are_hidden_from_partners(world, write):
    announcement = write(title_en="Short-lived", publish=True, expires_at=timezone.now() + timedelta(hours=1))
    assert _visible(world, world.rep_a) == {"Short-lived"}
    Announcement.objects.filter(pk=announcement.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _visible(world, world.rep_a) == set()
    assert _visible(world, world.cam) == {"Short-lived"}


def test_withdrawn_is_hidden_and_final(world, write):
    announcement = write(title_en="Oops", publish=True)
    announcement_withdraw(actor=world.actor(world.ops), announcement=announcement)
    assert _visible(world, world.rep_a) == set()
    before = snapshot(announcement)
    events = Event.objects.count()
    for attempt in (
        lambda: announcement_publish(actor=world.actor(world.ops), announcement=announcement),
        lambda: announcement_withdraw(actor=world.actor(world.ops), announcement=announcement),
        lambda: announcement_update(
            actor=world.actor(world.ops), announcement=announcement, data={"title_en": "Again"}
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.error_dict["status"][0].code == "withdrawn"
    assert snapshot(announcement) == before
    assert Event.objects.count() == events


def test_publishing_twice_is_refused(world, write):
    announcement = write(publish=True)
    with pytest.raises(ValidationError) as refused:
        announcement_publish(actor=world.actor(world.marketing), announcement=announcement)
    assert refused.value.error_dict["status"][0].code == "already_published"


def test_a_scheduled_one_can_be_published_now(world, write, later):
    announcement = write(publish=later)
    announcement_publish(actor=world.actor(world.ops), announcement=announcement)
    announcement.refresh_from_db()
    assert announcement.status == "published" and announcement.publish_at <= timezone.now()
    assert announcements_publish_due(now=later + timedelta(hours=1)) == 0


@pytest.mark.parametrize("persona", ["cam", "chief", "admin_a", "rep_a"])
def test_only_marketing_and_ops_write(world, write, persona):
    actor = world.actor(getattr(world, persona))
    draft = write()
    before, events = snapshot(draft), Event.objects.count()
    with pytest.raises(PermissionDenied):
        announcement_create(actor=actor, data={"title_en": "x", "body_en": "y"})
    for attempt in (
        lambda: announcement_update(actor=actor, announcement=draft, data={"title_en": "Hijacked"}),
        lambda: announcement_publish(actor=actor, announcement=draft),
        lambda: announcement_withdraw(actor=actor, announcement=draft),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert snapshot(draft) == before
    assert Announcement.objects.count() == 1 and Event.objects.count() == events
    assert not Notification.objects.exists()


def test_invalid_input_changes_nothing(world, write):
    draft = write(title_en="Keep me")
    before, events = snapshot(draft), Event.objects.count()
    marketing = world.actor(world.marketing)
    with pytest.raises(InputInvalid) as refused:
        announcement_update(
            actor=marketing,
            announcement=draft,
            data={"title_en": "", "regions": ["atlantis"], "expires_at": timezone.now() - timedelta(days=1)},
        )
    codes = {field: errors[0].code for field, errors in refused.value.error_dict.items()}
    assert codes == {"title_en": "required", "regions": "invalid_choice", "expires_at": "expired"}
    with pytest.raises(InputInvalid):
        announcement_create(actor=marketing, data={"title_en": "No text"})
    assert snapshot(draft) == before
    assert Announcement.objects.count() == 1 and Event.objects.count() == events


def test_it_cannot_expire_before_it_is_published(world, write, later):
    draft = write(expires_at=timezone.now() + timedelta(days=1))
    before = snapshot(draft)
    with pytest.raises(ValidationError) as refused:
        announcement_publish(actor=world.actor(world.ops), announcement=draft, data={"publish_at": later})
    assert refused.value.error_dict["expires_at"][0].code == "expires_before_publish"
    assert snapshot(draft) == before
    assert not Event.objects.filter(verb__in=["announcement.scheduled", "announcement.published"]).exists()


def test_reads_are_counted_once_per_person(world, write):
    announcement = write(publish=True)
    assert announcement_mark_read(actor=world.actor(world.rep_a), announcement=announcement) is True
    assert announcement_mark_read(actor=world.actor(world.rep_a), announcement=announcement) is False
    announcement_mark_read(actor=world.actor(world.admin_a), announcement=announcement)
    announcement_mark_read(actor=world.actor(world.admin_b), announcement=announcement)
    stats = announcement_stats(actor=world.actor(world.cam), announcement=announcement)
    assert (stats.readers, stats.users_reached, stats.partners_reached, stats.partners_read) == (3, 6, 4, 2)
    assert Event.objects.filter(verb="announcement.read").count() == 3
    read = Event.objects.filter(verb="announcement.read", actor=world.rep_a).get()
    assert read.partner == world.partner_a


def test_staff_reads_are_not_counted(world, write):
    announcement = write(publish=True)
    with pytest.raises(PermissionDenied):
        announcement_mark_read(actor=world.actor(world.cam), announcement=announcement)
    assert not AnnouncementRead.objects.exists()


def test_a_partner_outside_the_audience_cannot_read_it(world, write):
    from django.http import Http404

    announcement = write(regions=["north_america"], publish=True)
    with pytest.raises(Http404):
        announcement_mark_read(actor=world.actor(world.rep_a), announcement=announcement)
    assert (
        not AnnouncementRead.objects.exists() and not Event.objects.filter(verb="announcement.read").exists()
    )


# --- the email digest ------------------------------------------------------------------------------------


def _mailed_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_digest_sends_one_email_per_person_and_never_twice(
    world, write, django_capture_on_commit_callbacks
):
    write(title_en="First news", regions=["north_america"], publish=True)
    write(title_en="Second news", kind="newsletter", regions=["north_america"], publish=True)
    write(title_en="Europe only", regions=["europe"], publish=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digest() == 6  # B's two users, A's two, the distributor's and the reseller's admins
    assert len(mail.outbox) == 6
    to_admin_b = next(m for m in mail.outbox if m.to == [world.admin_b.email])
    assert "First news" in to_admin_b.body and "Second news" in to_admin_b.body
    first = Announcement.objects.get(title_en="First news")
    assert f"/announcements/{first.public_id}/" in to_admin_b.body
    assert "Europe only" not in to_admin_b.body
    to_rep_a = next(m for m in mail.outbox if m.to == [world.rep_a.email])
    assert "Europe only" in to_rep_a.body and "First news" not in to_rep_a.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digest() == 0
    assert mail.outbox == []
    assert not AnnouncementDelivery.objects.filter(emailed_at__isnull=True).exists()


def test_the_digest_follows_each_persons_choice_per_kind(world, write, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.admin_b, kind="announcement.new", channel="in_app")
    NotificationPreference.objects.create(user=world.rep_b, kind="announcement.new", channel="off")
    NotificationPreference.objects.create(user=world.rep_b, kind="newsletter.new", channel="in_app")
    write(title_en="Announcement", regions=["north_america"], publish=True)
    write(title_en="Newsletter", kind="newsletter", regions=["north_america"], publish=True)
    # off: no notification in the app either
    assert not Notification.objects.filter(user=world.rep_b, verb="announcement.new").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digest() == 1
    (message,) = mail.outbox
    assert message.to == [world.admin_b.email]
    assert "Newsletter" in message.body and "Announcement" not in message.body.split("\n", 3)[-1]
    skipped = AnnouncementDelivery.objects.filter(outcome="skipped").count()
    assert skipped == 3


def test_the_digest_leaves_out_what_was_withdrawn(world, write, django_capture_on_commit_callbacks):
    announcement = write(regions=["north_america"], publish=True)
    announcement_withdraw(actor=world.actor(world.ops), announcement=announcement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digest() == 0
    assert mail.outbox == []
    assert set(AnnouncementDelivery.objects.values_list("outcome", flat=True)) == {"skipped"}


def test_the_digest_is_in_each_persons_language(world, write, django_capture_on_commit_callbacks):
    world.admin_b.language = "ru"
    world.admin_b.save()
    write(title_en="Price list", title_ru="Прайс-лист", regions=["north_america"], publish=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_digest()
    russian = next(m for m in mail.outbox if m.to == [world.admin_b.email])
    english = next(m for m in mail.outbox if m.to == [world.rep_b.email])
    assert "Прайс-лист" in russian.body and "Price list" not in russian.body
    assert "Price list" in english.body


def test_the_digest_reads_a_constant_number_of_queries(world, write, django_assert_max_num_queries):
    from accounts.testing import make_member

    for i in range(3):
        write(title_en=f"News {i}", publish=True)
    with django_assert_max_num_queries(8):
        send_digest()
    for i in range(10):
        make_member(world.partner_a, f"more{i}@alpha.test")
    for i in range(3):
        write(title_en=f"More news {i}", publish=True)
    with django_assert_max_num_queries(8):
        send_digest()


def test_widening_the_audience_notifies_only_the_newcomers(world, write):
    announcement = write(regions=["north_america"], publish=True)
    assert set(Notification.objects.values_list("user_id", flat=True)) == {world.admin_b.pk, world.rep_b.pk}
    announcement_update(
        actor=world.actor(world.ops), announcement=announcement, data={"regions": ["north_america", "europe"]}
    )
    counts = {}
    for user_id in Notification.objects.values_list("user_id", flat=True):
        counts[user_id] = counts.get(user_id, 0) + 1
    assert counts[world.admin_b.pk] == 1 and counts[world.rep_b.pk] == 1
    assert counts[world.rep_a.pk] == 1 and len(counts) == 6
    assert AnnouncementDelivery.objects.filter(announcement=announcement).count() == 6
    # narrowing it again tells nobody anything
    announcement_update(actor=world.actor(world.ops), announcement=announcement, data={"regions": ["europe"]})
    assert Notification.objects.count() == 6


def test_publishing_reads_a_constant_number_of_queries(world, write, django_assert_max_num_queries):
    from accounts.testing import make_member

    def publish_one(title):
        draft = write(title_en=title)
        with django_assert_max_num_queries(16) as captured:
            announcement_publish(actor=world.actor(world.marketing), announcement=draft)
        return len(captured.captured_queries)

    few = publish_one("First")
    for i in range(20):
        make_member(world.partner_a, f"many{i}@alpha.test")
    assert publish_one("Second") == few
    assert Notification.objects.filter(message_id="New announcement: %(title)s").count() == 6 + 26


def test_the_periodic_jobs_are_registered_and_run(world, write, later):
    from announcements import tasks
    from scheduling.scheduler import registered_jobs

    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["announcements.publish_due"].every_minutes == 5
    assert jobs["announcements.send_digest"].daily_at_hour == 7
    assert jobs["announcements.publish_due"].load_task() is tasks.publish_due
    assert jobs["announcements.send_digest"].load_task() is tasks.send_digest
    announcement = write(publish=timezone.now() + timedelta(seconds=1))
    Announcement.objects.filter(pk=announcement.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    tasks.publish_due.enqueue()  # the tests' task backend runs it at once
    assert Announcement.objects.get(pk=announcement.pk).status == "published"
    tasks.send_digest.enqueue()
    assert not AnnouncementDelivery.objects.filter(emailed_at__isnull=True).exists()


def test_the_digest_leaves_out_what_no_longer_reaches_the_person(
    world, write, django_capture_on_commit_callbacks
):
    from accounts.models import Membership
    from announcements.services import announcement_update

    narrowed = write(title_en="Narrowed later", publish=True)
    write(title_en="Still for everyone", publish=True)
    announcement_update(actor=world.actor(world.marketing), announcement=narrowed, data={"regions": ["apac"]})
    Membership.objects.filter(user=world.rep_b).update(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_digest()
    to_rep_a = next(m for m in mail.outbox if m.to == [world.rep_a.email])
    assert "Still for everyone" in to_rep_a.body and "Narrowed later" not in to_rep_a.body
    assert world.rep_b.email not in _mailed_to()  # no longer works for partner B
