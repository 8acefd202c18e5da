from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import api_token_default_days, api_token_max_days
from accounts.scopes import ALL_SCOPES, API_AREAS, READ, WRITE, scope_for
from core.roles import PartnerRole, StaffRole


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices, initial=PartnerRole.REP)


class InviteStaffForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def token_lifetime_choices() -> list[tuple[int, str]]:
    max_days = api_token_max_days()
    days = sorted({d for d in (7, 30, 90, 180, 365) if d <= max_days} | {max_days})
    return [(d, ngettext("%(days)d day", "%(days)d days", d) % {"days": d}) for d in days]


class ApiTokenForm(forms.Form):
    """Name, lifetime and scopes of a new token; the service checks them (one validation layer)."""

    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “CRM sync”.")
    )
    expires_in_days = forms.TypedChoiceField(label=_("Expires after"), coerce=int)
    scopes = forms.MultipleChoiceField(
        label=_("Access"),
        choices=[(scope, scope) for scope in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says "choose at least one"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = token_lifetime_choices()
        self.fields["expires_in_days"].choices = choices
        default = api_token_default_days()
        self.fields["expires_in_days"].initial = default if default in dict(choices) else choices[-1][0]
        self.fields["scopes"].initial = list(ALL_SCOPES)

    def scope_rows(self) -> list[tuple[str, object, object]]:
        """(area label, read checkbox, write checkbox) per API area, for a table of checkboxes."""
        boxes = {box.data["value"]: box for box in self["scopes"]}
        return [
            (label, boxes[scope_for(area=area, access=READ)], boxes[scope_for(area=area, access=WRITE)])
            for area, label in API_AREAS.items()
        ]
