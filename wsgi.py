"""WSGI entry point: `gunicorn wsgi:app`. Production must set SECRET_KEY (and DATABASE_URL)."""

from advisor import create_app

app = create_app()
if not app.config.get("SECRET_KEY"):
    # Fail at boot rather than on the first request.
    raise RuntimeError("SECRET_KEY is not set: export a long random SECRET_KEY before serving")
