"""Errors the server answers with: an HTTP status, a stable code, and a message in English and Dutch."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Raised anywhere in the server; turned into a JSON ``ErrorBody`` answer."""

    def __init__(self, status: int, code: str, en: str, nl: str, detail: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(en)
        self.status = status
        self.code = code
        self.en = en
        self.nl = nl
        self.detail = detail
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.en, "message_nl": self.nl, "detail": self.detail}


def forbidden(en: str = "You have no access to this.", nl: str = "U hebt hier geen toegang toe.",
              code: str = "forbidden") -> ApiError:
    return ApiError(403, code, en, nl)


def not_found(what_en: str = "Not found.", what_nl: str = "Niet gevonden.") -> ApiError:
    return ApiError(404, "not_found", what_en, what_nl)


def bad_request(code: str, en: str, nl: str, detail: Any = None) -> ApiError:
    return ApiError(400, code, en, nl, detail)


class AdminError(Exception):
    """A refused admin command (unknown user, team taken …) with messages for the CLI."""

    def __init__(self, code: str, en: str, nl: str) -> None:
        super().__init__(en)
        self.code = code
        self.en = en
        self.nl = nl
