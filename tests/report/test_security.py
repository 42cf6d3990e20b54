"""Hostile input: user text is escaped and shown literally, and rendering fetches nothing outside."""

from __future__ import annotations

import socket

import pytest

from advisor.report import render_html, render_pdf, report_context
from advisor.report.render import STATIC_DIR, StaticOnlyFetcher


@pytest.fixture
def listener():
    """A real socket on 127.0.0.1; the test fails if anything connects to it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def test_hostile_company_name_and_notes_fetch_nothing_and_show_literally(first_result, listener, tools):
    port = listener.getsockname()[1]
    name = f'<img src="http://127.0.0.1:{port}/x">'
    note = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/n.css">'
        f"<style>@import url(http://127.0.0.1:{port}/i.css);</style>"
        f'<object data="http://127.0.0.1:{port}/o"></object>'
    )
    ctx = report_context(
        first_result,
        company_name=name,
        report_id=f'<b id="{port}">R-1</b>',
        notes=[{"author": "<script>x()</script>", "created_at": "not a date", "text": note}],
    )
    html = render_html(ctx)
    assert "<img" not in html and "&lt;img src=" in html
    assert '<link rel="stylesheet" href="http' not in html
    pdf = render_pdf(ctx)
    assert connections(listener) == 0
    raw = " ".join(tools.text(pdf, raw=True).split())
    assert name in raw
    assert f'<b id="{port}">R-1</b>' in raw
    assert "<script>x()</script>" in raw


def test_fetcher_refuses_everything_but_packaged_static_files(listener, tmp_path):
    port = listener.getsockname()[1]
    fetcher = StaticOnlyFetcher()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    refused = [
        f"http://127.0.0.1:{port}/x",
        f"https://127.0.0.1:{port}/x",
        "data:text/css,body{}",
        secret.as_uri(),
        (STATIC_DIR / ".." / ".." / "__init__.py").as_uri(),
        "file://evil.example/etc/passwd",
        "ftp://127.0.0.1/x",
        (STATIC_DIR / "missing.css").as_uri(),
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert connections(listener) == 0
    css = fetcher.fetch((STATIC_DIR / "report.css").as_uri())
    assert b"@page" in css.read() and css.content_type == "text/css"


def test_fetcher_stops_raw_markup_too(listener):
    """Even markup that got past escaping (a template bug) cannot reach the network."""
    from weasyprint import HTML

    port = listener.getsockname()[1]
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">'
        f'<style>@import url("http://127.0.0.1:{port}/b.css"); '
        f'body {{ background: url("http://127.0.0.1:{port}/c.png") }}</style>'
        f'<img src="http://127.0.0.1:{port}/d.png"><img src="file:///etc/passwd">'
        f'<svg><image href="http://127.0.0.1:{port}/e.png"/></svg><p>text</p>'
    )
    pdf = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert connections(listener) == 0
