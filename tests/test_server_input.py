"""Odd input over real HTTP, on PostgreSQL and SQLite: headers, cursors, paths, query strings and
JSON bodies get a clear refusal (or a restart), never a 500, and nothing odd is stored."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inspector.protocol.constants import HEADER
from inspector.server import admin
from tests.test_server import api, new_case

pytest_plugins = ["tests.servers"]

INVALID_TEXT = {
    "code": "invalid_text",
    "message": "The request contains characters that are not allowed (a NUL byte or an unpaired surrogate).",
    "message_nl": "Het verzoek bevat tekens die niet zijn toegestaan (een NUL-byte of een ongepaarde "
                  "surrogaat)."}
INVALID_NUMBER = {
    "code": "invalid_number",
    "message": "The request contains a number that is not allowed (NaN, Infinity, or too large for "
               "64 bits).",
    "message_nl": "Het verzoek bevat een getal dat niet is toegestaan (NaN, Infinity, of te groot voor "
                  "64 bits)."}
CLIENT_OUTDATED = {
    "code": "client_outdated",
    "message": "This version of Inspector is too old for the server. Please update Inspector.",
    "message_nl": "Deze versie van Inspector is te oud voor de server. Werk Inspector bij."}
PLAN = '{"template_id":"S1","planned_at":"02-12-2026 10:00","team":"Team Zuid"}'


def push_text(key: str, fields: str, extra: str = "", base_rev: str = "0",
              record_id: str = "c-odd-1") -> str:
    """A push of one case record as raw JSON text (escapes such as \\u0000 go as written)."""
    envelope = f'"entity":"cases","id":"{record_id}","case_id":"{record_id}","base_rev":{base_rev}'
    return '{"key":"' + key + '","records":[{' + envelope + ',"fields":' + fields + extra + "}]}"


NEW_CASE = '{"number":"Z-0901","domain":"sociaal","team":"Team Zuid"%s}'
ODD_TEXT_RECORDS = {
    "NUL in a field": (NEW_CASE % r',"title":"a\u0000b"', "", "title"),
    "lone surrogate in a field": (NEW_CASE % r',"title":"a\ud800b"', "", "title"),
    "half of a surrogate pair": (NEW_CASE % r',"title":"\ud83d"', "", "title"),
    "NUL in the case number": (r'{"number":"Z-0901\u0000","domain":"sociaal","team":"Team Zuid"}', "",
                               "number"),
    "NUL in modified_by": (NEW_CASE % "", r',"modified_by":"Toezichthouder\u0000"', "author"),
}
ODD_TEXT_BODIES = {
    "login: NUL in the username": ("/login", r'{"username":"toezichthouder-zuid\u0000","password":"x"}'),
    "login: lone surrogate in the username": ("/login", r'{"username":"\ud800","password":"x"}'),
    "login: NUL in the password": ("/login", r'{"username":"toezichthouder-zuid","password":"\u0000"}'),
    "login: NUL in the device name": ("/login", r'{"username":"toezichthouder-zuid",'
                                                r'"password":"wachtwoord-test-1","device_name":"a\u0000"}'),
    "assign: NUL in the team": ("/cases/Z-0900/assign", r'{"team":"Team Zuid\u0000"}'),
    "assign: lone surrogate in the inspector": ("/cases/Z-0900/assign",
                                                r'{"team":"Team Zuid","inspector":"\udfff"}'),
    "plan: NUL in the template": ("/cases/Z-0900/visits", PLAN.replace("S1", r"S1\u0000")),
    "plan: lone surrogate in the team": ("/cases/Z-0900/visits", PLAN.replace("Team Zuid", r"\ud800")),
    "blobs: NUL in a hash": ("/blobs/missing", r'{"hashes":["\u0000"]}'),
}
ODD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "9223372036854775808",
               "-9223372036854775809", "1" + "0" * 5000]


def coordinator(server: Any) -> httpx.Client:
    """A client logged in as a coordinator of Team Zuid."""
    return api(server, server.token("coordinator-zuid"))


def seed(client: httpx.Client) -> str:
    """Push the case Z-0900 of Team Zuid; returns its id."""
    case_id, case = new_case("Z-0900")
    r = client.post("/push", json={"key": "seed-input-1", "records": [case]})
    assert r.json()["results"][0]["status"] == "applied"
    return case_id


def post_text(client: httpx.Client, path: str, text: str) -> httpx.Response:
    return client.post(path, content=text.encode(), headers={"Content-Type": "application/json"})


def refused(r: httpx.Response, status: int, expected: dict[str, str]) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert {k: body[k] for k in ("code", "message", "message_nl")} == expected
    assert set(body) == {"code", "message", "message_nl", "detail"}


def healthy(client: httpx.Client, server: Any) -> None:
    """The server still answers normal requests (and the records are the ones it had)."""
    pulled = client.get("/pull").json()
    assert [r["id"] for r in pulled["records"]] == [r["id"] for r in server.records()]
    assert client.get("/me").json()["username"] == "coordinator-zuid"


@pytest.mark.parametrize("version", [b"\xb9", b"\xb2", b"\xb3", b"\xb9\xb2", b"9" * 5000, b"1" * 5000,
                                     b"99999999999999999999"])
def test_protocol_header_that_is_no_plain_number_asks_to_update(any_server, version: bytes) -> None:
    """A protocol version of superscript digits or thousands of digits gets the 426 "please update"."""
    for path in ("/api/v1/ping", "/api/v1/me"):
        r = httpx.get(any_server.url + path, headers={HEADER: version})
        refused(r, 426, CLIENT_OUTDATED)
    with api(any_server) as c:
        assert c.get("/ping").json()["ok"] is True


def test_pull_cursor_beyond_64_bits_or_of_odd_digits_starts_over(any_server) -> None:
    """A cursor whose revision is no plain number that fits 64 bits is malformed: the pull restarts."""
    with coordinator(any_server) as client:
        case_id = seed(client)
        first = client.get("/pull").json()
        tag = first["cursor"].split(".")[1]
        for rev in ("9223372036854775808", "18446744073709551616", "9" * 80, "²", "¹²³", "١", "-1", "+1"):
            r = client.get("/pull", params={"cursor": f"{rev}.{tag}"})
            assert r.status_code == 200, (rev, r.text)
            page = r.json()
            assert (page["restart"], [x["id"] for x in page["records"]]) == (True, [case_id]), rev
            assert page["cursor"] == first["cursor"]
        last = client.get("/pull", params={"cursor": f"9223372036854775807.{tag}"}).json()
        assert (last["restart"], last["records"], last["cursor"]) == (False, [], f"9223372036854775807.{tag}")
        healthy(client, any_server)


@pytest.mark.parametrize("case", list(ODD_TEXT_BODIES))
def test_nul_or_lone_surrogate_in_a_json_body_is_refused(any_server, case: str) -> None:
    """A NUL or an unpaired surrogate anywhere in a JSON body gets 422 invalid_text; nothing is stored."""
    path, text = ODD_TEXT_BODIES[case]
    with coordinator(any_server) as client:
        seed(client)
        before, devices = any_server.records(), admin.list_devices(any_server.db)
        refused(post_text(client, path, text), 422, INVALID_TEXT)
        assert any_server.records() == before
        assert admin.list_devices(any_server.db) == devices
        healthy(client, any_server)


def push_two(client: httpx.Client, key: str, odd_fields: str, odd_extra: str = "") -> httpx.Response:
    """A batch of a good new case and an odd one (raw JSON text: escapes go as written)."""
    good = push_text(key, '{"number":"Z-0902","domain":"sociaal","team":"Team Zuid"}', record_id="c-good-1")
    odd = push_text(key, odd_fields, odd_extra)
    text = good[:-2] + "," + odd[odd.index('"records":[') + len('"records":['):]
    return post_text(client, "/push", text)


@pytest.mark.parametrize("case", list(ODD_TEXT_RECORDS))
def test_nul_or_lone_surrogate_in_a_pushed_record_refuses_that_record_alone(any_server, case: str) -> None:
    """A pushed record with a NUL or an unpaired surrogate is refused on its own (it waits in its laptop's
    quarantine) and never stored; the other record of the batch is taken."""
    fields, extra, where = ODD_TEXT_RECORDS[case]
    with coordinator(any_server) as client:
        seed(client)
        r = push_two(client, f"odd-text-{abs(hash(case)) % 10**6:06d}", fields, extra)
        assert r.status_code == 200, r.text
        good, odd = r.json()["results"]
        assert (good["status"], odd["status"]) == ("applied", "rejected")
        assert odd["code"] == ("invalid_record" if where == "author" else "invalid_text")
        assert where in odd["reason"] or where == "author"
        assert odd["reason_nl"].startswith(("Dit record kan niet worden opgeslagen", "Het id, de zaak"))
        assert {x["id"] for x in any_server.records("cases")} == {x["id"] for x in any_server.records("cases")
                                                                  if x["id"] != "c-odd-1"}
        assert "c-good-1" in {x["id"] for x in any_server.records("cases")}
        healthy(client, any_server)


def test_an_odd_batch_key_or_field_name_refuses_the_batch(any_server) -> None:
    """A batch key with a NUL (or anything but letters, digits and _.:-), or a field name with an unpaired
    surrogate (the batch's shape itself is broken), refuses the whole batch."""
    with coordinator(any_server) as client:
        seed(client)
        before = any_server.records()
        r = post_text(client, "/push", r'{"key":"odd-text-\u0000","records":[]}')
        refused(r, 422, {"code": "invalid_request",
                         "message": "The batch key may hold only letters, digits and _.:-",
                         "message_nl": "De sleutel van de batch mag alleen letters, cijfers en _.:- "
                                       "bevatten."})
        r = post_text(client, "/push", push_text("odd-name-1", NEW_CASE % r',"\udc00":1'))
        assert (r.status_code, r.json()["code"]) == (422, "invalid_request")
        assert any_server.records() == before


@pytest.mark.parametrize(("path", "body"), [
    ("/push", push_text("odd-bytes-1", NEW_CASE % ',"title":"a\xffb"').encode("latin-1")),
    ("/push", push_text("odd-bytes-2", NEW_CASE % ',"title":"#"').encode().replace(b"#", b"\xed\xa0\x80")),
    ("/login", b'{"username":"\xed\xb0\x80","password":"x"}'),
    ("/push", b"[" * 100_000),
    ("/login", b'{"username":' * 50_000),
])
def test_a_body_not_utf8_or_nested_too_deeply_is_refused_as_malformed(any_server, path: str,
                                                                      body: bytes) -> None:
    """A JSON body with bytes that are not UTF-8 (also a surrogate encoded as UTF-8 bytes), or nested
    thousands deep, gets 422 invalid_request; nothing is stored."""
    with coordinator(any_server) as client:
        seed(client)
        before = any_server.records()
        r = client.post(path, content=body, headers={"Content-Type": "application/json"})
        refused(r, 422, {"code": "invalid_request", "message": "The request is malformed.",
                         "message_nl": "Het verzoek is onjuist opgebouwd."})
        assert r.json()["detail"][0]["type"] == "json_invalid"
        assert any_server.records() == before
        healthy(client, any_server)


@pytest.mark.parametrize(("method", "path", "params", "body"), [
    ("POST", "/cases/Z-0900%00/assign", {}, {"json": {"team": "Team Zuid"}}),
    ("POST", "/cases/%00/visits", {}, {"content": PLAN, "headers": {"Content-Type": "application/json"}}),
    ("GET", "/blobs/%00/status", {}, {}),
    ("GET", "/pull", {"cursor": "\x00"}, {}),
    ("GET", "/pull", {"cursor": "1\x00.abc"}, {}),
    ("GET", "/pull", {"limit": "10", "note": "\x00"}, {}),
    ("GET", "/pull", {"\x00": "1"}, {}),
    ("PUT", "/blobs/" + "a" * 64, {"offset": "0", "total": "3", "x": "\x00"}, {"content": b"abc"}),
])
def test_nul_in_a_path_or_query_parameter_is_refused(any_server, method: str, path: str,
                                                     params: dict[str, str], body: dict[str, Any]) -> None:
    """A NUL in a path parameter (%00) or in a query parameter gets 422 invalid_text; nothing is stored."""
    with coordinator(any_server) as client:
        seed(client)
        before = any_server.records()
        refused(client.request(method, path, params=params, **body), 422, INVALID_TEXT)
        assert any_server.records() == before
        assert client.get("/blobs/" + "a" * 64 + "/status").json()["received"] == 0
        healthy(client, any_server)


@pytest.mark.parametrize("number", ODD_NUMBERS)
def test_nan_infinity_and_numbers_beyond_64_bits_in_a_json_body_are_refused(any_server, number: str) -> None:
    """NaN, ±Infinity, a float that overflows to infinity and an integer beyond 64 bits: in a pushed
    record's field the record is refused on its own; as a revision, or in any other body, the request
    gets 422; nothing is stored."""
    with coordinator(any_server) as client:
        case_id = seed(client)
        before = any_server.records()
        r = push_two(client, "odd-number-1", NEW_CASE % f',"title":{number}')
        if number.lstrip("-")[:1].isdigit() and "e" not in number:  # an integer beyond 64 bits: the batch
            refused(r, 422, INVALID_NUMBER)
        else:  # NaN or Infinity in a field: that record alone
            assert [(x["status"], x["code"]) for x in r.json()["results"]] == [("applied", ""),
                                                                             ("rejected", "invalid_type")]
        assert "c-odd-1" not in {x["id"] for x in any_server.records("cases")}
        before = any_server.records()
        revision = post_text(client, "/push", push_text("odd-number-2", '{"title":"x"}', base_rev=number,
                                                        record_id=case_id))
        assert revision.status_code == 422 and revision.json()["code"] in ("invalid_request",
                                                                           "invalid_number")
        for path, text in [("/login", '{"username":"toezichthouder-zuid","password":' + number + "}"),
                           ("/cases/Z-0900/visits", PLAN.replace('"02-12-2026 10:00"', number))]:
            refused(post_text(client, path, text), 422, INVALID_NUMBER)
        assert any_server.records() == before
        healthy(client, any_server)


def test_escaped_text_is_stored_and_pulled_back_as_sent(any_server) -> None:
    """Escaped letters, a valid surrogate pair (an emoji), an escaped backslash before "u0000" and a
    tab are stored and pulled back as sent."""
    case = NEW_CASE % (r',"title":"co\u00f6rdinatie \ud83d\ude00",'
                       r'"ground_facts":"\\u0000 is geen NUL","ground_source":"tab\there"')
    with coordinator(any_server) as client:
        seed(client)
        r = post_text(client, "/push", push_text("edge-case-1", case))
        assert r.status_code == 200, r.text
        assert [x["status"] for x in r.json()["results"]] == ["applied"], r.text
        pulled = {x["id"]: x["data"] for x in client.get("/pull").json()["records"]}
    assert pulled["c-odd-1"]["title"] == "coördinatie \U0001f600"
    assert pulled["c-odd-1"]["ground_facts"] == "\\u0000 is geen NUL"
    assert pulled["c-odd-1"]["ground_source"] == "tab\there"
