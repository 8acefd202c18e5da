"""The write actions on announcements, each one input for the staff page and the API: the announcement
itself (written or changed) and its publication (now, or at a moment)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from announcements.errors import AnnouncementErrorCode as E
from announcements.models import Announcement
from core.inputs import Input, ModelInput
from partners.audience import audience_form_fields

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


class MomentField(forms.DateTimeField):
    """A moment: a `datetime-local` box on the page (the reader's time zone), ISO 8601 in the API."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_FORMAT)

    @property
    def api_type(self) -> Any:
        description = str(self.help_text) if self.help_text else None
        return Annotated[datetime, Field(description=description)]


_AUDIENCE = audience_form_fields()


class AnnouncementInput(ModelInput):
    """An announcement or newsletter: written (every field) or changed (the API may send only some)."""

    partner_types = _AUDIENCE["partner_types"]
    tiers = _AUDIENCE["tiers"]
    regions = _AUDIENCE["regions"]
    expires_at = MomentField(
        label=_("Expires at"),
        required=False,
        help_text=_("Optional: partners no longer see it from then on."),
    )

    class Meta:
        model = Announcement
        fields = [
            "kind",
            "title_en",
            "title_ru",
            "body_en",
            "body_ru",
            "partner_types",
            "tiers",
            "regions",
            "expires_at",
        ]
        labels = {
            "kind": _("Kind"),
            "title_en": _("Title (English)"),
            "title_ru": _("Title (Russian)"),
            "body_en": _("Text (English)"),
            "body_ru": _("Text (Russian)"),
        }
        help_texts = {
            "body_en": _("Markdown: **bold**, *italic*, lists, [links](https://example.com)."),
            "body_ru": _("Optional: Russian readers see the English text when it is empty."),
        }
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 8}),
            "body_ru": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "title_en": {"required": _("Give the announcement a title.")},
            "body_en": {"required": _("Write the announcement's text.")},
        }

    def clean_expires_at(self) -> datetime | None:
        expires_at = self.cleaned_data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            raise ValidationError(_("Choose a moment in the future."), code=E.EXPIRED)
        return expires_at


class PublishInput(Input):
    """Publishing: at once (no moment, or one already past) or scheduled for `publish_at`."""

    publish_at = MomentField(
        label=_("Publish at"),
        required=False,
        help_text=_("Leave empty to publish now."),
    )
