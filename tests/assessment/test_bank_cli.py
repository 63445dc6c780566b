"""`flask questions import-gift` and `export-gift`, as a course author uses them."""

from pathlib import Path

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
