"""WSGI entry point: `gunicorn -c python:advisor.gunicorn_conf advisor.wsgi:app`.

Production must set SECRET_KEY (and DATABASE_URL). Building the app here, at import, makes a bad
setting (ConfigError, naming the variable) or a missing key stop gunicorn at boot, not at the first
request.
"""

from __future__ import annotations

# Load the report package (WeasyPrint, ~1 s) at boot: the first completion in each worker builds a
# report context to queue its PDF, and must not pay that import inside a request.
from . import create_app, report  # noqa: F401
from .security import NO_SECRET

app = create_app()
if not app.config.get("SECRET_KEY"):
    raise RuntimeError(NO_SECRET)
