"""Recording state changes. Every service that changes state calls `record_event` in its transaction.

`record_event` serialises the before/after values (`event_value`: one place decides how a user, a partner,
a country, a date or an amount is written down) and then publishes the stored `Event` to the apps that
subscribed to its verb (`subscribe`, called from an `AppConfig.ready()`), inside the same transaction: a
subscriber that raises rolls the change back with it. That is how a lower app lets a higher one react
(onboarding watches profile, team and agreement changes) without importing it.
"""

from __future__ import annotations

import datetime
import enum
import functools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django_countries.fields import Country

from core.links import object_url
from core.models import Event

# --- what the apps register about their events (from their events.py) -----------------------------------

# verb -> short label (the audit log's action filter and column)
EVENT_LABELS: dict[str, Any] = {}
# verb -> how it reads (EventText: its sentence, "%(actor)s submitted the deal registration for %(target)s")
EVENT_SENTENCES: dict[str, Any] = {}
EVENT_TEXTS: dict[str, EventText] = {}
# "app_label.model" -> recorded key -> how its values read (label, choices, kind)
EVENT_FIELDS: dict[str, dict[str, EventField]] = {}
# "app_label.model" -> the page a reader opens for an object of that model (or None: no link for this reader)
EVENT_LINKS: dict[str, Callable[[Any, Any], str | None]] = {}


@dataclass(frozen=True)
class EventText:
    """How one verb reads. `sentence` is translated (gettext_lazy, or ngettext_lazy keyed by a recorded
    count) with named placeholders: `%(actor)s` (who, by name), `%(target)s` (the object, linked when the
    reader may open it), `%(partner)s`, and every recorded value by its key (`%(status)s` after,
    `%(old_status)s` before), each shown in the reader's language. Recorded values the sentence does not
    name are listed under it."""

    label: Any
    sentence: Any
    implied: tuple[str, ...] = ()  # recorded keys the sentence already says ("status" of "approved")


@dataclass(frozen=True)
class EventField:
    """A recorded key: its label, its choices (value -> label, also for the items of a list and the keys of
    a mapping) and its kind when the model field does not tell ("user", "country", "date", "datetime",
    "decimal", "bool")."""

    label: Any
    choices: Any = None
    kind: str = ""


def register_events(texts: dict[str, EventText]) -> None:
    for verb, text in texts.items():
        EVENT_LABELS[verb] = text.label
        EVENT_SENTENCES[verb] = text.sentence
        EVENT_TEXTS[verb] = text


def register_event_labels(labels: dict[str, Any]) -> None:
    """A label without a sentence (the sentence check in core/tests fails until the verb has one)."""
    EVENT_LABELS.update(labels)


def register_event_fields(model: str, fields: dict[str, EventField]) -> None:
    """Keys recorded on events about `model` ("app_label.model") that are not its fields, or whose values
    the field alone does not explain (a JSON list of choices, a user recorded by name)."""
    EVENT_FIELDS.setdefault(model.lower(), {}).update(fields)


def register_event_link(
    model: str,
    link: Callable[[Any, Any], str | None] | None = None,
    *,
    staff: str | None = None,
    partner: str | None = None,
) -> None:
    """`link(actor, obj)`: the page where the reader opens `obj`, or None. `obj` has already been read through
    `visible_to(actor)`, so the function only decides which page (and whether this reader's role has one);
    it is read with its id and public id alone (a page of events links dozens of objects).
    Most models need no function: `staff` and `partner` name the URL each side opens (with the object's
    public id when the URL takes one); a side without a name has no page for it."""
    if link is None:
        link = _page_by_side(staff=staff, partner=partner)
    EVENT_LINKS[model.lower()] = link


def _page_by_side(*, staff: str | None, partner: str | None) -> Callable[[Any, Any], str | None]:
    def link(actor: Any, obj: Any) -> str | None:
        name = staff if actor.is_staff else partner if actor.is_partner else None
        return _url_of(name, obj) if name else None

    return link


@functools.cache
def _takes_id(url_name: str) -> bool:
    try:
        reverse(url_name)
    except NoReverseMatch:
        return True
    return False


def _url_of(url_name: str, obj: Any) -> str:
    return object_url(url_name, obj.public_id) if _takes_id(url_name) else reverse(url_name)


# verb -> allowed(actor): whether a partner user may read the events of that verb. For what an app keeps from
# some of a partner's own users (money a sales rep may not see): `Event.partner_filter` leaves the others out.
EVENT_GUARDS: dict[str, Callable[[Any], bool]] = {}


def register_event_guard(verbs: Iterable[str], allowed: Callable[[Any], bool]) -> None:
    """Partner users read events of `verbs` only when `allowed(actor)` (staff read every event)."""
    for verb in verbs:
        EVENT_GUARDS[verb] = allowed


def guarded_verbs(actor) -> list[str]:
    """The verbs whose events `actor` (a partner user) may not read."""
    return sorted(verb for verb, allowed in EVENT_GUARDS.items() if not allowed(actor))


def event_label(verb: str):
    return EVENT_LABELS.get(verb, verb)


def event_value(value: Any) -> Any:
    """A value as the audit trail keeps it (JSON): users by email, other rows by their name (`str`),
    countries by code, dates and times in ISO 8601, amounts as plain decimal strings, choices by their
    stored value, lists and dicts item by item. Services pass raw values; this is the only converter."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):  # TextChoices / IntegerChoices: the stored value, as a plain type
        return event_value(value.value)
    if isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Country):
        return value.code or ""
    if isinstance(value, AbstractBaseUser):
        return getattr(value, value.get_email_field_name())
    if isinstance(value, dict):
        return {str(k): event_value(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((event_value(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [event_value(v) for v in value]
    if isinstance(value, (models.Model, Promise, uuid.UUID)):
        return str(value)
    return str(value)


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any]:
    return {str(key): event_value(value) for key, value in (values or {}).items()}


Subscriber = Callable[[Event], None]
_subscribers: dict[str, list[Subscriber]] = {}


def subscribe(verbs: str | Iterable[str], handler: Subscriber) -> None:
    """Call `handler(event)` whenever an event with one of `verbs` is recorded, inside the recording
    transaction (after the row is written). From an `AppConfig.ready()`; subscribing twice is harmless."""
    for verb in [verbs] if isinstance(verbs, str) else verbs:
        handlers = _subscribers.setdefault(verb, [])
        if handler not in handlers:
            handlers.append(handler)


def unsubscribe(verbs: str | Iterable[str], handler: Subscriber) -> None:
    for verb in [verbs] if isinstance(verbs, str) else verbs:
        if handler in _subscribers.get(verb, []):
            _subscribers[verb].remove(handler)


def subscribers(verb: str) -> list[Subscriber]:
    return list(_subscribers.get(verb, ()))


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
    values = {
        "actor": user,
        "actor_label": user.email if user else "",  # blank: the system (rendered translated)
        "verb": verb,
        "target_type": ContentType.objects.get_for_model(type(target)),
        "target_id": target.pk,
        "target_label": str(target)[:300],
        "partner": partner,
        "before": _jsonable(before),
        "after": _jsonable(after),
        "note": note,
    }
    handlers = subscribers(verb)
    if not handlers:
        return Event.objects.create(**values)
    with transaction.atomic():  # the event and every reaction to it commit (or roll back) together
        event = Event.objects.create(**values)
        for handler in handlers:
            handler(event)
    return event


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


def apply_changes(instance, new_values: dict[str, Any]) -> tuple[dict, dict]:
    """Set the values that differ on `instance` (not saved) and return their before/after pair for the
    event; an empty `after` means nothing changed."""
    before, after = changes(instance, list(new_values), new_values)
    for name, value in after.items():
        setattr(instance, name, value)
    return before, after


def save_changes(instance, new_values: dict[str, Any], *, actor, verb: str, **event: Any) -> bool:
    """An update service's last step, inside its transaction on the locked row: set the values that differ,
    save and record `verb` with their before/after pair. False (nothing saved, no event) when nothing
    differs."""
    before, after = apply_changes(instance, new_values)
    if not after:
        return False
    instance.save()
    record_event(actor=actor, verb=verb, target=instance, before=before, after=after, **event)
    return True


EVENTS_IN_FLIGHT = 200  # more transactions than this recording events at once is beyond a channel team's


def events_version() -> tuple[int, int]:
    """What cached views key on (dashboard.cache): every state change records an event in its transaction, so
    this moves whenever anything a page shows may have changed. The newest event's id alone would miss an
    event committed after a later id (two transactions finishing out of order on PostgreSQL), so the number
    of events among the newest ids counts it in: a commit only ever adds to it."""
    head = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return head, Event.objects.filter(id__gt=head - EVENTS_IN_FLIGHT).count()


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


def _choice(choices: dict[Any, Any], value: Any) -> Any:
    """A recorded choice by its label; anything else (or an unhashable list) as recorded."""
    try:
        return choices.get(value, value)
    except TypeError:
        return value


def describe_changes(event: Event) -> list[tuple[str, Any, Any]]:
    """(field label, before, after) rows, with translated field names and choice labels."""
    model = ContentType.objects.get_for_id(event.target_type_id).model_class()
    rows = []
    for key in dict.fromkeys([*event.before, *event.after]):
        label: str = key.replace("_", " ")
        choices: dict[Any, Any] = {}
        extra = getattr(model, "event_fields", {}).get(key) if model is not None else None
        if extra is not None:
            # A recorded value that is not a model field: the model names it (and its choices).
            label, choices = str(extra[0]), dict(extra[1] or [])
        elif model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:  # e.g. "role" recorded on a User
                field = None
            if field is not None:
                label = str(getattr(field, "verbose_name", label))
                choices = dict(getattr(field, "choices", None) or [])
        before, after = event.before.get(key), event.after.get(key)
        rows.append((label, _choice(choices, before), _choice(choices, after)))
    return rows
