"""People in the global search: staff find everyone, a partner user the people of the partners they may see
(their team, a distributor's resellers' teams). The partner named beside a person is read through the
reader's own scope, so a person who also works for another partner never reveals it."""

from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext

from accounts.models import Membership, User
from search.registry import SearchHit, SearchSource, register_source, search_hit


def _queryset(actor):
    first = Membership.objects.visible_to(actor).filter(user=OuterRef("pk")).order_by("pk")
    return User.objects.visible_to(actor).annotate(
        search_partner=Subquery(first.values("partner__name")[:1]),
        search_partner_id=Subquery(first.values("partner__public_id")[:1]),
        search_partner_pk=Subquery(first.values("partner_id")[:1]),
    )


def _url(user, actor) -> str:
    if actor.is_staff:
        if user.search_partner_id:
            return reverse("partners:detail", args=[user.search_partner_id])
        return f"{reverse('staff_users')}" if actor.can("staff.manage") else ""
    if actor.membership is not None and user.search_partner_pk == actor.membership.partner_id:
        return f"{reverse('partner_team')}?{urlencode({'q': user.email})}"
    return reverse("partner_reseller", args=[user.search_partner_id]) if user.search_partner_id else ""


def _hit(user, actor) -> SearchHit:
    return search_hit(
        user.full_name or user.email,
        _url(user, actor),
        user.email if user.full_name else "",
        user.search_partner or (user.get_staff_role_display() if user.staff_role else ""),
        "" if user.is_active else pgettext("search result", "inactive"),
    )


register_source(
    SearchSource(
        kind="people",
        label=gettext_lazy("People"),
        area="accounts",
        order=60,
        queryset=_queryset,
        fields=("full_name", "email"),
        texts=lambda u: (u.full_name, u.email.split("@")[0]),
        hit=_hit,
    )
)
