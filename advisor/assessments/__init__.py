"""The assessment feature: the model, its services (writes, look-ups, reports), secret links, and the
questionnaire, results and JSON API blueprints."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    from ..extensions import csrf
    from .api import bp as api_bp
    from .questionnaire import bp as questionnaire_bp
    from .results import bp as results_bp

    app.register_blueprint(questionnaire_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # JSON clients authenticate with the secret token, not a session
