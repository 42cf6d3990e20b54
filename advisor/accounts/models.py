"""Advisor and admin accounts."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """An advisor (or an admin, who is also an advisor with extra rights).

    `session_version` is part of the Flask-Login id, so raising it (password change or reset,
    deactivation) logs out every existing session of that user at its next request.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    # How an invited owner sees the advisor ("Siti Rahman, a career advisor at ..."); optional.
    name: Mapped[str | None] = mapped_column(sa.String(100))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def shown_name(self) -> str:
        """The name an owner is shown: the display name, else the email address."""
        return (self.name or "").strip() or self.email

    def __repr__(self) -> str:  # id only: emails stay out of logs
        return f"<User {self.id}{' admin' if self.is_admin else ''}>"
