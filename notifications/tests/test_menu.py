"""The bell's dropdown: the latest of one's own notifications, loaded by HTMX, with mark-all-read."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_noop

from core.testing import snapshot
from notifications.models import Notification
from notifications.selectors import MENU_SIZE, unread_count
from notifications.services import notify

pytestmark = pytest.mark.django_db

MESSAGE = gettext_noop("Product family %(name)s created.")
HX = {"HX-Request": "true"}


def _notify(user, name="Bikes"):
    return notify(users=[user], verb="test.event", message=MESSAGE, params={"name": name}, link="/catalog/")


def test_the_bell_is_an_svg_dropdown_that_loads_the_menu(world, login):
    _notify(world.admin_a)
    page = login(world.admin_a).get("/my/").content.decode()
    bell = page[page.index('<details class="notification-menu"') :]
    bell = bell[: bell.index("</details>")]
    assert '<summary id="notification-bell"' in bell and "<svg" in bell and "🔔" not in page
    assert 'aria-label="Notifications: 1 unread"' in bell
    assert 'hx-get="/notifications/menu/"' in bell and 'hx-trigger="intersect"' in bell
    assert 'href="/notifications/"' in bell  # without JavaScript, a link to the list
    assert "<script" not in bell and "style=" not in bell


def test_the_menu_shows_only_my_latest_notifications(world, login):
    for i in range(MENU_SIZE + 2):
        _notify(world.admin_a, name=f"Mine {i:02d}")
    _notify(world.rep_a, name="Someone else's")
    _notify(world.chief, name="The chief's")
    client = login(world.admin_a)
    body = client.get("/notifications/menu/", headers=HX).content.decode()
    assert "<html" not in body
    shown = re.findall(r"Product family (Mine \d+) created", body)
    assert shown == [f"Mine {i:02d}" for i in range(MENU_SIZE + 1, 1, -1)]  # newest first, MENU_SIZE of them
    assert "Someone else" not in body and "chief" not in body
    assert "Mark all as read" in body and 'hx-post="/notifications/read-all/"' in body
    assert 'href="/settings/"' in body and 'href="/notifications/"' in body


def test_the_menu_costs_a_fixed_number_of_queries(world, login):
    client = login(world.admin_a)
    _notify(world.admin_a)
    client.get("/notifications/menu/", headers=HX)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/notifications/menu/", headers=HX).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(MENU_SIZE * 2):
        _notify(world.admin_a, name=f"N{i}")
    assert count() == few


def test_the_menu_when_empty_and_for_visitors(world, login, client):
    body = login(world.rep_b).get("/notifications/menu/", headers=HX).content.decode()
    assert "No notifications yet." in body and "Mark all as read" not in body
    assert client.get("/notifications/menu/").status_code == 302


def test_the_menu_in_russian(world, login):
    _notify(world.admin_a)
    body = (
        login(world.admin_a)
        .get("/notifications/menu/", headers=HX | {"accept-language": "ru"})
        .content.decode()
    )
    assert "Семейство продуктов Bikes создано." in body and "Отметить все как прочитанные" in body
    assert "только что" in body


def test_mark_all_read_from_the_menu_refreshes_it_and_the_bell(world, login):
    _notify(world.admin_a)
    _notify(world.admin_a)
    (other,) = _notify(world.rep_a)
    before = snapshot(other)
    response = login(world.admin_a).post(
        "/notifications/read-all/", headers=HX | {"HX-Target": "notification-panel"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<summary id="notification-bell"' in body and 'hx-swap-oob="true"' in body
    assert "Notifications: 0 unread" in body and "notification-count" not in body
    assert "Mark all as read" not in body and 'class="read"' in body
    assert unread_count(actor=world.actor(world.admin_a)) == 0
    assert snapshot(other) == before


def test_mark_all_read_from_the_list_page_still_redirects(world, login):
    _notify(world.admin_a)
    client = login(world.admin_a)
    assert client.post("/notifications/read-all/")["Location"] == "/notifications/"
    assert client.post("/notifications/read-all/", headers=HX)["HX-Location"] == "/notifications/"
    assert not Notification.objects.filter(user=world.admin_a, read_at__isnull=True).exists()


def test_opening_from_the_menu_marks_read_and_follows_the_link(world, login):
    (n,) = _notify(world.admin_a)
    client = login(world.admin_a)
    body = client.get("/notifications/menu/", headers=HX).content.decode()
    assert f'action="/notifications/{n.public_id}/open/"' in body
    assert client.post(f"/notifications/{n.public_id}/open/")["Location"] == "/catalog/"
    n.refresh_from_db()
    assert n.is_read
