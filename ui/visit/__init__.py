"""The visit as guided steps (Voorbereiding … Afronden); ``VisitView`` is the entry point.

Imported lazily: the photo helper processes import ``ui.visit.decoder`` and must not load Qt.
"""

from __future__ import annotations

from typing import Any

__all__ = ["VisitView"]


def __getattr__(name: str) -> Any:
    if name == "VisitView":
        from ui.visit.view import VisitView

        return VisitView
    raise AttributeError(f"module 'ui.visit' has no attribute {name!r}")
