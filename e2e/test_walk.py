"""The browser walk (e2e/walk.py) over the seeded demo: every page fits a phone and a desktop, in English and
Russian, with no serious or critical axe-core violation, and every route is walked or excluded with a reason.

CI's PostgreSQL run (KANAL_REQUIRE_POSTGRES=1, or KANAL_WALK=full) walks the full matrix: every page as every
persona who reaches it. Otherwise each page is walked once, as the first persona of `REDUCED_ORDER` who
reaches it, still at both widths and in both languages. KANAL_WALK_WORKERS sets the parallel browsers (3).
"""

import os
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse

from core.isolation import RouteUrls
from demo.seeding import PASSWORD, seed_demo
from e2e.walk import (
    VIEWPORTS,
    Discovery,
    Page,
    Persona,
    View,
    check_page,
    discover,
    one_request_at_a_time,
    settings_for,
    walk,
    without_delay,
)
from e2e.walk_pages import EXCLUDED, FACTORIES, PERSONAS, REAUTHENTICATE, REDUCED_ORDER, Cast, prepare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FULL = os.environ.get("KANAL_REQUIRE_POSTGRES") == "1" or os.environ.get("KANAL_WALK") == "full"
WORKERS = int(os.environ.get("KANAL_WALK_WORKERS", "3"))


@pytest.fixture
def demo_site(live_server):
    seed_demo()
    prepare()
    server = live_server.thread.httpd
    app, get_request = server.get_app(), server.get_request
    without_delay(server)
    if connection.vendor == "sqlite":
        one_request_at_a_time(server)
    yield live_server
    server.set_app(app)  # the live server lives for the session: leave it as it was
    server.get_request = get_request


def _client_for(persona: Persona) -> Client:
    """Signed in through allauth, as in the browser (a forced login would leave pages that ask for a recent
    sign-in, like setting up two-factor authentication, redirecting)."""
    client = Client()
    if persona.email:
        response = client.post(reverse("account_login"), {"login": persona.email, "password": PASSWORD})
        assert response.status_code == 302, f"{persona.email} could not sign in"
    return client


def _discover(personas=PERSONAS, urlconf=None, excluded=EXCLUDED, only=None) -> Discovery:
    return discover(
        personas=personas,
        client_for=_client_for,
        urls=RouteUrls(Cast(), FACTORIES, urlconf=urlconf),
        excluded=excluded,
        urlconf=urlconf,
        only=only,
        reauthenticate=REAUTHENTICATE,
        password=PASSWORD,
    )


# axe-core is most of the walk's time. Each page gets it at every view as the persona the reduced matrix
# picks; the full matrix's other personas get it on the desktop in English and on the phone in Russian, and
# the overflow and language checks at every view.
AXE_VIEWS = {("desktop", "en"), ("phone", "ru")}


def _axe_when(reduced: dict[str, list[Page]]):
    everywhere = {(key, page.route) for key, pages in reduced.items() for page in pages}

    def when(view: View) -> bool:
        key = (view.setting.persona.key, view.page.route)
        return key in everywhere or (view.viewport, view.setting.language) in AXE_VIEWS

    return when


def test_every_page_fits_every_screen_and_passes_axe_in_both_languages(chromium_browser, demo_site):
    started = time.monotonic()
    found = _discover()
    discovered = time.monotonic()
    reduced = found.first_reach(REDUCED_ORDER)
    pages = found.pages if FULL else reduced
    report = walk(
        settings=settings_for(PERSONAS),
        pages=pages,
        base_url=demo_site.url,
        password=PASSWORD,
        workers=WORKERS,
        axe_when=_axe_when(reduced),
    )
    print(
        f"\nwalk ({'full' if FULL else 'reduced'}): {sum(len(p) for p in pages.values())} pages x personas, "
        f"{report.contexts} contexts, {report.visits} pages loaded, {report.views} checked at a viewport "
        f"({report.axe_runs} with axe-core); "
        f"discovery {discovered - started:.0f} s, walk {time.monotonic() - discovered:.0f} s; "
        f"{len(found.post_only)} POST-only routes, {len(found.excluded)} excluded"
    )
    assert sum(len(p) for p in found.pages.values()) > 100
    failures = found.failures + report.failures
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


# ---- the walk can fail (HTML attributes make the bad page: the policy refuses inline styles) ----------

BAD_PAGE = """<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>
<h1>A deliberately bad page</h1>
<svg class="too-wide" width="600" height="10"></svg>
<img src="/static/nothing.png">
<button><svg width="10" height="10"></svg></button>
<p><font color="#cccccc">grey on white</font></p>
<input type="text">
</main></body></html>"""


def bad_page(request):
    return HttpResponse(BAD_PAGE)


def lonely_page(request):
    return HttpResponse('<!doctype html><html lang="en"><title>x</title><main><h1>Nobody</h1></main></html>')


canary_urlpatterns = [
    path("", include("config.urls")),
    path("walk-canary/bad/", bad_page, name="walk_canary_bad"),
    path("walk-canary/lonely/", lonely_page, name="walk_canary_page"),
    path(
        "walk-canary/redirect/",
        lambda request: HttpResponse(status=302, headers={"Location": "/"}),
        name="walk_canary_redirect",
    ),
]
CANARIES = {"walk_canary_bad", "walk_canary_page", "walk_canary_redirect", "account_login", "set_language"}


@pytest.fixture
def canary_urlconf(monkeypatch):
    import sys
    import types

    module = types.ModuleType(__name__ + "_canary")
    module.urlpatterns = canary_urlpatterns  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with override_settings(ROOT_URLCONF=module.__name__):
        yield module.__name__


def test_the_checks_report_a_bad_page_under_the_real_policy(chromium_browser, live_server, canary_urlconf):
    page = chromium_browser.new_page(base_url=live_server.url, viewport=VIEWPORTS["phone"])
    page.goto("/walk-canary/bad/")
    problems = check_page(page, language="ru")
    page.context.close()
    text = "\n".join(problems)
    assert '<html lang="en">, expected ru' in text
    assert "608px wide, wider than the viewport (svg.too-wide in main to 608px)" in text
    for rule in ("image-alt", "button-name", "color-contrast", "label"):
        assert f"axe {rule} " in text, rule


def test_a_route_the_walk_does_not_reach_is_reported(canary_urlconf):
    found = _discover(
        personas=[Persona("anonymous", None)],
        urlconf=canary_urlconf,
        excluded={**EXCLUDED, "walk_canary_bad": "tested above"},
        only=CANARIES,
    )
    assert len(found.failures) == 1, found.failures
    assert found.failures[0].startswith(
        "walk_canary_redirect: not walked (no persona gets a page: anonymous 302 to /)"
    )
    assert found.excluded == ["set_language", "walk_canary_bad"]
    assert found.pages["anonymous"] == [
        Page("account_login", "/accounts/login/"),
        Page("walk_canary_page", "/walk-canary/lonely/"),
    ]
