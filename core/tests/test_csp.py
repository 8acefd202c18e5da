"""The Content-Security-Policy: on every response, nonce-based for scripts, the nonce fresh per request and
the one the page's script tags carry; and no template relies on what the policy refuses."""

import re
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

NONCE_IN_HEADER = re.compile(r"script-src 'self' 'nonce-([\w-]+)'")


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in (p.strip() for p in header.split(";"))}


def test_every_page_has_the_policy(world, login):
    for client, path in [
        (Client(), "/accounts/login/"),
        (login(world.cam), "/dashboard/"),
        (login(world.admin_a), "/my/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        directives = policy(response)
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_nonce_changes_per_request_and_matches_the_script_tags(world, login):
    client = login(world.admin_a)
    nonces = []
    for _ in range(2):
        response = client.get("/my/")
        nonce = NONCE_IN_HEADER.search(response["Content-Security-Policy"]).group(1)
        scripts = re.findall(rb"<script\b[^>]*>", response.content)
        assert scripts, "the page loads its scripts"
        for tag in scripts:
            assert f'nonce="{nonce}"'.encode() in tag, tag
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 16


def test_htmx_is_configured_for_the_policy(world, login):
    content = login(world.cam).get("/partners/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", content).group(1)
    assert '"includeIndicatorStyles": false' in config
    assert '"allowEval": false' in config
    assert '"allowScriptTags": false' in config


def test_an_htmx_fragment_and_the_api_carry_the_policy_too(world, login, api_client):
    fragment = login(world.cam).get("/partners/?q=Alpha", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    assert "frame-ancestors 'none'" in fragment["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in api_client(world.cam).get("/api/me")["Content-Security-Policy"]


def test_the_api_docs_page_works_under_the_same_policy(world, login):
    response = login(world.cam).get("/api/docs")
    assert response.status_code == 200
    assert policy(response)["script-src"].startswith("'self'")
    assert b"<script>" not in response.content  # only static scripts (and a JSON data block)
    assert b'"validatorUrl": null' in response.content


# --- templates --------------------------------------------------------------------------------------

FORBIDDEN = [
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE), "inline event handler (use kanal.js)"),
    (re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE), "style attribute (use a class in kanal.css)"),
    (re.compile(r"""\shx-on[:\-]""", re.IGNORECASE), "hx-on handler (needs eval)"),
    (re.compile(r"""javascript:""", re.IGNORECASE), "javascript: URL"),
    (re.compile(r"""<style\b""", re.IGNORECASE), "<style> block (use kanal.css)"),
]
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def project_templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    skip = {".venv", "var", "node_modules", ".git"}
    return [
        path
        for path in root.rglob("*.html")
        if not skip.intersection(path.relative_to(root).parts) and "templates" in path.parts
    ]


def test_no_template_needs_what_the_policy_refuses():
    templates = project_templates()
    assert len(templates) > 30
    problems = []
    for path in templates:
        text = path.read_text()
        for pattern, why in FORBIDDEN:
            if pattern.search(text):
                problems.append(f"{path}: {why}")
        for tag in SCRIPT_TAG.findall(text):
            if "csp_nonce" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{path}: {tag} without the nonce")
    assert not problems, "\n".join(problems)


def test_the_template_check_can_fail(tmp_path):
    sample = '<select onchange="go()"></select><div style="x"></div><script>alert(1)</script>'
    hits = [why for pattern, why in FORBIDDEN if pattern.search(sample)]
    assert len(hits) == 2
    assert SCRIPT_TAG.findall(sample) == ["<script>"]


@pytest.mark.parametrize("mode", ["development", "production"])
def test_the_policy_is_on_in_both_modes(mode, tmp_path):
    from core.tests.test_settings import _run

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print('django.middleware.csp.ContentSecurityPolicyMiddleware' in settings.MIDDLEWARE); "
        "print(' '.join(settings.SECURE_CSP['script-src']))"
    )
    result = _run(
        ["-c", code],
        KANAL_MODE=mode,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kanal.example",
        KANAL_VAR_DIR=str(tmp_path / "var"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["True", "'self' <CSP_NONCE_SENTINEL>"]
