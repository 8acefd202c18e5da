"""Deal registrations in the global search: a partner user finds their own partner's (and resellers'),
staff every one. The customer's stored Latin name key lets a Cyrillic spelling find a Latin name and back."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deals.models import DealRegistration
from matching.normalize import tax_id_key
from search.registry import SearchHit, SearchSource, register_source


def _queryset(actor):
    return DealRegistration.objects.visible_to(actor).select_related("partner")


def _exact(text: str) -> Q | None:
    key = tax_id_key(text)
    return Q(tax_id_key=key) if len(key) >= 5 else None


def _hit(registration, actor) -> SearchHit:
    parts = [registration.get_status_display()]
    if actor.is_staff or registration.partner_id != getattr(actor.membership, "partner_id", None):
        parts.insert(0, registration.partner.name)  # a distributor's reseller's registration says whose
    return SearchHit(
        title=str(registration),
        detail=" · ".join(str(p) for p in parts if p),
        url=reverse("deals:registration", args=[registration.public_id]),
    )


def _list_url(actor, text: str) -> str | None:
    name = "deals:pipeline" if actor.is_staff else "deals:mine"
    return f"{reverse(name)}?{urlencode({'q': text})}"


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
        exact=_exact,
        list_url=_list_url,
    )
)
