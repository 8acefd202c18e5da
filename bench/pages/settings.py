"""The page benchmark's settings: the product's own (`config.settings`, with KANAL_MODE=production set by the
harness) plus one route, the minimal page, that exists only here (`bench/pages/urls.py`)."""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.pages.urls"
# A copy: the product's TEMPLATES stay as they are in a process that imports this module (the tests do).
_DIRS: list = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "pages" / "templates"]  # type: ignore[misc]
TEMPLATES = [{**TEMPLATES[0], "DIRS": _DIRS}]
