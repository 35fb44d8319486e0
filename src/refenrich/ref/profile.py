"""Exercise profiles: the REF rules of one exercise, read from a TOML data file.

The profiles shipped with refenrich live in ``refenrich/ref/profiles/*.toml`` (one per
exercise, each rule citing the paragraph of the guidance it comes from); a user adds an
exercise by writing a file of the same shape and passing it to :func:`load_profile_file`
(``--exercise-file`` on the command line).
"""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from refenrich.errors import InputError
from refenrich.models import Severity

__all__ = [
    "DEFAULT_EXERCISE",
    "CountRule",
    "ExerciseProfile",
    "WindowRule",
    "available_profiles",
    "infer_profile",
    "load_profile",
    "load_profile_file",
]

DEFAULT_EXERCISE = "ref2021"


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CountRule(_Data):
    """At most ``max`` items; more is a finding of ``severity``. ``source`` cites the guidance."""

    max: int = Field(ge=0)
    severity: Severity
    source: str


class WindowRule(_Data):
    """Dates from ``start`` to ``end`` inclusive; outside is a finding of ``severity``."""

    start: date
    end: date
    severity: Severity
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> WindowRule:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class ExerciseProfile(_Data):
    """The rules of one assessment exercise for impact case studies."""

    id: str
    name: str
    detect: list[str] = Field(default_factory=list)
    references: CountRule | None = None
    underpinning_research: WindowRule | None = None
    corroborating_sources: CountRule | None = None


def _parse(data: dict[str, Any], origin: str) -> ExerciseProfile:
    try:
        return ExerciseProfile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'profile'}: {item['msg']}"
            for item in error.errors()
        )
        raise InputError(f"{origin} is not a valid exercise profile: {problems}") from None


def available_profiles() -> list[str]:
    """The ids of the profiles shipped with refenrich, sorted."""
    folder = resources.files("refenrich.ref.profiles")
    return sorted(
        item.name.removesuffix(".toml") for item in folder.iterdir() if item.name.endswith(".toml")
    )


def load_profile(exercise: str) -> ExerciseProfile:
    """A shipped profile by id ("ref2021", "ref2014"; case and spaces ignored)."""
    key = exercise.lower().replace(" ", "").replace("-", "")
    if key not in available_profiles():
        known = ", ".join(available_profiles())
        raise InputError(f"unknown exercise {exercise!r}: known exercises are {known}")
    resource = resources.files("refenrich.ref.profiles").joinpath(f"{key}.toml")
    return _parse(tomllib.loads(resource.read_text(encoding="utf-8")), f"profile {key}")


def load_profile_file(path: Path) -> ExerciseProfile:
    """A profile from a TOML file of the same shape as the shipped ones."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read exercise file {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"exercise file {path} is not TOML: {error}") from None
    return _parse(data, str(path))


def infer_profile(text: str, default: str = DEFAULT_EXERCISE) -> tuple[ExerciseProfile, bool]:
    """The profile a document names (see each profile's ``detect``), else ``default``.

    Returns the profile and whether the document itself said so. When a document names
    more than one exercise (a REF 2021 case study may mention REF 2014), the one named
    first wins.
    """
    lowered = text.lower()
    best: tuple[int, ExerciseProfile] | None = None
    for exercise in available_profiles():
        profile = load_profile(exercise)
        for marker in profile.detect:
            position = lowered.find(marker.lower())
            if position >= 0 and (best is None or position < best[0]):
                best = (position, profile)
    if best is not None:
        return best[1], True
    return load_profile(default), False
