"""Report pages for staff: the learning-gain report (per cohort, per course version) and
the programme overview, each with its PDF or XLSX export.

Views stay thin: the scoping functions decide what the viewer may see, gain_report
and overview load the figures, charts draws them, spreadsheets writes them out.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learnhub.accounts.access import role_required
from learnhub.accounts.models import Role
from learnhub.assessment.models import POSTTEST, Quiz
from learnhub.catalog.models import CourseVersion
from learnhub.coordination import audit, charts, gain_report, overview, scoping
from learnhub.credentials.render import html_to_pdf
from learnhub.extensions import db
from learnhub.thai import fiscal_year, to_bangkok

bp = Blueprint("coordination_reports", __name__, url_prefix="/coordination")
staff_only = role_required(Role.ADMIN, Role.COORDINATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _locale() -> str:
    return str(get_locale())


def _gain_charts(report: gain_report.GainReport) -> dict:
    """The report's two charts, drawn on the server (see charts.py)."""
    pre_label, post_label = _("Pre-test"), _("Post-test")
    distribution = charts.score_distribution(
        report.bands,
        report.pre_bins,
        report.post_bins,
        title=_("Score distribution, before and after"),
        pre_label=pre_label,
        post_label=post_label,
        description=_(
            "How many of the %(n)d members with both scores fell in each band of 10 points, "
            "on the pre-test and on the post-test. The table below gives the same figures.",
            n=report.summary.pairs,
        ),
    )
    modules = charts.question_bars(
        [module.title for module in report.modules],
        [module.facility.pre_facility for module in report.modules],
        [module.facility.post_facility for module in report.modules],
        title=_("Share of marks per module, before and after (%)"),
        pre_label=pre_label,
        post_label=post_label,
        description=_(
            "For each module, the mean share of the marks its questions earned on the "
            "pre-test and on the post-test. The table below gives each question."
        ),
    )
    questions = [q for module in report.modules for q in module.questions]
    per_question = charts.question_bars(
        [_("Q%(n)d", n=q.number) for q in questions],
        [q.facility.pre_facility for q in questions],
        [q.facility.post_facility for q in questions],
        title=_("Share of marks per question, before and after (%)"),
        pre_label=pre_label,
        post_label=post_label,
        description=_(
            "For each question, the share of the marks earned on the pre-test and on the "
            "post-test by the members with both scores."
        ),
    )
    return {"distribution": distribution, "modules": modules, "questions": per_question}


def _render_gain(report, export_base: str, fmt: str | None, cohort=None):
    """The report as a page, a PDF or a workbook.

    The PDF is this app's own template (no one edits it at run time, so it needs no
    sandbox) rendered by the certificates' WeasyPrint pipeline, whose URL fetcher
    serves only the app's fonts and refuses file:// and outside URLs; the charts in
    it are the cleaned SVG of charts.py.
    """
    if fmt == "pdf":
        audit.record(current_user, "coordination.gain_report_pdf", cohort, detail=export_base)
        html = render_template(
            "coordination/report_pdf.html",
            report=report,
            charts=_gain_charts(report),
            printed_on=to_bangkok(overview.now()).date(),
        )
        return _download(html_to_pdf(html), "application/pdf", f"{export_base}.pdf")
    if fmt == "xlsx":
        audit.record(current_user, "coordination.gain_report_xlsx", cohort, detail=export_base)
        return _download(gain_report.workbook(report, _locale()), XLSX, f"{export_base}.xlsx")
    return render_template(
        "coordination/report.html",
        report=report,
        charts=_gain_charts(report),
        export_endpoint=request.endpoint,
        export_args={k: v for k, v in request.view_args.items() if k != "fmt"},
    )


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/cohorts/<int:cohort_id>/gain", defaults={"fmt": None})
@bp.get("/cohorts/<int:cohort_id>/gain.<any(pdf, xlsx):fmt>")
@staff_only
def cohort_gain(cohort_id: int, fmt: str | None):
    """The learning-gain report of one cohort: figures, their meaning, charts, per question."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    if cohort.course_version is None:
        abort(404)
    report = gain_report.cohort_report(current_user, cohort, _locale())
    return _render_gain(report, f"gain-cohort-{cohort.id}", fmt, cohort)


@bp.get("/versions/<int:version_id>/gain", defaults={"fmt": None})
@bp.get("/versions/<int:version_id>/gain.<any(pdf, xlsx):fmt>")
@staff_only
def version_gain(version_id: int, fmt: str | None):
    """The learning-gain report of a course version, over the people the viewer may see."""
    version = db.session.get(CourseVersion, version_id) or abort(404)
    report = gain_report.version_report(current_user, version, _locale())
    return _render_gain(report, f"gain-version-{version.id}", fmt)


@bp.get("/versions/<int:version_id>/item-statistics")
@staff_only
def version_item_statistics(version_id: int):
    """The assessment engine's item statistics of a course version's post-test (staff link)."""
    quiz_id = db.session.scalar(
        select(Quiz.id).where(Quiz.version_id == version_id, Quiz.kind == POSTTEST)
    )
    if quiz_id is None:
        abort(404)
    return redirect(url_for("assessment.statistics", quiz_id=quiz_id))


# ---------------------------------------------------------------- programme overview


@bp.get("/overview", defaults={"fmt": None})
@bp.get("/overview.<any(xlsx):fmt>")
@staff_only
def programme_overview(fmt: str | None):
    """Members, cohorts, enrolments, completions, certificates and mean gain for a fiscal year."""
    current = fiscal_year(to_bangkok(overview.now()))
    year = request.args.get("year", type=int) or current
    if not overview.FIRST_YEAR <= year <= current + 1:
        year = current
    data = overview.programme_overview(current_user, year, _locale())
    if fmt == "xlsx":
        audit.record(current_user, "coordination.overview_xlsx", None, detail=f"fiscal year {year}")
        return _download(overview.workbook(data), XLSX, f"overview-{year}.xlsx")
    chart = charts.grouped_bars(
        [row.label for row in data.by_course],
        [
            (_("Enrolments"), [row.enrolments for row in data.by_course]),
            (_("Completions"), [row.completions for row in data.by_course]),
            (_("Certificates"), [row.certificates for row in data.by_course]),
        ],
        title=_("Enrolments, completions and certificates per course"),
        description=_(
            "For each course, how many enrolled, completed and received a certificate in "
            "fiscal year %(year)d. The table below gives the same figures.",
            year=year,
        ),
    )
    years = list(range(current + 1, overview.FIRST_YEAR - 1, -1))
    return render_template(
        "coordination/overview.html", data=data, chart=chart, year=year, years=years
    )
