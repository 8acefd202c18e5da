import pytest

from collateral.testing import FLYER_EN, FLYER_RU, published_template


@pytest.fixture
def flyer(world):
    """A published template for everyone, in English and Russian."""
    return published_template(world.actor(world.marketing), source_en=FLYER_EN, source_ru=FLYER_RU)
