"""Work that must wait until the transaction is committed: deleting files that hold data of rows
being deleted. Run after the commit (so a concurrent request cannot re-create them from rows still
there) and dropped on rollback (the rows, and so the files, are kept)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_KEY = "advisor.after_commit"


def after_commit(session: Any, action: Callable[[], object]) -> None:
    """Run `action` once the session's current transaction commits; forget it if it rolls back."""
    session.info.setdefault(_KEY, []).append(action)


def _run(session: Session) -> None:
    actions = session.info.pop(_KEY, [])
    for action in actions:
        action()


def _drop(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction, not a savepoint inside it
        session.info.pop(_KEY, None)


def install() -> None:
    if not event.contains(Session, "after_commit", _run):
        event.listen(Session, "after_commit", _run)
        event.listen(Session, "after_soft_rollback", _drop)
