"""Events as a reader sees them: one sentence per event in the reader's language, with links to the objects
the reader may open, and the other recorded values as "Label: old → new" rows.

Events keep raw values (`core.events.event_value`); everything here happens when they are shown, so each
reader gets their own language, their own links and their own view of notes. Each verb's sentence, the
labels of recorded keys that are not model fields and the page of each model are registered by the apps
(`register_events`, `register_event_fields`, `register_event_link` in their events.py).

`EventNarrator(actor).entries(events)` reads everything a page of events needs at once: the people named in
them (one query) and the objects they are about (one query per kind of object, each through
`visible_to(actor)`, so a link is only ever made to an object the reader may see).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext
from django_countries import countries
from django_countries.fields import CountryField

from core.events import (
    EVENT_FIELDS,
    EVENT_LINKS,
    EVENT_SENTENCES,
    EVENT_TEXTS,
    EventField,
    event_label,
    visible_note,
)
from core.listing import fetch_mode
from core.models import Event

_MARK = re.compile("\x02(\\w+)\x03")
EMPTY = "—"


def _mark(key: str) -> str:
    return f"\x02{key}\x03"


class _CountMark(int):
    """A recorded count inside a sentence: an int for ngettext (which picks the plural form: 1 день, 3 дня,
    5 дней), and a marker where it is written."""

    key: str

    def __new__(cls, value: int, key: str) -> _CountMark:
        obj = super().__new__(cls, value)
        obj.key = key
        return obj

    def __str__(self) -> str:
        return _mark(self.key)


@dataclass
class EventEntry:
    """One event for one reader."""

    event: Event
    html: SafeString  # the sentence, with links
    text: str  # the same sentence as plain text (exports)
    details: list[tuple[str, str | None, str]] = field(default_factory=list)  # (label, old or None, new)
    note: str = ""
    fallback: bool = False  # the verb has no sentence (or names a value this event lacks): the label stood in

    @property
    def occurred_at(self) -> datetime.datetime:
        return self.event.occurred_at

    @property
    def label(self) -> Any:
        return event_label(self.event.verb)

    @property
    def details_text(self) -> str:
        return "; ".join(
            f"{label}: {new}" if old is None else f"{label}: {old} → {new}"
            for label, old, new in self.details
        )


def model_key(content_type_id: int) -> tuple[str, type[models.Model] | None]:
    ct = ContentType.objects.get_for_id(content_type_id)
    return f"{ct.app_label}.{ct.model}", ct.model_class()


def _kind_of(model_field: Any) -> str:
    if isinstance(model_field, models.BooleanField):
        return "bool"
    if isinstance(model_field, CountryField):
        return "country"
    if isinstance(model_field, models.DateTimeField):
        return "datetime"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.DecimalField):
        return "decimal"
    related = getattr(model_field, "related_model", None)
    if related is not None and related._meta.label == settings.AUTH_USER_MODEL:
        return "user"
    return ""


def field_info(model_label: str, model: type[models.Model] | None, key: str) -> EventField:
    """How a recorded key reads on events about `model`: registered, declared on the model (`event_fields`),
    or the model field's verbose name, choices and kind."""
    registered = EVENT_FIELDS.get(model_label, {}).get(key)
    if registered is not None:
        return registered
    extra = getattr(model, "event_fields", {}).get(key) if model is not None else None
    if extra is not None:
        return EventField(extra[0], extra[1])
    model_field = None
    if model is not None:
        try:
            model_field = model._meta.get_field(key)
        except FieldDoesNotExist:
            model_field = None
    if model_field is None:
        return EventField(key.replace("_", " "))
    return EventField(
        getattr(model_field, "verbose_name", key.replace("_", " ")),
        getattr(model_field, "choices", None) or None,
        _kind_of(model_field),
    )


class EventNarrator:
    """Renders events for one reader (`actor`, None for nobody in particular: no links, no staff notes)."""

    def __init__(self, actor: Any, *, links: bool = True) -> None:
        self.actor = actor
        self.links = links  # False: plain text (exports), so no object is read
        self.people: dict[str, str] = {}  # email -> display name
        self.objects: dict[tuple[int, int], Any] = {}  # (content type id, pk) -> object the reader may see
        self.partners: dict[int, Any] = {}
        self._looked_up: set[tuple[int, int]] = set()
        self._asked: set[str] = set()
        # Read once per narrator (one reader, one language): how each key reads, each field's choices by value
        # (a country field has some 250: a dict per value written would rebuild them all).
        self._fields: dict[tuple[str, str], EventField] = {}
        self._choices: dict[int, tuple[Any, dict[Any, Any]]] = {}
        self._links: dict[tuple[str, Any], str | None] = {}
        # What the reader reads the same way on every event of a page, per language (a page of events
        # repeats its verbs, keys and values): a recorded value's text, a key's label, a verb's sentence.
        self._texts: dict[str, dict[tuple[Any, ...], Any]] = {}

    def field(self, model_label: str, model: type[models.Model] | None, key: str) -> EventField:
        found = self._fields.get((model_label, key))
        if found is None:
            found = self._fields[(model_label, key)] = field_info(model_label, model, key)
        return found

    def choices(self, info: EventField) -> dict[Any, Any]:
        if not info.choices:
            return {}
        cached = self._choices.get(id(info.choices))
        if cached is None or cached[0] is not info.choices:  # keyed by identity: keep the object alive
            cached = self._choices[id(info.choices)] = (info.choices, _choices(info.choices))
        return cached[1]

    # --- reading what a page of events needs, in a few queries -------------------------------------------

    def prepare(self, events: Iterable[Event]) -> list[Event]:
        events = list(events)
        emails: set[str] = set()
        wanted: dict[int, set[int]] = defaultdict(set)
        partner_ids: set[int] = set()
        for event in events:
            if event.actor_label and not self._known_actor(event):
                emails.add(event.actor_label)
            model_label, model = model_key(event.target_type_id)
            for key, value in [*event.before.items(), *event.after.items()]:
                if self.field(model_label, model, key).kind == "user":
                    emails.update(
                        v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
                    )
            if (event.target_type_id, event.target_id) not in self._looked_up:
                if self.links and model_label in EVENT_LINKS:
                    wanted[event.target_type_id].add(event.target_id)
                else:  # no page to link to: nothing to read
                    self._looked_up.add((event.target_type_id, event.target_id))
            partner_id = event.partner_id if self.links else None
            if partner_id and partner_id not in self.partners and not self._known_partner(event, partner_id):
                partner_ids.add(partner_id)
        self._read_people(emails - self._asked)
        for type_id, ids in wanted.items():
            self._read_objects(type_id, ids)
        if partner_ids:
            partner_model = Event._meta.get_field("partner").related_model
            assert isinstance(partner_model, type)
            for partner in self._visible(partner_model).filter(pk__in=partner_ids):
                self.partners[partner.pk] = partner
        return events

    def _known_actor(self, event: Event) -> bool:
        """Whether the event's actor, read with it (`select_related("actor")`) and still under the email the
        event names, gave their name to `people`: one query fewer."""
        user = event._state.fields_cache.get("actor")
        if user is None or event.actor_label in self._asked:
            return user is not None
        if getattr(user, user.get_email_field_name()) != event.actor_label:
            return False
        self._asked.add(event.actor_label)
        self.people[event.actor_label] = _display_name(user)
        return True

    def _known_partner(self, event: Event, partner_id: int) -> bool:
        """Whether the event's partner is at hand (read with the event, or the reader's own company) and the
        reader may see it (`Actor.can_see_partner`, the rule `Partner.objects.visible_to` applies): one query
        fewer."""
        if self.actor is None or not self.actor.can_see_partner(partner_id):
            return False
        partner = event._state.fields_cache.get("partner")
        if partner is None and partner_id == self.actor.partner_id:
            partner = self.actor.partner
        if partner is None:
            return False
        self.partners[partner_id] = partner
        return True

    def _visible(self, model: type[models.Model]) -> Any:
        manager: Any = model._default_manager
        if self.actor is None or not hasattr(manager, "visible_to"):
            return manager.none()
        return manager.visible_to(self.actor)

    def _read_people(self, emails: set[str]) -> None:
        if not emails:
            return
        self._asked.update(emails)
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        for user in user_model._default_manager.filter(**{f"{email_field}__in": emails}):
            self.people[getattr(user, email_field)] = _display_name(user)

    def _read_objects(self, type_id: int, ids: set[int]) -> None:
        _label, model = model_key(type_id)
        self._looked_up.update((type_id, pk) for pk in ids)
        if model is None:
            return
        # Read only to be linked: a link names the object's page by its public id (register_event_link).
        names = {f.name for f in model._meta.concrete_fields}
        visible = self._visible(model).filter(pk__in=ids).only(*({"public_id"} & names))
        for obj in visible.fetch_mode(fetch_mode()):
            self.objects[(type_id, obj.pk)] = obj

    # --- one event ----------------------------------------------------------------------------------------

    def link(self, model_label: str, obj: Any) -> str | None:
        link = EVENT_LINKS.get(model_label)
        if obj is None or link is None or self.actor is None:
            return None
        key = (model_label, obj.pk)  # a page of events names the same partner, the same deal, again and again
        if key not in self._links:
            self._links[key] = link(self.actor, obj)
        return self._links[key]

    def person(self, email: str) -> str:
        return self.people.get(email, email)

    def actor_name(self, event: Event) -> str:
        if not event.actor_label:
            return pgettext("who did it", "The system")
        return self.person(event.actor_label)

    def value(self, info: EventField, value: Any) -> str:
        """A recorded value as the reader reads it."""
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(value, list):
            return ", ".join(self.value(info, item) for item in value)
        if isinstance(value, dict):
            keys = self.choices(info)
            return ", ".join(f"{keys.get(k, k)}: {self.value(EventField(''), v)}" for k, v in value.items())
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        # A country reads by its name below: the same label its field's choices give, without building
        # them (some 250).
        choices = self.choices(info) if info.kind != "country" else {}
        if choices:
            try:
                if value in choices:
                    return str(choices[value])
            except TypeError:
                pass
        kind = info.kind
        if kind == "user" and isinstance(value, str):
            return self.person(value)
        if kind == "country" and isinstance(value, str):
            return str(countries.name(value) or value)
        if kind == "date" and isinstance(value, str):
            return _day(value)
        if kind == "datetime" and isinstance(value, str):
            return _moment(value)
        if kind == "decimal" and isinstance(value, str):
            return _decimal(value)
        if isinstance(value, int):
            return number_format(value, force_grouping=True)
        if isinstance(value, float):
            return number_format(value)
        return str(value)

    def _memo(self) -> dict[tuple[Any, ...], Any]:
        """What reads the same on every event of a page in the reader's language (`_texts`)."""
        return self._texts.setdefault(get_language(), {})

    def _recorded(
        self, memo: dict, model_label: str, model: type[models.Model] | None, key: str, raw: Any
    ) -> str:
        """`value()` of a recorded key's value, once per page for the same key and value (not for people,
        whose names a later read may add)."""
        info = self.field(model_label, model, key)
        if info.kind == "user" or not isinstance(raw, (str, int, float, bool, type(None))):
            return self.value(info, raw)
        found = memo.get((model_label, key, type(raw), raw))
        if found is None:
            found = memo[(model_label, key, type(raw), raw)] = self.value(info, raw)
        return found

    def _label(self, memo: dict, model_label: str, model: type[models.Model] | None, key: str) -> str:
        found = memo.get((model_label, key))
        if found is None:
            found = memo[(model_label, key)] = capfirst(str(self.field(model_label, model, key).label))
        return found

    def _sentence(self, memo: dict, verb: str, marks: dict[str, Any]) -> tuple[str | None, frozenset[str]]:
        """The verb's sentence with the marks in place (None when it names a value the event lacks) and the
        marks it uses: the same for every event of the verb with the same keys and counts (a count picks
        the plural form)."""
        key = (verb, *((k, int(v) if isinstance(v, _CountMark) else None) for k, v in marks.items()))
        found = memo.get(key)
        if found is None:
            sentence = EVENT_SENTENCES.get(verb)
            try:
                template = str(sentence % marks) if sentence is not None else None
            except (KeyError, TypeError, ValueError):  # a sentence naming a value this event did not record
                template = None
            found = memo[key] = (template, frozenset(_MARK.findall(template)) if template else frozenset())
        return found

    def entry(self, event: Event) -> EventEntry:
        if (event.target_type_id, event.target_id) not in self._looked_up or (
            event.actor_label and event.actor_label not in self._asked
        ):
            self.prepare([event])
        model_label, model = model_key(event.target_type_id)
        target = self.objects.get((event.target_type_id, event.target_id))
        target_url = self.link(model_label, target)
        partner = self.partners.get(event.partner_id) if event.partner_id else None
        if partner is None and not self.links and event.partner_id:  # text only: the name, when already read
            partner = event._state.fields_cache.get("partner")
        partner_url = self.link(Event._meta.get_field("partner").related_model._meta.label_lower, partner)  # type: ignore[union-attr]

        memo = self._memo()
        # The links of the sentence; every other value is escaped where the sentence uses it.
        html_values: dict[str, Any] = {
            "target": _linked(event.target_label, target_url),
            "partner": _linked(str(partner) if partner is not None else EMPTY, partner_url),
        }
        text_values: dict[str, str] = {
            "actor": self.actor_name(event),
            "target": event.target_label,
            "partner": str(partner) if partner is not None else EMPTY,
        }
        marks: dict[str, Any] = {key: _mark(key) for key in text_values}
        for prefix, values in (("old_", event.before), ("", event.after)):
            for key, raw in values.items():
                name = f"{prefix}{key}"
                text_values[name] = self._recorded(memo, model_label, model, key, raw)
                counts = isinstance(raw, int) and not isinstance(raw, bool)
                marks[name] = _CountMark(raw, name) if counts else _mark(name)

        template, used = self._sentence(memo, event.verb, marks)
        fallback = template is None
        if template is None:  # the label stands in: "Tom Gallagher: Rule of engagement added — v3"
            text_values["action"] = str(event_label(event.verb))
            template = gettext("%(actor)s: %(action)s — %(target)s") % (marks | {"action": _mark("action")})
            used = frozenset(_MARK.findall(template))
        implied = EVENT_TEXTS[event.verb].implied if event.verb in EVENT_TEXTS else ()

        def html_value(match: re.Match) -> str:
            name = match.group(1)
            if name in html_values:
                return html_values[name]
            return escape(text_values[name]) if name in text_values else ""

        html = mark_safe(_MARK.sub(html_value, escape(template)))
        text = _MARK.sub(lambda m: text_values.get(m.group(1), ""), template)

        details = []
        for key in dict.fromkeys([*event.before, *event.after]):
            if key in implied or (key in used and (key not in event.before or f"old_{key}" in used)):
                continue
            old = (
                self._recorded(memo, model_label, model, key, event.before[key])
                if key in event.before
                else None
            )
            new = (
                self._recorded(memo, model_label, model, key, event.after[key])
                if key in event.after
                else EMPTY
            )
            details.append(
                (self._label(memo, model_label, model, key), old if key in event.before else None, new)
            )
        note = (
            visible_note(note=event.note, author=event.actor, actor=self.actor)
            if self.actor is not None
            else ""
        )
        return EventEntry(event=event, html=html, text=text, details=details, note=note, fallback=fallback)

    def entries(self, events: Iterable[Event]) -> list[EventEntry]:
        return [self.entry(event) for event in self.prepare(events)]


def event_entries(events: Iterable[Event], *, actor: Any) -> list[EventEntry]:
    return EventNarrator(actor).entries(events)


def timeline_html(entries: Iterable[EventEntry]) -> SafeString:
    """The entries as the pages' timeline (`includes/timeline.html`): each sentence, its recorded changes and
    note, when, what and who. Written here rather than by a template loop (a timeline shows up to 50 events),
    every value escaped."""
    items = [_timeline_item(entry) for entry in entries]
    if not items:
        items = [format_html('<li class="muted">{}</li>', gettext("Nothing has happened yet."))]
    return mark_safe(f'<ol class="timeline" reversed>\n{"".join(items)}</ol>')  # noqa: S308 - escaped parts


def _timeline_item(entry: EventEntry) -> str:
    parts = [f'  <li>\n    <span class="timeline-sentence">{entry.html}</span>\n']
    if entry.details:
        changes = "; ".join(
            f"{conditional_escape(label)}: {new_text}"
            if old is None
            else f"{conditional_escape(label)}: <del>{conditional_escape(old)}</del> → {new_text}"
            for label, old, new in entry.details
            for new_text in (conditional_escape(new),)
        )
        parts.append(f'    <small class="timeline-details">{changes}</small>\n')
    if entry.note:
        parts.append(f'    <q class="timeline-note">{conditional_escape(entry.note)}</q>\n')
    moment = timezone.localtime(entry.occurred_at)  # as the date filter shows it (USE_TZ)
    parts.append(
        format_html(
            '    <div class="meta"><time datetime="{}">{}</time> · {} · {}</div>\n  </li>\n',
            date_format(moment, "c"),
            date_format(moment, "DATETIME_FORMAT"),
            entry.label,
            entry.event.actor_label or gettext("system"),
        )
    )
    return "".join(parts)


def _display_name(user: Any) -> str:
    return str(getattr(user, "display_name", None) or user)


def _linked(label: str, url: str | None) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, label) if url else conditional_escape(label)


def _choices(choices: Any) -> dict[Any, Any]:
    if not choices:
        return {}
    try:
        return dict(choices)
    except (TypeError, ValueError):
        return {}


def _day(value: str) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value[:10]), "DATE_FORMAT")
    except ValueError:
        return value


def _moment(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")


def _decimal(value: str) -> str:
    try:
        return number_format(Decimal(value), decimal_pos=2, force_grouping=True)
    except (InvalidOperation, ValueError):
        return value
