"""Production settings: the development secret key is refused, `check --deploy` is clean and templates are
cached."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Variables that would change the outcome if the shell (or another test: the browser fixtures set
# DJANGO_ALLOW_ASYNC_UNSAFE) happened to set them.
_CLEARED = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "KANAL_REQUIRE_STAFF_MFA",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    environ |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=environ, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_development_secret_key():
    result = _run(["-c", "import django; django.setup()"], KANAL_MODE="production")

    assert result.returncode != 0
    assert "KANAL_MODE=production needs SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _run(["-c", "import django; django.setup()"], KANAL_MODE="production", SECRET_KEY="too-short")

    assert result.returncode != 0
    assert "KANAL_MODE=production needs SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        KANAL_MODE="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kanal.example",
        KANAL_VAR_DIR=str(tmp_path / "var"),  # a directory that does not exist yet, as on a fresh clone
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_keeps_parsed_templates_between_requests(tmp_path):
    """Production renders through the cached template loader (Django's default when no loaders are named): a
    template is read and parsed once per process, not on every page."""
    script = (
        "import django; django.setup();"
        "from django.template import engines;"
        "engine = engines['django'].engine;"
        "print(engine.debug, [type(loader).__module__ for loader in engine.template_loaders])"
    )
    result = _run(
        ["-c", script],
        KANAL_MODE="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        KANAL_VAR_DIR=str(tmp_path / "var"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['django.template.loaders.cached']"


def test_uploads_go_to_an_s3_compatible_store_when_a_bucket_is_named(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "store = storages['default'];"
        "print(type(store).__name__, *[getattr(store, name, '') for name in NAMES])"
    )
    names = "NAMES = ['bucket_name', 'endpoint_url', 'location', 'default_acl'];"
    local = _run(
        ["-c", names.replace("'bucket_name', 'endpoint_url', 'location', 'default_acl'", "") + script]
    )
    assert local.stdout.strip() == "FileSystemStorage", local.stderr
    s3 = _run(
        ["-c", names + script],
        KANAL_S3_BUCKET="kanal-files",
        KANAL_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        KANAL_S3_ACCESS_KEY_ID="minio",
        KANAL_S3_SECRET_ACCESS_KEY="minio-secret",
        KANAL_VAR_DIR=str(tmp_path / "var"),
    )
    assert s3.returncode == 0, s3.stderr
    assert s3.stdout.strip() == "S3Storage kanal-files http://127.0.0.1:9000 kanal private"
