"""What an API token may reach: a read or write scope per API area.

An area is one router of the API (`config/api.py` mounts each router with its area, so an endpoint's area
is never written per endpoint). A GET, HEAD or OPTIONS needs read on the area; every other method needs
write. Write includes read. A token without scopes (`ApiToken.scopes is None`) reaches every area, read
and write, as tokens did before scopes existed. Scopes only ever narrow: the token still acts as its
user, with exactly the user's role.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

API_AREAS = {
    "accounts": pgettext_lazy("api area", "Users, teams and tokens"),
    "partners": pgettext_lazy("api area", "Partners"),
    "recruitment": pgettext_lazy("api area", "Recruitment"),
    "program": pgettext_lazy("api area", "Program and agreements"),
    "onboarding": pgettext_lazy("api area", "Onboarding"),
    "events": pgettext_lazy("api area", "Audit log"),
    "direct": pgettext_lazy("api area", "Direct accounts and deals"),
    "catalog": pgettext_lazy("api area", "Product catalogue"),
    "deals": pgettext_lazy("api area", "Deal registrations"),
    "engagement": pgettext_lazy("api area", "Rules of engagement"),
    "notifications": pgettext_lazy("api area", "Notifications"),
    "search": pgettext_lazy("api area", "Search (each kind also needs its own area)"),
    "content": pgettext_lazy("api area", "Content library"),
    "collateral": pgettext_lazy("api area", "Co-branded collateral"),
    "learning": pgettext_lazy("api area", "Courses and certifications"),
    "announcements": pgettext_lazy("api area", "Announcements"),
    "leads": pgettext_lazy("api area", "Leads"),
    "imports": pgettext_lazy("api area", "Imports"),
    "referrals": pgettext_lazy("api area", "Referrals"),
    "money": pgettext_lazy("api area", "Money: balances, transactions, statements, rates and payouts"),
    "incentives": pgettext_lazy("api area", "Incentives and earnings"),
    "funds": pgettext_lazy("api area", "Market development funds"),
}

READ = "read"
WRITE = "write"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenScope(StrEnum):
    """One value per area and access, e.g. "deals:read"; the API schema lists them. Written out (not built
    from API_AREAS) so the type checker knows the members; `_check_scopes` keeps the two in step."""

    ACCOUNTS_READ = "accounts:read"
    ACCOUNTS_WRITE = "accounts:write"
    PARTNERS_READ = "partners:read"
    PARTNERS_WRITE = "partners:write"
    RECRUITMENT_READ = "recruitment:read"
    RECRUITMENT_WRITE = "recruitment:write"
    PROGRAM_READ = "program:read"
    PROGRAM_WRITE = "program:write"
    ONBOARDING_READ = "onboarding:read"
    ONBOARDING_WRITE = "onboarding:write"
    EVENTS_READ = "events:read"
    EVENTS_WRITE = "events:write"
    DIRECT_READ = "direct:read"
    DIRECT_WRITE = "direct:write"
    CATALOG_READ = "catalog:read"
    CATALOG_WRITE = "catalog:write"
    DEALS_READ = "deals:read"
    DEALS_WRITE = "deals:write"
    ENGAGEMENT_READ = "engagement:read"
    ENGAGEMENT_WRITE = "engagement:write"
    NOTIFICATIONS_READ = "notifications:read"
    NOTIFICATIONS_WRITE = "notifications:write"
    SEARCH_READ = "search:read"
    SEARCH_WRITE = "search:write"
    CONTENT_READ = "content:read"
    CONTENT_WRITE = "content:write"
    COLLATERAL_READ = "collateral:read"
    COLLATERAL_WRITE = "collateral:write"
    LEARNING_READ = "learning:read"
    LEARNING_WRITE = "learning:write"
    ANNOUNCEMENTS_READ = "announcements:read"
    ANNOUNCEMENTS_WRITE = "announcements:write"
    LEADS_READ = "leads:read"
    LEADS_WRITE = "leads:write"
    IMPORTS_READ = "imports:read"
    IMPORTS_WRITE = "imports:write"
    REFERRALS_READ = "referrals:read"
    REFERRALS_WRITE = "referrals:write"
    MONEY_READ = "money:read"
    MONEY_WRITE = "money:write"
    INCENTIVES_READ = "incentives:read"
    INCENTIVES_WRITE = "incentives:write"
    FUNDS_READ = "funds:read"
    FUNDS_WRITE = "funds:write"


def _check_scopes() -> None:
    expected = [f"{area}:{access}" for area in API_AREAS for access in (READ, WRITE)]
    if [scope.value for scope in TokenScope] != expected:
        raise ImproperlyConfigured(
            "accounts.scopes.TokenScope must hold a read and a write scope per API area."
        )


_check_scopes()
ALL_SCOPES: tuple[str, ...] = tuple(scope.value for scope in TokenScope)


def scope_for(*, area: str, access: str) -> str:
    return f"{area}:{access}"


def access_for_method(method: str) -> str:
    return READ if (method or "").upper() in SAFE_METHODS else WRITE


def normalise_scopes(scopes) -> list[str] | None:
    """The stored form of a chosen set: sorted, write adding read, and None when it is every scope."""
    chosen = set(scopes)
    for scope in list(chosen):
        area, _sep, access = scope.partition(":")
        if access == WRITE:
            chosen.add(scope_for(area=area, access=READ))
    if chosen >= set(ALL_SCOPES):
        return None
    return sorted(chosen, key=ALL_SCOPES.index)


def effective_scopes(scopes: list[str] | None) -> list[str]:
    return list(ALL_SCOPES) if scopes is None else list(scopes)


def scopes_allow(scopes: list[str] | None, *, area: str | None, method: str) -> bool:
    """Whether a token with these scopes may call `method` on an endpoint of `area`.

    An endpoint outside every area (area None) is open to unrestricted tokens only.
    """
    if scopes is None:
        return True
    if area is None:
        return False
    access = access_for_method(method)
    granted = set(scopes)
    if scope_for(area=area, access=WRITE) in granted:
        return True
    return access == READ and scope_for(area=area, access=READ) in granted


def scopes_cover(outer: list[str] | None, inner: list[str] | None) -> bool:
    """Whether every scope of `inner` is also in `outer` (None = every scope)."""
    if outer is None:
        return True
    if inner is None:
        return False
    return set(inner) <= set(outer)


def describe_scopes(scopes: list[str] | None) -> list[tuple[str, str]]:
    """(area label, access label) pairs for display; write implies read, so each area shows its highest."""
    if scopes is None:
        return []
    granted = set(scopes)
    rows = []
    for area, label in API_AREAS.items():
        if scope_for(area=area, access=WRITE) in granted:
            rows.append((str(label), str(_("read and write"))))
        elif scope_for(area=area, access=READ) in granted:
            rows.append((str(label), str(_("read only"))))
    return rows
