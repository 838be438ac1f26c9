"""Protocol constants: version, header, size limits, and what a server address may be.

The synced records themselves (fields, defaults, order, what may change) are declared once in the
record registry, ``inspector/records.py``.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

PROTOCOL_VERSION = 2  # 2: sealed evidence (signatures, receipts signed by the server, keys at login)
MIN_PROTOCOL_VERSION = 2
HEADER = "X-Inspector-Protocol"
API_PREFIX = "/api/v1"
# How long the server keeps an idle connection open: longer than the app's minute between pings, so a
# laptop's ping and the syncs after it go over one connection. The laptop lets go of it 5 s sooner,
# so it never sends over a connection the server is closing.
KEEP_ALIVE_S = 75

MAX_JSON_BYTES = 8 * 1024 * 1024  # a push batch or any other JSON body
MAX_CHUNK_BYTES = 4 * 1024 * 1024  # one blob upload request (a piece of a file, or a batch of files)
MAX_BATCH_FILES = 256  # files in one batch upload or fetch (server/blob_batch.py)
MAX_BLOB_BYTES = 100 * 1024 * 1024  # one photo or signature
MAX_BATCH_RECORDS = 1000
MAX_PAGE_RECORDS = 5000

FINALIZED_STATUSES = ("finalized", "synced")
DEPARTURES = "departures"  # a server notice that a case has left one of the caller's teams (pull only)

ROLES = ("inspector", "coordinator", "admin", "privacy")  # privacy: the privacy officer (back office only)


def is_loopback_host(host: str) -> bool:
    """True for localhost and loopback addresses (the only hosts plain HTTP may go to)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> tuple[str, str, str] | None:
    """Why ``url`` cannot be used as a server address (code, nl, en), or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ("url_invalid", f"'{url}' is geen geldig serveradres (https://…).",
                f"'{url}' is not a valid server address (https://…).")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        return ("insecure_url",
                f"Onbeveiligd http:// is alleen toegestaan naar deze computer zelf; gebruik https:// "
                f"voor {parts.hostname}.",
                f"Plain http:// is only allowed to this computer itself; use https:// for "
                f"{parts.hostname}.")
    return None
