"""Writes for users, memberships, invitations and API tokens."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import AccountsErrorCode as E
from accounts.inputs import ApiTokenInput, InviteInput, MemberInput, PreferencesInput
from accounts.mfa import mfa_enrolment_required
from accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    User,
    api_token_default_days,
    invitation_ttl,
)
from accounts.scopes import (
    API_AREAS,
    access_for_method,
    effective_scopes,
    normalise_scopes,
    scopes_allow,
    scopes_cover,
)
from core.actor import Actor
from core.emails import queue_email
from core.events import record_event
from core.roles import PartnerRole
from core.scoping import lock_visible
from notifications.selectors import kinds_for
from notifications.services import preferences_update

if TYPE_CHECKING:
    from partners.models import Partner


def _refusal(field: str | None, message: str, code: E) -> ValidationError:
    error = ValidationError(message, code=code)
    return error if field is None else ValidationError({field: error})


def _may_manage_team(actor: Actor, partner: Partner) -> bool:
    if actor.can("partners.manage_any_team"):
        return True
    return actor.can("partners.manage_own_team") and actor.partner_id == partner.id


def _invite_values(data: InviteInput | None, *, staff: bool, **raw: str) -> dict[str, Any]:
    """The invitation's values, validated by its input: the bound one (page, API) or one built from raw
    values (other apps, tests)."""
    return (data if data is not None else InviteInput.from_api(raw, staff=staff)).cleaned()


def invitation_create_for_partner(
    *,
    actor: Actor,
    partner: Partner,
    data: InviteInput | None = None,
    email: str = "",
    role: str = "",
    full_name: str = "",
    send: bool = True,
) -> tuple[Invitation, str]:
    """Invite someone to a partner's team: a bound `InviteInput` (`data`) or the raw values."""
    if not _may_manage_team(actor, partner):
        raise PermissionDenied
    values = _invite_values(data, staff=False, email=email, role=role, full_name=full_name)
    email = values["email"]
    existing = User.objects.filter(email=email).first()
    if existing and existing.staff_role:
        raise _refusal(
            "email", _("This address belongs to vendor staff and cannot join a partner."), E.STAFF_ADDRESS
        )
    if existing and Membership.objects.filter(user=existing, partner=partner).exists():
        message = _("This person is already a member of %(partner)s.") % {"partner": partner}
        raise _refusal("email", message, E.ALREADY_MEMBER)
    return _create_invitation(
        actor=actor,
        email=email,
        full_name=values["full_name"],
        partner=partner,
        partner_role=values["role"],
        send=send,
    )


def invitation_create_for_staff(
    *,
    actor: Actor,
    data: InviteInput | None = None,
    email: str = "",
    role: str = "",
    full_name: str = "",
    send: bool = True,
) -> tuple[Invitation, str]:
    """Invite someone to the vendor's staff: a bound `InviteInput(staff=True)` (`data`) or the raw values."""
    actor.require("staff.manage")
    values = _invite_values(data, staff=True, email=email, role=role, full_name=full_name)
    if User.objects.filter(email=values["email"]).exists():
        raise _refusal("email", _("A user with this email already exists."), E.USER_EXISTS)
    return _create_invitation(
        actor=actor,
        email=values["email"],
        full_name=values["full_name"],
        staff_role=values["role"],
        send=send,
    )


def _create_invitation(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    partner: Partner | None = None,
    partner_role: str = "",
    staff_role: str = "",
    send: bool = True,
) -> tuple[Invitation, str]:
    raw, token_hash = Invitation.new_token()
    with transaction.atomic():
        # A new invitation replaces any pending one for the same person and place.
        Invitation.objects.filter(
            email=email, partner=partner, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            partner=partner,
            partner_role=partner_role,
            staff_role=staff_role,
            token_hash=token_hash,
            invited_by=actor.user,
            language=(translation.get_language() or settings.LANGUAGE_CODE)[:2],
            expires_at=timezone.now() + invitation_ttl(),
        )
        record_event(
            actor=actor,
            verb="invitation.sent",
            target=invitation,
            partner=partner,
            after={"email": email, "role": partner_role or staff_role},
        )
        if send:
            queue_email(
                to=email,
                subject=gettext_lazy("You are invited to Kanal"),
                language=invitation.language,
                template="accounts/email/invitation.txt",
                context={"invitation": invitation, "token": raw, "inviter": actor.user},
            )
    return invitation, raw


def invitation_find(*, raw_token: str) -> Invitation | None:
    from accounts.models import hash_secret

    if not raw_token:
        return None
    return Invitation.objects.select_related("partner").filter(token_hash=hash_secret(raw_token)).first()


def invitation_accept(
    *, raw_token: str, full_name: str = "", password: str = "", user: User | None = None
) -> User:
    """Single use: the row is locked, checked and marked accepted in one transaction."""
    from accounts.models import hash_secret

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_hash=hash_secret(raw_token or "")).first()
        )
        if invitation is None:
            raise ValidationError(_("This invitation link is not valid."))
        if invitation.accepted_at:
            raise ValidationError(_("This invitation has already been used."))
        if invitation.revoked_at:
            raise ValidationError(_("This invitation has been withdrawn."))
        if invitation.expires_at <= timezone.now():
            raise ValidationError(_("This invitation has expired. Ask for a new one."))

        existing = User.objects.filter(email=invitation.email).first()
        if existing is not None:
            if user is None or user.pk != existing.pk:
                raise ValidationError(
                    _("An account with this email exists. Sign in as %(email)s to accept.")
                    % {"email": invitation.email}
                )
            if invitation.staff_role:
                # The staff role is only given to a new account; an existing (partner) account would be
                # marked as joined without ever receiving it.
                raise ValidationError(
                    _("A staff invitation can only create a new account. Ask channel operations for help.")
                )
            if existing.staff_role:
                raise ValidationError(_("This address belongs to vendor staff and cannot join a partner."))
            account = existing
        else:
            full_name = (full_name or invitation.full_name).strip()
            if not full_name:
                raise ValidationError({"full_name": _("Enter your name.")})
            candidate = User(email=invitation.email, full_name=full_name)
            try:
                validate_password(password, user=candidate)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from exc
            candidate.set_password(password)
            candidate.language = (translation.get_language() or invitation.language or "")[:2]
            candidate.staff_role = invitation.staff_role
            candidate.save()
            account = candidate

        _record_verified_address(account, invitation.email)

        from core.actor import Actor

        joined = Actor(user=account, staff_role=account.staff_role)
        if invitation.partner_id:
            Membership.objects.update_or_create(
                user=account,
                partner=invitation.partner,
                defaults={"role": invitation.partner_role, "is_active": True},
            )
            # A second member may complete onboarding's "team" step: onboarding subscribes to this verb.
            record_event(
                actor=joined,
                verb="member.joined",
                target=account,
                partner=invitation.partner,
                after={"role": invitation.partner_role},
            )
        else:
            record_event(
                actor=joined, verb="staff.joined", target=account, after={"role": invitation.staff_role}
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = account
        invitation.save(update_fields=["accepted_at", "accepted_user", "updated_at"])
        record_event(actor=joined, verb="invitation.accepted", target=invitation, partner=invitation.partner)
    return account


def _record_verified_address(user: User, email: str) -> None:
    """Record `email` as a verified address of `user` (allauth's `EmailAddress`), the primary one unless
    they have another.

    Accepting an invitation proves the address: its single-use link was sent there, and only someone who
    reads that mailbox could follow it — which is all verifying an address means (Kanal has no sign-up, so
    every account comes from such a link). allauth refuses two-factor enrolment while any of a user's
    addresses is unverified (so that someone who signed up with another person's address cannot lock its
    owner out), and it records an address as unverified the first time one is needed: a password reset,
    its email page. Without this record, a staff member who did either could never enrol the TOTP
    authenticator KANAL_REQUIRE_STAFF_MFA demands, and so could not use Kanal at all. We keep allauth's rule
    (`MFA_ALLOW_UNVERIFIED_EMAIL` stays off) rather than switch it off: an address added later on the email
    page is still unverified until its owner confirms it. Migration accounts/0005 recorded the addresses of
    invitations accepted before this."""
    from allauth.account.models import EmailAddress

    if EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists():
        return  # another account proved it (allauth allows one): no address of this user is recorded
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        primary = not EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    partner = invitation.partner
    allowed = _may_manage_team(actor, partner) if partner is not None else actor.can("staff.manage")
    if not allowed:
        raise PermissionDenied
    with transaction.atomic():
        # Locked like invitation_accept locks it: a revoke racing an acceptance sees the accepted row.
        invitation = lock_visible(Invitation.objects, actor=actor, pk=invitation.pk)
        if not invitation.is_pending:
            raise _refusal(None, _("Only a pending invitation can be withdrawn."), E.NOT_PENDING)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        record_event(actor=actor, verb="invitation.revoked", target=invitation, partner=invitation.partner)
    return invitation


def _active_admins(partner: Partner) -> int:
    return Membership.objects.filter(partner=partner, role=PartnerRole.ADMIN, is_active=True).count()


def _lock_membership(*, actor: Actor, membership: Membership) -> Membership:
    """Team changes of one partner run one at a time (the partner row is the lock), so two admins demoting
    or deactivating each other at once cannot both pass the "at least one active admin" check."""
    from partners.models import Partner

    lock_visible(Partner.objects, actor=actor, pk=membership.partner_id)
    return lock_visible(Membership.objects, actor=actor, pk=membership.pk)


def membership_update(
    *, actor: Actor, membership: Membership, data: Mapping[str, Any] | MemberInput
) -> Membership:
    """Change a member's role, active flag or both (both or neither): a bound `MemberInput` or raw values
    (only the ones given change)."""
    if not _may_manage_team(actor, membership.partner):
        raise PermissionDenied
    form = data if isinstance(data, MemberInput) else MemberInput.from_api(dict(data), partial=True)
    values = form.cleaned()
    with transaction.atomic():
        if "role" in values:
            membership = _change_role(actor=actor, membership=membership, role=values["role"])
        if "is_active" in values:
            membership = _set_active(actor=actor, membership=membership, active=values["is_active"])
    return membership


def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    return membership_update(actor=actor, membership=membership, data={"role": role})


def membership_set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    return membership_update(actor=actor, membership=membership, data={"is_active": active})


def _last_admin() -> ValidationError:
    return _refusal(None, _("A partner needs at least one active admin."), E.LAST_ADMIN)


def _change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    if role == membership.role:
        return membership
    membership = _lock_membership(actor=actor, membership=membership)
    if role == membership.role:
        return membership
    if (
        membership.role == PartnerRole.ADMIN
        and membership.is_active
        and _active_admins(membership.partner) <= 1
    ):
        raise _last_admin()
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    record_event(
        actor=actor,
        verb="member.role_changed",
        target=membership.user,
        partner=membership.partner,
        before={"role": before},
        after={"role": role},
    )
    return membership


def _set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    if membership.is_active == active:
        return membership
    membership = _lock_membership(actor=actor, membership=membership)
    if membership.is_active == active:
        return membership
    if not active:
        if actor.user and membership.user_id == actor.user.pk:
            raise _refusal(None, _("You cannot deactivate yourself."), E.SELF_DEACTIVATION)
        if membership.role == PartnerRole.ADMIN and _active_admins(membership.partner) <= 1:
            raise _last_admin()
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    record_event(
        actor=actor,
        verb="member.reactivated" if active else "member.deactivated",
        target=membership.user,
        partner=membership.partner,
        before={"active": not active},
        after={"active": active},
    )
    return membership


def api_token_create(
    *,
    actor: Actor,
    data: ApiTokenInput | None = None,
    name: str = "",
    expires_in_days: int | None = None,
    scopes: list[str] | None = None,
    via_token: ApiToken | None = None,
) -> tuple[ApiToken, str]:
    """A new personal token for the actor's own user; the raw value is returned once and never stored.

    The values come from a bound `ApiTokenInput` (`data`) or raw. A lifetime or scopes left out (None)
    take the defaults: every area (read and write), the default lifetime.
    `via_token` is the token the request came with, if any: a token only creates tokens that reach no
    further and live no longer than itself (by default they get its scopes and at most its expiry), so a
    token cannot renew itself forever without its user signing in.
    """
    if not actor.is_authenticated:
        raise PermissionDenied
    if mfa_enrolment_required(actor.user):
        raise PermissionDenied(_("Set up two-factor authentication before creating API tokens."))
    if data is None:
        raw_values = {"name": name, "expires_in_days": expires_in_days, "scopes": scopes}
        data = ApiTokenInput.from_api({k: v for k, v in raw_values.items() if v is not None}, partial=True)
    values = data.cleaned()
    days = values.get("expires_in_days")
    expires_at = timezone.now() + timedelta(days=days or api_token_default_days())
    if days is None and via_token is not None:
        expires_at = min(expires_at, via_token.expires_at)
    chosen = values.get("scopes")
    if chosen is None:
        chosen = effective_scopes(via_token.scopes if via_token is not None else None)
    if not chosen:
        raise _refusal("scopes", _("Choose at least one area the token may read or write."), E.NO_SCOPE)
    stored_scopes = normalise_scopes(chosen)
    if via_token is not None:
        if not scopes_cover(via_token.scopes, stored_scopes):
            raise _refusal(
                "scopes", _("A token cannot create a token that reaches further than itself."), E.TOKEN_WIDER
            )
        if expires_at > via_token.expires_at:
            raise _refusal(
                "expires_in_days", _("A token cannot create a token that outlives itself."), E.TOKEN_LONGER
            )
    raw, prefix, token_hash = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            name=values["name"],
            prefix=prefix,
            token_hash=token_hash,
            expires_at=expires_at,
            scopes=stored_scopes,
        )
        record_event(
            actor=actor,
            verb="token.created",
            target=token,
            partner=actor.partner,
            after={"expires_at": expires_at, "scopes": stored_scopes if stored_scopes is not None else "all"},
        )
    return token, raw


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.user_id != getattr(actor.user, "pk", None):
        raise PermissionDenied
    if token.revoked_at:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        record_event(actor=actor, verb="token.revoked", target=token, partner=actor.partner)
    return token


class ApiTokenRefused(Exception):
    """A known token that may not be used for this request; `status` is 401 or 403, `code` is stable."""

    def __init__(self, *, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def api_token_authenticate(raw: str, *, area: str | None = None, method: str = "GET") -> ApiToken | None:
    """The token for a raw value, if it may call `method` on an endpoint of `area`.

    None for a value that is no token of an active user (401 without detail). A token that exists but is
    revoked, expired, held by staff who must first enrol MFA, or lacks the scope raises ApiTokenRefused with
    a message saying what to do. Last use is recorded at most once a minute (one UPDATE).
    """
    from accounts.models import hash_secret

    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_secret(raw)).first()
    if token is None or not token.user.is_active:
        return None
    if token.revoked_at:
        raise ApiTokenRefused(code="token_revoked", message=_("This API token has been revoked."), status=401)
    now = timezone.now()
    if token.expires_at <= now:
        raise ApiTokenRefused(
            code="token_expired",
            message=_("This API token expired on %(date)s. Create a new one under Settings → API tokens.")
            % {"date": date_format(timezone.localdate(token.expires_at), "DATE_FORMAT")},
            status=401,
        )
    if mfa_enrolment_required(token.user):
        raise ApiTokenRefused(
            code="mfa_required",
            message=_(
                "Set up two-factor authentication before using the API; your tokens work again once you have."
            ),
            status=403,
        )
    if not scopes_allow(token.scopes, area=area, method=method):
        access = access_for_method(method)
        label = API_AREAS.get(area or "", _("this part of the API"))
        message = (
            _("This API token may not read %(area)s.")
            if access == "read"
            else _("This API token may not change %(area)s.")
        )
        raise ApiTokenRefused(code="token_scope", message=message % {"area": label}, status=403)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- one's own settings -----------------------------------------------------------------------------------


def _language_code(language: str | None) -> str:
    code = (language or "")[:2]
    return code if code in dict(settings.LANGUAGES) else ""


def user_language_set(*, actor: Actor, language: str) -> str:
    """Store the language the actor chose (the language switch, the settings page): Kanal speaks it to them
    after signing in and writes their emails in it. An unknown language changes nothing; returns the stored
    one."""
    if actor.user is None:
        raise PermissionDenied
    code = _language_code(language)
    if code:
        User.objects.filter(pk=actor.user.pk).exclude(language=code).update(language=code)
        actor.user.language = code
    return actor.user.language


def user_language_remember(*, user: Any, language: str | None) -> None:
    """Until a person chooses a language, the one they use here is theirs (so their first emails match)."""
    code = _language_code(language)
    if user is not None and user.is_authenticated and code and not user.language:
        User.objects.filter(pk=user.pk, language="").update(language=code)
        user.language = code


def user_preferences_update(
    *, actor: Actor, data: PreferencesInput | Mapping[str, Any], partial: bool = False
) -> PreferencesInput:
    """Change the actor's own settings: language and how they hear about each kind of notification (only
    the kinds meant for them; the API may send just what changes). All or nothing."""
    if actor.user is None:
        raise PermissionDenied
    form = PreferencesInput.bind(data, partial=partial, kinds=kinds_for(actor=actor))
    values = form.cleaned()
    channels = form.channels()
    with transaction.atomic():
        if values.get("language"):
            user_language_set(actor=actor, language=values["language"])
        if channels:
            preferences_update(actor=actor, channels=channels)
    return form
