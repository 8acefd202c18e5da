"""`make screenshots`: a full-page screenshot of every page, as every demo persona who reaches it, in English
and Russian, with an index, so a reviewer sees the whole product in a minute.

    python -m e2e.screenshots [--out var/screenshots] [--phone] [--workers 3] [--only ROUTE_PREFIX]

Seeds the demo into a temporary SQLite database, serves it in this process, finds the pages the way the
browser walk does (e2e/walk.py: every route, the walk's factories and exclusions) and photographs each at
1366 px wide (with --phone, at 390 px too) into `<out>/<language>/<persona>/<route>.png`, then writes
`<out>/index.html`: thumbnails by language and persona, each linking to the full image, captioned with
its URL. Nothing is checked here; `pytest e2e/test_walk.py` checks.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    parser.add_argument("--phone", action="store_true", help="also at 390 px wide")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--only", default="", help="only routes whose name starts with this")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kanal-screenshots-") as var:
        _configure(Path(var))
        base_url, stop = _serve()
        try:
            shots = _shoot(base_url, args)
        finally:
            stop()
    _write_index(args.out, shots)
    print(f"{len(shots)} screenshots in {time.monotonic() - started:.0f} s: {args.out / 'index.html'}")
    return 0


def _configure(var: Path) -> None:
    """Django on a fresh SQLite database in `var`, seeded with the demo; mail and tasks stay in-process."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "KANAL_VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{var / 'kanal.sqlite3'}",
            "KANAL_TASKS": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "KANAL_REQUIRE_STAFF_MFA": "0",
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",  # Playwright's sync API runs an event loop in its threads
        }
    )
    os.environ.pop("KANAL_MODE", None)
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)  # the refused GETs of discovery, the seeding's e-mail tasks
    from django.core.management import call_command
    from django.test.utils import override_settings

    from core.testing import TEST_SETTINGS

    # A throwaway database: the tests' fast password hasher spares every sign-in ~0.7 s.
    override_settings(PASSWORD_HASHERS=TEST_SETTINGS["PASSWORD_HASHERS"]).enable()

    from demo.seeding import seed_demo
    from e2e.walk_pages import prepare

    step = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    seed_demo()
    prepare()
    print(f"demo seeded in {time.monotonic() - step:.0f} s")


def _serve():
    """The development server's WSGI stack in a thread (static files included), as the tests' live server."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    from e2e.walk import one_request_at_a_time, without_delay

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    without_delay(thread.httpd)
    one_request_at_a_time(thread.httpd)  # one SQLite file: writes (sign-ins) must not meet

    def stop() -> None:
        thread.httpd.shutdown()
        thread.httpd.server_close()
        thread.join()

    return f"http://127.0.0.1:{thread.port}", stop


def _shoot(base_url: str, args) -> list[dict]:
    from django.test import Client
    from django.urls import reverse

    from core.isolation import RouteUrls
    from demo.seeding import PASSWORD
    from e2e.walk import LANGUAGES, discover, settings_for, walk
    from e2e.walk_pages import EXCLUDED, FACTORIES, PERSONAS, REAUTHENTICATE, Cast

    def client_for(persona):
        client = Client()
        if persona.email:
            client.post(reverse("account_login"), {"login": persona.email, "password": PASSWORD})
        return client

    found = discover(
        personas=PERSONAS,
        client_for=client_for,
        urls=RouteUrls(Cast(), FACTORIES),
        excluded=EXCLUDED,
        reauthenticate=REAUTHENTICATE,
        password=PASSWORD,
    )
    pages = {
        key: [page for page in persona_pages if page.route.startswith(args.only)]
        for key, persona_pages in found.pages.items()
    }
    for problem in found.failures:
        print(f"not photographed: {problem}")
    if args.out.exists():
        shutil.rmtree(args.out)
    shots: list[dict] = []
    lock = threading.Lock()

    def shoot(view, browser_page) -> None:
        setting, page = view.setting, view.page
        suffix = "" if view.viewport == "desktop" else f".{view.viewport}"
        relative = Path(setting.language, setting.persona.key, f"{page.route.replace(':', '-')}{suffix}.png")
        path = args.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # transitions finish first: on a phone the closed sidebar would be caught sliding away
        browser_page.screenshot(path=str(path), full_page=True, animations="disabled")
        # The index shows the top of each page as a small JPEG and opens the full PNG.
        browser_page.screenshot(
            path=str(path.with_suffix(".thumb.jpg")), type="jpeg", quality=40, animations="disabled"
        )
        with lock:
            shots.append(
                {
                    "language": setting.language,
                    "persona": setting.persona.key,
                    "viewport": view.viewport,
                    "route": page.route,
                    "url": page.url,
                    "file": relative.as_posix(),
                    "thumb": relative.with_suffix(".thumb.jpg").as_posix(),
                }
            )

    viewports = ["desktop", "phone"] if args.phone else ["desktop"]
    report = walk(
        settings=settings_for(PERSONAS, LANGUAGES),
        pages=pages,
        base_url=base_url,
        password=PASSWORD,
        viewports=viewports,
        workers=args.workers,
        on_view=shoot,
        check=False,
    )
    for problem in report.failures:
        print(f"not photographed: {problem}")
    return shots


def _write_index(out: Path, shots: list[dict]) -> None:
    from e2e.walk_pages import PERSONAS

    order = {p.key: n for n, p in enumerate(PERSONAS)}
    shots.sort(key=lambda s: (s["language"], order[s["persona"]], s["route"], s["viewport"]))
    sections, toc = [], []
    groups: dict[tuple[str, str], list[dict]] = {}
    for shot in shots:
        groups.setdefault((shot["language"], shot["persona"]), []).append(shot)
    for (language, persona), group in groups.items():
        anchor = f"{language}-{persona}"
        toc.append(f'<a href="#{anchor}">{language} · {html.escape(persona)} ({len(group)})</a>')
        figures = "\n".join(
            f'<figure><a href="{html.escape(s["file"])}"><img src="{html.escape(s["thumb"])}" loading="lazy" '
            f'alt="{html.escape(s["route"])}"></a><figcaption>{html.escape(s["url"])}'
            f"{' · ' + s['viewport'] if s['viewport'] != 'desktop' else ''}<br>"
            f"<small>{html.escape(s['route'])}</small></figcaption></figure>"
            for s in group
        )
        sections.append(
            f'<section id="{anchor}"><h2>{language} · {html.escape(persona)}</h2>'
            f'<div class="grid">{figures}</div></section>'
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kanal: every page</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1f2937; }}
nav {{ display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin-bottom: 1rem; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 1rem; }}
figure {{ margin: 0; }} figcaption {{ word-break: break-all; }} small {{ color: #6b7280; }}
img {{ width: 100%; height: 160px; object-fit: cover; object-position: top; border: 1px solid #d1d5db; }}
</style></head>
<body><h1>Kanal: every page, {len(shots)} screenshots</h1>
<p>Every page as every demo persona who reaches it (<code>make screenshots</code>, e2e/screenshots.py);
each thumbnail opens the full page.</p>
<nav>{" ".join(toc)}</nav>
{"".join(sections)}
</body></html>
"""
    )


if __name__ == "__main__":
    sys.exit(main())
