"""PdfCache: hit, miss, per-owner delete, clear, safe owners, keys that follow the content."""

from __future__ import annotations

import threading

import pytest

from advisor.report import PdfCache, cache_key, report_context


class CountingRenderer:
    """Stands in for render_pdf: the cache logic needs no real PDF, and counting shows each render."""

    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, context: dict) -> bytes:
        with self.lock:
            self.calls += 1
        return b"%PDF-fake " + cache_key(context).encode()


@pytest.fixture
def ctx(first_result):
    return report_context(first_result, company_name="Acme", report_id="R-CACHE001")


def test_miss_then_hit_and_survives_a_restart(tmp_path, ctx):
    render = CountingRenderer()
    cache = PdfCache(tmp_path, render=render)
    pdf, hit = cache.get_or_render("a1", ctx)
    assert not hit and render.calls == 1
    again, hit = cache.get_or_render("a1", ctx)
    assert hit and again == pdf and render.calls == 1
    restarted = PdfCache(tmp_path, render=render)
    assert restarted.get_or_render("a1", ctx) == (pdf, True)
    assert render.calls == 1
    assert (tmp_path / "a1" / f"{cache_key(ctx)}.pdf").read_bytes() == pdf
    assert not [p for p in (tmp_path / "a1").iterdir() if p.name.startswith(".tmp")]


def test_a_changed_note_is_a_miss(tmp_path, first_result):
    render = CountingRenderer()
    cache = PdfCache(tmp_path, render=render)

    def with_note(text):
        note = {"author": "Mei", "created_at": "2026-11-29T01:00:00+00:00", "text": text}
        return report_context(first_result, company_name="Acme", report_id="R-1", notes=[note])

    cache.get_or_render("a1", with_note("first"))
    _, hit = cache.get_or_render("a1", with_note("first, edited"))
    assert not hit and render.calls == 2
    _, hit = cache.get_or_render("a1", report_context(first_result, company_name="Acme", report_id="R-1"))
    assert not hit and render.calls == 3


def test_delete_owner_and_clear(tmp_path, ctx, first_result):
    cache = PdfCache(tmp_path, render=CountingRenderer())
    other = report_context(first_result, company_name="Other", report_id="R-2")
    cache.get_or_render("a1", ctx)
    cache.get_or_render("a1", other)
    cache.get_or_render("b2", ctx)
    assert cache.delete_owner("a1") == 2
    assert cache.delete_owner("a1") == 0
    assert not (tmp_path / "a1").exists()
    assert cache.get_or_render("b2", ctx)[1]
    assert cache.clear() == 1
    assert cache.get_or_render("b2", ctx)[1] is False
    assert PdfCache(tmp_path / "never-made").clear() == 0


@pytest.mark.parametrize("owner", ["", "..", "../x", "a/b", ".hidden", "a\\b", "a b", "x" * 200, None, 5])
def test_owner_cannot_escape_the_directory(tmp_path, ctx, owner):
    cache = PdfCache(tmp_path / "cache", render=CountingRenderer())
    with pytest.raises(ValueError):
        cache.get_or_render(owner, ctx)
    with pytest.raises(ValueError):
        cache.delete_owner(owner)
    assert not (tmp_path / "x").exists()


def test_concurrent_misses_leave_one_whole_file(tmp_path, ctx):
    render = CountingRenderer()
    cache = PdfCache(tmp_path, render=render)
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_render("a1", ctx)[0])) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1
    # One PDF under two names: the context's and (in the hidden content folder) the content's, a
    # hard link: one file on disk.
    assert [p.name for p in (tmp_path / "a1").glob("*.pdf")] == [f"{cache_key(ctx)}.pdf"]
    (content,) = (tmp_path / "a1" / ".content").iterdir()
    assert content.stat().st_ino == (tmp_path / "a1" / f"{cache_key(ctx)}.pdf").stat().st_ino


def test_real_render_is_cached(tmp_path, render_persona, tools):
    r = render_persona(tools.personas()[0])
    cache = PdfCache(tmp_path)
    (tmp_path / "a1").mkdir()
    (tmp_path / "a1" / f"{cache_key(r.context)}.pdf").write_bytes(r.pdf)  # as if rendered earlier
    assert cache.get_or_render("a1", r.context) == (r.pdf, True)


def test_two_contexts_that_make_the_same_html_share_one_render_and_one_file(tmp_path, ctx, monkeypatch):
    """Variants (short/full, owner/internal copy, languages) are different contexts; when two make the
    same HTML, WeasyPrint runs once and both names lead to the one file."""
    from advisor.report import cache as cache_module

    renders: list[str] = []
    monkeypatch.setattr(cache_module, "_pdf_of_html", lambda markup: renders.append(markup) or b"%PDF-one")
    cache = PdfCache(tmp_path)
    twin = {**ctx, "unshown": "a field no template reads"}  # another context, the same page
    assert cache_key(twin) != cache_key(ctx)
    assert cache.get_or_render("a1", ctx) == (b"%PDF-one", False)
    assert cache.get_or_render("a1", twin) == (b"%PDF-one", True)
    assert len(renders) == 1
    first, second = cache.path_for("a1", ctx), cache.path_for("a1", twin)
    assert first.stat().st_ino == second.stat().st_ino
    assert cache.delete_owner("a1") == 1  # one file under three names


def test_different_html_renders_again(tmp_path, ctx, first_result, monkeypatch):
    from advisor.report import cache as cache_module

    renders: list[str] = []
    monkeypatch.setattr(cache_module, "_pdf_of_html", lambda markup: renders.append(markup) or b"%PDF")
    cache = PdfCache(tmp_path)
    cache.get_or_render("a1", ctx)
    cache.get_or_render("a1", report_context(first_result, company_name="Other", report_id="R-CACHE001"))
    assert len(renders) == 2 and renders[0] != renders[1]


def test_template_and_stylesheet_changes_change_the_keys(monkeypatch, ctx):
    from advisor.report import cache as cache_module

    before = cache_key(ctx), cache_module.content_key("<html></html>")
    monkeypatch.setattr(cache_module, "template_digest", lambda: "another template")
    assert cache_key(ctx) != before[0] and cache_module.content_key("<html></html>") != before[1]
