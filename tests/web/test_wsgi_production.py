"""The production entry point (`advisor.wsgi`) refuses to build without SECRET_KEY, and without
SERVER_NAME or TRUSTED_HOSTS (absolute links would follow the client's Host header)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _boot(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "FLASK_"))}
    for key in ("SECRET_KEY", "SERVER_NAME", "TRUSTED_HOSTS"):
        base.pop(key, None)
    base.update(DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite3'}", **env)
    return subprocess.run(
        [sys.executable, "-c", "import advisor.wsgi"], env=base, cwd=tmp_path, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "ok"),
    [
        ({"SECRET_KEY": "s" * 40}, False),
        ({"SECRET_KEY": "s" * 40, "SERVER_NAME": "advisor.example.sg"}, True),
        ({"SECRET_KEY": "s" * 40, "TRUSTED_HOSTS": "advisor.example.sg"}, True),
    ],
)
def test_serving_needs_server_name_or_trusted_hosts(tmp_path, env, ok):
    r = _boot(tmp_path, **env)
    assert (r.returncode == 0) is ok, r.stderr[-500:]
    if not ok:
        assert "SERVER_NAME" in r.stderr and "TRUSTED_HOSTS" in r.stderr


def test_web_workers_load_neither_weasyprint_nor_alembic(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, advisor.wsgi; print(sorted(m for m in ('weasyprint', 'alembic', 'flask_migrate')"
            " if m in sys.modules))",
        ],
        env={
            **os.environ,
            "SECRET_KEY": "s" * 40,
            "SERVER_NAME": "a.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr[-500:]
    assert r.stdout.strip() == "[]"
