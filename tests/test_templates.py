"""Checklist templates (resources/templates) and enforcement frameworks (resources/frameworks.json)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from inspector import frameworks
from inspector.errors import ValidationError
from inspector.templates import (
    ITEM_TYPES,
    SCHEMA_PATH,
    TEMPLATES_DIR,
    Item,
    Option,
    TemplateError,
    Text,
    get_template,
    is_relevant,
    load_template_file,
    load_templates,
    missing_required,
    relevant_ids,
    template_from_dict,
    template_to_dict,
    validate_answer,
)

SHIPPED = ["F2", "F3", "O2", "O3", "S1", "S2", "S3"]


def _raw(template_id: str = "S1") -> dict[str, Any]:
    return json.loads((TEMPLATES_DIR / f"{template_id}.json").read_text(encoding="utf-8"))


def _raw_item(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(i for i in data["items"] if i["id"] == item_id)


def _write(directory: Path, name: str, data: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _broken(tmp_path: Path, data: dict[str, Any]) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        load_template_file(_write(tmp_path, "S1.json", data))
    assert info.value.code == "template_invalid"
    return info.value


def _item(id: str, type: str = "yesno", **kw: Any) -> dict[str, Any]:
    return {"id": id, "type": type, "label": {"nl": id, "en": id}, "required": True, "regulation": "APV",
            **kw}


def _mini(*items: dict[str, Any]) -> Any:
    """A small valid template with the given items, for skip-logic tests."""
    data = _raw("S1")
    data["items"] = list(items)
    return template_from_dict(data, "mini")


YN = [{"code": c, "nl": c, "en": c} for c in ("a", "b", "c")]


# ---------------------------------------------------------------------------------- shipped templates

def test_every_shipped_template_loads_and_validates() -> None:
    """All seven visit types load in their current version and meet the content rules (items, per-room,
    skip logic)."""
    loaded = load_templates()
    assert sorted(loaded) == SHIPPED
    assert {k: t.version for k, t in loaded.items()} == {"S1": 2, "S2": 1, "S3": 2, "F2": 1, "F3": 2,
                                                         "O2": 1, "O3": 1}
    for template_id, t in loaded.items():
        assert t.id == template_id
        assert 12 <= len(t.items) <= 25, template_id
        assert any(i.per_room for i in t.items), template_id
        assert sum(i.relevant is not None for i in t.items) >= 3, template_id
        assert all(i.help is not None and i.regulation for i in t.items), template_id


def test_shipped_templates_follow_their_domain() -> None:
    """Social types need a ground and no LHS; physical and OOV types use the LHS matrix."""
    loaded = load_templates()
    assert {k: (t.domain, t.requires_ground, t.uses_lhs) for k, t in loaded.items()} == {
        "S1": ("sociaal", True, False), "S2": ("sociaal", True, False), "S3": ("sociaal", True, False),
        "F2": ("fysiek", False, True), "F3": ("fysiek", False, True),
        "O2": ("oov", False, True), "O3": ("oov", False, True),
    }


def test_consent_texts_are_lawful() -> None:
    """Consent with a ground names consequences, never 'must cooperate'; without one: no consequences."""
    for t in load_templates().values():
        with_ground, without = t.consent_text(True), t.consent_text(False)
        assert "meewerken" not in with_ground.nl and "must cooperate" not in with_ground.en
        assert "vrijwillig" in with_ground.nl and "voluntary" in with_ground.en
        assert "geen gevolgen" in without.nl and "no consequences" in without.en
        assert t.caution_text.nl.startswith("U bent niet verplicht om op vragen te antwoorden")
        assert t.caution_text.en.startswith("You are not obliged to answer questions")
    s1 = get_template("S1").consent_text(True)
    assert "gevolgen hebben voor uw uitkering" in s1.nl
    assert "consequences for your benefit" in s1.en


def test_outcomes_per_domain() -> None:
    """Each visit type offers the outcomes of DOMAIN.md §4."""
    loaded = load_templates()
    codes = {k: [o.code for o in t.outcomes] for k, t in loaded.items()}
    assert codes["S1"] == ["niets_gevonden", "aanvraag_ingetrokken", "afgewezen", "nader_onderzoek",
                           "doorverwijzing"]
    assert codes["S2"] == ["niets_gevonden", "herziening_terugvordering", "waarschuwing_boete", "aangifte",
                           "doorverwijzing"]
    assert codes["S3"] == ["adres_juist", "adres_gewijzigd", "voornemen_uitschrijving", "briefadres",
                           "herhaalbezoek"]
    assert codes["F2"] == codes["F3"] == ["voldoet", "waarschuwing_hersteltermijn", "voornemen_lod_lob",
                                          "spoedeisende_bestuursdwang", "legalisatie", "bestuurlijke_boete",
                                          "hercontrole", "signaal"]
    assert codes["O2"] == codes["O3"] == ["geen_overtreding", "waarschuwing", "boete_proces_verbaal",
                                          "last_onder_dwangsom", "sluiting", "vergunning_ingetrokken",
                                          "bibob", "signaal_riec", "zorgdoorverwijzing"]
    assert loaded["S3"].outcome("briefadres").label == Text("Briefadres", "Postal address")


def test_no_item_selects_on_nationality_or_ethnicity() -> None:
    """No item, option or help text asks for nationality, ethnicity or origin."""
    text = json.dumps([template_to_dict(t) for t in load_templates().values()], ensure_ascii=False).lower()
    for word in ("nationaliteit", "nationality", "etnici", "ethnic", "afkomst", "herkomst"):
        assert word not in text


def test_schema_lists_the_same_item_types_as_the_code() -> None:
    """The schema's type enum and ITEM_TYPES agree."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$defs"]["item"]["properties"]["type"]["enum"] == list(ITEM_TYPES)


def test_template_lookups() -> None:
    """Template.item and Template.outcome find by code and raise ValidationError for unknown ones."""
    t = get_template("S1")
    assert t.item("bedden_in_gebruik").per_room is True
    assert t.item("bedden_in_gebruik").label.get("en") == "Beds in use"
    with pytest.raises(ValidationError) as info:
        t.item("bestaat_niet")
    assert info.value.code == "unknown_item"
    with pytest.raises(ValidationError) as info:
        t.outcome("boete")
    assert info.value.code == "unknown_outcome"


# ----------------------------------------------------------------------------------------- errors

def test_unknown_item_type_is_named_with_file_and_item(tmp_path: Path) -> None:
    """A misspelt type gives file, item, the bad value and the allowed types."""
    data = _raw()
    _raw_item(data, "bedden_in_gebruik")["type"] = "yesn"
    err = _broken(tmp_path, data)
    assert str(err) == ("S1.json, item 'bedden_in_gebruik': type 'yesn' is unknown "
                        "(allowed: yesno, choice, multichoice, number, text, date, datetime, photo)")
    assert err.message("nl") == (
        "S1.json, item 'bedden_in_gebruik': type 'yesn' is onbekend "
        "(toegestaan: yesno, choice, multichoice, number, text, date, datetime, photo)")
    assert err.item_id == "bedden_in_gebruik"


def test_duplicate_item_id(tmp_path: Path) -> None:
    """Two items with the same id are reported."""
    data = _raw()
    data["items"][4]["id"] = "voertuig"
    assert str(_broken(tmp_path, data)) == "S1.json, item 'voertuig': id is used more than once"


def test_unknown_skip_reference(tmp_path: Path) -> None:
    """A skip condition on an item that does not exist is reported."""
    data = _raw()
    _raw_item(data, "id_soort")["relevant"] = {"item": "id_gezein", "equals": "ja"}
    expected = "S1.json, item 'id_soort': relevant refers to unknown item 'id_gezein'"
    assert str(_broken(tmp_path, data)) == expected


def test_choice_without_options(tmp_path: Path) -> None:
    """A choice item needs options."""
    data = _raw()
    del _raw_item(data, "hoofdhuurder")["options"]
    assert str(_broken(tmp_path, data)) == "S1.json, item 'hoofdhuurder': type 'choice' needs 'options'"


def test_schema_error_missing_field_in_item(tmp_path: Path) -> None:
    """A missing required field inside an item names the item."""
    data = _raw()
    del _raw_item(data, "voertuig")["label"]
    assert str(_broken(tmp_path, data)) == "S1.json, item 'voertuig': 'label' is missing"


def test_schema_error_outside_items(tmp_path: Path) -> None:
    """Schema errors outside the items name the file and the field."""
    data = _raw()
    del data["outcomes"]
    assert str(_broken(tmp_path, data)) == "S1.json: 'outcomes' is missing"
    data = _raw()
    data["version"] = "1"
    assert str(_broken(tmp_path, data)) == "S1.json: version must be integer"
    data = _raw()
    data["consent"]["with_ground"]["en"] = ""
    assert str(_broken(tmp_path, data)) == "S1.json: consent.with_ground.en is empty"


def test_schema_error_unknown_field_and_bad_option(tmp_path: Path) -> None:
    """A misspelt field and a bad option code are reported with their place."""
    data = _raw()
    _raw_item(data, "voertuig")["labl"] = {"nl": "x", "en": "x"}
    assert str(_broken(tmp_path, data)) == "S1.json, item 'voertuig': unknown field 'labl'"
    data = _raw()
    _raw_item(data, "hoofdhuurder")["options"][1]["code"] = "Mede bewoner"
    assert str(_broken(tmp_path, data)) == (
        "S1.json, item 'hoofdhuurder': options[1].code 'Mede bewoner' has an invalid form "
        "(^[a-z0-9][a-z0-9_]*$)")


def test_malformed_condition(tmp_path: Path) -> None:
    """A condition that fits none of the forms explains the allowed forms."""
    data = _raw()
    _raw_item(data, "id_soort")["relevant"] = {"item": "id_gezien", "is": "ja"}
    assert str(_broken(tmp_path, data)) == (
        "S1.json, item 'id_soort': relevant is not a valid condition "
        "({item, equals}, {item, in}, {item, answered}, {all: [...]}, {any: [...]})")


def test_semantic_errors(tmp_path: Path) -> None:
    """Duplicate option codes, min > max and impossible skip values are reported."""
    data = _raw()
    _raw_item(data, "hoofdhuurder")["options"][1]["code"] = "aanvrager"
    assert str(_broken(tmp_path, data)) == (
        "S1.json, item 'hoofdhuurder': option code 'aanvrager' is used more than once")
    data = _raw()
    _raw_item(data, "aantal_medebewoners")["min"] = 40
    assert str(_broken(tmp_path, data)) == (
        "S1.json, item 'aantal_medebewoners': min 40 is greater than max 30")
    data = _raw()
    _raw_item(data, "id_soort")["relevant"] = {"item": "id_gezien", "equals": "misschien"}
    assert str(_broken(tmp_path, data)) == (
        "S1.json, item 'id_soort': relevant: 'misschien' is not an answer of 'id_gezien' "
        "(allowed: ja, nee, onbekend)")
    data = _raw()
    _raw_item(data, "signalen_werk_toelichting")["relevant"] = {"item": "signalen_werk_inkomen",
                                                                 "in": ["auto"]}
    assert "relevant: 'auto' is not an answer of 'signalen_werk_inkomen'" in str(_broken(tmp_path, data))


def test_skip_logic_loop(tmp_path: Path) -> None:
    """Items whose conditions depend on each other in a loop are refused."""
    data = _raw()
    _raw_item(data, "id_gezien")["relevant"] = {"item": "id_soort", "answered": True}
    assert str(_broken(tmp_path, data)) == (
        "S1.json, item 'id_gezien': skip logic forms a loop: id_gezien → id_soort → id_gezien")


def test_invalid_json(tmp_path: Path) -> None:
    """A file that is not JSON names the line and column."""
    path = tmp_path / "S1.json"
    path.write_text('{"id": "S1",\n  version: 1}', encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template_file(path)
    assert str(info.value) == (
        "S1.json: not valid JSON (line 2, column 3): Expecting property name enclosed in double quotes")


def test_unrecognised_file_name(tmp_path: Path) -> None:
    """A directory with a badly named template file is reported."""
    _write(tmp_path, "S1 kopie.json", _raw())
    with pytest.raises(TemplateError) as info:
        load_templates(tmp_path)
    assert str(info.value) == "S1 kopie.json: unrecognised file name (expected ID.json or ID.vN.json)"


# ---------------------------------------------------------------------------------------- versions

def test_old_version_loads_by_id_and_version(tmp_path: Path) -> None:
    """S1.v1.json stays loadable by (id, version) while S1.json is the current version."""
    old = _raw()
    old["version"] = 1
    new = copy.deepcopy(old)
    new["version"] = 2
    new["items"].insert(0, _item("nieuwe_vraag"))
    _write(tmp_path, "S1.v1.json", old)
    _write(tmp_path, "S1.json", new)
    assert get_template("S1", 1, directory=tmp_path).version == 1
    assert get_template("S1", 1, directory=tmp_path).items[0].id == "id_gezien"
    assert get_template("S1", 2, directory=tmp_path).items[0].id == "nieuwe_vraag"
    assert get_template("S1", directory=tmp_path).version == 2
    assert load_templates(tmp_path)["S1"].version == 2
    with pytest.raises(ValidationError) as info:
        get_template("S1", 3, directory=tmp_path)
    assert info.value.code == "template_not_found"
    assert str(info.value) == "Template S1 v3 was not found."


def test_version_must_match_file_name(tmp_path: Path) -> None:
    """An old-version file whose content has another version is refused."""
    data = _raw()
    data["version"] = 2
    _write(tmp_path, "S1.v1.json", data)
    with pytest.raises(TemplateError) as info:
        get_template("S1", 1, directory=tmp_path)
    assert str(info.value) == "S1.v1.json: version 2 does not match the file name"


def test_unknown_template_id() -> None:
    """An unknown template id raises template_not_found."""
    with pytest.raises(ValidationError) as info:
        get_template("X9")
    assert info.value.code == "template_not_found"


def test_round_trip_to_dict_and_back() -> None:
    """template_to_dict → JSON → template_from_dict rebuilds an equal template for every shipped one."""
    for t in load_templates().values():
        data = json.loads(json.dumps(template_to_dict(t)))
        assert template_from_dict(data, source=f"db:{t.id}") == t
        assert data == {k: v for k, v in _raw(t.id).items() if k != "$schema"}


def test_template_from_dict_names_its_source() -> None:
    """Errors from a template stored elsewhere name the given source."""
    data = _raw()
    data["items"][0]["type"] = "ja/nee"
    with pytest.raises(TemplateError) as info:
        template_from_dict(data, source="bundle.json")
    assert str(info.value).startswith("bundle.json, item 'id_gezien': type 'ja/nee' is unknown")


# -------------------------------------------------------------------------------------- skip logic

def test_dependent_item_not_relevant_and_not_missing_when_condition_false() -> None:
    """A skipped item is neither asked nor required."""
    t = get_template("S1")
    kenteken = t.item("voertuig_kenteken")
    assert is_relevant(kenteken, {"voertuig": "nee"}) is False
    assert ("voertuig_kenteken", None) not in missing_required(t, {"voertuig": "nee"}, [])
    assert ("voertuig_kenteken", None) not in missing_required(t, {}, [])


def test_dependent_item_missing_when_condition_true() -> None:
    """Once its condition holds, a required dependent item is missing until answered."""
    t = get_template("S1")
    assert is_relevant(t.item("voertuig_kenteken"), {"voertuig": "ja"}) is True
    assert ("voertuig_kenteken", None) in missing_required(t, {"voertuig": "ja"}, [])
    answers = {"voertuig": "ja", "voertuig_kenteken": "AB-123-C"}
    assert ("voertuig_kenteken", None) not in missing_required(t, answers, [])


def test_in_condition_matches_any_chosen_option() -> None:
    """'in' on a multichoice answer holds when any chosen code is listed."""
    t = _mini(_item("soort", "multichoice", options=YN),
              _item("uitleg", "text", relevant={"item": "soort", "in": ["b", "c"]}))
    uitleg = t.item("uitleg")
    assert is_relevant(uitleg, {"soort": ["a"]}) is False
    assert is_relevant(uitleg, {"soort": ["a", "c"]}) is True
    assert is_relevant(uitleg, {"soort": []}) is False


def test_all_any_and_answered_conditions() -> None:
    """'all' needs every condition, 'any' one of them, 'answered' any value."""
    t = _mini(_item("p"), _item("q"), _item("n", "number", required=False),
              _item("beide", "text", relevant={"all": [{"item": "p", "equals": "ja"},
                                                        {"item": "q", "equals": "ja"}]}),
              _item("een", "text", relevant={"any": [{"item": "p", "equals": "ja"},
                                                      {"item": "q", "equals": "ja"}]}),
              _item("na_n", "text", relevant={"item": "n", "answered": True}))
    answers = {"p": "ja", "q": "nee"}
    assert is_relevant(t.item("beide"), answers) is False
    assert is_relevant(t.item("een"), answers) is True
    assert is_relevant(t.item("een"), {"p": "nee", "q": "onbekend"}) is False
    assert is_relevant(t.item("na_n"), {"n": 0}) is True
    assert is_relevant(t.item("na_n"), {"n": None}) is False


def test_number_condition() -> None:
    """An 'equals' on a number compares numerically."""
    t = _mini(_item("n", "number"), _item("bij_twee", "text", relevant={"item": "n", "equals": 2}))
    assert is_relevant(t.item("bij_twee"), {"n": 2.0}) is True
    assert is_relevant(t.item("bij_twee"), {"n": 3}) is False


def test_condition_on_per_room_item_holds_when_any_room_satisfies_it() -> None:
    """A condition on a per-room item is true if any room satisfies it, or for one room when asked so."""
    t = _mini(_item("slot", per_room=True), _item("naam", "text", relevant={"item": "slot", "equals": "ja"}),
              _item("naam_kamer", "text", per_room=True, relevant={"item": "slot", "equals": "ja"}))
    answers = {"slot": {"kamer_1": "nee", "kamer_2": "ja"}}
    assert is_relevant(t.item("naam"), answers) is True
    assert is_relevant(t.item("naam"), {"slot": {"kamer_1": "nee"}}) is False
    assert is_relevant(t.item("naam_kamer"), answers, room="kamer_1") is False
    assert is_relevant(t.item("naam_kamer"), answers, room="kamer_2") is True
    assert missing_required(t, answers, ["kamer_1", "kamer_2"]) == [("naam", None), ("naam_kamer", "kamer_2")]


def test_missing_required_per_room() -> None:
    """Every room in scope needs an answer to a required per-room item; 0 is an answer."""
    t = _mini(_item("bedden", "number", per_room=True, min=0, max=9), _item("foto", "photo", required=False))
    assert missing_required(t, {}, ["woonkamer", "keuken"]) == [("bedden", "woonkamer"), ("bedden", "keuken")]
    rooms = ["woonkamer", "keuken"]
    assert missing_required(t, {"bedden": {"woonkamer": 0}}, rooms) == [("bedden", "keuken")]
    assert missing_required(t, {"bedden": {"woonkamer": 0, "keuken": 1}}, ["woonkamer", "keuken"]) == []
    assert missing_required(t, {"bedden": {"woonkamer": 2}}, []) == []


def test_empty_values_count_as_missing() -> None:
    """None, "" and [] are no answer."""
    t = _mini(_item("a"), _item("b", "text"), _item("c", "multichoice", options=YN))
    assert missing_required(t, {"a": None, "b": "", "c": []}, []) == [("a", None), ("b", None), ("c", None)]
    assert missing_required(t, {"a": "onbekend", "b": "x", "c": ["a"]}, []) == []


def test_answer_of_skipped_item_does_not_count() -> None:
    """A stale answer to a skipped item does not make the items depending on it relevant."""
    t = get_template("S3")
    answers = {"ingeschrevene_woont_hier": "ja", "nieuw_adres_bekend": "ja"}
    assert "nieuw_adres_bekend" not in relevant_ids(t, answers)
    assert "nieuw_adres" not in relevant_ids(t, answers)
    assert is_relevant(t.item("nieuw_adres"), answers) is True  # on its own, the condition holds
    missing = missing_required(t, answers, [])
    assert ("nieuw_adres", None) not in missing and ("nieuw_adres_bekend", None) not in missing


# ------------------------------------------------------------------------------------ answer values

def _one(type: str, **kw: Any) -> Item:
    return Item(id="v", type=type, label=Text("Vraag", "Question"), required=True, help=None,
                regulation="APV", **kw)


def _bad(item: Item, value: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_answer(item, value)
    assert info.value.code == "answer_invalid"
    assert info.value.field == "v"
    return info.value


def test_validate_yesno() -> None:
    """Yes/no answers are ja, nee or onbekend."""
    item = _one("yesno")
    assert validate_answer(item, " Ja ") == "ja"
    assert validate_answer(item, False) == "nee"
    assert validate_answer(item, "onbekend") == "onbekend"
    err = _bad(item, "misschien")
    assert err.message("nl") == "Vraag: kies ja, nee of onbekend"
    assert err.message("en") == "Question: choose yes, no or unknown"


def test_validate_choice_and_multichoice() -> None:
    """Choice answers are option codes; multichoice gives the codes in option order."""
    options = tuple(Option(c, Text(c, c)) for c in ("a", "b", "c"))
    choice = _one("choice", options=options)
    multi = _one("multichoice", options=options)
    assert validate_answer(choice, "b") == "b"
    assert _bad(choice, "d").message("en") == "Question: 'd' is not an option (allowed: a, b, c)"
    assert validate_answer(multi, ["c", "a", "c"]) == ["a", "c"]
    assert validate_answer(multi, "b") == ["b"]
    assert validate_answer(multi, []) is None
    assert _bad(multi, ["a", "x"]).message("nl") == "Vraag: 'x' is geen optie (toegestaan: a, b, c)"


def test_validate_number_with_dutch_comma() -> None:
    """Numbers accept a Dutch decimal comma and must lie within min and max."""
    item = _one("number", min=0.0, max=20.0)
    assert validate_answer(item, "3,5") == 3.5
    assert validate_answer(item, "12") == 12
    assert validate_answer(item, 7) == 7
    assert validate_answer(_one("number"), "1.234,5") == 1234.5
    assert _bad(item, "21").message("en") == "Question: must be between 0 and 20"
    assert _bad(_one("number", min=0.5), "0,25").message("nl") == "Vraag: moet tussen 0,5 en … liggen"
    assert _bad(item, "drie").message("en") == "Question: not a valid number"
    _bad(item, True)


def test_validate_dates() -> None:
    """Dates become ISO from ISO or dd-mm-jjjj; date-times become ISO too."""
    day, moment = _one("date"), _one("datetime")
    assert validate_answer(day, "01-05-2026") == "2026-05-01"
    assert validate_answer(day, "2026-05-01") == "2026-05-01"
    assert _bad(day, "31-02-2026").message("nl") == "Vraag: geen geldige datum (dd-mm-jjjj)"
    assert _bad(day, "2026-05-01T10:00").code == "answer_invalid"
    assert validate_answer(moment, "2026-05-01T10:00") == "2026-05-01T10:00:00"
    assert validate_answer(moment, "01-05-2026 09:30") == "2026-05-01T09:30:00"
    assert _bad(moment, "gisteren").message("en") == "Question: not a valid date and time (yyyy-mm-dd hh:mm)"


def test_validate_text_photo_and_empty() -> None:
    """Text is stripped, photos are a list of ids, empty answers become None."""
    assert validate_answer(_one("text"), "  Geen bijzonderheden. ") == "Geen bijzonderheden."
    assert validate_answer(_one("text"), "   ") is None
    assert validate_answer(_one("text"), None) is None
    assert _bad(_one("text"), 12).message("en") == "Question: must be text"
    assert validate_answer(_one("photo"), ["abc123", " def456 "]) == ["abc123", "def456"]
    assert validate_answer(_one("photo"), "abc123") == ["abc123"]


def test_validate_per_room_dict() -> None:
    """A per-room answer given as a dict is checked room by room."""
    item = _one("number", per_room=True, min=0.0, max=9.0)
    assert validate_answer(item, {"woonkamer": "2", "keuken": ""}) == {"woonkamer": 2}
    assert validate_answer(item, "3") == 3
    _bad(item, {"woonkamer": "12"})


def test_validate_shipped_item_names_its_label() -> None:
    """The error for a shipped item names the item's label."""
    item = get_template("S1").item("bedden_in_gebruik")
    assert _bad_shipped(item, "25") == ("Bedden in gebruik: moet tussen 0 en 20 liggen",
                                        "Beds in use: must be between 0 and 20")


def _bad_shipped(item: Item, value: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        validate_answer(item, value)
    return info.value.message("nl"), info.value.message("en")


# -------------------------------------------------------------------------------------- frameworks

def test_tafel_van_elf() -> None:
    """Eleven dimensions in three groups."""
    assert list(frameworks.TAFEL_VAN_ELF) == [f"T{n}" for n in range(1, 12)]
    assert list(frameworks.TAFEL_GROUPS) == ["spontane_naleving", "controle", "sanctie"]
    assert frameworks.tafel_dimension("T1").label == Text("Kennis van de regels", "Knowledge of the rules")
    groups = [d.group for d in frameworks.TAFEL_VAN_ELF.values()]
    assert groups == ["spontane_naleving"] * 5 + ["controle"] * 4 + ["sanctie"] * 2
    with pytest.raises(ValidationError):
        frameworks.tafel_dimension("T12")


def test_lhs_cell_validity_and_intervention() -> None:
    """Cells are behaviour A–D plus consequence 1–4; each maps to an intervention."""
    assert frameworks.lhs_cell_valid("B4") is True
    assert frameworks.lhs_cell_valid("A1") is True
    for bad in ("E1", "B5", "4B", "b4", "B0", "", "B44"):
        assert frameworks.lhs_cell_valid(bad) is False
    assert frameworks.lhs_intervention("A1").nl == (
        "Normoverdragend: gesprek, uitleg en waarschuwing met hersteltermijn")
    assert frameworks.lhs_intervention("D4").en.startswith("Criminal and administrative")
    assert frameworks.LHS_BEHAVIOURS["C"].label == Text("Calculerend", "Calculating")
    assert frameworks.LHS_CONSEQUENCES["4"].label.en == "Substantial or irreversible"
    with pytest.raises(ValidationError) as info:
        frameworks.lhs_intervention("E5")
    assert info.value.code == "lhs_cell_invalid"


def test_referral_kinds_and_signal_targets() -> None:
    """Referral kinds and signal targets are looked up by code; unknown codes raise."""
    assert list(frameworks.REFERRAL_KINDS) == ["schuldhulpverlening", "werkcoach", "wmo_wijkteam",
                                               "veilig_thuis", "nabetaling", "ggd"]
    assert frameworks.referral_kind("schuldhulpverlening").label.en == "Debt counselling"
    assert {"brp", "brandweer", "wonen", "riec", "politie", "belastingen"} <= set(frameworks.SIGNAL_TARGETS)
    brp = frameworks.signal_target("brp")
    assert brp.legal_basis.nl == "Wet BRP art. 2.34 (terugmelding bij gerede twijfel)"
    assert frameworks.default_legal_basis("brp") == "Wet BRP art. 2.34 (terugmelding bij gerede twijfel)"
    with pytest.raises(ValidationError) as info:
        frameworks.referral_kind("schuldhulp")
    assert info.value.code == "unknown_referral_kind"
    with pytest.raises(ValidationError) as info:
        frameworks.signal_target("fiod")
    assert info.value.code == "unknown_signal_target"


def test_lhs_mapping_is_configurable_and_checked(tmp_path: Path) -> None:
    """A municipality's own frameworks file is used, and a gap in the LHS mapping is refused."""
    data = json.loads(frameworks.FRAMEWORKS_PATH.read_text(encoding="utf-8"))
    data["lhs"]["matrix"]["A1"] = "herstel"
    own = tmp_path / "frameworks.json"
    own.write_text(json.dumps(data), encoding="utf-8")
    assert frameworks.load_frameworks(own).lhs_intervention("A1").nl.startswith("Herstel:")
    del data["lhs"]["matrix"]["C3"]
    own.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        frameworks.load_frameworks(own)
    assert info.value.code == "frameworks_invalid"
    assert str(info.value) == "frameworks.json: LHS cell C3 has no intervention."


def test_beds_are_not_asked_in_hall_kitchen_or_bathroom() -> None:
    """Version 2 of S1, S3 and F3 asks beds except where nobody sleeps; version 1 is kept as it was."""
    for template_id, skipped in (("S1", {"hal", "keuken", "badkamer"}), ("S3", {"hal", "keuken", "badkamer"}),
                                 ("F3", {"gemeenschappelijke_keuken", "badkamer"})):
        beds = get_template(template_id).item("bedden_in_gebruik")
        rooms = [r.code for r in get_template(template_id).rooms]
        asked = {r for r in rooms if is_relevant(beds, {}, r)}
        assert asked == set(rooms) - skipped, template_id
        assert not get_template(template_id, 1).item("bedden_in_gebruik").not_in_rooms
    tpl = get_template("S1")
    missing = missing_required(tpl, {}, ["hal", "badkamer", "slaapkamer_1"])
    assert [m for m in missing if m[0] == "bedden_in_gebruik"] == [("bedden_in_gebruik", "slaapkamer_1")]


def test_not_in_rooms_must_name_rooms_of_a_per_room_item() -> None:
    """A room rule on a general question, or naming an unknown room, is refused with a clear message."""
    item = {"id": "x", "type": "number", "label": {"nl": "X", "en": "X"}, "required": False,
            "help": {"nl": "h", "en": "h"}, "regulation": "r"}
    with pytest.raises(TemplateError, match="per_room"):
        _mini({**item, "not_in_rooms": ["hal"]})
    with pytest.raises(TemplateError, match="zolderkamer"):
        _mini({**item, "per_room": True, "not_in_rooms": ["zolderkamer"]})
