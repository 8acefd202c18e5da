"""How every route is classified for the cross-partner walk (core/isolation.py).

A route missing here fails the walk. Factories make the URL arguments: objects that belong to partner B,
staff-only objects, or public objects (for routes classified OWN/PUBLIC).
"""

from accounts.models import ApiToken, Invitation, Membership
from core.isolation import OWN, PUBLIC_ROUTE, SCOPED, SKIP_API, STAFF


def _invitation_of_b(world):
    from accounts.services import invitation_create_for_partner

    invitation, _raw = invitation_create_for_partner(
        actor=world.actor(world.admin_b), partner=world.partner_b, email="newcomer@bravo.test", role="rep", send=False
    )
    return invitation.public_id


def _token_of_b(world):
    from accounts.services import api_token_create

    token, _raw = api_token_create(actor=world.actor(world.admin_b), name="bravo integration")
    return token.public_id


FACTORIES = {
    "partner_id": lambda w: w.partner_b.public_id,
    "membership_id": lambda w: Membership.objects.get(user=w.admin_b).public_id,
    "member_id": lambda w: Membership.objects.get(user=w.admin_b).public_id,
    "invitation_id": _invitation_of_b,
    "token_id": _token_of_b,
    "token": lambda w: "not-a-real-token",
    "key": lambda w: "not-a-real-key",
    "uidb36": lambda w: "1",
}

HTML_RULES = {
    "home": OWN,
    "set_language": PUBLIC_ROUTE,
    "account_*": PUBLIC_ROUTE,
    "mfa_*": PUBLIC_ROUTE,
    "api:*": SKIP_API,
    "invitation_accept": PUBLIC_ROUTE,
    "staff_dashboard": STAFF,
    "staff_users": STAFF,
    "partners:*": STAFF,
    "partner_home": OWN,
    "partner_profile": OWN,
    "partner_resellers": OWN,
    "partner_reseller": SCOPED,
    "partner_team": OWN,
    "partner_team_invite": OWN,
    "partner_member_role": SCOPED,
    "partner_member_active": SCOPED,
    "invitation_revoke": SCOPED,
    "switch_partner": SCOPED,
    "api_tokens": OWN,
    "api_token_revoke": SCOPED,
}

# "METHOD /api/path" -> (access, JSON body sent)
API_RULES = {
    "GET /api/me": (OWN, None),
    "GET /api/partners": (OWN, None),
    "POST /api/partners": (STAFF, {"name": "Sneaky", "partner_type": "reseller"}),
    "GET /api/partners/{partner_id}": (SCOPED, None),
    "PATCH /api/partners/{partner_id}": (SCOPED, {"city": "Nowhere"}),
    "POST /api/partners/{partner_id}/status": (SCOPED, {"status": "at_risk"}),
    "GET /api/partners/{partner_id}/events": (SCOPED, None),
    "GET /api/partners/{partner_id}/members": (SCOPED, None),
    "GET /api/partners/{partner_id}/invitations": (SCOPED, None),
    "POST /api/partners/{partner_id}/invitations": (SCOPED, {"email": "x@evil.test", "role": "admin"}),
    "PATCH /api/members/{member_id}": (SCOPED, {"role": "rep", "is_active": False}),
    "POST /api/invitations/{invitation_id}/revoke": (SCOPED, None),
    "GET /api/staff/invitations": (STAFF, None),
    "POST /api/staff/invitations": (STAFF, {"email": "x@evil.test", "role": "chief"}),
    "GET /api/tokens": (OWN, None),
    "POST /api/tokens": (OWN, {"name": "mine"}),
    "POST /api/tokens/{token_id}/revoke": (SCOPED, None),
}

__all__ = ["API_RULES", "FACTORIES", "HTML_RULES", "ApiToken", "Invitation"]
