"""Blueprint package: see views.py (the result, its PDF, revoke, delete), version_views.py
(changing answers, earlier versions, keeping the result) and answers_views.py (download my answers)."""

from . import answers_views, version_views
from .views import bp

__all__ = ["answers_views", "bp", "version_views"]
