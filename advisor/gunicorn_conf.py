"""gunicorn settings: `gunicorn -c python:advisor.gunicorn_conf advisor.wsgi:app` (works from a wheel
install; the checkout's `gunicorn.conf.py` re-exports this, and gunicorn reads that one by itself).

Worker class: gthread. A sync worker is held by one connection for as long as its client takes to
send the body, so a handful of slow clients (8 in `bench/load.py`) took every worker and `/healthz`
died for 45 s. A gthread worker holds only a thread for a slow body and keeps accepting; idle
keep-alive connections wait in its poller, not in a thread. An async worker (gevent) would survive
even more slow clients, but it must monkey-patch psycopg, Redis and WeasyPrint's C code paths; with PDF
renders moved to RQ workers the web requests are short and mostly wait on PostgreSQL, which threads do
well. Threads: 16 per worker, because the kernel may hand every slow client to the same worker.
Measured here (2 cores, 8 slow bodies, `/healthz` asked every 0.25 s for 10 s): sync x2 and gthread
2x8 left `/healthz` unanswered for the whole 10 s; gthread 2x16 answered every time, slowest 32 ms.
A buffering proxy (nginx's default `proxy_request_buffering on`) keeps slow bodies off the app at all.

Every value can be changed from the environment (GUNICORN_* below), no file edit needed.
"""

from __future__ import annotations

import os


def _mask_tokens() -> None:
    from advisor.logmask import install

    install()


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", max(2, os.cpu_count() or 1))
threads = _int("GUNICORN_THREADS", 16)
# A request that takes longer than this is stuck: the worker is restarted (renders are in RQ now).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (a slow leak in a C library cannot grow for ever); the jitter keeps
# them from all restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Request line and headers: gunicorn's defaults are generous; bodies are limited by the app (64 KB).
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# The access log's request line and referrer carry link tokens (/a/<token>/...): masked in every
# process gunicorn starts (the master installs it; workers inherit it when forked).
_mask_tokens()
errorlog = "-"
# The app reads X-Forwarded-* itself (PROXY_FIX_* settings), so gunicorn trusts no proxy header.
forwarded_allow_ips = "127.0.0.1"
