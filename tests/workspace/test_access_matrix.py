"""Who reaches which workspace route: anonymous, advisor A (owns the objects), advisor B, admin.

Every route of the workspace and accounts blueprints appears here with the exact status for each
role; a test below fails when a route is added without a row.
"""

from __future__ import annotations

import importlib.util

import pytest

from .conftest import login

ROLES = ("anon", "a", "b", "admin")
EMAIL = {"a": "a@example.sg", "b": "b@example.sg", "admin": "admin@example.sg"}
HAS_REPORT = importlib.util.find_spec("advisor.report") is not None
PDF = 200 if HAS_REPORT else 503

# (method, url template, form data, {role: status}) — statuses in ROLES order.
MATRIX = [
    ("GET", "/workspace/", None, (302, 200, 200, 200)),
    ("GET", "/workspace/clients", None, (302, 200, 200, 200)),
    ("GET", "/workspace/clients/new", None, (302, 200, 200, 200)),
    ("POST", "/workspace/clients/new", {"name": "New Co", "industry": "retail"}, (302, 303, 303, 303)),
    ("GET", "/workspace/clients/{client_a}", None, (302, 200, 404, 200)),
    ("GET", "/workspace/clients/999999", None, (302, 404, 404, 404)),
    ("GET", "/workspace/clients/{client_a}/edit", None, (302, 200, 404, 200)),
    ("POST", "/workspace/clients/{client_a}/edit", {"name": "Renamed", "industry": ""}, (302, 303, 404, 303)),
    ("GET", "/workspace/clients/{client_a}/delete", None, (302, 200, 404, 200)),
    # Without the confirmation page's token: that page again, nothing deleted.
    ("POST", "/workspace/clients/{client_a}/delete", {}, (302, 200, 404, 200)),
    ("POST", "/workspace/clients/{client_a}/delete", {"confirm_token": "forged"}, (302, 200, 404, 200)),
    ("GET", "/workspace/clients/deleted", None, (302, 200, 200, 200)),
    ("GET", "/workspace/clients/{deleted_client}", None, (302, 404, 404, 404)),
    ("POST", "/workspace/clients/{deleted_client}/restore", {}, (302, 303, 404, 303)),
    ("POST", "/workspace/clients/{client_a}/restore", {}, (302, 404, 404, 404)),
    ("POST", "/workspace/clients/{client_a}/assess", {"consent": "y"}, (302, 303, 404, 303)),
    ("POST", "/workspace/assessments/{draft}/continue", {}, (302, 303, 404, 303)),
    ("POST", "/workspace/clients/{client_a}/invites", {}, (302, 200, 404, 200)),
    ("POST", "/workspace/invites/{invite}/revoke", {}, (302, 303, 404, 303)),
    ("GET", "/workspace/invite/{invite_token}", None, (200, 200, 200, 200)),
    ("POST", "/workspace/invite/{invite_token}", {"consent": "y"}, (303, 303, 303, 303)),
    ("GET", "/workspace/invite/not-a-token", None, (404, 404, 404, 404)),
    ("GET", "/workspace/assessments/{a2}", None, (302, 200, 404, 200)),
    ("GET", "/workspace/assessments/{b1}", None, (302, 404, 200, 200)),
    ("GET", "/workspace/assessments/{draft}", None, (302, 200, 404, 200)),  # its draft state
    ("POST", "/workspace/assessments/{a2}/notes", {"body": "Follow up in March."}, (302, 303, 404, 303)),
    ("GET", "/workspace/notes/{note}/delete", None, (302, 200, 404, 200)),
    ("POST", "/workspace/notes/{note}/delete", {}, (302, 200, 404, 200)),
    ("GET", "/workspace/assessments/{a1}/delete", None, (302, 200, 404, 200)),
    ("POST", "/workspace/assessments/{a1}/delete", {}, (302, 200, 404, 200)),
    ("GET", "/workspace/assessments/{a2}/compare", None, (302, 200, 404, 200)),
    ("GET", "/workspace/assessments/{a1}/compare", None, (302, 404, 404, 404)),
    ("GET", "/workspace/assessments/{a2}/report.pdf", None, (302, PDF, 404, PDF)),
    ("GET", "/workspace/export.csv", None, (302, 200, 200, 200)),
    ("POST", "/workspace/export.zip", {"ids": "{a2}"}, (302, 303, 400, 303)),
    ("GET", "/workspace/exports/{job}", None, (302, 200, 404, 404)),
    ("GET", "/workspace/exports/{job}/download", None, (302, 404, 404, 404)),
    ("GET", "/workspace/cohort", None, (302, 200, 200, 200)),
    ("GET", "/workspace/admin/advisors", None, (302, 403, 403, 200)),
    ("POST", "/workspace/admin/advisors/{b}/active", {}, (302, 403, 403, 303)),
    ("POST", "/workspace/admin/advisors/{b}/password", {"password": "a fresh password!"},
     (302, 403, 403, 303)),
    ("POST", "/workspace/admin/advisors/{b}/reassign", {"to_user": "{a}"}, (302, 403, 403, 303)),
    ("GET", "/workspace/admin/audit", None, (302, 403, 403, 200)),
    ("GET", "/account/login", None, (200, 302, 302, 302)),
    ("POST", "/account/login", {"email": "x@example.sg", "password": "wrong"}, (200, 302, 302, 302)),
    ("GET", "/account/password", None, (302, 200, 200, 200)),
    ("POST", "/account/password", {"current": "wrong", "new": "x" * 12, "confirm": "x" * 12},
     (302, 400, 400, 400)),
    ("POST", "/account/logout", {}, (302, 302, 302, 302)),
]


def _fill(value, world):
    return value.format(**world) if isinstance(value, str) else value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, expected", MATRIX,
                         ids=[f"{m} {u}" for m, u, _, _ in MATRIX])
def test_access(ws_app, world, role, method, url, data, expected):
    c = ws_app.test_client()
    if role != "anon":
        assert login(c, EMAIL[role]).status_code == 302
    target = _fill(url, world)
    if method == "GET":
        r = c.get(target)
    else:
        r = c.post(target, data={k: _fill(v, world) for k, v in (data or {}).items()})
    assert r.status_code == expected[ROLES.index(role)], r.get_data(as_text=True)[:300]
    public = url.startswith(("/account/logout", "/workspace/invite/"))
    if r.status_code == 302 and role == "anon" and not public:
        assert "/account/login" in r.headers["Location"]


def _endpoint(ws_app, method, url):
    """The endpoint a matrix row reaches, found by the app's own URL map (placeholders as ids)."""
    import re

    from werkzeug.exceptions import HTTPException

    path = re.sub(r"\{[a-z0-9_]+\}", "1", url)
    try:
        endpoint, _ = ws_app.url_map.bind("advisor.test").match(path, method=method)
    except HTTPException:
        return None
    return endpoint


def test_every_route_is_in_the_matrix(ws_app):
    """Exact: each workspace and accounts route, with each of its methods, has a row of its own."""
    covered = {(method, _endpoint(ws_app, method, url)) for method, url, _, _ in MATRIX}
    missing = []
    for rule in ws_app.url_map.iter_rules():
        if not rule.endpoint.startswith(("workspace.", "accounts.")):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, rule.endpoint) not in covered:
                missing.append((method, rule.rule))
    assert missing == []


def test_every_matrix_row_reaches_a_route(ws_app):
    assert [(m, u) for m, u, _, _ in MATRIX if _endpoint(ws_app, m, u) is None] == []
