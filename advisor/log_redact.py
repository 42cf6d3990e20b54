"""Keep link tokens out of access logs: a token is the key of a private link (DESIGN: "tokens never
appear in logs"), and gunicorn's access log writes the request line and the Referer, which hold it."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

# The routes whose path segment after the prefix is a secret token (a link or a client invite).
_TOKEN_IN_PATH = re.compile(r"(/(?:a|api/v1/assessments|workspace/invite)/)[A-Za-z0-9_-]{16,}")
REDACTED = "[token]"


def redact(text: str) -> str:
    """`text` with every link token replaced by [token]."""
    return _TOKEN_IN_PATH.sub(r"\1" + REDACTED, text)


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger with every access-log field redacted: the request line, the path, the Referer
    and any header or environ field a custom format may name."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}


class RedactingFilter(logging.Filter):
    """For the development server's request log (werkzeug): the same redaction on each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


_FILTER = RedactingFilter()


def install() -> None:
    """Redact werkzeug's request log (idempotent: create_app runs many times in one process)."""
    logger = logging.getLogger("werkzeug")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
