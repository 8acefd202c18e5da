"""The collateral services (and the logo's) lock through `visible_to`: with every permission failing open, a
partner user handed a draft template or another partner still gets 404 and nothing changes (as
core/tests/test_defence_in_depth.py does for the other apps)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from collateral.services import template_archive, template_create, template_publish, template_update
from collateral.testing import FLYER_EN, PNG
from core.actor import Actor
from core.models import Event
from core.testing import snapshot
from partners.services import partner_logo_remove, partner_logo_set


@pytest.fixture
def draft(world):
    return template_create(
        actor=world.actor(world.marketing), data={"title_en": "Draft", "source_en": FLYER_EN}
    )


def _calls(world, draft):
    return {
        "template_update": lambda actor: template_update(
            actor=actor, template=draft, data={"title_en": "Mine"}
        ),
        "template_publish": lambda actor: template_publish(actor=actor, template=draft),
        "template_archive": lambda actor: template_archive(actor=actor, template=draft),
        "partner_logo_set": lambda actor: partner_logo_set(
            actor=actor, partner=world.partner_b, data={"logo": SimpleUploadedFile("l.png", PNG)}
        ),
        "partner_logo_remove": lambda actor: partner_logo_remove(actor=actor, partner=world.partner_b),
    }


NAMES = ["template_update", "template_publish", "template_archive", "partner_logo_set", "partner_logo_remove"]


@pytest.mark.parametrize("name", NAMES)
def test_out_of_scope_rows_are_refused_even_when_permissions_fail_open(world, draft, monkeypatch, name):
    call = _calls(world, draft)[name]
    before = (snapshot(draft), snapshot(world.partner_b), draft.versions.count())
    events = Event.objects.count()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    with pytest.raises(Http404):
        call(world.actor(world.admin_a))
    assert (snapshot(draft), snapshot(world.partner_b), draft.versions.count()) == before
    assert Event.objects.count() == events


@pytest.mark.parametrize("name", NAMES)
def test_the_same_calls_go_through_for_staff(world, draft, monkeypatch, name):
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    _calls(world, draft)[name](world.actor(world.ops))
