"""SME AI Advisor: AI readiness and programme fit for Singapore SMEs."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import packaged_or_checkout

if TYPE_CHECKING:  # Flask loads only when an app is built: `advisor.engine` and the CLI stay light
    from flask import Flask


def _development_key(instance: Path) -> str:
    """A random key made once per checkout and kept in the instance folder, so sessions survive the
    development server's reloads. Only used with --debug; production must set SECRET_KEY."""
    path = instance / "dev-secret-key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app. `config` overrides what the environment says (tests pass TESTING etc.)."""
    from flask import Flask

    from . import (
        commands,
        errors,
        filters,
        lazy_migrate,
        logmask,
        security,
    )
    from .config import from_environment
    from .engine import load_ruleset
    from .extensions import csrf, db

    logmask.install()  # before anything logs: no link token in any log line
    app = Flask(
        __name__, template_folder=str(packaged_or_checkout("templates")), instance_relative_config=True
    )
    app.config.from_mapping(from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    relaxed = app.debug or app.testing
    if not app.config.get("SECRET_KEY"):
        if app.testing:
            # A random key per app: tests need no setup, and nothing is hard-coded.
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        elif app.debug:
            app.config["SECRET_KEY"] = _development_key(Path(app.instance_path))
        else:
            security.refuse_without_secret(app)
    explicit = set(app.config["ADVISOR_EXPLICIT_SETTINGS"]) | set(config or {})
    if relaxed and "SESSION_COOKIE_SECURE" not in explicit:
        app.config["SESSION_COOKIE_SECURE"] = False
    from .inputs import install_body_guard

    install_body_guard(app)
    security.apply_proxy_fix(app)  # outermost: the guard and the app see the client's real address

    # The rules are parsed and compiled once per app; views read them from app.extensions.
    app.extensions["advisor.ruleset"] = load_ruleset(app.config.get("ADVISOR_RULES_DIR"))

    db.init_app(app)
    lazy_migrate.init_app(app, db, directory=str(packaged_or_checkout("migrations")))
    csrf.init_app(app)
    from flask_babel import Babel

    from . import i18n

    # One Babel per app: Flask-Babel keeps its translations cache on the extension object, keyed by
    # locale only, so apps with other catalogue folders in one process (tests) would share it.
    Babel().init_app(
        app,
        default_locale=i18n.DEFAULT_LANGUAGE,
        default_timezone="Asia/Singapore",
        default_translation_directories=str(packaged_or_checkout("translations")),
        locale_selector=i18n.request_locale,
    )
    i18n.init_app(app)
    security.init_app(app)
    commands.init_app(app)
    filters.init_app(app)
    errors.init_app(app)

    from . import accounts, after_commit, audit, workspace

    after_commit.install()
    audit.install()
    accounts.init_app(app)
    workspace.init_app(app)

    from . import assessments
    from .core import bp as core_bp

    app.register_blueprint(core_bp)
    assessments.init_app(app)  # the questionnaire, results and API blueprints
    return app
