"""Direct accounts in the global search (staff only: partner users never reach them, not even a query)."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext

from direct.models import DirectAccount
from matching.normalize import tax_id_key
from search.registry import SearchHit, SearchSource, register_source


def _queryset(actor):
    return DirectAccount.objects.visible_to(actor) if actor.is_staff else None


def _exact(text: str) -> Q | None:
    key = tax_id_key(text)
    return Q(tax_id_key=key) if len(key) >= 5 else None


def _hit(account, actor) -> SearchHit:
    parts = [account.web_domain, account.country.name if account.country else ""]
    if account.is_named_account:
        parts.append(gettext_lazy("Named account"))
    if not account.is_active:
        parts.append(pgettext("search result", "inactive"))
    return SearchHit(
        title=account.name,
        detail=" · ".join(str(p) for p in parts if p),
        url=reverse("direct:account", args=[account.public_id]),
    )


def _list_url(actor, text: str) -> str | None:
    return f"{reverse('direct:accounts')}?{urlencode({'q': text, 'active': 'all'})}"


register_source(
    SearchSource(
        kind="direct_accounts",
        label=gettext_lazy("Direct accounts"),
        area="direct",
        order=30,
        queryset=_queryset,
        fields=("name", "legal_name", "name_key", "legal_name_key", "web_domain"),
        texts=lambda a: (a.name, a.legal_name, a.name_key),
        hit=_hit,
        exact=_exact,
        list_url=_list_url,
    )
)
