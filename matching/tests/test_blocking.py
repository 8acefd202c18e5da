from matching.blocking import blocking_keys
from matching.normalize import name_key


def shares_a_key(a: str, b: str) -> bool:
    return bool(blocking_keys(name_key(a)) & blocking_keys(name_key(b)))


def test_variants_share_a_key():
    assert shares_a_key("Acme Industries GmbH", "ACME INDUSTRIES, Inc.")  # legal form, case
    assert shares_a_key("Industries Acme", "Acme Industries")  # word order
    assert shares_a_key("Acme Indsutries", "Acme Industries")  # typo in one of several words
    assert shares_a_key("Acne", "Acme")  # typo in a one-word name
    assert shares_a_key("IBM", "International Business Machines Corp.")  # acronym
    assert shares_a_key("ООО Ромашка", "Romashka LLC")  # script


def test_unrelated_names_share_nothing():
    assert not shares_a_key("Acme Industries", "Globex Logistics")


def test_stop_words_are_not_keys():
    assert "t:and" not in blocking_keys(name_key("Smith and Sons"))
