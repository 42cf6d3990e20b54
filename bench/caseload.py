"""Caseload benchmark: 10,000 assessments, caseload and cohort latency, CSV export memory.

    .venv/bin/python bench/caseload.py [--rows 10000] [--runs 30]

Seeds a temporary SQLite database with bulk inserts (advisor A: 10 % of the rows, advisor B: the
rest, an admin who sees all), then measures server time through Flask's test client (median of
--runs requests) and the peak Python memory (tracemalloc) of streaming the CSV for A's rows and for
all rows. Flat memory means the export streams: the peak does not grow with the row count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from advisor import create_app
from advisor.assessments.models import Assessment
from advisor.engine import evaluate, load_ruleset
from advisor.extensions import db
from advisor.workspace.models import CaseloadDimension, CaseloadEntry, Client

PASSWORD = "benchmark password"
BASE: dict[str, Any] = {
    "industry": "manufacturing",
    "employees": 45,
    "annual_revenue": "1m_to_10m",
    "it_staff": 2,
    "staff_ai_literacy": "basic",
    "leadership_ai_understanding": "medium",
    "non_technical_workforce": "high",
    "learning_preference": "instructor_led",
    "training_hours_per_month": 4,
    "digital_maturity": "cloud_apps",
    "data_quality": "fair",
    "ai_usage": "individual_tools",
    "use_cases": "ideas",
    "ai_policy": "none",
    "change_readiness": "medium",
    "cloud_platforms": ["microsoft"],
    "data_sensitivity": "personal_data",
    "data_residency_required": False,
    "goals": ["document_processing"],
    "languages": ["english"],
    "budget_sgd_per_month": 1500,
    "timeline": "3_to_12_months",
    "lock_in_tolerance": "medium",
}
VARIANTS = [
    {},
    {"industry": "retail", "ai_policy": "written"},
    {"industry": "logistics", "data_quality": "good"},
    {"digital_maturity": "mostly_paper", "ai_usage": "none", "use_cases": "none"},
    {"cloud_platforms": ["aws"], "lock_in_tolerance": "low"},
    {"cloud_platforms": ["google", "alibaba"]},
    {"industry": "healthcare", "data_sensitivity": "highly_sensitive", "data_residency_required": True},
    {"staff_ai_literacy": "advanced", "ai_usage": "production", "use_cases": "prioritised"},
    {"budget_sgd_per_month": 0, "training_hours_per_month": 0},
    {"industry": "ict", "it_staff": 20},
]


def seed(app: Any, rows: int) -> dict[str, int]:
    from advisor.accounts.services import create_user
    from advisor.workspace.summary import dimension_rows, summary_row

    ruleset = load_ruleset()
    with app.app_context():
        a = create_user("a@bench.sg", PASSWORD).id
        b = create_user("b@bench.sg", PASSWORD).id
        create_user("admin@bench.sg", PASSWORD, is_admin=True)
        now = dt.datetime.now(dt.UTC)
        clients = [
            {
                "owner_id": a if i < rows // 10 else b,
                "name": f"Company {i:05d} Pte Ltd",
                "industry": None,
                "created_at": now,
            }
            for i in range(rows)
        ]
        db.session.execute(sa.insert(Client), clients)
        client_ids = list(db.session.scalars(sa.select(Client.id).order_by(Client.id)))
        owners = dict(db.session.execute(sa.select(Client.id, Client.owner_id)).all())
        scored = []
        for v in VARIANTS:
            answers = {**BASE, **v, "as_of": "2026-06-01"}
            result = evaluate(ruleset, answers)
            scored.append((answers, result.to_dict(), result.to_json(), result.version))
        batch: list[dict[str, Any]] = []
        for i, cid in enumerate(client_ids):
            answers, result, text, version = scored[i % len(scored)]
            as_of = dt.date(2025, 1, 1) + dt.timedelta(days=i % 600)
            batch.append(
                {
                    "report_id": f"R-B{i:07d}",
                    "version": 1,
                    "answers": answers,
                    "step_index": 0,
                    "consent_at": now,
                    "status": "complete",
                    "result": result,
                    "result_json": text,
                    "ruleset_version": version,
                    "as_of": as_of,
                    "company_name": None,
                    "created_at": now,
                    "updated_at": now,
                    "completed_at": now,
                    "owner_id": owners[cid],
                    "client_id": cid,
                }
            )
            if len(batch) == 1000:
                db.session.execute(sa.insert(Assessment), batch)
                batch = []
        if batch:
            db.session.execute(sa.insert(Assessment), batch)
        db.session.commit()
        # Bulk inserts skip the ORM listeners: build the caseload summary the same way they do.
        entries, dims = [], []
        for asmt in db.session.scalars(sa.select(Assessment).execution_options(yield_per=1000)):
            entries.append(summary_row(asmt))
            dims.extend(dimension_rows(asmt))
        db.session.expunge_all()
        db.session.execute(sa.insert(CaseloadEntry), entries)
        db.session.execute(sa.insert(CaseloadDimension), dims)
        db.session.commit()
        return {"a": a, "b": b}


def median_ms(client: Any, url: str, runs: int) -> float:
    client.get(url)  # warm-up (template compile, statement cache)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return statistics.median(times)


def csv_seconds(client: Any) -> float:
    """Wall time of the whole CSV export without tracemalloc (which slows allocation down)."""
    t = time.perf_counter()
    r = client.get("/workspace/export.csv", buffered=False)
    for _ in r.response:
        pass
    r.close()
    return time.perf_counter() - t


def csv_peak(client: Any) -> tuple[int, float, int]:
    """(rows, peak KiB while streaming, bytes) for the CSV export of what this client sees."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    r = client.get("/workspace/export.csv", buffered=False)
    n, size = 0, 0
    for chunk in r.response:
        size += len(chunk)
        n += chunk.count(b"\r\n") if isinstance(chunk, bytes) else chunk.count("\r\n")
    r.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return n - 1, peak / 1024, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": secrets.token_hex(16),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "WTF_CSRF_ENABLED": False,
                "ARGON2_TIME_COST": 1,
                "ARGON2_MEMORY_COST": 8,
                "ARGON2_PARALLELISM": 1,
                "EXPORT_DIR": str(Path(tmp) / "exports"),
            }
        )
        with app.app_context():
            db.create_all()
        t = time.perf_counter()
        seed(app, args.rows)
        print(f"seeded {args.rows} assessments in {time.perf_counter() - t:.1f} s")
        admin, small = app.test_client(), app.test_client()
        admin.post("/account/login", data={"email": "admin@bench.sg", "password": PASSWORD})
        small.post("/account/login", data={"email": "a@bench.sg", "password": PASSWORD})
        level = json.loads(
            json.dumps(
                evaluate(load_ruleset(), {**BASE, "as_of": "2026-06-01"}).to_dict()["readiness"]["level"]
            )
        )
        figures = {
            "caseload first page (admin, all rows)": median_ms(admin, "/workspace/", args.runs),
            "caseload filtered (level+industry+date, sorted by score)": median_ms(
                admin,
                f"/workspace/?level={level}&industry=manufacturing&from=2025-06-01&sort=score",
                args.runs,
            ),
            "caseload search (company name)": median_ms(admin, "/workspace/?q=Company%200999", args.runs),
            "caseload last page": median_ms(admin, "/workspace/?page=400", args.runs),
            # The cohort page counts the signed-in advisor's own clients (advisor A: 10 % of the rows);
            # the admins' organisation view pools every advisor's (all rows, anonymity threshold).
            "cohort view (advisor A's own)": median_ms(small, "/workspace/cohort", args.runs),
            "cohort view filtered": median_ms(small, "/workspace/cohort?industry=retail", args.runs),
            "organisation view (all rows)": median_ms(admin, "/workspace/admin/organisation", args.runs),
            "needs attention (advisor A)": median_ms(small, "/workspace/attention", args.runs),
        }
        for name, ms in figures.items():
            print(f"{name:58s} median {ms:7.1f} ms")
        for label, c in (("advisor A", small), ("admin", admin)):
            seconds = csv_seconds(c)
            rows, peak, size = csv_peak(c)
            print(
                f"CSV export {label:10s}: {rows:6d} rows, {size / 1e6:5.1f} MB in "
                f"{seconds:5.1f} s, peak traced memory {peak:8.0f} KiB"
            )


if __name__ == "__main__":
    main()
