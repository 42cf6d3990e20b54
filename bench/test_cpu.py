"""Sums the per-test CPU seconds that `ADVISOR_TEST_CPU=<folder> pytest ...` wrote (tests/conftest.py):
per file and the slowest tests. On a shared machine CPU seconds compare runs where wall-clock does not.

    ADVISOR_TEST_CPU=/tmp/cpu .venv/bin/pytest -n 2 ...
    .venv/bin/python bench/test_cpu.py /tmp/cpu [--top 40]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    tests: list[tuple[float, float, str]] = []
    for path in sorted(args.folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            nodeid, cpu, wall = line.rsplit("\t", 2)
            tests.append((float(cpu), float(wall), nodeid))
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for cpu, wall, nodeid in tests:
        entry = files[nodeid.split("::")[0]]
        entry[0] += cpu
        entry[1] += wall
        entry[2] += 1
    total_cpu = sum(t[0] for t in tests)
    total_wall = sum(t[1] for t in tests)
    print(f"{len(tests)} tests, {total_cpu:.1f} s CPU, {total_wall:.1f} s wall (summed over workers)")
    print("\nper file (CPU s, wall s, tests):")
    for name, (cpu, wall, n) in sorted(files.items(), key=lambda kv: -kv[1][0])[: args.top]:
        print(f"{cpu:8.1f} {wall:8.1f} {int(n):5d}  {name}")
    print(f"\nslowest {args.top} tests (CPU s, wall s):")
    for cpu, wall, nodeid in sorted(tests, reverse=True)[: args.top]:
        print(f"{cpu:8.2f} {wall:8.2f}  {nodeid}")


if __name__ == "__main__":
    main()
