"""A Standing Committee officer imports the 2026 regulation, confirms its obligations, reads it,
compares it with the 2021 regulation it supersedes and exports it to PDF — as they would click it."""

from io import StringIO

import pytest
from django.core.management import call_command

from coordination.demo import DEMO_PASSWORD
from regulations.models import Obligation, Regulation
from tests.e2e.conftest import screenshot
from tests.regulations.factories import SAMPLE

NUMBER = "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"


@pytest.fixture
def demo_without_the_2026_regulation(transactional_db):
    call_command("load_demo", stdout=StringIO())
    Regulation.objects.filter(number=NUMBER).delete()


def test_import_confirm_view_compare_and_export(demo_without_the_2026_regulation, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.get_by_role("link", name="Quy chế phối hợp", exact=True).click()
    page.get_by_label("Tìm kiếm (gõ có dấu hoặc không dấu)").fill("quy che phoi hop 2021")
    page.get_by_role("button", name="Lọc").click()
    assert "794/QCPH-TTHĐND-UBND-BTTUBMTTQ" in page.content()
    screenshot(page, "regulations-list")

    page.get_by_role("link", name="Nhập quy chế").click()
    page.get_by_label("Tệp văn bản (.docx hoặc .txt)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_role("region", name="Xem trước")
    assert "Điều 5. Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh" in preview.inner_text()
    screenshot(page, "regulations-import-preview")
    page.get_by_role("button", name="Lưu quy chế").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Quy chế số {NUMBER}"
    assert "Đã nhập quy chế" in page.get_by_role("status").inner_text()

    page.get_by_role("button", name="Xác nhận tất cả nghĩa vụ đã có cơ quan chủ trì").click()
    regulation = Regulation.objects.get(number=NUMBER)
    assert regulation.obligations.filter(status=Obligation.Status.CONFIRMED).count() > 10
    # An obligation without a lead: the officer opens it, picks the lead and confirms.
    remaining = regulation.obligations.filter(status=Obligation.Status.PROPOSED).first()
    page.goto(f"/regulations/obligations/{remaining.pk}/")
    page.get_by_label("Cơ quan chủ trì").select_option(label="Thường trực HĐND")
    page.get_by_role("button", name="Lưu và xác nhận").click()
    remaining.refresh_from_db()
    assert remaining.status == Obligation.Status.CONFIRMED
    page.goto(regulation.get_absolute_url() + "#dieu-5")
    assert page.get_by_role("navigation", name="Mục lục").is_visible()
    screenshot(page, "regulations-detail")

    page.get_by_role("link", name="So sánh với quy chế trước").click()
    assert "So với Quy chế số 794/QCPH-TTHĐND-UBND-BTTUBMTTQ" in page.content()
    assert page.locator("ins").count() > 5 and page.locator("del").count() > 3
    screenshot(page, "regulations-compare")

    page.go_back()
    page.get_by_role("button", name="Xuất PDF").click()
    download_link = page.get_by_test_id("report-download")
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    screenshot(page, "regulations-export")
