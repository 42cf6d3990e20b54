"""Link tokens never reach the access log (gunicorn's request line, path and Referer)."""

from __future__ import annotations

import types

from advisor.assessments.services import new_token
from advisor.log_redact import REDACTED, RedactingLogger, redact


def test_tokens_in_paths_are_redacted():
    token, _ = new_token()
    for path in (f"/a/{token}/result", f"/api/v1/assessments/{token}", f"/workspace/invite/{token}"):
        assert token not in redact(f"GET {path}?full=1 HTTP/1.1") and REDACTED in redact(path)
    assert redact("/workspace/clients/12/edit") == "/workspace/clients/12/edit"
    assert redact("/a/short/result") == "/a/short/result"  # not a token: left alone


def test_the_gunicorn_logger_redacts_its_atoms():
    token, _ = new_token()
    from gunicorn.config import Config

    log = RedactingLogger(Config())
    req = types.SimpleNamespace(
        headers=[("REFERER", f"https://advisor.example.sg/a/{token}/review")],
        method="GET",
        uri=f"/a/{token}/result",
        path=f"/a/{token}/result",
        query="",
        version=(1, 1),
    )
    resp = types.SimpleNamespace(status="200 OK", sent=10, headers=[], response_length=10)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/a/{token}/result",
        "PATH_INFO": f"/a/{token}/result",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://advisor.example.sg/a/{token}/review",
    }
    import datetime as dt

    atoms = log.atoms(resp, req, environ, dt.timedelta(seconds=0.01))
    assert token not in " ".join(str(v) for v in atoms.values())


def test_the_development_servers_request_log_is_redacted(app):
    import logging

    token, _ = new_token()
    line = ("127.0.0.1", f"GET /a/{token}/result HTTP/1.1", "200")
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s', line, None)
    for f in logging.getLogger("werkzeug").filters:
        f.filter(record)
    assert token not in record.getMessage() and REDACTED in record.getMessage()
