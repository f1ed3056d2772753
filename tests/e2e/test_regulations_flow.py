"""A Standing Committee officer imports the 2026 regulation (a text with a stray line and a page number: the
preview warns, saving needs the warnings ticked), confirms its obligations, reads it, compares it with the
2021 regulation and exports it; then each party's leader records their own signature and one of them puts
it in force on a page that says what happens — the 2021 regulation is superseded. A commune officer
reaches the consistency check from their commune's regulation. All as they would click it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coordination.demo import DEMO_PASSWORD
from coordination.models import GeneratedReport
from coordination.services import report_render
from regulations.imports import KIND as IMPORT_KIND
from regulations.models import Obligation, Regulation
from tests.e2e.conftest import screenshot
from tests.regulations.factories import sample_text

NUMBER = "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
OLD = "794/QCPH-TTHĐND-UBND-BTTUBMTTQ"
# Who leads each party in the demo (regulations/demo.py), in the order of the signature blocks.
LEADERS = [("lanhdaodoan", "Đoàn đại biểu Quốc hội"), ("lanhdao", "Thường trực Hội đồng nhân dân"),
           ("lanhdaoubnd", "Ủy ban nhân dân"), ("lanhdaomattran", "Ban Thường trực Ủy ban Mặt trận")]


@pytest.fixture
def demo_without_the_2026_regulation(demo):
    """The demo as it was before 12/… existed: 794/… in force."""
    Regulation.objects.filter(number=NUMBER).delete()
    Regulation.objects.filter(number=OLD).update(status=Regulation.Status.IN_FORCE, effective_to=None)


@pytest.fixture
def text_with_strays(tmp_path):
    text = (
        sample_text()
        .replace(
            "Chương I\nNHỮNG QUY ĐỊNH CHUNG\n",
            "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐoạn lạc giữa chương và điều.\n",
            1,
        )
        .replace("Điều 9. Hoạt động giám sát, khảo sát\n", "- 5 -\nĐiều 9. Hoạt động giám sát, khảo sát\n", 1)
    )
    path = tmp_path / "quy-che-12.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tasks_wait_for_a_worker():
    """A job stays queued, as it does until a worker takes it: tasks go to an in-memory broker that nothing
    reads (tests/conftest.py runs them eagerly otherwise), and the test runs the job itself when it plays the
    worker."""
    from config.celery import app

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    yield
    app.conf.task_always_eager, app.conf.broker_url = previous


def sign_out(page):
    page.goto("/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/**")


def test_import_warnings_save_signatures_in_force_and_the_old_one_superseded(
        demo_without_the_2026_regulation, text_with_strays, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.get_by_role("link", name="Quy chế phối hợp", exact=True).click()
    page.get_by_label("Tìm kiếm (gõ có dấu hoặc không dấu)").fill("quy che phoi hop 2021")
    page.get_by_role("button", name="Lọc").click()
    assert OLD in page.content()
    screenshot(page, "regulations-list")

    # Import: the preview counts the lines and lists the two it could not place, with their numbers.
    page.get_by_role("link", name="Nhập quy chế").click()
    page.get_by_label("Tệp văn bản (.docx hoặc .txt)").set_input_files(str(text_with_strays))
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_role("region", name="Xem trước")
    assert "Điều 5. Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh" in preview.inner_text()
    assert (
        page.get_by_test_id("line-counts").inner_text()
        == "103 dòng có chữ: 101 đã đặt vào dàn ý, 2 chưa đặt được (cảnh báo)"
    )
    warnings = page.get_by_test_id("warnings").inner_text()
    assert (
        "Dòng 22: Không xác định được đoạn này thuộc điều nào" in warnings
        and "Dòng 69: Số trang “- 5 -”" in warnings
    )
    screenshot(page, "regulations-import-warnings")
    page.get_by_role("button", name="Lưu quy chế").click()
    assert "Chưa lưu: 2 trong 103 dòng" in page.get_by_test_id("save-error").inner_text()
    assert not Regulation.objects.filter(number=NUMBER).exists()
    page.get_by_label("Tôi đã đọc các cảnh báo").check()
    page.get_by_role("button", name="Lưu quy chế").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Quy chế số {NUMBER}"
    assert "Đã nhập quy chế" in page.get_by_role("status").inner_text()
    # Nothing is signed by the import, and a staff officer cannot move the status.
    assert page.get_by_text("Chưa ký").count() == 4 and page.get_by_text("Đã ký").count() == 0
    assert page.get_by_role("link", name="Cho quy chế có hiệu lực").count() == 0
    assert "Lãnh đạo của một bên ký kết chuyển trạng thái" in page.content()
    screenshot(page, "regulations-imported-unsigned")

    page.get_by_role("button", name="Xác nhận tất cả nghĩa vụ đã có cơ quan chủ trì").click()
    regulation = Regulation.objects.get(number=NUMBER)
    assert regulation.obligations.filter(status=Obligation.Status.CONFIRMED).count() > 10
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
    assert f"So với Quy chế số {OLD}" in page.content()
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

    # Each party's leader records their own party's signature; the form is filled from the text, to check.
    today = timezone.localdate().strftime("%d/%m/%Y")
    for username, _body in LEADERS:
        sign_out(page)
        sign_in(username, DEMO_PASSWORD)
        page.goto(regulation.get_absolute_url())
        buttons = page.get_by_role("link", name="Ghi nhận chữ ký")
        assert buttons.count() == 1, username  # only their own body's
        buttons.click()
        assert page.get_by_label("Họ và tên người ký").input_value()
        page.get_by_label("Ngày ký (ngày/tháng/năm)").fill(today)
        if username == "lanhdaoubnd":
            screenshot(page, "regulations-leader-signs")
        page.get_by_role("button", name="Ghi nhận chữ ký").click()
        assert "Đã ghi nhận chữ ký" in page.get_by_role("status").inner_text()
    assert page.get_by_text("Chưa ký").count() == 0

    # A leader puts it in force; the page says what that does before anything happens.
    page.get_by_role("link", name="Cho quy chế có hiệu lực").click()
    consequences = page.get_by_test_id("consequences").inner_text()
    assert f"Quy chế {NUMBER} có hiệu lực từ {today}." in consequences
    assert f"Quy chế {OLD} chuyển sang “Đã được thay thế”" in consequences
    screenshot(page, "regulations-in-force-confirm")
    assert Regulation.objects.get(number=NUMBER).status == Regulation.Status.DRAFT
    page.get_by_role("button", name="Xác nhận: cho quy chế có hiệu lực").click()
    assert "Quy chế chuyển sang: Đã ký, có hiệu lực." in page.get_by_role("status").inner_text()
    screenshot(page, "regulations-in-force")
    assert Regulation.objects.get(number=NUMBER).status == Regulation.Status.IN_FORCE
    old = Regulation.objects.get(number=OLD)
    assert old.status == Regulation.Status.SUPERSEDED and old.effective_to < timezone.localdate()
    assert Regulation.objects.filter(unit=regulation.unit, status=Regulation.Status.IN_FORCE).count() == 1


def test_a_commune_officer_reaches_the_consistency_check_from_their_regulation(
    demo_without_the_2026_regulation, page, sign_in
):
    Regulation.objects.filter(number=OLD).update(
        status=Regulation.Status.SUPERSEDED
    )  # back as the full demo has it
    call_command("load_demo", stdout=StringIO())  # 12/… again, in force
    sign_in("canboxa", DEMO_PASSWORD)
    page.get_by_role("link", name="Quy chế phối hợp", exact=True).click()
    page.get_by_role("link", name="03/QCPH-TTHĐND-UBND-BTTUBMTTQ").click()
    page.get_by_role("link", name="Đối chiếu cấp trên").click()
    content = page.content()
    assert f"Quy chế số {NUMBER}" in content
    assert "UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra" in content and "submission_due" not in content
    screenshot(page, "regulations-consistency")


def test_an_import_shows_its_progress_then_the_preview(
        demo_without_the_2026_regulation, tasks_wait_for_a_worker, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto("/regulations/import/")
    page.get_by_label("Hoặc dán nội dung quy chế").fill(sample_text())
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_url("**/regulations/import/*/")
    assert "Hệ thống đang đọc văn bản và dựng dàn ý" in page.get_by_test_id("import-progress").inner_text()
    assert page.get_by_label("Tiến độ: 0%").is_visible()
    screenshot(page, "regulations-import-progress")

    report_render(report_id=GeneratedReport.objects.get(kind=IMPORT_KIND).pk)  # the worker reads the text
    preview = page.get_by_role("region", name="Xem trước")
    preview.wait_for(timeout=15_000)  # the progress polls every second, then the page reloads as the preview
    assert "Điều 5. Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh" in preview.inner_text()
    assert (
        page.get_by_test_id("line-counts").inner_text()
        == "101 dòng có chữ: 101 đã đặt vào dàn ý, 0 chưa đặt được (cảnh báo)"
    )
    screenshot(page, "regulations-import-preview")
    assert not Regulation.objects.filter(number=NUMBER).exists()  # nothing saved until "Lưu quy chế"
