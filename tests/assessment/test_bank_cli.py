"""`flask questions import-gift` and `export-gift`, as a course author uses them."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from learnhub.assessment.models import BankQuestion
from learnhub.extensions import db

FIXTURE = Path(__file__).parent / "fixtures" / "every-construct.gift"


def test_import_reports_ungraded_questions_and_export_round_trips(app, tmp_path):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["questions", "import-gift", str(FIXTURE), "--bank", "demo"])

    assert result.exit_code == 0, result.output
    assert "demo: imported 15 questions" in result.output
    assert "essay 'เรียงความ' is kept but not graded automatically" in result.output
    assert "description 'คำอธิบาย'" in result.output
    exported = runner.invoke(args=["questions", "export-gift", "--bank", "demo"]).output
    copy = tmp_path / "copy.gift"
    copy.write_text(exported, encoding="utf-8")
    runner.invoke(args=["questions", "import-gift", str(copy), "--bank", "again"])
    first, second = (
        [q.data for q in db.session.scalars(
            select(BankQuestion).join(BankQuestion.bank).where(BankQuestion.bank.has(slug=slug))
            .order_by(BankQuestion.position)
        )]
        for slug in ("demo", "again")
    )  # fmt: skip
    assert first == second and len(first) == 15


def test_a_syntax_error_names_the_line_and_imports_nothing(app, tmp_path):
    broken = tmp_path / "broken.gift"
    broken.write_text("::ok:: ข้อแรก {T}\n\n::bad:: ข้อสอง {=ก ~ข\n", encoding="utf-8")

    result = app.test_cli_runner().invoke(
        args=["questions", "import-gift", str(broken), "--bank", "b"]
    )

    assert result.exit_code != 0
    assert f"{broken}:3: the answers are not closed with '}}'" in result.output
    assert db.session.scalar(select(func.count()).select_from(BankQuestion)) == 0


def test_unknown_bank_export_fails_clearly(app):
    result = app.test_cli_runner().invoke(args=["questions", "export-gift", "--bank", "nope"])
    assert result.exit_code != 0 and "no bank named nope" in result.output


MIXED = "::ok:: ข้อแรก {T}\n\n::bad:: ข้อสอง {#abc}\n\n::ok2:: ข้อสาม {~=ก ~ข}\n"


def test_a_coordinator_previews_then_imports_the_valid_questions_of_a_bank(app, tmp_path):
    bank = tmp_path / "from-moodle.gift"
    bank.write_text(MIXED, encoding="utf-8")
    runner = app.test_cli_runner()
    args = ["questions", "import-gift", str(bank), "--bank", "moodle"]

    refused = runner.invoke(args=args)
    assert refused.exit_code != 0
    assert f"{bank}:3: 'abc' is not a number" in refused.output
    assert "--partial --dry-run" in refused.output

    preview = runner.invoke(args=[*args, "--partial", "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert "would import 2 questions, refuse 1 (nothing changed)" in preview.output
    assert f"{bank}:3: refused: 'abc' is not a number" in preview.output
    assert db.session.scalar(select(func.count()).select_from(BankQuestion)) == 0

    imported = runner.invoke(args=[*args, "--partial"])
    assert imported.exit_code == 0, imported.output
    assert "moodle: imported 2 questions, refused 1" in imported.output
    assert f"{bank}:3: refused: 'abc' is not a number" in imported.output
    titles = db.session.scalars(select(BankQuestion.title).order_by(BankQuestion.position))
    assert list(titles) == ["ok", "ok2"]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("cp874", b""),
        ("tis-620", b""),
    ],  # fmt: skip
)
def test_a_bank_saved_by_a_thai_windows_or_office_program_imports(app, tmp_path, encoding, prefix):
    bank = tmp_path / "bank.gift"
    bank.write_bytes(prefix + "::ถาม:: การทุจริตต่อหน้าที่ผิดกฎหมาย {TRUE}\n".encode(encoding))

    result = app.test_cli_runner().invoke(
        args=["questions", "import-gift", str(bank), "--bank", "thai"]
    )

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(BankQuestion.title)) == "ถาม"


@pytest.mark.parametrize(
    "data",
    [
        "Quelle est la capitale? {=Paris ~Lyon} été".encode("latin-1"),
        b"\xff\xd8\xff\xe0",
        "ข้อ {TRUE}\x00\x00 ข้อ {FALSE}".encode(),  # NULs that are not UTF-16: never imported
    ],
)
def test_a_bank_in_another_encoding_is_refused_by_name_without_a_traceback(app, tmp_path, data):
    bank = tmp_path / "latin.gift"
    bank.write_bytes(data)

    result = app.test_cli_runner().invoke(
        args=["questions", "import-gift", str(bank), "--bank", "x"]
    )

    assert result.exit_code == 1
    assert f"{bank}: the file is not UTF-8, UTF-16 or Thai" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
