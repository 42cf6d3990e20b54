"""Blueprint package: see views.py (the result, its PDF, revoke, delete), version_views.py
(changing answers, earlier versions, keeping the result), answers_views.py (download my answers) and
link_views.py (share links)."""

from . import answers_views, link_views, version_views
from .views import bp

__all__ = ["answers_views", "bp", "link_views", "version_views"]
