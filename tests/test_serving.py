"""The wheel serves under gunicorn with the packaged config, outside the checkout; gunicorn's own
chunked reader errors come back as 4xx."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import PERSONAS_DIR
from .test_packaging import wheel  # noqa: F401  (the module-scoped wheel fixture)

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        return s.recv(65536)


@pytest.fixture(scope="module")
def served(wheel, tmp_path_factory):  # noqa: F811
    tmp = tmp_path_factory.mktemp("serve")
    target = tmp / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "FLASK_"))}
    env.update(
        PYTHONPATH=str(target),
        SECRET_KEY="s" * 40,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        SERVER_NAME=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="4",
        SESSION_COOKIE_SECURE="0",
        PDF_CACHE_DIR=str(tmp / "pdf"),
    )
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "advisor", "db", "upgrade"],
        cwd=tmp,
        env=env,
        check=True,
        capture_output=True,
    )
    where = subprocess.run(
        [sys.executable, "-c", "import advisor.wsgi; print(advisor.wsgi.__file__)"],
        cwd=tmp,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(target)  # the wheel's copy, not the checkout's
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:advisor.gunicorn_conf", "advisor.wsgi:app"],
        cwd=tmp,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield base, port, target
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_the_installed_app_serves_the_journey(served):
    base, _, _ = served
    status, page = _get(base + "/")
    assert status == 200 and "SME AI Advisor" in page
    answers = (PERSONAS_DIR / "minimal.json").read_bytes()
    req = urllib.request.Request(
        base + "/api/v1/assessments", data=answers, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        body = json.loads(r.read())
    status, result = _get(body["links"]["html"])
    assert status == 200 and body["report_id"] in result
    assert _get(base + "/readyz")[0] == 200


def test_malformed_chunk_size_under_gunicorn_is_400(served):
    _, port, _ = served
    reply = _raw(
        port,
        b"POST /start HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    )
    assert reply.split(b"\r\n", 1)[0] in (b"HTTP/1.1 400 BAD REQUEST", b"HTTP/1.1 400 Bad Request")
