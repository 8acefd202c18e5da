import uuid
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from core.scoping import ScopedManager

# django-countries' CountryField subclasses CharField, so django-stubs would type its value as str; it is a
# Country (with .code and .name). Models annotate their country columns with this alias.
CountryColumn: TypeAlias = "models.Field[str | Country, Country]"  # noqa: UP040 (app_graph.py parses on 3.11)


def choice_field(verbose_name, choices: type[models.TextChoices], **options) -> "models.CharField":  # noqa: UP037
    """A column holding one of `choices` (a status, a stage, a kind): 20 characters unless said otherwise."""
    return models.CharField(
        verbose_name, max_length=options.pop("max_length", 20), choices=choices.choices, **options
    )


def user_reference(verbose_name, *, related_name: str = "+", **options) -> "models.ForeignKey":  # noqa: UP037
    """Who did something (registered, decided, requested …): optional, and kept as null once the user is
    deleted, so the record outlives the person."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )


# value -> label of a field's choices, per field and language (`PublicIdModel._get_FIELD_display`).
_CHOICE_LABELS: dict[tuple[int, str | None], dict[Any, Any]] = {}


def choice_labels(field) -> dict[Any, Any]:
    """A field's choices as a dict, built once per field and language. Django's own `get_FOO_display` builds
    it on every call and hashes each (lazy) label on the way, translating every choice to show one: in a
    list of 50 rows with four choice columns that was a few thousand translations per page. The labels are
    translated here, once per language."""
    key = (id(field), get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {
            value: force_str(label, strings_only=True) for value, label in field.flatchoices
        }
    return labels


class PublicIdModel(models.Model):
    """Objects are addressed by a random public UUID, never by their sequential key."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name): same answers, one lookup
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list): shown as it is, like Django does
            label = value
        return force_str(label, strings_only=True)


def _event_partner_filter(actor) -> models.Q:
    """Partner users do not read the events an app guards from them (`core.events.register_event_guard`)."""
    from core.events import guarded_verbs

    hidden = guarded_verbs(actor)
    return ~models.Q(verb__in=hidden) if hidden else models.Q()


class Event(models.Model):
    """One state change: who did what to which object, when, with before/after values."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_event_partner_filter)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=254, blank=True)
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.BigIntegerField()
    target_label = models.CharField(max_length=300, blank=True)
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_label}"
