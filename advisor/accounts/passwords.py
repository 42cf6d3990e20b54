"""Password hashing with argon2id. The cost comes from config so tests can make it cheap."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from ..translate import _

MIN_PASSWORD_LENGTH = 12

_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=int(cfg.get("ARGON2_TIME_COST", 3)),
        memory_cost=int(cfg.get("ARGON2_MEMORY_COST", 65536)),
        parallelism=int(cfg.get("ARGON2_PARALLELISM", 4)),
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches. With no stored hash (unknown email) a dummy hash is still
    verified, so the answer takes as long as for a real account and timing reveals nothing."""
    ph = hasher()
    if stored_hash is None:
        key = (ph.time_cost, ph.memory_cost, ph.parallelism)
        if key not in _DUMMY_HASHES:
            _DUMMY_HASHES[key] = ph.hash("not a password of anyone")
        stored_hash = _DUMMY_HASHES[key]
        with contextlib.suppress(VerificationError, InvalidHashError):
            ph.verify(stored_hash, password)
        return False
    try:
        return ph.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return hasher().check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """A message when a new password is too weak, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(num)s characters.", num=MIN_PASSWORD_LENGTH)
    if len(password) > 1024:
        return _("Use at most %(num)s characters.", num=1024)
    return None
