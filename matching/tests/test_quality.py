from pathlib import Path

import pytest

from matching.quality import load_patstat, measure

PATSTAT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dedupe-patstat-org-names"


@pytest.mark.skipif(not PATSTAT.exists(), reason="../shared/data is not available")
def test_matching_quality_on_patstat(capsys):
    names, entities = load_patstat(PATSTAT / "patstat_reference.csv")
    quality = measure(names, entities, threshold=85)
    with capsys.disabled():
        print(
            f"\npatstat company names: {quality.queries} queries, "
            f"precision {quality.precision:.3f}, recall {quality.recall:.3f}"
        )
    # Floors measured when the engine was written; a regression in normalisation shows up here.
    assert quality.precision >= 0.95
    assert quality.recall >= 0.90
