"""Advice statistics over seeded random answer sets (issue 16, "Done when"): what the shipped rules
tell a broad range of businesses, counted, not timed.

- multi-model shown first, by lock-in tolerance (target: <= 40% of medium-tolerance sets);
- sentences that misquote the owner's tolerance (target: 0);
- Google (jointly) first for mostly-paper firms that do not use Google (target: <= 12%), beside the
  other digital levels;
- ties: for each programme, the ties it is in and how often the published rule lists it first
  (target: every programme first in some), and how many ties only the id decided;
- next_level: every change a lever, one step up, and `what_if` entries that name a programme not
  first before.

Usage: python bench/advice.py [--n 3000] [--seed 7]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine import generate  # noqa: E402  (bench/engine.py: the same seeded answer sets)

from advisor.engine import evaluate_valid, load_ruleset, tie_key, validate_answers  # noqa: E402

# A phrase that reports the owner's tolerance, and the answers it may be said to.
QUOTES = (
    (re.compile(r"(?i)tolerance for (that|depending on one vendor) is low"), {"low"}),
    (re.compile(r"(?i)rather limit"), {"low"}),
    (re.compile(r"(?i)comfortable depending on one vendor"), {"high"}),
)


def texts(result: dict[str, Any]) -> list[str]:
    out = [r["text"] for d in result["readiness"]["dimensions"] for r in d["reasons"]]
    for p in result["programs"]:
        out += [r["text"] for r in p["reasons"]] + [c["text"] for c in p["cautions"]]
    out += [r["text"] for f in result["funding"] for r in f["reasons"]]
    out += [r["text"] for r in result["lock_in"]["reasons"]] + [result["lock_in"]["advice"]]
    return out + [a["text"] for a in result["actions"]]


def pct(a: int, b: int) -> str:
    return f"{a:5d}/{b:<5d} {100 * a / b:5.1f}%" if b else f"{a:5d}/{b:<5d}   n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ruleset = load_ruleset()
    by_q = ruleset.question_by_id
    id_place = {pid: i for i, pid in enumerate(sorted(p.id for p in ruleset.programs))}
    multi_first: Counter[str] = Counter()
    tolerance: Counter[str] = Counter()
    google_first: Counter[str] = Counter()
    not_on_google: Counter[str] = Counter()
    in_tie: Counter[str] = Counter()
    first_in_tie: Counter[str] = Counter()
    first_by_rule: Counter[str] = Counter()  # listed first, and the id was not what decided it
    ties = by_id = 0
    misquotes: list[str] = []
    bad_changes = changes = what_ifs = bad_what_ifs = 0
    for raw in generate(ruleset, args.n, args.seed):
        clean = validate_answers(ruleset.questions, raw)
        r = evaluate_valid(ruleset, clean).to_dict()
        tol = clean["lock_in_tolerance"]
        tolerance[tol] += 1
        programs = r["programs"]
        multi_first[tol] += programs[0]["id"] == "multi-model"
        level = clean["digital_maturity"]
        if "google" not in clean["cloud_platforms"]:
            not_on_google[level] += 1
            google_first[level] += any(
                p["id"] == "google-cloud-skills-boost" and p["rank"] == 1 for p in programs
            )
        for text in texts(r):
            for pattern, allowed in QUOTES:
                if pattern.search(text) and tol not in allowed:
                    misquotes.append(f"{tol}: {text}")
        # Ties: every shared rank; was the id the only thing that ordered its first two?
        for rank in sorted({p["rank"] for p in programs}):
            group = [p for p in programs if p["rank"] == rank]
            if len(group) < 2:
                continue
            ties += 1
            for p in group:
                in_tie[p["id"]] += 1
            first_in_tie[group[0]["id"]] += 1
            keys = [_key(ruleset, r, p, id_place) for p in group[:2]]
            decided_by_id = keys[0][:-1] == keys[1][:-1]
            by_id += decided_by_id
            first_by_rule[group[0]["id"]] += not decided_by_id
        for d in r["readiness"]["dimensions"]:
            for c in (d["next_level"] or {}).get("changes", []):
                changes += 1
                q = by_q[c["question"]]
                ok = q.lever is not None and c["points"] > 0
                if q.type == "enum":
                    ok = ok and q.values.index(c["answer"]) == q.values.index(clean[q.id]) + 1
                bad_changes += not ok
        first = {p["id"] for p in programs if p["rank"] == 1}
        for w in r["what_if"]:
            what_ifs += 1
            bad_what_ifs += w["top"] in first or not by_q[w["question"]].choice

    print(f"rule set {ruleset.version}: {args.n} seeded answer sets (seed {args.seed})")
    print("multi-model shown first, by lock-in tolerance (target: medium <= 40%):")
    for tol in ("low", "medium", "high"):
        print(f"  {tol:<7} {pct(multi_first[tol], tolerance[tol])}")
    print(f"sentences that misquote the tolerance (target 0): {len(misquotes)}")
    for line in misquotes[:5]:
        print(f"  {line}")
    print("Google (jointly) first among firms not on Google, by digital level (target: mostly_paper <= 12%):")
    for level in by_q["digital_maturity"].values:
        print(f"  {level:<16} {pct(google_first[level], not_on_google[level])}")
    print(f"ties (shared ranks): {ties}; ordered by the id alone: {pct(by_id, ties)}")
    print(
        "  programme                    in ties   listed first                 first by the rule, not the id"
    )
    print("                                         (target: every programme > 0)")
    for p in ruleset.programs:
        print(
            f"  {p.id:<28} {in_tie[p.id]:7d}   {pct(first_in_tie[p.id], in_tie[p.id])}"
            f"   {pct(first_by_rule[p.id], in_tie[p.id])}"
        )
    print(f"next_level changes: {changes}, not a lever / not one step up / no gain: {bad_changes}")
    print(f"what_if entries: {what_ifs}, naming a programme already first or not a choice: {bad_what_ifs}")


def _key(
    ruleset: Any, result: dict[str, Any], prog: dict[str, Any], id_place: dict[str, int]
) -> tuple[int, ...]:
    """The published tie key of a programme in a result, recomputed from the result itself."""
    from advisor.engine.plan import is_property

    rules = {r.id: r for p in ruleset.programs if p.id == prog["id"] for r in p.cautions}
    rules.update({r.id: r for r in ruleset.program_cautions})
    counted = sum(not is_property(rules[c["rule"]]) for c in prog["cautions"])
    points_for = sum(x["points"] for x in prog["reasons"] if x["points"] > 0)
    k = next(i for i, p in enumerate(ruleset.programs) if p.id == prog["id"])
    start, end = ruleset.plan.program_windows[k][:2]
    as_of = result["ruleset"]["as_of"]
    available = (start is None or start.isoformat() <= as_of) and (end is None or as_of <= end.isoformat())
    return tie_key(available, counted, points_for, id_place[prog["id"]])


if __name__ == "__main__":
    main()
