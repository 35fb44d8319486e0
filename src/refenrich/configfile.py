"""The configuration file, and how it combines with the environment and the command line.

Precedence, highest first: command-line flags, environment variables, the config file,
built-in defaults. The config file is the first that exists of:

1. ``--config FILE`` (it must exist);
2. ``$REFENRICH_CONFIG`` (it must exist);
3. ``./refenrich.toml`` in the current directory;
4. ``refenrich.toml`` in the user config directory (``platformdirs``: on Linux
   ``~/.config/refenrich/refenrich.toml``).

An example, with every key::

    [crossref]
    mailto = "research-office@example.ac.uk"   # REFENRICH_MAILTO, --mailto
    url = "https://api.crossref.org"           # REFENRICH_CROSSREF_URL, --crossref-url
    plus_token = "..."                         # REFENRICH_CROSSREF_PLUS_TOKEN
    timeout = 20                               # seconds per request

    [check]
    fail_on = "error"                          # --fail-on

    [bibtex]
    flavour = "biblatex"                       # --flavour

Unknown keys are an error, so a misspelt setting is not silently ignored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from refenrich.config import settings_from_env
from refenrich.crossref.protocol import CrossrefSettings
from refenrich.errors import InputError

__all__ = [
    "CONFIG_ENV",
    "CONFIG_FILE_NAME",
    "CheckConfig",
    "Config",
    "CrossrefConfig",
    "ExportConfig",
    "find_config_file",
    "load_config",
    "resolve_settings",
    "user_config_file",
]

CONFIG_FILE_NAME = "refenrich.toml"
CONFIG_ENV = "REFENRICH_CONFIG"


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CrossrefConfig(_Section):
    """``[crossref]``: how to reach Crossref."""

    mailto: str | None = None
    url: str | None = None
    plus_token: str | None = Field(default=None, repr=False)
    timeout: float | None = Field(default=None, ge=0.5, le=600, allow_inf_nan=False)
    """Seconds per request: from half a second (less and every request times out) to ten
    minutes."""


class CheckConfig(_Section):
    """``[check]``: defaults for ``refenrich check``."""

    fail_on: Literal["warning", "error"] | None = None


class ExportConfig(_Section):
    """``[bibtex]``: defaults for ``refenrich bibtex`` and ``refenrich export``."""

    flavour: Literal["bibtex", "biblatex"] | None = None


class Config(_Section):
    """A whole config file. Every value is optional; ``path`` says where it was read from."""

    crossref: CrossrefConfig = Field(default_factory=CrossrefConfig)
    check: CheckConfig = Field(default_factory=CheckConfig)
    bibtex: ExportConfig = Field(default_factory=ExportConfig)
    path: Path | None = Field(default=None, exclude=True)


def user_config_file() -> Path:
    """Where the per-user config file lives on this platform."""
    return platformdirs.user_config_path("refenrich", appauthor=False) / CONFIG_FILE_NAME


def find_config_file(
    explicit: str | None,
    environ: Mapping[str, str],
    *,
    cwd: Path | None = None,
    user_file: Path | None = None,
) -> Path | None:
    """The config file to read, or None (see the module docstring for the order).

    Raises :class:`~refenrich.errors.InputError` when a file named by ``--config`` or
    ``$REFENRICH_CONFIG`` does not exist.
    """
    for named, origin in ((explicit, "--config"), (environ.get(CONFIG_ENV), CONFIG_ENV)):
        if named:
            path = Path(named).expanduser()
            if not path.is_file():
                raise InputError(f"config file {named} (from {origin}) does not exist")
            return path
    local = (cwd if cwd is not None else Path.cwd()) / CONFIG_FILE_NAME
    if local.is_file():
        return local
    personal = user_file if user_file is not None else user_config_file()
    return personal if personal.is_file() else None


def load_config(path: Path | None) -> Config:
    """The settings in the TOML file at ``path`` (an empty :class:`Config` for None).

    Raises :class:`~refenrich.errors.InputError` for unreadable files, TOML syntax
    errors, unknown keys and values of the wrong type.
    """
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read config file {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"config file {path} is not valid TOML: {error}") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise InputError(f"config file {path}: {problems}") from None
    return config.model_copy(update={"path": path})


def resolve_settings(
    config: Config,
    environ: Mapping[str, str],
    *,
    base_url: str | None = None,
    mailto: str | None = None,
) -> CrossrefSettings:
    """Crossref settings: flags (``base_url``, ``mailto``) > environment > ``config`` > defaults."""
    layered = {
        "REFENRICH_CROSSREF_URL": config.crossref.url,
        "REFENRICH_MAILTO": config.crossref.mailto,
        "REFENRICH_CROSSREF_PLUS_TOKEN": config.crossref.plus_token,
    }
    # The file's values act as a lower layer under the environment's.
    merged = {name: value for name, value in layered.items() if value}
    merged.update({name: value for name, value in environ.items() if value})
    settings = settings_from_env(merged, base_url=base_url, mailto=mailto)
    if config.crossref.timeout is not None:
        settings = replace(settings, timeout=config.crossref.timeout)
    return settings
