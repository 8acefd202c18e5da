"""In-app notifications. The text is stored as an English msgid plus parameters and translated when read,
so each reader sees it in their current language."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel
from core.scoping import ScopedQuerySet


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
        """The message in the current language; a translation that does not fit its parameters falls back to
        English rather than failing the page."""
        params = self.params or {}
        try:
            return gettext(self.message_id) % params if params else gettext(self.message_id)
        except (KeyError, TypeError, ValueError):
            try:
                return self.message_id % params if params else self.message_id
            except (KeyError, TypeError, ValueError):
                return self.message_id
