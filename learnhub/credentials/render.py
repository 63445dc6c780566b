"""Render certificate and transcript PDFs with WeasyPrint, safely and fast.

Safety (as Indico does for its documents): templates render in a sandboxed
Jinja environment and get plain data, never database objects, so a template
cannot change anything; WeasyPrint's URL fetcher serves only the fonts and
images named here and refuses ``file://`` and every outside URL.

Speed: WeasyPrint spends most of a Thai certificate's time subsetting the full
Sarabun font for each document (about 160 ms). We subset Sarabun once per
process to the Thai block and the Latin characters a certificate uses (keeping
the OpenType tables that place Thai vowels and tone marks). WeasyPrint's own
per-document subsetting of that small font is then cheap: measured on one
process, about 43 ms and 17 KB per certificate, against 55 ms and 56 KB when
embedding the reduced font whole (``full_fonts=True``) and 160 ms untouched.
Parsed images are cached across documents, and WeasyPrint's image
optimisation is off: it cost about 25 ms a document for small SVGs.
"""

from __future__ import annotations

import base64
import io
import mimetypes
import traceback
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import fontpkg_sarabun
import segno
from fontTools import subset
from fontTools.ttLib import TTFont
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from learnhub.thai import format_thai_date, thai_digits

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "templates" / "credentials"
STATIC_DIR = ROOT / "static"
FONT_WEIGHTS = {"Sarabun-Regular.ttf": 400, "Sarabun-Bold.ttf": 700}
# Thai, Basic Latin, Latin-1 and the punctuation a certificate may print.
_CODEPOINTS = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x0E00, 0x0E80),
               0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x00B7,
               0x25CF, 0x2713]  # fmt: skip

# Certificate templates: the file in templates/credentials/ and how it writes digits.
CERTIFICATE_TEMPLATES = {
    "standard": {"file": "certificate_standard.html", "numerals": "thai"},
    "modern": {"file": "certificate_modern.html", "numerals": "arabic"},
}


class FetchRefused(ValueError):
    """A template asked for a resource outside the allowed set."""


class CertificateTemplateError(Exception):
    """A certificate template is broken; the message says where, for the admin."""


@cache
def subset_font(name: str) -> bytes:
    """Sarabun reduced to the characters a certificate prints, layout tables kept."""
    font = TTFont(fontpkg_sarabun.ROOT / "files" / name)
    options = subset.Options()
    options.layout_features = ["*"]  # Thai mark positioning (GPOS) and ligatures (GSUB)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_CODEPOINTS)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def fetch_resource(url: str) -> tuple[bytes, str]:
    """Serve ``font:NAME``, ``static:PATH`` and ``data:`` URLs; refuse everything else."""
    if url.startswith("font:"):
        name = url[len("font:") :]
        if name not in FONT_WEIGHTS:
            raise FetchRefused(f"unknown font {name!r}")
        return subset_font(name), "font/ttf"
    if url.startswith("static:"):
        relative = unquote(url[len("static:") :])
        path = (STATIC_DIR / relative).resolve()
        if STATIC_DIR.resolve() not in path.parents or not path.is_file():
            raise FetchRefused(f"refused static path {relative!r}")
        return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if url.startswith("data:"):
        header, _, payload = url.partition(",")
        mime = header[5:].split(";")[0] or "text/plain"
        data = (
            base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        )
        return data, mime
    raise FetchRefused(f"refused URL {url[:80]!r}: only the app's fonts and images are allowed")


class SafeFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to fetch_resource(): no file://, no network."""

    def fetch(self, url, headers=None):
        data, mime = fetch_resource(url)
        return URLFetcherResponse(url, data, {"Content-Type": mime})


def _environment() -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True, undefined=StrictUndefined
    )
    environment.filters["thai_date"] = format_thai_date
    environment.filters["thai_digits"] = thai_digits
    return environment


_env = _environment()
_font_config = FontConfiguration()
# Parsed images (the emblem, the signature) kept across documents of this process.
_image_cache: dict = {}


def qr_svg(url: str) -> str:
    """The verification URL as an SVG QR code (segno), ready to inline in the page."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, dark="#0b2545")


def _template_line(error: Exception) -> int | None:
    """The template line a runtime error happened on (Jinja maps its frames to template lines)."""
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename.startswith(
            str(TEMPLATE_DIR)
        ) or frame.f_code.co_filename.endswith(".html"):
            line = lineno
    return line


def render_html(template_file: str, data: dict) -> str:
    try:
        return _env.get_template(template_file).render(**data)
    except TemplateError as error:
        line = getattr(error, "lineno", None) or _template_line(error)
        where = f"{template_file}:{line}" if line else template_file
        raise CertificateTemplateError(f"{where}: {error}") from error


def html_to_pdf(html: str) -> bytes:
    # optimize_images would cost about 25 ms a document for images that are already small SVGs.
    return HTML(string=html, url_fetcher=SafeFetcher()).write_pdf(
        font_config=_font_config, cache=_image_cache
    )


def render_certificate(template: str, data: dict) -> bytes:
    """A certificate PDF from plain data (see services.certificate_data)."""
    settings = CERTIFICATE_TEMPLATES.get(template) or CERTIFICATE_TEMPLATES["standard"]
    return html_to_pdf(render_html(settings["file"], {**data, "numerals": settings["numerals"]}))


def render_transcript(data: dict) -> bytes:
    return html_to_pdf(render_html("transcript.html", data))
