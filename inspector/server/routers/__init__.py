"""The ``/api/v1`` endpoints, one router per concern: session, sync, blobs, planning.

``create_app`` includes them all; ``common`` holds what they share (the database and caller
dependencies, the error answers every endpoint documents).
"""
