import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from collateral.models import CollateralTemplate, GeneratedCollateral, TemplateVersion
from collateral.services import (
    collateral_cached,
    collateral_generate,
    template_archive,
    template_create,
    template_publish,
    template_update,
)
from collateral.testing import FLYER_EN, PERSONAL_EN, PNG, published_template
from core.models import Event
from core.testing import snapshot
from partners.services import partner_logo_set, partner_update


def _codes(error: ValidationError) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def _text(generated: GeneratedCollateral) -> bytes:
    generated.file.open("rb")
    try:
        return generated.file.read()
    finally:
        generated.file.close()


def test_marketing_creates_a_draft_with_its_first_version(world):
    template = template_create(
        actor=world.actor(world.marketing),
        data={"title_en": "Flyer", "source_en": FLYER_EN, "tiers": ["gold"]},
    )
    assert template.status == "draft" and template.current_version is None
    assert template.tiers == ["gold"]
    (version,) = template.versions.all()
    assert version.number == 1 and version.source_en == FLYER_EN and not version.personal
    verbs = set(Event.objects.filter(target_id=template.pk).values_list("verb", flat=True))
    assert verbs == {"collateral.template_created", "collateral.version_created"}


def test_a_source_that_does_not_compile_is_refused_with_the_compilers_message(world):
    with pytest.raises(ValidationError) as refused:
        template_create(
            actor=world.actor(world.ops), data={"title_en": "Broken", "source_en": "#let x = \n= Hi"}
        )
    assert _codes(refused.value) == {"source_en": ["does_not_compile"]}
    assert "line 1" in refused.value.error_dict["source_en"][0].message % {}
    assert not CollateralTemplate.objects.exists() and not Event.objects.exists()


def test_a_source_that_draws_the_logo_unguarded_is_refused(world):
    """A partner without a logo must still get a file: the sample without one fails."""
    with pytest.raises(ValidationError) as refused:
        template_create(
            actor=world.actor(world.ops), data={"title_en": "Logo", "source_en": "#image(sys.inputs.logo)"}
        )
    assert _codes(refused.value) == {"source_en": ["does_not_compile"]}


def test_a_template_cannot_read_files_outside_its_own_folder(world):
    for source in ('#read("/etc/passwd")', '#read("../../../../etc/passwd")', '#image("/etc/hostname")'):
        with pytest.raises(ValidationError) as refused:
            template_create(actor=world.actor(world.ops), data={"title_en": "Sneaky", "source_en": source})
        assert _codes(refused.value) == {"source_en": ["does_not_compile"]}
    assert not CollateralTemplate.objects.exists()


def test_a_source_that_takes_too_long_is_refused(world, settings, monkeypatch):
    from collateral import render

    monkeypatch.setattr(render, "SLOW_SECONDS", 0.0)  # every compile takes longer than no time at all
    with pytest.raises(ValidationError) as refused:
        template_create(actor=world.actor(world.ops), data={"title_en": "Slow", "source_en": FLYER_EN})
    assert _codes(refused.value) == {"source_en": ["too_slow"]}
    assert not CollateralTemplate.objects.exists()


def test_a_cam_may_not_write_templates(world, flyer):
    before = snapshot(flyer)
    with pytest.raises(PermissionDenied):
        template_create(actor=world.actor(world.cam), data={"title_en": "X", "source_en": FLYER_EN})
    with pytest.raises(PermissionDenied):
        template_update(actor=world.actor(world.cam), template=flyer, data={"title_en": "Hijacked"})
    with pytest.raises(PermissionDenied):
        template_archive(actor=world.actor(world.cam), template=flyer)
    assert snapshot(flyer) == before and CollateralTemplate.objects.count() == 1


def test_a_changed_source_is_a_new_version_and_publishing_makes_it_current(world, flyer):
    marketing = world.actor(world.marketing)
    template_update(actor=marketing, template=flyer, data={"title_en": "Summer flyer"})
    assert flyer.versions.count() == 1  # texts only: no new version
    template_update(actor=marketing, template=flyer, data={"source_en": FLYER_EN + "\nNew line"})
    flyer.refresh_from_db()
    assert flyer.title_en == "Summer flyer"
    assert list(flyer.versions.values_list("number", flat=True)) == [2, 1]
    assert flyer.current_version.number == 1  # partners keep version 1 until it is published
    template_publish(actor=marketing, template=flyer)
    flyer.refresh_from_db()
    assert flyer.current_version.number == 2
    with pytest.raises(ValidationError) as refused:
        template_publish(actor=marketing, template=flyer)
    assert refused.value.code == "nothing_to_publish"


def test_an_archived_template_no_longer_changes_and_partners_lose_it(world, flyer):
    template_archive(actor=world.actor(world.ops), template=flyer)
    before = snapshot(flyer)
    with pytest.raises(ValidationError) as refused:
        template_update(actor=world.actor(world.ops), template=flyer, data={"title_en": "X"})
    assert refused.value.code == "archived" and snapshot(flyer) == before
    assert not CollateralTemplate.objects.visible_to(world.actor(world.admin_a)).exists()


# --- generating -------------------------------------------------------------------------------------------


def test_a_partner_generates_its_file_once_and_then_gets_it_from_the_cache(world, flyer):
    actor = world.actor(world.rep_a)
    assert collateral_cached(actor=actor, template_id=flyer.public_id, language="en") is None
    made = collateral_generate(actor=actor, template=flyer, language="en")
    assert _text(made).startswith(b"%PDF")
    assert made.partner == world.partner_a and made.profile_version == world.partner_a.profile_version
    again = collateral_generate(actor=world.actor(world.admin_a), template=flyer, language="en")
    assert again.pk == made.pk  # same partner, profile and version: the same file, whoever asks
    assert collateral_cached(actor=actor, template_id=flyer.public_id, language="en").pk == made.pk
    assert GeneratedCollateral.objects.count() == 1


def test_a_profile_change_makes_a_new_file_and_drops_the_old_one(world, flyer):
    actor = world.actor(world.admin_a)
    first = collateral_generate(actor=actor, template=flyer, language="en")
    partner_update(actor=actor, partner=world.partner_a, data={"phone": "+1 555 0100"})
    world.partner_a.refresh_from_db()
    assert world.partner_a.profile_version == first.profile_version + 1
    actor = world.actor(world.admin_a)  # a new request: the actor reads the partner afresh
    assert collateral_cached(actor=actor, template_id=flyer.public_id, language="en") is None
    second = collateral_generate(actor=actor, template=flyer, language="en")
    assert second.pk != first.pk and second.profile_version == world.partner_a.profile_version
    assert list(GeneratedCollateral.objects.values_list("pk", flat=True)) == [second.pk]


def test_a_change_co_branding_does_not_print_keeps_the_cache(world, flyer):
    actor = world.actor(world.admin_a)
    version = world.partner_a.profile_version
    partner_update(actor=actor, partner=world.partner_a, data={"description": "We sell bikes."})
    world.partner_a.refresh_from_db()
    assert world.partner_a.profile_version == version


def test_a_new_logo_moves_the_profile_version(world):
    actor = world.actor(world.admin_a)
    version = world.partner_a.profile_version
    partner_logo_set(actor=actor, partner=world.partner_a, data={"logo": SimpleUploadedFile("l.png", PNG)})
    world.partner_a.refresh_from_db()
    assert world.partner_a.profile_version == version + 1 and world.partner_a.logo


def test_languages_make_their_own_files_and_russian_falls_back_to_english(world, flyer):
    actor = world.actor(world.rep_a)
    english = collateral_generate(actor=actor, template=flyer, language="en")
    russian = collateral_generate(actor=actor, template=flyer, language="ru")
    assert english.pk != russian.pk and russian.language == "ru"
    only_en = published_template(world.actor(world.marketing), title_en="EN only")
    fallback = collateral_generate(actor=actor, template=only_en, language="ru")
    assert _text(fallback).startswith(b"%PDF")


def test_partner_values_are_printed_as_text_never_run_as_markup(world, flyer):
    sneaky = '#read("/etc/passwd") ] #panic("x") $'
    partner_update(actor=world.actor(world.admin_a), partner=world.partner_a, data={"name": sneaky[:200]})
    world.partner_a.refresh_from_db()
    made = collateral_generate(actor=world.actor(world.admin_a), template=flyer, language="en")
    # It compiled (as markup, `#read` outside the root, `]` and `#panic` would each have failed), and the
    # heading's bookmark holds the name as written.
    assert f"/Title({sneaky})".encode() in _text(made)


def test_a_personal_template_is_made_per_person(world):
    template = published_template(world.actor(world.marketing), source_en=PERSONAL_EN)
    assert template.current_version.personal
    rep = collateral_generate(actor=world.actor(world.rep_a), template=template, language="en")
    admin = collateral_generate(actor=world.actor(world.admin_a), template=template, language="en")
    assert rep.pk != admin.pk and rep.rep_key != admin.rep_key
    assert (
        collateral_cached(actor=world.actor(world.rep_a), template_id=template.public_id, language="en").pk
        == rep.pk
    )
    world.rep_a.full_name = "Renamed Rep"
    world.rep_a.save()
    assert (
        collateral_cached(actor=world.actor(world.rep_a), template_id=template.public_id, language="en")
        is None
    )


def test_a_partner_outside_the_audience_cannot_generate(world):
    template = published_template(world.actor(world.marketing), partner_types=["distributor"])
    with pytest.raises(Http404):
        from collateral.selectors import template_get

        template_get(actor=world.actor(world.admin_a), public_id=template.public_id)
    with pytest.raises(Http404):
        collateral_generate(actor=world.actor(world.admin_a), template=template, language="en")
    assert (
        collateral_cached(actor=world.actor(world.admin_a), template_id=template.public_id, language="en")
        is None
    )
    assert not GeneratedCollateral.objects.exists()
    made = collateral_generate(actor=world.actor(world.dist_admin), template=template, language="en")
    assert made.partner == world.distributor


def test_a_partner_never_gets_another_partners_file(world, flyer):
    bravo = collateral_generate(actor=world.actor(world.admin_b), template=flyer, language="en")
    alpha = world.actor(world.admin_a)
    assert collateral_cached(actor=alpha, template_id=flyer.public_id, language="en") is None
    mine = collateral_generate(actor=alpha, template=flyer, language="en")
    assert mine.pk != bravo.pk and mine.partner == world.partner_a
    assert list(GeneratedCollateral.objects.visible_to(alpha)) == [mine]


def test_a_draft_is_not_generated(world):
    draft = template_create(actor=world.actor(world.marketing), data={"title_en": "D", "source_en": FLYER_EN})
    assert not TemplateVersion.objects.visible_to(world.actor(world.admin_a)).exists()
    with pytest.raises(Http404):
        collateral_generate(actor=world.actor(world.admin_a), template=draft, language="en")


def test_staff_do_not_generate_for_themselves(world, flyer):
    with pytest.raises(ValidationError) as refused:
        collateral_generate(actor=world.actor(world.marketing), template=flyer, language="en")
    assert refused.value.code == "no_partner"
