import pytest

from catalog.models import ProductFamily
from competition.models import CompetingLine, CompetingVendor
from competition.services import line_create, vendor_create


@pytest.fixture
def families(db):
    return {
        "road": ProductFamily.objects.create(name="Road Bikes"),
        "mountain": ProductFamily.objects.create(name="Mountain Bikes"),
        "helmets": ProductFamily.objects.create(name="Helmets"),
    }


@pytest.fixture
def trek(world, families) -> CompetingVendor:
    vendor = vendor_create(actor=world.actor(world.ops), data={"name": "Trek Bicycle Corporation"})
    line_create(
        actor=world.actor(world.ops),
        vendor=vendor,
        data={"name": "Madone", "families": [families["road"].public_id]},
    )
    line_create(
        actor=world.actor(world.ops),
        vendor=vendor,
        data={"name": "Fuel EX", "families": [families["mountain"].public_id]},
    )
    return vendor


@pytest.fixture
def madone(trek) -> CompetingLine:
    return trek.lines.get(name="Madone")


@pytest.fixture
def fuel(trek) -> CompetingLine:
    return trek.lines.get(name="Fuel EX")


@pytest.fixture
def giant(world, families) -> CompetingVendor:
    vendor = vendor_create(
        actor=world.actor(world.marketing), data={"name": "Giant", "web_domain": "giant-bicycles.com"}
    )
    line_create(
        actor=world.actor(world.marketing),
        vendor=vendor,
        data={"name": "Liv helmets", "families": [families["helmets"].public_id]},
    )
    return vendor
