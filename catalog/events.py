from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "catalog.family_created": _("Product family created"),
        "catalog.family_updated": _("Product family updated"),
        "catalog.product_created": _("Product created"),
        "catalog.product_updated": _("Product updated"),
        "catalog.product_deactivated": _("Product deactivated"),
    }
)
