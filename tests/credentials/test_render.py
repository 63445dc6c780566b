"""Rendering: Thai text and Buddhist-era dates, a QR code that reads, a locked-down fetcher."""

import datetime as dt
import shutil
import subprocess

import pytest

from learnhub.credentials.render import (
    CertificateTemplateError,
    FetchRefused,
    fetch_resource,
    qr_svg,
    render_certificate,
    render_html,
)
from tests.credentials.conftest import pdf_text, qr_codes

URL = "http://127.0.0.1:5000/verify/7K3M-Q9TD-2HXA-P4RW"
DATA = {
    "title": "วุฒิบัตร", "issuer": "LearnHub", "holder_name": "นางสาวสมหญิง รักความดี",
    "course_title": "รู้ทันการทุจริต", "version": "1.0", "hours": 6, "score": 85,
    "completed_on": dt.date(2026, 11, 21), "signatory_name": "นายสมชาย ใจดี",
    "signatory_position": "ผู้อำนวยการ", "signature_url": "static:img/signature-demo.svg",
    "serial": "LH-2569-000123", "code": "7K3M-Q9TD-2HXA-P4RW", "verify_url": URL,
    "qr_svg": qr_svg(URL), "basis": "completed_online",
}  # fmt: skip


@pytest.mark.parametrize(
    ("template", "date"),
    [("standard", "๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙"), ("modern", "21 พฤศจิกายน พ.ศ. 2569")],
)
def test_certificate_pdf_has_the_name_and_the_buddhist_era_date(template, date):
    pdf = render_certificate(template, DATA)
    text = pdf_text(pdf)
    assert "นางสาวสมหญิง รักความดี" in text
    assert date in text
    assert "LH-2569-000123" in text and "7K3M-Q9TD-2HXA-P4RW" in text
    assert len(pdf) <= 150 * 1024


@pytest.mark.parametrize("template", ["standard", "modern"])
def test_the_text_layer_keeps_sara_am(template, tmp_path):
    """HarfBuzz draws ำ as nikhahit + sara aa; copy and search must still read ำ, not า."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext missing: run scripts/ensure-chromium.sh (make browser)"
    data = {**DATA, "holder_name": "นางสาวน้ำใจ ทำดี", "signatory_position": "ผู้อำนวยการ"}
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render_certificate(template, data))
    text = subprocess.run(
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for word in ("จำนวน", "ผู้อำนวยการ", "น้ำ", "นางสาวน้ำใจ ทำดี", "การอบรม"):
        assert word in text


def test_the_qr_code_on_the_pdf_reads_as_the_verification_address():
    assert qr_codes(render_certificate("standard", DATA)) == [URL]


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "https://example.org/logo.png", "http://127.0.0.1/x",
     "static:../learnhub/config.py", "static:../../etc/passwd", "font:../../etc/passwd"],
)  # fmt: skip
def test_the_fetcher_refuses_files_and_outside_urls(url):
    with pytest.raises(FetchRefused):
        fetch_resource(url)


def test_the_fetcher_serves_the_apps_fonts_and_images():
    font, mime = fetch_resource("font:Sarabun-Regular.ttf")
    assert mime == "font/ttf" and font[:4] == b"\x00\x01\x00\x00"
    svg, mime = fetch_resource("static:img/emblem.svg")
    assert mime == "image/svg+xml" and b"<svg" in svg


def test_a_template_cannot_reach_python_internals(tmp_path, monkeypatch):
    from learnhub.credentials import render

    (tmp_path / "evil.html").write_text("{{ holder_name.__class__.__mro__ }}", encoding="utf-8")
    monkeypatch.setattr(render._env, "loader", render.FileSystemLoader(str(tmp_path)))
    render._env.cache.clear() if render._env.cache else None
    with pytest.raises(CertificateTemplateError) as caught:
        render_html("evil.html", {"holder_name": "x"})
    assert "evil.html" in str(caught.value)


def test_a_broken_template_names_its_file_and_line(tmp_path, monkeypatch):
    from learnhub.credentials import render

    (tmp_path / "broken.html").write_text("<p>\n{{ missing_value }}\n</p>", encoding="utf-8")
    monkeypatch.setattr(render._env, "loader", render.FileSystemLoader(str(tmp_path)))
    with pytest.raises(CertificateTemplateError) as caught:
        render_html("broken.html", {})
    assert "broken.html:2" in str(caught.value)
