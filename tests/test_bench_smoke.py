"""The engine benchmark still runs against the current rules (its rule-engine translation checks
itself against our conditions, so a new timing name or condition shape breaks it): a small run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_engine_bench_runs_and_prints_its_last_line():
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "engine.py"), "--n", "60"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("engine: ") and " us/assessment, " in last and "x faster than rule-engine" in last
