"""The result of one evaluation (contract 2) and its canonical JSON bytes."""

from __future__ import annotations

import copy
import json
from typing import Any, cast

from .types import ResultDict


class Result:
    """An evaluation result. Parts that come straight from the rule set (programme attributes) are
    shared with it, so `to_dict()` hands out a deep copy that callers may change freely."""

    __slots__ = ("_data", "company_name")

    def __init__(self, data: dict[str, Any], company_name: str | None = None):
        self._data = data
        self.company_name = company_name

    def to_dict(self) -> ResultDict:
        return cast(ResultDict, copy.deepcopy(self._data))

    def to_json(self) -> str:
        return canonical_json(self._data)

    @property
    def version(self) -> str:
        return str(self._data["ruleset"]["version"])


def canonical_json(data: Any) -> str:
    """Contract 2's canonical bytes: two-space indent, UTF-8 text, keys in insertion order."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
