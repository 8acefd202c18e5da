"""Announcements and newsletters the vendor writes for its partners, who read them, and whom they reached.

An `Announcement` is targeted like every piece of enablement (`partners.audience.Audience`: partner types,
tiers, regions; empty = every partner). Its text is kept in English and Russian (`title_en`/`title_ru`,
`body_en`/`body_ru`, Markdown) and shown in the reader's language, English when there is no Russian.
Status: draft → scheduled (its `publish_at` still ahead) → published → withdrawn (`rules.py`). Partner users
read only what is published, not expired and meant for the company they act for (`partner_filter`).

`AnnouncementRead`: a partner user opened it (once per user). `AnnouncementDelivery`: the announcement
reached a user when it was published (the in-app notification), and whether the email digest has carried
it yet (`emailed_at`): the digest's record, so running it twice sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import TitleAndBody
from core.markdown import markdown_html
from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import PUBLIC, STAFF_ONLY, ScopedManager
from partners.audience import Audience, audience_filter


class AnnouncementKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    NEWSLETTER = "newsletter", _("Newsletter")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


STATUS_BADGES = {
    AnnouncementStatus.SCHEDULED: "status-submitted",
    AnnouncementStatus.PUBLISHED: "status-approved",
    AnnouncementStatus.WITHDRAWN: "status-rejected",
}


def live_q(now=None) -> Q:
    """Published and not expired (at `now`)."""
    now = now or timezone.now()
    return Q(status=AnnouncementStatus.PUBLISHED) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def partner_visibility(actor) -> Q:
    """What a reader outside the vendor sees: the live announcements meant for the partner they act for."""
    return audience_filter(actor) & live_q()


class Announcement(TitleAndBody, Audience, PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(partner_visibility)

    Kind = AnnouncementKind
    Status = AnnouncementStatus

    kind = choice_field(_("kind"), AnnouncementKind, default=AnnouncementKind.ANNOUNCEMENT)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=20000)
    body_ru = models.TextField(_("text (Russian)"), max_length=20000, blank=True)
    status = choice_field(_("status"), AnnouncementStatus, default=AnnouncementStatus.DRAFT, db_index=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # When the in-app notifications went out (once: the publication's delivery is idempotent).
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    author = user_reference(_("author"))

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title_en

    @property
    def body_html(self):
        return markdown_html(self.body)

    @property
    def badge_class(self) -> str:
        """The status badge's colour (kanal.css): published green, scheduled pending, withdrawn red."""
        return STATUS_BADGES.get(self.status, "")

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class AnnouncementRead(models.Model):
    """A partner user opened the announcement (the first time), acting for `partner`."""

    # The partner's own: its users see who of their team read what; staff count them all.
    partner_scope = "partner_id"

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = _("announcement read")
        verbose_name_plural = _("announcement reads")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.announcement_id}"


class DigestOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    SENT = "sent", _("Sent in a digest")
    SKIPPED = "skipped", _("Not emailed")


class AnnouncementDelivery(models.Model):
    """The announcement reached `user` (of `partner`) when it was published; `emailed_at` is set once the
    email digest has dealt with it (sent, or skipped by the person's choice or a withdrawal)."""

    partner_scope = STAFF_ONLY

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    outcome = models.CharField(_("digest"), max_length=10, choices=DigestOutcome.choices, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("announcement delivery")
        verbose_name_plural = _("announcement deliveries")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_delivered_once")
        ]
        indexes = [models.Index(fields=["emailed_at"], name="announcement_digest_due_idx")]

    def __str__(self) -> str:
        return f"{self.announcement_id} to {self.user_id}"
