"""The longest name the profile form accepts still fits its certificate, in both designs,
and its เกียรติบัตร."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from wtforms.validators import Length

from learnhub.accounts.forms import ProfileForm
from learnhub.credentials.recognitions import render_recognition
from learnhub.credentials.render import render_certificate
from learnhub.thai import full_name
from tests.credentials.conftest import pdf_text
from tests.credentials.test_render import DATA

A4_LANDSCAPE = (841.89, 595.28)  # points


def form_max(field: str) -> int:
    """The longest value the form's Length validator lets through."""
    validators = getattr(ProfileForm, field).kwargs["validators"]
    return next(v.max for v in validators if isinstance(v, Length))


def longest(text: str, field: str) -> str:
    size = form_max(field)
    return (text * size)[:size]


# A long real-looking name with break opportunities, and one that offers none.
NAMES = {
    "long words": full_name(
        "other",
        longest("พระครูสังฆรักษ์ ", "first_name_th"),
        longest("ศรีสุวรรณวิจิตรา ", "last_name_th"),
        title_other=longest("ว่าที่ร้อยตรี ", "title_other"),
    ),
    "no break anywhere": full_name(
        "other",
        longest("ฒ", "first_name_th"),
        longest("ญ", "last_name_th"),
        title_other=longest("ศ", "title_other"),
    ),
}


def words_with_boxes(
    pdf: bytes, tmp_path
) -> tuple[int, list[tuple[str, float, float, float, float]]]:
    """(pages, [(word, x0, y0, x1, y1)]) from pdftotext -bbox."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext missing: run scripts/ensure-chromium.sh (make browser)"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        [pdftotext, "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = html.count("<page ")
    words = [
        (word, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]
    return pages, words


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of printed words whose boxes intersect (zero-width marks left out)."""
    boxes = [w for w in words if w[3] - w[1] > 0.5]
    pairs = []
    for i, (a, ax0, ay0, ax1, ay1) in enumerate(boxes):
        for b, bx0, by0, bx1, by1 in boxes[i + 1 :]:
            if ax0 < bx1 - 0.5 and bx0 < ax1 - 0.5 and ay0 < by1 - 0.5 and by0 < ay1 - 0.5:
                pairs.append((a, b))
    return pairs


def widest_name(length: int) -> str:
    """A name of ``length`` characters in the widest Thai letters, with no break anywhere."""
    return ("ฒ" * length)[:length]


LONG_NAMES = pytest.mark.parametrize(
    "name",
    [*NAMES.values(), *(widest_name(n) for n in (45, 90, 150))],
    ids=[*NAMES, "widest at 45", "widest at 90", "widest at 150"],
)

# A เกียรติบัตร as credentials.recognitions.certificate_data gives it to its template.
RECOGNITION = {
    **{key: DATA[key] for key in ("issuer", "signatory_name", "signatory_position",
                                  "signature_url", "code", "verify_url", "qr_svg")},
    "title": "เกียรติบัตร", "honour": "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต ประจำปี 2569",
    "kind": "ผู้แจ้งเบาะแส", "citation": "แจ้งเบาะแสการทุจริตในการจัดซื้อจัดจ้างจนนำไปสู่การดำเนินคดี",
    "awarding_body": "ศูนย์ธรรมาภิบาลเขตดุสิต",
    "legal_basis": "พระราชบัญญัติมาตรการของฝ่ายบริหารในการป้องกันและปราบปรามการทุจริต พ.ศ. 2551",
    "awarded_on": DATA["completed_on"], "serial": "R-2569-000123",
}  # fmt: skip


@pytest.mark.parametrize("template", ["standard", "modern"])
@LONG_NAMES
def test_the_longest_name_the_form_accepts_stays_on_one_page_of_its_certificate(
    template, name, tmp_path
):
    assert_fits_one_page(render_certificate(template, {**DATA, "holder_name": name}), name,
                         tmp_path)  # fmt: skip


@LONG_NAMES
def test_the_longest_name_the_form_accepts_stays_on_one_page_of_its_recognition(name, tmp_path):
    """The เกียรติบัตร prints the name bigger than a certificate, above the honour."""
    assert_fits_one_page(render_recognition({**RECOGNITION, "holder_name": name}), name, tmp_path)


def assert_fits_one_page(pdf: bytes, name: str, tmp_path) -> None:
    pages, words = words_with_boxes(pdf, tmp_path)
    assert pages == 1
    width, height = A4_LANDSCAPE
    for word, x0, y0, x1, y1 in words:
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, word
    # Every letter of the name is printed (text beyond the page edge would be cut)...
    assert name.replace(" ", "") in re.sub(r"\s", "", pdf_text(pdf))
    # ...and nothing is printed over anything else (the signature, the code, the date).
    assert overlapping(words) == []
