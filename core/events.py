"""Recording state changes. Every service that changes state calls `record_event` in its transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

from core.models import Event

# verb -> human label; apps add theirs in their events.py
EVENT_LABELS: dict[str, Any] = {}


def register_event_labels(labels: dict[str, Any]) -> None:
    EVENT_LABELS.update(labels)


def event_label(verb: str):
    return EVENT_LABELS.get(verb, verb)


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any]:
    if not values:
        return {}
    out = {}
    for key, value in values.items():
        if value is None or isinstance(value, (str, int, float, bool, list, dict)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def record_event(
    *,
    actor,
    verb: str,
    target,
    partner=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> Event:
    user = actor.user if actor is not None else None
    return Event.objects.create(
        actor=user,
        actor_label=user.email if user else "",  # blank: the system (rendered translated)
        verb=verb,
        target_type=ContentType.objects.get_for_model(type(target)),
        target_id=target.pk,
        target_label=str(target)[:300],
        partner=partner,
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )


def changes(instance, fields: list[str], new_values: dict[str, Any]) -> tuple[dict, dict]:
    """The before/after pair for the fields that actually change."""
    before, after = {}, {}
    for name in fields:
        if name not in new_values:
            continue
        old = getattr(instance, name)
        new = new_values[name]
        if old != new:
            before[name], after[name] = old, new
    return before, after


def events_for(*, actor, target):
    return (
        Event.objects.visible_to(actor)
        .filter(target_type=ContentType.objects.get_for_model(type(target)), target_id=target.pk)
        .select_related("actor")
    )


def visible_note(*, note: str, author, actor) -> str:
    """The one rule for notes kept with a row (events, onboarding steps): staff notes stay internal, so a
    reader outside the vendor sees a note only when a partner-side user wrote it."""
    if actor is not None and actor.is_staff:
        return note
    return note if author is not None and not author.staff_role else ""


def note_visible_to(event: Event, actor) -> str:
    return visible_note(note=event.note, author=event.actor, actor=actor)


def describe_changes(event: Event) -> list[tuple[str, Any, Any]]:
    """(field label, before, after) rows, with translated field names and choice labels."""
    model = ContentType.objects.get_for_id(event.target_type_id).model_class()
    rows = []
    for key in dict.fromkeys([*event.before, *event.after]):
        label, display = key.replace("_", " "), (lambda v: v)
        extra = getattr(model, "event_fields", {}).get(key) if model is not None else None
        if extra is not None:
            # A recorded value that is not a model field: the model names it (and its choices).
            label, choices = str(extra[0]), dict(extra[1] or [])
            if choices:
                display = lambda v, c=choices: c.get(v, v)  # noqa: E731
        elif model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:  # e.g. "role" recorded on a User
                field = None
            if field is not None:
                label = str(getattr(field, "verbose_name", label))
                choices = dict(field.choices or [])
                if choices:
                    display = lambda v, c=choices: c.get(v, v)  # noqa: E731
        rows.append((label, display(event.before.get(key)), display(event.after.get(key))))
    return rows
