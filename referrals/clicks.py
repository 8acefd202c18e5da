"""The facts of a click, read from the request without keeping anything that names a person: the kind of
client (a bot by its user agent), a country from the browser's language ("de-DE" → DE; no GeoIP database,
so often none), the referring site's host, and the IP address as a keyed hash."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from django.utils.crypto import salted_hmac
from django_countries import countries

from referrals.models import AgentClass

COOKIE = "kanal_ref"  # the attribution cookie: a visitor token, nothing else
_VISITOR = re.compile(r"^[A-Za-z0-9_-]{16,32}$")
# Crawlers, link previews, monitors and HTTP libraries: none of them is a person following a link.
_BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|preview|facebookexternalhit|embedly|whatsapp|telegram|skype|"
    r"headless|phantomjs|lighthouse|pingdom|uptime|monitor|curl/|wget/|python-|httpie|go-http|okhttp|java/|"
    r"libwww|apache-httpclient|axios|node-fetch|postman|^$",
    re.IGNORECASE,
)
_MOBILE = re.compile(r"mobile|android|iphone|ipad|ipod", re.IGNORECASE)
_LANGUAGE_REGION = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})\b", re.IGNORECASE)
_COUNTRY_CODES = frozenset(code for code, _name in countries)


def agent_class(user_agent: str) -> str:
    if _BOTS.search(user_agent or ""):
        return AgentClass.BOT
    if _MOBILE.search(user_agent):
        return AgentClass.MOBILE
    if "mozilla/" in user_agent.lower():
        return AgentClass.BROWSER
    return AgentClass.OTHER


def country_from_language(accept_language: str) -> str:
    """The region of the browser's first language ("de-AT,de;q=0.9" → AT), or "" when it names none."""
    match = _LANGUAGE_REGION.match((accept_language or "").strip())
    if not match:
        return ""
    code = match.group(1).upper()
    return code if code in _COUNTRY_CODES else ""


def ip_hash(ip: str) -> str:
    """The address keyed with the server's secret: equal for the same address, useless to anyone else."""
    return salted_hmac("kanal.referrals.click-ip", ip or "-").hexdigest()[:16]


def referrer_host(referrer: str) -> str:
    try:
        return (urlsplit(referrer or "").hostname or "")[:200]
    except ValueError:
        return ""


def visitor_token(cookie: str | None) -> tuple[str, bool]:
    """The visitor's token from the attribution cookie, or a new one: (token, is_new)."""
    if cookie and _VISITOR.match(cookie):
        return cookie, False
    return secrets.token_urlsafe(16), True
