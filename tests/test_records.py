"""The record registry is the one declaration: the laptop's schema, the model and the data agree with it."""

from __future__ import annotations

import dataclasses
import json

import pytest

from inspector import demo, records
from inspector.records import Invalid, validate
from inspector.workspace import Workspace

SYNC_META = {"id", "rev", "dirty", "dirty_fields", "modified_at", "modified_by"}


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory):
    import keyring

    from tests.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    ws = Workspace.open(tmp_path_factory.mktemp("records") / "ws")
    demo.seed(ws, cases=14)
    yield ws
    ws.close()
    keyring.set_keyring(previous)


@pytest.mark.parametrize("entity", records.PUSH_ORDER)
def test_local_schema_has_exactly_the_registry_fields(workspace: Workspace, entity: str) -> None:
    """Every registry field is a column with the same default, nullability and storage class, and
    the table has no synced column the registry does not declare."""
    columns = {r[1]: r for r in workspace.db.execute(f"PRAGMA table_info([{entity}])").fetchall()}
    assert set(columns) - SYNC_META == set(records.FIELDS[entity])
    for f in records.entity(entity).fields:
        _cid, _name, sql_type, notnull, default, _pk = columns[f.name]
        assert sql_type == ("INTEGER" if f.kind in ("int", "bool") else "TEXT"), f.name
        assert bool(notnull) == (not f.null), f.name
        if f.required:
            assert default is None, f.name
        elif f.default is None:
            assert default is None, f.name
        else:
            assert default is not None and json.loads(default.replace("'", '"')) == f.default, f.name


@pytest.mark.parametrize("entity", records.PUSH_ORDER)
def test_model_dataclass_has_the_registry_fields(entity: str) -> None:
    """The dataclass a row becomes holds every recorded field (and the record's id and revision)."""
    model = records.entity(entity).model
    names = {f.name for f in dataclasses.fields(model)}
    assert set(records.FIELDS[entity]) - {"deleted"} <= names
    assert names - set(records.FIELDS[entity]) <= {"id", "rev", "modified_at"}


def test_every_record_the_laptop_makes_passes_the_servers_validation(demo_ws: Workspace) -> None:
    """Cases, persons, visits (planned, running, finalized), answers, photos, addenda and audit entries
    of a demo workspace all validate against the registry, as the server checks them."""
    visit_id = next(v.id for v in demo_ws.visits.find(statuses=("finalized",)))
    demo_ws.evidence.add_addendum(visit_id, "Kenteken nagezocht.")
    counted = 0
    for entity in records.PUSH_ORDER:
        for row in demo_ws.db.query(f"SELECT * FROM [{entity}]"):
            validate(entity, {k: v for k, v in row.items() if k not in SYNC_META}, creating=True)
            counted += 1
    assert counted > 300


@pytest.mark.parametrize(("entity", "fields", "code", "field"), [
    ("cases", {"domain": "sociaal"}, "missing_field", "number"),
    ("cases", {"number": None, "domain": "sociaal"}, "missing_value", "number"),
    ("cases", {"number": "Z-1", "domain": "water"}, "invalid_choice", "domain"),
    ("cases", {"number": "Z-1\x00", "domain": "sociaal"}, "invalid_text", "number"),
    ("cases", {"number": "Z-\ud800", "domain": "sociaal"}, "invalid_text", "number"),
    ("cases", {"number": "Z-1", "domain": "sociaal", "colour": "red"}, "unknown_field", "colour"),
    ("persons", {"case_id": "c1", "geslachtsnaam": "Berg", "bsn": "123456789"}, "invalid_bsn", "bsn"),
    ("addresses", {"postcode": "0123AB"}, "invalid_postcode", "postcode"),
    ("addresses", {"huisnummer": "12"}, "invalid_type", "huisnummer"),
    ("visits", {"case_id": "c1", "template_id": "S1", "template_version": 1, "consent": "{not json"},
     "invalid_json", "consent"),
    ("visits", {"case_id": "c1", "template_id": "S1", "template_version": 1, "officers": '[{"naam": "A"}]'},
     "invalid_shape", "officers"),
    ("visits", {"case_id": "c1", "template_id": "S1", "template_version": 1,
                "consent": '{"understood": "ja"}'},
     "invalid_shape", "consent"),
    ("visits", {"case_id": "c1", "template_id": "S1", "template_version": 1, "status": "half"},
     "invalid_choice", "status"),
    ("answers", {"visit_id": "v1", "item_id": "bedden", "value": "NaN"}, "invalid_json", "value"),
    ("answers", {"visit_id": "v1", "item_id": "bedden", "value": "[1, Infinity]"}, "invalid_json", "value"),
    ("attachments", {"visit_id": "v1", "sha256": "abc"}, "invalid_format", "sha256"),
])
def test_a_record_that_breaks_the_registry_is_refused_with_its_field(entity: str, fields: dict, code: str,
                                                                     field: str) -> None:
    """Required fields, types, allowed values, JSON shapes, NUL, lone surrogates, NaN: each named."""
    with pytest.raises(Invalid) as refused:
        validate(entity, fields, creating=True)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.en and refused.value.nl


def test_a_change_is_checked_field_by_field_and_defaults_fill_a_new_record() -> None:
    """A partial change checks only what it carries; a new record gets the registry's defaults."""
    assert validate("visits", {"summary": "Korte samenvatting."}, creating=False) == {
        "summary": "Korte samenvatting."}
    created = validate("answers", {"visit_id": "v1", "item_id": "bedden", "value": "2"}, creating=True)
    assert created == {"visit_id": "v1", "item_id": "bedden", "room": "", "value": "2", "note": "",
                       "deleted": 0}
