"""The public API: one sorted ``__all__`` that names every public object of the package."""

from __future__ import annotations

import refenrich


def test_all_is_sorted_and_importable() -> None:
    # isort style, as ruff's RUF022 keeps it: CONSTANTS, then Classes, then functions
    def order(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert refenrich.__all__ == sorted(refenrich.__all__, key=order)
    for name in refenrich.__all__:
        assert getattr(refenrich, name) is not None


def test_every_public_name_is_exported() -> None:
    public = {name for name in vars(refenrich) if not name.startswith("_")}
    modules = {name for name, value in vars(refenrich).items() if type(value).__name__ == "module"}
    assert public - modules <= set(refenrich.__all__)
