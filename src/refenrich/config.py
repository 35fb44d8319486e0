"""Settings from the environment. Command-line flags override these.

| variable | meaning |
|---|---|
| ``REFENRICH_MAILTO`` | contact address for Crossref's polite pool |
| ``REFENRICH_CROSSREF_URL`` | base URL of the Crossref REST API (a mirror, proxy or test server) |
| ``REFENRICH_CROSSREF_PLUS_TOKEN`` | a Crossref Metadata Plus API key |
"""

from __future__ import annotations

from collections.abc import Mapping

from refenrich.crossref.protocol import DEFAULT_CROSSREF_URL, CrossrefSettings

__all__ = ["settings_from_env"]


def settings_from_env(
    environ: Mapping[str, str],
    *,
    base_url: str | None = None,
    mailto: str | None = None,
) -> CrossrefSettings:
    """Crossref settings from ``environ``, with explicit values taking precedence."""
    return CrossrefSettings(
        base_url=base_url or environ.get("REFENRICH_CROSSREF_URL") or DEFAULT_CROSSREF_URL,
        mailto=mailto or environ.get("REFENRICH_MAILTO") or None,
        plus_token=environ.get("REFENRICH_CROSSREF_PLUS_TOKEN") or None,
    )
