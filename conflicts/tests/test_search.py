"""The candidate search on its own: exact probes, similar names, and capped common keys."""

import pytest

from conflicts.index import IndexEntry, _write
from conflicts.search import KEY_CAP, find_candidates
from matching.normalize import name_key

pytestmark = pytest.mark.django_db


def index(*names, domains=None, taxes=None):
    _write(
        IndexEntry(
            "direct_account",
            i,
            None,
            name_key(n),
            (domains or {}).get(i, ""),
            (taxes or {}).get(i, ""),
        )
        for i, n in enumerate(names, start=1)
    )


def best(**query):
    found = find_candidates(**query)
    return (found[0].record_id, found[0].score, [code for code, _ in found[0].reasons]) if found else None


def test_similar_names_are_found_with_how_they_are_alike():
    index(
        "International Business Machines Corp",
        "Microsoft Corporation",
        "Koninklijke Philips Electronics N.V.",
    )
    assert best(name_key=name_key("IBM")) == (1, 90, ["similar_name"])
    assert best(name_key=name_key("Microsfot Corp."))[0] == 2
    assert best(name_key=name_key("Corporation Microsoft"))[:2] == (2, 100)
    assert best(name_key=name_key("Philips Electronics")) == (3, 86, ["similar_name"])
    ((_code, params),) = find_candidates(name_key=name_key("Microsfot"))[0].reasons
    assert params["how"] == "fuzzy" and 85 <= params["score"] < 100


def test_transliterated_names_match():
    index("Romashka LLC")
    assert best(name_key=name_key("ООО «Ромашка»"))[:2] == (1, 100)


def test_unrelated_names_are_not_candidates():
    index("Microsoft Corporation", "Apple Inc.")
    assert find_candidates(name_key=name_key("Globex Industries")) == []
    assert find_candidates(name_key="") == []


def test_exact_tax_id_and_domain_outrank_a_name():
    index("Contoso Ltd", "Fabrikam", domains={2: "contoso.example"}, taxes={2: "DE123"})
    found = find_candidates(name_key=name_key("Contoso"), domain="contoso.example", tax_id_key="DE123")
    assert [c.record_id for c in found] == [2, 1]
    assert [code for code, _ in found[0].reasons] == ["same_tax_id", "same_domain"]


def test_a_common_word_does_not_drown_the_rare_one():
    # More names share "bike" than one key's list is read for; the rare word still finds its company.
    index(*[f"Bike Works {n}" for n in range(KEY_CAP + 50)], "Zephyrine Bike Works")
    found = find_candidates(name_key=name_key("Zephyrin Bike Works"))
    assert found and found[0].name_key == "zephyrine bike works"


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_command_recreates_the_index(world):
    from django.core.management import call_command

    from conflicts.models import IndexedCustomer
    from direct.services import account_create

    account_create(
        actor=world.actor(world.ops), data={"name": "Northwind Traders", "legal_name": "Northwind Holding"}
    )
    IndexedCustomer.objects.all().delete()
    call_command("rebuild_conflict_index")
    assert sorted(IndexedCustomer.objects.values_list("name_key", flat=True)) == [
        "northwind",
        "northwind traders",
    ]
    assert find_candidates(name_key="northwind traders")[0].score == 100


def test_a_stale_index_is_rebuilt_after_migrate_and_a_current_one_left_alone(world):
    from conflicts.apps import rebuild_stale_index
    from conflicts.models import IndexedCustomer, IndexState
    from direct.services import account_create
    from matching.blocking import INDEX_VERSION

    account_create(actor=world.actor(world.ops), data={"name": "Northwind Traders"})
    IndexState.objects.all().delete()
    IndexState.objects.create(version=INDEX_VERSION - 1)
    IndexedCustomer.objects.all().delete()  # as if built with other keys: nothing findable
    rebuild_stale_index(sender=None, verbosity=0)
    assert list(IndexedCustomer.objects.values_list("name_key", flat=True)) == ["northwind traders"]
    assert list(IndexState.objects.values_list("version", flat=True)) == [INDEX_VERSION]
    IndexedCustomer.objects.all().delete()
    rebuild_stale_index(sender=None, verbosity=0)
    assert not IndexedCustomer.objects.exists()


def test_an_exact_domain_outranks_a_name_spelt_alike():
    # "Acme" names another company exactly; the domain names the customer the partner means.
    index("Acme", "Acme Systems", domains={2: "acmesystems.example"})
    found = find_candidates(name_key=name_key("Acme"), domain="acmesystems.example")
    assert [c.record_id for c in found] == [2, 1]
    assert [code for code, _ in found[0].reasons] == ["same_domain"]
    assert found[1].score == 100  # the name still matched in full: it is only ranked below


def test_abbreviated_common_words_find_the_company():
    index("Acme International Holdings Ltd", "Acme Interiors")
    found = find_candidates(name_key=name_key("ACME INTL HLDGS"))
    assert [c.record_id for c in found] == [1]
    ((_code, params),) = found[0].reasons
    assert params == {"score": 97, "how": "abbreviated"}


def test_a_name_typed_in_cyrillic_is_found_by_how_it_sounds():
    index("Apple Inc.", "Appian Corporation")
    typed = "Эппл"
    found = find_candidates(name_key=name_key(typed), name=typed)
    assert [c.record_id for c in found] == [1]
    assert found[0].reasons[0][1]["how"] == "sound"
    # The same key without the name as typed is not read by sound: a Latin "eppl" is not Apple.
    assert find_candidates(name_key=name_key(typed)) == []


def test_a_name_in_cyrillic_whose_every_word_sounds_common_is_found_by_its_whole_sound():
    # Every word sounds like hundreds of indexed names: only the whole name, as it sounds, finds it.
    common = [f"{word} Zeta{n}" for word in ("Sakai", "Trading", "Tech") for n in range(KEY_CAP + 1)]
    index(*common, "Sakai Trading", "TS Tech")
    for typed, written in (("Сакей Традинг", "sakai trading"), ("ООО «Тс Тек»", "ts tech")):
        found = find_candidates(name_key=name_key(typed), name=typed)
        assert found and found[0].name_key == written, typed


def test_a_name_in_cyrillic_ranks_the_name_it_sounds_like_above_one_spelt_nearly_alike():
    index("Aoki Trading", "Sakai Trading")
    # Spelt "sakey trading": 85 from "sakai trading" by its letters, the same by sound.
    typed = "Сакей Традинг"
    found = find_candidates(name_key=name_key(typed), name=typed)
    assert found[0].name_key == "sakai trading"
    assert found[0].reasons[0][1]["how"] == "sound"


def test_two_initials_do_not_match_a_short_name():
    index("KT Corp", "IBM")
    assert find_candidates(name_key=name_key("Kappa Tools")) == []
    assert best(name_key=name_key("International Business Machines")) == (2, 90, ["similar_name"])


def test_the_same_words_in_another_order_are_found_among_common_words():
    # Every word is common; only the words together, in any order, tell the company.
    common = [
        f"{word} Zeta{n}" for word in ("Global", "Biotech", "Mobility", "Almaty") for n in range(KEY_CAP + 1)
    ]
    index(*common, "Global Biotech Mobility Almaty")
    found = find_candidates(name_key=name_key("Biotech Global Mobility Almaty"))
    assert found[0].name_key == "global biotech mobility almaty"
    assert found[0].reasons[0][1] == {"score": 99, "how": "word order"}


def test_new_reasons_are_explained():
    from conflicts.explain import render_reason

    text = render_reason("similar_name", {"score": 97, "how": "abbreviated"})
    assert "abbreviated" in text and "97%" in text
    assert "read alike" in render_reason("similar_name", {"score": 90, "how": "sound"})


def test_initials_shared_by_several_names_name_none_of_them():
    index("Acme Robotics Berlin", "Apex Retail Brands", "Globex Instruments Hamburg")
    assert find_candidates(name_key=name_key("ARB")) == []
    assert best(name_key=name_key("GIH")) == (3, 90, ["similar_name"])
