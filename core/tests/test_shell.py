"""The app shell: icons from the vendored sprite, breadcrumbs, texts as paragraphs, the error pages inside the
shell (and a 500 page that renders when the shell cannot), the theme left to the system."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from core.templatetags.kanal import paragraphs, sprite_icons

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load kanal %}" + source).render(Context(context))


def test_an_icon_is_a_symbol_of_the_sprite_and_decorative_unless_labelled():
    html = render('{% icon "bell" %}')
    assert 'aria-hidden="true"' in html and re.search(r'<use href="/static/vendor/icons\.svg#bell">', html)
    labelled = render('{% icon "bell" "Notifications" %}')
    assert 'role="img" aria-label="Notifications"' in labelled and "aria-hidden" not in labelled
    with pytest.raises(TemplateSyntaxError, match="No icon 'no-such-icon'"):
        render('{% icon "no-such-icon" %}')


def test_every_icon_a_template_names_is_in_the_sprite_and_the_licence_ships_with_it():
    named = set()
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        if ".venv" not in path.parts:
            named |= set(re.findall(r'{%\s*icon\s+"([^"]+)"', path.read_text()))
    assert named and named <= sprite_icons(), named - sprite_icons()
    vendor = Path(settings.BASE_DIR) / "static" / "vendor"
    assert "MIT License" in (vendor / "TABLER-ICONS-LICENSE").read_text()


def test_breadcrumbs_link_the_pages_above_in_order():
    html = render('{% breadcrumbs "partners:directory" "Partners" "/deals/" "Deals" %}')
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', html) == [
        ("/partners/", "Partners"),
        ("/deals/", "Deals"),
    ]
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs "partners:directory" %}')


def test_paragraphs_join_hard_wrapped_lines_and_split_on_blank_lines():
    text = (
        "1. Appointment. Kanal Bikes appoints the partner\nas a non-exclusive partner.\n\n"
        "2. Prices <b>and</b>\nmargins.\r\n\r\n\n"
    )
    assert paragraphs(text) == (
        "<p>1. Appointment. Kanal Bikes appoints the partner as a non-exclusive partner.</p>\n"
        "<p>2. Prices &lt;b&gt;and&lt;/b&gt; margins.</p>"
    )
    # a line that starts a list item stays on its own line
    assert paragraphs("We offer:\n- margins\n- training\nfor all tiers") == (
        "<p>We offer:<br>- margins<br>- training for all tiers</p>"
    )
    assert paragraphs("") == "" and paragraphs(None) == ""


def test_the_theme_follows_the_system(client):
    page = client.get("/accounts/login/").content.decode()
    assert "data-theme" not in page and '<meta name="color-scheme" content="light dark">' in page
    assert 'rel="icon" href="/static/kanal/favicon.svg"' in page


def test_404_and_403_pages_are_inside_the_shell(world, login):
    cam = login(world.cam)
    missing = cam.get("/no/such/page/")
    assert missing.status_code == 404
    body = missing.content.decode()
    assert "Page not found" in body and 'id="sidebar"' in body and 'href="/partners/"' in body
    refused = login(world.rep_a).get("/deals/pipeline/")
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "You may not open this page" in body and 'id="sidebar"' in body and 'href="/deals/"' in body
    anonymous = cam.__class__().get("/no/such/page/")
    assert anonymous.status_code == 404 and "Page not found" in anonymous.content.decode()


def test_the_500_page_is_inside_the_shell_and_plain_when_the_shell_fails(world, monkeypatch):
    from core.views import server_error

    request = RequestFactory().get("/somewhere/")
    request.user = world.cam
    request.actor = world.actor(world.cam)
    response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in body and 'id="sidebar"' in body

    import notifications.templatetags.notification_tags as bell

    def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(bell, "unread_count", broken)
    response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in body and 'id="sidebar"' not in body


def test_the_500_handler_is_installed():
    from config import urls

    assert urls.handler500 == "core.views.server_error"
