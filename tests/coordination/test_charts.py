"""Server-drawn SVG charts: static drawing only, labelled for screen readers."""

import xml.etree.ElementTree as ET  # noqa: S405 - our own charts

import pytest

from learnhub.coordination import charts

NS = {"svg": charts.SVG_NS}


def _distribution(**overrides):
    options = dict(
        title="การกระจายคะแนน",
        pre_label="ก่อนเรียน",
        post_label="หลังเรียน",
        description="จำนวนผู้เรียนในแต่ละช่วงคะแนน",
    )
    options.update(overrides)
    return charts.score_distribution(["0–9", "10–19"], [3, 1], [0, 4], **options)


def test_a_chart_is_an_svg_with_no_script_and_nothing_fetched():
    svg = str(_distribution())
    root = ET.fromstring(svg)  # noqa: S314
    assert root.tag == f"{{{charts.SVG_NS}}}svg"
    assert "<script" not in svg
    assert "http" not in svg.replace(charts.SVG_NS, "")
    assert "ก่อนเรียน" in svg and "หลังเรียน" in svg


def test_a_chart_names_itself_with_a_title_and_a_description():
    root = ET.fromstring(str(_distribution()))  # noqa: S314
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title.text == "การกระจายคะแนน"
    assert desc.text == "จำนวนผู้เรียนในแต่ละช่วงคะแนน"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_text_from_users_is_escaped_not_run():
    svg = str(_distribution(title='<script>alert(1)</script><a href="javascript:x">'))
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize(
    "bad",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://evil/x.css);</style>'
        '<rect style="fill:url(http://evil/p)"/><foreignObject><p>x</p></foreignObject></svg>',
    ],
)
def test_cleaning_removes_scripts_handlers_links_and_outside_references(bad):
    clean = charts.clean_svg(bad)
    for word in ("script", "onload", "javascript", "@import", "evil", "foreignObject"):
        assert word not in clean


def _height(labels):
    svg = charts.question_bars(
        labels, [10] * len(labels), [90] * len(labels),
        title="t", pre_label="a", post_label="b", description="d",
    )  # fmt: skip
    return float(ET.fromstring(str(svg)).get("viewBox").split()[3])  # noqa: S314


def test_question_bars_grow_with_the_number_of_questions():
    assert _height([f"ข้อ {i}" for i in range(30)]) > _height(["ข้อ 1"])
