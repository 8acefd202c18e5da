"""Pages of co-branded collateral: the staff list of templates, a template's page (its form, versions,
publish/archive, a preview for a chosen partner), and the partners' page with a download per language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collateral.downloads import download_name, pdf_response
from collateral.inputs import PreviewInput, TemplateInput
from collateral.models import Language
from collateral.rules import allowed_actions
from collateral.selectors import preview_partners, template_filters, template_get, versions_of
from collateral.services import (
    collateral_cached,
    collateral_generate,
    collateral_preview,
    template_archive,
    template_create,
    template_publish,
    template_update,
)
from collateral.tables import partner_table, template_table
from core.events import events_for
from core.http import REFUSED, hx_redirect, partner_required, run_button, staff_required, submit_record
from core.listing import list_page
from partners.logo import logo_url


@staff_required
def templates(request):
    actor = request.actor
    actor.require("enablement.view")
    return list_page(
        request,
        filterset=template_filters(actor=actor, data=request.GET),
        table=template_table(),
        template="collateral/templates.html",
        context={"action": reverse("collateral:templates"), "can_manage": actor.can("enablement.manage")},
    )


@staff_required
def template_form(request, template_id=None):
    """A new template (with its first version), or a template's changes (a changed source: a new version)."""
    actor = request.actor
    template = template_get(actor=actor, public_id=template_id) if template_id else None
    actor.require("enablement.manage")
    form = TemplateInput(request.POST or None, instance=template)
    saved = submit_record(
        request,
        form,
        template,
        create=lambda: template_create(actor=actor, data=form),
        update=lambda: template_update(actor=actor, template=template, data=form),
        created=_("Template created as a draft: publish it when it is ready."),
        updated=_("Template saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "collateral:detail", saved.public_id)
    return render(request, "collateral/template_form.html", {"form": form, "template": template})


@staff_required
def template_detail(request, template_id):
    actor = request.actor
    actor.require("enablement.view")
    template = template_get(actor=actor, public_id=template_id)
    context = {
        "template": template,
        "actions": allowed_actions(actor, template),
        "versions": versions_of(actor=actor, template=template),
        "preview_form": PreviewInput(partners=preview_partners(actor=actor)),
        "timeline": events_for(actor=actor, target=template)[:50],
    }
    return render(request, "collateral/template_detail.html", context)


@staff_required
@require_POST
def template_publish_view(request, template_id):
    actor = request.actor
    template = template_get(actor=actor, public_id=template_id)
    run_button(
        request,
        lambda: template_publish(actor=actor, template=template),
        _("Published: partners get the newest version."),
    )
    return hx_redirect(request, "collateral:detail", template.public_id)


@staff_required
@require_POST
def template_archive_view(request, template_id):
    actor = request.actor
    template = template_get(actor=actor, public_id=template_id)
    run_button(
        request,
        lambda: template_archive(actor=actor, template=template),
        _("Archived: partners no longer see this template."),
    )
    return hx_redirect(request, "collateral:detail", template.public_id)


@staff_required
def template_preview(request, template_id):
    """The newest version printed for the chosen partner (?partner=&language=), as a PDF download."""
    actor = request.actor
    template = template_get(actor=actor, public_id=template_id)
    form = PreviewInput(request.GET, partners=preview_partners(actor=actor))
    if not form.is_valid():
        return render(
            request,
            "collateral/template_detail.html",
            {
                "template": template,
                "actions": allowed_actions(actor, template),
                "versions": versions_of(actor=actor, template=template),
                "preview_form": form,
                "timeline": events_for(actor=actor, target=template)[:50],
            },
            status=422,
        )
    partner, language = form.cleaned_data["partner"], form.cleaned_data["language"]
    pdf = _preview_or_error(request, template, partner, language)
    if isinstance(pdf, HttpResponse):
        return pdf
    name = download_name(title=template.title, partner_name=partner.name, language=language)
    return pdf_response(ContentFile(pdf, name=name), filename=name)


def _preview_or_error(request, template, partner, language):
    try:
        return collateral_preview(actor=request.actor, template=template, partner=partner, language=language)
    except ValidationError as error:
        return _error(request, _("The preview could not be made"), error.messages[0])


# --- partners ---------------------------------------------------------------------------------------------


@partner_required
def mine(request):
    """The partner's page: the templates meant for their company, each with a download per language."""
    actor = request.actor
    actor.require("enablement.view")
    partner = actor.partner
    return list_page(
        request,
        filterset=template_filters(actor=actor, data=request.GET),
        table=partner_table(),
        template="collateral/mine.html",
        context={
            "action": reverse("collateral:mine"),
            "partner": partner,
            "logo_url": logo_url(partner, user_id=request.user.pk),
            "can_edit_profile": actor.can("partners.edit_own_profile"),
        },
    )


@partner_required
def download(request, template_id, language):
    """The "Download my version" button: the stored file when there is one (one query), else made now,
    stored and served."""
    actor = request.actor
    if language not in Language.values:
        raise Http404
    generated = collateral_cached(actor=actor, template_id=template_id, language=language)
    if generated is None:
        template = template_get(actor=actor, public_id=template_id)
        try:
            generated = collateral_generate(actor=actor, template=template, language=language)
        except ValidationError as error:
            return _error(request, _("This material could not be made"), error.messages[0])
    title = generated.template_version.template.title
    name = download_name(title=title, partner_name=actor.partner.name, language=language)
    return pdf_response(generated.file, filename=name)


def _error(request, title, message):
    return render(request, "collateral/problem.html", {"title": title, "message": message}, status=422)
