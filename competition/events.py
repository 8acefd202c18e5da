"""How the competing vendors' and declarations' events read. The list's changes are recorded on the vendor,
a partner's declarations on the partner (its timeline on the partner page and the company profile)."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events

register_events(
    {
        "competing_vendor.created": EventText(
            _("Competing vendor added"), _("%(actor)s added the competing vendor %(target)s")
        ),
        "competing_vendor.updated": EventText(
            _("Competing vendor changed"), _("%(actor)s changed the competing vendor %(target)s")
        ),
        "competing_line.created": EventText(
            _("Competing product line added"),
            _("%(actor)s added the product line %(line)s of %(target)s"),
            implied=("line",),
        ),
        "competing_line.updated": EventText(
            _("Competing product line changed"),
            _("%(actor)s changed the product line %(line)s of %(target)s"),
            implied=("line",),
        ),
        "competing_declaration.added": EventText(
            _("Competing product declared"),
            _("%(actor)s declared that %(target)s also sells %(competing)s"),
            implied=("competing",),
        ),
        "competing_declaration.changed": EventText(
            _("Competing product changed"),
            _("%(actor)s changed what %(target)s declares about %(competing)s"),
        ),
        "competing_declaration.removed": EventText(
            _("Competing product removed"),
            _("%(actor)s removed %(old_competing)s from the competing products of %(target)s"),
            implied=("competing",),
        ),
        "competition.disclosed": EventText(
            _("Competing products confirmed"),
            _("%(actor)s confirmed the list of competing products of %(target)s as complete"),
        ),
        "competition.from_application": EventText(
            _("Competing products from the application"),
            _("%(actor)s took the competing products of %(target)s from its application"),
        ),
    }
)

register_event_fields(
    "competition.competingvendor",
    {
        "line": EventField(_("product line")),
        "families": EventField(_("competes with our product families")),
    },
)
register_event_fields(
    "partners.partner",
    {
        "competing": EventField(_("competing product")),
        "since": EventField(_("since (year)")),
        "share": EventField(_("share of the business (%)")),
        "competing_count": EventField(_("competing products declared")),
    },
)

register_event_link("competition.competingvendor", staff="competition:vendor")
