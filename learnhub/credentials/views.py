"""Certificates for learners, public verification, and the staff's certificate desk."""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from learnhub.accounts import services as accounts
from learnhub.accounts.access import no_store, role_required
from learnhub.accounts.models import Role
from learnhub.catalog.models import Course
from learnhub.credentials import jobs, recognitions, services, transcripts
from learnhub.credentials.forms import (
    BulkIssueForm,
    ManualIssueForm,
    ReasonForm,
    RevokeForm,
    VerifyCodeForm,
    VerifyFileForm,
)
from learnhub.credentials.models import REVOCATION_CATEGORIES, BulkJob, Certificate
from learnhub.credentials.render import (
    CERTIFICATE_TEMPLATES,
    CertificateTemplateError,
    qr_svg,
    render_certificate,
)
from learnhub.extensions import db, limiter
from learnhub.site.security import cacheable

bp = Blueprint("credentials", __name__)
VERIFY_LIMIT = "30 per minute"
# Serials count up, so anyone could walk through them: a certificate is never looked up
# publicly by its serial, only by the random verification code printed beside it.
SERIAL_IS_NOT_THE_CODE = _l(
    "This is the certificate's serial number (LH-year-number), not its verification code. "
    "The verification code is 16 letters and digits in four groups, such as "
    "7K3M-Q9TD-2HXA-P4RW; it is printed beside the QR code at the bottom left of the "
    "certificate, after the words “รหัสตรวจสอบ”."
)


def _pdf(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def revocation_label(category: str | None) -> str:
    """The public wording of a revocation category, in the reader's language."""
    return str(REVOCATION_CATEGORIES.get(category or "", "")) if category else ""


# ---------------------------------------------------------------- the learner's side


@bp.app_template_global()
def certificate_for(enrolment) -> Certificate | None:
    """The valid certificate an enrolment earned, for the pages that link it."""
    if enrolment is None or enrolment.completed_at is None:
        return None
    return services.valid_certificate(enrolment.user, enrolment.version)


bp.add_app_template_global(services.verify_url, "verify_url")


@bp.app_template_global()
def template_label(name: str) -> str:
    """A certificate template's name in the user's language."""
    settings = CERTIFICATE_TEMPLATES.get(name)
    return str(settings["label"]) if settings else name


@bp.route("/certificates")
@login_required
@no_store
def mine():
    """My certificates, each with its PDF and the link to share for verification."""
    return render_template(
        "credentials/mine.html",
        certificates=services.certificates_of(current_user),
    )


@bp.route("/certificates/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int):
    """The stored PDF, byte for byte; only its holder and admins may have it."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not services.can_download(current_user, certificate):
        abort(404)
    if certificate.user.erased_at is not None:
        abort(410)  # the file printed the holder's name and was erased on their request
    if current_user.id != certificate.user_id:
        accounts.record_audit(
            current_user, "certificate.downloaded", certificate.user, certificate.serial
        )
    return _pdf(services.pdf_bytes(certificate), f"{certificate.serial}.pdf")


@bp.route("/transcript")
@login_required
@no_store
def transcript():
    """Every course with its hours, best post-test score, completion date and certificate."""
    rows = transcripts.transcript_rows(current_user)
    return render_template(
        "credentials/transcript_page.html",
        rows=services.transcript(current_user),
        total_hours=transcripts.total_hours(rows),
        position=transcripts.position_of(current_user),
        agency=transcripts.agency_of(current_user),
    )


@bp.route("/transcript.pdf")
@login_required
def transcript_pdf():
    """The transcript as a PDF with its own verification code, issued once per content."""
    transcript = transcripts.current_transcript(current_user)
    return _pdf(transcripts.pdf_bytes(transcript), f"transcript-{transcript.code}.pdf")


# ---------------------------------------------------------------- public verification


@bp.route("/verify", methods=["GET", "POST"])
@cacheable
@limiter.limit(VERIFY_LIMIT)
def verify():
    """Check a certificate by its code, or check that a PDF file is genuine and unaltered."""
    code_form = VerifyCodeForm(prefix="c")
    file_form = VerifyFileForm(prefix="f")
    if request.method == "POST" and "c-code" in request.form and code_form.validate_on_submit():
        code = services.normalize_code(code_form.code.data)
        if code:
            return redirect(url_for("credentials.verify_code", code=code), 303)
        if services.looks_like_serial(code_form.code.data):
            code_form.code.errors.append(SERIAL_IS_NOT_THE_CODE)
        else:
            code_form.code.errors.append(_("This is not a LearnHub verification code."))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "credentials/verify.html", code_form=code_form, file_form=file_form
    ), status


@bp.route("/verify/file", methods=["POST"])
@limiter.limit(VERIFY_LIMIT)
def verify_file():
    """Tell whether an uploaded PDF is byte for byte a certificate LearnHub issued."""
    code_form = VerifyCodeForm(prefix="c")
    file_form = VerifyFileForm(prefix="f")
    if not file_form.validate_on_submit():
        return render_template(
            "credentials/verify.html", code_form=code_form, file_form=file_form
        ), 422
    data = file_form.pdf.data.read(services.MAX_UPLOAD + 1)
    if len(data) > services.MAX_UPLOAD:
        file_form.pdf.errors.append(
            _("The file is larger than 5 MB; a LearnHub certificate is far smaller.")
        )
    elif not data.startswith(b"%PDF-"):
        file_form.pdf.errors.append(_("This file is not a PDF."))
    certificate = None if file_form.pdf.errors else services.find_by_pdf(data)
    honour = None if file_form.pdf.errors or certificate else recognitions.find_by_pdf(data)
    if honour is not None:
        return _recognition_record(honour, genuine=True)
    # A file issued here is known by its hash; any other must at least parse as a PDF.
    if certificate is None and not file_form.pdf.errors and not services.is_readable_pdf(data):
        file_form.pdf.errors.append(_("This file is not a PDF."))
    if file_form.pdf.errors:
        return render_template(
            "credentials/verify.html", code_form=code_form, file_form=file_form
        ), 422
    claimed = None
    if certificate is None:
        code = services.claimed_code(data)
        claimed = services.find_by_code(code) if code else None
        transcript = transcripts.find_by_pdf(data)
        if claimed is None and transcript is None and code:
            honour = recognitions.find_by_code(code)
            if honour is not None:  # it names a เกียรติบัตร but is not its file: altered
                return _recognition_record(honour, genuine=False)
        if claimed is None and (transcript or code):
            transcript = transcript or transcripts.find_by_code(code)
            if transcript is not None:
                return _transcript_record(transcript, genuine=transcript.pdf_sha256
                                          == hashlib.sha256(data).hexdigest())  # fmt: skip
    return render_template(
        "credentials/verify_file.html",
        certificate=certificate or claimed,
        genuine=certificate is not None,
        record=services.public_record(certificate or claimed) if certificate or claimed else None,
    )


@bp.route("/verify/<code>")
@cacheable
@limiter.limit(VERIFY_LIMIT)
def verify_code(code: str):
    """The public record of a certificate: status, holder, course, dates. Nothing more."""
    certificate = services.find_by_code(code)
    if certificate is None and (transcript := transcripts.find_by_code(code)) is not None:
        return _transcript_record(transcript, genuine=None)
    if certificate is None and (honour := recognitions.find_by_code(code)) is not None:
        return _recognition_record(honour, genuine=None)
    if certificate is None:
        return render_template(
            "credentials/verify_unknown.html", code=code[:40],
            serial=services.looks_like_serial(code), serial_message=SERIAL_IS_NOT_THE_CODE,
        ), 404  # fmt: skip
    return render_template(
        "credentials/verify_result.html", certificate=certificate,
        record=services.public_record(certificate),
    )  # fmt: skip


def _transcript_record(transcript, genuine: bool | None):
    """A transcript's public record; ``genuine`` says what an uploaded file proved."""
    return render_template(
        "credentials/verify_transcript.html",
        transcript=transcript,
        record=transcripts.public_record(transcript),
        genuine=genuine,
    )


def _recognition_record(recognition, genuine: bool | None):
    """A เกียรติบัตร's public record; ``genuine`` says what an uploaded file proved."""
    return render_template(
        "credentials/verify_recognition.html",
        record=recognitions.public_record(recognition),
        genuine=genuine,
    )


# ---------------------------------------------------------------- the staff's desk


def _course_choices() -> list[tuple[str, str]]:
    """Listed courses only: a test or showcase course is never certified by hand."""
    return [(str(c.id), c.current_version.title_th) for c in services.issuable_courses()]


def _visible_certificates():
    statement = select(Certificate).order_by(Certificate.issued_at.desc()).limit(200)
    if not current_user.is_admin:  # a coordinator sees what they issued
        statement = statement.where(Certificate.issued_by_id == current_user.id)
    return db.session.scalars(statement).all()


@bp.route("/admin/certificates", methods=["GET"])
@role_required(Role.ADMIN, Role.COORDINATOR)
@no_store
def desk():
    """Recent certificates, manual issue, bulk issue and template previews."""
    issue_form, bulk_form = ManualIssueForm(), BulkIssueForm()
    issue_form.course.choices = bulk_form.course.choices = _course_choices()
    accounts.record_audit(current_user, "certificates.listed")
    return render_template(
        "credentials/desk.html", certificates=_visible_certificates(), issue_form=issue_form,
        bulk_form=bulk_form, templates=CERTIFICATE_TEMPLATES,
        revocation_categories=REVOCATION_CATEGORIES,
    )  # fmt: skip


_REFUSALS = {
    "self": ("email", _l("Staff cannot issue a certificate to themselves.")),
    "outside_scope": (
        "email",
        _l(
            "You issue by hand only to members of your own cohorts: "
            "add this person to one of your cohorts first."
        ),
    ),
    "exists": ("email", _l("This learner already holds a valid certificate for this course.")),
    "unlisted": ("course", _l("Certificates can be issued by hand only for listed courses.")),
    "training_date": ("training_date", _l("The date of the training cannot be in the future.")),
    "training_place": ("training_place", _l("Enter where the training took place.")),
    "reason": ("reason", _l("Give the reason for issuing by hand.")),
}


@bp.route("/admin/certificates/issue", methods=["POST"])
@role_required(Role.ADMIN, Role.COORDINATOR)
@no_store  # a refused form shows back what was typed, a national ID perhaps
def issue_manually():
    """Issue a certificate by hand for on-site training, recording its date, place and reason."""
    form = ManualIssueForm()
    form.course.choices = _course_choices()
    if form.validate_on_submit():
        learner = accounts.find_user_for_login(form.email.data)  # a national ID by its hash
        course = (
            db.session.get(Course, int(form.course.data)) if form.course.data.isdigit() else None
        )
        if course is None or form.course.data not in {value for value, _ in form.course.choices}:
            form.course.errors.append(_l("Choose a course from the list."))
        elif learner is None:
            form.email.errors.append(
                _("No account uses this e-mail, mobile number or national ID.")
            )
        else:
            try:
                certificate = services.issue_manually(
                    current_user, learner, course, form.reason.data, form.training_date.data,
                    form.training_place.data,
                )  # fmt: skip
            except services.CertificateRefused as refused:
                name, message = _REFUSALS.get(refused.reason, ("email", refused.reason))
                getattr(form, name).errors.append(message)
            except CertificateTemplateError as error:
                flash(
                    _("The certificate template has an error: %(error)s", error=str(error)), "error"
                )
                return redirect(url_for("credentials.desk"), 303)
            else:
                flash(_("Certificate %(serial)s issued to %(name)s.", serial=certificate.serial,
                        name=certificate.holder_name), "success")  # fmt: skip
                return redirect(url_for("credentials.desk"), 303)
    bulk_form = BulkIssueForm()
    bulk_form.course.choices = _course_choices()
    return render_template(
        "credentials/desk.html", certificates=_visible_certificates(), issue_form=form,
        bulk_form=bulk_form, templates=CERTIFICATE_TEMPLATES,
        revocation_categories=REVOCATION_CATEGORIES,
    ), 422  # fmt: skip


def _certificate_for_staff(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    if not services.can_revoke(current_user, certificate):
        abort(403)
    return certificate


@bp.route("/admin/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN, Role.COORDINATOR)
def revoke(certificate_id: int):
    """Revoke with a reason: the record stays and verification says 'revoked'."""
    certificate = _certificate_for_staff(certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Choose the reason shown publicly and give the reason for revoking."), "error")
        return redirect(url_for("credentials.desk"), 303)
    try:
        services.revoke(certificate, current_user, form.reason.data, form.category.data)
    except services.CertificateRefused:
        flash(_("This certificate is already revoked."), "error")
    else:
        flash(_("Certificate %(serial)s revoked.", serial=certificate.serial), "success")
    return redirect(url_for("credentials.desk"), 303)


@bp.route("/admin/certificates/<int:certificate_id>/reissue", methods=["POST"])
@role_required(Role.ADMIN)
def reissue(certificate_id: int):
    """Replace a certificate (say, after a name correction) with a new one pointing to it."""
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for re-issuing."), "error")
        return redirect(url_for("credentials.desk"), 303)
    try:
        new = services.reissue(certificate, current_user, form.reason.data)
    except services.CertificateRefused:
        flash(_("This holder's data was erased at their request: no new certificate."), "error")
        return redirect(url_for("credentials.desk"), 303)
    flash(
        _("Certificate %(old)s replaced by %(new)s.", old=certificate.serial, new=new.serial),
        "success",
    )
    return redirect(url_for("credentials.desk"), 303)


@bp.route("/admin/certificates/preview/<template>.pdf")
@role_required(Role.ADMIN)
def preview(template: str):
    """A template rendered with sample data; a template error is shown with its line."""
    if template not in CERTIFICATE_TEMPLATES:
        abort(404)
    name, position, signature_url = services.current_signatory()
    url = services.verify_url("7K3M-Q9TD-2HXA-P4RW")
    sample = {
        "title": "วุฒิบัตร", "issuer": "LearnHub เครือข่ายต่อต้านการทุจริต",
        "holder_name": "นางสาวตัวอย่าง ใจซื่อตรง", "course_title": "รู้ทันการทุจริต", "version": "1.0",
        "hours": 6, "score": 85, "completed_on": dt.date.today(), "signatory_name": name,
        "signatory_position": position, "signature_url": signature_url, "serial": "LH-2569-000000",
        "code": "7K3M-Q9TD-2HXA-P4RW", "verify_url": url, "qr_svg": qr_svg(url),
        "basis": "completed_online", "training_date": None, "training_place": None,
    }  # fmt: skip
    try:
        pdf = render_certificate(template, sample)
    except CertificateTemplateError as error:
        return render_template("credentials/template_error.html", error=str(error)), 422
    return _pdf(pdf, f"preview-{template}.pdf")


@bp.route("/admin/certificates/bulk", methods=["POST"])
@role_required(Role.ADMIN)
def bulk_issue():
    """Issue certificates, in the background, to all who completed a course but have none."""
    form = BulkIssueForm()
    form.course.choices = _course_choices()
    if not form.validate_on_submit() or form.course.data not in dict(form.course.choices):
        abort(400)
    try:
        job = jobs.start_bulk_issue(current_user, db.session.get(Course, int(form.course.data)))
    except jobs.JobQueueUnavailable:
        flash(_("The background job service is not answering, so issuing could not start. "
                "Nothing was issued; try again in a few minutes."), "error")  # fmt: skip
        return redirect(url_for("credentials.desk"), 303)
    return redirect(url_for("credentials.job", job_id=job.id), 303)


@bp.route("/admin/jobs/<int:job_id>")
@role_required(Role.ADMIN, Role.COORDINATOR)
def job(job_id: int):
    """A background job's progress; the page refreshes itself until the job is done."""
    job = db.session.get(BulkJob, job_id)
    if job is None or job.created_by_id != current_user.id:
        abort(404)
    return render_template("credentials/job.html", job=job)


# Recognitions (เชิดชูเกียรติ) and the public profile add their routes to this blueprint.
from learnhub.credentials import public_profile_views, recognition_views  # noqa: E402,F401
