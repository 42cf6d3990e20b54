"""Response headers and the missing-secret guard."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# Said by the app (per request) and by the WSGI entry point (at boot): one sentence for both.
NO_SECRET = "SECRET_KEY is not set: export a long random SECRET_KEY before serving"  # noqa: S105 (a message)


def refuse_without_secret(app: Flask) -> None:
    """Outside development and tests the app serves nothing until SECRET_KEY is set.
    CLI tasks (migrations, purge) still run: they sign nothing."""

    @app.before_request
    def _no_secret() -> None:
        raise RuntimeError(NO_SECRET)


def apply_proxy_fix(app: Flask) -> None:
    """Trust `X-Forwarded-*` only as many hops deep as configured: a header the proxy did not set is
    the client's and could forge its address (rate limits) or scheme (Secure cookies, HSTS)."""
    counts = {
        name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}", 0) or 0)
        for name in ("for", "proto", "host", "port", "prefix")
    }
    if any(counts.values()):
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=counts["for"],
            x_proto=counts["proto"],
            x_host=counts["host"],
            x_port=counts["port"],
            x_prefix=counts["prefix"],
        )


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        # Links carry secret tokens in their path: never leak them to another site.
        h.setdefault("Referrer-Policy", "no-referrer")
        h.setdefault("X-Frame-Options", "DENY")
        hsts = int(app.config.get("HSTS_SECONDS", 0) or 0)
        if hsts and request.is_secure:  # browsers ignore it over HTTP, and it must not pin a LAN host
            h.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        if request.endpoint != "static":
            # Pages and API answers may hold answers or results: no cache may keep them.
            h["Cache-Control"] = "no-store"
        return response
