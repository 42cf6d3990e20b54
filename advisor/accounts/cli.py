"""`flask --app advisor users create EMAIL [--admin]`: the password comes from a prompt or stdin,
never from an argument (arguments end up in shell history and `ps`)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..extensions import db
from .services import AccountError, create_user, find_user, set_password


@click.group("users", help="Advisor and admin accounts.")
def users() -> None:
    pass


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@users.command("create")
@click.argument("email")
@click.option("--admin", is_flag=True, help="Give the account admin rights.")
@with_appcontext
def create(email: str, admin: bool) -> None:
    """Create an account; reads the password from a prompt (or one line on stdin)."""
    password = _read_password()
    try:
        user = create_user(email, password, is_admin=admin)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {'admin' if user.is_admin else 'advisor'} account {user.id}.")


@users.command("set-password")
@click.argument("email")
@with_appcontext
def set_password_command(email: str) -> None:
    """Set a new password (prompt or stdin) and end the account's sessions; for a locked-out admin."""
    user = find_user(email)
    if user is None:
        raise click.ClickException("No account with that email.")
    try:
        set_password(user, _read_password(), actor_id=None)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Password changed for account {user.id}.")
