"""The nginx front (deploy/nginx/advisor.conf) before gunicorn, as in production: slow clients do
not take /healthz down, one address cannot hold more than its share of connections, and the
access log shows no link token. Skipped without nginx, except under CI (CI=true)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "deploy"))
import front  # noqa: E402

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[dict[str, Any]]:
    if front.nginx_binary() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is required in CI (scripts/system-deps.sh installs it)")
        pytest.skip("nginx is not installed")
    tmp = tmp_path_factory.mktemp("front")
    app_port, front_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "FLASK_"))}
    env.update(
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        SERVER_NAME=f"127.0.0.1:{front_port}",
        PROXY_FIX_X_FOR="1",
        SESSION_COOKIE_SECURE="0",
        PDF_CACHE_DIR=str(tmp / "pdf"),
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        # Small on purpose: alone, 4 threads fall to 4 slow clients.
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="4",
        GUNICORN_ACCESS_LOG="",
    )
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "flask"), "--app", "advisor", "db", "upgrade"],
        env=env,
        cwd=tmp,
        check=True,
        capture_output=True,
    )
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115
    app = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", "python:advisor.gunicorn_conf", "advisor.wsgi:app"],
        env=env,
        cwd=tmp,
        stdout=log,
        stderr=log,
    )
    nginx = front.start(tmp / "nginx", f"127.0.0.1:{front_port}", f"127.0.0.1:{app_port}")
    base = f"http://127.0.0.1:{front_port}"
    try:
        for _ in range(150):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=2).status == 200:
                    break
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.1)
        else:
            pytest.fail("the app did not come up behind the front")
        yield {"base": base, "port": front_port, "dir": tmp / "nginx"}
    finally:
        front.stop(nginx)
        app.terminate()
        app.wait(20)
        log.close()


def _slow_client(port: int, source: str, stop: threading.Event, body: bool) -> None:
    """A phone on a bad line: a request that trickles in one byte a second."""
    try:
        s = socket.socket()
        s.bind((source, 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        if body:  # whole headers, then a body that never quite arrives
            s.sendall(
                b"POST /start HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 5000\r\n\r\n"
            )
        else:
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
        while not stop.wait(1.0):
            s.sendall(b"X-A: b\r\n" if not body else b"a")
    except OSError:
        pass  # dropped by the front's timeouts or caps: that is its job
    finally:
        s.close()


def test_healthz_answers_within_1_s_with_100_slow_connections_open(served):
    stop = threading.Event()
    # 100 slow clients over ten addresses (127.0.0.2-11): the per-address cap (20) lets them all in.
    threads = [
        threading.Thread(
            target=_slow_client, args=(served["port"], f"127.0.0.{2 + i % 10}", stop, i % 2 == 0), daemon=True
        )
        for i in range(100)
    ]
    for t in threads:
        t.start()
    time.sleep(1.5)  # all connected and trickling
    slowest = 0.0
    try:
        for _ in range(24):  # 6 s of probes
            t0 = time.monotonic()
            with urllib.request.urlopen(served["base"] + "/healthz", timeout=1) as r:
                assert r.status == 200
            slowest = max(slowest, time.monotonic() - t0)
            time.sleep(0.25)
    finally:
        stop.set()
        for t in threads:
            t.join(3)
    assert slowest < 1.0


def test_one_address_gets_at_most_20_connections(served):
    socks = []
    try:
        for _ in range(22):
            s = socket.socket()
            s.bind(("127.0.0.60", 0))
            s.settimeout(5)
            s.connect(("127.0.0.1", served["port"]))
            # Headers complete, body pending: the connection counts against the address.
            s.sendall(b"POST /start HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            socks.append(s)
        time.sleep(0.3)
        s = socket.socket()
        s.bind(("127.0.0.60", 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", served["port"]))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 429")
        s.close()
        # Another address is not affected.
        with urllib.request.urlopen(served["base"] + "/healthz", timeout=2) as r:
            assert r.status == 200
    finally:
        for s in socks:
            s.close()


def test_the_front_logs_no_token(served):
    token = secrets.token_urlsafe(32)
    for path in (f"/a/{token}/result", f"/api/v1/assessments/{token}"):
        try:
            urllib.request.urlopen(served["base"] + path, timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    req = urllib.request.Request(
        served["base"] + "/healthz", headers={"Referer": f"http://x/a/{token}/result"}
    )
    urllib.request.urlopen(req, timeout=5).close()
    time.sleep(0.2)
    log = (served["dir"] / "access.log").read_text()
    assert token not in log
    assert "GET /a/[token]/result" in log and "/api/v1/assessments/[token]" in log
    assert '"http://x/a/[token]/result"' in log
