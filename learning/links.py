"""The onboarding checklist's "Take the course" links (registered with `onboarding.links`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from core.links import object_url
from learning.models import Course


def course_step_links(actor: Any, steps: Sequence[Any]) -> dict[int, list[tuple[str, str]]]:
    """For each step a course completes, a link to the course (one the reader may open: `visible_to`)."""
    if not steps:
        return {}
    links: dict[int, list[tuple[str, str]]] = {}
    rows = Course.objects.visible_to(actor).filter(onboarding_steps__in=[s.pk for s in steps])
    for course in rows.values("public_id", "title_en", "title_ru", "onboarding_steps"):
        title = Course(title_en=course["title_en"], title_ru=course["title_ru"]).title
        label = _("Take the course “%(course)s”") % {"course": title}
        links.setdefault(course["onboarding_steps"], []).append(
            (label, object_url("learning:course", course["public_id"]))
        )
    return links
