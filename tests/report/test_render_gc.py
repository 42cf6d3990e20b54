"""The garbage collector pause around a render: only when no other thread runs, and always restored."""

from __future__ import annotations

import gc
import threading

import pytest

from advisor.report import render as render_module


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.fixture
def single_thread(monkeypatch):
    """The test process may hold helper threads from other tests: look like a single-threaded CLI."""
    monkeypatch.setattr(render_module.threading, "active_count", lambda: 1)


def test_collector_is_off_during_a_single_threaded_render_and_on_after(
    collector_on, single_thread, monkeypatch
):
    seen = []
    monkeypatch.setattr(render_module, "_render_pdf", lambda ctx: seen.append(gc.isenabled()) or b"%PDF")
    assert render_module.render_pdf({}) == b"%PDF"
    assert seen == [False]
    assert gc.isenabled()


def test_collector_comes_back_when_the_render_fails(collector_on, single_thread, monkeypatch):
    seen = []

    def boom(ctx):
        seen.append(gc.isenabled())
        raise RuntimeError("layout failed")

    monkeypatch.setattr(render_module, "_render_pdf", boom)
    with pytest.raises(RuntimeError):
        render_module.render_pdf({})
    assert seen == [False] and gc.isenabled()


def test_collector_stays_off_if_it_was_off(single_thread, monkeypatch):
    monkeypatch.setattr(render_module, "_render_pdf", lambda ctx: b"%PDF")
    was = gc.isenabled()
    gc.disable()
    try:
        render_module.render_pdf({})
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_collector_is_left_alone_while_other_threads_run(collector_on, monkeypatch):
    """Another thread (a threaded server's request, say) keeps its collector during our render."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, args=(5,))
    other.start()
    seen_here, seen_there = [], []

    def render(ctx):
        seen_here.append(gc.isenabled())
        probe = threading.Thread(target=lambda: seen_there.append(gc.isenabled()))
        probe.start()
        probe.join(5)
        return b"%PDF"

    monkeypatch.setattr(render_module, "_render_pdf", render)
    try:
        render_module.render_pdf({})
    finally:
        stop.set()
        other.join(5)
    assert seen_here == [True] and seen_there == [True]
    assert gc.isenabled()
