"""Which links a notification may point to: relative paths on this site only (never an open redirect)."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_link(link: str) -> bool:
    return (
        bool(link)
        and link.startswith("/")
        and not link.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )
