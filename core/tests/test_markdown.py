"""Markdown that staff write is shown as sanitised HTML: formatting kept, anything that could run dropped."""

import re

from django.template import Context, Template

from core.markdown import markdown_html


def test_formatting_is_kept():
    html = markdown_html(
        "# Pricing\n\n**Bold**, *em*, ~~old~~ and `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    for tag in (
        "<h1>Pricing</h1>",
        "<strong>Bold</strong>",
        "<em>em</em>",
        "<s>old</s>",
        "<code>code</code>",
    ):
        assert tag in html
    assert "<li>one</li>" in html and "<td>1</td>" in html


def test_nothing_that_runs_reaches_the_page():
    html = markdown_html(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n"
        "[data](data:text/html,<script>alert(1)</script>)\n\n"
        '<a href="https://x.example" onclick="alert(1)">x</a>\n\n![pic](javascript:alert(1))'
    )
    tags = re.findall(r"<[a-z][^>]*>", html)
    assert {re.match(r"<(\w+)", tag).group(1) for tag in tags} <= {"p"}, tags  # no tag but paragraphs
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "&lt;script&gt;" in html  # raw HTML is shown as text, not dropped silently


def test_links_are_marked_and_the_filter_renders_it():
    html = Template("{% load kanal %}{{ text|markdown }}").render(
        Context({"text": "See [the guide](https://kanal.example/guide)."})
    )
    assert '<a href="https://kanal.example/guide" rel="noopener noreferrer nofollow">the guide</a>' in html
    assert Template("{% load kanal %}{{ text|markdown }}").render(Context({"text": None})) == ""
