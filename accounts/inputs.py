"""The inputs of the accounts' write actions (invitations, team members, API tokens, one's own settings):
each one used by its page form and its API endpoint."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.errors import AccountsErrorCode
from accounts.models import Invitation, Membership, api_token_default_days, api_token_max_days
from accounts.scopes import ALL_SCOPES, API_AREAS, READ, WRITE, scope_for
from core.inputs import Input, InputInvalid, ModelInput
from core.roles import PartnerRole, StaffRole
from notifications.kinds import Channel


class InviteInput(ModelInput):
    """An invitation to a partner's team (partner roles) or, with `staff=True`, to the vendor's staff."""

    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices, initial=PartnerRole.REP)

    class Meta:
        model = Invitation
        fields = ["email", "full_name"]
        labels = {"email": _("Email"), "full_name": _("Full name")}

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff and "role" in self.fields:
            self.fields["role"].choices = StaffRole.choices  # type: ignore[attr-defined]
            self.fields["role"].initial = None

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def validate_unique(self) -> None:
        pass  # who may be invited is the service's to decide


class MemberInput(ModelInput):
    """A member's role and whether they are active (the API may change either; the page one at a time)."""

    class Meta:
        model = Membership
        fields = ["role", "is_active"]
        error_messages = {
            "role": {code: _("Choose a valid partner role.") for code in ("required", "invalid_choice")}
        }

    def validate_unique(self) -> None:
        pass


class AcceptInvitationInput(Input):
    """A new account from an invitation (page only: accepting happens in the browser)."""

    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def token_lifetime_choices() -> list[tuple[int, str]]:
    max_days = api_token_max_days()
    days = sorted({d for d in (7, 30, 90, 180, 365) if d <= max_days} | {max_days})
    return [(d, ngettext("%(days)d day", "%(days)d days", d) % {"days": d}) for d in days]


class ApiTokenInput(Input):
    """Name, lifetime and scopes of a new token. Lifetime and scopes left out (the API) take the defaults the
    service gives; the page always sends both."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “CRM sync”."),
        error_messages={
            "required": _("Give the token a name, e.g. the integration that uses it."),
            "max_length": _("Keep the name under 100 characters."),
        },
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires after"), required=False, min_value=1, widget=forms.Select
    )
    scopes = forms.MultipleChoiceField(
        label=_("Access"),
        choices=[(scope, scope) for scope in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says "choose at least one"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "expires_in_days" in self.fields:
            max_days = api_token_max_days()
            field = self.fields["expires_in_days"]
            field.max_value = max_days  # type: ignore[attr-defined]
            message = ngettext(
                "A token lives from 1 to %(max)d day.", "A token lives from 1 to %(max)d days.", max_days
            ) % {"max": max_days}
            field.validators.append(_LifetimeLimit(max_days, message))
            field.error_messages |= {"min_value": message, "invalid": message}
            choices = token_lifetime_choices()
            field.widget.choices = choices  # type: ignore[attr-defined]
            default = api_token_default_days()
            # The page's starting values (form initial: the API's omitted values stay "the default").
            self.initial.setdefault(
                "expires_in_days", default if default in dict(choices) else choices[-1][0]
            )
        self.initial.setdefault("scopes", list(ALL_SCOPES))

    def scope_rows(self) -> list[tuple[str, object, object]]:
        """(area label, read checkbox, write checkbox) per API area, for a table of checkboxes."""
        boxes = {box.data["value"]: box for box in self["scopes"]}
        return [
            (str(label), boxes[scope_for(area=area, access=READ)], boxes[scope_for(area=area, access=WRITE)])
            for area, label in API_AREAS.items()
        ]


class _LifetimeLimit:
    """The longest lifetime is a setting: read when the input is built, said in the limit's own words."""

    def __init__(self, limit: int, message: Any):
        self.limit = limit
        self.message = message

    def __call__(self, value: int | None) -> None:
        if value is not None and value > self.limit:
            raise ValidationError(self.message, code="max_value", params={"max_value": self.limit})


NOTIFICATION_FIELD = "notifications."
CHANNEL_REFUSAL = _("Choose in the app and by email, in the app only, or off.")


class PreferencesInput(Input):
    """A person's own settings: the language Kanal speaks to them in (pages after signing in, and every
    email) and, per kind of notification meant for them, how they hear about it. Built for the kinds given
    (`notifications.selectors.kinds_for(actor)`); the fields are named `notifications.<kind>`, as the API's
    errors name them."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages after you sign in, and every email Kanal sends you."),
    )

    def __init__(self, *args: Any, kinds: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partial = self.partial and self.data is not None
        for kind in kinds:
            name = NOTIFICATION_FIELD + kind.verb
            if partial and name not in self.data:
                continue
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=kind.default,
                help_text=kind.help_text,
                error_messages={"invalid_choice": CHANNEL_REFUSAL},
            )

    @classmethod
    def bind(cls, data: Any, *, partial: bool = False, **kwargs: Any) -> PreferencesInput:
        """Values as the API sends them: `{"language": "ru", "notifications": {kind: channel}}`. A name or
        a kind the input does not know (a kind meant for the other side) is refused, never dropped."""
        if not isinstance(data, Mapping):
            return data
        values = dict(data)
        channels = values.pop("notifications", None) or {}
        verbs = {kind.verb for kind in kwargs.get("kinds", ())}
        unknown = [name for name in values if name not in cls.base_fields]
        if unknown:
            refusal = _("This field is not accepted here.")
            raise InputInvalid({name: [ValidationError(refusal, code="unknown_field")] for name in unknown})
        not_yours = [NOTIFICATION_FIELD + verb for verb in channels if verb not in verbs]
        if not_yours:
            refusal = _("You do not receive this kind of notification.")
            code = AccountsErrorCode.NOT_YOUR_KIND
            raise InputInvalid({name: [ValidationError(refusal, code=code)] for name in not_yours})
        form_data = {name: value for name, value in values.items() if value is not None}
        form_data |= {NOTIFICATION_FIELD + verb: channel for verb, channel in channels.items()}
        return cls(form_data, partial=partial, **kwargs)

    def notification_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith(NOTIFICATION_FIELD)]

    def channels(self) -> dict[str, str]:
        """{kind: channel} of the cleaned values."""
        data = self.cleaned()
        return {
            name.removeprefix(NOTIFICATION_FIELD): value
            for name, value in data.items()
            if name.startswith(NOTIFICATION_FIELD)
        }
