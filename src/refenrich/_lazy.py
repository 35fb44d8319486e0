"""Public names imported on first use (PEP 562), for packages whose ``__init__`` would
otherwise import pydantic, httpx and the parser's patterns just to be imported."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any


def load(namespace: dict[str, Any], homes: Mapping[str, str], package: str, name: str) -> Any:
    """``name`` from its home module, kept in ``namespace`` for the next time."""
    module = homes.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    namespace[name] = value
    return value


def names(namespace: Mapping[str, Any], public: Iterable[str]) -> list[str]:
    """What ``dir(package)`` lists: what is loaded and every public name."""
    return sorted({*namespace, *public})
