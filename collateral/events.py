from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events

register_events(
    {
        "collateral.template_created": EventText(
            _("Collateral template created"), _("%(actor)s added the collateral template %(target)s")
        ),
        "collateral.template_updated": EventText(
            _("Collateral template updated"), _("%(actor)s changed the collateral template %(target)s")
        ),
        "collateral.version_created": EventText(
            _("Template version added"),
            _("%(actor)s added version %(number)s of the collateral template %(target)s"),
        ),
        "collateral.template_published": EventText(
            _("Collateral template published"),
            _("%(actor)s published version %(number)s of the collateral template %(target)s"),
        ),
        "collateral.template_archived": EventText(
            _("Collateral template archived"), _("%(actor)s archived the collateral template %(target)s")
        ),
    }
)

register_event_link("collateral.collateraltemplate", staff="collateral:detail", partner="collateral:mine")

register_event_fields(
    "collateral.collateraltemplate",
    {"number": EventField(_("version"))},  # a version's number
)
