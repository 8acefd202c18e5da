"""The columns of the learning lists (page tables and exports)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import object_url
from core.listing import Column, Table, day_column

PROGRESS_COUNT = ngettext_lazy("%(n)s person in a course", "%(n)s people in courses", "n")
COURSES_COUNT = ngettext_lazy("%(n)s course", "%(n)s courses", "n")
AWARDS_COUNT = ngettext_lazy("%(n)s certification", "%(n)s certifications", "n")


def course_table(*, staff: bool, mine: dict | None = None) -> Table:
    """`mine`: course pk -> the reader's own enrollment (their progress column)."""
    mine = mine or {}

    def link(c):
        return object_url("learning:course_edit" if staff else "learning:course", c.public_id)

    def progress(c) -> str:
        enrollment = mine.get(c.pk)
        return enrollment.get_state_display() if enrollment else str(_("Not started"))

    return Table(
        empty=_("No course matches these filters."),
        count=COURSES_COUNT,
        columns=[
            Column("title", _("Title"), lambda c: c.title, link=link, sort="title"),
            Column("lessons", _("Lessons"), lambda c: c.lesson_count, in_export=False),
            Column(
                "status",
                _("Status"),
                lambda c: c.status,
                html=lambda c: c.get_status_display(),
                on_page=staff,
            ),
            Column("progress", _("Your progress"), progress, on_page=not staff, in_export=False),
            day_column("updated", _("Updated"), "updated_at", sort="updated"),
        ],
    )


def award_state(award, now) -> str:
    if award.revoked_at is not None:
        return str(_("Revoked"))
    if award.expires_at is not None and award.expires_at <= now:
        return str(_("Expired"))
    return str(_("Valid"))


def award_table(*, staff: bool, can_revoke: bool, now) -> Table:
    return Table(
        empty=_("No certification matches these filters."),
        count=AWARDS_COUNT,
        columns=[
            Column("person", _("Person"), lambda a: a.user.display_name, sort="person"),
            Column("partner", _("Partner"), lambda a: a.partner.name if a.partner else "", on_page=staff),
            Column("certification", _("Certification"), lambda a: a.certification.title),
            day_column("awarded", _("Awarded"), "awarded_at", sort="awarded"),
            day_column("expires", _("Expires"), "expires_at", sort="expires"),
            Column(
                "state",
                _("State"),
                lambda a: award_state(a, now),
                html=lambda a: format_html('<span class="badge">{}</span>', award_state(a, now)),
            ),
            Column(
                "revoke",
                "",
                lambda a: "",
                html=lambda a: (
                    format_html(
                        '<a href="{}">{}</a>', object_url("learning:award_revoke", a.public_id), _("Revoke")
                    )
                    if staff and a.revoked_at is None
                    else ""
                ),
                in_export=False,
                on_page=staff,
            ),
        ],
    )


def progress_table(*, staff: bool) -> Table:
    return Table(
        empty=_("Nobody has started a course yet."),
        count=PROGRESS_COUNT,
        columns=[
            Column("person", _("Person"), lambda e: e.user.display_name, sort="person"),
            Column("partner", _("Partner"), lambda e: e.partner.name if e.partner else "", on_page=staff),
            Column("course", _("Course"), lambda e: e.course.title, sort="course"),
            Column("state", _("State"), lambda e: e.state, html=lambda e: e.get_state_display()),
            Column("lessons_done", _("Lessons done"), lambda e: e.done_count),
            day_column("updated", _("Updated"), "updated_at", sort="updated"),
        ],
    )
