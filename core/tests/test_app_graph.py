"""The app graph has a direction: import-linter's contracts (pyproject.toml) hold, they catch an import
that breaks them (even inside a function), and docs/architecture.md shows the layers they enforce."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(config)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("importer", "statement", "broken"),
    [
        ("core", "from deals import models", "core is not allowed to import deals"),
        ("partners", "import onboarding.selectors", "partners is not allowed to import onboarding"),
        ("deals", "from direct import models", "deals is not allowed to import direct"),
        ("catalog", "import recruitment", "catalog is not allowed to import recruitment"),
    ],
)
def test_the_contracts_catch_an_import_hidden_in_a_function(tmp_path, importer, statement, broken):
    """The same contracts over stub packages with one offending import inside a function body."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    for package in config["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / "models.py").write_text("")
        (tmp_path / package / "selectors.py").write_text("")
    (tmp_path / importer / "leak.py").write_text(f"def later():\n    {statement}\n")
    copy = tmp_path / "pyproject.toml"
    copy.write_text(_importlinter_toml(config))
    result = _lint_imports(tmp_path, copy)
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout


def _importlinter_toml(config: dict) -> str:
    """The [tool.importlinter] table back as TOML, without the ignores (stub packages have no tests)."""

    def value(v):
        return "[" + ", ".join(f'"{x}"' for x in v) + "]" if isinstance(v, list) else f'"{v}"'

    lines = ["[tool.importlinter]", f"root_packages = {value(config['root_packages'])}"]
    for contract in config["contracts"]:
        lines.append("[[tool.importlinter.contracts]]")
        lines += [f"{k} = {value(v)}" for k, v in contract.items() if k != "ignore_imports"]
    return "\n".join(lines) + "\n"


def test_the_architecture_doc_shows_the_enforced_layers():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "app_layers.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
