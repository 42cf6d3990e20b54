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


def test_advice_bench_runs_small_and_meets_its_targets_on_its_sample():
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "advice.py"), "--n", "150"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    assert "sentences that misquote the tolerance (target 0): 0" in text
    assert "not a lever / not one step up / no gain: 0" in text
    assert "naming a programme already first or not a choice: 0" in text
