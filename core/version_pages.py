"""The staff pages of a versioned rule set (`core.versions`): the versions list (whose filters the API's list
shares) and its CSV/XLSX export, a version's page (`core/version.html`, whose blocks the app fills), the
draft's settings and rule editors, and the buttons (new draft, publish, delete and move a rule).

An app declares where its pages live and what they read in a `VersionPages` and includes its `urlpatterns()`;
the addresses, their names and their arguments stay the app's own (`engagement:version`, `ruleset_id`;
`leads:routing_version`, `routing_version_id`). Pages only the app has (engagement's tester, routing's
simulation) stay in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps
from typing import Any, Protocol

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.columns import when_column
from core.events import events_for
from core.http import REFUSED, hx_redirect, run_button, staff_required, submit_form
from core.links import object_url
from core.listing import (
    ID_COLUMN,
    Column,
    ListFilterSet,
    SearchFilter,
    Table,
    choice_column,
    export_list,
    list_page,
    path_column,
)
from core.versions import RuleSetVersions, VersionStatus

# The pages a version page links to, by their names in the app (`urls` in its template).
PAGE_NAMES = (
    "versions",
    "draft_new",
    "version_edit",
    "version_publish",
    "rule_new",
    "rule_edit",
    "rule_delete",
    "rule_move",
)


class VersionFilterSet(ListFilterSet):
    """The filters of a versions list (its page, its export, its API list); the app names its model."""

    q = SearchFilter(field_name="notes", lookup_expr="icontains", placeholder=gettext_lazy("Notes"))
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=VersionStatus.choices, empty_label=gettext_lazy("Any")
    )
    sort = django_filters.OrderingFilter(
        label=gettext_lazy("Sort"),
        fields=(("version", "version"), ("published_at", "published"), ("status", "status")),
    )

    class Meta:
        fields: list[str] = []


def rule_set_versions_table(*, url_name: str, empty: Any, settings: tuple[Column, ...] = ()) -> Table:
    """The columns of a versions list (the page's table and its export): the version, linked to its page
    (`url_name`), its status, when and by whom it was published, the app's own `settings`, the notes."""

    def url(v: Any) -> str:
        return object_url(url_name, v.public_id)

    return Table(
        empty=empty,
        columns=[
            ID_COLUMN,
            Column(
                "version",
                gettext_lazy("Version"),
                lambda v: v.version,
                html=lambda v: format_html('<a href="{}">v{}</a>', url(v), v.version),
                sort="version",
            ),
            choice_column("status", gettext_lazy("Status"), "status", sort="status"),
            when_column("published_at", gettext_lazy("Published"), fmt="DATETIME_FORMAT", sort="published"),
            path_column("published_by", gettext_lazy("By"), "published_by.email"),
            *settings,
            Column(
                "notes",
                gettext_lazy("Notes"),
                lambda v: v.notes,
                html=lambda v: Truncator(v.notes).chars(80) or "—",
            ),
        ],
    )


def _by_position(view: Callable[..., Any]) -> Callable[..., Any]:
    """Django passes the address's one id by its name, which each app chooses; the views take it in place."""

    @wraps(view)
    def called(request: Any, **ids: Any) -> Any:
        return view(request, *ids.values())

    return called


class VersionSelectors(Protocol):
    """What the pages read, through the app's selectors (scoped to the actor; not found: 404)."""

    def ruleset_filters(self, *, actor: Any, data: Any = None, strict: bool = False) -> Any: ...

    def ruleset_draft(self, *, actor: Any) -> Any: ...

    def ruleset_get(self, *, actor: Any, public_id: Any) -> Any: ...

    def rule_get(self, *, actor: Any, public_id: Any) -> Any: ...


@dataclass(frozen=True)
class VersionPages:
    """One app's version pages: its `RuleSetVersions`, names, templates, selectors and permission to read."""

    versions: RuleSetVersions
    namespace: str  # the app's URL namespace ("engagement", "leads")
    name_prefix: str  # before every URL name in it ("", "routing_")
    ruleset_arg: str  # the URL argument naming a version ("ruleset_id")
    rule_arg: str  # … and a rule ("rule_id")
    templates: str  # the folder of the app's templates ("engagement/"): versions, ruleset_form, rule_form
    read: str  # the permission to read the rules
    export_name: str  # the export's file name
    table: Callable[[], Table]
    selectors: VersionSelectors  # the app's selectors module
    version_context: Callable[[Any, Any], dict[str, Any]]  # (actor, ruleset): what the app's blocks show
    # Versions kept per group (`RuleSetVersions.group_field`): the group a new draft is for, read from the
    # request (not found: 404), and what the versions list shows of the groups, given the actor.
    draft_group: Callable[[Any], Any] | None = None
    versions_context: Callable[[Any], dict[str, Any]] | None = None

    def name(self, page: str) -> str:
        return f"{self.namespace}:{self.name_prefix}{page}"

    def _to_version(self, request: Any, ruleset: Any) -> Any:
        return hx_redirect(request, self.name("version"), **{self.ruleset_arg: ruleset.public_id})

    def _to_manage(self, request: Any, get: Callable[..., Any], public_id: Any) -> Any:
        """The version or rule to change (not found: 404), for those who may manage the rules (else 403)."""
        found = get(actor=request.actor, public_id=public_id)
        request.actor.require(self.versions.manage)
        return found

    def _act(self, request: Any, action: Callable[[], Any], success: str | None, ruleset: Any) -> Any:
        """Run a service from a button (a refusal is shown as a message), then back to the version page."""
        run_button(request, action, success)
        return self._to_version(request, ruleset)

    # --- the pages ----------------------------------------------------------------------------------------

    def versions_page(self, request: Any) -> Any:
        actor = request.actor
        actor.require(self.read)
        return list_page(
            request,
            filterset=self.selectors.ruleset_filters(actor=actor, data=request.GET),
            table=self.table(),
            template=f"{self.templates}versions.html",
            export_url=reverse(self.name("versions_export")),
            context={
                "draft": self.selectors.ruleset_draft(actor=actor),
                "can_manage": actor.can(self.versions.manage),
            }
            | (self.versions_context(actor) if self.versions_context else {}),
        )

    def versions_export(self, request: Any) -> Any:
        request.actor.require(self.read)
        filters = self.selectors.ruleset_filters(actor=request.actor, data=request.GET)
        return export_list(request, filters, self.table(), name=self.export_name)

    def draft_new(self, request: Any) -> Any:
        actor = request.actor
        actor.require(self.versions.manage)
        group = self.draft_group(request) if self.draft_group else None
        try:
            draft = self.versions.create_draft(actor=actor, group=group)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return hx_redirect(request, self.name("versions"))
        messages.success(request, _("Draft version %(version)s created.") % {"version": draft.version})
        return self._to_version(request, draft)

    def version(self, request: Any, ruleset_id: Any) -> Any:
        actor = request.actor
        actor.require(self.read)
        ruleset = self.selectors.ruleset_get(actor=actor, public_id=ruleset_id)
        context = {
            "ruleset": ruleset,
            "actions": self.versions.rules.allowed(actor, ruleset),
            "events": events_for(actor=actor, target=ruleset)[:50],
            "urls": {page: self.name(page) for page in PAGE_NAMES},
        } | self.version_context(actor, ruleset)
        return render(request, f"{self.templates}version.html", context)

    def version_edit(self, request: Any, ruleset_id: Any) -> Any:
        actor = request.actor
        ruleset = self._to_manage(request, self.selectors.ruleset_get, ruleset_id)
        form_class = self.versions.ruleset_input
        form = form_class(request.POST or None, initial=form_class.initial_for(ruleset))

        def save() -> Any:
            return self.versions.update(actor=actor, ruleset=ruleset, data=form)

        if submit_form(request, form, save, _("Draft saved.")) is not REFUSED:
            return self._to_version(request, ruleset)
        return render(request, f"{self.templates}ruleset_form.html", {"form": form, "ruleset": ruleset})

    def version_publish(self, request: Any, ruleset_id: Any) -> Any:
        actor = request.actor
        ruleset = self._to_manage(request, self.selectors.ruleset_get, ruleset_id)
        success = _("Version %(version)s is published.") % {"version": ruleset.version}
        return self._act(
            request, lambda: self.versions.publish(actor=actor, ruleset=ruleset), success, ruleset
        )

    def rule_new(self, request: Any, ruleset_id: Any) -> Any:
        ruleset = self.selectors.ruleset_get(actor=request.actor, public_id=ruleset_id)
        return self._rule_form(request, ruleset, None)

    def rule_edit(self, request: Any, rule_id: Any) -> Any:
        rule = self.selectors.rule_get(actor=request.actor, public_id=rule_id)
        return self._rule_form(request, rule.ruleset, rule)

    def _rule_form(self, request: Any, ruleset: Any, rule: Any) -> Any:
        """Add a rule to a draft (`rule` None) or change one of its rules."""
        actor = request.actor
        actor.require(self.versions.manage)
        form_class = self.versions.rule_input
        form = form_class(request.POST or None, initial=form_class.initial_for(rule) if rule else None)  # type: ignore[attr-defined]

        def save() -> Any:
            if rule is None:
                return self.versions.rule_create(actor=actor, ruleset=ruleset, data=form)
            return self.versions.rule_update(actor=actor, rule=rule, data=form)

        if submit_form(request, form, save, _("Rule saved.") if rule else _("Rule added.")) is not REFUSED:
            return self._to_version(request, ruleset)
        context = {"form": form, "ruleset": ruleset, "rule": rule}
        return render(request, f"{self.templates}rule_form.html", context)

    def rule_delete(self, request: Any, rule_id: Any) -> Any:
        actor = request.actor
        rule = self._to_manage(request, self.selectors.rule_get, rule_id)
        delete = partial(self.versions.rule_delete, actor=actor, rule=rule)
        return self._act(request, delete, _("Rule deleted."), rule.ruleset)

    def rule_move(self, request: Any, rule_id: Any) -> Any:
        actor = request.actor
        rule = self._to_manage(request, self.selectors.rule_get, rule_id)
        offset = -1 if request.POST.get("direction") == "up" else 1
        move = partial(self.versions.rule_move, actor=actor, rule=rule, offset=offset)
        return self._act(request, move, None, rule.ruleset)

    def urlpatterns(self) -> list[URLPattern]:
        """The app's addresses of these pages, each with the app's name and argument."""
        version, rule = f"versions/<uuid:{self.ruleset_arg}>/", f"rules/<uuid:{self.rule_arg}>/"
        pages: list[tuple[str, Callable[..., Any], str, bool]] = [
            ("versions/", self.versions_page, "versions", False),
            ("versions/export/", self.versions_export, "versions_export", False),
            ("versions/new/", self.draft_new, "draft_new", True),
            (version, self.version, "version", False),
            (f"{version}edit/", self.version_edit, "version_edit", False),
            (f"{version}publish/", self.version_publish, "version_publish", True),
            (f"{version}rules/new/", self.rule_new, "rule_new", False),
            (f"{rule}edit/", self.rule_edit, "rule_edit", False),
            (f"{rule}delete/", self.rule_delete, "rule_delete", True),
            (f"{rule}move/", self.rule_move, "rule_move", True),
        ]
        patterns = []
        for route, view, name, post_only in pages:
            view = _by_position(view)
            if post_only:
                view = require_POST(view)
            patterns.append(path(route, staff_required(view), name=f"{self.name_prefix}{name}"))
        return patterns
