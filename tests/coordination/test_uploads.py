"""Every upload is checked by content, not by its name (issue #10, finding 2): an HTML file named `.pdf` was
stored as a follow-up's evidence. One shared check (coordination/uploads.py) refuses it, a PDF/HTML polyglot,
a PDF with JavaScript, and a zip bomb — before anything parses the file."""

import zipfile
from io import BytesIO

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.models import FollowUp
from coordination.uploads import archive_check, check_upload
from tests.coordination.test_followup_pages import owed
from tests.files import PDF, PNG, docx_bytes, xlsx_bytes
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>fetch('/voters/letters/?format=xlsx')</script></body></html>"
POLYGLOT = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n<html><body><script>alert(document.cookie)</script>"
            b"</body></html>\n"
            b"1 0 obj<<>>endobj\n%%EOF")
PDF_WITH_JS = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> "
               b"endobj\n%%EOF")


def zip_bomb(member: str = "xl/sharedStrings.xml", size: int = 5 * 1024 * 1024) -> bytes:
    """A small zip whose one member expands ~1000 times (zeros deflate to almost nothing)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(member, b"\0" * size)
    return buffer.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("bao-cao.pdf", HTML),
        ("bao-cao.pdf", POLYGLOT),
        ("bao-cao.pdf", PDF_WITH_JS),
        ("anh.png", HTML),
        ("anh.jpg", b"\xff\xd8\xff" + HTML),
        ("bang.xlsx", zip_bomb()),
        ("van-ban.docx", b"PK\x03\x04 not a zip"),
        ("bang.xls", HTML),
    ],
)
def test_the_shared_check_refuses_what_is_not_what_it_claims(name, content):
    with pytest.raises(forms.ValidationError) as refused:
        check_upload(
            _upload(name, content),
            label="Tệp minh chứng",
            allowed=("pdf", "png", "jpg", "xlsx", "docx", "xls"),
        )
    assert "Tệp minh chứng" in str(refused.value) and name in str(refused.value)


@pytest.mark.parametrize(
    "name, content",
    [
        ("bao-cao.pdf", PDF),
        ("anh.png", PNG),
        ("van-ban.docx", docx_bytes()),
        ("bang.xlsx", xlsx_bytes([("Nội dung",), ("Đề nghị",)])),
    ],
)
def test_real_files_pass(name, content):
    upload = _upload(name, content)
    assert check_upload(upload, label="Tệp", allowed=("pdf", "png", "docx", "xlsx")) is upload
    assert upload.read() == content  # left at the start for whoever reads it next


def test_an_archive_is_judged_by_its_directory_before_anything_is_inflated(settings):
    with pytest.raises(ValueError, match="nén quá mức"):
        archive_check(BytesIO(zip_bomb()))
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"x" * (2 * 1024 * 1024))
    with pytest.raises(ValueError, match="vượt quá 1 MB"):
        archive_check(BytesIO(buffer.getvalue()))


@covers("followups:complete")
@pytest.mark.parametrize(
    "name, content", [("bao-cao.pdf", HTML), ("bao-cao.pdf", POLYGLOT), ("bang.xlsx", zip_bomb())]
)
def test_follow_up_evidence_is_checked_by_content_and_nothing_is_saved(
    login, staff_b, province, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    followup = owed(province.committee)
    response = login(staff_b).post(reverse("followups:complete", args=[followup.pk]),
                                   {"outcome": "Đã gửi báo cáo", "evidence": _upload(name, content)})
    assert response.status_code == 400
    assert (
        f"Tệp minh chứng: tệp “{name}”" in response.content.decode()
        or "Tệp minh chứng: nội dung tệp" in response.content.decode()
    )
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN and not followup.evidence
    assert not list(tmp_path.rglob("*.*"))
