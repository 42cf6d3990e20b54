"""Blueprint package: see views.py (the result, its PDF, revoke, delete) and version_views.py
(changing answers, earlier versions, keeping the result)."""

from . import version_views
from .views import bp

__all__ = ["bp", "version_views"]
