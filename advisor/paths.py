"""Where the top-level data folders are: inside the package when installed from the wheel (which
force-includes `rules/`, `templates/` and `migrations/` into `advisor/`), else in the checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def packaged_or_checkout(name: str) -> Path:
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name
