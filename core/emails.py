"""Outgoing email: rendered in the recipient's language, sent by a background task after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.tasks import send_email


def queue_email(*, to: str, subject: str, template: str, context: dict, language: str | None = None) -> None:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(subject)
    transaction.on_commit(lambda: send_email.enqueue(to=[to], subject=subject, body=body))
