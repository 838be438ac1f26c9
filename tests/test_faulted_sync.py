"""A short faulted-sync campaign on both backends (the long one: ``make faulted-sync``)."""

from __future__ import annotations

import logging
import socket
import time

pytest_plugins = ["tests.servers"]


def test_laptops_converge_through_a_connection_breaking_proxy(any_server, tmp_path, caplog) -> None:
    """Offline edits, same-field conflicts, photos and finalized visits, synced through resets,
    stalls and truncations: afterwards nothing is lost, duplicated or unverifiable, and the server's
    log holds no error for the dropped connections."""
    from tests.faulted_sync import Campaign  # after the servers plugin is loaded

    campaign = Campaign(any_server, tmp_path, laptops=2, rounds=12, seed=11)
    try:
        figures = campaign.run()
    finally:
        campaign.close()
    print(figures.as_dict())
    assert figures.problems == []
    assert figures.failed_syncs >= 2 and sum(figures.faults.values()) >= 4  # the faults did strike
    assert figures.finalized >= 2 and figures.photos >= 2 and figures.conflicts >= 1
    assert (figures.lost, figures.duplicated, figures.without_receipt, figures.unverified) == (0, 0, 0, 0)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_laptop_gone_mid_upload_leaves_no_error_in_the_server_log(server, caplog) -> None:
    """A connection dropped halfway through a photo upload is an everyday event, not a server error."""
    from inspector.protocol.constants import HEADER, PROTOCOL_VERSION

    caplog.set_level(logging.INFO, logger="inspector.server")
    token = server.token("toezichthouder-zuid")
    host, port = server.url.removeprefix("http://").split(":")
    request = (f"PUT /api/v1/blobs/{'ab' * 32}?offset=0&total=100000 HTTP/1.1\r\nHost: {host}\r\n"
               f"Authorization: Bearer {token}\r\n{HEADER}: {PROTOCOL_VERSION}\r\n"
               "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n")
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(request.encode() + b"x" * 20_000)
        time.sleep(0.3)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any("disconnected" in r.getMessage() for r in caplog.records):
        time.sleep(0.05)
    assert any("client disconnected during PUT" in r.getMessage() for r in caplog.records)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
