"""The rule-set version: a stable hash of every file under the rules directory (contract 2)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def ruleset_version(root: Path) -> str:
    """First 16 hex digits of SHA-256 over each file, in sorted relative-path order, as
    its POSIX path, a NUL byte, and its bytes with CRLF turned into LF."""
    digest = hashlib.sha256()
    files = sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file())
    for rel, path in files:
        digest.update(rel.encode("utf-8"))
        digest.update(b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]
