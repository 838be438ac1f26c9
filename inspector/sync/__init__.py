"""Synchronisation with the central server: wire protocol, HTTP client, staged sync job, merge policy.

Pure Python (no Qt). The server in ``inspector.server`` shares ``protocol`` and ``conflicts``.
"""
