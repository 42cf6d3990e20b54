"""Blueprint package: see views.py (landing, consent, steps, review) and preview_views.py (every
question before you start)."""

from . import preview_views
from .views import bp

__all__ = ["bp", "preview_views"]
