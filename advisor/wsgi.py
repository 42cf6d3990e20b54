"""WSGI entry point: `gunicorn -c python:advisor.gunicorn_conf advisor.wsgi:app`.

Production must set SECRET_KEY, SERVER_NAME or TRUSTED_HOSTS (and DATABASE_URL). Building the app
here, at import, makes a bad setting (ConfigError, naming the variable) or a missing key stop gunicorn
at boot, not at the first request.
"""

from __future__ import annotations

# WeasyPrint is not loaded here: with a queue the web workers never render (and without one the
# first inline render pays the import once per worker).
from . import create_app
from .security import NO_SECRET

app = create_app()
if not app.config.get("SECRET_KEY"):
    raise RuntimeError(NO_SECRET)
if not (app.config.get("SERVER_NAME") or app.config.get("TRUSTED_HOSTS")):
    # Absolute links (the API's `links`, redirects, resume links) would follow the request's Host
    # header, which any client sets: a link could be made to point at another site.
    raise RuntimeError(
        "Set SERVER_NAME (the public host, e.g. advisor.example.sg) or TRUSTED_HOSTS before serving: "
        "absolute links must not follow the request's Host header"
    )
