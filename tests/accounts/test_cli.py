"""``flask users create``, as the README and support staff use it."""

from sqlalchemy import func, select

from learnhub.accounts.models import User
from learnhub.extensions import db


def test_users_create_makes_an_account_that_can_log_in(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--email", "Boss@Example.org", "--password", "long-enough-pw",
              "--role", "admin", "--name", "สมศักดิ์ ผู้ดูแล"]
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "created admin boss@example.org" in result.output
    user = db.session.scalars(select(User)).one()
    assert (user.role, user.display_name) == ("admin", "สมศักดิ์ ผู้ดูแล")


def test_users_create_refuses_a_duplicate_and_a_short_password(app):
    runner = app.test_cli_runner()
    args = ["users", "create", "--email", "a@example.org", "--name", "ก ข"]
    assert runner.invoke(args=[*args, "--password", "long-enough-pw"]).exit_code == 0

    duplicate = runner.invoke(args=[*args, "--password", "long-enough-pw"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output

    short = runner.invoke(args=["users", "create", "--email", "b@example.org", "--name", "ก ข",
                                "--password", "short"])  # fmt: skip
    assert short.exit_code != 0 and "at least 8" in short.output
    assert len(db.session.scalars(select(User)).all()) == 1


def test_demo_load_creates_demo_accounts_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    demo = ["admin@example.org", "coordinator@example.org", "learner@example.org"]
    roles = sorted(db.session.scalars(select(User.role).where(User.email.in_(demo))).all())
    assert roles == ["admin", "coordinator", "learner"]
    # ...and the demo cohort's 24 members, once (learnhub/coordination/demo.py)
    assert db.session.scalar(select(func.count()).where(User.email.like("member%"))) == 24
    assert "cohort   " in first.output and "exists   demo network" in second.output
    assert "exists" in second.output
    assert "course   example: new course" in first.output
    assert "course   example: unchanged" in second.output
