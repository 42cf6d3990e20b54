"""Blueprint package: see views.py."""

from .views import bp

__all__ = ["bp"]
