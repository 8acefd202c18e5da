"""The enablement benchmark's plumbing at a few hundred assets: what can be wrong without any timing."""

import random

import pytest

from bench.enablement import library
from bench.enablement.run import _personas, measure_search
from content.models import Asset, SearchWord

pytestmark = pytest.mark.django_db


def test_generated_library_is_reproducible():
    a, b = (library.generate(random.Random(5), 50) for _ in range(2))
    assert a == b
    assert library.queries(random.Random(5), 20) == library.queries(random.Random(5), 20)


def test_loaded_library_is_searchable_as_the_service_leaves_it():
    library.load(300, seed=5, log=lambda *_: None)
    assert Asset.objects.count() == 300
    asset = Asset.objects.exclude(title_ru="").first()
    assert set(asset.search_words) <= set(SearchWord.objects.values_list("word", flat=True))
    partner, staff = _personas()
    texts = library.queries(random.Random(5), 40)
    as_partner, as_staff = measure_search(partner, texts), measure_search(staff, texts)
    assert as_staff["found_share"] > 0.5  # the queries are made of the library's words
    assert as_partner["median_matches"] <= as_staff["median_matches"]  # a partner sees a part of it
    assert as_partner["queries"] == 40 and as_partner["p95_ms"] >= as_partner["p50_ms"]
