"""Lesson Markdown becomes safe HTML with tables, images and law callouts."""

from learnhub.catalog.markdown import render_lesson


def test_script_and_raw_html_never_reach_the_page():
    html = render_lesson(
        "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[click](javascript:alert(1)) [also](JAVASCRIPT:alert(1))"
    )
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html.lower()


def test_law_citation_becomes_a_callout():
    html = render_lesson(
        "> [!LAW] มาตรา 55 พ.ร.บ. มาตรการของฝ่ายบริหารฯ พ.ศ. 2551\n> มีสิทธิได้รับรางวัล\n"
    )
    assert '<blockquote class="callout callout-law">' in html
    assert "[!LAW]" not in html
    assert "มาตรา 55 พ.ร.บ." in html


def test_an_ordinary_quote_stays_a_quote_and_classes_cannot_be_injected():
    html = render_lesson('> just a quote\n\n<blockquote class="callout">x</blockquote>')
    assert "<blockquote>" in html and "<blockquote class=" not in html


def test_tables_and_links_render_safely():
    html = render_lesson(
        "| ช่องทาง | โทร |\n|:--|--:|\n| ป.ป.ช. | 1205 |\n\n[ป.ป.ท.](https://www.pacc.go.th)"
    )
    assert "<table>" in html and "<td" in html and "1205" in html
    assert 'rel="noopener noreferrer"' in html


def test_course_images_get_their_served_address_and_outside_ones_are_left():
    html = render_lesson(
        "![แผนภาพ](images/a.png) ![x](https://example.org/b.png) ![y](../../etc/passwd)",
        lambda path: f"/courses/c/v1/assets/lessons/{path}",
    )
    assert 'src="/courses/c/v1/assets/lessons/images/a.png"' in html
    assert 'src="https://example.org/b.png"' in html
    assert "/assets/lessons/../../etc/passwd" not in html


def test_lesson_headings_sit_below_the_page_title():
    assert render_lesson("# หัวข้อ\n## ย่อย").startswith("<h2>หัวข้อ</h2>\n<h3>ย่อย</h3>")


def test_a_callout_title_stands_on_its_own_line():
    html = render_lesson("> [!SUMMARY] สรุป\n> รักษาเครือข่ายด้วย 6 วิธี\n> และสร้างผู้นำรุ่นใหม่")
    assert "<p><strong>สรุป</strong><br>\nรักษาเครือข่ายด้วย 6 วิธี\nและสร้างผู้นำรุ่นใหม่</p>" in html

    one_line = render_lesson("> [!NOTE] ข้อความบรรทัดเดียว")
    assert "<p>ข้อความบรรทัดเดียว</p>" in one_line and "<strong>" not in one_line
