"""Pages of one's own account: sign-up, log-in, profile, passwords."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from learnhub.accounts import services
from learnhub.accounts.access import safe_next
from learnhub.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignUpForm,
)
from learnhub.accounts.mail import send_mail
from learnhub.extensions import limiter

bp = Blueprint("accounts", __name__)

ERROR_MESSAGES = {
    services.EmailTaken: lambda: _("An account with this e-mail already exists."),
    services.NationalIdTaken: lambda: _("A member with this national ID is already registered."),
}


def _show_refusal(form, error: services.AccountError) -> None:
    """Put a service's refusal beside the field it concerns."""
    getattr(form, error.field).errors.append(ERROR_MESSAGES[type(error)]())


def _start_session(user) -> None:
    session.clear()
    login_user(user)
    if user.locale:
        session["lang"] = user.locale


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Sign up as a network member with the profile the membership form asks for."""
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = services.register_member(
                form.email.data, form.password.data, form.profile_data()
            )
        except (services.EmailTaken, services.NationalIdTaken) as error:
            _show_refusal(form, error)
        else:
            _start_session(user)
            flash(_("Welcome to LearnHub! Your account has been created."), "success")
            return redirect(url_for("site.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _start_session(user)
            return redirect(safe_next(request.args.get("next"), url_for("site.home")))
        form.password.errors.append(_("The e-mail or password is not correct."))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out; a POST with a CSRF token, so no other site can log a user out."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("site.home"))


@bp.route("/account/profile")
@login_required
def profile():
    """Your member profile, with your national ID shown in full to you alone."""
    national_id = (
        services.national_id_for(current_user, current_user.profile)
        if current_user.profile
        else None
    )
    return render_template(
        "accounts/profile.html", user=current_user, national_id=national_id, own=True
    )


@bp.route("/account/profile/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    """Edit your member profile."""
    profile = current_user.profile
    form = ProfileForm(obj=profile)
    if request.method == "GET" and profile is not None:
        form.national_id.data = services.national_id_for(current_user, profile)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, form.profile_data())
        except services.NationalIdTaken as error:
            _show_refusal(form, error)
        else:
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("accounts.profile"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/profile_edit.html", form=form), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password after confirming the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if services.check_password(current_user, form.current_password.data):
            services.set_password(current_user, form.password.data)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
        form.current_password.errors.append(_("The current password is not correct."))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status


@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def reset_request():
    """Ask for a password-reset link; the answer never reveals whether the e-mail is known."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.active:
            link = url_for(
                "accounts.reset_password", token=services.make_reset_token(user), _external=True
            )
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
            send_mail(
                user.email,
                _("Reset your LearnHub password"),
                _(
                    "Open this link to choose a new password. It works once, "
                    "for %(minutes)d minutes:\n\n%(link)s\n\n"
                    "If you did not ask for this, ignore this message.",
                    minutes=minutes,
                    link=link,
                ),
            )
        flash(_("If an account uses this e-mail, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_request.html", form=form), status


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link."""
    user = services.user_from_reset_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        flash(_("Your password has been reset. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form), status


@bp.route("/privacy")
def privacy():
    """The privacy notice that sign-up asks people to accept."""
    return render_template(
        "accounts/privacy.html", version=current_app.config["PRIVACY_NOTICE_VERSION"]
    )
