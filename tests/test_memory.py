"""The cyclic collector is paused while a package renders, and comes back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from labkem.core.memory import collector_paused


@pytest.fixture
def collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_the_collector_is_off_inside_and_on_again_after(collector: None) -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector: None) -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_cycles_made_inside_are_collected_on_leaving_even_after_an_error(collector: None) -> None:
    gc.enable()

    class Node:
        other: object = None

    freed: list[str] = []

    class Witness(Node):
        def __del__(self) -> None:
            freed.append("cycle")

    with pytest.raises(RuntimeError), collector_paused():
        a, b = Witness(), Node()
        a.other, b.other = b, a  # a cycle: reference counting alone never frees it
        del a, b
        assert freed == []
        raise RuntimeError("a package failed")
    assert freed == ["cycle"]
    assert gc.isenabled()
