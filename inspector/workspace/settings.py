"""``ws.settings``: the inspector's profile and the workspace's local settings (never synced)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import validation
from ..errors import ValidationError
from ..model import Changes
from .part import Part


@dataclass
class Profile:
    name: str = ""
    appointment: str = ""
    team: str = ""

    @property
    def actor(self) -> str:
        return self.name or "onbekend"


class Settings(Part):
    def profile(self) -> Profile:
        data = self.repo.setting("profile") or {}
        return Profile(**{k: v for k, v in data.items() if k in ("name", "appointment", "team")})

    def needs_profile(self) -> bool:
        return not self.profile().name

    def set_profile(self, name: str, appointment: str, team: str = "") -> Changes:
        name = validation.single_line(name, "name")
        appointment = validation.single_line(appointment, "appointment")
        team = validation.single_line(team, "team")
        if not name.strip():
            raise ValidationError("profile_name", "Vul uw naam in.", "Enter your name.", field="name")
        if not appointment.strip():
            raise ValidationError("profile_appointment",
                                  "Vul uw aanstellingsnummer (toezichthouder/BOA-nummer) in.",
                                  "Enter your appointment number (supervisor/BOA number).",
                                  field="appointment")
        self.repo.set_setting("profile", {"name": name.strip(), "appointment": appointment.strip(),
                                          "team": team.strip()})
        return Changes.SETTINGS

    def get(self, key: str, default: Any = None) -> Any:
        return self.repo.setting(key, default)

    def set(self, key: str, value: Any) -> Changes:
        self.repo.set_setting(key, value)
        return Changes.SETTINGS

    @property
    def actor(self) -> str:
        return self.profile().actor
