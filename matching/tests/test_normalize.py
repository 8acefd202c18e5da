import pytest

from matching.normalize import (
    MAX_SPELLINGS,
    acronym,
    name_key,
    spoken_fold,
    spoken_spellings,
    spoken_tokens,
    tax_id_key,
)
from matching.similarity import name_similarity


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Koninklijke Philips Electronics N.V.", "koninklijke philips electronics"),
        ("KONINKLIJKE PHILIPS ELECTRONICS NV", "koninklijke philips electronics"),
        ("* AGILENT TECHNOLOGIES, INC.", "agilent technologies"),
        ("The Procter & Gamble Company", "procter and gamble"),
        ("Procter and Gamble Co.", "procter and gamble"),
        ("ООО «Ромашка»", "romashka"),
        ("Romashka LLC", "romashka"),
        ("ПАО Сбербанк", "sberbank"),
        ("Société Générale S.A.", "societe generale"),
        ("Siemens Aktiengesellschaft", "siemens"),
        ("McDonald's Corporation", "mcdonalds"),
        ("AG", "ag"),  # nothing but a legal form: keep it rather than an empty key
        ("The Limited", "limited"),
        ("Cerner Corportion", "cerner"),  # misspelt legal forms are still legal forms
        ("Plexure Group Limied", "plexure"),
        ("Moxian, In.", "moxian"),
        ("Hilton Inn", "hilton inn"),  # but a real word one letter away from "Inc" stays
    ],
)
def test_name_key(raw, key):
    assert name_key(raw) == key


def test_tax_id_key_ignores_spacing_and_case():
    assert tax_id_key("de 123-456/7") == tax_id_key("DE1234567") == "DE1234567"


def test_acronym():
    assert acronym("international business machines") == "ibm"
    assert acronym("siemens") == ""


@pytest.mark.parametrize(
    ("a", "b", "how", "at_least"),
    [
        ("acme industries", "acme industries", "exact", 100),
        ("acme industries", "acme indsutries", "fuzzy", 85),
        ("industries acme", "acme industries", "word order", 95),
        ("ibm", "international business machines", "acronym", 90),
        ("yandeks", "yandex", "sound", 95),  # Яндекс, transliterated
        ("kaspersky", "kasperskii", "sound", 95),
        ("zhongdzhin technologi", "zhongjin technology", "sound", 95),
        ("philips electronics", "koninklijke philips electronics", "contained", 86),
    ],
)
def test_similarity(a, b, how, at_least):
    result = name_similarity(a, b)
    assert result.how == how and result.score >= at_least


def test_unrelated_names_score_low():
    assert name_similarity("acme industries", "globex logistics").score < 60


def test_sound_key_makes_transliterations_agree():
    from matching.normalize import sound_key

    assert sound_key("yandeks") == sound_key("yandex") == "iandeks"
    assert sound_key("zhongdzhin") == sound_key("zhongjin")
    assert sound_key("khannet") == sound_key("hannet")


def test_a_contained_name_never_outscores_a_close_spelling():
    assert (
        name_similarity("acme robotics", "acme robotics nordic").score
        < name_similarity("acme robotics", "acme robotcs").score
    )


@pytest.mark.parametrize(
    ("typed", "spoken"),
    [
        ("Байк Стор", ["bik", "stor"]),
        ("Майкрософт", ["mikrosoft"]),
        ("систем", ["sistem"]),
        ("Софт", ["soft"]),
        ("Скайп", ["skip"]),
        ("Ксерокс", ["xerox"]),
        ("Джонсон", ["jonson"]),
        ("Адвенчер Воркс", ["adventure", "vorx"]),
        ("ООО «Ромашка»", ["romashka"]),  # legal forms go, as in name_key
    ],
)
def test_spoken_tokens_read_cyrillic_as_english_names_are_written(typed, spoken):
    assert spoken_tokens(typed) == spoken


def test_a_spoken_piece_is_looked_for_in_each_english_spelling():
    assert spoken_spellings("mik") == ["mik", "mic", "myk", "myc"]
    assert spoken_spellings("sto") == ["sto"]
    assert spoken_spellings("ofi") == ["ofi", "ofy", "ophi", "ophy"]
    assert len(spoken_spellings("kikiki")) == MAX_SPELLINGS


def test_spoken_fold_reads_the_spelling_and_the_sound_alike():
    assert spoken_fold(name_key("Microsoft Corporation")) == spoken_fold("mikrosoft") == "mikrosoft"
    assert spoken_fold(name_key("Adventure Systems")) == spoken_fold("adventure sistems")
    assert spoken_fold("works") == spoken_fold("vorx")
