"""Direct accounts in the global search (staff only: partner users never reach them, not even a query)."""

from django.utils.translation import gettext_lazy, pgettext

from core.links import object_url
from direct.models import DirectAccount
from search.registry import SearchHit, SearchSource, filtered_list, register_source, search_hit, tax_id_exact


def _queryset(actor):
    return DirectAccount.objects.visible_to(actor) if actor.is_staff else None


def _hit(account, actor) -> SearchHit:
    return search_hit(
        account.name,
        object_url("direct:account", account.public_id),
        account.web_domain,
        account.country.name if account.country else "",
        gettext_lazy("Named account") if account.is_named_account else "",
        "" if account.is_active else pgettext("search result", "inactive"),
    )


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
        exact=tax_id_exact(),
        list_url=filtered_list(staff="direct:accounts", active="all"),
    )
)
