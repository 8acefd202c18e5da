"""An app's configuration that loads, when Django is ready, the modules registering what the app adds to
shared registries: its event labels (`events.py`), dashboard widgets (`widgets.py`)."""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig


class RegisteringAppConfig(AppConfig):
    """`registers = ("events", "widgets")`: the app's modules imported in `ready()` for what importing them
    registers. An app with more to install overrides `ready()` and calls `super().ready()` first.

    Import the module, not the class (`from core import appconfig`): Django takes the one AppConfig class an
    app's apps.py holds as the app's configuration, and an imported base would make two."""

    registers: tuple[str, ...] = ()

    def ready(self) -> None:
        for module in self.registers:
            import_module(f"{self.name}.{module}")
