"""Layouts real documents have, one fixture each (tests/regulations/data/layouts/, written for these tests):
promulgated regulations, amending acts, signatures, Word as people type it, encodings and legacy fonts,
scanned and OCR'd text. Each test checks the outline and that every line is placed or warned."""

import re
import unicodedata
from pathlib import Path

import pytest

from regulations.parsing import RegulationParseError, parse_regulation, read_source
from regulations.sources import tcvn3_to_unicode
from tests.regulations import docx_builder as w
from tests.regulations.factories import sample_text

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free

LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"


def layout(name: str):
    return parse_regulation(read_source(data=(LAYOUTS / name).read_bytes(), filename=name))


def accounted(parsed) -> bool:
    lines = parsed.lines
    return lines["total"] == lines["placed"] + lines["warned"] and lines["warned"] == len(
        {w["line"] for w in parsed.warnings}
    )


# --- Promulgation ------------------------------------------------------------------------------------


def test_a_decision_promulgating_a_working_regulation_split_marker_single_issuer_and_appendices():
    parsed = layout("quyet-dinh-ban-hanh-quy-che-lam-viec.txt")
    assert (parsed.kind, parsed.is_promulgated, parsed.number) == ("decision", True, "27/QĐ-UBND")
    assert parsed.title == "LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH HÒA PHONG NHIỆM KỲ 2026 - 2031"
    # The decision's Điều 1–3 are its text, not the regulation's four articles.
    assert [(a.number, a.title) for a in parsed.articles] == [
        ("1", "Phạm vi điều chỉnh"),
        ("2", "Nguyên tắc làm việc"),
        ("3", "Báo cáo định kỳ"),
        ("4", "Hiệu lực thi hành"),
    ]
    assert parsed.promulgation.startswith("Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc")
    # One issuer: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", the name three blank lines below.
    [party] = parsed.parties
    assert (party.heading, party.delegate, party.title, party.signer, party.body_kind) == (
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Thu Hà", "peoples_committee")
    # The appendix and its form (with a "CHỦ TỊCH" signature line) are appendices, never parties.
    assert [text.split("\n")[0] for text in parsed.appendices] == ["PHỤ LỤC I", "Mẫu số 01"]
    assert "(Ký, ghi rõ họ tên)" in parsed.appendices[1]
    assert parsed.recipients == ["Như Điều 3", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Lưu: VT, TH"]
    assert parsed.warnings == [] and accounted(parsed)


def test_an_uppercase_marker_without_brackets_side_by_side_signatures_and_the_block_repeated_at_the_end():
    parsed = layout("nghi-quyet-lien-tich-ban-hanh-in-hoa.txt")
    assert (parsed.kind, parsed.is_promulgated) == ("joint_resolution", True)
    assert parsed.title.startswith("PHỐI HỢP CÔNG TÁC GIỮA ĐOÀN ĐBQH")
    assert [a.number for a in parsed.articles] == ["1", "2", "3"]
    assert [c.title for c in parsed.chapters] == ["QUY ĐỊNH CHUNG", "NỘI DUNG PHỐI HỢP"]
    # Tab-separated columns: recipients on the left, two signature blocks per row; a heading wrapped on two
    # lines.
    assert [(p.heading, p.title, p.signer) for p in parsed.parties] == [
        ("TM. ĐOÀN ĐBQH TỈNH", "TRƯỞNG ĐOÀN", "Nguyễn Văn An"),
        ("TM. THƯỜNG TRỰC HĐND TỈNH", "CHỦ TỊCH", "Trần Thị Bình"),
        ("TM. ỦY BAN NHÂN DÂN TỈNH", "CHỦ TỊCH", "Lê Văn Cường"),
        ("TM. BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH", "CHỦ TỊCH", "Phạm Thị Dung"),
    ]
    assert [p.body_kind for p in parsed.parties] == [
        "na_delegation",
        "council_standing",
        "peoples_committee",
        "front_board",
    ]
    assert parsed.recipients == ["Như Điều 3", "Lưu: VT"]
    # The four blocks repeated under the regulation are the same signatures, not four more parties.
    assert sum("lặp lại chữ ký" in n["message"] for n in parsed.notes) == 4
    assert parsed.warnings == [] and accounted(parsed)


def test_a_lowercase_kem_theo_marker_and_a_title_in_sentence_case():
    parsed = layout("quy-che-kem-theo-chu-thuong.txt")
    assert (parsed.kind, parsed.is_promulgated) == ("joint_decision", True)
    assert parsed.title == "Phối hợp giữa Thường trực Hội đồng nhân dân và Ủy ban nhân dân xã Phong Lạc"
    assert [a.title for a in parsed.articles] == ["Phạm vi", "Trách nhiệm"]
    assert [p.signer for p in parsed.parties] == ["Đoàn Văn Lộc", "Hà Thị Nguyệt"]
    assert parsed.warnings == [] and accounted(parsed)


@pytest.mark.parametrize("marker", [
    "(Ban hành kèm theo Nghị quyết liên tịch số 55/NQLT ngày 17/02/2026)",
    "(BAN HÀNH KÈM THEO NGHỊ QUYẾT LIÊN TỊCH SỐ 55/NQLT NGÀY 17/02/2026)",
    "(ban hành kèm theo nghị quyết liên tịch số 55/NQLT)",
    "Ban hành kèm theo Nghị quyết liên tịch số 55/NQLT",
    "(Kèm theo Nghị quyết liên tịch số 55/NQLT)",
    "(Ban hành kèm theo Nghị quyết liên tịch số 55/NQLT\nngày 17 tháng 02 năm 2026 của các cơ quan)",
    "(Ban hành kèm theo\nNghị quyết liên tịch số 55/NQLT)",
], ids=["brackets", "uppercase", "lowercase", "no-brackets", "kem-theo", "two-lines", "split-after-theo"])
def test_every_way_of_writing_the_promulgation_line(marker):
    text = (
        "THƯỜNG TRỰC HĐND - UBND\nSố: 55/NQLT\nNGHỊ QUYẾT LIÊN TỊCH\nBan hành Quy chế phối hợp\nQUYẾT NGHỊ:\n"
        "Điều 1. Ban hành kèm theo Nghị quyết liên tịch này Quy chế phối hợp.\nĐiều 2. Hiệu lực từ ngày ký.\n"
        "TM. THƯỜNG TRỰC HĐND\nCHỦ TỊCH\nTrần Thị Bình\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Cường\n"
        f"QUY CHẾ\nPHỐI HỢP CÔNG TÁC\n{marker}\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.\n"
        "Điều 2. Nguyên tắc\nNội dung.\nĐiều 3. Hiệu lực\nNội dung.\n"
    )
    parsed = parse_regulation(text)
    assert parsed.is_promulgated and [a.title for a in parsed.articles] == [
        "Phạm vi",
        "Nguyên tắc",
        "Hiệu lực",
    ]
    assert parsed.title == "PHỐI HỢP CÔNG TÁC" and len(parsed.parties) == 2
    assert parsed.warnings == [] and accounted(parsed)


def test_a_text_with_only_the_promulgating_decision_is_an_error_not_a_three_article_regulation():
    with pytest.raises(RegulationParseError) as error:
        layout("chi-co-quyet-dinh-ban-hanh.txt")
    assert "Văn bản chỉ có quyết định ban hành (Điều 1–3 của quyết định), không có quy chế kèm theo" in str(
        error.value
    )


def test_when_the_promulgation_line_is_missing_the_title_after_the_signatures_starts_the_regulation():
    parsed = layout("thieu-dong-ban-hanh-kem-theo.txt")
    assert parsed.is_promulgated and [a.title for a in parsed.articles] == [
        "Phạm vi",
        "Nguyên tắc",
        "Tiếp công dân",
    ]
    assert len(parsed.parties) == 3 and parsed.title == "PHỐI HỢP CÔNG TÁC"
    assert any("Không thấy dòng “(Ban hành kèm theo …)”" in n["message"] for n in parsed.notes)
    assert parsed.warnings == [] and accounted(parsed)


def test_kem_theo_this_decision_inside_its_own_article_is_not_the_marker():
    text = (
        "QUYẾT ĐỊNH\nBan hành quy chế\nQUYẾT ĐỊNH:\nĐiều 1.\nBan hành kèm theo Quyết định này Quy chế làm "
        "việc.\n"
        "Điều 2. Hiệu lực.\n"
    )
    with pytest.raises(RegulationParseError, match="Văn bản chỉ có quyết định ban hành"):
        parse_regulation(text)


# --- Amending acts --------------------------------------------------------------------------------------


def test_an_amending_act_keeps_quoted_new_text_in_its_clause_and_records_what_each_clause_amends():
    parsed = layout("nghi-quyet-lien-tich-sua-doi-bo-sung.txt")
    assert parsed.kind == "amendment"
    # Only the act's own articles: the quoted Mục 2a, Điều 28a and 28b are the text of clause 2.
    assert [a.number for a in parsed.articles] == ["1", "2"]
    clauses = parsed.articles[0].clauses
    assert [c.number for c in clauses] == ["1", "2", "3", "4", "5"]
    assert "“Mục 2a" in clauses[1].text and "Điều 28a. Chia sẻ dữ liệu" in clauses[1].text
    assert "Điều 28b. Bảo đảm an toàn thông tin" in clauses[1].text and clauses[1].points == []
    # An unclosed quote ends at the next amending clause ("4. Bãi bỏ …").
    assert clauses[2].text.endswith("trước ngày tổ chức hội nghị;") and clauses[3].text.startswith("Bãi bỏ")
    assert any("chưa đóng" in n["message"] for n in parsed.notes)
    act = "Quy chế phối hợp số 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
    assert [(a.clause, a.action, a.target_citation, a.target_act) for a in parsed.amendments] == [
        ("1", "amend", "khoản 2 Điều 5", act),
        ("2", "supplement", "Mục 2a Chương III", act),
        ("3", "amend", "điểm b khoản 2 Điều 7", act),
        ("4", "repeal", "điểm c khoản 2 Điều 7", act),
        ("5", "supplement", "khoản 3a Điều 9", act),
    ]
    assert parsed.amendments[0].text.startswith("2. UBND gửi tờ trình") and parsed.amendments[
        0
    ].text.endswith("kỳ họp")
    assert (
        parsed.amendments[4].text
        == "3a. Kết quả giám sát được công khai trên cổng thông tin điện tử của tỉnh"
    )
    # The amended texts' deadlines belong to the amended regulation, not to the act.
    assert parsed.obligations == []
    assert len(parsed.parties) == 4 and parsed.warnings == [] and accounted(parsed)


def test_numbering_checks_apply_to_the_act_s_own_articles_not_the_quoted_ones():
    text = (
        "NGHỊ QUYẾT\nSửa đổi, bổ sung Quy chế số 5/QC-X\nQUYẾT NGHỊ:\n"
        "Điều 1. Sửa đổi Điều 7 của Quy chế số 5/QC-X như sau:\n“Điều 7. Tên mới\n1. Khoản một.\n3. Khoản "
        "ba.”\n"
        "Điều 2. Hiệu lực thi hành\nTừ ngày ký.\n"
    )
    parsed = parse_regulation(text)
    assert [a.number for a in parsed.articles] == ["1", "2"]
    [amendment] = parsed.amendments
    assert (amendment.action, amendment.target_article, amendment.target_act) == (
        "amend",
        "7",
        "Quy chế số 5/QC-X",
    )


# --- Signatures ----------------------------------------------------------------------------------------


def test_signature_blocks_flattened_into_consecutive_lines():
    parsed = layout("chu-ky-dan-ngang-thanh-dong.txt")
    assert [(p.heading, p.delegate, p.title, p.signer) for p in parsed.parties] == [
        ("TM. THƯỜNG TRỰC HĐND TỈNH", "", "CHỦ TỊCH", "Trần Thị Bình"),
        ("TM. ỦY BAN NHÂN DÂN TỈNH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Đức Long"),
        ("TM. BAN THƯỜNG TRỰC UBMTTQ VIỆT NAM TỈNH", "", "CHỦ TỊCH", "Phạm Thị Dung"),
    ]
    assert parsed.warnings == [] and accounted(parsed)


def test_a_decree_has_one_issuer_and_its_appendix_forms_are_not_parties():
    parsed = layout("nghi-dinh-mot-co-quan-ban-hanh.txt")
    assert (parsed.kind, parsed.number, parsed.title) == ("decree", "30/2020/NĐ-CP", "VỀ CÔNG TÁC VĂN THƯ")
    assert [(p.heading, p.delegate, p.title, p.signer) for p in parsed.parties] == [
        ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Trương Hòa Bình")]
    assert len(parsed.appendices) == 1 and "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ" in parsed.appendices[0]
    assert parsed.warnings == [] and accounted(parsed)


@pytest.mark.parametrize(
    "blocks, expected",
    [
        (
            "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\n\nNguyễn Văn Tư",
            [("", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn Tư")],
        ),
        (
            "TM. ỦY BAN NHÂN DÂN\nQ. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Tư",
            [("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Tư")],
        ),
        (
            "TM. THƯỜNG TRỰC HĐND\tTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\tKT. CHỦ TỊCH\n\tPHÓ CHỦ TỊCH\n\n(Đã "
            "ký)\t(Đã ký)\nTrần Thị Bình\tHoàng Đức Long",
            [
                ("TM. THƯỜNG TRỰC HĐND", "", "CHỦ TỊCH", "Trần Thị Bình"),
                ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Đức Long"),
            ],
        ),
    ],
    ids=["tl", "q", "columns-with-kt"],
)
def test_tl_q_and_kt_blocks(blocks, expected):
    parsed = parse_regulation(
        f"ỦY BAN NHÂN DÂN TỈNH\nQUY CHẾ\nLÀM VIỆC\nĐiều 1. Một\nNội dung.\nNơi nhận:\n- Lưu: VT.\n{blocks}\n"
    )
    assert [(p.heading, p.delegate, p.title, p.signer) for p in parsed.parties] == expected
    assert parsed.warnings == [] and accounted(parsed)


# --- Word as people type it -----------------------------------------------------------------------------


def word_document() -> bytes:
    body = [
        w.p("THƯỜNG TRỰC HĐND - ỦY BAN NHÂN DÂN"),
        w.p("Số: 21/QCPH-TTHĐND-UBND"),
        w.p("Hòa Phong, ngày 03 tháng 3 năm 2026"),
        w.p("QUY CHẾ"),
        w.p("PHỐI HỢP CÔNG TÁC"),
        w.p(w.text_box(w.p("DỰ THẢO LẦN 2"))),
        w.p("QUY ĐỊNH CHUNG", style="Chuong"),
        w.p("Phạm vi điều chỉnh", style="Dieu"),
        w.p("Quy chế này quy định việc phối hợp.", w.footnote_ref(1)),
        w.p("Kỳ họp Hội đồng nhân dân", style="Dieu"),
        w.p(
            "UBND gửi tờ trình đến Thường trực HĐND chậm nhất 20 ngày trước ngày khai mạc kỳ họp.", num=(3, 0)
        ),
        w.p(
            "Thường trực HĐND ",
            w.deleted("thông báo"),
            w.inserted("gửi thông báo"),
            " nội dung kỳ họp:",
            num=(3, 0),
        ),
        *[
            w.p(text, num=(3, 1))
            for text in (
                "dự kiến chương trình;",
                "thời gian;",
                "địa điểm;",
                "thành phần;",
                "tài liệu;",
                "khách mời.",
            )
        ],
        w.p("Phân công:", w.br(), "Các bên thực hiện theo bảng sau.", num=(3, 0)),
        w.table([["Việc", "Chủ trì", "Thời hạn"], ["Tờ trình", "UBND", "20 ngày"]]),
        w.p("NỘI DUNG PHỐI HỢP", style="Chuong"),
        w.p("Hiệu lực", style="Dieu"),
        w.p("Quy chế có hiệu lực từ ngày ký."),
        w.p("Nơi nhận:"),
        w.p("- Lưu: VT."),
        w.table(
            [
                ["TM. THƯỜNG TRỰC HĐND TỈNH", "TM. ỦY BAN NHÂN DÂN TỈNH"],
                ["CHỦ TỊCH", "CHỦ TỊCH"],
                ["Trần Thị Bình", "Lê Văn Cường"],
            ]
        ),
    ]
    return w.docx(
        body,
        numbering_xml=w.numbering((1, [("upperRoman", "Chương %1")]), (2, [("decimal", "Điều %1.")]),
                                  (3, [("decimal", "%1."), ("lowerLetter", "%2)")])),
        styles_xml=w.styles(("Chuong", "heading 1", 1, 0), ("Dieu", "heading 2", 2, 0)),
        footnotes_xml=w.footnotes({1: "Theo Luật Tổ chức chính quyền địa phương 2025."}),
    )


def test_word_numbering_styles_breaks_tables_footnotes_text_boxes_and_tracked_changes():
    text = read_source(data=word_document(), filename="quy-che.docx")
    parsed = parse_regulation(text)
    # Chapters and articles numbered by their heading styles, clauses and points by Word lists.
    assert [(c.number, c.title) for c in parsed.chapters] == [
        ("I", "QUY ĐỊNH CHUNG"),
        ("II", "NỘI DUNG PHỐI HỢP"),
    ]
    assert [(a.number, a.title) for a in parsed.articles] == [
        ("1", "Phạm vi điều chỉnh"),
        ("2", "Kỳ họp Hội đồng nhân dân"),
        ("3", "Hiệu lực"),
    ]
    clauses = parsed.articles[1].clauses
    assert [c.number for c in clauses] == ["1", "2", "3"]
    # Word's lowerLetter list in the Vietnamese alphabet: đ after d, no f.
    assert [p.letter for p in clauses[1].points] == ["a", "b", "c", "d", "đ", "e"]
    # Tracked changes as accepted; a manual line break; the table kept as rows of the clause.
    assert clauses[1].text == "Thường trực HĐND gửi thông báo nội dung kỳ họp:"
    assert (
        clauses[2].text
        == "Phân công:\nCác bên thực hiện theo bảng sau.\n| Việc | Chủ trì | Thời hạn |\n| Tờ trình | UBND | "
           "20 ngày |"
    )
    assert (
        parsed.articles[0].text
        == "Quy chế này quy định việc phối hợp.[1]\n[1] Theo Luật Tổ chức chính quyền địa phương 2025."
    )
    assert "DỰ THẢO LẦN 2" in parsed.preamble
    assert [p.signer for p in parsed.parties] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert parsed.warnings == [] and accounted(parsed)


def test_a_clause_numbered_by_word_does_not_disappear():
    body = [w.p("QUY CHẾ"), w.p("THỬ"), w.p("Điều 1. Một"), w.p("Khoản đánh số tự động.", num=(3, 0)),
            w.p("Khoản thứ hai.", num=(3, 0))]
    data = w.docx(body, numbering_xml=w.numbering((3, [("decimal", "%1.")])))
    parsed = parse_regulation(read_source(data=data, filename="x.docx"))
    assert [(c.number, c.text) for c in parsed.articles[0].clauses] == [
        ("1", "Khoản đánh số tự động."),
        ("2", "Khoản thứ hai."),
    ]


def test_a_table_inside_an_article_is_kept_as_a_table_and_exported_as_one(province):
    from docx import Document

    from regulations.reports import regulation_docx_bytes
    from regulations.services import regulation_import

    parsed = parse_regulation(read_source(data=word_document(), filename="quy-che.docx"))
    regulation = regulation_import(parsed=parsed, unit=province.unit, by=None)
    exported = Document(__import__("io").BytesIO(regulation_docx_bytes(regulation)))
    rows = [[cell.text for cell in row.cells] for table in exported.tables for row in table.rows]
    assert ["Việc", "Chủ trì", "Thời hạn"] in rows and ["Tờ trình", "UBND", "20 ngày"] in rows
    from django.template.loader import render_to_string

    from regulations.reports import PDF_TEMPLATE, regulation_document

    html = render_to_string(PDF_TEMPLATE, regulation_document(regulation))
    assert '<table class="provision-table"><tr><td>Việc</td><td>Chủ trì</td><td>Thời hạn</td></tr>' in html
    assert "<p>3. Phân công:</p>" in html


def test_the_page_shows_the_table(login, province, staff_a):
    from regulations.services import regulation_import

    parsed = parse_regulation(read_source(data=word_document(), filename="quy-che.docx"))
    regulation = regulation_import(parsed=parsed, unit=province.unit, by=None)
    page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
    assert '<table class="provision-table"><tr><td>Việc</td><td>Chủ trì</td><td>Thời hạn</td></tr>' in page


# --- Encodings and legacy fonts -------------------------------------------------------------------------

_UNICODE_TO_TCVN3 = {v: k for k, v in __import__("regulations.sources", fromlist=["_TCVN3"])._TCVN3.items()}


def to_tcvn3_bytes(text: str) -> bytes:
    """What a .VnTime document saved as plain text holds (lowercase font: capitals with tones become
    lowercase)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[ch])
        elif ch.lower() in _UNICODE_TO_TCVN3 and not ch.isascii():
            out.append(_UNICODE_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out).encode("cp1252")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: letters with ă â ê ô ơ ư đ precomposed, the tone as a combining mark
    after."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in decomposed if c in _TONES).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encode, encoding", [
    (lambda t: t.encode("utf-8"), "UTF-8"),
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "UTF-8 (BOM)"),
    (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "UTF-16 LE"),
    (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "UTF-16 BE"),
    (lambda t: t.encode("utf-16-le"), "UTF-16 LE"),
    (lambda t: t.encode("utf-16-be"), "UTF-16 BE"),
    (to_cp1258, "Windows-1258"),
], ids=["utf8", "bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258"])
def test_each_encoding_is_detected_and_converted(encode, encoding):
    text = read_source(data=encode(sample_text()), filename="quy-che.txt")
    assert text.encoding == encoding
    assert (
        parse_regulation(text).outline()["chapters"] == parse_regulation(sample_text()).outline()["chapters"]
    )


def test_windows_1258_writes_tones_as_combining_marks_and_comes_back_composed():
    raw = to_cp1258("Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc phối hợp của các cơ quan.\n")
    assert b"\xec" in raw or b"\xde" in raw  # a combining tone mark byte
    text = read_source(data=raw, filename="cu.txt")
    assert (
        text.encoding == "Windows-1258"
        and "Điều 1. Phạm vi điều chỉnh" in text
        and unicodedata.is_normalized("NFC", text)
    )


def test_tcvn3_files_from_old_provincial_archives_are_converted():
    raw = to_tcvn3_bytes(
        "Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc phối hợp giữa Thường trực Hội đồng nhân dân "
        "và Ủy ban nhân dân tỉnh trong công tác chuẩn bị kỳ họp.\n"
    )
    assert b"\xa7i\xd2u" in raw  # "§iÒu": how Điều looks in the .VnTime encoding
    text = read_source(data=raw, filename="tcvn3.txt")
    assert text.encoding == "TCVN3 (ABC)" and text.startswith("Điều 1. Phạm vi điều chỉnh")
    parsed = parse_regulation(text)
    assert parsed.articles[0].title == "Phạm vi điều chỉnh"
    assert any("TCVN3" in n["message"] for n in parsed.notes)


def test_tcvn3_text_pasted_into_the_box_is_converted_too():
    # "ư" is byte 0xAD in TCVN3 (a soft hyphen in Windows-1252): converted before invisible characters are
    # dropped.
    pasted = to_tcvn3_bytes(
        "Điều 1. Phạm vi\nQuy chế này quy định việc phối hợp của Thường trực Hội đồng nhân dân "
        "với các cơ quan trong tỉnh."
    ).decode("cp1252")
    assert "\xad" in pasted
    parsed = parse_regulation(pasted)
    assert (
        parsed.articles[0].text
        == "Quy chế này quy định việc phối hợp của Thường trực Hội đồng nhân dân với các cơ quan trong tỉnh."
    )
    assert tcvn3_to_unicode("§iÒu") == "Điều"


def test_utf8_once_read_as_windows_1252_is_repaired():
    raw = "Điều 1. Phạm vi\nQuy chế này quy định việc phối hợp của các cơ quan.".encode()
    # As Windows reads it: bytes Windows-1252 leaves undefined come through as U+0081, U+008D, U+008F, U+0090,
    # U+009D.
    mojibake = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)
    text = read_source(data=mojibake.encode("utf-8"), filename="x.txt")
    assert "Quy chế này quy định việc phối hợp" in text


@pytest.mark.parametrize("data, message", [
    ("Ñieàu 1. Phaïm vi ñieàu chænh\nQuy cheá naøy quy ñònh vieäc phoái hôïp cuûa caùc cô quan trong tænh. "
     "Caùc beân thöïc hieän theo quy ñònh cuûa phaùp luaät.\n".encode("cp1252"), "bảng mã VNI"),
    (b"\x81\x8d\x8f\x90\x9d" * 40, "không phải văn bản UTF-8, UTF-16, Windows-1258 hay TCVN3"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Word 97–2003 (.doc)"),
    (b"%PDF-1.7\n...", "Tệp PDF chưa đọc được"),
    (b"{\\rtf1\\ansi ...}", "Tệp RTF"),
], ids=["vni", "unknown", "doc", "pdf", "rtf"])
def test_what_cannot_be_read_is_refused_naming_what_it_is(data, message):
    with pytest.raises(RegulationParseError, match=re.escape(message)):
        read_source(data=data, filename="x.txt")


# --- Scanned and OCR'd text ------------------------------------------------------------------------------


def test_ocr_errors_are_normalised_and_page_furniture_warned_with_line_numbers():
    parsed = layout("ban-quet-ocr.txt")
    assert [(a.number, a.title) for a in parsed.articles] == [
        ("1", "Phạm vi điều chỉnh"),
        ("2", "Chuẩn bị kỳ họp"),
        ("3", "Giám sát"),
    ]
    # The sentence broken by the page header and number joins up again.
    assert parsed.articles[0].text.endswith("trong\nviệc chuẩn bị kỳ họp và giám sát.")
    notes = " ".join(n["message"] for n in parsed.notes)
    assert "“Điều l. Phạm vi điều chỉnh” → “Điều 1. Phạm vi điều chỉnh”" in notes
    assert "“Đi ều 2. Chuẩn bị kỳ họp” → “Điều 2. Chuẩn bị kỳ họp”" in notes and "U+00D0" in notes
    assert [w["line"] for w in parsed.warnings] == [9, 10, 14, 15, 19, 20]
    assert parsed.warnings[0]["message"].startswith(
        "Tiêu đề hoặc chân trang lặp lại ở mỗi trang “CÔNG BÁO/Số 12/Ngày 15-3-2026”"
    )
    assert parsed.warnings[1]["message"] == "Số trang “- 2 -”: đã bỏ qua, không đưa vào quy chế."
    assert parsed.lines == {"total": 28, "placed": 22, "warned": 6} and accounted(parsed)
    assert len(parsed.obligations) == 3  # the deadlines are found through the OCR noise


def test_typed_by_hand_clause_and_point_variants():
    parsed = parse_regulation(
        "Điều 1 - Một\n1.Khoản không cách.\n2) Khoản ngoặc:\na. điểm chấm;\nb) điểm ngoặc.\nĐiều 2: Hai\n1. x"
    )
    assert [a.title for a in parsed.articles] == ["Một", "Hai"]
    assert [(c.number, [p.letter for p in c.points]) for c in parsed.articles[0].clauses] == [
        ("1", []),
        ("2", ["a", "b"]),
    ]
    # "1.5 triệu" is not a clause, nor is "c. " out of order.
    parsed = parse_regulation("Điều 1. Một\n1. Mức chi:\n1.5 triệu đồng.\nc. không phải điểm.")
    assert len(parsed.articles[0].clauses) == 1 and parsed.articles[0].clauses[0].text.endswith(
        "c. không phải điểm."
    )
