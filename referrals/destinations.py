"""Where a link may send its visitors: Kanal's own pages (a path such as "/p/acme/spring/") or a page on a
host channel marketing approved (`ReferralSettings.allowed_hosts`; "vendor.com" covers its subdomains).
Anything else is refused when the link is saved and again when it is followed: no link is an open redirect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")


def normal_host(value: str) -> str:
    """ "https://www.Vendor.com/x" or "Vendor.com" → "vendor.com" ("" when it is no host name)."""
    text = (value or "").strip().lower()
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    return host if "." in host and all(part for part in host.split(".")) else ""


def is_allowed(destination: str, allowed_hosts: Iterable[str]) -> bool:
    text = (destination or "").strip()
    if not text or any(c in text for c in "\\\r\n\t") or any(ord(c) < 32 for c in text):
        return False
    if text.startswith("/"):
        # Kanal's own page: never "//host" (a protocol-relative URL elsewhere) nor a link again.
        return not text.startswith("//") and not text.startswith("/r/")
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return False
    host = parts.hostname.lower().removeprefix("www.")
    return any(host == allowed or host.endswith("." + allowed) for allowed in allowed_hosts if allowed)


def with_utm(destination: str, utm: Mapping[str, str]) -> str:
    """The destination with the link's UTM parameters (they replace the same parameters already there)."""
    given = {name: value for name, value in utm.items() if value}
    if not given:
        return destination
    parts = urlsplit(destination)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in given]
    query += list(given.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
