"""The columns of the accounts lists: a partner's team and your API tokens (page and export)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.listing import ID_COLUMN, Column, Table
from core.roles import PartnerRole

# The count above the list ("12 …"): made once, translated when shown.
PEOPLE_COUNT = ngettext_lazy("%(n)s person", "%(n)s people", "n")


def _role_label(m):
    return PartnerRole(m.role).label if m.role in PartnerRole.values else m.role


def member_table(request=None, *, can_manage: bool = False) -> Table:
    """The team of a partner. With `can_manage`, a row carries its role and deactivation forms."""
    viewer_id = request.user.pk if request is not None else None
    role_choices = PartnerRole.choices

    def controls(m, which):
        return render_to_string(
            "accounts/includes/member_controls.html",
            {"m": m, "which": which, "role_choices": role_choices, "viewer_id": viewer_id},
            request=request,
        )

    return Table(
        empty=_("No one matches these filters."),
        count=PEOPLE_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "full_name",
                _("Person"),
                lambda m: m.user.full_name,
                html=lambda m: format_html("{}<br><small>{}</small>", m.user.display_name, m.user.email),
                sort="name",
            ),
            Column("email", _("Email"), lambda m: m.user.email, on_page=False),
            Column(
                "role",
                _("Role"),
                lambda m: m.role,
                html=(lambda m: controls(m, "role")) if can_manage else _role_label,
                sort="role",
            ),
            Column(
                "is_active",
                _("State"),
                lambda m: m.is_active,
                html=lambda m: _("active") if m.is_active else _("deactivated"),
            ),
            Column(
                "actions",
                _("Actions"),
                lambda m: "",
                html=lambda m: controls(m, "active"),
                on_page=can_manage,
                in_export=False,
            ),
            Column("created_at", _("Joined"), lambda m: m.created_at, on_page=False),
        ],
    )


def token_table(request) -> Table:
    def controls(t):
        return render_to_string("accounts/includes/token_controls.html", {"t": t}, request=request)

    def access(t):
        parts = [format_html("{}: {}", area, level) for area, level in t.scope_summary]
        if not parts:
            return _("All areas, read and write")
        return format_html("<br>".join(["{}"] * len(parts)), *parts)

    return Table(
        empty=_("No tokens yet."),
        columns=[
            Column("name", _("Name"), lambda t: t.name, sort="name"),
            Column(
                "prefix",
                _("Starts with"),
                lambda t: t.prefix,
                html=lambda t: format_html("<code>{}…</code>", t.prefix),
            ),
            Column("scopes", _("Access"), lambda t: "", html=access),
            when_column("created_at", _("Created"), sort="created"),
            when_column("expires_at", _("Expires"), sort="expires", fmt="SHORT_DATE_FORMAT"),
            when_column("last_used_at", _("Last used"), sort="last_used"),
            Column("state", "", lambda t: t.state, html=controls),
        ],
    )
