"""Kept for `gunicorn wsgi:app` inside the checkout; the entry point is `advisor.wsgi:app`."""

from advisor.wsgi import app

__all__ = ["app"]
