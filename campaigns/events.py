"""What campaigns records, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from campaigns.models import FormField, KitStatus, MessageKind
from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from partners.choices import PartnerType, Region, Tier

register_events(
    {
        "campaign_kit.created": EventText(
            _("Campaign kit created"), _("%(actor)s created the campaign kit %(target)s")
        ),
        "campaign_kit.updated": EventText(
            _("Campaign kit changed"), _("%(actor)s changed the campaign kit %(target)s")
        ),
        "campaign_kit.published": EventText(
            _("Campaign kit published"),
            _("%(actor)s published the campaign kit %(target)s"),
            implied=("status",),
        ),
        "campaign_kit.retired": EventText(
            _("Campaign kit retired"), _("%(actor)s retired the campaign kit %(target)s"), implied=("status",)
        ),
        "campaign_kit.message_added": EventText(
            _("Kit message added"), _("%(actor)s added a message to the campaign kit %(target)s")
        ),
        "campaign_kit.message_changed": EventText(
            _("Kit message changed"), _("%(actor)s changed a message of the campaign kit %(target)s")
        ),
        "campaign_kit.message_removed": EventText(
            _("Kit message removed"), _("%(actor)s removed a message from the campaign kit %(target)s")
        ),
        "campaign.launched": EventText(
            _("Campaign launched"), _("%(actor)s launched the campaign kit %(target)s for %(partner)s")
        ),
    }
)

register_event_fields(
    "campaigns.campaignkit",
    {
        "status": EventField(_("status"), KitStatus.choices),
        "kind": EventField(_("kind"), MessageKind.choices),
        "partner_types": EventField(_("partner types"), PartnerType.choices),
        "tiers": EventField(_("tiers"), Tier.choices),
        "regions": EventField(_("regions"), Region.choices),
        "assets": EventField(_("library assets")),
        "templates": EventField(_("co-branded PDFs")),
        "image": EventField(_("image")),
        "form_fields": EventField(_("form fields"), FormField.choices),
    },
)

register_event_link("campaigns.campaignkit", staff="campaigns:kit", partner="campaigns:kit")
