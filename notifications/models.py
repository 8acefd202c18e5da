"""In-app notifications and each person's choice of how to hear about each kind. The text is stored as an
English msgid (and its plural) plus parameters and rendered when read (`notifications.messages`), so each
reader sees it in their current language, with their plural forms and date format."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel
from core.scoping import ScopedManager, ScopedQuerySet
from notifications.kinds import Channel
from notifications.messages import Message, render_message


class NotificationQuerySet(ScopedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


# django-stubs' pattern for a manager with a custom queryset: `from_queryset` at module level, by name.
NotificationManager = models.Manager.from_queryset(NotificationQuerySet)


class Notification(PublicIdModel):
    # Personal: the recipient only, staff included. A notification is not partner or vendor data.
    user_scope = "user_id"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("kind"), max_length=64)
    message_id = models.CharField(_("message"), max_length=500)
    # A plural message: its plural msgid and the parameter holding the count (ngettext picks the form).
    message_plural = models.CharField(_("plural message"), max_length=500, blank=True, default="")
    count_param = models.CharField(_("count parameter"), max_length=64, blank=True, default="")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects: ClassVar[NotificationManager] = NotificationManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_read_idx"),
            models.Index(fields=["user", "-created_at"], name="notif_user_created_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        """The message in the current language (see `notifications.messages.render_message`)."""
        return render_message(self.message_id, self.message_plural, self.count_param, self.params)

    @property
    def message(self) -> Message:
        """The message, rendered whenever it is turned into text (an email, in its recipient's language)."""
        return Message(self.message_id, self.message_plural, self.count_param, self.params or {})


class NotificationPreference(models.Model):
    """How one person hears about one kind of notification; no row means the kind's default."""

    user_scope = "user_id"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["user_id", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"
