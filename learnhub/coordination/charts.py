"""Charts of the learning-gain report and the programme overview, drawn on the server as SVG.

Why pygal: it is a pure-Python library made for SVG (kept up: 3.1 in 2026, no
compiled dependencies), it writes text as ``<text>`` in the page's own font
(Sarabun, served by the site: nothing fetched from elsewhere) and gives each
chart a ``<title>`` and a ``<desc>``. matplotlib would do the same with
``svg.fonttype: none`` but brings a large compiled stack and draws with its own
font metrics, for charts this simple.

pygal also writes a ``<script>`` holding its tooltip configuration even with
``js=[]``, and comments naming its website. ``clean_svg`` keeps only the
elements and attributes a static chart needs (no script, no event handler, no
link, no ``url()`` or ``@import`` in styles), so the SVG can be inlined in the
page and in the PDF. Every chart comes with a data table beside it (the
templates show it) and an ``aria-label``; the chart is role="img".
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses only SVG this module just drew
from collections.abc import Sequence

import pygal
from flask_babel import gettext as _
from markupsafe import Markup
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
_ALLOWED_ELEMENTS = {
    "svg", "g", "defs", "style", "title", "desc", "rect", "path", "text", "tspan",
    "line", "circle", "polyline", "polygon",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "d", "points", "transform", "fill", "stroke", "stroke-width", "style",
    "text-anchor", "dominant-baseline", "role", "aria-label", "aria-labelledby", "type",
    "font-size", "font-family", "font-weight", "opacity", "fill-opacity", "stroke-opacity",
}  # fmt: skip
_UNSAFE_CSS = re.compile(r"@import|url\s*\(|expression\s*\(|javascript:", re.IGNORECASE)

PRE_COLOUR, POST_COLOUR = "#8a9099", "#0b4f8a"  # grey before, the site's blue after
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#c9d1d9",
    opacity="1",
    opacity_hover="1",
    colors=(PRE_COLOUR, POST_COLOUR, "#14632f", "#a4161a", "#f5a400"),
    font_family='"Sarabun", "Noto Sans Thai", "Tahoma", sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    guide_stroke_dasharray="1,5",
    major_guide_stroke_dasharray="1,5",
)


class UnsafeSvg(ValueError):
    """An SVG held something a static chart must not have."""


def clean_svg(svg: str) -> str:
    """The SVG with only static drawing left: no script, handler, link or outside reference."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)  # noqa: S314  # nosec B314 - pygal's own output, no DTD/entities

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    if local(root.tag) != "svg":
        raise UnsafeSvg("not an SVG")
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or local(child.tag) not in _ALLOWED_ELEMENTS:
                parent.remove(child)
    for element in root.iter():
        for name in list(element.attrib):
            value = element.attrib[name]
            if local(name) not in _ALLOWED_ATTRIBUTES or _UNSAFE_CSS.search(value):
                del element.attrib[name]
        if local(element.tag) == "style" and element.text and _UNSAFE_CSS.search(element.text):
            element.text = ""  # a chart's own styles never need it: drop them whole
    return ET.tostring(root, encoding="unicode")


def _finish(chart: pygal.graph.graph.Graph, description: str) -> Markup:
    """Render, clean and label a chart so it can be inlined in HTML and PDF.

    The root gets the chart's ``<title>`` (pygal's) and a ``<desc>`` saying in
    words what it shows, both named by ``aria-labelledby``; pygal's per-bar
    ``<desc>`` elements (tooltip coordinates) would only be noise to a screen
    reader and go.
    """
    root = ET.fromstring(clean_svg(chart.render(is_unicode=True)))  # noqa: S314  # nosec B314
    chart_id = root.get("id", "chart")
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}desc":
                parent.remove(child)
    title = root.find(f"{{{SVG_NS}}}title")
    if title is None:
        title = ET.Element(f"{{{SVG_NS}}}title")
        root.insert(0, title)
    title.set("id", f"{chart_id}-title")
    desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{chart_id}-desc"})
    desc.text = description
    root.insert(list(root).index(title) + 1, desc)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704  # nosec B704 - cleaned SVG


def _chart(kind, title: str, **options) -> pygal.graph.graph.Graph:
    return kind(
        js=[],
        disable_xml_declaration=True,
        style=STYLE,
        title=title,
        width=options.pop("width", 720),
        height=options.pop("height", 360),
        show_legend=True,
        legend_at_bottom=True,
        print_values=False,
        no_data_text=str(_("No data yet")),  # pygal's own words would be English
        **options,
    )


def score_distribution(
    bands: Sequence[str],
    pre_counts: Sequence[int],
    post_counts: Sequence[int],
    *,
    title: str,
    pre_label: str,
    post_label: str,
    description: str,
) -> Markup:
    """Side-by-side bars: how many members scored in each band, before and after."""
    top = max([*pre_counts, *post_counts, 1])
    step = max(1, math.ceil(top / 8))
    # Counts are whole people: whole-number axis labels only.
    chart = _chart(pygal.Bar, title, y_labels=list(range(0, top + step, step)))
    chart.x_labels = list(bands)
    chart.add(pre_label, list(pre_counts))
    chart.add(post_label, list(post_counts))
    return _finish(chart, description)


def question_bars(
    labels: Sequence[str],
    pre: Sequence[float | None],
    post: Sequence[float | None],
    *,
    title: str,
    pre_label: str,
    post_label: str,
    description: str,
) -> Markup:
    """Horizontal bars per question (or module): facility before and after, 0–100 %."""
    height = max(240, 70 + 34 * len(labels))
    chart = _chart(pygal.HorizontalBar, title, height=height, range=(0, 100), truncate_label=28)
    # pygal stacks horizontal bars from the bottom: reversed, the first label is on top,
    # in the order of the table beside the chart.
    chart.x_labels = list(reversed(labels))
    chart.add(pre_label, list(reversed(pre)))
    chart.add(post_label, list(reversed(post)))
    return _finish(chart, description)


def grouped_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    description: str,
) -> Markup:
    """Bars of several named series per label (the overview's courses or networks)."""
    height = max(240, 70 + 30 * len(labels) * max(1, len(series)) // 2)
    chart = _chart(pygal.HorizontalBar, title, height=height, truncate_label=30)
    chart.x_labels = list(reversed(labels))  # first label on top, as in question_bars
    for name, values in series:
        chart.add(name, list(reversed(values)))
    return _finish(chart, description)
