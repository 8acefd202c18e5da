"""Partners in the global search: staff find every partner, a partner user their own and their resellers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.links import object_url
from partners.models import Partner
from search.registry import SearchHit, SearchSource, filtered_list, register_source, search_hit


def _queryset(actor):
    return Partner.objects.visible_to(actor)


def _url(partner, actor) -> str:
    if actor.is_staff:
        return object_url("partners:detail", partner.public_id)
    if actor.membership is not None and partner.pk == actor.membership.partner_id:
        return reverse("partner_profile")
    return object_url("partner_reseller", partner.public_id)


def _hit(partner, actor) -> SearchHit:
    place = ", ".join(p for p in (partner.city, partner.web_domain) if p)
    return search_hit(
        partner.name,
        _url(partner, actor),
        partner.get_partner_type_display(),
        partner.get_status_display(),
        place,
    )


register_source(
    SearchSource(
        kind="partners",
        label=_("Partners"),
        area="partners",
        order=10,
        queryset=_queryset,
        fields=("name", "legal_name", "web_domain", "city", "tax_id"),
        texts=lambda p: (p.name, p.legal_name),
        hit=_hit,
        list_url=filtered_list(staff="partners:directory"),
    )
)
