"""Response headers and the missing-secret guard."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


def refuse_without_secret(app: Flask) -> None:
    """Outside development and tests the app serves nothing until SECRET_KEY is set.
    CLI tasks (migrations, purge) still run: they sign nothing."""

    @app.before_request
    def _no_secret() -> None:
        raise RuntimeError("SECRET_KEY is not set: export a long random SECRET_KEY before serving")


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        # Links carry secret tokens in their path: never leak them to another site.
        h.setdefault("Referrer-Policy", "no-referrer")
        h.setdefault("X-Frame-Options", "DENY")
        if request.endpoint != "static":
            # Pages and API answers may hold answers or results: no cache may keep them.
            h["Cache-Control"] = "no-store"
        return response
