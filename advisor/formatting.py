"""Stored times: UTC in the database, Singapore on screen. The words for values (answers, dates,
attributes) are `advisor.presentation`'s; this module keeps the two time helpers the workspace's
exports share."""

from __future__ import annotations

from .presentation.words import as_utc, local_date

__all__ = ["as_utc", "local_date"]
