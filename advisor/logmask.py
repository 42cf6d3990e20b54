"""No secret link token in any log line (the database keeps only their hashes; a log that kept the
raw token would hand out the link).

Tokens are 43 URL-safe characters (`secrets.token_urlsafe(32)`); any run of 40 or more such
characters is masked, wherever it appears (a request line, a referrer, an error message). Shorter
ids stay readable: report ids (`R-7K3F9Q2D`) and RQ worker names (32 hex digits).

The mask works at record creation (a log record factory), so it covers every logger in the
process (gunicorn's access log, werkzeug's, the app's, RQ's) whatever handlers are attached later.
"""

from __future__ import annotations

import logging
import re
from typing import Any

TOKEN_RE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])")
MASK = "[token]"
_FORMATTER = logging.Formatter()


def mask(text: str) -> str:
    return TOKEN_RE.sub(MASK, text)


def _masking(factory: Any) -> Any:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports it later, as it always would
            return record
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Formatters use a set exc_text as it is: the traceback's messages are masked too.
            record.exc_text = mask(_FORMATTER.formatException(record.exc_info))
        return record

    make.advisor_masks_tokens = True  # type: ignore[attr-defined]
    return make


def install() -> None:
    """Mask tokens in every log record made in this process from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "advisor_masks_tokens", False):
        logging.setLogRecordFactory(_masking(current))
