"""Program pages: the staff overview, charter, agreement versions, and the partner's agreements page; the
partner programs (list, page with tiers and members, settings, tiers' benefits, a member's page where its tier
is set by hand or it leaves) and the partner's own programs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import (
    REFUSED,
    apply_validation_error,
    client_ip,
    hx_redirect,
    partner_required,
    run_button,
    staff_required,
    submit_form,
    submit_record,
)
from core.inputs import InputInvalid
from core.listing import export_list, list_page
from programs.inputs import (
    CharterInput,
    MemberAddInput,
    MemberEndInput,
    MemberTierInput,
    ProgramInput,
    TierInput,
    VersionInput,
)
from programs.models import PUBLISHED_KINDS, AgreementKind
from programs.rules import allowed_actions
from programs.selectors import (
    acceptances_for_version,
    charter_get,
    current_version,
    current_versions,
    documents_for_partner,
    member_filters,
    membership_get,
    program_filters,
    program_get,
    standings_of,
    tier_get,
    tiers_of,
    version_get,
    versions_by_kind,
)
from programs.services import (
    agreement_accept,
    agreement_publish,
    charter_update,
    member_add,
    member_end,
    member_partners,
    member_set_tier,
    program_create,
    program_update,
    tier_update,
)
from programs.tables import member_table, program_table


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
    context = {"documents": documents, "published_kinds": [str(kind) for kind in PUBLISHED_KINDS]}
    return render(request, "programs/agreement_list.html", context)


@staff_required
def agreement_new(request):
    actor = request.actor
    actor.require("program.configure")
    kind = request.GET.get("kind")
    if kind not in PUBLISHED_KINDS:
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
            "kinds": [(value, label) for value, label in AgreementKind.choices if value in PUBLISHED_KINDS],
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
            "is_current": version.kind in PUBLISHED_KINDS
            and current is not None
            and current.pk == version.pk,
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


# --- partner programs ---------------------------------------------------------------------------------------


@staff_required
def program_list(request):
    actor = request.actor
    actor.require("program.view")
    return list_page(
        request,
        filterset=program_filters(actor=actor, data=request.GET),
        table=program_table(staff=True),
        template="programs/program_list.html",
        context={"can_configure": actor.can("program.configure")},
    )


@staff_required
def program_form(request, partner_program_id=None):
    """A new program, or a program's settings."""
    actor = request.actor
    program = program_get(actor=actor, public_id=partner_program_id) if partner_program_id else None
    actor.require("program.configure")
    form = ProgramInput(request.POST or None, instance=program)
    saved = submit_record(
        request,
        form,
        program,
        create=lambda: program_create(actor=actor, data=form),
        update=lambda: program_update(actor=actor, program=program, data=form),
        created=lambda p: _("Program %(name)s created.") % {"name": p.name},
        updated=_("Program saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "programs:program", saved.public_id)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@staff_required
def program_detail(request, partner_program_id):
    """A program: its tiers and what each gives (both languages), and its members with filters."""
    actor = request.actor
    actor.require("program.view")
    program = program_get(actor=actor, public_id=partner_program_id)
    return list_page(
        request,
        filterset=member_filters(actor=actor, program=program, data=request.GET),
        table=member_table(),
        template="programs/program_detail.html",
        export_url=reverse("programs:members_export", args=[program.public_id]),
        context={
            "program": program,
            "tiers": tiers_of(program),
            "actions": (actions := allowed_actions(actor, program)),
            "can_edit": "edit" in actions,
            "timeline": events_for(actor=actor, target=program)[:50],
        },
    )


@staff_required
def members_export(request, partner_program_id):
    actor = request.actor
    actor.require("program.view")
    program = program_get(actor=actor, public_id=partner_program_id)
    filters = member_filters(actor=actor, program=program, data=request.GET)
    return export_list(request, filters, member_table(), name=f"program-{program.code}-members")


@staff_required
def tier_edit(request, program_tier_id):
    actor = request.actor
    tier = tier_get(actor=actor, public_id=program_tier_id)
    actor.require("program.configure")
    form = TierInput(request.POST or None, instance=tier)
    saved = submit_form(
        request,
        form,
        lambda: tier_update(actor=actor, tier=tier, data=form),
        _("The benefits of %(tier)s are saved.") % {"tier": tier.name},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "programs:program", tier.program.public_id)
    return render(request, "programs/tier_form.html", {"form": form, "tier": tier, "program": tier.program})


@staff_required
def member_new(request, partner_program_id):
    actor = request.actor
    program = program_get(actor=actor, public_id=partner_program_id)
    actor.require("program.configure")
    form = MemberAddInput(request.POST or None, partners=member_partners(actor=actor, program=program))
    saved = submit_form(
        request,
        form,
        lambda: member_add(actor=actor, program=program, data=form),
        lambda m: _("%(partner)s joined %(program)s.") % {"partner": m.partner.name, "program": program.name},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "programs:program", program.public_id)
    return render(request, "programs/member_form.html", {"form": form, "program": program})


def _member_page(request, membership, *, tier_form=None, end_form=None, status=200):
    actor = request.actor
    return render(
        request,
        "programs/member_detail.html",
        {
            "membership": membership,
            "program": membership.program,
            "partner": membership.partner,
            "actions": allowed_actions(actor, membership),
            "tier_form": tier_form or MemberTierInput(initial={"tier": membership.tier}),
            "end_form": end_form or MemberEndInput(),
            "timeline": events_for(actor=actor, target=membership)[:100],
        },
        status=status,
    )


@staff_required
def member_detail(request, program_membership_id):
    request.actor.require("program.view")
    membership = membership_get(actor=request.actor, public_id=program_membership_id)
    return _member_page(request, membership)


@staff_required
@require_POST
def member_tier(request, program_membership_id):
    """A member's tier set by hand, with the reason."""
    actor = request.actor
    membership = membership_get(actor=actor, public_id=program_membership_id)
    actor.require("program.configure")
    form = MemberTierInput(request.POST)
    saved = submit_form(
        request,
        form,
        lambda: member_set_tier(actor=actor, membership=membership, data=form),
        lambda m: (
            _("%(partner)s is now %(tier)s in %(program)s.")
            % {"partner": m.partner.name, "tier": m.get_tier_display(), "program": m.program.name}
        ),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "programs:member", membership.public_id)
    return _member_page(request, membership, tier_form=form, status=422)


@staff_required
@require_POST
def member_remove(request, program_membership_id):
    """The partner leaves the program, with the reason."""
    actor = request.actor
    membership = membership_get(actor=actor, public_id=program_membership_id)
    actor.require("program.configure")
    form = MemberEndInput(request.POST)
    saved = submit_form(
        request,
        form,
        lambda: member_end(actor=actor, membership=membership, data=form),
        lambda m: _("%(partner)s left %(program)s.") % {"partner": m.partner.name, "program": m.program.name},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "programs:member", membership.public_id)
    return _member_page(request, membership, end_form=form, status=422)


@partner_required
def programs_mine(request):
    """The programs the partner belongs to: its tier in each and what every tier gives."""
    actor = request.actor
    actor.require("program.view")
    return render(
        request,
        "programs/mine.html",
        {"partner": actor.partner, "standings": standings_of(actor=actor, partner=actor.partner)},
    )
