"""The importer reads the real-world layouts and refuses what it would misread."""

import io
import time
import unicodedata

import pytest
from docx import Document

from regulations.parsing import RegulationParseError, parse_regulation, read_source
from tests.regulations.factories import SAMPLE, sample_text

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free

ARTICLE = "Điều {n}. Điều thứ {n}\n1. Nội dung khoản một.\n"


def test_it_reads_the_sample_outline():
    parsed = parse_regulation(sample_text())
    outline = parsed.outline()
    assert outline["number"] == "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
    assert outline["signed_on"] == "2026-05-06"
    assert [c["number"] for c in outline["chapters"]] == ["I", "II", "III"]
    assert outline["chapters"][1]["title"] == "NỘI DUNG PHỐI HỢP"
    assert len(parsed.articles) == 17
    article7 = next(a for a in outline["chapters"][1]["articles"] if a["number"] == "7")
    assert article7["clauses"][1] == {"number": "2", "points": ["a", "b", "c"]}
    assert [p["signer"] for p in outline["parties"]] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
    ]
    assert outline["parties"][1] == {
        "body": "TM. THƯỜNG TRỰC HĐND TỈNH",
        "signer": "Trần Thị Bình",
        "title": "CHỦ TỊCH",
    }
    assert parsed.recipients == ["Thường trực Tỉnh ủy", "Các cơ quan ký kết", "Lưu: VT"]
    assert outline["warnings"] == []


def test_a_continuation_paragraph_stays_with_its_clause():
    parsed = parse_regulation(sample_text())
    article2 = parsed.articles[1]
    assert article2.clauses[2].text.endswith("rõ hiệu quả, rõ trách nhiệm.")
    assert "hai bên.\nMỗi công việc" in article2.clauses[2].text


def test_it_proposes_obligations_with_codes_and_leads():
    obligations = {(o.article, o.clause, o.point): o for o in parse_regulation(sample_text()).obligations}
    submission = obligations[("5", "2", "")]
    assert (submission.deadline_code, submission.lead) == ("submission_due", "ubnd")
    assert (submission.rule.amount, submission.rule.direction, submission.rule.anchor) == (
        20,
        "before",
        "session_opening",
    )
    assert obligations[("5", "3", "")].deadline_code == "review_report_due"
    assert obligations[("5", "3", "")].lead == "cac ban cua hdnd"
    assert obligations[("8", "1", "")].deadline_code == "petition_answer"
    assert obligations[("6", "2", "")].rule.day_unit == "working"
    # The point inherits the lead of its clause ("UBND có trách nhiệm: … b) Cung cấp tài liệu …").
    assert obligations[("7", "2", "b")].lead == "ubnd"
    assert obligations[("5", "1", "")].cooperating_kinds == ["peoples_committee", "front_board"]
    monthly = obligations[("15", "1", "")]
    assert (monthly.rule.rule_kind, monthly.rule.day_of_month, monthly.lead) == ("monthly", 25, "ubnd")
    assert obligations[("15", "2", "")].rule.every_months == 6
    yearly = obligations[("9", "1", "")]
    assert (yearly.rule.rule_kind, yearly.rule.day_of_month, yearly.rule.month) == ("yearly", 15, 12)


def test_a_chapter_title_after_a_dash_and_sections():
    text = (
        "Số: 3/QCPH-TTHĐND-UBND\nQUY CHẾ\nPHỐI HỢP\n\n"
        "Chương I - QUY ĐỊNH CHUNG\nMục 1\nPHẠM VI\n"
        + ARTICLE.format(n=1)
        + "Mục 2 - NGUYÊN TẮC\n"
        + ARTICLE.format(n=2)
        + "CHƯƠNG II\nTỔ CHỨC THỰC HIỆN\n"
        + ARTICLE.format(n=3)
    )
    outline = parse_regulation(text).outline()
    assert outline["chapters"][0]["title"] == "QUY ĐỊNH CHUNG"
    assert outline["chapters"][0]["sections"] == [
        {"number": "1", "title": "PHẠM VI"},
        {"number": "2", "title": "NGUYÊN TẮC"},
    ]
    assert outline["chapters"][1]["title"] == "TỔ CHỨC THỰC HIỆN"
    parsed = parse_regulation(text)
    assert [a.section for a in parsed.chapters[0].articles] == ["1", "2"]


def test_a_chapter_or_section_title_after_a_plain_space():
    text = (
        "Chương I QUY ĐỊNH CHUNG\nMục 1 Phạm vi\n"
        + ARTICLE.format(n=1)
        + "Chương II TỔ CHỨC THỰC HIỆN\n"
        + ARTICLE.format(n=2)
    )
    parsed = parse_regulation(text)
    assert [(c.number, c.title) for c in parsed.chapters] == [
        ("I", "QUY ĐỊNH CHUNG"),
        ("II", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [(s.number, s.title) for s in parsed.chapters[0].sections] == [("1", "Phạm vi")]
    assert [c.text for a in parsed.articles for c in a.clauses] == ["Nội dung khoản một."] * 2
    assert parsed.warnings == []


def test_a_sentence_that_starts_with_chuong_stays_text():
    parsed = parse_regulation("Điều 1. Một\n1. Nội dung:\nChương I của Quy chế này áp dụng chung.")
    assert parsed.chapters == []
    assert parsed.articles[0].clauses[0].text == "Nội dung:\nChương I của Quy chế này áp dụng chung."


def test_inserted_article_clause_and_d_bar_point():
    text = (
        "Điều 1. Một\n1. Khoản một.\n1a. Khoản chèn.\n2. Khoản hai:\n"
        "a) điểm a;\nb) điểm b;\nc) điểm c;\nd) điểm d;\nđ) điểm đ;\ne) điểm e.\n"
        "Điều 2. Hai\nNội dung.\nĐiều 3. Ba\nNội dung.\nĐiều 3a. Ba a\nNội dung chèn.\nĐiều 4. Bốn\nNội dung."
    )
    parsed = parse_regulation(text)
    assert [a.number for a in parsed.articles_outside_chapters] == ["1", "2", "3", "3a", "4"]
    assert [c.number for c in parsed.articles[0].clauses] == ["1", "1a", "2"]
    assert [p.letter for p in parsed.articles[0].clauses[2].points] == ["a", "b", "c", "d", "đ", "e"]


def test_a_promulgating_joint_resolution_is_not_part_of_the_regulation():
    text = (
        "ĐOÀN ĐBQH - THƯỜNG TRỰC HĐND - UBND - BAN THƯỜNG TRỰC UBMTTQ\n-------\n"
        "Số: 55/NQLT-ĐĐBQH-HĐND-UBND-UBMTTQVN\nHòa Phong, ngày 17 tháng 02 năm 2026\n\n"
        "NGHỊ QUYẾT LIÊN TỊCH\nBan hành Quy chế phối hợp\n\nCăn cứ Luật Tổ chức chính quyền địa "
        "phương;\nQUYẾT NGHỊ:\n"
        "Điều 1. Ban hành kèm theo Nghị quyết liên tịch này Quy chế phối hợp.\n"
        "Điều 2. Nghị quyết liên tịch có hiệu lực từ ngày ký.\nĐiều 3. Các cơ quan chịu trách nhiệm thi "
        "hành.\n\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\n"
        "TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH\nTrần Thị Bình\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Cường\n\n"
        "QUY CHẾ\nPHỐI HỢP CÔNG TÁC NHIỆM KỲ 2026 - 2031\n"
        "(Ban hành kèm theo Nghị quyết liên tịch số 55/NQLT-ĐĐBQH-HĐND-UBND-UBMTTQVN ngày 17/02/2026)\n\n"
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nQuy chế này quy định việc phối hợp.\nĐiều 2. Nguyên "
        "tắc\nBảo đảm thống nhất.\n"
    )
    parsed = parse_regulation(text)
    assert parsed.is_promulgated
    assert [a.title for a in parsed.articles] == ["Phạm vi", "Nguyên tắc"]
    assert "Ban hành kèm theo Nghị quyết liên tịch này" in parsed.promulgation
    assert parsed.title == "PHỐI HỢP CÔNG TÁC NHIỆM KỲ 2026 - 2031"
    assert [p.signer for p in parsed.parties] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert parsed.number == "55/NQLT-ĐĐBQH-HĐND-UBND-UBMTTQVN"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    lambda t: t.encode("utf-16"),
], ids=["utf8", "bom", "crlf", "nfd", "utf16"])
def test_every_encoding_word_produces_reads_the_same(encode):
    text = read_source(data=encode(sample_text()), filename="quy-che.txt")
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\ufeff" not in text
    assert parse_regulation(text).outline() == parse_regulation(sample_text()).outline()


def test_it_reads_a_docx_with_signatures_in_a_table():
    document = Document()
    lines = SAMPLE.read_text(encoding="utf-8").split("Nơi nhận:")[0].splitlines()
    for line in lines:
        document.add_paragraph(unicodedata.normalize("NFD", line))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "TM. THƯỜNG TRỰC HĐND TỈNH\nCHỦ TỊCH\nTrần Thị Bình"
    table.rows[0].cells[1].text = "TM. ỦY BAN NHÂN DÂN TỈNH\nCHỦ TỊCH\nLê Văn Cường"
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_regulation(read_source(data=buffer.getvalue(), filename="quy-che.docx"))
    assert len(parsed.articles) == 17
    assert [p.signer for p in parsed.parties] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert parsed.articles[4].title == "Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh"


def test_text_it_cannot_place_is_a_warning_with_its_line():
    parsed = parse_regulation("Chương I\nCHUNG\nĐoạn lạc giữa chương và điều.\nĐiều 1. Một\nNội dung.")
    assert parsed.warnings == [
        {
            "line": 3,
            "message": "Không xác định được đoạn này thuộc điều nào, chưa được lưu: “Đoạn lạc giữa chương và "
                       "điều.”",
        }
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("Điều 1. A\nx\nĐiều 2. B\nx\nĐiều 2. C\nx", "Dòng 5: Điều 2 bị trùng số (đã có ở dòng 3)."),
        ("Điều 1. A\nx\nĐiều 3. B\nx", "Dòng 3: Điều 3 không liền sau điều 1"),
        ("Điều 2. A\nx", "Dòng 1: Điều 2 là số đầu tiên"),
        ("Điều 1. A\n1. x\n3. y", "Dòng 3: Khoản (Điều 1) 3 không liền sau"),
        ("Điều 1. A\n1. x:\na) m\nc) n", "Dòng 4: Điểm c) khoản 1 Điều 1 không đúng thứ tự (cần điểm b)"),
        (
            "Điều 1. A\n1. x:\na) m\nb) m\nc) m\nd) m\ne) n",
            "Dòng 7: Điểm e) khoản 1 Điều 1 không đúng thứ tự (cần điểm đ)",
        ),
        (
            "Điều 1. A\n1. x:\na) m\nb) m\nc) m\nd) m\nđ) m\ne) m\nf) n",
            "Dòng 9: Điểm f) khoản 1 Điều 1: chữ “f” không có "
            "trong bảng chữ cái tiếng Việt (không dùng f, j, w, z); cần điểm g.",
        ),
        (
            "Điều 1. A\n1. x:\nz) n",
            "Dòng 3: Điểm z) khoản 1 Điều 1: chữ “z” không có trong bảng chữ cái tiếng Việt",
        ),
        ("Chương I\nA\nĐiều 1. A\nx\nChương III\nB", "Dòng 5: Chương III không đúng thứ tự"),
        ("Không có điều nào cả.", "Không tìm thấy điều nào"),
    ],
)
def test_numbering_errors_name_the_line(text, message):
    with pytest.raises(RegulationParseError) as error:
        parse_regulation(text)
    assert message in str(error.value)


def test_an_unreadable_file_is_a_clear_error():
    with pytest.raises(RegulationParseError, match="Không đọc được tệp"):
        read_source(data=b"\x89PNG\r\n\x1a\n\xff\xfe\xfa", filename="anh.txt")
    with pytest.raises(RegulationParseError, match="Không đọc được tệp Word"):
        read_source(data=b"PK\x03\x04 not really a zip", filename="hong.docx")


def test_thirty_articles_parse_in_well_under_a_second():
    text = "Chương I\nCHUNG\n" + "".join(
        f"Điều {n}. Điều {n}\n1. UBND gửi tờ trình chậm nhất 20 ngày trước ngày khai mạc kỳ họp.\n2. Khoản "
        f"hai:\na) a;\nb) b.\n"
        for n in range(1, 31)
    )
    started = time.perf_counter()
    parsed = parse_regulation(text)
    assert len(parsed.articles) == 30
    assert time.perf_counter() - started < 0.5


def test_a_chapter_title_that_wraps_over_two_lines():
    parsed = parse_regulation(
        "Chương I\nNỘI DUNG PHỐI HỢP GIỮA CÁC BÊN\nVỀ CÔNG TÁC KỲ HỌP\nĐiều 1. Một\nNội dung."
    )
    assert parsed.chapters[0].title == "NỘI DUNG PHỐI HỢP GIỮA CÁC BÊN VỀ CÔNG TÁC KỲ HỌP"
    assert parsed.articles[0].text == "Nội dung."
