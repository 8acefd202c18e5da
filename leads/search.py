"""Leads in the global search: a partner user finds the leads offered to or worked by its company, staff every
one. The company's stored Latin name key lets a Cyrillic spelling find a Latin name and back."""

from django.utils.translation import gettext_lazy as _

from core.links import object_url
from leads.models import Lead
from search.registry import SearchHit, SearchSource, filtered_list, register_source, search_hit


def _queryset(actor):
    return Lead.objects.visible_to(actor).select_related("partner")


def _hit(lead, actor) -> SearchHit:
    return search_hit(
        lead,
        object_url("leads:detail", lead.public_id),
        lead.contact_name,
        lead.partner.name if actor.is_staff and lead.partner_id else "",
        lead.get_status_display(),
    )


register_source(
    SearchSource(
        kind="leads",
        label=_("Leads"),
        area="leads",
        order=25,
        queryset=_queryset,
        fields=("company_name", "name_key", "domain", "contact_name", "contact_email"),
        texts=lambda lead: (lead.company_name, lead.name_key, lead.contact_name),
        hit=_hit,
        list_url=filtered_list(staff="leads:list", partner="leads:list"),
    )
)
