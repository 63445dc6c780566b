"""Benchmark: render and store certificates in one process (run with `make bench`).

Prints the figures; the last lines read
certificates_per_second=<n> median_ms=<n> max_kb=<n>
weasyprint_default_ms=<n> speedup=<n>x

The comparison renders the same certificate's HTML in the same run with WeasyPrint's
default settings (no shared font configuration or image cache, its own image optimisation,
the Sarabun fonts as they ship), so a busy machine slows both alike.
"""

from __future__ import annotations

import statistics
import time

import fontpkg_sarabun
from sqlalchemy import select
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from learnhub.accounts.models import User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.credentials import render, services
from learnhub.credentials.models import Certificate
from learnhub.extensions import db

COUNT = 200
DEFAULT_COUNT = 20


class _FullFonts(URLFetcher):
    """The app's resources, with the fonts untouched: what WeasyPrint would get by default."""

    def fetch(self, url, headers=None):
        if url.startswith("font:"):
            data = (fontpkg_sarabun.ROOT / "files" / url[5:]).read_bytes()
            return URLFetcherResponse(url, data, {"Content-Type": "font/ttf"})
        data, mime = render.fetch_resource(url)
        return URLFetcherResponse(url, data, {"Content-Type": mime})


def _weasyprint_default_ms(certificate) -> tuple[float, int]:
    data = services.certificate_data(certificate, services.current_signatory()[2])
    settings = render.CERTIFICATE_TEMPLATES[certificate.template]
    html = render.render_html(settings["file"], {**data, "numerals": settings["numerals"]})
    HTML(string=html, url_fetcher=_FullFonts()).write_pdf()
    timings = []
    for _ in range(DEFAULT_COUNT):
        one = time.perf_counter()
        pdf = HTML(string=html, url_fetcher=_FullFonts()).write_pdf()
        timings.append((time.perf_counter() - one) * 1000)
    return statistics.median(timings), len(pdf)


def test_render_and_store_200_certificates(app, course_folder):
    import_path(course_folder(quizzes=True).path)
    version = db.session.scalar(select(Course)).current_version
    db.session.add_all(
        User(email=f"b{i}@bench.test", password_hash="x", display_name=f"ผู้เรียน ทดสอบที่ {i}")
        for i in range(COUNT + 1)
    )
    db.session.commit()
    users = db.session.scalars(select(User).order_by(User.id)).all()
    services.issue(users[0], version)  # warm up: the font subset is made once per process

    timings = []
    started = time.perf_counter()
    for user in users[1:]:
        one = time.perf_counter()
        services.issue(user, version)
        timings.append((time.perf_counter() - one) * 1000)
    elapsed = time.perf_counter() - started

    sizes = db.session.scalars(select(Certificate.pdf_size)).all()
    assert len(sizes) == COUNT + 1
    per_second = COUNT / elapsed
    print(f"\n{COUNT} certificates rendered, stored and recorded on {db.engine.dialect.name}: "
          f"{elapsed:.2f} s; p95 {sorted(timings)[int(COUNT * 0.95)]:.1f} ms; "
          f"mean size {statistics.mean(sizes) / 1024:.1f} KB")  # fmt: skip
    print(f"certificates_per_second={per_second:.1f} median_ms={statistics.median(timings):.1f} "
          f"max_kb={max(sizes) / 1024:.1f}")  # fmt: skip
    default_ms, default_size = _weasyprint_default_ms(db.session.scalar(select(Certificate)))
    print(f"weasyprint_default_ms={default_ms:.1f} default_kb={default_size / 1024:.1f} "
          f"speedup={default_ms / statistics.median(timings):.1f}x")  # fmt: skip
