from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from core.roles import PartnerRole, StaffRole
from partners.choices import Region

register_events(
    {
        "invitation.sent": EventText(
            _("Invitation sent"), _("%(actor)s invited %(email)s to join as %(role)s")
        ),
        "invitation.accepted": EventText(
            _("Invitation accepted"), _("%(actor)s accepted the invitation for %(target)s")
        ),
        "invitation.revoked": EventText(
            _("Invitation revoked"), _("%(actor)s withdrew the invitation for %(target)s")
        ),
        "member.role_changed": EventText(
            _("Member role changed"),
            _("%(actor)s changed the role of %(target)s from %(old_role)s to %(role)s"),
        ),
        "member.deactivated": EventText(
            _("Member deactivated"), _("%(actor)s deactivated %(target)s"), implied=("active",)
        ),
        "member.reactivated": EventText(
            _("Member reactivated"), _("%(actor)s reactivated %(target)s"), implied=("active",)
        ),
        "member.joined": EventText(_("Member joined"), _("%(actor)s joined %(partner)s as %(role)s")),
        "staff.joined": EventText(
            _("Staff member joined"), _("%(actor)s joined the vendor's team as %(role)s")
        ),
        "token.created": EventText(
            _("API token created"),
            _("%(actor)s created the API token %(target)s, valid until %(expires_at)s"),
        ),
        "token.revoked": EventText(_("API token revoked"), _("%(actor)s revoked the API token %(target)s")),
    }
)

_ROLES = [*StaffRole.choices, *PartnerRole.choices]
register_event_fields("accounts.user", {"role": EventField(_("role"), _ROLES)})
register_event_fields(
    "accounts.user",
    {
        "regions": EventField(_("regions"), Region.choices),
        "countries": EventField(_("countries"), kind="country"),
    },
)
register_event_fields(
    "accounts.invitation",
    {"role": EventField(_("role"), _ROLES), "email": EventField(_("email"))},
)
register_event_fields(
    "accounts.apitoken",
    {"scopes": EventField(_("scopes"), [("all", pgettext_lazy("API token scopes", "all areas"))])},
)


def _team_page(actor, obj):
    """Partner users manage people and invitations on their team page; staff have no page for one person."""
    return reverse("partner_team") if actor.is_partner else None


def _token_page(actor, token):
    return reverse("api_tokens") if actor.user is not None and token.user_id == actor.user.pk else None


register_event_link("accounts.user", _team_page)
register_event_link("accounts.invitation", _team_page)
register_event_link("accounts.apitoken", _token_page)
