"""Load and fault benchmark: the app as deployed (the nginx front of deploy/nginx, gunicorn with the
packaged config, PostgreSQL, Redis, RQ report workers) under simulated people, on 127.0.0.x only.
It stops by itself.

  load     N users (100) for S seconds (60), each walking the whole journey (landing, consent, the six
           steps, review, completion, results, the API read) and pausing 1-3 s between pages as
           people do; one journey in four (--pdf-share) then asks for its PDF and waits for it as
           the "preparing" page does; starts again when done. The users come from 25 addresses
           (127.0.0.2-26), so the front's per-address caps and the app's rate limits apply as to
           real people. Halfway, one web worker is killed (SIGKILL).
  drain    after the run, PDFs still asked for get --drain seconds (60) to arrive.
  slow     100 connections over ten addresses send a request one byte a second while `/healthz`
           is asked every 0.25 s: each answer must come within 1 s.
  writes   every completion answered 3xx must be in the database, finished (no write lost).

Prints per-route p50/p95/p99, errors, req/s, then exactly:
  `load: <users> users, <req/s> req/s, p95 <ms> ms pages, <errors> errors`
  `pdf: <n> asked, p50 <s> s, p95 <s> s, <k> not ready`
and, with --pdf-share 1 (every journey asks), `pdf ceiling: <x> PDFs per minute per worker`.
Exits 1 on any error or PDF not ready (CI runs a short smoke: --users 10 --seconds 20).

Its own PostgreSQL database (created and dropped), its own Redis queue and key prefix (deleted).
Usage: .venv/bin/python bench/load.py [--users 100] [--seconds 60] [--pdf-share 0.25] [--drain 60]
       [--report-workers 1] [--workers W] [--threads T] [--no-kill] [--no-front]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("LOAD_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/0")

ANSWERS: dict[str, Any] = {
    **json.loads((REPO / "tests" / "data" / "sample-answers.json").read_text()),
    "company_name": "Load Test Pte Ltd",
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REFRESH = re.compile(r'http-equiv="refresh" content="([0-9]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def step_forms() -> list[list[tuple[str, str]]]:
    from advisor.engine import load_ruleset

    forms = []
    for _, questions in load_ruleset().steps_with_questions():
        pairs: list[tuple[str, str]] = []
        for q in questions:
            value = ANSWERS[q.id]
            if q.type == "bool":
                pairs.append((q.id, "yes" if value else "no"))
            elif q.type == "multi":
                pairs.extend((q.id, v) for v in value)
            else:
                pairs.append((q.id, str(value)))
        pairs.append(("action", "next"))
        forms.append(pairs)
    return forms


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.retried = 0
        self.pdf_seconds: list[float] = []
        self.pdf_asked = 0
        self.pdf_first_ask: float | None = None
        self.pdf_last_ready: float | None = None
        self.completed: list[str] = []  # tokens whose completion answered 303
        self.journeys = 0

    def add(self, route: str, seconds: float) -> None:
        with self.lock:
            self.times[route].append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Browser:
    """One person's browser: a keep-alive connection, the session cookie, a retry on a connection
    the server closed (a browser resends on a stale keep-alive connection too)."""

    def __init__(self, port: int, stats: Stats, source: str = "127.0.0.1") -> None:
        self.port = port
        self.stats = stats
        self.source = source
        self.cookie = ""
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self,
        route: str,
        method: str,
        path: str,
        form: list[tuple[str, str]] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        body = urlencode(form).encode() if form is not None else None
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
                )
            t0 = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    with self.stats.lock:
                        self.stats.retried += 1
                    continue
                self.stats.error(f"{route}: {type(exc).__name__}")
                return 0, {}, b""
            self.stats.add(route, time.perf_counter() - t0)
            got = {k.lower(): v for k, v in r.getheaders()}
            cookie = got.get("set-cookie", "")
            if cookie.startswith("session="):
                self.cookie = cookie.split(";", 1)[0]
            if r.will_close:
                self.conn.close()
                self.conn = None
            return r.status, got, data
        raise AssertionError("unreachable")


def journey(
    b: Browser,
    forms: list[list[tuple[str, str]]],
    stop_at: float,
    stats: Stats,
    pdf_share: float,
    drain: float,
) -> None:
    def pause() -> None:
        time.sleep(random.uniform(1.0, 3.0))  # think time

    def expect(route: str, status: int, wanted: tuple[int, ...]) -> bool:
        if status not in wanted:
            stats.error(f"{route}: {status}")
            return False
        return True

    s, _, _ = b.request("landing", "GET", "/")
    if not expect("landing", s, (200,)):
        return
    pause()
    s, _, page = b.request("start", "GET", "/start")
    m = CSRF.search(page.decode())
    if not expect("start", s, (200,)) or not m:
        return
    csrf = m.group(1)
    pause()
    s, h, _ = b.request("start POST", "POST", "/start", [("csrf_token", csrf), ("consent", "yes")])
    if not expect("start POST", s, (303,)):
        return
    token = h["location"].rstrip("/").split("/")[-2]
    s, _, _ = b.request("saved", "GET", f"/a/{token}/saved")
    if not expect("saved", s, (200,)):
        return
    s, _, _ = b.request("step", "GET", f"/a/{token}/step/1")
    if not expect("step", s, (200,)):
        return
    for number, form in enumerate(forms, start=1):
        pause()
        s, h, _ = b.request("step POST", "POST", f"/a/{token}/step/{number}", [("csrf_token", csrf), *form])
        if not expect("step POST", s, (303,)):
            return
        nxt = "review" if number == len(forms) else "step"  # the browser follows the redirect
        s, _, _ = b.request(nxt, "GET", h["location"])
        if not expect(nxt, s, (200,)):
            return
    pause()
    s, _, _ = b.request("complete POST", "POST", f"/a/{token}/complete", [("csrf_token", csrf)])
    if not expect("complete POST", s, (303,)):
        return
    with stats.lock:
        stats.completed.append(token)
    s, _, _ = b.request("result", "GET", f"/a/{token}/result")
    if not expect("result", s, (200,)):
        return
    s, _, _ = b.request("api GET", "GET", f"/api/v1/assessments/{token}")
    if not expect("api GET", s, (200,)):
        return
    if random.random() >= pdf_share:
        with stats.lock:
            stats.journeys += 1
        return
    pause()
    t0 = time.perf_counter()
    with stats.lock:
        stats.pdf_asked += 1
        stats.pdf_first_ask = stats.pdf_first_ask or time.time()
    while True:
        s, h, data = b.request("pdf", "GET", f"/a/{token}/report.pdf")
        if s == 200 and data.startswith(b"%PDF"):
            with stats.lock:
                stats.pdf_seconds.append(time.perf_counter() - t0)
                stats.pdf_last_ready = time.time()
            break
        if not expect("pdf", s, (202,)):
            return
        if time.time() > stop_at + drain:  # not ready after the drain: counted on the pdf line
            return
        m = REFRESH.search(data.decode())
        time.sleep(int(m.group(1)) if m else 2)  # what the page's meta refresh does
    with stats.lock:
        stats.journeys += 1


def user(
    port: int,
    forms: list[list[tuple[str, str]]],
    stop_at: float,
    stats: Stats,
    source: str,
    pdf_share: float,
    drain: float,
) -> None:
    time.sleep(random.uniform(0, 3))  # people do not all arrive at once
    while time.time() < stop_at:
        journey(Browser(port, stats, source), forms, stop_at, stats, pdf_share, drain)


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def slow_client_probe(port: int, clients: int = 100, seconds: float = 10.0) -> tuple[float, int]:
    """Slow bodies on `clients` connections from ten addresses (127.0.0.30-39); returns the slowest
    /healthz answer and how many failed (or took over 1 s)."""
    socks = []
    for i in range(clients):
        s = socket.create_connection(
            ("127.0.0.1", port), timeout=30, source_address=(f"127.0.0.{30 + i % 10}", 0)
        )
        s.sendall(
            b"POST /start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        )
        socks.append(s)
    worst, failed = 0.0, 0
    end = time.time() + seconds
    while time.time() < end:
        for s in socks:
            with contextlib.suppress(OSError):
                s.send(b"x")
        t0 = time.perf_counter()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            ok = c.getresponse().status == 200
            c.close()
        except OSError:
            ok = False
        took = time.perf_counter() - t0
        worst = max(worst, took)
        failed += 0 if ok and took < 1.0 else 1
        time.sleep(0.25)
    for s in socks:
        s.close()
    return worst, failed


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the config's)")
    ap.add_argument("--threads", type=int, default=None, help="threads per worker (default: the config's)")
    ap.add_argument("--no-kill", action="store_true", help="do not kill a web worker halfway")
    ap.add_argument("--no-front", action="store_true", help="users straight to gunicorn (no nginx)")
    ap.add_argument("--pdf-share", type=float, default=0.25, help="share of journeys asking for the PDF")
    ap.add_argument("--drain", type=int, default=60, help="seconds after the run for PDFs to arrive")
    ap.add_argument("--report-workers", type=int, default=1, help="report worker processes")
    ap.add_argument("--slow-clients", type=int, default=100)
    ap.add_argument("--logs", default=None, help="copy the gunicorn, worker and nginx logs to this folder")
    args = ap.parse_args()
    if not 1 <= args.users <= 500 or not 5 <= args.seconds <= 600 or not 0 <= args.pdf_share <= 1:
        raise SystemExit("bounded: 1-500 users, 5-600 seconds, a PDF share in 0..1")

    import sqlalchemy as sa
    from redis import Redis

    tag = secrets.token_hex(4)
    dbname = f"advisor_load_{tag}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{dbname}"'))
    db_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname
    redis = Redis.from_url(REDIS_URL)
    queue = f"load-pdf-{tag}"
    tmp = Path(tempfile.mkdtemp(prefix="advisor-load-"))
    port = free_port()
    front_port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": db_url,
        "REDIS_URL": REDIS_URL,
        "PDF_QUEUE": queue,
        "RATELIMIT_KEY_PREFIX": f"load-{tag}",
        "PDF_CACHE_DIR": str(tmp / "pdf"),
        "SESSION_COOKIE_SECURE": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "SERVER_NAME": f"127.0.0.1:{port if args.no_front else front_port}",
        "GUNICORN_ACCESS_LOG": "",
    }
    if not args.no_front:
        env["PROXY_FIX_X_FOR"] = "1"  # nginx sets X-Forwarded-For to the person's address
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    procs: list[subprocess.Popen[bytes]] = []
    logs = []
    nginx = None
    failed_run = False
    try:
        subprocess.run(
            [str(BIN / "flask"), "--app", "advisor", "db", "upgrade"],
            env=env,
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        for name, cmd in (
            ("gunicorn", [str(BIN / "gunicorn"), "-c", "python:advisor.gunicorn_conf", "advisor.wsgi:app"]),
            (
                "worker",
                [
                    str(BIN / "flask"),
                    "--app",
                    "advisor",
                    "report-worker",
                    "--processes",
                    str(args.report_workers),
                ],
            ),
        ):
            log = open(tmp / f"{name}.log", "wb")  # noqa: SIM115
            logs.append(log)
            procs.append(subprocess.Popen(cmd, env=env, cwd=tmp, stdout=log, stderr=log))
        for _ in range(150):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start: " + (tmp / "gunicorn.log").read_text()[-2000:])
        master = procs[0].pid
        users_port = port
        if not args.no_front:
            sys.path.insert(0, str(REPO / "deploy"))
            import front

            nginx = front.start(tmp / "front", f"127.0.0.1:{front_port}", f"127.0.0.1:{port}")
            users_port = front_port
        print(
            f"gunicorn pid {master}, workers {workers_of(master)}, PostgreSQL db {dbname}, "
            f"queue {queue}, cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}"
        )

        forms = step_forms()
        stats = Stats()
        started = time.time()
        stop_at = started + args.seconds
        threads = [
            threading.Thread(
                target=user,
                args=(users_port, forms, stop_at, stats, f"127.0.0.{2 + i % 25}", args.pdf_share, args.drain),
                daemon=True,
            )
            for i in range(args.users)
        ]
        for t in threads:
            t.start()
        killed = None
        if not args.no_kill:
            time.sleep(args.seconds / 2)
            victims = workers_of(master)
            if victims:
                killed = victims[0]
                os.kill(killed, signal.SIGKILL)
        for t in threads:
            t.join(timeout=max(1.0, stop_at + args.drain + 60 - time.time()))
        elapsed = time.time() - started
        alive = sum(t.is_alive() for t in threads)

        worst, failed = slow_client_probe(users_port, args.slow_clients)

        with sa.create_engine(db_url).connect() as conn:
            done = {
                row[0]
                for row in conn.execute(
                    sa.text(
                        "SELECT l.token_hash FROM assessment_links l JOIN assessments a"
                        " ON a.series_id = l.series_id WHERE a.status = 'complete'"
                    )
                )
            }
        import hashlib

        lost = sum(1 for t in stats.completed if hashlib.sha256(t.encode()).hexdigest() not in done)

        routes = sorted(stats.times)
        print(f"{'route':<14} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for r in routes:
            v = stats.times[r]
            print(f"{r:<14} {len(v):>6} {pct(v, 0.5):>8.0f} {pct(v, 0.95):>8.0f} {pct(v, 0.99):>8.0f}")
        pages = [x for r in routes if r != "pdf" for x in stats.times[r]]
        total = sum(len(v) for v in stats.times.values())
        rps = total / elapsed
        pdf = stats.pdf_seconds
        not_ready = stats.pdf_asked - len(pdf)
        print(
            f"journeys finished {stats.journeys}, completions {len(stats.completed)}, "
            f"completions missing from the database {lost}"
        )
        print(
            f"web worker killed: {killed or 'none'}; requests resent on a closed connection "
            f"{stats.retried}; users still busy at the end {alive}"
        )
        print(
            f"slow clients: {args.slow_clients} slow bodies over ten addresses, "
            f"slowest /healthz {worst * 1000:.0f} ms, failed or over 1 s {failed}"
        )
        errors = len(stats.errors) + lost + failed + alive
        for e in sorted(set(stats.errors))[:10]:
            print(f"  error: {e} x{stats.errors.count(e)}")
        p95 = pct(pages, 0.95)
        print(f"load: {args.users} users, {rps:.1f} req/s, p95 {p95:.0f} ms pages, {errors} errors")
        p50s = statistics.median(pdf) if pdf else 0.0
        print(
            f"pdf: {stats.pdf_asked} asked, p50 {p50s:.1f} s, p95 {pct(pdf, 0.95) / 1000:.1f} s, "
            f"{not_ready} not ready"
        )
        if args.pdf_share >= 1 and pdf and stats.pdf_first_ask and stats.pdf_last_ready:
            minutes = max(1e-6, (stats.pdf_last_ready - stats.pdf_first_ask) / 60)
            print(f"pdf ceiling: {len(pdf) / minutes / args.report_workers:.1f} PDFs per minute per worker")
        if errors or not_ready:
            failed_run = True
    finally:
        if nginx is not None:
            front.stop(nginx)
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()
        from rq import Queue

        Queue(queue, connection=redis).delete(delete_jobs=True)
        for key in list(redis.scan_iter(f"*load-{tag}*")) + list(redis.scan_iter(f"*{queue}*")):
            redis.delete(key)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
        admin.dispose()
        import shutil

        if args.logs:
            out = Path(args.logs)
            out.mkdir(parents=True, exist_ok=True)
            for name in ("gunicorn.log", "worker.log", "front/access.log", "front/error.log"):
                if (tmp / name).is_file():
                    shutil.copy(tmp / name, out / name.replace("/", "-"))
        shutil.rmtree(tmp, ignore_errors=True)
    if failed_run:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
