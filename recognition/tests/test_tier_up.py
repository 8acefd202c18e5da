"""A partner's rise to a higher tier drafts one announcement (English and Russian) for marketing, who is told;
nothing is published, a move down or sideways drafts nothing, and the same event never makes two drafts."""

import pytest

from announcements.models import Announcement, AnnouncementDelivery
from core.actor import system_actor
from core.models import Event
from notifications.models import Notification
from programs.models import PartnerProgram, ProgramMembership
from programs.services import membership_set_tier
from recognition.models import TierUpDraft
from recognition.services import tier_up_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(world):
    program = PartnerProgram.objects.get(is_default=True)
    return ProgramMembership.objects.create(program=program, partner=world.partner_a, tier="silver")


def _move(membership, tier, reason="Gold: revenue 1.2M of 1M, 4 certified of 3"):
    return membership_set_tier(actor=system_actor(), membership=membership, tier=tier, reason=reason)


def test_a_rise_drafts_one_announcement_and_tells_marketing(world, membership, login):
    _move(membership, "gold")
    draft = TierUpDraft.objects.get()
    assert (draft.partner, draft.tier_before, draft.tier_after) == (world.partner_a, "silver", "gold")
    announcement = draft.announcement
    assert announcement.status == "draft" and announcement.publish_at is None
    assert "Alpha Systems" in announcement.title_en and "Gold" in announcement.title_en
    assert "Alpha Systems" in announcement.title_ru and "Золото" in announcement.body_ru
    assert announcement.body_en != announcement.body_ru
    assert not AnnouncementDelivery.objects.exists()
    told = Notification.objects.filter(verb="tier_up.draft_ready")
    assert [n.user for n in told] == [world.marketing]
    assert told[0].link == f"/announcements/{announcement.public_id}/"
    assert Event.objects.filter(verb="tier_up_draft.created", target_id=draft.pk).exists()
    # Partners read nothing of it until marketing publishes it.
    assert not Announcement.objects.visible_to(world.actor(world.rep_a)).exists()
    # Marketing's home lists it.
    home = login(world.marketing).get("/dashboard/").content.decode()
    assert "New tiers to announce" in home and f"/announcements/{announcement.public_id}/" in home


def test_the_same_event_never_makes_two_drafts(membership):
    _move(membership, "platinum")
    event = Event.objects.get(verb="program_membership.tier_changed")
    assert tier_up_draft(event) is None
    assert TierUpDraft.objects.count() == 1 and Announcement.objects.count() == 1
    assert Notification.objects.filter(verb="tier_up.draft_ready").count() == 1


def test_a_move_down_or_sideways_drafts_nothing(membership):
    _move(membership, "registered")
    _move(membership, "registered")  # the same tier: no event at all
    assert not TierUpDraft.objects.exists() and not Announcement.objects.exists()
    assert not Notification.objects.filter(verb="tier_up.draft_ready").exists()
    _move(membership, "silver")  # up again: a new event, a new draft
    assert TierUpDraft.objects.get().tier_after == "silver"


def test_a_failing_draft_keeps_the_tier_change_and_the_hourly_pass_writes_it(world, membership, monkeypatch):
    """The draft is written in the background: announcements being down never undoes a tier change, and the
    hourly pass drafts what is missing once they are back (once)."""
    import recognition.services
    from recognition.tasks import draft_missing_tier_ups

    working = recognition.services.announcement_create

    def broken(*args, **kwargs):
        raise RuntimeError("announcements are down")

    monkeypatch.setattr(recognition.services, "announcement_create", broken)
    _move(membership, "gold")
    membership.refresh_from_db()
    assert membership.tier == "gold" and not TierUpDraft.objects.exists()
    assert Event.objects.filter(verb="program_membership.tier_changed").count() == 1

    monkeypatch.setattr(recognition.services, "announcement_create", working)
    draft_missing_tier_ups.call()
    draft = TierUpDraft.objects.get()
    assert (draft.tier_before, draft.tier_after, draft.partner) == ("silver", "gold", world.partner_a)
    draft_missing_tier_ups.call()
    assert TierUpDraft.objects.count() == 1


def test_the_demo_has_a_tier_up_waiting_for_marketing(demo):
    from recognition.models import AwardGrant

    # Every rise the demo's evaluations made (the first one, three weeks ago, moved a few partners up to the
    # criteria's round thresholds) has its draft; the tiers partners held before Kanal have none.
    rises = Event.objects.filter(verb="program_membership.tier_changed")
    ranks = ["registered", "silver", "gold", "platinum"]
    risen = [e for e in rises if ranks.index(e.after["tier"]) > ranks.index(e.before["tier"])]
    seeded = "Tier from the AdventureWorks sales history"
    assert 1 < TierUpDraft.objects.count() == len([e for e in risen if e.note != seeded])
    draft = TierUpDraft.objects.select_related("announcement").get(partner__name="A Bike Store")
    assert draft.announcement.status == "draft" and draft.tier_after == "gold"
    link = f"/announcements/{draft.announcement.public_id}/"
    assert Notification.objects.filter(verb="tier_up.draft_ready", link=link).exists()
    # Two awards granted by hand, and the leaderboard awards of last quarter.
    manual = AwardGrant.objects.filter(automatic=False).values_list("partner__name", "award__name_en")
    assert set(manual) == {
        ("A Bike Store", "Partner of the quarter"),
        ("Progressive Sports", "Certification champion"),
    }
    assert AwardGrant.objects.filter(automatic=True).count() == 6
