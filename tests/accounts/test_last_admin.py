"""LearnHub always keeps an administrator, even when two demote each other at the same moment."""

from sqlalchemy import select

from learnhub.accounts import services as accounts
from learnhub.accounts.models import Role, User
from learnhub.extensions import db
from tests.concurrency import race

TRIALS = 30


def national_id(first_twelve: str) -> str:
    """A valid Thai national ID: the twelve digits and their check digit."""
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(first_twelve))
    return first_twelve + str((11 - total % 11) % 10)


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, make_member):
    for trial in range(TRIALS):
        ids = [
            make_member(email=f"admin{trial}-{n}@example.org", role=Role.ADMIN,
                        national_id=national_id(f"1{trial:06d}{n:05d}"))
            for n in (1, 2)
        ]  # fmt: skip
        db.session.execute(
            User.__table__.update()
            .where(User.id.not_in(ids), User.role == Role.ADMIN)
            .values(role=Role.LEARNER)
        )
        db.session.commit()
        db.session.remove()

        def demote(actor_id, target_id):
            def call():
                with app.app_context():
                    actor, target = db.session.get(User, actor_id), db.session.get(User, target_id)
                    try:
                        accounts.change_role(actor, target, Role.LEARNER)
                        return "demoted"
                    except accounts.LastAdmin:
                        return "refused"
                    finally:
                        db.session.remove()

            return call

        outcomes = race(demote(ids[0], ids[1]), demote(ids[1], ids[0]))

        assert sorted(outcomes) == ["demoted", "refused"]
        admins = db.session.scalars(select(User).where(User.role == Role.ADMIN)).all()
        assert len(admins) == 1
