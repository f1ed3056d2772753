"""Every document kind, read from the PDF as an officer would judge it (Decree 30/2020, Phụ lục I).

One module fixture renders the regulation (PDF and DOCX), the session dossier, the implementation report
(PDF and DOCX) and the petition results report once, on 10/12/2026, from a province built in a transaction
that is rolled back; LibreOffice prints the two DOCX once. The tests read lines, table cells and fonts from
the PDFs with pdfplumber, and pages are written as PNG to var/screenshots/documents/ (look at them) and
compared with the reference pictures in tests/coordination/document_references/ (set
PHOIHOP_UPDATE_REFERENCES=1 to write new ones after a deliberate change, then look at them before committing).
"""

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pdfplumber
import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageChops

from tests.conftest import LOCAL_TZ, build_province, member
from tests.documents import MM, broken_cells, docx_to_pdf, families, lines_of, soffice, to_pngs, words_of

REFERENCES = Path(__file__).parent / "document_references"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "documents"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@dataclass
class Rendered:
    pdf: dict[str, Path] = field(
        default_factory=dict
    )  # kind -> PDF as WeasyPrint wrote it or LibreOffice printed it
    names: dict[str, str] = field(default_factory=dict)  # kind -> download name
    symbol: str = ""


def _build_and_render(out: Path) -> Rendered:
    from coordination.implementation_report import (
        implementation_report_filename,
        render_implementation_docx,
        render_implementation_pdf,
    )
    from coordination.models import GeneratedReport, Role
    from coordination.queries import parse_period
    from coordination.reports import RENDERERS
    from coordination.services import followup_complete, followup_open
    from regulations.reports import export_filename, regulation_docx_bytes, regulation_pdf_bytes
    from sessions import services as session_services
    from sessions.reports import dossier_filename, session_dossier_pdf
    from tests.factories import PersonFactory, PositionFactory
    from tests.regulations.factories import import_text, sample_text
    from tests.sessions.factories import MissionFactory, SessionFactory
    from tests.voters.factories import PetitionFactory, RoundFactory

    rendered = Rendered()
    p = build_province("Tỉnh Hòa Phong")
    PositionFactory(
        body=p.standing,
        is_head=True,
        title="Chủ tịch HĐND tỉnh",
        person=PersonFactory(full_name="Trần Thị Bình"),
    )
    staff = member(p.standing, Role.STAFF, "layout_staff")

    regulation = import_text(sample_text(), p.unit)
    rendered.symbol = regulation.number
    (out / "regulation.pdf").write_bytes(regulation_pdf_bytes(regulation))
    (out / "regulation.docx").write_bytes(regulation_docx_bytes(regulation))
    rendered.names["regulation"] = export_filename(regulation, "pdf")

    session = SessionFactory(term=p.term, council=p.standing.parent, number=8, planned_open=date(2026, 12, 8))
    for title, sent in [
        ("Tờ trình dự toán ngân sách nhà nước năm 2027 và phân bổ ngân sách cấp tỉnh", date(2026, 11, 16)),
        ("Tờ trình quy định phí bảo vệ môi trường đối với khai thác khoáng sản", date(2026, 12, 2)),
        ("Tờ trình kế hoạch phát triển giáo dục nghề nghiệp 2027", None),
    ]:
        submission = session_services.submission_create(
            session=session, title=title, presenting_body=p.committee, reviewing_committee=p.council_committee
        )
        if sent:
            session_services.submission_record(submission=submission, submitted_on=sent)
    session_services.resolution_record(
        session=session,
        number="25/2026/NQ-HĐND",
        adopted_on=date(2026, 12, 9),
        title="Quy định mức thu phí bảo vệ môi trường đối với khai thác khoáng sản",
    )
    mission = MissionFactory(lead_body=p.standing)
    session_services.recommendation_add(mission=mission, addressee=p.agency, due_on=date(2026, 9, 30),
                                        content="Giải quyết dứt điểm 37 vụ việc khiếu nại quá hạn về đất đai")
    (out / "dossier.pdf").write_bytes(session_dossier_pdf(session))
    rendered.names["dossier"] = dossier_filename(session)

    today = timezone.localdate()
    for index, body in enumerate([p.committee, p.front, p.agency, p.other_agency, p.standing] * 3):
        followup = followup_open(
            subject=None,
            title=f"Báo cáo tình hình thực hiện nhiệm vụ phối hợp số {index + 1}",
            lead_body=body,
            due_on=today - timedelta(days=20 + 13 * index),
        )
        if index % 3:
            at = timezone.make_aware(datetime.combine(followup.due_on + timedelta(days=index % 4), time(10)))
            followup_complete(followup=followup, outcome="Đã xong", completed_at=at)
    period = parse_period("2026")
    (out / "report.pdf").write_bytes(render_implementation_pdf(unit=p.unit, period=period))
    (out / "report.docx").write_bytes(render_implementation_docx(unit=p.unit, period=period))
    rendered.names["report"] = implementation_report_filename(p.unit, parse_period("2026H1"), "docx")

    round_ = RoundFactory(organiser=p.front, title="Tiếp xúc cử tri trước Kỳ họp thứ tám")
    for index in range(4):
        PetitionFactory(round=round_, title=f"Kiến nghị sửa chữa đường giao thông liên xã số {index}")
    report = GeneratedReport(
        kind="voters_results", title="Kết quả", params={"round": str(round_.pk)}, requested_by=staff
    )
    result = RENDERERS["voters_results"](report, lambda percent: None)
    (out / "results.pdf").write_bytes(result.content)
    rendered.names["results"] = result.filename
    for kind in ("regulation", "dossier", "report", "results"):
        rendered.pdf[kind] = out / f"{kind}.pdf"
    return rendered


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker, tmp_path_factory) -> Rendered:
    out = tmp_path_factory.mktemp("documents")
    when = datetime.combine(date(2026, 12, 10), time(9), tzinfo=LOCAL_TZ)
    with django_db_blocker.unblock(), time_machine.travel(when, tick=False), transaction.atomic():
        rendered = _build_and_render(out)
        transaction.set_rollback(True)
    if soffice():
        printed = docx_to_pdf([out / "regulation.docx", out / "report.docx"], out / "printed")
        rendered.pdf["regulation_docx"] = printed[out / "regulation.docx"]
        rendered.pdf["report_docx"] = printed[out / "report.docx"]
    elif os.environ.get("CI"):
        pytest.fail("LibreOffice is missing: make deps installs libreoffice-writer-nogui for the DOCX checks")
    return rendered


pytestmark = (
    pytest.mark.django_db
)  # the module fixture builds its province in the test database (rolled back)

ALL_KINDS = ["regulation", "dossier", "report", "results", "regulation_docx", "report_docx"]


def opened(documents, kind):
    if kind not in documents.pdf:
        pytest.skip("LibreOffice (libreoffice-writer-nogui) is not installed here: make deps installs it")
    return pdfplumber.open(documents.pdf[kind])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_document_is_printed_in_one_serif_family(documents, kind):
    with opened(documents, kind) as pdf:
        assert families(pdf) == {"LiberationSerif"}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_national_title_is_one_line_in_the_right_column_over_the_motto_and_the_date(documents, kind):
    with opened(documents, kind) as pdf:
        page = pdf.pages[0]
        lines = lines_of(words_of(page))
        title = next(line for line in lines if "CỘNG" in line.text)
        words = [
            w
            for w in title.words
            if w["x0"] >= title.words[[w["text"] for w in title.words].index("CỘNG")]["x0"]
        ]
        assert " ".join(w["text"] for w in words) == NATION  # whole, on one line
        left_edge, right_edge = 30 * MM, page.width - 15 * MM
        text_width = right_edge - left_edge
        assert words[0]["x0"] >= left_edge + 0.35 * text_width  # the right column, the wider one
        assert words[-1]["x1"] <= right_edge + 1
        assert all("Bold" in w["fontname"] for w in words) and 11.5 <= words[0]["size"] <= 13.5
        below = [line for line in lines if line.top > title.top][:3]
        motto = next(line for line in below if "Độc" in line.text)
        assert "Độc lập - Tự do - Hạnh phúc" in motto.text
        place = next(
            (line for line in lines if "ngày" in line.text and "tháng" in line.text and line.top > motto.top),
            None,
        )
        assert place and all(
            "Italic" in w["fontname"] for w in place.words if w["x0"] > left_edge + 0.35 * text_width
        )
        centre = (words[0]["x0"] + words[-1]["x1"]) / 2
        motto_words = [w for w in motto.words if w["x0"] > left_edge + 0.35 * text_width]
        assert (
            abs((motto_words[0]["x0"] + motto_words[-1]["x1"]) / 2 - centre) < 3 * MM
        )  # centred under the title


@pytest.mark.parametrize("kind", ["regulation", "regulation_docx"])
def test_the_joint_issuers_are_stacked_with_their_unit_and_the_symbol_is_whole(documents, kind):
    with opened(documents, kind) as pdf:
        page = pdf.pages[0]
        lines = lines_of(words_of(page))
        left = [
            line.text.split("  ")[0] for line in lines if line.x0 < 30 * MM + 0.3 * (page.width - 45 * MM)
        ]
        issuers = " / ".join(left)
        for name in (
            "ĐOÀN ĐBQH",
            "THƯỜNG TRỰC HĐND",
            "ỦY BAN NHÂN DÂN",
            "BAN THƯỜNG TRỰC UBMTTQ",
            "TỈNH HÒA PHONG",
        ):
            assert name in issuers
        number = next(line for line in lines if line.text.startswith("Số:"))
        assert number.words[1]["text"] == documents.symbol  # the symbol on one line, never cut
        place = next(line for line in lines if "ngày" in line.text and "tháng" in line.text)
        symbol = number.words[1]
        assert all(
            w["x0"] > symbol["x1"] for w in place.words if abs(w["top"] - symbol["top"]) < 3
        )  # no overlap


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_page_numbers_start_on_page_two_at_the_top_centre(documents, kind):
    with opened(documents, kind) as pdf:
        assert len(pdf.pages) >= 2, "each document here runs over a page"
        for number, page in enumerate(pdf.pages, start=1):
            top = [w for w in words_of(page) if w["bottom"] < 20 * MM]
            if number == 1:
                assert not [w for w in top if w["text"].isdigit()]
            else:
                assert [w["text"] for w in top] == [str(number)]
                centre = (top[0]["x0"] + top[0]["x1"]) / 2
                assert abs(centre - (30 * MM + (page.width - 45 * MM) / 2)) < 2 * MM


@pytest.mark.parametrize("kind", ["dossier", "report", "results", "report_docx"])
def test_no_word_of_a_table_cell_is_alone_on_its_line(documents, kind):
    with opened(documents, kind) as pdf:
        tables = [t for page in pdf.pages for t in page.find_tables()]
        assert tables
        assert broken_cells(pdf) == []
        page = pdf.pages[0]
        first = page.find_tables()[0]
        assert first.bbox[2] - first.bbox[0] > (page.width - 45 * MM) - 2  # full text width


def test_the_reports_charts_carry_titles_axes_and_legends_and_numbers_read_the_vietnamese_way(documents):
    with opened(documents, "report") as pdf:
        text = "\n".join(
            page.extract_text(x_tolerance=1) for page in pdf.pages
        )  # chart text is small: narrow spaces
    for expected in (
        "Biểu đồ 2. Việc theo cơ quan chủ trì và tình trạng",
        "Biểu đồ 3. Tỷ lệ hoàn thành đúng hạn theo tháng",
        "Số việc",
        "Đã hoàn thành",
        "Đang thực hiện",
        "Quá hạn",
        "Tháng (tháng/năm)",
        "50 %",
    ):
        assert expected in text
    assert not re.search(r"\d\.\d+ ?%", text)  # never "65.2%"
    assert re.search(r"\d,\d %", text)  # "33,3 %"


def test_the_signature_blocks_stand_two_a_row_with_the_names_level(documents):
    with opened(documents, "regulation") as pdf:
        page = pdf.pages[-1]
        lines = lines_of(words_of(page))
        names = [line for line in lines if "Bình" in line.text or "Dung" in line.text]
        assert len(names) == 2
        for line in names:  # each name shares its line with the other party's signer
            assert len([w for w in line.words if w["x0"] > page.width / 2]) >= 2
        recipients = next(line for line in lines if line.text.startswith("Nơi nhận:"))
        assert recipients.x0 < 31 * MM and recipients.top > names[-1].top


def test_downloads_have_meaningful_stable_names(documents):
    assert documents.names == {
        "regulation": "quy-che-12-QCPH-2026.pdf",
        "dossier": "ho-so-ky-hop-8.pdf",
        "report": "bao-cao-6-thang-2026.docx",
        "results": "bao-cao-ket-qua-kien-nghi-tiep-xuc-cu-tri-truoc-ky-hop-thu-tam.pdf",
    }


def _difference(a: Path, b: Path) -> float:
    """The share of pixels that differ clearly between two pictures of a page (1.0 when the sizes differ)."""
    first, second = Image.open(a).convert("L"), Image.open(b).convert("L")
    if first.size != second.size:
        return 1.0
    diff = ImageChops.difference(first, second).point(lambda v: 255 if v > 80 else 0)
    return sum(diff.histogram()[255:]) / (first.size[0] * first.size[1])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_first_page_looks_like_its_reference_picture(documents, kind):
    """The page as a picture, beside the reference a person looked at
    (tests/coordination/document_references/)."""
    if kind not in documents.pdf:
        pytest.skip("LibreOffice is not installed here")
    for old in SCREENSHOTS.glob(f"{kind}-*.png"):
        old.unlink()
    png = to_pngs(documents.pdf[kind], SCREENSHOTS / kind, dpi=50, last=1)[0]
    reference = REFERENCES / f"{kind}-1.png"
    if os.environ.get("PHOIHOP_UPDATE_REFERENCES") or not reference.exists():
        REFERENCES.mkdir(exist_ok=True)
        reference.write_bytes(png.read_bytes())
        if not os.environ.get("PHOIHOP_UPDATE_REFERENCES"):
            pytest.fail(f"No reference picture for {kind}: wrote {reference}; look at it, then commit it")
    assert _difference(png, reference) < 0.01, f"{png} differs from {reference}: look at both"
