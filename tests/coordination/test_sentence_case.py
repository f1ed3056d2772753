"""coordination.text.sentence_case on the titles of the real regulations (regulations/fixtures/, copies of
shared/fixtures/regulations/), which Decree 30 writes in capitals, and the template filter that lists them."""

from pathlib import Path

import pytest
from django.template import Context, Template

from coordination.text import sentence_case
from regulations.parsing import parse_regulation

FIXTURES = Path(__file__).resolve().parents[2] / "regulations" / "fixtures"


def parsed(name: str):
    return parse_regulation((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "quy-che-4-ben-hoa-phong.txt",
            "Phối hợp công tác giữa Đoàn đại biểu Quốc hội tỉnh, Thường trực Hội đồng nhân dân tỉnh, Ủy ban "
            "nhân dân tỉnh và Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hòa Phong, nhiệm kỳ "
            "2026 - 2031",
        ),
        (
            "quy-che-794-2021.txt",
            "Phối hợp công tác giữa Thường trực Hội đồng nhân dân tỉnh, Ủy ban nhân dân tỉnh và Ban "
            "Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hòa Phong, nhiệm kỳ 2021 - 2026",
        ),
        (
            "quy-che-xa-phong-lac-2026.txt",
            "Phối hợp công tác giữa Thường trực Hội đồng nhân dân xã, Ủy ban nhân dân xã và Ban Thường "
            "trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Phong Lạc, nhiệm kỳ 2026 - 2031",
        ),
    ],
)
def test_a_regulations_title_in_capitals_reads_as_a_sentence(name, expected):
    title = parsed(name).title
    assert title == title.upper(), "the document writes it in capitals"
    assert sentence_case(title) == expected


def test_chapter_titles_and_signature_headings_of_the_real_texts():
    regulation = parsed("quy-che-4-ben-hoa-phong.txt")
    assert [sentence_case(c.title) for c in regulation.chapters] == [
        "Những quy định chung", "Nội dung phối hợp", "Tổ chức thực hiện",
    ]
    assert [sentence_case(p.heading) for p in regulation.parties] == [
        "TM. Đoàn đại biểu Quốc hội tỉnh",
        "TM. Thường trực HĐND tỉnh",
        "TM. Ủy ban nhân dân tỉnh",
        "TM. Ban Thường trực UBMTTQ Việt Nam tỉnh",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHƯƠNG II NỘI DUNG PHỐI HỢP", "Chương II nội dung phối hợp"),  # a Roman numeral stays one
        ("MỤC IV. GIÁM SÁT", "Mục IV. Giám sát"),
        ("VI PHẠM VỀ AN SINH XÃ HỘI", "Vi phạm về an sinh xã hội"),  # "VI" is a word here, "xã hội" no place
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("PHỐI HỢP GIỮA HĐND, UBND VÀ UBMTTQ", "Phối hợp giữa HĐND, UBND và UBMTTQ"),  # acronyms
        ("ĐOÀN ĐBQH TỈNH VÀ QUỐC HỘI", "Đoàn ĐBQH tỉnh và Quốc hội"),
        ("UỶ BAN NHÂN DÂN TỈNH", "Ủy ban nhân dân tỉnh"),  # the older tone placement
        ("QUY CHẾ SỐ 12/QCPH-ĐĐBQH NĂM 2026", "Quy chế số 12/QCPH-ĐĐBQH năm 2026"),
        ("ĐẤT ĐAI Ở XÃ PHONG LẠC", "Đất đai ở xã Phong Lạc"),
        ("ĐIỀU 5. ĐẶT LỊCH", "Điều 5. Đặt lịch"),
        ("TM. ỦY BAN KIỂM TRA", "TM. Ủy ban kiểm tra"),
    ],
)
def test_what_keeps_its_capitals(text, expected):
    assert sentence_case(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Phối hợp trong kỳ họp HĐND tỉnh", "Điều 5. Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh", "", "—"],
)
def test_a_title_already_in_mixed_case_is_left_as_written(text):
    assert sentence_case(text) == text


def test_the_filter_lists_a_title_in_sentence_case():
    rendered = Template("{% load titles %}{{ t|sentence_case }}|{{ none|sentence_case }}").render(
        Context({"t": "NHỮNG QUY ĐỊNH CHUNG", "none": None})
    )
    assert rendered == "Những quy định chung|"
