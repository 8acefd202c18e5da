"""The campaigns services lock through `visible_to`: with every permission failing open, a partner user
handed a draft kit (or a kit meant for another partner's region) still gets 404 and nothing changes (as
core/tests/test_defence_in_depth.py does for the other apps)."""

import pytest
from django.http import Http404

from campaigns.models import KitMessage, Launch
from campaigns.services import (
    kit_publish,
    kit_retire,
    kit_update,
    launch_create,
    message_add,
    message_delete,
    message_update,
)
from campaigns.testing import published_kit
from core.actor import Actor
from core.models import Event
from core.testing import snapshot


@pytest.fixture
def draft(world):
    from campaigns.services import kit_create

    kit = kit_create(actor=world.actor(world.marketing), data={"title_en": "Draft", "landing_en": "## Hi"})
    message_add(actor=world.actor(world.marketing), kit=kit, data={"kind": "social", "body_en": "Hello"})
    return kit


@pytest.fixture
def elsewhere(world):
    return published_kit(world.actor(world.marketing), title_en="Elsewhere", regions=["apac"])


def _calls(draft, elsewhere):
    message = draft.messages.get()
    return {
        "kit_update": lambda actor: kit_update(actor=actor, kit=draft, data={"title_en": "Mine"}),
        "kit_publish": lambda actor: kit_publish(actor=actor, kit=draft),
        "kit_retire": lambda actor: kit_retire(actor=actor, kit=elsewhere),
        "message_add": lambda actor: message_add(
            actor=actor, kit=draft, data={"kind": "social", "body_en": "x"}
        ),
        "message_update": lambda actor: message_update(
            actor=actor, message=message, data={"body_en": "Mine"}
        ),
        "message_delete": lambda actor: message_delete(actor=actor, message=message),
        "launch_create": lambda actor: launch_create(actor=actor, kit=elsewhere),
    }


NAMES = [
    "kit_update",
    "kit_publish",
    "kit_retire",
    "message_add",
    "message_update",
    "message_delete",
    "launch_create",
]


@pytest.mark.parametrize("name", NAMES)
def test_out_of_scope_rows_are_refused_even_when_permissions_fail_open(
    world, draft, elsewhere, monkeypatch, name
):
    call = _calls(draft, elsewhere)[name]
    before = (
        snapshot(draft),
        snapshot(elsewhere),
        list(KitMessage.objects.values_list("body_en", flat=True)),
    )
    events = Event.objects.count()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    with pytest.raises(Http404):
        call(world.actor(world.admin_a))
    after = (snapshot(draft), snapshot(elsewhere), list(KitMessage.objects.values_list("body_en", flat=True)))
    assert after == before and Event.objects.count() == events and not Launch.objects.exists()
