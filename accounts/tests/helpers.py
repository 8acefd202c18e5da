"""Small helpers shared by the accounts tests."""

import re

from django.core import mail

from core.models import Event


def invitation_token_from(message: mail.EmailMessage) -> str:
    match = re.search(r"/invitations/([\w-]+)/", str(message.body))
    assert match, message.body
    return match.group(1)


def event_count(verb: str | None = None) -> int:
    qs = Event.objects.all()
    return qs.filter(verb=verb).count() if verb else qs.count()
