"""Partners in the global search: staff find every partner, a partner user their own and their resellers."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Partner
from search.registry import SearchHit, SearchSource, register_source


def _queryset(actor):
    return Partner.objects.visible_to(actor)


def _url(partner, actor) -> str:
    if actor.is_staff:
        return reverse("partners:detail", args=[partner.public_id])
    if actor.membership is not None and partner.pk == actor.membership.partner_id:
        return reverse("partner_profile")
    return reverse("partner_reseller", args=[partner.public_id])


def _hit(partner, actor) -> SearchHit:
    place = ", ".join(p for p in (partner.city, partner.web_domain) if p)
    detail = " · ".join(
        str(p) for p in (partner.get_partner_type_display(), partner.get_status_display(), place) if p
    )
    return SearchHit(title=partner.name, detail=detail, url=_url(partner, actor))


def _list_url(actor, text: str) -> str | None:
    return f"{reverse('partners:directory')}?{urlencode({'q': text})}" if actor.is_staff else None


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
        list_url=_list_url,
    )
)
