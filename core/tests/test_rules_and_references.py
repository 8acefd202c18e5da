"""core.rules (one refusal read as buttons and as the services' check) and core.inputs.resolve_reference."""

from enum import StrEnum
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.inputs import body_values, resolve_reference
from core.rules import ActionRules, ModelRules


class Door(StrEnum):
    OPEN = "open"
    LOCK = "lock"


def _door_refusal(actor, door, action):
    if not actor.may:
        return PermissionDenied()
    if action == Door.LOCK and door.open:
        return ValidationError("Close it first.", code="open")
    return None


class Box:
    pass


class Lid(StrEnum):
    LIFT = "lift"


DOOR = ActionRules(Door, _door_refusal)


def test_allowed_lists_the_actions_without_refusal_and_require_raises_that_refusal():
    keeper, stranger = SimpleNamespace(may=True), SimpleNamespace(may=False)
    open_door = SimpleNamespace(open=True)
    assert DOOR.allowed(keeper, open_door) == ["open"]
    assert DOOR.allowed(stranger, open_door) == []
    assert DOOR.allowed(keeper, SimpleNamespace(open=False)) == ["open", "lock"]
    DOOR.require(keeper, open_door, "open")
    with pytest.raises(ValidationError) as refused:
        DOOR.require(keeper, open_door, Door.LOCK)
    assert refused.value.code == "open"
    with pytest.raises(PermissionDenied):
        DOOR.require(stranger, open_door, "open")
    with pytest.raises(ValueError):
        DOOR.require(keeper, open_door, "fly")  # not an action of this model


def test_model_rules_choose_by_the_objects_class():
    rules = ModelRules({SimpleNamespace: DOOR, Box: ActionRules(Lid, lambda actor, box, action: None)})
    keeper = SimpleNamespace(may=True)
    assert rules.allowed(keeper, Box()) == ["lift"]
    assert rules.allowed(keeper, SimpleNamespace(open=True)) == ["open"]
    with pytest.raises(ValidationError):
        rules.require(keeper, SimpleNamespace(open=True), "lock")


def _find(value):
    return {"ann@x.test": "Ann"}.get(value)


def test_a_reference_found_replaces_the_key_and_an_empty_one_is_none():
    assert resolve_reference(
        {"owner_email": "ann@x.test", "a": 1}, "owner_email", to="owner", find=_find, message="No"
    ) == {
        "a": 1,
        "owner": "Ann",
    }
    assert resolve_reference({"owner_email": ""}, "owner_email", to="owner", find=_find, message="No") == {
        "owner": None
    }
    assert resolve_reference({"a": 1}, "owner_email", to="owner", find=_find, message="No") == {"a": 1}


def test_an_unknown_reference_is_a_coded_error_on_the_field():
    with pytest.raises(ValidationError) as refused:
        resolve_reference(
            {"family_id": "x"}, "family_id", to="family", find=_find, message="No such", error_on="family_id"
        )
    assert [(e.message, e.code) for e in refused.value.error_dict["family_id"]] == [("No such", "unknown_id")]


def test_no_body_is_no_values():
    assert body_values(None) == {}
    assert body_values(SimpleNamespace(dict=lambda **options: {"given": options})) == {"given": {}}
