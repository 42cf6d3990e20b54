"""Reading YAML: libyaml's C parser when PyYAML was built with it (about ten times faster than the
pure-Python one; rule files are read at every start and by every `rules` command), else PyYAML's own.
Both build the same safe types and report the same marks."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """`yaml.safe_load`, on the C parser where there is one."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
