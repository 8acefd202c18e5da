from django.utils.translation import gettext_lazy as _

from announcements.models import AnnouncementKind, AnnouncementStatus
from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from notifications.kinds import Audience, register_kind
from partners.choices import PartnerType, Region, Tier

register_events(
    {
        "announcement.created": EventText(
            _("Announcement written"), _("%(actor)s wrote the announcement %(target)s")
        ),
        "announcement.updated": EventText(
            _("Announcement changed"), _("%(actor)s changed the announcement %(target)s")
        ),
        "announcement.scheduled": EventText(
            _("Announcement scheduled"),
            _("%(actor)s scheduled the announcement %(target)s for %(publish_at)s"),
            implied=("status", "publish_at"),
        ),
        "announcement.published": EventText(
            _("Announcement published"),
            _("%(actor)s published the announcement %(target)s"),
            implied=("status",),
        ),
        "announcement.withdrawn": EventText(
            _("Announcement withdrawn"),
            _("%(actor)s withdrew the announcement %(target)s"),
            implied=("status",),
        ),
        "announcement.read": EventText(
            _("Announcement read"), _("%(actor)s read the announcement %(target)s")
        ),
    }
)

register_event_fields(
    "announcements.announcement",
    {
        "status": EventField(_("status"), AnnouncementStatus.choices),
        "kind": EventField(_("kind"), AnnouncementKind.choices),
        "partner_types": EventField(_("partner types"), PartnerType.choices),
        "tiers": EventField(_("tiers"), Tier.choices),
        "regions": EventField(_("regions"), Region.choices),
        "publish_at": EventField(_("publish at"), kind="datetime"),
        "expires_at": EventField(_("expires at"), kind="datetime"),
        "recipients": EventField(_("recipients")),
    },
)

register_event_link(
    "announcements.announcement", staff="announcements:detail", partner="announcements:detail"
)


# The notifications announcements sends (announcements/delivery.py): in the app when one is published, and
# by email as a digest (announcements.send_digest) to those who chose "in the app and by email".
NOTIFICATION_VERBS = {
    AnnouncementKind.ANNOUNCEMENT: "announcement.new",
    AnnouncementKind.NEWSLETTER: "newsletter.new",
}
DIGEST_HELP = _("Email comes as one digest of what is new.")
register_kind(
    NOTIFICATION_VERBS[AnnouncementKind.ANNOUNCEMENT],
    _("New announcement from the vendor"),
    audiences=(Audience.PARTNER,),
    help_text=DIGEST_HELP,
)
register_kind(
    NOTIFICATION_VERBS[AnnouncementKind.NEWSLETTER],
    _("New newsletter from the vendor"),
    audiences=(Audience.PARTNER,),
    help_text=DIGEST_HELP,
)
