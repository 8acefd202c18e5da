"""The browser walk: every page, as every persona who can open it, on a phone and a desktop, in English and
Russian, checked for horizontal overflow and for serious or critical accessibility violations (axe-core).

1. Discovery: as each persona, GET every route's URL (`core.isolation.iter_routes`, the URL arguments made
   by `RouteUrls` from the factories of `e2e/walk_pages.py`) through Django's test client, without following
   redirects. A route is a page for a persona when it answers 200 with HTML.
2. Coverage: every route is a page for some persona, or refuses a GET with 405 to someone allowed to act
   (a POST-only action), or is listed in `EXCLUDED` with the reason. Anything else fails the walk, so a new
   page is walked the moment it is added (like the isolation walk).
3. The walk: one browser context per persona x language, signed in once through the login form, then
   switched to the language with the language switch (the cookie Django's LocaleMiddleware reads, and the
   person's saved `User.language`). Every page is loaded once in Chromium and must answer 200; then, at
   each viewport in turn (the window resized: the server sends phones and desktops the same page), it must
   be in that language (`<html lang>`), no wider than the viewport (`scrollWidth`), and show no axe-core
   violation of impact serious or critical.

Failures are collected, never raised one by one: the report names page, persona, viewport, language and
what is wrong. `make screenshots` (e2e/screenshots.py) opens the same pages to photograph them.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, reverse

from core.browser import ARGS, CHROMIUM
from core.isolation import MissingFactory, Route, RouteUrls, iter_routes, rule_for

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
LANGUAGES = ("en", "ru")
BROWSER_LOCALES = {"en": "en-US", "ru": "ru-RU"}
SERIOUS = ("serious", "critical")
POST_ONLY = 405


@dataclass(frozen=True)
class Persona:
    key: str
    email: str | None  # None: not signed in


@dataclass(frozen=True)
class Page:
    route: str
    url: str
    reauthenticate: bool = False  # allauth asks for the password again before it shows the page


@dataclass
class Discovery:
    """What each route answered each persona's GET: the pages per persona, and coverage failures."""

    statuses: dict[str, dict[str, int | str]] = field(default_factory=dict)  # route -> persona -> answer
    pages: dict[str, list[Page]] = field(default_factory=dict)  # persona -> its pages, in route order
    failures: list[str] = field(default_factory=list)
    post_only: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def covered(self, route: str) -> bool:
        return any(page.route == route for pages in self.pages.values() for page in pages)

    def first_reach(self, order: Sequence[str]) -> dict[str, list[Page]]:
        """Each page once, as the first persona in `order` who reaches it: the reduced matrix."""
        taken: set[str] = set()
        chosen: dict[str, list[Page]] = {}
        for key in order:
            mine = [page for page in self.pages.get(key, []) if page.route not in taken]
            taken.update(page.route for page in mine)
            if mine:
                chosen[key] = mine
        return chosen


@dataclass
class WalkReport:
    failures: list[str] = field(default_factory=list)
    visits: int = 0  # pages loaded
    views: int = 0  # pages checked at a viewport
    axe_runs: int = 0
    contexts: int = 0

    def fail(self, message: str) -> None:
        self.failures.append(message)


def discover(
    *,
    personas: Sequence[Persona],
    client_for: Callable[[Persona], Any],
    urls: RouteUrls,
    excluded: dict[str, str],
    urlconf=None,
    only: Collection[str] | None = None,
    reauthenticate: Collection[str] = (),
    password: str = "",
) -> Discovery:
    """GET every route as every persona (`client_for(persona)`: a Django test client signed in as them) and
    check that every route is covered, POST-only or excluded. In-process: a tenth of the time over HTTP.
    Before a route of `reauthenticate`, a signed-in persona confirms their password (allauth's step)."""
    found = Discovery()
    targets: list[tuple[Route, str]] = []
    for route in iter_routes(urlconf):
        if only is not None and route.name not in only:
            continue
        if rule_for(excluded, route.name) is not None:
            found.excluded.append(route.name)
            continue
        try:
            targets.append((route, urls.url(route)))
        except MissingFactory as missing:
            found.failures.append(f"{route.name}: {missing}")
        except NoReverseMatch:
            found.failures.append(f"{route.name}: a factory found nothing for {list(route.kwarg_names)}")
    for persona in personas:
        client = client_for(persona)
        pages = found.pages.setdefault(persona.key, [])
        for route, url in targets:
            again = route.name in reauthenticate and persona.email is not None
            if again:
                client.post(reverse("account_reauthenticate"), {"password": password})
            response = client.get(url)
            answer: int | str = response.status_code
            content_type = response.headers.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith("text/html"):
                pages.append(Page(route.name, url, reauthenticate=again))
            elif response.status_code == 200:
                answer = f"200 {content_type}"
            elif 300 <= response.status_code < 400:
                answer = f"{response.status_code} to {response.headers.get('Location', '?')}"
            response.close()
            found.statuses.setdefault(route.name, {})[persona.key] = answer
    for route, _url in targets:
        answers = found.statuses.get(route.name, {})
        if found.covered(route.name):
            continue
        if POST_ONLY in answers.values():  # refused by method to whoever may act: a POST-only action
            found.post_only.append(route.name)
            continue
        seen = ", ".join(f"{key} {answer}" for key, answer in answers.items())
        found.failures.append(
            f"{route.name}: not walked (no persona gets a page: {seen}); make it reachable through "
            "the walk's factories or list it in EXCLUDED with the reason"
        )
    return found


# ---- checks in the page -----------------------------------------------------------------------------------

OVERFLOW = """() => {
  const viewport = window.innerWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= viewport) return null;
  // Clipped by a scrolling ancestor, unless positioned outside it: an absolutely positioned element escapes
  // every ancestor below its containing block (a visually hidden label in a scrolling table, say).
  const clipped = (el) => {
    const position = getComputedStyle(el).position;
    if (position === "fixed") return false;
    let below = position === "absolute" ? el.offsetParent : null;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (below && p !== below) continue;
      below = null;
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].slice(0, 2).map((c) => "." + c).join("")
    + (el.parentElement === document.body ? "" : " in " + el.parentElement.tagName.toLowerCase()
       + [...el.parentElement.classList].slice(0, 1).map((c) => "." + c).join(""));
  const culprits = [];
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > viewport + 1 && !clipped(el);
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (!sticksOut(el)) continue;
    const box = el.getBoundingClientRect();
    if (el.parentElement !== document.body && sticksOut(el.parentElement)) continue;  // its parent is named
    culprits.push(name(el) + " to " + Math.round(box.right) + "px");
    if (culprits.length === 4) break;
  }
  return {width, culprits};
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")), count: v.nodes.length,
  }));
}"""


@cache
def axe_source() -> str:
    return AXE.read_text()


def check_page(page, *, language: str | None, axe: bool = True) -> list[str]:
    """What is wrong with the open page: its language, its width, and axe-core's serious findings."""
    problems = []
    if language is not None:
        lang = page.evaluate("document.documentElement.lang")
        if not (lang or "").startswith(language):
            problems.append(f'<html lang="{lang}">, expected {language}')
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        culprits = "; ".join(overflow["culprits"]) or "no single element found"
        problems.append(f"{overflow['width']}px wide, wider than the viewport ({culprits})")
    if axe:
        problems.extend(axe_violations(page))
    return problems


def axe_violations(page) -> list[str]:
    """axe-core's violations of impact serious or critical. Evaluated, not added as a <script>: the page's
    Content-Security-Policy would refuse an inline script without its nonce."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    found = page.evaluate(RUN_AXE)
    return [
        f"axe {v['id']} ({v['impact']}, {v['count']}x): {v['help']} at {', '.join(v['targets'])}"
        for v in found
        if v["impact"] in SERIOUS
    ]


# ---- the walk ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One browser context: a persona signed in, speaking a language. Each page is loaded once in it and
    checked at every viewport (resized in place: the server sends the same page to a phone and a desktop)."""

    persona: Persona
    language: str


@dataclass(frozen=True)
class View:
    setting: Setting
    viewport: str
    page: Page

    def __str__(self) -> str:
        where = f"{self.page.route} ({self.page.url})"
        return f"{where} as {self.setting.persona.key}, {self.viewport}, {self.setting.language}"


def settings_for(personas: Iterable[Persona], languages: Iterable[str] = LANGUAGES) -> list[Setting]:
    return [Setting(p, lang) for p in personas for lang in languages]


def walk(
    *,
    settings: Sequence[Setting],
    pages: dict[str, list[Page]],
    base_url: str,
    password: str,
    viewports: Sequence[str] = tuple(VIEWPORTS),
    workers: int = 3,
    on_view: Callable[[View, Any], None] | None = None,
    check: bool = True,
    axe_when: Callable[[View], bool] | None = None,
) -> WalkReport:
    """Open every persona's pages in every setting and check each at every viewport (axe-core only where
    `axe_when` says, if given); `on_view` sees each view after its checks (screenshots). The settings are
    shared among `workers` threads, each driving its own Chromium: page loads, layout and axe-core run in the
    browsers' processes while the server renders the next page."""
    queue = [s for s in settings if pages.get(s.persona.key)]
    queue.sort(key=lambda s: len(pages[s.persona.key]))  # popped from the end: the longest first
    lock = threading.Lock()
    reports: list[WalkReport] = []

    def work() -> None:
        from playwright.sync_api import sync_playwright

        report = WalkReport()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            while True:
                with lock:
                    if not queue:
                        break
                    setting = queue.pop()
                page = None
                try:
                    page = open_context(browser, setting, viewports[0], base_url, password)
                    report.contexts += 1
                    for target in pages[setting.persona.key]:
                        _visit(page, setting, target, viewports, password, report, on_view, check, axe_when)
                except Exception as error:  # one broken context must not hide the others' findings
                    report.fail(f"as {setting.persona.key}, {setting.language}: the walk stopped: {error!r}")
                finally:
                    if page is not None:
                        page.context.close()
            browser.close()
        with lock:
            reports.append(report)

    threads = [threading.Thread(target=work, name=f"walk-{n}") for n in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged = WalkReport()
    for report in reports:
        merged.failures.extend(report.failures)
        merged.visits += report.visits
        merged.views += report.views
        merged.axe_runs += report.axe_runs
        merged.contexts += report.contexts
    merged.failures.sort()
    return merged


SETTLE = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _visit(page, setting, target, viewports, password, report, on_view, check, axe_when) -> None:
    report.visits += 1
    if target.reauthenticate:
        page.goto(reverse("account_reauthenticate"))
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("input[name=password]").press("Enter")
    page.set_viewport_size(VIEWPORTS[viewports[0]])
    response = page.goto(target.url)
    status = response.status if response else None
    if status != 200:
        report.fail(f"{View(setting, viewports[0], target)}: answered {status} in the browser")
        return
    for viewport in viewports:
        view = View(setting, viewport, target)
        report.views += 1
        if page.viewport_size != VIEWPORTS[viewport]:
            page.set_viewport_size(VIEWPORTS[viewport])
            page.evaluate(SETTLE)  # resize observers (charts, scrolling tables) have run
        if check:
            run_axe = axe_when is None or axe_when(view)
            report.axe_runs += run_axe
            for problem in check_page(page, language=setting.language, axe=run_axe):
                report.fail(f"{view}: {problem}")
        if on_view is not None:
            on_view(view, page)


def open_context(browser, setting: Setting, viewport: str, base_url: str, password: str):
    """A fresh context in the setting: signed in through the login form, then switched to the setting's
    language with the language switch (as a person would; signing in applies their saved choice)."""
    context = browser.new_context(
        base_url=base_url,
        viewport=VIEWPORTS[viewport],
        locale=BROWSER_LOCALES[setting.language],
        color_scheme="light",
    )
    context.set_default_timeout(30000)
    page = context.new_page()
    if setting.persona.email:
        sign_in(page, setting.persona.email, password)
    else:
        page.goto("/accounts/login/")
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    switched = context.request.post(
        "/i18n/setlang/",
        form={"language": setting.language, "next": "/"},
        headers={"X-CSRFToken": csrf},
        max_redirects=0,
    )
    if switched.status != 302:
        raise AssertionError(f"the language switch answered {switched.status}")
    return page


def sign_in(page, email: str, password: str) -> None:
    """Through the login form, by field name (its labels are in the page's language)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"{email} could not sign in")


def one_request_at_a_time(server) -> None:
    """For SQLite's in-memory test database, which the live server's threads share as one connection: the
    parallel browsers' requests must not meet inside it ("database table is locked")."""
    app = server.get_app()
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            return app(environ, start_response)

    server.set_app(serialized)


def without_delay(server) -> None:
    """Answer on sockets with TCP_NODELAY: Django's development server writes headers and body separately,
    and Nagle's algorithm then holds the body for the client's delayed ACK, ~40 ms per request."""
    accept = server.get_request

    def get_request():
        connection, address = accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    server.get_request = get_request
