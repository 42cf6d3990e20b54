"""Fixtures for the web tests (the app, client and database fixtures are the root conftest's)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import VALID_ANSWERS


@pytest.fixture
def answers() -> dict[str, Any]:
    return json.loads(json.dumps(VALID_ANSWERS))
