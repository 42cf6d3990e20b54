"""Migration 0004 moves the notes from assessments to clients (SQLite, and PostgreSQL when the suite
runs there: `fresh_database_url` gives a new file or a new schema)."""

from __future__ import annotations

import sqlalchemy as sa

from advisor.extensions import db


def _insert(conn: sa.Connection, table: str, **values: object) -> None:
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    conn.execute(sa.text(f"INSERT INTO {table} ({cols}) VALUES ({params})"), values)


def test_notes_move_to_their_assessments_client_and_back(make_app, ws_config, fresh_database_url):
    from flask_migrate import downgrade, upgrade

    app = make_app(**{**ws_config, "SQLALCHEMY_DATABASE_URI": fresh_database_url()})
    now = "2026-09-01 10:00:00+00:00"
    with app.app_context():
        db.drop_all()
        upgrade(revision="0003")
        with db.engine.begin() as conn:
            _insert(
                conn,
                "users",
                id=1,
                email="a@example.sg",
                password_hash="x",
                is_admin=False,
                active=True,
                session_version=1,
                created_at=now,
            )
            _insert(conn, "clients", id=7, owner_id=1, name="Tan Precision", created_at=now)
            for aid, client_id, report in (
                (11, 7, "R-AAAAAAAA"),
                (12, 7, "R-BBBBBBBB"),
                (13, None, "R-CCCCCCCC"),
            ):
                _insert(
                    conn,
                    "assessments",
                    id=aid,
                    report_id=report,
                    token_hash=report.ljust(64, "0"),
                    answers="{}",
                    step_index=0,
                    status="complete",
                    as_of="2026-09-01",
                    created_at=now,
                    updated_at=now,
                    expires_at=now,
                    owner_id=1,
                    client_id=client_id,
                )
            _insert(
                conn,
                "assessment_notes",
                id=1,
                assessment_id=11,
                author_id=1,
                body="PSG vendor quote",
                created_at=now,
            )
            _insert(
                conn,
                "assessment_notes",
                id=2,
                assessment_id=12,
                author_id=1,
                body="Follow up in Nov",
                created_at=now,
            )
            # An anonymous assessment's note (never made by the workspace) has no client to go to.
            _insert(
                conn, "assessment_notes", id=3, assessment_id=13, author_id=1, body="orphan", created_at=now
            )
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, client_id, assessment_id, kind FROM assessment_notes ORDER BY id")
            ).all()
            assert [tuple(r) for r in rows] == [(1, 7, 11, "note"), (2, 7, 12, "note")]
            cols = {c["name"] for c in sa.inspect(conn).get_columns("clients")}
            assert {"uen", "phone", "email", "preferred_language", "employees", "next_contact_on"} <= cols
        # A note written on the client (no assessment) cannot go back; the others do.
        with db.engine.begin() as conn:
            _insert(
                conn,
                "assessment_notes",
                id=4,
                client_id=7,
                author_id=1,
                body="on the client",
                kind="call",
                created_at=now,
            )
        downgrade(revision="0003")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, assessment_id FROM assessment_notes ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, 11), (2, 12)]
            assert "client_id" not in {c["name"] for c in sa.inspect(conn).get_columns("assessment_notes")}
        upgrade()
