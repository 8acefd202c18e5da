"""Applications and prospects in the global search (staff only: partner users get no query at all)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from recruitment.filters import ANY
from recruitment.models import Application, Prospect
from search.registry import SearchHit, SearchSource, register_source


def _detail(*parts) -> str:
    return " · ".join(str(p) for p in parts if p)


def _application_hit(application, actor) -> SearchHit:
    return SearchHit(
        title=application.company_name,
        detail=_detail(application.get_status_display(), application.contact_name, application.web_domain),
        url=reverse("recruitment:application", args=[application.public_id]),
    )


def _prospect_hit(prospect, actor) -> SearchHit:
    return SearchHit(
        title=prospect.company_name,
        detail=_detail(prospect.get_stage_display(), prospect.contact_name, prospect.web_domain),
        url=reverse("recruitment:prospect", args=[prospect.public_id]),
    )


register_source(
    SearchSource(
        kind="applications",
        label=_("Applications"),
        area="recruitment",
        order=40,
        queryset=lambda actor: Application.objects.visible_to(actor) if actor.is_staff else None,
        fields=("company_name", "web_domain", "contact_name", "contact_email", "city"),
        texts=lambda a: (a.company_name, a.contact_name),
        hit=_application_hit,
        list_url=lambda actor, text: (
            f"{reverse('recruitment:applications')}?{urlencode({'q': text, 'status': ANY})}"
        ),
    )
)

register_source(
    SearchSource(
        kind="prospects",
        label=_("Prospects"),
        area="recruitment",
        order=50,
        queryset=lambda actor: Prospect.objects.visible_to(actor) if actor.is_staff else None,
        fields=("company_name", "web_domain", "contact_name", "contact_email", "city"),
        texts=lambda p: (p.company_name, p.contact_name),
        hit=_prospect_hit,
        list_url=lambda actor, text: (
            f"{reverse('recruitment:prospects')}?{urlencode({'q': text, 'stage': ANY})}"
        ),
    )
)
