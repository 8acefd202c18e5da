from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from core.i18n import Language

register_events(
    {
        "content.asset_created": EventText(_("Asset created"), _("%(actor)s added the asset %(target)s")),
        "content.asset_updated": EventText(_("Asset updated"), _("%(actor)s changed the asset %(target)s")),
        "content.version_added": EventText(
            _("Asset version added"), _("%(actor)s added a new version of the asset %(target)s")
        ),
        "content.asset_published": EventText(
            _("Asset published"), _("%(actor)s published the asset %(target)s")
        ),
        "content.asset_archived": EventText(
            _("Asset archived"), _("%(actor)s archived the asset %(target)s")
        ),
        "content.category_created": EventText(
            _("Library category created"), _("%(actor)s added the library category %(target)s")
        ),
    }
)

register_event_link("content.asset", staff="content:asset", partner="content:asset")
register_event_link("content.category", staff="content:categories")

# What the library's events record besides the asset's own fields, named for the timeline.
register_event_fields(
    "content.asset",
    {
        "language": EventField(_("language"), Language.choices),
        "version": EventField(_("version")),
        "note": EventField(_("what changed")),
    },
)
