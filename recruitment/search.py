"""Applications and prospects in the global search (staff only: partner users get no query at all)."""

from django.utils.translation import gettext_lazy as _

from core.links import object_url
from recruitment.filters import ANY
from recruitment.models import Application, Prospect
from search.registry import SearchSource, filtered_list, register_source, search_hit


def _register_funnel(
    kind: str, label, order: int, model, *, state, page: str, list_name: str, list_filter: str
):
    """Both ends of the recruitment funnel are companies with a contact, found and shown alike: the company,
    then its `state` (an application's status, a prospect's stage), contact and domain."""
    register_source(
        SearchSource(
            kind=kind,
            label=label,
            area="recruitment",
            order=order,
            queryset=lambda actor: model.objects.visible_to(actor) if actor.is_staff else None,
            fields=("company_name", "web_domain", "contact_name", "contact_email", "city"),
            texts=lambda row: (row.company_name, row.contact_name),
            hit=lambda row, actor: search_hit(
                row.company_name,
                object_url(page, row.public_id),
                state(row),
                row.contact_name,
                row.web_domain,
            ),
            # Every status or stage: the list on its own shows only those awaiting work.
            list_url=filtered_list(staff=list_name, **{list_filter: ANY}),
        )
    )


_register_funnel(
    "applications",
    _("Applications"),
    40,
    Application,
    state=Application.get_status_display,
    page="recruitment:application",
    list_name="recruitment:applications",
    list_filter="status",
)
_register_funnel(
    "prospects",
    _("Prospects"),
    50,
    Prospect,
    state=Prospect.get_stage_display,
    page="recruitment:prospect",
    list_name="recruitment:prospects",
    list_filter="stage",
)
