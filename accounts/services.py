"""Writes for users, memberships, invitations and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ApiToken, Invitation, Membership, User, invitation_ttl
from core.emails import queue_email
from core.events import record_event
from core.roles import PartnerRole, StaffRole


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
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise ValidationError(_("Only a pending invitation can be withdrawn."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        record_event(actor=actor, verb="invitation.revoked", target=invitation, partner=invitation.partner)
    return invitation


def _active_admins(partner) -> int:
    return Membership.objects.filter(partner=partner, role=PartnerRole.ADMIN, is_active=True).count()


def _lock_membership(membership: Membership) -> Membership:
    """Team changes of one partner run one at a time (the partner row is the lock), so two admins demoting
    or deactivating each other at once cannot both pass the "at least one active admin" check."""
    from partners.models import Partner

    Partner.objects.select_for_update().get(pk=membership.partner_id)
    return Membership.objects.select_for_update().get(pk=membership.pk)


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    if not _may_manage_team(actor, membership.partner):
        raise PermissionDenied
    if role not in PartnerRole.values:
        raise ValidationError({"role": _("Choose a valid partner role.")})
    if role == membership.role:
        return membership
    with transaction.atomic():
        membership = _lock_membership(membership)
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
        membership = _lock_membership(membership)
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


def api_token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    if not actor.is_authenticated:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the integration that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Keep the name under 100 characters.")})
    raw, prefix, token_hash = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor.user, name=name, prefix=prefix, token_hash=token_hash)
        record_event(actor=actor, verb="token.created", target=token, partner=actor.partner)
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


def api_token_authenticate(raw: str) -> User | None:
    from accounts.models import hash_secret

    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_secret(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
