"""Writes for users, memberships, invitations and API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.mfa import mfa_enrolment_required
from accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    User,
    api_token_default_days,
    api_token_max_days,
    invitation_ttl,
)
from accounts.scopes import (
    ALL_SCOPES,
    API_AREAS,
    access_for_method,
    effective_scopes,
    normalise_scopes,
    scopes_allow,
    scopes_cover,
)
from core.emails import queue_email
from core.events import record_event
from core.roles import PartnerRole, StaffRole
from core.scoping import lock_visible


def _may_manage_team(actor, partner) -> bool:
    if actor.can("partners.manage_any_team"):
        return True
    return actor.can("partners.manage_own_team") and actor.partner_id == partner.id


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address.")}) from exc
    return email


def invitation_create_for_partner(
    *, actor, partner, email: str, role: str, full_name: str = "", send: bool = True
) -> tuple[Invitation, str]:
    if not _may_manage_team(actor, partner):
        raise PermissionDenied
    email = _normalise_email(email)
    if role not in PartnerRole.values:
        raise ValidationError({"role": _("Choose a valid partner role.")})
    existing = User.objects.filter(email=email).first()
    if existing and existing.staff_role:
        raise ValidationError({"email": _("This address belongs to vendor staff and cannot join a partner.")})
    if existing and Membership.objects.filter(user=existing, partner=partner).exists():
        raise ValidationError(
            {"email": _("This person is already a member of %(partner)s.") % {"partner": partner}}
        )
    return _create_invitation(
        actor=actor, email=email, full_name=full_name, partner=partner, partner_role=role, send=send
    )


def invitation_create_for_staff(
    *, actor, email: str, role: str, full_name: str = "", send: bool = True
) -> tuple[Invitation, str]:
    if not actor.can("staff.manage"):
        raise PermissionDenied
    email = _normalise_email(email)
    if role not in StaffRole.values:
        raise ValidationError({"role": _("Choose a valid staff role.")})
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("A user with this email already exists.")})
    return _create_invitation(actor=actor, email=email, full_name=full_name, staff_role=role, send=send)


def _create_invitation(*, actor, email, full_name, partner=None, partner_role="", staff_role="", send=True):
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


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    if invitation.partner_id:
        if not _may_manage_team(actor, invitation.partner):
            raise PermissionDenied
    elif not actor.can("staff.manage"):
        raise PermissionDenied
    with transaction.atomic():
        # Locked like invitation_accept locks it: a revoke racing an acceptance sees the accepted row.
        invitation = lock_visible(Invitation.objects, actor=actor, pk=invitation.pk)
        if not invitation.is_pending:
            raise ValidationError(_("Only a pending invitation can be withdrawn."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        record_event(actor=actor, verb="invitation.revoked", target=invitation, partner=invitation.partner)
    return invitation


def _active_admins(partner) -> int:
    return Membership.objects.filter(partner=partner, role=PartnerRole.ADMIN, is_active=True).count()


def _lock_membership(*, actor, membership: Membership) -> Membership:
    """Team changes of one partner run one at a time (the partner row is the lock), so two admins demoting
    or deactivating each other at once cannot both pass the "at least one active admin" check."""
    from partners.models import Partner

    lock_visible(Partner.objects, actor=actor, pk=membership.partner_id)
    return lock_visible(Membership.objects, actor=actor, pk=membership.pk)


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    if not _may_manage_team(actor, membership.partner):
        raise PermissionDenied
    if role not in PartnerRole.values:
        raise ValidationError({"role": _("Choose a valid partner role.")})
    if role == membership.role:
        return membership
    with transaction.atomic():
        membership = _lock_membership(actor=actor, membership=membership)
        if role == membership.role:
            return membership
        if (
            membership.role == PartnerRole.ADMIN
            and membership.is_active
            and _active_admins(membership.partner) <= 1
        ):
            raise ValidationError(_("A partner needs at least one active admin."))
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


def membership_set_active(*, actor, membership: Membership, active: bool) -> Membership:
    if not _may_manage_team(actor, membership.partner):
        raise PermissionDenied
    if membership.is_active == active:
        return membership
    with transaction.atomic():
        membership = _lock_membership(actor=actor, membership=membership)
        if membership.is_active == active:
            return membership
        if not active:
            if actor.user and membership.user_id == actor.user.pk:
                raise ValidationError(_("You cannot deactivate yourself."))
            if membership.role == PartnerRole.ADMIN and _active_admins(membership.partner) <= 1:
                raise ValidationError(_("A partner needs at least one active admin."))
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
    actor,
    name: str,
    expires_in_days: int | None = None,
    scopes: list[str] | None = None,
    via_token: ApiToken | None = None,
) -> tuple[ApiToken, str]:
    """A new personal token for the actor's own user; the raw value is returned once and never stored.

    `scopes` None gives every area (read and write), `expires_in_days` None the default lifetime.
    `via_token` is the token the request came with, if any: a token only creates tokens that reach no
    further and live no longer than itself (by default they get its scopes and at most its expiry), so a
    token cannot renew itself forever without its user signing in.
    """
    if not actor.is_authenticated:
        raise PermissionDenied
    if mfa_enrolment_required(actor.user):
        raise PermissionDenied(_("Set up two-factor authentication before creating API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the integration that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Keep the name under 100 characters.")})
    days = api_token_default_days() if expires_in_days is None else expires_in_days
    max_days = api_token_max_days()
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= max_days:
        raise ValidationError(
            {"expires_in_days": _("A token lives from 1 to %(max)d days.") % {"max": max_days}}
        )
    expires_at = timezone.now() + timedelta(days=days)
    if expires_in_days is None and via_token is not None:
        expires_at = min(expires_at, via_token.expires_at)
    if scopes is None:
        scopes = effective_scopes(via_token.scopes if via_token is not None else None)
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ValidationError({"scopes": _("Unknown scope: %(scope)s.") % {"scope": ", ".join(unknown)}})
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one area the token may read or write.")})
    stored_scopes = normalise_scopes(scopes)
    if via_token is not None:
        if not scopes_cover(via_token.scopes, stored_scopes):
            raise ValidationError(
                {"scopes": _("A token cannot create a token that reaches further than itself.")}
            )
        if expires_at > via_token.expires_at:
            raise ValidationError(
                {"expires_in_days": _("A token cannot create a token that outlives itself.")}
            )
    raw, prefix, token_hash = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor.user,
            name=name,
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


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
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

    def __init__(self, *, code: str, message: str, status: int):
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
            % {"date": token.expires_at.date().isoformat()},
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
