"""gunicorn reads this file from the working directory; the settings live in the package so a wheel
install has them too (`gunicorn -c python:advisor.gunicorn_conf advisor.wsgi:app`)."""

from advisor.gunicorn_conf import *  # noqa: F403
