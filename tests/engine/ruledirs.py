"""Small, controlled rule directories for mechanics tests: a copy of the real rules with the
programme fit rules replaced, so a test does not depend on the current rule content."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from ..conftest import RULES_DIR


def controlled_rules(
    tmp: Path,
    programs: dict[str, dict[str, Any]],
    shared_fit: list[dict] | None = None,
    readiness: dict[str, dict[str, Any]] | None = None,
) -> Path:
    """Copy the rules to `tmp/rules`; every programme keeps its facts but loses its fit rules and
    cautions, except what `programs[id]` gives: `base_fit`, `start`, `end` (attribute values),
    `end_part` (the `part` the end names), `fit` and `cautions` (rule lists). `shared_fit` replaces
    program-rules.yaml's fit rules (its cautions are dropped). `readiness[dim]` overrides keys of a
    dimension (e.g. `base`, `rules`)."""
    root = tmp / "rules"
    shutil.copytree(RULES_DIR, root)
    if (root / "tests").exists():
        shutil.rmtree(root / "tests")
    for path in sorted((root / "programs").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        spec = programs.get(data["id"], {})
        data["base_fit"] = spec.get("base_fit", 10)
        data["fit"] = spec.get("fit", [])
        data["cautions"] = spec.get("cautions", [])
        for key in ("start", "end"):
            data["attributes"][key]["value"] = spec.get(key)
        data["attributes"]["end"].pop("part", None)  # an end's `part` needs a date: set it with end_part
        if spec.get("end_part"):
            data["attributes"]["end"]["part"] = spec["end_part"]
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    (root / "program-rules.yaml").write_text(
        yaml.safe_dump({"fit": shared_fit or [], "cautions": []}, sort_keys=False)
    )
    if readiness:
        path = root / "readiness.yaml"
        data = yaml.safe_load(path.read_text())
        for dim in data["dimensions"]:
            dim.update(readiness.get(dim["id"], {}))
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return root


def caution(rid: str, when: str = "true") -> dict[str, str]:
    return {"id": rid, "when": when, "text": "A caution."}


def fit_rule(rid: str, when: str, points: int) -> dict[str, Any]:
    return {"id": rid, "when": when, "points": points, "text": "A reason."}
