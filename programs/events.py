from django.utils.translation import gettext_lazy as _  # noqa: F401

from core.events import register_event_labels

register_event_labels({})
