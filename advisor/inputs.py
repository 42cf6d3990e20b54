"""Small guards for untrusted request input, shared by the accounts and workspace packages.

PostgreSQL refuses NUL in text and 32-bit/64-bit integer columns overflow on huge ids; both used to
surface as a 500. These helpers turn such input into a form error, an ignored filter or a 404.
"""

from __future__ import annotations

import io
import re
from typing import Any

from werkzeug.routing import IntegerConverter
from wtforms.validators import ValidationError

# C0 controls and DEL (NUL included). Tab, newline and carriage return are allowed only where text may
# span lines (notes).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_SINGLE_LINE_OK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A lone UTF-16 surrogate decodes from JSON ("\ud800") but has no UTF-8 form: the database driver
# cannot send it, so it must be refused as input, never reach a query.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# ASCII digits only: str.isdigit() also accepts "²" and other digits int() cannot parse.
_ID = re.compile(r"[0-9]{1,9}")
MAX_ID = 2_147_483_647  # the largest id a 32-bit INTEGER column holds (PostgreSQL `serial`)


def has_control_chars(text: str | None, *, multiline: bool = False) -> bool:
    if not text:
        return False
    return bool((_CONTROL_SINGLE_LINE_OK if multiline else _CONTROL).search(text))


def is_unstorable(text: str | None) -> bool:
    """True when `text` cannot be encoded as UTF-8 (lone surrogates), so cannot be stored."""
    return bool(text) and bool(_SURROGATE.search(text or ""))


def first_unstorable(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) in a parsed JSON document that cannot be
    stored, "" for the document itself, or None when every string is storable."""
    if isinstance(value, str):
        return path if is_unstorable(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if is_unstorable(key):
                return path
            found = first_unstorable(item, f"{path}.{key}" if path else key)
            if found is not None:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = first_unstorable(item, f"{path}[{n}]")
            if found is not None:
                return found
    return None


def parse_id(raw: Any) -> int | None:
    """A positive-or-zero integer of at most nine ASCII digits, else None (never raises)."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    return int(raw)


def parse_page(raw: Any, *, maximum: int = 100_000) -> int:
    """A page number from a query string: 1 when missing or odd, clamped to [1, maximum]."""
    value = parse_id(raw)
    return min(max(1, value or 1), maximum)


class NoControlChars:
    """WTForms validator: refuse NUL and other control characters (newlines only when `multiline`)."""

    def __init__(
        self,
        *,
        multiline: bool = False,
        message: str = "Remove the invisible control characters from this field.",
    ) -> None:
        self.multiline = multiline
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if not isinstance(field.data, str):
            return
        if has_control_chars(field.data, multiline=self.multiline):
            raise ValidationError(self.message)
        if is_unstorable(field.data):
            raise ValidationError("This field holds a character that cannot be stored; retype it.")


class BoundedIntConverter(IntegerConverter):
    """`<id:name>` in routes: an int that fits the database's id column; larger ones are a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class ChunkedBodyGuard:
    """WSGI middleware: reads a chunked request body (no Content-Length) up front, within the
    app's MAX_CONTENT_LENGTH, and hands the app a plain sized body.

    Werkzeug limits a chunked body by stopping quietly at the limit, so an oversized form was cut and
    *saved* (the fields after the cut lost); and a malformed chunk raised from deep in form parsing,
    a 500. Here both become a mark in the environ that `refuse_bad_bodies` turns into 413 / 400.
    """

    def __init__(self, wsgi_app: Any, limit: Any) -> None:
        self.wsgi_app = wsgi_app
        self.limit = limit  # a callable: the app's config may change after the middleware is made

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        # With Transfer-Encoding: chunked any Content-Length is meaningless (RFC 9112 6.3).
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            limit = int(self.limit())
            error: int | None = None
            data = b""
            try:
                data = _read_at_most(environ["wsgi.input"], limit + 1)
            except (OSError, ValueError):  # gunicorn's InvalidChunkSize etc. are OSErrors
                error = 400
            if len(data) > limit:
                error, data = 413, b""
            environ["wsgi.input"] = io.BytesIO(data)
            environ["CONTENT_LENGTH"] = str(len(data))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
            if error is not None:
                environ["advisor.body_error"] = error
                environ["CONTENT_LENGTH"] = "0"
        return self.wsgi_app(environ, start_response)


def _read_at_most(stream: Any, size: int) -> bytes:
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = stream.read(min(65536, size - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def install_body_guard(app: Any) -> None:
    """The middleware, and a first before-request hook that refuses what it marked (before CSRF,
    so an oversized form is a 413, not "your form has expired")."""
    from flask import abort, request

    app.wsgi_app = ChunkedBodyGuard(app.wsgi_app, lambda: app.config["MAX_CONTENT_LENGTH"])

    def refuse_bad_bodies() -> None:
        error = request.environ.get("advisor.body_error")
        if error:
            abort(error)

    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_bodies)

    def close_after_refused_body(response: Any) -> Any:
        # The unread rest of a refused body would be parsed as the next request on a kept-alive
        # connection: the server closes it (gunicorn honours the header), the client is told so.
        if response.status_code == 413:
            response.headers["Connection"] = "close"
        return response

    app.after_request(close_after_refused_body)
