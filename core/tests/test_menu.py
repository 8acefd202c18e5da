"""The site menu (core.templatetags.kanal.MENU): each reader sees their own entries, by area, in order."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.templatetags.kanal import AREAS, MENU

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    return client.get(reverse("home"), follow=True).content.decode()


def _nav(page: str) -> str:
    return page.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]


def _menu(client) -> list[str]:
    return re.findall(r'<li><a href="([^"]+)"', _nav(_page(client)))


def _areas(client) -> list[str]:
    return re.findall(r'<h2 class="nav-heading" id="nav-([a-z]+)"', _nav(_page(client)))


def test_staff_menu_has_staff_entries_and_the_staff_page_only_for_ops(world, login):
    ops = _menu(login(world.ops))
    cam = _menu(login(world.cam))
    assert reverse("staff_users") in ops and reverse("staff_users") not in cam
    assert cam[:3] == [
        reverse("staff_dashboard"),
        reverse("partners:directory"),
        reverse("partners:territories"),
    ]
    assert cam[-1] == reverse("audit_log") and ops[-2:] == [reverse("audit_log"), reverse("staff_users")]
    assert reverse("partner_home") not in cam
    assert _areas(login(world.cam)) == [
        "partners",
        "recruitment",
        "deals",
        "leads",
        "program",
        "enablement",
        "money",
        "admin",
    ]


def test_partner_menu_shows_resellers_to_distributors_only(world, login):
    distributor = _menu(login(world.dist_admin))
    partner = _menu(login(world.admin_a))
    assert distributor[:4] == [
        reverse("partner_home"),
        reverse("partner_profile"),
        reverse("partner_team"),
        reverse("partner_resellers"),
    ]
    assert reverse("partner_resellers") not in partner
    assert partner[:2] == [reverse("partner_home"), reverse("partner_profile")]
    assert reverse("staff_dashboard") not in partner
    assert _areas(login(world.admin_a)) == ["partners", "deals", "leads", "program", "enablement", "money"]


def test_the_current_page_is_marked_once_by_its_longest_entry(world, login):
    page = login(world.cam).get(reverse("deals:pipeline")).content.decode()
    assert _nav(page).count('aria-current="page"') == 1
    assert f'href="{reverse("deals:pipeline")}" aria-current="page"' in page


def test_visitors_are_offered_to_become_a_partner():
    page = _page(Client())
    assert re.findall(r'<li><a href="([^"]+)"', _nav(page)) == [reverse("recruitment:become_partner")]
    assert f'href="{reverse("home")}" class="brand"' in page
    assert 'id="sidebar"' not in page  # a visitor's one entry sits in the top bar


def test_every_menu_entry_names_a_known_area_and_an_icon_of_the_sprite():
    from core.templatetags.kanal import sprite_icons

    areas = {key for key, _label in AREAS}
    assert all(area in areas and icon in sprite_icons() for _who, area, _name, _label, icon in MENU)
