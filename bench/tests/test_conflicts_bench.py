"""The benchmark's plumbing at 2,000 rows: what can be wrong without any timing being involved."""

import json

import pytest

from bench.conflicts import load
from bench.conflicts.generate import generate
from bench.conflicts.names import DATA
from bench.conflicts.phonetic import to_cyrillic_phonetic
from bench.conflicts.queries import KINDS, NON_MATCH, NON_MATCH_INITIALS, NON_MATCH_KINDS, build
from bench.conflicts.run import _merge_json, evaluate
from conflicts.models import IndexedCustomer, NameBlock
from matching.normalize import acronym, name_key

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not available"),
]


@pytest.fixture
def loaded():
    dataset = generate(2000, seed=7, held_out=400, sec_only=True)
    load.load(dataset, log=lambda *_: None)
    return dataset


def test_generator_is_reproducible():
    a, b = (generate(300, seed=3, held_out=50, sec_only=True) for _ in range(2))
    assert [(r.source, r.pk, r.name, r.domain, r.tax_id) for r in a.records] == [
        (r.source, r.pk, r.name, r.domain, r.tax_id) for r in b.records
    ]


def test_queries_are_labelled_against_the_loaded_index(loaded):
    assert load.is_loaded(7, 2000)
    assert NameBlock.objects.exists()
    queries = build(loaded, 150, seed=7)
    assert {*KINDS, NON_MATCH} <= {q.kind for q in queries} <= {*KINDS, *NON_MATCH_KINDS}
    indexed = set(IndexedCustomer.objects.values_list("source", "record_id"))
    keys = set(IndexedCustomer.objects.values_list("name_key", flat=True))
    for q in queries:
        if q.kind in NON_MATCH_KINDS:
            assert not q.label and name_key(q.name) not in keys
        else:
            assert q.label and {tuple(x) for x in q.label} <= indexed
            assert q.source_record in q.label


def test_results_json_has_every_figure_and_keeps_the_other_database(loaded, tmp_path):
    queries = build(loaded, 60, seed=7)
    results, by_kind, _ = evaluate(queries, list(range(0, 60, 3)), 2000, log=lambda *_: None)
    out = tmp_path / "conflicts.json"
    for db in ("sqlite", "postgresql"):
        payload = {"generated_at": "now", "seed": 7, "rows": 2000, "results": results, "by_kind": by_kind}
        _merge_json(out, db, payload | {"load": {}})
    data = json.loads(out.read_text())
    assert {"generated_at", "seed", "rows", "results", "by_kind"} <= set(data)
    for db in ("sqlite", "postgresql"):
        assert set(data["results"][db]) == {"engine", "oracle", "floor"}
        for figures in data["results"][db].values():
            assert {"rows", "p50_ms", "p95_ms", "recall", "precision"} <= set(figures)
    assert data["results"]["sqlite"]["oracle"]["queries"] == 20


def test_english_names_are_written_in_cyrillic_by_ear():
    assert to_cyrillic_phonetic("Microsoft") == "Майкрософт"
    assert to_cyrillic_phonetic("General Electric") == "Дженерал Электрик"
    assert to_cyrillic_phonetic("Apple & Google") == "Эппл & Гугл"
    assert to_cyrillic_phonetic("Johnson") == "Джонсон"  # not letter by letter ("Джохнсон")


def test_the_new_kinds_vary_what_they_say(loaded):
    from bench.conflicts.run import _by_kind

    queries = build(loaded, 600, seed=11)
    by_kind: dict[str, list] = {}
    for q in queries:
        by_kind.setdefault(q.kind, []).append(q)
    for q in by_kind["abbreviated_words"]:
        assert name_key(q.name) not in {r.key for r in loaded.records if [r.source, r.pk] != q.source_record}
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in q.name) for q in by_kind["cyrillic_phonetic"])
    records = {(r.source, r.pk): r for r in loaded.records}
    for q in by_kind["domain_with_name"]:
        meant = records[tuple(q.source_record)]
        assert q.domain.endswith(meant.domain) and name_key(q.name) != meant.key
        assert name_key(q.name).split()[0] == meant.key.split()[0]
    for q in by_kind.get(NON_MATCH_INITIALS, []):
        assert len(acronym(name_key(q.name))) == 2 and not q.label
    assert _by_kind(queries, [None] * len(queries), set())["non_match (clear)"] == 1.0


def test_a_held_out_name_that_is_an_indexed_one_shortened_is_no_non_match():
    from bench.conflicts.queries import _shortened

    indexed = {"vimy": [["vimy", "resources"]], "acme": [["acme", "international", "robotics"]]}
    assert _shortened("vimy res", indexed)
    assert _shortened("acme intl robotics", indexed)  # "Intl": the benchmark's own table of short words
    assert not _shortened("vimy", indexed)  # fewer words: left to the relatives check
    assert not _shortened("acme intl marine", indexed)
