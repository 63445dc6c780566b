"""Recognitions for admins (decide, revoke, see the evidence) and for the member (the PDF).

Nominating happens in the coordinator's workspace (coordination.recognitions); these
views never need to know who is in whose network.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from learnhub.accounts import services as accounts
from learnhub.accounts.access import no_store, role_required
from learnhub.accounts.models import Role
from learnhub.credentials import recognitions
from learnhub.credentials.forms import (
    NewRecognitionKindForm,
    ReasonForm,
    RecognitionKindForm,
    RevokeForm,
)
from learnhub.credentials.models import Recognition, RecognitionEvidence, RecognitionKind
from learnhub.credentials.render import CertificateTemplateError
from learnhub.credentials.storage import storage
from learnhub.credentials.views import _pdf, bp
from learnhub.extensions import db

STATUS_LABELS = {
    "nominated": _l("Awaiting a decision"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
    "revoked": _l("Revoked"),
}
REFUSALS = {
    "own_nomination": _l("You nominated this person yourself: another admin must decide."),
    "self": _l("No one decides on their own recognition."),
    "decided": _l("This nomination has already been decided."),
    "reason": _l("Give the reason."),
    "category": _l("Choose the reason shown publicly."),
    "not_approved": _l("Only an approved recognition can be revoked."),
}
KIND_REFUSALS = {
    "key": _l("Use 2 to 40 lower-case English letters, digits and _, starting with a letter."),
    "key_taken": _l("Another kind already has this key."),
}


@bp.app_template_global()
def recognition_status(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def approved_recognitions(user) -> list[Recognition]:
    """A member's approved recognitions, for their profile and transcript pages."""
    return recognitions.of_member(user) if user is not None and user.id else []


def _recognition(recognition_id: int) -> Recognition:
    return db.session.get(Recognition, recognition_id) or abort(404)


@bp.route("/admin/recognitions")
@role_required(Role.ADMIN)
@no_store
def recognition_desk():
    """Nominations awaiting a decision, and the recognitions decided lately."""
    accounts.record_audit(current_user, "recognitions.listed")
    return render_template(
        "credentials/recognition_desk.html",
        waiting=recognitions.awaiting_decision(),
        decided=recognitions.recent_decided(),
    )


@bp.route("/admin/recognitions/<int:recognition_id>")
@role_required(Role.ADMIN)
@no_store
def recognition(recognition_id: int):
    """One nomination with its citation, evidence and history, and the decision to make."""
    found = _recognition(recognition_id)
    accounts.record_audit(current_user, "recognition.viewed", found.user, str(found.id))
    return render_template(
        "credentials/recognition_detail.html",
        recognition=found,
        form=ReasonForm(),
        revoke_form=RevokeForm(),
    )


@bp.route("/admin/recognitions/<int:recognition_id>/evidence/<int:evidence_id>")
@role_required(Role.ADMIN)
def recognition_evidence(recognition_id: int, evidence_id: int):
    """An evidence file, served as the type its content proved, never rendered inline."""
    evidence = db.session.get(RecognitionEvidence, evidence_id)
    if evidence is None or evidence.recognition_id != recognition_id:
        abort(404)
    accounts.record_audit(current_user, "recognition.evidence_opened",
                          evidence.recognition.user, evidence.filename)  # fmt: skip
    response = Response(storage().load(evidence.storage_key), mimetype=evidence.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="evidence-{evidence.id}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/admin/recognitions/<int:recognition_id>/decide", methods=["POST"])
@role_required(Role.ADMIN)
def decide_recognition(recognition_id: int):
    """Approve (the เกียรติบัตร is rendered now) or decline, with a reason either way."""
    found = _recognition(recognition_id)
    form = ReasonForm()
    approve = request.form.get("decision") == "approve"
    if not form.validate_on_submit():
        flash(_("Give the reason for your decision."), "error")
        return redirect(url_for("credentials.recognition", recognition_id=found.id), 303)
    try:
        if approve:
            recognitions.approve(found, current_user, form.reason.data)
        else:
            recognitions.decline(found, current_user, form.reason.data)
    except recognitions.RecognitionRefused as refused:
        flash(str(REFUSALS.get(refused.reason, refused.reason)), "error")
        return redirect(url_for("credentials.recognition", recognition_id=found.id), 303)
    except CertificateTemplateError as error:
        flash(_("The certificate template has an error: %(error)s", error=str(error)), "error")
        return redirect(url_for("credentials.recognition", recognition_id=found.id), 303)
    if approve:
        flash(_("Recognition approved for %(name)s.", name=found.holder_name), "success")
    else:
        flash(_("Nomination declined."), "success")
    return redirect(url_for("credentials.recognition_desk"), 303)


@bp.route("/admin/recognitions/<int:recognition_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN)
def revoke_recognition(recognition_id: int):
    """Revoke with a reason: the record stays and its verify page says 'revoked'."""
    found = _recognition(recognition_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for revoking and the reason shown publicly."), "error")
    else:
        try:
            recognitions.revoke(found, current_user, form.reason.data, form.category.data)
        except recognitions.RecognitionRefused as refused:
            flash(str(REFUSALS.get(refused.reason, refused.reason)), "error")
        else:
            flash(_("Recognition revoked."), "success")
    return redirect(url_for("credentials.recognition", recognition_id=found.id), 303)


@bp.route("/recognitions/<int:recognition_id>.pdf")
@login_required
def recognition_pdf(recognition_id: int):
    """The stored เกียรติบัตร, byte for byte: its holder's (once approved) and the admins'."""
    found = db.session.get(Recognition, recognition_id)
    if found is None or not recognitions.can_download(current_user, found):
        abort(404)
    if found.user.erased_at is not None:
        abort(410)
    if current_user.id != found.user_id:
        accounts.record_audit(current_user, "recognition.downloaded", found.user, str(found.id))
    return _pdf(recognitions.pdf_bytes(found), f"recognition-{found.code}.pdf")


# ---------------------------------------------------------------- kinds of recognition


@bp.route("/admin/recognition-kinds", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def recognition_kinds():
    """Every kind of recognition, and a form to add one."""
    form = NewRecognitionKindForm(data={"carries_certificate": True, "active": True})
    status = 200
    if form.validate_on_submit():
        try:
            kind = recognitions.add_kind(
                form.key.data,
                form.name_th.data,
                form.name_en.data,
                form.legal_basis.data,
                form.carries_certificate.data,
            )
        except recognitions.RecognitionRefused as refused:
            form.key.errors.append(str(KIND_REFUSALS[refused.reason]))
            status = 422
        else:
            accounts.record_audit(current_user, "recognition_kind.added", None, kind.key)
            flash(_("Kind of recognition added: %(name)s", name=kind.name_th), "success")
            return redirect(url_for("credentials.recognition_kinds"), 303)
    elif form.is_submitted():
        status = 422
    return render_template(
        "credentials/recognition_kinds.html", kinds=recognitions.all_kinds(), form=form
    ), status


@bp.route("/admin/recognition-kinds/<int:kind_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def recognition_kind(kind_id: int):
    """Edit a kind: its names, legal basis, whether it carries a เกียรติบัตร, whether offered."""
    kind = db.session.get(RecognitionKind, kind_id) or abort(404)
    # What was posted and nothing else: an unticked box is not sent, so a form filled from
    # the kind would read a post without its fields as "keep the names, retire the kind".
    form = RecognitionKindForm(obj=kind if request.method == "GET" else None)
    if form.validate_on_submit():
        recognitions.update_kind(kind, name_th=form.name_th.data, name_en=form.name_en.data,
                                 legal_basis=form.legal_basis.data, active=form.active.data,
                                 carries_certificate=form.carries_certificate.data)  # fmt: skip
        accounts.record_audit(current_user, "recognition_kind.changed", None, kind.key)
        flash(_("Kind of recognition saved: %(name)s", name=kind.name_th), "success")
        return redirect(url_for("credentials.recognition_kinds"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("credentials/recognition_kind.html", kind=kind, form=form), status
