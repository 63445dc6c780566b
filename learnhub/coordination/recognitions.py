"""Nominating a member for a recognition (เชิดชูเกียรติ), from the coordinator's workspace.

The person is reached through coordination.scoping, like every member page; the
credentials domain then records the nomination and checks the evidence files.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from learnhub.accounts import services as accounts
from learnhub.coordination import scoping
from learnhub.coordination.forms import NominationForm
from learnhub.credentials import recognitions
from learnhub.credentials.models import RecognitionKind
from learnhub.extensions import db

# A request may carry every evidence file at its largest (the app's default limit is 6 MB).
NOMINATION_LIMIT = recognitions.MAX_EVIDENCE_FILES * recognitions.MAX_EVIDENCE + 1024 * 1024

REFUSALS = {
    "self": ("title", _l("Staff cannot nominate themselves.")),
    "outside_scope": ("title", _l("This person is not a member of your networks.")),
    "incomplete": ("title", _l("Enter the honour and the citation.")),
    "date": ("awarded_on", _l("The date is too far in the future.")),
    "duplicate": ("awarded_on", _l(
        "This member already has a recognition of this kind on this date.")),
    "too_many": ("evidence", _l("Attach at most 5 files.")),
    "too_large": ("evidence", _l("“%(name)s” is larger than 10 MB.")),
    "not_evidence": ("evidence", _l(
        "“%(name)s” is not what its name says: attach a PDF, PNG or JPEG file.")),
    "script": ("evidence", _l("“%(name)s” contains JavaScript, which is not accepted in a PDF.")),
}  # fmt: skip


def _form() -> NominationForm:
    form = NominationForm()
    form.kind.choices = [(str(k.id), k.name_th) for k in recognitions.kinds()]
    return form


def nominate(user_id: int):
    """Nominate a member of one's networks: kind, honour, citation, date, body, evidence."""
    person = scoping.get_person_or_404(current_user, user_id)
    form = _form()
    if form.validate_on_submit():
        kind = db.session.get(RecognitionKind, int(form.kind.data)) if form.kind.data.isdigit() \
            else None  # fmt: skip
        if kind is None or not kind.active:
            form.kind.errors.append(_("Choose a kind from the list."))
        else:
            uploads = [
                recognitions.Upload(f.filename or "", f.read(recognitions.MAX_EVIDENCE + 1))
                for f in form.evidence.data or []
                if getattr(f, "filename", "")
            ]
            try:
                recognitions.nominate(
                    current_user, person, kind, title=form.title.data,
                    citation=form.citation.data, awarded_on=form.awarded_on.data,
                    awarding_body=form.awarding_body.data, legal_basis=form.legal_basis.data,
                    evidence=uploads,
                )  # fmt: skip
            except recognitions.RecognitionRefused as refused:
                field, message = REFUSALS.get(refused.reason, ("title", refused.reason))
                # A file's name is not Thai text: marked as such for readers and checks.
                name = Markup('<span lang="zxx">{}</span>').format(refused.detail)
                getattr(form, field).errors.append(escape(str(message)) % {"name": name})
            else:
                flash(_("%(name)s was nominated; an admin will decide.", name=person.name),
                      "success")  # fmt: skip
                return redirect(url_for("coordination.nominations"), 303)
    elif request.method == "GET":
        accounts.record_audit(current_user, "recognition.nomination_opened", person)
    status = 422 if request.method == "POST" else 200
    return render_template("coordination/nominate.html", form=form, person=person,
                           kinds=recognitions.kinds()), status  # fmt: skip


def nominations():
    """The nominations I made, with where each stands."""
    return render_template(
        "coordination/nominations.html", nominations=recognitions.nominated_by(current_user)
    )
