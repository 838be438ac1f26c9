"""Strict request input for every ``/api/v1`` endpoint: JSON bodies, path and query parameters.

Python's json module accepts what neither the databases nor the laptops can hold: NaN and
Infinity (also ``1e400``, which becomes infinity), integers beyond 64 bits, and through ``\\u``
escapes NUL characters and unpaired surrogates. PostgreSQL refuses NUL in text, UTF-8 cannot
encode a lone surrogate, SQLite and PostgreSQL integers have 64 bits, and NaN makes a pull answer
invalid JSON. ``StrictRoute`` (the route class of every router) refuses all of it with a 422
before any endpoint code runs: ``invalid_number`` or ``invalid_text``, with where it was in
``detail``. A percent-escaped NUL (``%00``) in a path or query parameter is refused the same way.
A body that is not UTF-8, or nested thousands deep, is malformed JSON (422 ``invalid_request``).

Cheap on a push of a thousand records: numbers are checked by the parser's own hooks, and the
strings are only walked when the text holds an escape that can produce NUL or a surrogate, which
a laptop (UTF-8 JSON, ``ensure_ascii=False``) practically never sends.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from .errors import ApiError

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_ODD_TEXT = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# In JSON text, NUL and surrogates can only come from these escapes (a raw control character is
# invalid JSON, and a surrogate encoded as UTF-8 is invalid UTF-8). Faster than ``"\\u" in text``.
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def invalid_text(loc: list[str | int]) -> ApiError:
    return ApiError(
        422, "invalid_text",
        "The request contains characters that are not allowed (a NUL byte or an unpaired surrogate).",
        "Het verzoek bevat tekens die niet zijn toegestaan (een NUL-byte of een ongepaarde surrogaat).",
        [{"loc": loc, "msg": "NUL or unpaired surrogate", "type": "invalid_text"}])


def invalid_number(literal: str) -> ApiError:
    return ApiError(
        422, "invalid_number",
        "The request contains a number that is not allowed (NaN, Infinity, or too large for 64 bits).",
        "Het verzoek bevat een getal dat niet is toegestaan (NaN, Infinity, of te groot voor 64 bits).",
        [{"loc": ["body"], "msg": f"not an allowed number: {literal[:40]}", "type": "invalid_number"}])


class _OddNumber(Exception):
    pass


def _constant(literal: str) -> Any:
    raise _OddNumber(literal)  # NaN, Infinity, -Infinity


def _int(literal: str) -> int:
    if len(literal) < 19:  # at most 18 digits: fits 64 bits (the common case, no further look)
        return int(literal)
    # JSON has no leading zeros: more than 20 characters (sign and 19 digits) never fit, and
    # int() would refuse thousands of digits with a ValueError of its own.
    if len(literal) > 20 or not INT64_MIN <= int(literal) <= INT64_MAX:
        raise _OddNumber(literal)
    return int(literal)


def _float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e400
        raise _OddNumber(literal)
    return value


def parse_json(body: bytes) -> Any:
    """The JSON value of ``body``, or ``ApiError`` 422 for odd numbers or text. Malformed JSON
    raises ``json.JSONDecodeError`` as ``json.loads`` does (FastAPI answers that itself)."""
    try:
        text = body.decode("utf-8-sig")  # as json.loads(bytes), minus UTF-16/32 and "surrogatepass"
    except UnicodeDecodeError as exc:  # also a surrogate encoded in UTF-8 bytes: no JSON text
        raise json.JSONDecodeError("The body is not UTF-8", "", exc.start) from exc
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)
    except _OddNumber as exc:
        raise invalid_number(str(exc)) from exc
    except RecursionError as exc:  # "[[[[…" thousands deep
        raise json.JSONDecodeError("The body is nested too deeply", "", 0) from exc
    if _SUSPECT_ESCAPE.search(text) and _has_odd_text(value):
        raise invalid_text(["body", *_odd_text_at(value)])
    return value


def parse_records_json(body: bytes) -> Any:
    """A push body: malformed JSON (and an integer beyond 64 bits) is refused as a whole, but odd text,
    NaN and Infinity inside a record are left for the record registry to refuse that one record
    (``push.py``), so that one bad record waits in its laptop's quarantine while the others go through."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("The body is not UTF-8", "", exc.start) from exc
    try:
        return json.loads(text, parse_int=_int)
    except _OddNumber as exc:  # an integer beyond 64 bits: no record can hold it, the batch is refused
        raise invalid_number(str(exc)) from exc
    except RecursionError as exc:
        raise json.JSONDecodeError("The body is nested too deeply", "", 0) from exc


def _has_odd_text(value: Any) -> bool:
    """Whether any string or key in ``value`` holds a NUL or a lone surrogate. Only run when the
    text has a suspect escape (a valid pair, an emoji, also is one), so it keeps no locations."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if "\x00" in item or not item.isascii() and _SURROGATE.search(item):
                return True
        elif kind is dict:
            for key in item:
                if "\x00" in key or not key.isascii() and _SURROGATE.search(key):
                    return True
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
    return False


def _odd_text_at(value: Any) -> list[str | int]:
    """Where in ``value`` the first string or key with a NUL or a lone surrogate is (slower)."""
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, str):
            if _ODD_TEXT.search(item):
                return loc
        elif isinstance(item, dict):
            for key, child in item.items():
                if _ODD_TEXT.search(key):
                    return [*loc, "(key)"]
                stack.append((child, [*loc, key]))
        elif isinstance(item, list):
            stack.extend((child, [*loc, i]) for i, child in enumerate(item))
    return []


def check_parameters(request: Request) -> None:
    """Refuse a NUL (``%00``) or a lone surrogate in a path or query parameter."""
    for name, value in request.path_params.items():
        if isinstance(value, str) and _ODD_TEXT.search(value):
            raise invalid_text(["path", name])
    for name, value in request.query_params.multi_items():
        if _ODD_TEXT.search(name):
            raise invalid_text(["query", "(name)"])
        if _ODD_TEXT.search(value):
            raise invalid_text(["query", name])


class _Refused(HTTPException):
    """Carries an ``ApiError`` out of FastAPI's body reading, which lets HTTP exceptions through
    unchanged (any other exception there becomes a bare 400)."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.status, error.en)
        self.error = error


class StrictRequest(Request):
    """A request whose JSON body is parsed by ``parse_json`` (or ``parse_records_json``)."""

    parser: Callable[[bytes], Any] = staticmethod(parse_json)

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = self.parser(body)
            except ApiError as exc:
                raise _Refused(exc) from exc
        return self._json


class RecordsRequest(StrictRequest):
    parser = staticmethod(parse_records_json)


class StrictRoute(APIRoute):
    """The route class of every router: parameters checked, JSON parsed strictly."""

    request_class: type[StrictRequest] = StrictRequest

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            strict = self.request_class(request.scope, request.receive)
            check_parameters(strict)
            try:
                return await handler(strict)
            except _Refused as refused:
                raise refused.error from None

        return strict_handler


class RecordsRoute(StrictRoute):
    """The push endpoint's route class: records are checked one by one by the registry (see
    ``parse_records_json``)."""

    request_class = RecordsRequest
