"""A leader reads the dashboard and drills into an overdue item; staff complete a task with evidence;
the implementation report PDF is generated with a progress page and downloaded."""

import threading

from coordination.demo import DEMO_PASSWORD
from coordination.models import FollowUp, GeneratedReport
from coordination.reports import RENDERERS
from tests.e2e.conftest import screenshot


def test_a_leader_drills_from_the_dashboard_into_an_overdue_item(demo, page, sign_in):
    sign_in("lanhdao", DEMO_PASSWORD)
    page.get_by_role("link", name="Bảng điều hành").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bảng điều hành — Tỉnh Hòa Phong")
    assert int(page.get_by_test_id("overdue-count").inner_text()) > 0
    assert page.locator("svg").count() >= 3
    screenshot(page, "coordination-dashboard")
    first = page.get_by_test_id("overdue-item").first
    title = first.inner_text()
    first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(title)
    assert "Quá hạn" in page.content()
    screenshot(page, "coordination-overdue-item")


def test_staff_complete_a_task_with_evidence(demo, page, sign_in, tmp_path):
    followup = FollowUp.objects.filter(title__startswith="Gửi tờ trình, dự thảo nghị quyết").get()
    sign_in("ubnd", DEMO_PASSWORD)
    page.get_by_role("link", name="Việc cần theo dõi").click()
    page.get_by_label("Tìm kiếm (gõ có dấu hoặc không dấu)").fill("gui to trinh du thao")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=followup.title).click()
    evidence = tmp_path / "to-trinh.pdf"
    evidence.write_bytes(b"%PDF-1.4 to trinh")
    page.get_by_label("Kết quả thực hiện, minh chứng").fill(
        "Đã gửi Tờ trình số 279/TTr-UBND cho các Ban HĐND"
    )
    page.get_by_label("Tệp minh chứng (không bắt buộc)").set_input_files(str(evidence))
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    page.wait_for_load_state()  # the next page, not the one being left
    assert "Đã ghi nhận hoàn thành" in page.content()
    assert page.get_by_role("link", name="Tải tệp minh chứng").is_visible()
    screenshot(page, "coordination-task-completed")
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.DONE and followup.evidence


def test_the_report_pdf_downloads_from_its_progress_page(demo, page, sign_in):
    sign_in("lanhdao", DEMO_PASSWORD)
    page.goto("/dashboard/")
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url("**/reports/*/")
    assert "Báo cáo kết quả thực hiện quy chế phối hợp" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "coordination-report-progress")
    with page.expect_download() as download:
        page.get_by_test_id("report-download").click()
    assert download.value.path().read_bytes()[:4] == b"%PDF"


def test_without_a_worker_the_report_page_answers_at_once_and_a_second_click_waits_for_it(
    demo, page, sign_in, settings, monkeypatch
):
    """The embedded default (``make run``: eager tasks) makes the report in a thread after the answer: the
    person watches it progress instead of a page frozen for seconds, and clicking again finds the same job."""
    settings.EAGER_TASKS_IN_BACKGROUND = True
    release = threading.Event()
    make_pdf = RENDERERS["implementation_report_pdf"]

    def held_until_seen(report, progress):
        progress(30)
        # Run inside the request, as before, this would hold the click's answer until it gave up.
        assert release.wait(30), "the progress page never showed while the report was being made"
        return make_pdf(report, progress)

    monkeypatch.setitem(RENDERERS, "implementation_report_pdf", held_until_seen)
    sign_in("lanhdao", DEMO_PASSWORD)
    page.goto("/dashboard/")
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url("**/reports/*/")
    first = page.url
    page.locator("#report-progress[value='30']").wait_for()  # being made, shown while it is
    screenshot(page, "coordination-report-in-progress")
    page.go_back()
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_url("**/reports/*/")
    assert page.url == first  # the job already running, not a second report
    release.set()
    page.get_by_test_id("report-download").wait_for(timeout=60_000)
    assert GeneratedReport.objects.filter(kind="implementation_report_pdf").count() == 1


def test_an_excel_export_goes_to_its_progress_page_and_names_its_rows(demo, page, sign_in):
    sign_in("ubnd", DEMO_PASSWORD)
    page.get_by_role("link", name="Việc cần theo dõi").click()
    page.get_by_role("link", name="Xuất Excel").click()
    page.wait_for_url("**/reports/*/")
    heading = page.get_by_role("heading", level=1)
    heading.filter(has_text="dòng (Excel)").wait_for(timeout=60_000)  # the title says how many rows it holds
    assert heading.inner_text().startswith("Việc cần theo dõi — Cơ quan tôi phải làm: ")  # the tab it was on
    screenshot(page, "coordination-export-done")
    with page.expect_download() as download:
        page.get_by_test_id("report-download").click()
    assert download.value.suggested_filename == "viec-can-theo-doi-co-quan-toi-phai-lam.xlsx"
    assert download.value.path().read_bytes()[:2] == b"PK"
