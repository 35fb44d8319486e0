"""The batch garbage-collector setting puts the collector back as it found it."""

from __future__ import annotations

import gc

from refenrich.gcpolicy import relaxed_gc


def test_relaxed_gc_raises_the_threshold_and_restores_it() -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with relaxed_gc(50_000):
        assert gc.get_threshold() == (50_000, *before[1:])
        assert gc.get_freeze_count() > 0  # start-up objects are no longer walked
        assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_relaxed_gc_restores_on_error_and_leaves_earlier_freezes() -> None:
    before = gc.get_threshold()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        try:
            with relaxed_gc():
                raise ValueError("stop")
        except ValueError:
            pass
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_relaxed_gc_never_lowers_a_higher_threshold() -> None:
    before = gc.get_threshold()
    gc.set_threshold(90_000, *before[1:])
    try:
        with relaxed_gc(20_000):
            assert gc.get_threshold()[0] == 90_000
    finally:
        gc.set_threshold(*before)
