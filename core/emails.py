"""Outgoing email: rendered in the recipient's language, sent by a background task after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.tasks import send_email


def queue_email(
    *,
    to: str,
    subject,
    template: str,
    context: dict,
    language: str | None = None,
    to_user=None,
    subject_params: dict | None = None,
) -> None:
    """`subject` should be lazy (gettext_lazy, or any object rendered by `str`) so that it, too, is rendered
    in the recipient's language: an explicit `language` (someone without an account: an applicant, an
    invitee), else the recipient user's stored language (`User.language`, their choice), else the site's
    default for a user who has none yet — never the language of whoever's request sends the email."""
    if not language:
        if to_user is not None:
            language = getattr(to_user, "language", "") or settings.LANGUAGE_CODE
        else:
            language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        subject = str(subject) % subject_params if subject_params else str(subject)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    transaction.on_commit(lambda: send_email.enqueue(to=[to], subject=subject, body=body))
