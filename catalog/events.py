from django.utils.translation import gettext_lazy as _

from core.events import EventText, register_event_link, register_events

register_events(
    {
        "catalog.family_created": EventText(
            _("Product family created"), _("%(actor)s added the product family %(target)s")
        ),
        "catalog.family_updated": EventText(
            _("Product family updated"), _("%(actor)s changed the product family %(target)s")
        ),
        "catalog.product_created": EventText(
            _("Product created"), _("%(actor)s added the product %(target)s")
        ),
        "catalog.product_updated": EventText(
            _("Product updated"), _("%(actor)s changed the product %(target)s")
        ),
        "catalog.product_deactivated": EventText(
            _("Product deactivated"), _("%(actor)s deactivated the product %(target)s")
        ),
    }
)


register_event_link("catalog.product", staff="catalog:product_edit", partner="catalog:partner_catalogue")
register_event_link("catalog.productfamily", staff="catalog:families")
