"""Every setting the app reads from the environment: its default, how it is parsed and what it means.

Read only when an app is created (never at import time). An invalid value stops start-up with a
`ConfigError` naming the variable, so a typo in a deployment fails loudly instead of serving with a
default the operator did not mean. The README's configuration table is generated from `SETTINGS`
(`python -m advisor.config` prints it) and a test keeps the two equal.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_API_BODY = 64 * 1024

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class ConfigError(RuntimeError):
    """An environment variable holds a value the app cannot use."""


Parser = Callable[[str], Any]


def whole(minimum: int = 0, maximum: int | None = None) -> Parser:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("must be a whole number") from None
        if value < minimum or (maximum is not None and value > maximum):
            upper = f" and at most {maximum}" if maximum is not None else ""
            raise ValueError(f"must be at least {minimum}{upper}")
        return value

    return parse


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("must be one of 1/0, true/false, yes/no, on/off")


def text(raw: str) -> str:
    return raw.strip()


def host_list(raw: str) -> list[str]:
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if not hosts or any(" " in h or "/" in h for h in hosts):
        raise ValueError("must be a comma-separated list of host names")
    return hosts


def scheme(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("http", "https"):
        raise ValueError("must be http or https")
    return value


def redis_url(raw: str) -> str:
    value = raw.strip()
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("must start with redis://, rediss:// or unix://")
    return value


def rate_limit(raw: str) -> str:
    from limits import parse_many

    value = raw.strip()
    try:
        parse_many(value)
    except ValueError:
        raise ValueError('must be a rate limit such as "10 per minute;50 per hour"') from None
    return value


def language_list(raw: str) -> tuple[str, ...]:
    from .i18n import DEFAULT_LANGUAGE, LANGUAGES

    codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
    unknown = [c for c in codes if c not in LANGUAGES]
    if not codes or unknown:
        raise ValueError(f"must be a comma-separated list of {', '.join(LANGUAGES)}")
    # English is the source language and the fallback: always offered, always first.
    return (DEFAULT_LANGUAGE, *dict.fromkeys(c for c in codes if c != DEFAULT_LANGUAGE))


@dataclass(frozen=True, slots=True)
class Setting:
    env: str  # the environment variable
    default: Any  # used when the variable is unset or empty; a callable takes the instance path
    parse: Parser
    meaning: str
    key: str = ""  # the Flask config key, when it differs from `env`
    shown_default: str = ""  # how the README states a computed default

    @property
    def config_key(self) -> str:
        return self.key or self.env


def _in_instance(name: str) -> Callable[[Path], str]:
    return lambda instance: str(instance / name)


SETTINGS: tuple[Setting, ...] = (
    # Core
    Setting(
        "SECRET_KEY",
        None,
        text,
        "session and CSRF key; required outside development and tests",
        shown_default="none",
    ),
    Setting(
        "DATABASE_URL",
        lambda i: f"sqlite:///{i / 'advisor.sqlite3'}",
        text,
        "SQLAlchemy URL",
        key="SQLALCHEMY_DATABASE_URI",
        shown_default="SQLite file in `instance/`",
    ),
    Setting("ADVISOR_RULES_DIR", None, text, "rules directory", shown_default="the packaged `rules/`"),
    Setting(
        "REDIS_URL",
        None,
        redis_url,
        "Redis for the PDF and export queues and the rate limits; unset: jobs run inline and limits "
        "count per process",
        shown_default="unset",
    ),
    Setting("RETENTION_DAYS", 30, whole(1), "drafts and expired links are purged after this many days"),
    Setting("ASSESSMENT_LINK_DAYS", 30, whole(1), "how long a link to an unfinished assessment works"),
    Setting(
        "RESULT_LINK_DAYS",
        365,
        whole(1),
        "how long a finished result stays reachable through its links (the plan's 12 months); "
        "the owner can renew it for as long again",
    ),
    Setting(
        "LANGUAGES_OFFERED",
        ("en", "zh", "ms", "ta"),  # advisor.i18n.OFFERED_LANGUAGES (config imports nothing of the app)
        language_list,
        "comma-separated languages the switcher offers (`en`, `zh`, `ms`, `ta`); offer one only when "
        "`advisor i18n check` passes for it; English is always offered",
        shown_default="`en,zh,ms,ta`",
    ),
    # Serving behind a proxy
    Setting(
        "SERVER_NAME",
        None,
        text,
        "the public host (and port); absolute links (API `links`, `Location`) use it, never the "
        "request's `Host`",
        shown_default="unset",
    ),
    Setting(
        "TRUSTED_HOSTS",
        None,
        host_list,
        "comma-separated `Host` values to accept (others get 400); `.example.org` matches subdomains",
        shown_default="unset: any",
    ),
    Setting("PREFERRED_URL_SCHEME", "http", scheme, "scheme of absolute links built outside a request"),
    Setting(
        "SESSION_COOKIE_SECURE",
        True,
        boolean,
        "send the session cookie over HTTPS only; set 0 for plain HTTP (a LAN, or a proxy that "
        "terminates TLS without `X-Forwarded-Proto`)",
        shown_default="on (off with `--debug` and in tests)",
    ),
    Setting(
        "HSTS_SECONDS",
        0,
        whole(0),
        "`Strict-Transport-Security` max-age on HTTPS responses; 0: no header",
        shown_default="0",
    ),
    Setting("PROXY_FIX_X_FOR", 0, whole(0, 5), "how many proxies set `X-Forwarded-For` (0: ignore it)"),
    Setting("PROXY_FIX_X_PROTO", 0, whole(0, 5), "how many proxies set `X-Forwarded-Proto`"),
    Setting("PROXY_FIX_X_HOST", 0, whole(0, 5), "how many proxies set `X-Forwarded-Host`"),
    Setting("PROXY_FIX_X_PORT", 0, whole(0, 5), "how many proxies set `X-Forwarded-Port`"),
    Setting("PROXY_FIX_X_PREFIX", 0, whole(0, 5), "how many proxies set `X-Forwarded-Prefix`"),
    # Sessions and accounts
    Setting("SESSION_IDLE_MINUTES", 120, whole(1), "an advisor session ends after this long unused"),
    Setting("SESSION_ABSOLUTE_HOURS", 12, whole(1), "an advisor session ends this long after login"),
    Setting("LOGIN_RATE_LIMIT", "10 per minute;50 per hour", rate_limit, "login attempts per address"),
    Setting("LOGIN_RATE_LIMIT_PER_EMAIL", "20 per hour", rate_limit, "login attempts per account email"),
    Setting(
        "CREATE_RATE_LIMIT",
        "30 per minute;300 per hour",
        rate_limit,
        "anonymous assessments started (`POST /start`, `POST /api/v1/assessments`) per address",
    ),
    Setting("RATELIMIT_KEY_PREFIX", "advisor", text, "prefix of the rate-limit keys in Redis"),
    Setting("ARGON2_TIME_COST", 3, whole(1), "argon2id passes per password hash"),
    Setting("ARGON2_MEMORY_COST", 65536, whole(8), "argon2id memory per hash, KiB"),
    Setting("ARGON2_PARALLELISM", 4, whole(1, 64), "argon2id lanes per hash"),
    # Workspace
    Setting("INVITE_DAYS", 14, whole(1), "how long a client invite link works"),
    Setting("CASELOAD_PAGE_SIZE", 25, whole(1, 500), "clients per caseload page"),
    Setting("COHORT_MIN_GROUP", 5, whole(2), "smallest group the cohort view shows (anonymity)"),
    Setting("EXPORT_QUEUE", "advisor-exports", text, "RQ queue of ZIP exports"),
    Setting(
        "EXPORT_DIR",
        _in_instance("exports"),
        text,
        "where ZIP exports are written",
        shown_default="`instance/exports`",
    ),
    Setting("EXPORT_KEEP_HOURS", 24, whole(1), "`export-purge` deletes ZIPs older than this"),
    Setting(
        "ORGANISATION_NAME",
        "",
        text,
        "the advisors' organisation, named on the invite page a client opens",
        shown_default="unset",
    ),
    Setting(
        "CLIENT_RESTORE_DAYS",
        7,
        whole(1),
        "a deleted client can be restored for this many days; `purge` then deletes it for good",
    ),
    # Email: the advisors' daily digest (`flask --app advisor digest`); unset SMTP_HOST: no email
    Setting(
        "SMTP_HOST",
        None,
        text,
        "SMTP server for the advisors' opt-in daily digest; unset: no email is sent",
        shown_default="unset",
    ),
    Setting("SMTP_PORT", 587, whole(1, 65535), "SMTP port"),
    Setting("SMTP_STARTTLS", True, boolean, "upgrade the SMTP connection with STARTTLS", shown_default="on"),
    Setting(
        "SMTP_USER", None, text, "SMTP login (with `SMTP_PASSWORD`); unset: no login", shown_default="unset"
    ),
    Setting("SMTP_PASSWORD", None, text, "SMTP password", shown_default="unset"),
    Setting(
        "MAIL_FROM",
        None,
        text,
        "the digest's From address, e.g. `advisor@example.sg`; required with `SMTP_HOST`",
        shown_default="unset",
    ),
    # PDF reports
    Setting(
        "PDF_CACHE_DIR",
        _in_instance("pdf-cache"),
        text,
        "where rendered PDFs are cached",
        shown_default="`instance/pdf-cache`",
    ),
    Setting("PDF_QUEUE", "advisor-pdf", text, "RQ queue of PDF renders (used when `REDIS_URL` is set)"),
    Setting("PDF_JOB_TIMEOUT", 300, whole(10), "seconds a PDF render may take in a worker"),
    Setting(
        "PDF_REFRESH_SECONDS",
        3,
        whole(1, 60),
        'the "preparing your report" page reloads after this at first (later reloads back off, or come '
        "when the file is due, never sooner than this)",
    ),
    Setting(
        "PDF_RENDERS_PER_ADDRESS",
        20,
        whole(1),
        "PDF renders one address may ask for per minute ahead of the pre-renders; more wait behind them",
    ),
    Setting(
        "PDF_RETRY_SECONDS",
        60,
        whole(1, 3600),
        'after a failed render, the user\'s "try again" starts a new one at most this often',
    ),
    # Development
    Setting("BENCH_ROUTES", False, boolean, "serve `/bench/hello` for `bench/web.py`", shown_default="off"),
)

# Not from the environment: limits and choices of the code, not of a deployment.
FIXED: dict[str, Any] = {
    # The API's 64 KB limit; HTML forms are far smaller than this.
    "MAX_CONTENT_LENGTH": MAX_API_BODY,
    # A CSRF token lives as long as the session: a slow questionnaire must not fail after an hour.
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
}


def _default(setting: Setting, instance: Path) -> Any:
    return setting.default(instance) if callable(setting.default) else setting.default


def from_environment(instance_path: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings, parsed from `env` (the process environment by default). Raises ConfigError
    naming the first variable whose value cannot be used."""
    env = os.environ if env is None else env
    instance = Path(instance_path)
    config: dict[str, Any] = dict(FIXED)
    explicit: list[str] = []
    for setting in SETTINGS:
        raw = env.get(setting.env)
        if raw is None or raw.strip() == "":
            config[setting.config_key] = _default(setting, instance)
            continue
        try:
            config[setting.config_key] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{setting.env} {exc}, got {raw!r}") from None
        explicit.append(setting.env)
    config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    # create_app relaxes the cookie's Secure flag for --debug and tests unless it was set on purpose.
    config["ADVISOR_EXPLICIT_SETTINGS"] = tuple(explicit)
    return config


def markdown_table() -> str:
    """The README's configuration table."""
    lines = ["| variable | meaning | default |", "|---|---|---|"]
    for s in SETTINGS:
        default = s.shown_default or (f"`{s.default}`" if isinstance(s.default, str) else str(s.default))
        lines.append(f"| `{s.env}` | {s.meaning} | {default} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
