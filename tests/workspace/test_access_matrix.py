"""Who reaches which route: anonymous, advisor A (owns the objects), advisor B, admin.

Every (endpoint, method) of the app is either in the matrix, with the exact status for each role,
or in the short PUBLIC list (routes for anyone, guarded by a link token or by nothing); a test below
fails when a route is added without an entry, or when an entry names a route that does not exist.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from advisor.extensions import db
from tests.apps import build_app, dispose

from .conftest import build_world, login

ROLES = ("anon", "a", "b", "admin")
EMAIL = {"a": "a@example.sg", "b": "b@example.sg", "admin": "admin@example.sg"}

# Routes outside the matrix: the public questionnaire, results and API (a secret link token is the
# only key), the health checks and static files. Nothing here may need an account.
PUBLIC = {
    ("static", "GET"),
    ("core.healthz", "GET"),
    ("core.readyz", "GET"),
    ("core.bench_hello", "GET"),
    ("questionnaire.landing", "GET"),
    ("questionnaire.start", "GET"),
    ("questionnaire.start", "POST"),
    ("questionnaire.saved", "GET"),
    ("questionnaire.resume", "GET"),
    ("questionnaire.step", "GET"),
    ("questionnaire.step", "POST"),
    ("questionnaire.review", "GET"),
    ("questionnaire.complete", "POST"),
    ("results.result", "GET"),
    ("results.report_pdf", "GET"),
    ("results.retry_pdf", "POST"),
    ("results.rescore", "POST"),
    ("results.delete", "GET"),
    ("results.delete", "POST"),
    ("results.revoke", "GET"),
    ("results.revoke", "POST"),
    ("results.change", "POST"),
    ("results.discard_change", "POST"),
    ("results.renew", "POST"),
    ("results.version", "GET"),
    ("results.version_pdf", "GET"),
    ("results.answers", "GET"),
    ("results.link_list", "GET"),
    ("results.share", "POST"),
    ("results.revoke_link", "POST"),
    ("results.answers_download", "GET"),
    ("questionnaire.questions", "GET"),
    ("questionnaire.questions_pdf", "GET"),
    ("api.create_assessment", "POST"),
    ("api.get_assessment", "GET"),
    ("api.openapi", "GET"),
    ("api.programs", "GET"),
}

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
    ("GET", "/workspace/assessments/{a2}/report.pdf", None, (302, 200, 404, 200)),
    # Follow-through (issue 20): an advisor never sees another's brief, timeline or follow-ups.
    ("GET", "/workspace/attention", None, (302, 200, 200, 200)),
    ("GET", "/workspace/privacy", None, (302, 200, 200, 200)),
    ("GET", "/workspace/clients/{client_a}/brief", None, (302, 200, 404, 200)),
    ("GET", "/workspace/clients/{client_b}/brief", None, (302, 404, 200, 200)),
    ("GET", "/workspace/clients/{client_a}/brief.pdf", None, (302, 200, 404, 200)),
    ("GET", "/workspace/clients/{deleted_client}/brief", None, (302, 404, 404, 404)),
    (
        "POST",
        "/workspace/clients/{client_a}/notes",
        {"body": "Called, budget in May.", "kind": "call"},
        (302, 303, 404, 303),
    ),
    ("POST", "/workspace/clients/{client_a}/notes", {"body": ""}, (302, 400, 404, 400)),
    (
        "POST",
        "/workspace/clients/{client_a}/follow-up",
        {"next_contact_on": "2026-12-10"},
        (302, 303, 404, 303),
    ),
    ("POST", "/workspace/clients/{client_a}/follow-up", {"next_contact_on": "10/12"}, (302, 400, 404, 400)),
    ("POST", "/workspace/assessments/{a2}/steps", {"rule": "{a2_rule}"}, (302, 303, 404, 303)),
    ("POST", "/workspace/assessments/{a2}/steps", {"rule": "no.such.rule"}, (302, 400, 404, 400)),
    ("POST", "/workspace/assessments/{draft}/steps", {"rule": "{a2_rule}"}, (302, 404, 404, 404)),
    ("GET", "/workspace/assessments/{a2}/owner.pdf", None, (302, 200, 404, 200)),
    ("GET", "/workspace/assessments/{draft}/owner.pdf", None, (302, 404, 404, 404)),
    ("GET", "/workspace/assessments/{a2}/share", None, (302, 200, 404, 200)),
    ("POST", "/workspace/assessments/{a2}/share", {"what": "pdf", "channel": "email"}, (302, 200, 404, 200)),
    ("POST", "/workspace/assessments/{a2}/share", {"what": "fax", "channel": "email"}, (302, 400, 404, 400)),
    ("GET", "/workspace/calendar", None, (302, 200, 200, 200)),
    ("POST", "/workspace/calendar", {"show_ids": "y"}, (302, 200, 200, 200)),
    ("POST", "/workspace/calendar/revoke", {}, (302, 303, 303, 303)),
    # The feed is public (a calendar program fetches it): the secret token is the only key.
    ("GET", "/workspace/calendar/{feed_token}.ics", None, (200, 200, 200, 200)),
    ("GET", "/workspace/calendar/not-a-token.ics", None, (404, 404, 404, 404)),
    ("POST", "/workspace/digest", {"subscribe": "1"}, (302, 303, 303, 303)),
    ("GET", "/workspace/digest/unsubscribe/{unsubscribe_token}", None, (200, 200, 200, 200)),
    ("POST", "/workspace/digest/unsubscribe/{unsubscribe_token}", {}, (200, 200, 200, 200)),
    ("GET", "/workspace/digest/unsubscribe/forged", None, (404, 404, 404, 404)),
    ("POST", "/workspace/assessments/{a2}/report.pdf/retry", {}, (302, 303, 404, 303)),
    ("GET", "/workspace/export.csv", None, (302, 200, 200, 200)),
    ("GET", "/workspace/caseload.csv", None, (302, 200, 200, 200)),
    ("POST", "/workspace/export.zip", {"ids": "{a2}"}, (302, 303, 400, 303)),
    ("GET", "/workspace/exports/{job}", None, (302, 200, 404, 404)),
    ("GET", "/workspace/exports/{job}/download", None, (302, 404, 404, 404)),
    ("GET", "/workspace/cohort", None, (302, 200, 200, 200)),
    ("GET", "/workspace/admin/advisors", None, (302, 403, 403, 200)),
    ("POST", "/workspace/admin/advisors/{b}/active", {}, (302, 403, 403, 303)),
    (
        "POST",
        "/workspace/admin/advisors/{b}/password",
        {"password": "a fresh password!"},
        (302, 403, 403, 303),
    ),
    ("POST", "/workspace/admin/advisors/{b}/reassign", {"to_user": "{a}"}, (302, 403, 403, 303)),
    ("GET", "/workspace/admin/audit", None, (302, 403, 403, 200)),
    ("GET", "/workspace/admin/organisation", None, (302, 403, 403, 200)),
    ("GET", "/account/login", None, (200, 302, 302, 302)),
    ("POST", "/account/login", {"email": "x@example.sg", "password": "wrong"}, (200, 302, 302, 302)),
    ("GET", "/account/password", None, (302, 200, 200, 200)),
    (
        "POST",
        "/account/password",
        {"current": "wrong", "new": "x" * 12, "confirm": "x" * 12},
        (302, 400, 400, 400),
    ),
    ("POST", "/account/name", {"name": "x" * 101}, (302, 400, 400, 400)),
    ("POST", "/account/logout", {}, (302, 302, 302, 302)),
]


def _fill(value, world):
    return value.format(**world) if isinstance(value, str) else value


@pytest.fixture(scope="module")
def matrix_app(session_db, ruleset, tmp_path_factory) -> Iterator[tuple[Flask, dict[str, Any], dict]]:
    """One app, one world and one login per role for the whole matrix (building them for each of
    its 300-odd requests was a third of the PostgreSQL leg), inside a transaction rolled back at
    the end; each request runs in a SAVEPOINT of its own (`matrix`)."""
    url, engine = session_db
    connection = engine.connect()
    outer = connection.begin()
    folder = tmp_path_factory.mktemp("matrix")
    app = build_app(
        ruleset,
        url=url,
        folder=folder,
        connection=connection,
        RATELIMIT_KEY_PREFIX="t-" + secrets.token_hex(6),
        EXPORT_DIR=str(folder / "exports"),
    )
    try:
        world = build_world(app)
        cookies = {}
        for role in ROLES[1:]:
            c = app.test_client()
            assert login(c, EMAIL[role]).status_code == 302
            cookies[role] = [(k.key, k.value, k.domain, k.path) for k in c._cookies.values()]
        yield app, world, {"connection": connection, "cookies": cookies}
    finally:
        dispose(app)
        outer.rollback()
        connection.close()


@pytest.fixture
def matrix(matrix_app) -> Iterator[tuple[Flask, dict[str, Any], dict]]:
    """The module's app and world, with whatever this test's request writes rolled back after it."""
    app, world, state = matrix_app
    savepoint = state["connection"].begin_nested()
    try:
        yield app, world, state["cookies"]
    finally:
        with app.app_context():
            db.session.remove()
        if savepoint.is_active:
            savepoint.rollback()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url, data, expected", MATRIX, ids=[f"{m} {u}" for m, u, _, _ in MATRIX])
def test_access(matrix, role, method, url, data, expected):
    app, world, cookies = matrix
    c = app.test_client()
    for key, value, domain, path in cookies.get(role, ()):  # logged in as `role` (its own cookie jar)
        c.set_cookie(key, value, domain=domain, path=path)
    target = _fill(url, world)
    if method == "GET":
        r = c.get(target)
    else:
        r = c.post(target, data={k: _fill(v, world) for k, v in (data or {}).items()})
    assert r.status_code == expected[ROLES.index(role)], r.get_data(as_text=True)[:300]
    public = url.startswith(
        ("/account/logout", "/workspace/invite/", "/workspace/calendar/", "/workspace/digest/u")
    )
    if r.status_code == 302 and role == "anon" and not public:
        assert "/account/login" in r.headers["Location"]


def coverage_problems(
    app: Flask, rows: Iterable[tuple[str, str]], public: set[tuple[str, str]]
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(routes with no entry, entries that reach no route), each as (endpoint or url, method)."""
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    adapter = app.url_map.bind("advisor.test")
    placeholders = defaultdict(lambda: "1", invite_token="a-token")
    listed: set[tuple[str, str]] = set()
    unknown: set[tuple[str, str]] = set()
    for method, url in rows:
        try:
            endpoint, _ = adapter.match(url.format_map(placeholders), method=method)
        except HTTPException:  # no such path, or not with this method
            unknown.add((url, method))
            continue
        listed.add((str(endpoint), method))
    unknown |= {entry for entry in public if entry not in routes}
    return routes - listed - public, unknown


def test_every_route_is_in_the_matrix(ws_app):
    missing, unknown = coverage_problems(ws_app, [(m, u) for m, u, _, _ in MATRIX], PUBLIC)
    assert missing == set()
    assert unknown == set()


def test_the_coverage_check_reports_a_route_without_an_entry(make_app, ws_config):
    app = make_app(**ws_config)
    app.add_url_rule("/workspace/new-thing", "workspace.new_thing", lambda: "x", methods=["GET", "POST"])
    missing, unknown = coverage_problems(app, [(m, u) for m, u, _, _ in MATRIX], PUBLIC)
    assert missing == {("workspace.new_thing", "GET"), ("workspace.new_thing", "POST")}
    assert unknown == set()


def test_the_coverage_check_reports_entries_for_routes_that_do_not_exist(ws_app):
    rows = [(m, u) for m, u, _, _ in MATRIX] + [("GET", "/workspace/gone"), ("PUT", "/workspace/clients")]
    missing, unknown = coverage_problems(ws_app, rows, PUBLIC | {("workspace.gone", "GET")})
    assert missing == set()
    assert unknown == {("/workspace/gone", "GET"), ("/workspace/clients", "PUT"), ("workspace.gone", "GET")}
