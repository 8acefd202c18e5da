"""Deal registrations in the global search: a partner user finds their own partner's (and resellers'),
staff every one. The customer's stored Latin name key lets a Cyrillic spelling find a Latin name and back."""

from django.utils.translation import gettext_lazy as _

from core.links import object_url
from deals.models import DealRegistration
from search.registry import SearchHit, SearchSource, filtered_list, register_source, search_hit, tax_id_exact


def _queryset(actor):
    return DealRegistration.objects.visible_to(actor).select_related("partner")


def _hit(registration, actor) -> SearchHit:
    # A distributor's reseller's registration says whose it is.
    whose = actor.is_staff or registration.partner_id != getattr(actor.membership, "partner_id", None)
    return search_hit(
        registration,
        object_url("deals:registration", registration.public_id),
        registration.partner.name if whose else "",
        registration.get_status_display(),
    )


register_source(
    SearchSource(
        kind="registrations",
        label=_("Deal registrations"),
        area="deals",
        order=20,
        queryset=_queryset,
        fields=("customer_name", "name_key", "customer_domain"),
        texts=lambda r: (r.customer_name, r.name_key),
        hit=_hit,
        exact=tax_id_exact(),
        list_url=filtered_list(staff="deals:pipeline", partner="deals:mine"),
    )
)
