"""Test helpers for programs: a transactional test (a browser test, the walk) starts from a database that was
flushed after the test before it, which also removes what the data migrations wrote; the default program
(programs/0003) is put back as that migration makes it."""

from __future__ import annotations

from programs.models import PartnerProgram, ProgramTier

TIERS = ("registered", "silver", "gold", "platinum")


def restore_default_program() -> PartnerProgram:
    program = PartnerProgram.objects.filter(is_default=True).first()
    if program is None:
        program, _created = PartnerProgram.objects.get_or_create(
            code="partners",
            defaults={"name_en": "Partner program", "name_ru": "Партнерская программа", "is_default": True},
        )
    for tier in TIERS:
        ProgramTier.objects.get_or_create(program=program, tier=tier)
    return program
