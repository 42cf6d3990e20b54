"""The garbage collector pause around a render: restored afterwards, also on errors and across threads."""

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


def test_collector_is_off_during_a_render_and_on_after(collector_on, monkeypatch):
    seen = []
    monkeypatch.setattr(render_module, "_render_pdf", lambda ctx: seen.append(gc.isenabled()) or b"%PDF")
    assert render_module.render_pdf({}) == b"%PDF"
    assert seen == [False]
    assert gc.isenabled()


def test_collector_comes_back_when_the_render_fails(collector_on, monkeypatch):
    def boom(ctx):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(render_module, "_render_pdf", boom)
    with pytest.raises(RuntimeError):
        render_module.render_pdf({})
    assert gc.isenabled()


def test_collector_stays_off_if_it_was_off(monkeypatch):
    monkeypatch.setattr(render_module, "_render_pdf", lambda ctx: b"%PDF")
    was = gc.isenabled()
    gc.disable()
    try:
        render_module.render_pdf({})
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_overlapping_renders_turn_it_back_on_only_after_the_last(collector_on, monkeypatch):
    first_inside, release_first = threading.Event(), threading.Event()
    states = {}

    def slow(ctx):
        if ctx["name"] == "first":
            first_inside.set()
            release_first.wait(5)
        states[ctx["name"]] = gc.isenabled()
        return b"%PDF"

    monkeypatch.setattr(render_module, "_render_pdf", slow)
    worker = threading.Thread(target=render_module.render_pdf, args=({"name": "first"},))
    worker.start()
    assert first_inside.wait(5)
    render_module.render_pdf({"name": "second"})  # ends while the first is still rendering
    assert not gc.isenabled()
    release_first.set()
    worker.join(5)
    assert states == {"first": False, "second": False}
    assert gc.isenabled()
