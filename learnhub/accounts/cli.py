"""``flask users ...``: account maintenance without a browser, for the README, scripts and tests."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from learnhub.accounts import services
from learnhub.accounts.models import Role


@click.group("users", help="Manage user accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.LEARNER.value)
@click.option("--name", required=True, help='Full name, e.g. "สมชาย ใจดี".')
@with_appcontext
def create_command(email: str, password: str, role: str, name: str) -> None:
    """Create an account; refuses a duplicate e-mail or a short password."""
    if len(password) < services.MIN_PASSWORD_LENGTH:
        raise click.UsageError(
            f"the password must be at least {services.MIN_PASSWORD_LENGTH} characters long"
        )
    try:
        user = services.create_user(email, password, name, role)
    except services.EmailTaken:
        raise click.ClickException(f"an account with e-mail {email} already exists") from None
    click.echo(f"created {user.role} {user.email} (id {user.id})")


@users_cli.command("deactivate")
@click.option("--email", required=True)
@with_appcontext
def deactivate_command(email: str) -> None:
    """Deactivate an account: it can no longer log in, and its open sessions end at once."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account uses e-mail {email}")
    services.set_active(None, user, False)
    click.echo(f"deactivated {user.email}; every session of the account has ended")


@users_cli.command("end-sessions")
@click.option("--email", required=True)
@with_appcontext
def end_sessions_command(email: str) -> None:
    """Log an account out everywhere (a stolen phone, a cookie that may have leaked)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account uses e-mail {email}")
    services.end_sessions(user)
    click.echo(f"ended every session of {user.email}")


@users_cli.command("purge-expired")
@with_appcontext
def purge_expired_command() -> None:
    """Delete what the privacy notice keeps no longer (run it daily, e.g. from cron)."""
    from learnhub.accounts import pdpa

    counts = pdpa.purge_expired()
    click.echo(", ".join(f"{name}: {count} deleted" for name, count in counts.items()))
