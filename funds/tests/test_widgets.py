"""The MDF cards: staff see what awaits a decision, a partner's users their funds and activities; every number
links to the list of exactly its rows."""

import pytest

from dashboard.widgets import PARTNER_HOME, STAFF_HOME, widgets_for
from funds.services import request_create
from funds.testing import approved_request, claim_for, request_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(funded, marketing, admin_a, admin_b):
    request = approved_request(admin_a, marketing)
    claim_for(admin_a, request)
    request_create(actor=admin_b, data=request_values())
    return request


def _figures(world, user):
    actor = world.actor(user)
    page = STAFF_HOME if actor.is_staff else PARTNER_HOME
    for widget in widgets_for(actor=actor, page=page):
        if widget.name.startswith("funds."):
            for figure in widget.figures():
                yield widget.name, figure


@pytest.mark.parametrize("persona", ["chief", "marketing", "ops", "admin_a", "rep_a", "admin_b"])
def test_every_number_links_to_a_list_of_exactly_its_rows(world, login, activity, persona):
    user = getattr(world, persona)
    client = login(user)
    figures = list(_figures(world, user))
    assert figures or persona == "cam"
    for name, figure in figures:
        page = client.get(figure.url)
        assert page.status_code == 200, (name, figure.url)
        assert page.context["total"] == figure.value, (name, figure.label, figure.url)
    values = {str(f.label): f.value for _n, f in figures}
    if persona == "marketing":
        assert values["claims awaiting approval"] == 1 and values["fund requests awaiting a decision"] == 1
    if persona == "admin_a":
        assert values["activities funded"] == 1 and any("available in" in label for label in values)
    if persona == "rep_a":
        assert list(values) == ["activities funded"]


def test_the_cam_gets_no_card_and_a_partner_without_funds_none(world, funded):
    assert not list(_figures(world, world.cam))
    assert not [
        w
        for w in widgets_for(actor=world.actor(world.reseller_admin), page=PARTNER_HOME)
        if w.name.startswith("funds.")
    ]
