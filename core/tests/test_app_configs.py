"""Each Kanal app runs under the configuration class its apps.py declares: Django silently falls back to a
plain AppConfig when apps.py holds two candidate classes (an imported base counts), and then nothing in
ready() runs: no event labels, widgets, conflict sources or periodic jobs."""

import inspect
from importlib import import_module
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _own_apps() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]


def test_every_app_runs_the_configuration_its_apps_module_declares():
    checked = 0
    for config in _own_apps():
        module = import_module(f"{config.name}.apps")
        declared = [
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, AppConfig) and cls.__module__ == module.__name__
        ]
        assert len(declared) == 1, f"{config.name}/apps.py declares {declared}"
        assert type(config) is declared[0], f"{config.name} runs {type(config).__name__}, not {declared[0]}"
        checked += 1
    assert checked >= 15


def test_registering_apps_have_loaded_their_modules():
    import sys

    from core.appconfig import RegisteringAppConfig

    registering = [c for c in _own_apps() if isinstance(c, RegisteringAppConfig)]
    assert len(registering) >= 9
    for config in registering:
        for module in config.registers:
            assert f"{config.name}.{module}" in sys.modules
