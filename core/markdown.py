"""Text that staff write (lessons, descriptions, announcements) as Markdown, shown as sanitised HTML.

markdown-it-py (CommonMark, with tables and strikethrough) turns the text into HTML with raw HTML switched
off, and nh3 (the Ammonia sanitiser) keeps only the tags and attributes below: what the text cannot say in
Markdown, a script, a style, an event handler, a `javascript:` link, never reaches a page, whoever wrote it.
Links open with `rel="noopener noreferrer nofollow"`.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}, "th": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def markdown_html(text: str) -> SafeString:
    """`text` (Markdown) as HTML safe to put in a page."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308
    html = _parser().render(text)
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
