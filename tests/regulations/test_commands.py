"""import_regulation, export_regulation and the demo data."""

import io
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.oxml.ns import qn

from regulations.models import Article, Obligation, Party, Regulation
from tests.regulations.factories import SAMPLE, draft_text, import_text, sample_text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_dry_run_json_prints_the_outline_and_saves_nothing(capsys):
    call_command("import_regulation", str(SAMPLE), "--dry-run", "--format", "json")
    outline = json.loads(capsys.readouterr().out)
    assert outline["number"] == "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
    assert outline["chapters"][1]["articles"][1]["number"] == "5"
    assert {
        "article": "5",
        "clause": "2",
        "point": "",
        "lead": "ubnd",
        "rule": "chậm nhất 20 ngày trước ngày khai mạc kỳ họp",
        "deadline_code": "submission_due",
    } in outline["obligations"]
    assert outline["warnings"] == []
    assert not Regulation.objects.exists()


def test_import_saves_a_draft_for_the_unit(province, capsys):
    call_command("import_regulation", str(SAMPLE), "--unit", province.unit.code)
    regulation = Regulation.objects.get()
    assert (regulation.unit, regulation.status, regulation.term) == (province.unit, "draft", province.term)
    assert "Đã lưu quy chế 12/QCPH" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--unit", "KHONGCO"], "Không có đơn vị hành chính đang hiệu lực với mã KHONGCO."),
    ([], "Hãy cho biết đơn vị ban hành: --unit MÃ"),
])
def test_import_errors_save_nothing(province, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_regulation", str(SAMPLE), *args)
    assert not Regulation.objects.exists()


def test_a_numbering_error_exits_with_status_1_naming_the_line(tmp_path):
    bad = tmp_path / "trung.txt"
    bad.write_text("Điều 1. A\nx\nĐiều 1. B\ny\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_regulation", str(bad), "--dry-run", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "trung.txt: Dòng 3: Điều 1 bị trùng số (đã có ở dòng 1)." in result.stderr
    assert result.stdout == ""


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_regulation", str(tmp_path / "khong-co.txt"), "--dry-run")
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    with pytest.raises(CommandError, match="anh.txt: Không đọc được tệp"):
        call_command("import_regulation", str(binary), "--dry-run")


def test_export_pdf_and_docx_inline(province, tmp_path):
    regulation = import_text(sample_text(), province.unit)
    pdf, docx = tmp_path / "quy-che.pdf", tmp_path / "quy-che.docx"
    call_command(
        "export_regulation", regulation.number, "--format", "pdf", "-o", str(pdf), stdout=io.StringIO()
    )
    assert pdf.read_bytes().startswith(b"%PDF-")
    call_command(
        "export_regulation", regulation.number, "--format", "docx", "-o", str(docx), stdout=io.StringIO()
    )
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Điều 5. Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh" in text
    assert "2. UBND gửi tờ trình, dự thảo nghị quyết" in text
    with pytest.raises(CommandError, match="Không có quy chế số 1/KHONG-CO"):
        call_command("export_regulation", "1/KHONG-CO", "-o", str(pdf))


def _pdf_objects(content: bytes) -> bytes:
    """The PDF's dictionaries, object streams inflated (WeasyPrint compresses them)."""
    inflated = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def test_the_pdf_has_the_decree_30_layout_and_an_embedded_serif_font(province):
    from django.template.loader import render_to_string

    from regulations.reports import PDF_TEMPLATE, regulation_document, regulation_pdf_bytes

    regulation = import_text(sample_text(), province.unit)
    html = render_to_string(PDF_TEMPLATE, regulation_document(regulation))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ",
        "Hòa Phong, ngày 06 tháng 5 năm 2026",
        "TM. BAN THƯỜNG TRỰC UBMTTQ VIỆT NAM TỈNH",
        "Phạm Thị Dung",
        "Nơi nhận:",
        "Thường trực Tỉnh ủy",
        '<meta charset="utf-8">',
        "Điều 17. Hiệu lực thi hành",
    ]:
        assert expected in html
    assert html.count('class="on-behalf"') == 4
    objects = _pdf_objects(regulation_pdf_bytes(regulation))
    assert b"/FontFile2" in objects and b"+Liberation-Serif/FontFamily" in objects
    assert int(re.search(rb"/Type\s*/Pages.*?/Count\s+(\d+)", objects, re.S).group(1)) >= 2


def test_the_pdf_numbers_its_pages_at_the_top_from_page_2(province):
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from coordination.pdf import STATIC_BASE_URL, StaticOnlyFetcher
    from regulations.reports import PDF_TEMPLATE, regulation_document

    html = render_to_string(PDF_TEMPLATE, regulation_document(import_text(sample_text(), province.unit)))
    pages = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).render().pages
    numbers = [
        "".join(b.text for m in page._page_box.children if getattr(m, "at_keyword", "") == "@top-center"
                for b in m.descendants() if hasattr(b, "text"))
        for page in pages
    ]
    assert len(pages) >= 3
    assert numbers == [""] + [str(n) for n in range(2, len(pages) + 1)]


def test_the_docx_has_section_headings_and_page_numbers_from_page_2(province):
    from regulations.reports import regulation_docx_bytes

    text = draft_text(articles=3).replace("QUY ĐỊNH CHUNG\n\n", "QUY ĐỊNH CHUNG\nMục 1 - PHẠM VI\n").replace(
        "\n\nĐiều 3.", "\nMục 2\nNGUYÊN TẮC\nĐiều 3."
    )
    document = Document(io.BytesIO(regulation_docx_bytes(import_text(text, province.unit))))
    lines = [p.text for p in document.paragraphs]
    start = lines.index("Chương I")
    assert [line for line in lines[start:] if line.startswith(("Mục", "Điều"))] == [
        "Mục 1. PHẠM VI", "Điều 1. Nội dung phối hợp số 1", "Điều 2. Nội dung phối hợp số 2",
        "Mục 2. NGUYÊN TẮC", "Điều 3. Nội dung phối hợp số 3",
    ]
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))] == ["PAGE"]
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    counts = [m.objects.count() for m in (Regulation, Article, Party, Obligation)]
    call_command("load_demo")
    assert [m.objects.count() for m in (Regulation, Article, Party, Obligation)] == counts
    current = Regulation.objects.get(number="12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ")
    old = Regulation.objects.get(number="794/QCPH-TTHĐND-UBND-BTTUBMTTQ")
    assert (current.status, current.supersedes, current.term.start_year) == ("in_force", old, 2026)
    assert (old.status, old.parties.count(), current.parties.count()) == ("superseded", 3, 4)
    assert not Obligation.objects.filter(status="proposed").exists()
    assert current.obligations.filter(deadline_code="submission_due", status="confirmed").exists()
