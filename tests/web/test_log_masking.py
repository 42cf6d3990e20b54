"""No link token in any log line: the access log's request line, a referrer, app messages, errors."""

from __future__ import annotations

import logging
import secrets

from advisor import logmask


def test_tokens_are_masked_in_every_logger_and_format(app, caplog):
    token = secrets.token_urlsafe(32)
    caplog.set_level(logging.DEBUG)
    # gunicorn's access log: a format with a dict of atoms.
    logging.getLogger("gunicorn.access").info(
        '%(h)s "%(r)s" %(s)s "%(f)s"',
        {"h": "127.0.0.9", "r": f"GET /a/{token}/report.pdf HTTP/1.1", "s": "200", "f": f"/a/{token}/result"},
    )
    logging.getLogger("werkzeug").info('"GET /invite/%s HTTP/1.1" 200', token)
    logging.getLogger("advisor.test").warning(f"link {token} not found")
    try:
        raise ValueError(f"bad token {token}")
    except ValueError:
        logging.getLogger("advisor.test").exception("failed")
    assert token not in caplog.text
    assert "GET /a/[token]/report.pdf" in caplog.text and "/invite/[token]" in caplog.text


def test_requests_with_tokens_leave_none_in_the_log(client, answers, caplog):
    caplog.set_level(logging.DEBUG)
    r = client.post("/api/v1/assessments", json=answers)
    token = r.json["token"]
    for path in (f"/a/{token}/result", f"/a/{token}/report.pdf", f"/api/v1/assessments/{token}", "/a/x" * 20):
        client.get(path)
    assert token not in caplog.text


def test_short_ids_stay_readable():
    assert logmask.mask("report R-7K3F9Q2D worker 0123456789abcdef0123456789abcdef") == (
        "report R-7K3F9Q2D worker 0123456789abcdef0123456789abcdef"
    )
    assert logmask.mask("x/" + "A" * 43 + "/y") == "x/[token]/y"
