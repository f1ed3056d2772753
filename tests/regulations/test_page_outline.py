"""The regulation page's outline: chapters that fold when the text is long, a table of contents in sentence
case, the document's own capitals on the page and in the print view."""

import re

from django.urls import reverse

from tests.regulations.factories import draft_text, import_text


def chapters_of(page: str) -> list[str]:
    return re.findall(r'<details class="chapter" id="[^"]+"( open)?>', page)


def test_a_long_regulation_opens_folded_and_lists_its_titles_in_sentence_case(login, staff_a, sample):
    page = login(staff_a).get(sample.get_absolute_url()).content.decode()
    assert chapters_of(page) == ["", "", ""], "17 articles in 3 chapters open folded"
    assert "Mở tất cả" in page and "Thu gọn tất cả" in page
    toc = page.split('aria-label="Mục lục"', 1)[1].split("</nav>", 1)[0]
    assert "Chương I. Những quy định chung" in toc and "NHỮNG QUY ĐỊNH CHUNG" not in toc
    text = page.split('aria-label="Nội dung quy chế"', 1)[1]
    assert "NHỮNG QUY ĐỊNH CHUNG" in text, "the document keeps its own case"
    assert sample.title in page and sample.title == sample.title.upper()
    assert "<title>Phối hợp công tác giữa Đoàn đại biểu Quốc hội tỉnh" in page
    printed = login(staff_a).get(sample.get_absolute_url(), {"format": "print"}).content.decode()
    assert "NHỮNG QUY ĐỊNH CHUNG" in printed and sample.title in printed


def test_a_short_regulation_opens_unfolded(login, staff_a, province):
    regulation = import_text(draft_text(articles=4), province.unit)
    page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
    assert chapters_of(page) == [" open"]


def test_the_register_lists_the_title_in_sentence_case(login, staff_a, sample):
    page = login(staff_a).get(reverse("regulations:list")).content.decode()
    assert "Phối hợp công tác giữa Đoàn đại biểu Quốc hội tỉnh, Thường trực Hội đồng nhân dân tỉnh" in page
    assert sample.title not in page
