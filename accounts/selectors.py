from accounts.models import ApiToken, Invitation, Membership, User


def team_for_partner(*, actor, partner):
    return (
        Membership.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("user")
        .order_by("-is_active", "role", "user__email")
    )


def pending_invitations_for_partner(*, actor, partner):
    return [i for i in Invitation.objects.visible_to(actor).filter(partner=partner) if i.is_pending]


def staff_users(*, actor):
    return User.objects.visible_to(actor).exclude(staff_role="").order_by("staff_role", "email")


def staff_invitations(*, actor):
    return Invitation.objects.visible_to(actor).filter(partner__isnull=True)


def cams(*, actor):
    from core.roles import StaffRole

    return User.objects.visible_to(actor).filter(
        staff_role__in=[StaffRole.CAM, StaffRole.CHIEF], is_active=True
    )


def tokens_for(*, actor):
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user)
