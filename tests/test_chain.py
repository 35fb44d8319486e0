"""ChainSource and AsyncChainSource: the same walk, asked synchronously or not.

Records are synthetic (DOIs under Crossref's test prefix 10.5555).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import pytest

from refenrich.errors import SourceConnectionError
from refenrich.models import Work
from refenrich.sources.chain import AsyncChainSource, ChainSource


class Local:
    """A local source holding some DOIs."""

    local = True

    def __init__(self, *dois: str) -> None:
        self.name = "local"
        self.works = {doi: Work(doi=doi, title=f"Work {doi}") for doi in dois}
        self.asked: list[str] = []

    def get_work(self, doi: str) -> Work | None:
        self.asked.append(doi)
        return self.works.get(doi)


class Remote(Local):
    """A remote source that batches, and may be down."""

    local = False

    def __init__(self, *dois: str, down: bool = False) -> None:
        super().__init__(*dois)
        self.name = "remote"
        self.down = down
        self.batches: list[list[str]] = []

    def get_work(self, doi: str) -> Work | None:
        if self.down:
            raise SourceConnectionError("down")
        return super().get_work(doi)

    def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        if self.down:
            raise SourceConnectionError("down")
        self.batches.append(list(dois))
        return {doi: self.works.get(doi) for doi in self.batches[-1]}


class Async:
    """The async face of a Local or Remote."""

    def __init__(self, inner: Local) -> None:
        self.inner = inner
        self.name = inner.name
        self.local = inner.local
        if isinstance(inner, Remote):
            self.get_works = self._get_works

    async def get_work(self, doi: str) -> Work | None:
        return self.inner.get_work(doi)

    async def _get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        assert isinstance(self.inner, Remote)
        return self.inner.get_works(dois)


def ask(mode: str, sources: list[Any], call: str, *args: Any) -> Any:
    if mode == "sync":
        return getattr(ChainSource(sources), call)(*args)
    chain = AsyncChainSource([Async(source) for source in sources])
    return asyncio.run(getattr(chain, call)(*args))


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_the_first_source_holding_the_doi_answers(mode: str) -> None:
    local, remote = Local("10.5555/a"), Remote("10.5555/a", "10.5555/b")
    assert ask(mode, [local, remote], "get_work", "10.5555/a").doi == "10.5555/a"
    assert remote.asked == []
    assert ask(mode, [local, remote], "get_work", "10.5555/b").doi == "10.5555/b"
    assert ask(mode, [local, remote], "get_work", "10.5555/none") is None


def test_a_failure_is_raised_only_when_no_source_answers(mode: str) -> None:
    local, remote = Local("10.5555/a"), Remote(down=True)
    assert ask(mode, [local, remote], "get_work", "10.5555/a").doi == "10.5555/a"
    with pytest.raises(SourceConnectionError):
        ask(mode, [local, remote], "get_work", "10.5555/b")
    assert ask(mode, [remote, local], "get_work", "10.5555/a").doi == "10.5555/a"


def test_batches_go_only_for_what_the_local_source_lacks(mode: str) -> None:
    local, remote = Local("10.5555/a"), Remote("10.5555/b")
    found = ask(mode, [local, remote], "get_works", ["10.5555/a", "10.5555/b", "10.5555/c"])
    assert sorted(found) == ["10.5555/a", "10.5555/b"]  # only records, never "absent"
    assert remote.batches == [["10.5555/b", "10.5555/c"]]


def test_a_failed_batch_leaves_the_rest_to_single_look_ups(mode: str) -> None:
    found = ask(mode, [Local("10.5555/a"), Remote(down=True)], "get_works", ["10.5555/a", "x"])
    assert list(found) == ["10.5555/a"]
