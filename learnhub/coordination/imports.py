"""Bulk enrolment: a member list (CSV or XLSX) previewed row by row, then committed at once.

Reading: CSV in UTF-8 (with or without the BOM Excel writes) or in TIS-620 /
Windows-874 (older Thai Excel), told apart by decoding strictly; XLSX read with
openpyxl, which never evaluates formulas (a formula cell's text is what we see,
and a row holding one is refused). Each row is new, matched to an existing
person (national-ID hash, then e-mail, then mobile), or in error with a Thai
reason; committing adds the new and matched rows in one transaction, so
uploading the same file again adds nobody.

People without e-mail get the placeholder address ``no-email+<token>@learnhub.invalid``
(``.invalid`` can never be delivered, RFC 2606) and ``RosterRecord.no_email``;
their invitation is a printable one-time link instead of a message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field

import geothai
from cryptography.fernet import Fernet
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from openpyxl import load_workbook
from sqlalchemy import select, update

from learnhub.accounts import services as accounts_services
from learnhub.accounts.mail import run_later, send_many
from learnhub.accounts.models import NO_EMAIL_DOMAIN, MemberProfile, User, placeholder_email, utcnow
from learnhub.accounts.privacy import encrypt_national_id, national_id_hash
from learnhub.accounts.services import normalize_email
from learnhub.coordination import audit
from learnhub.coordination.cohorts import add_member
from learnhub.coordination.models import (
    APPROVED,
    Cohort,
    CohortMember,
    ImportBatch,
    NetworkMembership,
    RosterRecord,
)
from learnhub.coordination.spreadsheets import csv_bytes
from learnhub.extensions import db
from learnhub.forms import PHONE_REFUSALS
from learnhub.thai import (
    TITLES,
    PhoneRefused,
    full_name,
    is_valid_national_id,
    normalize_national_id,
    normalize_phone,
)

MAX_ROWS = 10_000
# A realistic member list of 50,000 rows is 12 MB in UTF-8: the import page accepts files of
# up to 24 MB, so a list too long is told the row limit (it is read no further than that).
UPLOAD_LIMIT = 24 * 1024 * 1024
BATCH_KEPT = dt.timedelta(days=1)  # an unimported preview's file is dropped after this
NEW, MATCHED, ERROR = "new", "matched", "error"
INVITATION_MAX_AGE = 30 * 24 * 3600  # a printed link must survive until the first session

# Column keys, the header the template writes, and the other headers people use.
COLUMNS = {
    "title": ("คำนำหน้าชื่อ", ("คำนำหน้า", "title", "prefix")),
    "first_name": ("ชื่อ", ("ชื่อจริง", "first name", "first_name", "firstname", "name")),
    "last_name": ("นามสกุล", ("สกุล", "last name", "last_name", "lastname", "surname")),
    "national_id": (
        "เลขประจำตัวประชาชน",
        ("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "national id", "national_id", "citizen id"),
    ),
    "email": ("อีเมล", ("e-mail", "email", "อีเมล์")),
    "mobile": ("โทรศัพท์มือถือ", ("เบอร์โทรศัพท์", "โทรศัพท์", "มือถือ", "mobile", "phone")),
    "position": ("ตำแหน่ง", ("position",)),
    "agency": ("หน่วยงานหรือชุมชน", ("หน่วยงาน", "ชุมชน", "สังกัด", "agency", "community")),
    "province": ("จังหวัด", ("province",)),
    "member_type": ("ประเภทสมาชิก", ("ประเภท", "member type", "member_type")),
}
REQUIRED = ("first_name", "last_name", "national_id")
MEMBER_TYPES = {
    "civil_servant": "civil_servant", "ข้าราชการ": "civil_servant",
    "เจ้าหน้าที่ของรัฐ": "civil_servant", "ข้าราชการ/เจ้าหน้าที่ของรัฐ": "civil_servant",
    "community_leader": "community_leader", "ผู้นำชุมชน": "community_leader",
    "อาสาสมัคร": "community_leader", "ผู้นำชุมชน/อาสาสมัคร": "community_leader",
    "citizen": "citizen", "ประชาชน": "citizen",
}  # fmt: skip
_TITLE_KEYS = {text: key for key, pair in TITLES.items() for text in pair}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")


class ImportProblem(Exception):
    """The file as a whole cannot be read; the message is for the coordinator."""


@dataclass
class Row:
    number: int  # the line in the file; the header is line 1
    values: dict
    kind: str = NEW
    reasons: list[str] = field(default_factory=list)
    user_id: int | None = None
    already_in_cohort: bool = False
    name: str = ""

    def fail(self, reason: str) -> None:
        self.kind = ERROR
        self.reasons.append(reason)


@dataclass
class Preview:
    rows: list[Row]
    columns: list[str]  # the file's own headers, for the error file

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.kind == ERROR]


# ---------------------------------------------------------------- reading the file


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-874 / TIS-620; anything else is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")  # Windows-874 is TIS-620 plus a few punctuation marks
    except UnicodeDecodeError:
        raise ImportProblem(
            _("The file's encoding is not recognised. Save it from Excel as “CSV UTF-8” "
              "or as an Excel workbook (.xlsx) and upload it again.")
        ) from None  # fmt: skip
    if not re.search("[\u0e01-\u0e5b]", text) or re.search("[\x00-\x08\x0e-\x1f]", text):
        raise ImportProblem(
            _("The file's encoding is not recognised. Save it from Excel as “CSV UTF-8” "
              "or as an Excel workbook (.xlsx) and upload it again.")
        )  # fmt: skip
    return text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _too_many_rows() -> ImportProblem:
    return ImportProblem(
        _("The file has more than %(max)s rows; at most %(max)s can be imported at once. "
          "Split it into smaller files and import them one after another.", max=f"{MAX_ROWS:,}")
    )  # fmt: skip


def _first_rows(rows, limit: int) -> list[list[str]]:
    """The non-empty rows, reading no further than ``limit`` of them plus one.

    A list of 50,000 members is refused on its 10,002nd row instead of after reading the
    whole file (an XLSX of that size takes most of a minute to read to its end).
    """
    table = []
    for row in rows:
        if any(row):
            table.append(row)
            if len(table) > limit:
                raise _too_many_rows()
    return table


def read_table(data: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV or XLSX file, as text."""
    if not data or not data.strip():
        raise ImportProblem(_("The file is empty. Fill in the template and upload it again."))
    limit = MAX_ROWS + 1  # the header and the members
    if data.startswith(b"PK\x03\x04"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            message = _("This Excel file cannot be read. Save it again as .xlsx.")
            raise ImportProblem(message) from None
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            table = _first_rows(([_cell(v) for v in row] for row in rows), limit)
        finally:
            workbook.close()
    else:
        if filename.lower().endswith((".xls", ".xlsx")):
            raise ImportProblem(_("Old Excel files (.xls) cannot be read. Save as .xlsx or CSV."))
        text = decode_csv(data)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = csv.reader(io.StringIO(text), dialect)
        table = _first_rows(([c.strip() for c in row] for row in rows), limit)
    if not table:
        raise ImportProblem(_("The file is empty. Fill in the template and upload it again."))
    if len(table) == 1:
        raise ImportProblem(_("The file has a header row but no member. Add one row per member."))
    return table[0], table[1:]


def _header_key(text: str) -> str:
    return re.sub(r"[\s*]+", " ", text.replace("\ufeff", "")).strip().lower()


def map_columns(header: list[str]) -> dict[str, int]:
    """Column key -> position, recognising the template's headers and common variants."""
    known = {}
    for key, (main, others) in COLUMNS.items():
        for name in (main, *others):
            known[_header_key(name)] = key
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        key = known.get(_header_key(text))
        if key and key not in positions:
            positions[key] = index
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in positions]
    if "email" not in positions and "mobile" not in positions:
        missing.append(f"{COLUMNS['email'][0]} / {COLUMNS['mobile'][0]}")
    if missing:
        raise ImportProblem(
            _("These columns are missing or renamed: %(missing)s. The columns must be named as "
              "in the template: %(expected)s.", missing=", ".join(missing),
              expected=", ".join(main for main, _others in COLUMNS.values()))
        )  # fmt: skip
    return positions


# ---------------------------------------------------------------- checking each row


def _province_code(text: str) -> str | None:
    if not text:
        return None
    if text.isdigit():
        province = geothai.province(text.zfill(2))
        return province.code if province else None
    bare = text.removeprefix("จังหวัด").removeprefix("จ.").strip()
    for province in geothai.provinces():
        if bare in (province.name_th, province.name_en) or bare.lower() == province.name_en.lower():
            return province.code
    return None


def normalize_mobile(text: str) -> str:
    """A mobile number as member profiles store it (Thai digits, +66, any spacing), so the
    member logs in with it; "" for none, or for one ``check_row`` refuses."""
    try:
        return normalize_phone(text, mobile=True) if (text or "").strip() else ""
    except PhoneRefused:
        return ""


def check_row(number: int, values: dict) -> Row:
    """Validate one row on its own (duplicates and matches are found across rows later)."""
    row = Row(number, values)
    for key, value in values.items():
        if value.startswith("="):
            row.fail(_("The column “%(column)s” holds a formula; type the value itself.",
                       column=COLUMNS[key][0]))  # fmt: skip
    if row.kind == ERROR:
        return row
    if not values.get("first_name"):
        row.fail(_("The first name is missing."))
    if not values.get("last_name"):
        row.fail(_("The last name is missing."))
    national_id = values.get("national_id", "")
    if not national_id:
        row.fail(_("The national ID is missing."))
    elif _SCIENTIFIC.match(national_id):
        row.fail(_("The national ID was turned into a number like 1.1E+12 by Excel; format the "
                   "column as text and type the 13 digits again."))  # fmt: skip
    elif national_id == TEMPLATE_EXAMPLE_ID:
        row.fail(_("This is the template's example row: delete it and list your members."))
    elif not is_valid_national_id(national_id):
        row.fail(_("The national ID %(id)s is not valid: it needs 13 digits and a correct check "
                   "digit.", id=national_id))  # fmt: skip
    email, mobile = values.get("email", ""), values.get("mobile", "")
    if not email and not mobile:
        row.fail(_("Give an e-mail or a mobile number."))
    if email and not _EMAIL.match(email):
        row.fail(_("The e-mail %(email)s is not an e-mail address.", email=email))
    if mobile:
        try:
            normalize_phone(mobile, mobile=True)
        except PhoneRefused as refused:
            row.fail(_("The mobile number %(mobile)s is not a Thai phone number.", mobile=mobile)
                     + " " + str(PHONE_REFUSALS[refused.reason]))  # fmt: skip
    province = values.get("province", "")
    if province and _province_code(province) is None:
        row.fail(_("The province “%(province)s” is not a Thai province.", province=province))
    member_type = values.get("member_type", "")
    if member_type and member_type not in MEMBER_TYPES:
        row.fail(_("The member type “%(type)s” is unknown; use ข้าราชการ/เจ้าหน้าที่ของรัฐ, "
                   "ผู้นำชุมชน/อาสาสมัคร or ประชาชน.", type=member_type))  # fmt: skip
    title = values.get("title", "")
    row.name = full_name(_TITLE_KEYS.get(title), values.get("first_name", ""),
                         values.get("last_name", ""), title)  # fmt: skip
    return row


def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lookup(column, values: list[str], *extra) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(values))):
        statement = select(column, *extra).where(column.in_(chunk))
        for value, user_id in db.session.execute(statement):
            found.setdefault(value, user_id)
    return found


def preview(cohort: Cohort, data: bytes, filename: str) -> Preview:
    """Read and check every row; nothing is written."""
    header, body = read_table(data, filename)
    positions = map_columns(header)
    rows = []
    for offset, cells in enumerate(body):
        values = {key: (cells[i].strip() if i < len(cells) else "") for key, i in positions.items()}
        rows.append(check_row(offset + 2, values))
    _mark_duplicates(rows)
    _match_existing(cohort, rows)
    return Preview(rows, header)


def _identity(row: Row) -> list[tuple[str, str]]:
    values = row.values
    keys = []
    if values.get("national_id"):
        keys.append(("national_id", normalize_national_id(values["national_id"])))
    if values.get("email"):
        keys.append(("email", normalize_email(values["email"])))
    if values.get("mobile"):
        keys.append(("mobile", normalize_mobile(values["mobile"])))
    return keys


def _mark_duplicates(rows: list[Row]) -> None:
    seen: dict[tuple[str, str], int] = {}
    labels = {"national_id": _l("national ID"), "email": _l("e-mail"), "mobile": _l("mobile")}
    for row in rows:
        if row.kind == ERROR:
            continue
        for key in _identity(row):
            if key in seen:
                row.fail(_("Same %(what)s as row %(row)s.", what=labels[key[0]], row=seen[key]))
                break
        for key in _identity(row):
            seen.setdefault(key, row.number)


def _match_existing(cohort: Cohort, rows: list[Row]) -> None:
    """Find who is already known, by ID hash, then e-mail, then mobile number."""
    good = [row for row in rows if row.kind != ERROR]
    hashes = {row.number: national_id_hash(row.values["national_id"]) for row in good}
    by_hash = _lookup(MemberProfile.national_id_hash, list(hashes.values()), MemberProfile.user_id)
    for value, user_id in _lookup(
        RosterRecord.national_id_hash, list(hashes.values()), RosterRecord.user_id
    ).items():
        by_hash.setdefault(value, user_id)
    emails = [normalize_email(r.values["email"]) for r in good if r.values.get("email")]
    by_email = _lookup(User.email, emails, User.id)
    mobiles = [normalize_mobile(r.values["mobile"]) for r in good if r.values.get("mobile")]
    by_mobile = _lookup(MemberProfile.phone_mobile, mobiles, MemberProfile.user_id)
    for value, user_id in _lookup(RosterRecord.mobile, mobiles, RosterRecord.user_id).items():
        by_mobile.setdefault(value, user_id)
    for row in good:
        row.user_id = (
            by_hash.get(hashes[row.number])
            or by_email.get(normalize_email(row.values.get("email", "")))
            or by_mobile.get(normalize_mobile(row.values.get("mobile", "")))
        )
        if row.user_id:
            row.kind = MATCHED
    matched = [row.user_id for row in good if row.user_id]
    in_cohort = set()
    for chunk in _chunks(matched):
        in_cohort.update(
            db.session.scalars(
                select(CohortMember.user_id).where(
                    CohortMember.cohort_id == cohort.id, CohortMember.user_id.in_(chunk)
                )
            )
        )
    for row in good:
        row.already_in_cohort = row.user_id in in_cohort


# ---------------------------------------------------------------- batches


def _fernet() -> Fernet:
    return Fernet(current_app.config["FIELD_ENCRYPTION_KEY"].encode())


def save_batch(actor: User, cohort: Cohort, data: bytes, filename: str,
               result: Preview) -> ImportBatch:  # fmt: skip
    """Keep the previewed file, encrypted, until the coordinator commits it."""
    batch = ImportBatch(
        cohort_id=cohort.id, created_by_id=actor.id, filename=filename[:255],
        data_encrypted=_fernet().encrypt(data).decode(),
        summary={kind: result.count(kind) for kind in (NEW, MATCHED, ERROR)},
    )  # fmt: skip
    db.session.add(batch)
    # A list previewed but never imported does not keep its people's data for long.
    db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.status == "previewed", ImportBatch.created_at < utcnow() - BATCH_KEPT)
        .values(data_encrypted=None)
    )
    db.session.flush()
    detail = f"cohort {cohort.id} batch {batch.id} {batch.summary}"
    audit.record(actor, "cohort.import_previewed", cohort, detail=detail, commit=False)
    db.session.commit()
    return batch


def batch_data(batch: ImportBatch) -> bytes:
    if batch.status == "committed":
        raise ImportProblem(_("This upload was already imported. Upload the file again."))
    if batch.data_encrypted is None:
        raise ImportProblem(_("This upload has expired. Upload the file again."))
    return _fernet().decrypt(batch.data_encrypted.encode())


def _create_person(actor: User, row: Row) -> User:
    values = row.values
    email = normalize_email(values.get("email", ""))
    user = User(
        email=email or placeholder_email(),
        # Never a valid hash: the person chooses a password through their invitation.
        password_hash=f"!invited-{secrets.token_hex(16)}",
        display_name=row.name,
    )
    db.session.add(user)
    db.session.flush()
    title = values.get("title") or None
    db.session.add(
        RosterRecord(
            user_id=user.id,
            title=_TITLE_KEYS.get(title or "", title),
            first_name_th=values["first_name"],
            last_name_th=values["last_name"],
            national_id_encrypted=encrypt_national_id(values["national_id"]),
            national_id_hash=national_id_hash(values["national_id"]),
            mobile=normalize_mobile(values.get("mobile", "")) or None,
            position=values.get("position") or None,
            agency=values.get("agency") or None,
            province_code=_province_code(values.get("province", "")),
            member_type=MEMBER_TYPES.get(values.get("member_type", "")),
            no_email=not email,
            imported_by_id=actor.id,
        )
    )
    return user


def commit_batch(actor: User, batch: ImportBatch) -> dict:
    """Import the batch's valid rows in one transaction; rows in error are left out.

    The file is checked again (someone may have been added since the preview), so
    two commits of the same file add nobody the second time.
    """
    if batch.status == "committed":
        raise ImportProblem(_("This upload was already imported. Upload the file again."))
    cohort = batch.cohort
    result = preview(cohort, batch_data(batch), batch.filename)
    member_ids = set(
        db.session.scalars(
            select(NetworkMembership.user_id).where(
                NetworkMembership.network_id == cohort.network_id
            )
        )
    )
    created, added, new_users = 0, 0, []
    try:
        for row in result.rows:
            if row.kind == ERROR:
                continue
            if row.kind == NEW:
                user = _create_person(actor, row)
                new_users.append(user)
                row.user_id = user.id
                created += 1
            if row.user_id not in member_ids:
                db.session.add(
                    NetworkMembership(
                        network_id=cohort.network_id, user_id=row.user_id, status=APPROVED,
                        member_type=MEMBER_TYPES.get(row.values.get("member_type", ""), "citizen"),
                        agency=row.values.get("agency") or "-", source="import",
                        decided_at=utcnow(), decided_by_id=actor.id,
                    )
                )  # fmt: skip
                member_ids.add(row.user_id)
            is_new = add_member(actor, cohort, row.user_id, commit=False)[1]
            added += is_new
        batch.status, batch.committed_at, batch.data_encrypted = "committed", utcnow(), None
        batch.summary = {**batch.summary, "created": created, "added": added}
        audit.record(actor, "cohort.import_committed", cohort,
               detail=f"cohort {cohort.id} batch {batch.id}: {created} new, {added} added",
               commit=False)  # fmt: skip
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    send_invitations(cohort, [u for u in new_users if not u.email.endswith("@" + NO_EMAIL_DOMAIN)])
    return {"created": created, "added": added, "errors": result.count(ERROR)}


def error_file(result: Preview) -> bytes:
    """The rows in error, as the file had them, with their row number and reasons."""
    headers = [_("Row"), *result.columns, _("Reason")]
    keys = list(COLUMNS)
    rows = []
    for row in result.errors:
        original = [row.values.get(key, "") for key in keys]
        rows.append([row.number, *original, " ".join(row.reasons)])
    headers = [_("Row"), *(COLUMNS[key][0] for key in keys), _("Reason")]
    return csv_bytes(headers, rows)


# The template's example row carries a national ID no real person has (a valid check digit, so
# the example shows the format); a file uploaded with the example left in is told so.
TEMPLATE_EXAMPLE_ID = "1100000000016"


def template_file() -> bytes:
    """The CSV to fill in: the headers and one example row."""
    example = ["นาง", "สมศรี", "ใจงาม", TEMPLATE_EXAMPLE_ID, "somsri@example.org", "0812345678",
               "อาสาสมัคร", "ชุมชนวัดโสมนัส", "กรุงเทพมหานคร", "ผู้นำชุมชน/อาสาสมัคร"]  # fmt: skip
    return csv_bytes([main for main, _others in COLUMNS.values()], [example])


def roster_login_names(kind: str, value: str):
    """The members an imported list gave this mobile number or national-ID hash: they log in
    with it (accepting their invitation) before they have a member profile."""
    column = RosterRecord.national_id_hash if kind == "national-id" else RosterRecord.mobile
    return select(RosterRecord.user_id).where(column == value)


def connect() -> None:
    if roster_login_names not in accounts_services.LOGIN_NAME_SOURCES:
        accounts_services.LOGIN_NAME_SOURCES.append(roster_login_names)


# ---------------------------------------------------------------- invitations


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="cohort-invitation")


def invitation_link(user: User) -> str:
    """A one-time link to choose a password, on the public address (never the request's host).

    It carries the end of the current password hash, so it stops working once used.
    """
    token = _serializer().dumps({"id": user.id, "h": user.password_hash[-12:]})
    return f"{current_app.config['PUBLIC_URL']}/coordination/invitation/{token}"


def user_from_invitation(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or user.password_hash[-12:] != data.get("h") or not user.active:
        return None
    return user


def is_invited(user: User) -> bool:
    """The person has not chosen a password yet."""
    return user.password_hash.startswith("!invited-")


def send_invitations(cohort: Cohort, users: list[User]) -> None:
    """E-mail each new member their one-time link, outside the request (a slow mail server
    never holds the coordinator's page)."""
    version = cohort.course_version
    course = version.title_th if version else ""
    messages = [
        (user.email,
         _("Invitation to the course %(course)s", course=course),
         _("Hello %(name)s,\n\nYou have been enrolled in %(cohort)s of the course "
           "%(course)s. Choose your password here to start learning:\n%(link)s\n\n"
           "The link works once and for 30 days.", name=user.display_name,
           cohort=cohort.name, course=course, link=invitation_link(user)))
        for user in users
    ]  # fmt: skip
    if messages:
        run_later(send_many, messages)


def uninvited_without_email(viewer_members_query) -> list[tuple[User, str, str | None]]:
    """Members of the (scoped) query with no e-mail who have not chosen a password: each
    with their one-time link and mobile number (a log-in name), for the printable list."""
    rows = db.session.execute(
        select(User, RosterRecord.mobile)
        .join(RosterRecord, RosterRecord.user_id == User.id)
        .where(RosterRecord.no_email.is_(True), User.password_hash.startswith("!invited-"))
        .where(User.id.in_(viewer_members_query))
        .order_by(User.display_name)
    )
    return [(user, invitation_link(user), mobile) for user, mobile in rows]


def roster_mobile(user: User) -> str | None:
    """The mobile number the imported list gave for ``user`` (a log-in name), if any."""
    return db.session.scalar(select(RosterRecord.mobile).where(RosterRecord.user_id == user.id))
