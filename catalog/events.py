from django.urls import reverse
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


def _product_page(actor, product):
    if actor.is_staff:
        return reverse("catalog:product_edit", args=[product.public_id])
    return reverse("catalog:partner_catalogue") if actor.is_partner else None


def _families_page(actor, family):
    return reverse("catalog:families") if actor.is_staff else None


register_event_link("catalog.product", _product_page)
register_event_link("catalog.productfamily", _families_page)
