"""Program pages: the staff overview, charter, agreement versions, and the partner's agreements page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import (
    apply_validation_error,
    client_ip,
    hx_redirect,
    partner_required,
    run_button,
    staff_required,
)
from core.inputs import InputInvalid
from programs.inputs import CharterInput, VersionInput
from programs.models import AgreementKind
from programs.selectors import (
    acceptances_for_version,
    charter_get,
    current_version,
    current_versions,
    documents_for_partner,
    version_get,
    versions_by_kind,
)
from programs.services import agreement_accept, agreement_publish, charter_update


@staff_required
def program_admin(request):
    return render(
        request,
        "programs/admin.html",
        {
            "charter": charter_get(),
            "current_versions": current_versions(),
        },
    )


@staff_required
def charter_edit(request):
    actor = request.actor
    actor.require("program.configure")
    charter = charter_get()
    form = CharterInput(request.POST or None, initial=CharterInput.initial_for(charter))
    if request.method == "POST":
        try:
            charter_update(actor=actor, data=form)
        except InputInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Program charter saved."))
            return hx_redirect(request, "programs:admin")
    return render(request, "programs/charter_form.html", {"form": form, "charter": charter})


@staff_required
def agreement_list(request):
    documents = versions_by_kind(actor=request.actor)
    return render(request, "programs/agreement_list.html", {"documents": documents})


@staff_required
def agreement_new(request):
    actor = request.actor
    actor.require("program.configure")
    kind = request.GET.get("kind")
    if kind not in AgreementKind.values:
        kind = AgreementKind.PARTNER_AGREEMENT
    form = VersionInput(
        request.POST or None, initial=VersionInput.initial_for(kind, current_version(kind=kind))
    )
    if request.method == "POST":
        try:
            version = agreement_publish(actor=actor, data=form)
        except InputInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(version)s published. Partner admins are asked to accept it.") % {"version": version},
            )
            return hx_redirect(request, "programs:agreement", version.public_id)
    return render(
        request,
        "programs/agreement_form.html",
        {
            "form": form,
            "current": current_version(kind=kind),
            "kinds": AgreementKind.choices,
            "kind": kind,
        },
    )


@staff_required
def agreement_detail(request, version_id):
    actor = request.actor
    version = version_get(actor=actor, public_id=version_id)
    current = current_version(kind=version.kind)
    return render(
        request,
        "programs/agreement_detail.html",
        {
            "version": version,
            "is_current": current is not None and current.pk == version.pk,
            "current": current,
            "acceptances": acceptances_for_version(actor=actor, version=version),
        },
    )


@partner_required
def agreements_mine(request):
    actor = request.actor
    return render(
        request,
        "programs/agreements_mine.html",
        {
            "partner": actor.partner,
            "documents": documents_for_partner(actor=actor, partner=actor.partner),
            "can_accept": actor.can("program.accept_agreement"),
        },
    )


@partner_required
@require_POST
def agreement_accept_view(request, version_id):
    actor = request.actor
    version = version_get(actor=actor, public_id=version_id)
    run_button(
        request,
        lambda: agreement_accept(actor=actor, version=version, ip_address=client_ip(request)),
        _("You accepted %(title)s, version %(n)s.") % {"title": version.title, "n": version.version},
    )
    return hx_redirect(request, "programs:agreements_mine")
