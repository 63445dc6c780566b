"""``flask demo load``: the courses in courses/, demo accounts, and a network with a cohort
whose members are at every stage (learnhub/coordination/demo.py), for a fresh site.

Safe to run again: what exists already is left as it is.
"""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext

from learnhub.accounts import services
from learnhub.accounts.models import Role
from learnhub.catalog.cli import DEFAULT_PATH
from learnhub.catalog.importer import import_path
from learnhub.coordination import demo as coordination_demo
from learnhub.extensions import db

DEMO_PASSWORD = "learnhub-demo"  # noqa: S105 - published demo password (README)  # nosec B105

# National IDs below are made up but have valid check digits.
DEMO_MEMBERS = [
    {
        "email": "admin@example.org",
        "role": Role.ADMIN,
        "profile": {
            "title": "ms", "first_name_th": "สุดา", "last_name_th": "ผู้ดูแล",
            "national_id": "1101700230708", "birth_date": dt.date(1985, 3, 14),
            "education": "master", "member_type": "civil_servant", "position": "นักวิชาการคอมพิวเตอร์",
            "position_level": "ชำนาญการ", "sector": "central", "ministry": "กระทรวงยุติธรรม",
            "department": "สำนักงาน ป.ป.ท.", "province_code": "12", "phone_mobile": "0812345678",
        },
    },
    {
        "email": "coordinator@example.org",
        "role": Role.COORDINATOR,
        "profile": {
            "title": "mr", "first_name_th": "ประสิทธิ์", "last_name_th": "ประสานงาน",
            "national_id": "3100600123450", "birth_date": dt.date(1978, 8, 2),
            "education": "bachelor", "member_type": "civil_servant", "position": "นักจัดการงานทั่วไป",
            "position_level": "ชำนาญการพิเศษ", "sector": "regional", "ministry": "กระทรวงมหาดไทย",
            "department": "ที่ทำการปกครองจังหวัด", "province_code": "50", "phone_mobile": "0898765432",
        },
    },
    {
        "email": "learner@example.org",
        "role": Role.LEARNER,
        "profile": {
            "title": "mrs", "first_name_th": "มาลี", "last_name_th": "ใจงาม",
            "national_id": "1409900456780", "birth_date": dt.date(1990, 12, 5),
            "education": "below_bachelor", "member_type": "community_leader",
            "province_code": "40", "phone_mobile": "0861112222",
            "other_networks": "อาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.)",
        },
    },
]  # fmt: skip


@click.group("demo", help="Demo data for trying LearnHub out.")
def demo_cli() -> None:
    pass


@demo_cli.command("load")
@with_appcontext
def load_command() -> None:
    """Import the courses and create the demo accounts (password: learnhub-demo)."""
    for result in import_path(DEFAULT_PATH):
        click.echo(f"course   {result}")
    for member in DEMO_MEMBERS:
        if services.find_user_by_email(member["email"]) is not None:
            click.echo(f"exists   {member['email']}")
            continue
        user = services.register_member(member["email"], DEMO_PASSWORD, dict(member["profile"]))
        if member["role"] != Role.LEARNER:
            user.role = member["role"]
            db.session.commit()
        click.echo(f"created  {member['email']} ({member['role']}) password: {DEMO_PASSWORD}")
    made = coordination_demo.load(DEMO_PASSWORD)
    click.echo(f"cohort   {made}" if made else "exists   demo network and cohort")
