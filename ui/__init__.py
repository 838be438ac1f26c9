"""The Qt desktop app (PySide6)."""
