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

Text layer (copy, search, screen readers): HarfBuzz's Thai shaper splits sara am
(U+0E33 ำ) into nikhahit + sara aa *before* the font is consulted, so "ทำ" is
drawn with the same sara aa glyph as "ทา". A PDF ToUnicode CMap maps each glyph
to one text, and WeasyPrint fills it with the first cluster each glyph is seen
in, so either every ำ read as า ("จานวน") or every า read as ำ. We therefore
give the sara aa after a nikhahit its own glyph (same outline, chosen by a ccmp
rule added to the subset font), and after each PDF is built we rewrite the
ToUnicode entries that disagree with what each Sarabun glyph stands for: that
glyph reads ำ, the nikhahit (alone or fused with a tone mark) reads nothing or
the tone mark, every other glyph its own characters.
"""

from __future__ import annotations

import base64
import copy
import io
import mimetypes
import re
import traceback
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote

import fontpkg_sarabun
import pydyf
import segno
from flask_babel import lazy_gettext as _l
from fontTools import subset
from fontTools.otlLib import builder as otl
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from weasyprint import CSS, HTML
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
    "standard": {
        "file": "certificate_standard.html",
        "numerals": "thai",
        "label": _l("Formal, with Thai numerals"),
    },
    "modern": {
        "file": "certificate_modern.html",
        "numerals": "arabic",
        "label": _l("Modern, with Arabic numerals"),
    },
}


class FetchRefused(ValueError):
    """A template asked for a resource outside the allowed set."""


class CertificateTemplateError(Exception):
    """A certificate template is broken; the message says where, for the admin."""


NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
# Marks HarfBuzz moves the nikhahit of a sara am in front of (hb-ot-shaper-thai.cc).
_ABOVE_MARKS = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E38), *range(0x0E47, 0x0E4F))}


@cache
def _prepared_font(name: str) -> tuple[bytes, dict[int, tuple[str, ...]], int]:
    """Sarabun subset: its bytes, what each glyph id reads as, its glyph count."""
    font = TTFont(fontpkg_sarabun.ROOT / "files" / name)
    options = subset.Options()
    options.layout_features = ["*"]  # Thai mark positioning (GPOS) and ligatures (GSUB)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_CODEPOINTS)
    subsetter.subset(font)
    texts = _glyph_texts(font)
    _split_sara_aa(font, texts)
    glyph_ids = font.getReverseGlyphMap()
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), {glyph_ids[g]: tuple(t) for g, t in texts.items()}, len(glyph_ids)


def subset_font(name: str) -> bytes:
    """Sarabun reduced to the characters a certificate prints, layout tables kept."""
    return _prepared_font(name)[0]


def _glyph_texts(font: TTFont) -> dict[str, list[str]]:
    """The texts each glyph can stand for (the first is preferred): its characters
    in the cmap, then what GSUB single, alternate and ligature rules make of them."""
    texts: dict[str, list[str]] = {}
    for codepoint, glyph in sorted(font.getBestCmap().items()):
        texts.setdefault(glyph, []).append(chr(codepoint))
    rules: list[tuple[str, list[str]]] = []  # (output glyph, input glyphs)
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            if isinstance(table, ot.SingleSubst):
                rules += [(out, [glyph]) for glyph, out in table.mapping.items()]
            elif isinstance(table, ot.AlternateSubst):
                rules += [(o, [g]) for g, outs in table.alternates.items() for o in outs]
            elif isinstance(table, ot.LigatureSubst):
                for first, ligatures in table.ligatures.items():
                    rules += [(lig.LigGlyph, [first, *lig.Component]) for lig in ligatures]
    changed = True
    while changed:  # texts only grow, from a finite set: this ends
        changed = False
        for out, inputs in rules:
            if all(glyph in texts for glyph in inputs):
                text = "".join(texts[glyph][0] for glyph in inputs)
                if text not in texts.setdefault(out, []):
                    texts[out].append(text)
                    changed = True
    return texts


def _split_sara_aa(font: TTFont, texts: dict[str, list[str]]) -> None:
    """Draw the sara aa of a sara am with a glyph of its own, so the text layer can say ำ.

    HarfBuzz turns ำ into nikhahit + sara aa (the nikhahit moved before any tone mark,
    then fused with it by Sarabun's ccmp), so the two spellings share the sara aa glyph.
    A ccmp rule, run after Sarabun's own, swaps a sara aa that follows a nikhahit (or a
    nikhahit and one above mark) for an identical copy. The copy reads ำ; the nikhahit
    glyphs read nothing (their tone mark if fused), as their sound is the copy's.
    """
    aa = font.getBestCmap()[ord(SARA_AA)]
    am_aa = f"{aa}.am"
    nikhahits = sorted(g for g, t in texts.items() if any(NIKHAHIT in text for text in t))
    above = sorted(g for g, t in texts.items() if t[0] in _ABOVE_MARKS)
    order = [*font.getGlyphOrder(), am_aa]
    font.setGlyphOrder(order)
    font["glyf"].setGlyphOrder(order)
    font["glyf"][am_aa] = copy.deepcopy(font["glyf"][aa])
    font["hmtx"][am_aa] = font["hmtx"][aa]
    classes = font["GDEF"].table.GlyphClassDef if "GDEF" in font else None
    if classes and aa in classes.classDefs:
        classes.classDefs[am_aa] = classes.classDefs[aa]

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    lookups.append(otl.buildLookup([otl.buildSingleSubstSubtable({aa: am_aa})]))
    swap = len(lookups) - 1
    glyph_map = font.getReverseGlyphMap()

    def after(*backtrack: list[str]) -> ot.ChainContextSubst:
        rule = ot.ChainContextSubst()
        rule.Format = 3
        rule.BacktrackGlyphCount = len(backtrack)  # nearest glyph first
        rule.BacktrackCoverage = [otl.buildCoverage(g, glyph_map) for g in backtrack]
        rule.InputGlyphCount = 1
        rule.InputCoverage = [otl.buildCoverage([aa], glyph_map)]
        rule.LookAheadGlyphCount = 0
        rule.LookAheadCoverage = []
        record = ot.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, swap
        rule.SubstCount, rule.SubstLookupRecord = 1, [record]
        return rule

    lookups.append(otl.buildLookup([after(nikhahits), after(above, nikhahits)]))
    gsub.LookupList.LookupCount = len(lookups)
    ccmp = [r.Feature for r in gsub.FeatureList.FeatureRecord if r.FeatureTag == "ccmp"]
    if not ccmp:
        raise RuntimeError("Sarabun has no ccmp feature to split sara am in")
    for feature in ccmp:  # the last lookup: after Sarabun's nikhahit + tone ligatures
        feature.LookupListIndex.append(len(lookups) - 1)
        feature.LookupCount = len(feature.LookupListIndex)

    texts[am_aa] = [SARA_AM]
    for glyph in nikhahits:
        texts[glyph] = list(dict.fromkeys(text.replace(NIKHAHIT, "") for text in texts[glyph]))


_TO_UNICODE_ENTRY = re.compile(rb"<([0-9a-f]{4})> <([0-9a-f]*)>")


def _correct_entry(line: bytes, texts: dict[int, tuple[str, ...]]) -> bytes:
    """One ``<glyph> <text>`` line of a ToUnicode CMap, with the glyph's own text."""
    entry = _TO_UNICODE_ENTRY.fullmatch(line) if isinstance(line, bytes) else None
    if not entry or not (valid := texts.get(int(entry[1], 16))):
        return line
    if bytes.fromhex(entry[2].decode()).decode("utf-16-be") in valid:
        return line
    return b"<%s> <%s>" % (entry[1], valid[0].encode("utf-16-be").hex().encode())


def correct_text_layer(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: fix the ToUnicode CMaps of our Sarabun fonts.

    WeasyPrint gives each glyph the text of the first cluster it appears in (the
    whole cluster to its last glyph, nothing to the others), which is wrong for the
    glyphs of a sara am; we replace every entry that is not one of the glyph's texts.
    """
    tables = {}
    for font in document.fonts.values():
        if font.family == "Sarabun":
            _, texts, glyph_count = _prepared_font(
                "Sarabun-Bold.ttf" if font.weight >= 600 else "Sarabun-Regular.ttf"
            )
            if font.glyph_count == glyph_count:  # our subset, not a system Sarabun
                tables[font.name] = texts
    for font_dict in pdf.objects:
        if isinstance(font_dict, pydyf.Dictionary) and font_dict.get("Type") == "/Font":
            texts = tables.get(font_dict.get("BaseFont"))
            if texts and "ToUnicode" in font_dict:
                cmap = pdf.objects[int(font_dict["ToUnicode"].split()[0])]
                cmap.stream = [_correct_entry(line, texts) for line in cmap.stream]


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


def _environment(directory: Path = TEMPLATE_DIR) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(str(directory)), autoescape=True, undefined=StrictUndefined
    )
    environment.filters["thai_date"] = format_thai_date
    environment.filters["thai_digits"] = thai_digits
    return environment


_env = _environment()
_font_config = FontConfiguration()
# Parsed images (the emblem, the signature) kept across documents of this process.
_image_cache: dict = {}


def qr_svg(url: str) -> str:
    """The verification URL as a QR code (segno), ready to put in the page.

    (The name is kept for the templates' ``qr_svg`` slot.) It is a small PNG, one module
    four pixels and drawn without smoothing, not an inline SVG: WeasyPrint parsed and
    drew the SVG's path anew for every document, about a fifth of a certificate's time;
    a PNG is decoded and embedded in well under a millisecond, and reads the same.
    """
    uri = segno.make(url, error="m").png_data_uri(scale=4, border=2, dark="#0b2545")
    return Markup('<img class="qr" src="%s" alt="">') % uri


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


_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)


@lru_cache(maxsize=64)
def _stylesheet(text: str) -> CSS:
    """A template's style sheet, parsed (and its @font-face fonts loaded) once per process."""
    return CSS(string=text, url_fetcher=SafeFetcher(), font_config=_font_config)


def html_to_pdf(html: str) -> bytes:
    # The <style> blocks are the same in every document of a template: parsing them anew
    # (rules, selectors, @font-face) took about a tenth of a certificate's time. They are
    # taken out and given back parsed, as author style sheets after the document's own,
    # which is where they stood (a template holds its style in <head>).
    sheets = [_stylesheet(text) for text in _STYLE.findall(html)]
    html = _STYLE.sub("", html)
    # optimize_images would cost about 25 ms a document for images that are already small SVGs.
    return HTML(string=html, url_fetcher=SafeFetcher()).write_pdf(
        stylesheets=sheets, font_config=_font_config, cache=_image_cache,
        finisher=correct_text_layer,
    )  # fmt: skip


def render_certificate(template: str, data: dict) -> bytes:
    """A certificate PDF from plain data (see services.certificate_data)."""
    settings = CERTIFICATE_TEMPLATES.get(template) or CERTIFICATE_TEMPLATES["standard"]
    return html_to_pdf(render_html(settings["file"], {**data, "numerals": settings["numerals"]}))


def render_transcript(data: dict) -> bytes:
    return html_to_pdf(render_html("transcript.html", data))


@cache
def _document_environment(directory: Path) -> SandboxedEnvironment:
    return _environment(directory)


def render_document(directory: Path, template_file: str, data: dict) -> bytes:
    """Another domain's printable document (a sign-in sheet...), in the same sandbox and
    with the same fetcher as certificates: plain data in, PDF bytes out."""
    return html_to_pdf(_document_environment(directory).get_template(template_file).render(**data))
