"""The site menu (core.templatetags.kanal.MENU): each reader sees their own entries, in order."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(client) -> list[str]:
    page = client.get(reverse("home"), follow=True).content.decode()
    nav = page.split('aria-label="Main"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="([^"]+)"', nav)


def test_staff_menu_has_staff_entries_and_the_staff_page_only_for_ops(world, login):
    ops = _menu(login(world.ops))
    cam = _menu(login(world.cam))
    assert reverse("staff_users") in ops and reverse("staff_users") not in cam
    assert cam[:3] == [reverse("home"), reverse("staff_dashboard"), reverse("partners:directory")]
    assert cam[-2:] == [reverse("audit_log"), reverse("partners:territories")]
    assert reverse("partner_home") not in cam


def test_partner_menu_shows_resellers_to_distributors_only(world, login):
    distributor = _menu(login(world.dist_admin))
    partner = _menu(login(world.admin_a))
    assert distributor[-1] == reverse("partner_resellers")
    assert reverse("partner_resellers") not in partner
    assert partner[1:3] == [reverse("partner_home"), reverse("partner_profile")]
    assert reverse("staff_dashboard") not in partner


def test_visitors_are_offered_to_become_a_partner():
    assert _menu(Client()) == [reverse("home"), reverse("recruitment:become_partner")]
