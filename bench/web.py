"""Web benchmark: the app under gunicorn (sync workers) on 127.0.0.1, loaded by a bounded generator.

Prints requests/s, p50 and p99 for three GETs of the same app:
  floor    /bench/hello (the cheapest route; only with BENCH_ROUTES=1)
  step     a questionnaire step page with a draft in progress
  results  the results page of a finished assessment
and the ratios step/floor (target >= 0.25) and results/floor (target >= 0.15).

Usage: .venv/bin/python bench/web.py [--requests N] [--threads T] [--seconds S] [--workers W]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SAMPLE: dict[str, Any] = {
    **json.loads((REPO / "tests" / "data" / "sample-answers.json").read_text()),
    "company_name": "Bench Pte Ltd",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(env: dict[str, str]) -> tuple[str, str]:
    """Build the schema and two assessments: a draft at step 3 and a finished one."""
    os.environ.update(env)
    from advisor import create_app
    from advisor.assessments import services as svc
    from advisor.extensions import db

    app = create_app()
    with app.app_context():
        db.create_all()
        draft, draft_token = svc.create_draft()
        early = {
            k: SAMPLE[k]
            for k in (
                "company_name",
                "industry",
                "employees",
                "annual_revenue",
                "local_shareholding_30pct",
                "it_staff",
                "staff_ai_literacy",
            )
        }
        svc.save_step(draft, early, step_index=2)
        _, done_token = svc.create_complete(app.extensions["advisor.ruleset"], SAMPLE)
        db.session.commit()  # the services leave the commit to the caller
        db.engine.dispose()
    return f"/a/{draft_token}/step/3", f"/a/{done_token}/result"


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not come up")


def session_cookie(port: int, path: str) -> dict[str, str]:
    """The cookie a person's browser holds after its first visit (it carries the CSRF secret)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    cookie = resp.getheader("Set-Cookie", "")
    return {"Cookie": cookie.split(";", 1)[0]} if cookie else {}


def load(
    port: int, path: str, total: int, threads: int, seconds: float, headers: dict[str, str] | None = None
) -> tuple[list[float], int, float]:
    """Send up to `total` GETs from `threads` threads, stopping at `seconds`; one connection per
    request (sync workers close after each response)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        nonlocal issued, errors
        while True:
            with lock:
                if issued >= total or time.monotonic() >= stop_at:
                    return
                issued += 1
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path, headers=headers or {})
                resp = conn.getresponse()
                resp.read()
                conn.close()
                ok = resp.status == 200
            except OSError:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt)
                else:
                    errors += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors, time.perf_counter() - started


def summarise(latencies: list[float], errors: int, elapsed: float) -> dict[str, float]:
    if not latencies:
        raise SystemExit(f"no successful request ({errors} errors)")
    q = statistics.quantiles(sorted(latencies), n=100, method="inclusive")
    return {
        "n": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": q[49] * 1000,
        "p99": q[98] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--requests", type=int, default=1500, help="requests per route (default 1500)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--seconds", type=float, default=20.0, help="time cap per route (default 20)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        env = {
            "SECRET_KEY": secrets.token_hex(32),
            "BENCH_ROUTES": "1",
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "PDF_CACHE_DIR": str(Path(tmp) / "pdf-cache"),
            "SERVER_NAME": "127.0.0.1",
        }
        step_path, result_path = prepare(env)
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        proc = subprocess.Popen(
            [
                str(gunicorn),
                "--workers",
                str(args.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=REPO,
            env={**os.environ, **env},
        )
        try:
            wait_until_up(port, time.monotonic() + 30)
            routes = {
                "floor": ("/bench/hello", {}),
                # A person part-way through the questionnaire sends their session cookie.
                "step": (step_path, session_cookie(port, step_path)),
                "results": (result_path, {}),
            }
            for path, headers in routes.values():
                load(port, path, 50, args.threads, 10, headers)  # warm-up: imports, template compilation
            # Interleaved rounds, so a burst of load from elsewhere on the machine hits every route alike.
            raw: dict[str, tuple[list[float], int, float]] = {name: ([], 0, 0.0) for name in routes}
            per_round = max(1, args.requests // args.rounds)
            for _ in range(args.rounds):
                for name, (path, headers) in routes.items():
                    lat, err, secs = load(
                        port, path, per_round, args.threads, args.seconds / args.rounds, headers
                    )
                    total_lat, total_err, total_secs = raw[name]
                    raw[name] = (total_lat + lat, total_err + err, total_secs + secs)
            rows = {name: summarise(*r) for name, r in raw.items()}
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    print(
        f"gunicorn sync workers: {args.workers}; client threads: {args.threads}; "
        f"up to {args.requests} requests or {args.seconds:.0f}s per route in {args.rounds} rounds"
    )
    print(f"{'route':<8} {'requests':>8} {'errors':>6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, r in rows.items():
        print(f"{name:<8} {r['n']:>8} {r['errors']:>6} {r['rps']:>9.1f} {r['p50']:>8.2f} {r['p99']:>8.2f}")
    step_ratio = rows["step"]["rps"] / rows["floor"]["rps"]
    results_ratio = rows["results"]["rps"] / rows["floor"]["rps"]
    print(
        f"step/floor    {step_ratio:.2f}  (target >= 0.25) {'ok' if step_ratio >= 0.25 else 'BELOW TARGET'}"
    )
    print(
        f"results/floor {results_ratio:.2f}  (target >= 0.15) "
        f"{'ok' if results_ratio >= 0.15 else 'BELOW TARGET'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
