"""A session from scheduling to closing, and a supervision from decision to verified recommendation,
clicked through as the officers would."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from coordination.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_session_from_scheduling_to_closing(demo, page, sign_in):
    from sessions import services
    from sessions.models import Session

    today = timezone.localdate()
    opening = today + timedelta(days=40)
    # Numbers follow the dates: for this 4th session to open today, the demo's 3rd (planned ahead) met before.
    third = Session.objects.filter(number=3).order_by("-planned_open").first()
    services.session_move(
        session=third,
        planned_open=today - timedelta(days=5),
        planned_close=today - timedelta(days=3),
        reason="Họp sớm hơn dự kiến",
    )
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.get_by_role("link", name="Kỳ họp, giám sát").click()
    screenshot(page, "sessions-list")
    page.get_by_role("link", name="Lên lịch kỳ họp").click()
    page.get_by_label("Kỳ họp thứ").fill("4")
    page.get_by_label("Loại kỳ họp").select_option("thematic")
    page.get_by_label("Ngày khai mạc dự kiến").fill(opening.isoformat())
    page.get_by_label("Ngày bế mạc dự kiến").fill((opening + timedelta(days=1)).isoformat())
    page.get_by_label("Địa điểm").fill("Hội trường HĐND tỉnh")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kỳ họp thứ 4")

    for title in ["Tờ trình đề án chuyển đổi số", "Tờ trình chính sách hỗ trợ nông nghiệp"]:
        page.get_by_role("link", name="Thêm tờ trình").click()
        page.get_by_label("Trích yếu tờ trình").fill(title)
        page.get_by_label("Cơ quan trình").select_option(label="UBND tỉnh")
        page.get_by_label("Ban thẩm tra").select_option(label="Ban KT-NS")
        page.get_by_role("button", name="Lưu").click()
    due = opening - timedelta(days=20)
    assert f"{due:%d/%m/%Y}" in page.content()  # the due date the calendar service computed

    # Sent today, ahead of its deadline (a day after today would be refused: it has not happened yet).
    page.get_by_role("row", name="Tờ trình đề án chuyển đổi số").get_by_role(
        "link", name="Ghi nhận đã gửi"
    ).click()
    page.get_by_label("Ngày gửi tờ trình").fill((due + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Lưu").click()
    assert "sau ngày hôm nay" in page.content()
    page.get_by_label("Ngày gửi tờ trình").fill(today.isoformat())
    page.get_by_role("button", name="Lưu").click()
    assert "đúng hạn" in page.get_by_role("status").inner_text()
    assert page.get_by_role("row", name="Tờ trình đề án chuyển đổi số").get_by_text("Đúng hạn").is_visible()
    screenshot(page, "session-submissions")

    for status in ["Đã triệu tập", "Đang họp", "Đã bế mạc"]:
        page.get_by_role("button", name=f"Chuyển sang: {status}").click()
        assert status in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Ghi nhận nghị quyết").click()
    page.get_by_label("Số, ký hiệu").fill("30/2026/NQ-HĐND")
    page.get_by_label("Trích yếu").fill("Quy định chính sách hỗ trợ chuyển đổi số")
    page.get_by_label("Thay thế nghị quyết").select_option(label="Nghị quyết số 10/2016/NQ-HĐND")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("link", name="30/2026/NQ-HĐND").is_visible()
    screenshot(page, "session-closed")

    page.get_by_role("button", name="Tải hồ sơ kỳ họp (PDF)").click()
    page.get_by_test_id("report-download").wait_for(timeout=60_000)
    with page.expect_download() as info:
        page.get_by_test_id("report-download").click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")


def test_a_supervision_from_decision_to_verified_recommendation(demo, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto("/sessions/supervision/")
    page.get_by_role("link", name="Thành lập đoàn giám sát").click()
    page.get_by_label("Cơ quan chủ trì").select_option(label="Thường trực HĐND")
    page.get_by_label("Số quyết định thành lập đoàn").fill("90/QĐ-TTHĐND")
    page.get_by_label("Ngày quyết định").fill("2026-09-01")
    page.get_by_label("Nội dung giám sát").fill("Việc thực hiện chính sách hỗ trợ giống cây trồng")
    page.get_by_label("Sở NN&MT").check()
    page.get_by_label("Ngày bắt đầu làm việc trực tiếp").fill("2026-09-20")
    page.get_by_label("Ngày kết thúc").fill("2026-09-22")
    page.get_by_role("button", name="Lưu").click()
    assert "16/09/2026" in page.content()  # notify ≤ 15 days after the decision

    page.get_by_label("Bước").select_option("report")
    page.get_by_label("Ngày thực hiện").fill("2026-10-01")
    page.get_by_label("Kết luận (khi báo cáo)").fill("Đề nghị Sở rà soát đối tượng thụ hưởng")
    page.get_by_role("button", name="Ghi nhận bước").click()
    page.get_by_role("link", name="Thêm kiến nghị").click()
    page.get_by_label("Cơ quan thực hiện").select_option(label="Sở NN&MT")
    page.get_by_label("Nội dung kiến nghị").fill("Rà soát lại danh sách hộ được hỗ trợ")
    page.get_by_role("button", name="Lưu").click()
    mission_url = page.url
    _sign_out(page)

    sign_in("songanh", DEMO_PASSWORD)
    page.goto(mission_url)
    page.get_by_role("row", name="Rà soát lại danh sách hộ được hỗ trợ").get_by_role(
        "link", name="Báo cáo kết quả"
    ).click()
    page.get_by_label("Báo cáo kết quả thực hiện").fill("Đã rà soát 1.050 hộ, điều chỉnh 12 hộ")
    page.get_by_label("Ngày trả lời").fill("2026-10-20")
    page.get_by_role("button", name="Lưu").click()
    _sign_out(page)

    sign_in("banphapche", DEMO_PASSWORD)
    page.goto(mission_url)
    page.get_by_role("row", name="Rà soát lại danh sách hộ được hỗ trợ").get_by_role(
        "link", name="Xác minh"
    ).click()
    page.get_by_label("Đã thực hiện").check()
    page.get_by_role("button", name="Lưu").click()
    row = page.get_by_role("row", name="Rà soát lại danh sách hộ được hỗ trợ")
    assert row.get_by_text("Đã thực hiện (đã xác minh)").is_visible()
    heading = page.get_by_role("heading", name="Kiến nghị sau giám sát").inner_text()
    assert re.search(r"đã thực hiện 100\s%\s\((\d+)/\1\)", heading), heading  # all of them, out of how many
    screenshot(page, "supervision-verified")


def test_an_officer_browses_meetings_resolutions_and_prints_a_register(demo, page, sign_in):
    sign_in("xemtin", DEMO_PASSWORD)
    page.goto("/sessions/meetings/")
    page.get_by_label("Tìm kiếm (gõ có dấu hoặc không dấu)").fill("thang 5/2022")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Phiên họp thường kỳ tháng 5/2022").click()
    assert page.get_by_role("heading", name="Nội dung (10)").is_visible()
    assert (
        page.get_by_role("link", name="Kỳ họp thứ 7").count() == 4
    )  # four items go before the mid-year session
    assert not page.get_by_role("link", name="Thêm nội dung").count()  # a viewer reads only
    screenshot(page, "meeting-may-2022")

    page.goto("/sessions/resolutions/")
    page.get_by_role("link", name="10/2016/NQ-HĐND").click()
    page.get_by_role("link", name="12/2026/NQ-HĐND").click()  # the chain, followed forwards
    assert page.get_by_role("link", name="10/2016/NQ-HĐND").is_visible()  # … and back
    screenshot(page, "resolution-chain")

    page.goto("/sessions/supervision/?format=print")
    assert "Tái giám sát việc thực hiện kiến nghị" in page.content()
    screenshot(page, "supervision-print")
