from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.inputs import AcceptInvitationInput, ApiTokenInput, InviteInput, MemberInput, PreferencesInput
from accounts.language import set_language_cookie
from accounts.models import Invitation, Membership, User
from accounts.tables import member_table, token_table
from core.actor import SESSION_PARTNER_KEY
from core.http import (
    REFUSED,
    apply_validation_error,
    hx_redirect,
    login_required,
    partner_required,
    staff_required,
    submit_form,
)
from core.inputs import InputInvalid
from core.listing import export_format, export_response, list_page
from core.scoping import get_visible_or_404
from partners.choices import PartnerStatus
from partners.selectors import partner_get


def _flash_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def invitation_accept_view(request, token):
    invitation = services.invitation_find(raw_token=token)
    if invitation is None or not invitation.is_pending:
        status = 410 if invitation else 404
        return render(request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=status)
    existing = User.objects.filter(email=invitation.email).exists()
    form = AcceptInvitationInput(request.POST or None, initial={"full_name": invitation.full_name})
    if existing:
        form = None
    if request.method == "POST":
        try:
            if existing:
                signed_in = request.user if request.user.is_authenticated else None
                user = services.invitation_accept(raw_token=token, user=signed_in)
            elif form.is_valid():
                user = services.invitation_accept(
                    raw_token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            else:
                user = None
        except ValidationError as exc:
            if form is not None:
                if hasattr(exc, "error_dict") and "password" in exc.error_dict:
                    form.add_error("password1", exc.message_dict["password"])
                else:
                    apply_validation_error(form, exc)
            else:
                _flash_errors(request, exc)
            user = None
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if invitation.partner_id:
                request.session[SESSION_PARTNER_KEY] = invitation.partner_id
            messages.success(request, _("Welcome to Kanal!"))
            return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


@partner_required
def team(request):
    actor = request.actor
    partner = actor.partner
    can_manage = actor.can("partners.manage_own_team")
    return list_page(
        request,
        filterset=selectors.team_filters(actor=actor, partner=partner, data=request.GET),
        table=member_table(request, can_manage=can_manage),
        template="accounts/team.html",
        export_url=reverse("partner_team_export"),
        context={
            "partner": partner,
            "invitations": selectors.pending_invitations_for_partner(actor=actor, partner=partner),
            "invite_form": InviteInput(),
            "can_manage": can_manage,
        },
    )


@partner_required
def team_export(request):
    actor = request.actor
    found = selectors.team_filters(actor=actor, partner=actor.partner, data=request.GET)
    return export_response(found.qs, member_table().export_columns, name="team", fmt=export_format(request))


def _invite(request, partner) -> None:
    """Invite someone to a partner's team from a team panel; the outcome is told as messages."""
    form = InviteInput(request.POST)
    try:
        services.invitation_create_for_partner(actor=request.actor, partner=partner, data=form)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})


@partner_required
@require_POST
def team_invite(request):
    _invite(request, request.actor.partner)
    return hx_redirect(request, "partner_team")


def _membership(request, membership_id) -> Membership:
    return get_visible_or_404(
        Membership.objects.visible_to(request.actor)
        .filter(partner_id=request.actor.partner_id)
        .select_related("user", "partner"),
        public_id=membership_id,
    )


def _member_change(request, membership_id, data: dict, success: str):
    membership = _membership(request, membership_id)
    try:
        services.membership_update(
            actor=request.actor, membership=membership, data=MemberInput(data, partial=True)
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, success)
    return hx_redirect(request, "partner_team")


@partner_required
@require_POST
def member_role(request, membership_id):
    return _member_change(request, membership_id, {"role": request.POST.get("role", "")}, _("Role changed."))


@partner_required
@require_POST
def member_active(request, membership_id):
    active = request.POST.get("active") == "1"
    success = _("User reactivated.") if active else _("User deactivated.")
    return _member_change(request, membership_id, {"is_active": "on" if active else ""}, success)


@login_required
@require_POST
def invitation_revoke_view(request, invitation_id):
    invitation = get_visible_or_404(Invitation.objects.visible_to(request.actor), public_id=invitation_id)
    try:
        services.invitation_revoke(actor=request.actor, invitation=invitation)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Invitation withdrawn."))
    if invitation.partner_id is None:
        return hx_redirect(request, "staff_users")
    if request.actor.is_staff:
        return hx_redirect(
            request, reverse("partners:detail", args=[invitation.partner.public_id]) + "?tab=team"
        )
    return hx_redirect(request, "partner_team")


@login_required
@require_POST
def switch_partner(request, partner_id):
    # An offboarded partner gives no access (build_actor): switching to it would strand the user on the
    # "no access" page, where the partner menu to switch back is not shown.
    membership = get_visible_or_404(
        Membership.objects.filter(user=request.user, is_active=True)
        .exclude(partner__status=PartnerStatus.OFFBOARDED)
        .select_related("partner"),
        partner__public_id=partner_id,
    )
    request.session[SESSION_PARTNER_KEY] = membership.partner_id
    messages.success(request, _("You now act for %(partner)s.") % {"partner": membership.partner.name})
    return redirect("home")


@login_required
def api_tokens(request):
    actor = request.actor
    form = ApiTokenInput(request.POST or None)
    new_token = None
    if request.method == "POST":
        try:
            _token, new_token = services.api_token_create(actor=actor, data=form)
        except InputInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            form = ApiTokenInput()
    return list_page(
        request,
        filterset=selectors.token_filters(actor=actor, data=request.GET),
        table=token_table(request),
        template="accounts/api_tokens.html",
        context={"token_form": form, "new_token": new_token},
    )


@login_required
@require_POST
def api_token_revoke_view(request, token_id):
    token = get_visible_or_404(selectors.tokens_for(actor=request.actor), public_id=token_id)
    services.api_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("Token revoked."))
    return hx_redirect(request, "api_tokens")


@staff_required
def staff_users_view(request):
    actor = request.actor
    actor.require("staff.manage")
    form = InviteInput(request.POST or None, staff=True)
    sent = submit_form(
        request,
        form,
        lambda: services.invitation_create_for_staff(actor=actor, data=form),
        lambda sent: _("Invitation sent to %(email)s.") % {"email": sent[0].email},
    )
    if sent is not REFUSED:
        return hx_redirect(request, "staff_users")
    pending = [i for i in selectors.staff_invitations(actor=actor) if i.is_pending]
    return render(
        request,
        "accounts/staff_users.html",
        {
            "staff": selectors.staff_users(actor=actor),
            "invitations": pending,
            "form": form,
        },
    )


@staff_required
@require_POST
def partner_invite(request, partner_id):
    """Staff invite someone to a partner's team, from the team panel of the partner page."""
    partner = partner_get(actor=request.actor, public_id=partner_id)
    _invite(request, partner)
    return hx_redirect(request, reverse("partners:detail", args=[partner.public_id]) + "?tab=team")


@login_required
def user_settings(request):
    """The signed-in person's own settings: language and how they hear about each kind of notification."""
    actor = request.actor
    current = selectors.user_preferences(actor=actor)
    initial = {"language": current.language or (request.LANGUAGE_CODE or "")[:2]}
    initial |= {f"notifications.{verb}": channel for verb, channel in current.channels.items()}
    form = PreferencesInput(request.POST or None, initial=initial, kinds=current.kinds)
    saved = submit_form(request, form, lambda: services.user_preferences_update(actor=actor, data=form))
    if saved is not REFUSED:
        translation.activate(actor.user.language)  # the confirmation, too, in the language just chosen
        messages.success(request, _("Your settings are saved."))
        return set_language_cookie(redirect("user_settings"), actor.user.language)
    return render(request, "accounts/settings.html", {"form": form})
