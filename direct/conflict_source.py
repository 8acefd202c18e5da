"""The vendor's direct accounts as a customer source of the conflict engine (registered in
`DirectConfig.ready()`): an active account is live, under its name and its legal name."""

from __future__ import annotations

from conflicts.models import Source
from conflicts.sources import CustomerSource, IndexEntry
from direct.models import DealStage, DirectAccount

BATCH = 5000


def account_entries(account) -> list[IndexEntry]:
    if not account.is_active:
        return []
    names = dict.fromkeys(k for k in (account.name_key, account.legal_name_key) if k) or {"": None}
    return [
        IndexEntry(Source.DIRECT_ACCOUNT, account.pk, None, key, account.web_domain, account.tax_id_key)
        for key in names
    ]


def _live():
    accounts = DirectAccount.objects.filter(is_active=True).only(
        "pk", "is_active", "name_key", "legal_name_key", "web_domain", "tax_id_key"
    )
    return accounts.iterator(chunk_size=BATCH)


def _load(ids: list[int]) -> dict[int, DirectAccount]:
    return DirectAccount.objects.prefetch_related("deals").in_bulk(ids)


SOURCE = CustomerSource(
    source=Source.DIRECT_ACCOUNT,
    entries=account_entries,
    live=_live,
    load=_load,
    choices={"stage": DealStage},
)
