from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.services import announcement_create, announcement_publish


@pytest.fixture
def write(world):
    """write(**fields) -> a draft written by channel marketing; publish=True (or a moment) publishes it."""

    def _write(*, publish=False, **fields):
        data = {"title_en": "Spring pricing", "body_en": "New **prices** from April."} | fields
        announcement = announcement_create(actor=world.actor(world.marketing), data=data)
        if publish:
            moment = None if publish is True else publish
            announcement = announcement_publish(
                actor=world.actor(world.marketing), announcement=announcement, data={"publish_at": moment}
            )
        return announcement

    return _write


@pytest.fixture
def later():
    return timezone.now() + timedelta(days=2)
