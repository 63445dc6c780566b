"""The coordinator's workspace: networks, applications, cohorts, sessions and attendance,
bulk enrolment, progress and its exports, a member's record, certificates for a cohort,
and the audit-log viewer. Every object is reached through coordination.scoping.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from learnhub.accounts import services as accounts
from learnhub.accounts.access import no_store, role_required
from learnhub.accounts.forms import ActionForm, ResetPasswordForm
from learnhub.accounts.mail import run_later, send_many
from learnhub.accounts.models import Role, User
from learnhub.assessment.models import MODULE_QUIZ, POSTTEST, PRETEST
from learnhub.catalog.models import Course
from learnhub.coordination import (
    audit,
    certificates,
    cohorts,
    imports,
    models,  # noqa: F401  (the tables, for the app and Alembic)
    networks,
    recognitions,
    scoping,
)
from learnhub.coordination import progress as progress_rows
from learnhub.coordination.forms import (
    ApplicationForm,
    AppointForm,
    AuditSearchForm,
    CohortForm,
    DecisionForm,
    FilterForm,
    ImportForm,
    NetworkForm,
    ReminderForm,
    SessionForm,
    province_choices,
)
from learnhub.coordination.models import (
    MODE_LABELS,
    PENDING,
    STATUS_LABELS,
    Cohort,
    CohortMember,
    ImportBatch,
    Network,
    NetworkMembership,
)
from learnhub.coordination.spreadsheets import csv_bytes, xlsx_bytes
from learnhub.coordination.staff import member_record
from learnhub.credentials import services as credentials
from learnhub.credentials.forms import RevokeForm
from learnhub.credentials.models import REVOCATION_CATEGORIES
from learnhub.credentials.services import CertificateRefused
from learnhub.extensions import db

bp = Blueprint("coordination", __name__, url_prefix="/coordination")
staff_only = role_required(Role.ADMIN, Role.COORDINATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 200
QUIZ_LABELS = {PRETEST: _l("Pre-test"), POSTTEST: _l("Post-test"), MODULE_QUIZ: _l("Module quiz")}


@bp.context_processor
def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "mode_labels": MODE_LABELS, "quiz_labels": QUIZ_LABELS}


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- networks


@bp.route("/")
@staff_only
def home():
    """The coordinator's start page: their networks and cohorts, and what awaits them."""
    form = NetworkForm()
    form.province_code.choices = province_choices()
    return render_template(
        "coordination/home.html",
        networks=db.session.scalars(scoping.networks_for(current_user).order_by(Network.name)),
        cohorts=db.session.scalars(
            scoping.cohorts_for(current_user).order_by(Cohort.starts_on.desc()).limit(50)
        ),
        pending=db.session.scalar(
            scoping.applications_for(current_user)
            .where(NetworkMembership.status == PENDING)
            .with_only_columns(db.func.count())
        ),
        form=form,
    )


@bp.route("/networks", methods=["POST"])
@role_required(Role.ADMIN)
def create_network():
    """An admin creates a network."""
    form = NetworkForm()
    form.province_code.choices = province_choices()
    if form.validate_on_submit():
        try:
            network = networks.create_network(
                current_user, form.name.data, form.province_code.data, form.description.data
            )
        except networks.MembershipRefused:
            form.name.errors.append(_("A network of this name exists already."))
        else:
            flash(_("Network %(name)s created. Now appoint its coordinators.", name=network.name),
                  "success")  # fmt: skip
            return redirect(url_for("coordination.network", network_id=network.id), 303)
    errors = " ".join(str(e) for errs in form.errors.values() for e in errs)  # lazy messages
    flash(_("The network was not created: %(errors)s", errors=errors), "error")
    return redirect(url_for("coordination.home"), 303)


@bp.route("/networks/<int:network_id>")
@staff_only
def network(network_id: int):
    """A network: its coordinators, applications waiting for a decision, members, cohorts."""
    network = scoping.get_network_or_404(current_user, network_id)
    applications = db.session.scalars(
        scoping.applications_for(current_user, network.id).order_by(
            NetworkMembership.status != PENDING, NetworkMembership.applied_at.desc()
        )
    ).all()
    audit.record(current_user, "network.members_viewed", network, detail=f"network {network.id}")
    return render_template(
        "coordination/network.html", network=network, applications=applications,
        cohorts=db.session.scalars(scoping.cohorts_for(current_user, network.id)).all(),
        appoint_form=AppointForm(), decision_form=DecisionForm(),
    )  # fmt: skip


@bp.route("/networks/<int:network_id>/coordinators", methods=["POST"])
@role_required(Role.ADMIN)
def appoint(network_id: int):
    """An admin appoints a coordinator (by e-mail) to a network."""
    network = scoping.get_network_or_404(current_user, network_id)
    form = AppointForm()
    person = accounts.find_user_by_email(form.email.data) if form.validate_on_submit() else None
    if person is None:
        flash(_("No account uses this e-mail."), "error")
    else:
        networks.appoint_coordinator(current_user, network, person)
        flash(_("%(name)s now coordinates this network.", name=person.name), "success")
    return redirect(url_for("coordination.network", network_id=network.id), 303)


@bp.route("/applications/<int:application_id>/decide", methods=["POST"])
@staff_only
def decide(application_id: int):
    """A coordinator approves or declines an application, with a reason."""
    application = db.session.scalar(
        scoping.applications_for(current_user).where(NetworkMembership.id == application_id)
    )
    if application is None:
        if db.session.get(NetworkMembership, application_id) is not None:
            accounts.record_audit(current_user, scoping.REFUSED,
                                  detail=f"application {application_id}")  # fmt: skip
        abort(404)
    form = DecisionForm()
    back = redirect(url_for("coordination.network", network_id=application.network_id), 303)
    if not form.validate_on_submit():
        flash(_("Give the reason for your decision."), "error")
        return back
    try:
        networks.decide(current_user, application, request.form.get("decision") == "approve",
                        form.reason.data)  # fmt: skip
    except networks.MembershipRefused:
        flash(_("This application was already decided."), "error")
    else:
        flash(_("Your decision is recorded and the applicant can see it."), "success")
    return back


@bp.route("/my-networks", methods=["GET", "POST"])
@login_required
def my_networks():
    """A member applies to a network from their profile and follows their applications."""
    form = ApplicationForm()
    choices = [(str(n.id), n.name) for n in networks.open_networks()]
    form.network.choices = [("", _("— choose —")), *choices]
    if request.method == "GET" and current_user.profile:
        form.member_type.data = current_user.profile.member_type
        form.other_networks.data = current_user.profile.other_networks
    if form.validate_on_submit():
        network = (
            db.session.get(Network, int(form.network.data)) if form.network.data.isdigit() else None
        )
        if network is None:
            form.network.errors.append(_("Choose a network from the list."))
        else:
            try:
                networks.apply(current_user, network, member_type=form.member_type.data,
                               agency=form.agency.data, other_networks=form.other_networks.data,
                               consent=form.consent.data)  # fmt: skip
            except networks.MembershipRefused:
                form.network.errors.append(_("You have already applied to this network."))
            else:
                flash(_("Your application has been sent. Its status is shown below."), "success")
                return redirect(url_for("coordination.my_networks"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "coordination/my_networks.html", form=form,
        applications=networks.applications_of(current_user),
    ), status  # fmt: skip


# ---------------------------------------------------------------- cohorts


def _course_choices() -> list[tuple[str, str]]:
    return [(str(c.id), c.current_version.title_th) for c in credentials.issuable_courses()]


def _cohort_data(form: CohortForm) -> dict:
    return {
        "name": form.name.data.strip(), "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data, "mode": form.mode.data,
        "place": (form.place.data or "").strip() or None,
        "attendance_share": form.attendance_share.data,
        "posttest_required": form.posttest_required.data,
    }  # fmt: skip


_COHORT_REFUSALS = {
    "name_taken": ("name", _l("This network already has a cohort of this name.")),
    "dates": ("ends_on", _l("The last day cannot be before the first day.")),
    "course": ("course", _l("Choose a course from the list.")),
}


@bp.route("/networks/<int:network_id>/cohorts/new", methods=["GET", "POST"])
@staff_only
def new_cohort(network_id: int):
    """Create a cohort of one course for the network."""
    network = scoping.get_network_or_404(current_user, network_id)
    form = CohortForm()
    form.course.choices = _course_choices()
    if form.validate_on_submit():
        course = (
            db.session.get(Course, int(form.course.data)) if form.course.data.isdigit() else None
        )
        if course is None or form.course.data not in dict(form.course.choices):
            form.course.errors.append(_("Choose a course from the list."))
        else:
            try:
                cohort = cohorts.create_cohort(current_user, network, course, _cohort_data(form))
            except cohorts.CohortRefused as refused:
                name, message = _COHORT_REFUSALS.get(refused.reason, ("name", refused.reason))
                getattr(form, name).errors.append(message)
            else:
                flash(_("Cohort %(name)s created. Add its members next.", name=cohort.name),
                      "success")  # fmt: skip
                return redirect(url_for("coordination.import_members", cohort_id=cohort.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("coordination/cohort_form.html", form=form, network=network,
                           cohort=None), status  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_cohort(cohort_id: int):
    """Change a cohort's name, dates, mode, place or certificate rule."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    form = CohortForm(obj=cohort)
    form.course.choices = [(str(cohort.course_id), cohort.course_version.title_th)]
    form.course.data = str(cohort.course_id)
    if form.validate_on_submit():
        try:
            cohorts.update_cohort(current_user, cohort, _cohort_data(form))
        except cohorts.CohortRefused as refused:
            name, message = _COHORT_REFUSALS.get(refused.reason, ("name", refused.reason))
            getattr(form, name).errors.append(message)
        else:
            flash(_("The cohort is saved."), "success")
            return redirect(url_for("coordination.cohort", cohort_id=cohort.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("coordination/cohort_form.html", form=form, network=cohort.network,
                           cohort=cohort), status  # fmt: skip


def _filtered(cohort: Cohort, args) -> tuple[FilterForm, list]:
    """The members the cohort page lists for these filter, search and sort arguments (the
    page, its exports and its reminder all ask this one function)."""
    form = FilterForm(args)
    rows = progress_rows.cohort_progress(current_user, cohort)
    status = form.status.data if form.status.data in progress_rows.FILTERS else ""
    sort = form.sort.data if form.sort.data in progress_rows.SORTS else "name"
    descending = form.desc.data == "1"
    return form, progress_rows.select_rows(cohort, rows, status, (form.q.data or "")[:100],
                                           sort, descending)  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>")
@staff_only
def cohort(cohort_id: int):
    """The cohort's progress: each member's scores, lessons, attendance and certificate."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    form, rows = _filtered(cohort, request.args)
    page = max(1, request.args.get("page", 1, type=int))
    reminder = ReminderForm(status=form.status.data or "", q=form.q.data or "")
    html = render_template(
        "coordination/cohort.html", cohort=cohort, form=form, reminder=reminder,
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], total=len(rows), page=page,
        pages=max(1, -(-len(rows) // PAGE_SIZE)), session_form=SessionForm(),
        eligible=len(certificates.waiting(current_user, rows)),
        certified=sum(1 for r in rows if r.certificate_id),
        runs_network=scoping.runs_network(current_user, cohort.network_id),
        reachable=len(_emailed(rows)),
        coordinator_form=AppointForm(),
        revocation_categories=REVOCATION_CATEGORIES,
    )  # fmt: skip
    # Audited once the page is rendered: the audit's commit would otherwise expire the
    # cohort, its network and the coordinator, and the template would load them again.
    audit.record(current_user, "cohort.progress_viewed", cohort, detail=f"cohort {cohort.id}")
    return html


def _cohort_run_by_me(cohort_id: int) -> Cohort:
    """A cohort whose coordinators the user may choose: an admin, or its network's coordinator
    (a cohort's own coordinator runs the cohort, not who else runs it)."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    if not scoping.runs_network(current_user, cohort.network_id):
        abort(403)
    return cohort


@bp.route("/cohorts/<int:cohort_id>/coordinators", methods=["POST"])
@staff_only
def add_cohort_coordinator(cohort_id: int):
    """Add a coordinator (by e-mail) to run this cohort beside the network's coordinators."""
    cohort = _cohort_run_by_me(cohort_id)
    form = AppointForm()
    person = accounts.find_user_by_email(form.email.data) if form.validate_on_submit() else None
    if person is None:
        flash(_("No account uses this e-mail."), "error")
    else:
        try:
            cohorts.add_coordinator(current_user, cohort, person)
        except cohorts.CohortRefused:
            flash(_("%(name)s is not a coordinator: ask an admin to give them the coordinator "
                    "role.", name=person.name), "error")  # fmt: skip
        else:
            flash(_("%(name)s now coordinates this cohort.", name=person.name), "success")
    return redirect(url_for("coordination.cohort", cohort_id=cohort.id) + "#coordinators", 303)


@bp.route("/cohorts/<int:cohort_id>/coordinators/<int:user_id>/remove", methods=["POST"])
@staff_only
def remove_cohort_coordinator(cohort_id: int, user_id: int):
    """Take a coordinator off this cohort."""
    cohort = _cohort_run_by_me(cohort_id)
    person = db.session.get(User, user_id)
    valid = ActionForm().validate_on_submit() and person is not None
    if valid and cohorts.remove_coordinator(current_user, cohort, person):
        flash(_("%(name)s no longer coordinates this cohort.", name=person.name), "success")
    return redirect(url_for("coordination.cohort", cohort_id=cohort.id) + "#coordinators", 303)


def _emailed(rows) -> list:
    """The listed members a message can reach (not those imported without an e-mail)."""
    return [row for row in rows if not row.email.endswith("@" + imports.NO_EMAIL_DOMAIN)]


EXPORT_HEADERS = ("ชื่อ-สกุล", "อีเมล", "คะแนนก่อนเรียน", "บทเรียนที่เรียนจบ", "จำนวนบทเรียน",
                  "แบบทดสอบท้ายหน่วยที่ผ่าน", "คะแนนหลังเรียนสูงสุด", "จำนวนครั้งที่สอบหลังเรียน",
                  "การเข้าอบรม (ครั้ง)", "จำนวนครั้งที่จัดอบรม", "สถานะ", "เลขที่วุฒิบัตร")  # fmt: skip


def export_rows(rows) -> list[list]:
    def score(value):
        return None if value is None else round(value, 1)

    return [
        [r.name, "" if r.email.endswith("@" + imports.NO_EMAIL_DOMAIN) else r.email,
         score(r.pretest_score), r.lessons_done, r.lessons_total, r.module_quizzes_passed,
         score(r.posttest_best), r.posttest_attempts, r.sessions_present, r.sessions_total,
         r.status_label, r.certificate_serial or ""]
        for r in rows
    ]  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>/export.<fmt>")
@staff_only
def export_cohort(cohort_id: int, fmt: str):
    """The (filtered) progress table as CSV or XLSX, Thai headers, formulas escaped."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    _form, rows = _filtered(cohort, request.args)
    audit.record(current_user, "cohort.exported", cohort,
                 detail=f"cohort {cohort.id} {fmt} {len(rows)} rows")  # fmt: skip
    if fmt == "csv":
        data = csv_bytes(EXPORT_HEADERS, export_rows(rows))
        return _download(data, f"cohort-{cohort.id}.csv", "text/csv; charset=utf-8")
    data = xlsx_bytes(EXPORT_HEADERS, export_rows(rows), title="ความก้าวหน้า")
    return _download(data, f"cohort-{cohort.id}.xlsx", XLSX)


@bp.route("/cohorts/<int:cohort_id>/remind", methods=["POST"])
@staff_only
def remind(cohort_id: int):
    """E-mail a message to the members the page lists (those with an e-mail)."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    form = ReminderForm()
    if not form.validate_on_submit():
        flash(_("Write the message to send."), "error")
        return redirect(url_for("coordination.cohort", cohort_id=cohort.id), 303)
    _filter, rows = _filtered(cohort, request.form)  # the page's filter and search, sent along
    subject = _("A message about %(cohort)s", cohort=cohort.name)
    body = form.message.data
    messages = [(row.email, subject, f"{row.name}\n\n{body}") for row in _emailed(rows)]
    if messages:  # sent outside the request: a slow mail server never holds this page
        run_later(send_many, messages)
    sent = len(messages)
    searched = " searched" if form.q.data else ""  # the search words are not kept
    detail = f"cohort {cohort.id} {form.status.data or 'all'}{searched}: {sent}"
    audit.record(current_user, "cohort.reminder_sent", cohort, detail=detail)
    flash(_("The message was sent to %(count)d members.", count=sent), "success")
    return redirect(url_for("coordination.cohort", cohort_id=cohort.id,
                            status=form.status.data or None, q=form.q.data or None),
                    303)  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>/members/<int:member_id>")
@staff_only
def member(cohort_id: int, member_id: int):
    """A member's record for staff: enrolments, attempts with answers, certificates."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    member = scoping.get_member_or_404(current_user, cohort, member_id)
    audit.record(current_user, "member.record_viewed", cohort, member.user,
                 f"cohort {cohort.id}")  # fmt: skip
    return render_template("coordination/member.html", cohort=cohort, member=member,
                           person=member.user, record=member_record(current_user, member.user),
                           form=ActionForm(), nominable=True)  # fmt: skip


@bp.route("/people/<int:user_id>")
@staff_only
def person(user_id: int):
    """A person's record for staff, reached from a network's member list: a network member
    in no cohort has their recognitions and the way to nominate them here."""
    person = scoping.get_person_or_404(current_user, user_id)
    accounts.record_audit(current_user, "member.record_viewed", person, f"person {person.id}")
    # An applicant awaiting a decision, or declined, is seen here but is no member to nominate.
    nominable = credentials.coordinator_serves(current_user, person.id)
    return render_template("coordination/member.html", cohort=None, member=None, person=person,
                           record=member_record(current_user, person),
                           nominable=nominable)  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>/members/<int:member_id>/reset-link", methods=["POST"])
@staff_only
@no_store
def reset_link(cohort_id: int, member_id: int):
    """A one-time password-reset link to hand to a member who has no e-mail (audited)."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    member = scoping.get_member_or_404(current_user, cohort, member_id)
    if not ActionForm().validate_on_submit() or member.user.has_email:
        return redirect(url_for("coordination.member", cohort_id=cohort.id, member_id=member.id),
                        303)  # fmt: skip
    link = accounts.issue_reset_link(current_user, member.user)
    back = url_for("coordination.member", cohort_id=cohort.id, member_id=member.id)
    return render_template("accounts/reset_link.html", user=member.user, back_url=back,
                           link=link)  # fmt: skip


# The pages that take files larger than the app's default limit (6 MB): evidence files, and
# member lists long enough to be told the row limit rather than refused for their size.
UPLOAD_LIMITS = {
    "coordination.nominate": recognitions.NOMINATION_LIMIT,
    "coordination.import_members": imports.UPLOAD_LIMIT,
}


def allow_larger_uploads() -> None:
    """Before CSRF reads the form: these pages accept their larger uploads."""
    limit = UPLOAD_LIMITS.get(request.endpoint or "")
    if limit:
        request.max_content_length = limit


bp.record_once(lambda state: state.app.before_request_funcs.setdefault(None, []).insert(
    0, allow_larger_uploads))  # fmt: skip
bp.add_url_rule("/people/<int:user_id>/recognitions/new", "nominate",
                staff_only(recognitions.nominate), methods=["GET", "POST"])  # fmt: skip
bp.add_url_rule("/recognitions", "nominations", staff_only(recognitions.nominations))


# ---------------------------------------------------------------- sessions and attendance


@bp.route("/cohorts/<int:cohort_id>/sessions", methods=["POST"])
@staff_only
def add_session(cohort_id: int):
    """Add a day of on-site training."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    form = SessionForm()
    if not form.validate_on_submit():
        flash(_("Enter the date of the session."), "error")
        return redirect(url_for("coordination.cohort", cohort_id=cohort.id), 303)
    session = cohorts.add_session(current_user, cohort, form.held_on.data, form.place.data,
                                  form.topic.data)  # fmt: skip
    return redirect(url_for("coordination.attendance", cohort_id=cohort.id, session_id=session.id),
                    303)  # fmt: skip


def _session(cohort: Cohort, session_id: int):
    session = cohorts.session_of(cohort, session_id)
    if session is None:
        abort(404)
    return session


def _scoped_members(cohort: Cohort) -> list[CohortMember]:
    return list(db.session.scalars(scoping.members_for(current_user, cohort.id)))


@bp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>")
@staff_only
def attendance(cohort_id: int, session_id: int):
    """The attendance sheet: one tick box per member, each saved on its own."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    session = _session(cohort, session_id)
    sheet = cohorts.attendance_sheet(_scoped_members(cohort), session)
    html = render_template("coordination/attendance.html", cohort=cohort, session=session,
                           sheet=sheet)  # fmt: skip
    # The sheet lists the members' names: a view of personal data, audited once rendered.
    audit.record(current_user, "cohort.attendance_sheet_viewed", cohort,
                 detail=f"cohort {cohort.id} session {session.id}")  # fmt: skip
    return html


@bp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>/members/<int:member_id>",
          methods=["POST"])  # fmt: skip
@staff_only
def set_attendance(cohort_id: int, session_id: int, member_id: int):
    """Save one row of the attendance sheet (JSON for the page's script, else a redirect)."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    session = _session(cohort, session_id)
    member = scoping.get_member_or_404(current_user, cohort, member_id)
    present = "1" in request.form.getlist("present")
    cohorts.set_attendance(current_user, session, member, present)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(saved=True, present=present)
    flash(_("Saved: %(name)s", name=member.user.name), "success")
    return redirect(url_for("coordination.attendance", cohort_id=cohort.id,
                            session_id=session.id) + f"#m{member.id}", 303)  # fmt: skip


@bp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>/sign-in.pdf")
@staff_only
def signin_sheet(cohort_id: int, session_id: int):
    """The printable sign-in sheet of a session (Thai, Buddhist-era date)."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    session = _session(cohort, session_id)
    pdf = cohorts.signin_sheet_pdf(cohort, session, _scoped_members(cohort))
    audit.record(current_user, "cohort.signin_sheet_printed", cohort,
                 detail=f"cohort {cohort.id} session {session.id}")  # fmt: skip
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="sign-in-{session.id}.pdf"'
    return response


# ---------------------------------------------------------------- bulk enrolment


@bp.route("/import-template.csv")
@staff_only
def import_template():
    """The member-list template, with one example row."""
    return _download(imports.template_file(), "member-list-template.csv", "text/csv; charset=utf-8")


@bp.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@staff_only
def import_members(cohort_id: int):
    """Upload a member list and see, row by row, what importing it would do."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    form = ImportForm()
    result = batch = None
    if form.validate_on_submit():
        data = form.file.data.read()
        filename = form.file.data.filename or "members.csv"
        try:
            result = imports.preview(cohort, data, filename)
        except imports.ImportProblem as problem:
            form.file.errors.append(str(problem))
        else:
            batch = imports.save_batch(current_user, cohort, data, filename, result)
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template("coordination/import.html", cohort=cohort, form=form, result=result,
                           batch=batch), status  # fmt: skip


def _batch(cohort: Cohort, batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.cohort_id != cohort.id:
        abort(404)
    return batch


@bp.route("/cohorts/<int:cohort_id>/import/<int:batch_id>", methods=["POST"])
@staff_only
def commit_import(cohort_id: int, batch_id: int):
    """Import the previewed list's valid rows, all in one transaction."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    batch = _batch(cohort, batch_id)
    try:
        outcome = imports.commit_batch(current_user, batch)
    except imports.ImportProblem as problem:
        flash(str(problem), "error")
        return redirect(url_for("coordination.import_members", cohort_id=cohort.id), 303)
    flash(_("%(added)d members added to the cohort (%(created)d new accounts); %(errors)d rows "
            "in error were not imported.", **outcome), "success")  # fmt: skip
    return redirect(url_for("coordination.cohort", cohort_id=cohort.id), 303)


@bp.route("/cohorts/<int:cohort_id>/import/<int:batch_id>/errors.csv")
@staff_only
def import_errors(cohort_id: int, batch_id: int):
    """The rows in error, with their row numbers and reasons, to correct and upload again."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    batch = _batch(cohort, batch_id)
    try:
        result = imports.preview(cohort, imports.batch_data(batch), batch.filename)
    except imports.ImportProblem as problem:
        flash(str(problem), "error")
        return redirect(url_for("coordination.import_members", cohort_id=cohort.id), 303)
    audit.record(current_user, "cohort.import_errors_downloaded", cohort,
                 detail=f"cohort {cohort.id} batch {batch.id}")  # fmt: skip
    return _download(
        imports.error_file(result), f"errors-{batch.id}.csv", "text/csv; charset=utf-8"
    )


@bp.route("/cohorts/<int:cohort_id>/invitations")
@staff_only
def invitations(cohort_id: int):
    """A printable list of one-time links for members who have no e-mail."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    members = scoping.members_for(current_user, cohort.id).with_only_columns(CohortMember.user_id)
    links = imports.uninvited_without_email(members)
    audit.record(current_user, "cohort.invitations_printed", cohort,
                 detail=f"cohort {cohort.id}: {len(links)}")  # fmt: skip
    return render_template("coordination/invitations.html", cohort=cohort, links=links)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """An invited member chooses their password (the link works once)."""
    user = imports.user_from_invitation(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)
        if user.has_email:
            flash(_("Your password is set. Log in with your e-mail or the one shown on your "
                    "invitation."), "success")  # fmt: skip
        else:
            flash(_("Your password is set. Log in with your mobile number or national ID."),
                  "success")  # fmt: skip
        return redirect(url_for("accounts.login"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("coordination/accept_invitation.html", form=form, user=user,
                           mobile=imports.roster_mobile(user)), status  # fmt: skip


# ---------------------------------------------------------------- certificates


@bp.route("/cohorts/<int:cohort_id>/certificates", methods=["POST"])
@staff_only
def issue_certificates(cohort_id: int):
    """Issue, in the background, to every member who met the cohort's rule."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    job = certificates.start_issue(
        current_user, cohort, url_for("coordination.cohort", cohort_id=cohort.id)
    )
    if job is None:
        flash(_("No member is waiting for a certificate."), "info")
        return redirect(url_for("coordination.cohort", cohort_id=cohort.id), 303)
    return redirect(url_for("credentials.job", job_id=job.id), 303)


@bp.route("/cohorts/<int:cohort_id>/certificates/<int:certificate_id>/revoke", methods=["POST"])
@staff_only
def revoke_certificate(cohort_id: int, certificate_id: int):
    """Revoke one member's certificate: the reason shown publicly (a category from the
    certificate desk's list) and the staff's own words, kept internal."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    certificate = certificates.certificate_of_member(current_user, cohort, certificate_id)
    if certificate is None:
        abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Choose the reason shown publicly and give the reason for revoking."), "error")
    else:
        try:
            credentials.revoke(certificate, current_user, form.reason.data, form.category.data,
                               audit_scope=audit.scope_of(cohort))  # fmt: skip
        except CertificateRefused:
            flash(_("This certificate is already revoked."), "error")
        else:
            flash(_("Certificate %(serial)s revoked.", serial=certificate.serial), "success")
    return redirect(url_for("coordination.cohort", cohort_id=cohort.id), 303)


@bp.route("/cohorts/<int:cohort_id>/certificates.zip")
@staff_only
def certificates_zip(cohort_id: int):
    """Every valid certificate of the cohort in one ZIP, streamed as it is written."""
    cohort = scoping.get_cohort_or_404(current_user, cohort_id)
    found = certificates.certificates_of(current_user, cohort)
    audit.record(current_user, "cohort.certificates_downloaded", cohort,
                 detail=f"cohort {cohort.id}: {len(found)}")  # fmt: skip
    response = Response(certificates.zip_stream(found), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="cohort-{cohort.id}.zip"'
    return response


# ---------------------------------------------------------------- audit log


@bp.route("/audit")
@staff_only
def audit_log():
    """Search the audit log: admins everything, coordinators entries about their people."""
    form = AuditSearchForm(request.args)
    form.validate()
    entries = db.session.execute(
        audit.search(
            current_user, person=form.person.data or "", actor=form.actor.data or "",
            action=form.action.data or "", date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    ).all()  # fmt: skip
    return render_template("coordination/audit.html", form=form, entries=entries)
