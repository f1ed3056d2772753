"""In an English Chromium (en-US, where a native date field shows 01/20/2027) every date box of a form and of
a filter shows and reads dd/mm/yyyy; the date picker writes the day picked the same way (issue #15 §1)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import Role
from tests.conftest import build_province, member
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD
from tests.sessions.factories import SessionFactory
from voters.models import ReceptionDay


@pytest.fixture
def browser_locale() -> str:
    return "en-US"


@pytest.fixture
def story(transactional_db):
    province = build_province("Tỉnh Hòa Phong")
    member(province.standing, Role.STAFF, "canbo_ngay")
    return {"session": SessionFactory(term=province.term, council=province.standing.parent)}


def test_dates_are_typed_picked_and_shown_dd_mm_yyyy_in_an_english_browser(story, page, sign_in):
    assert page.evaluate("navigator.language") == "en-US"
    sign_in("canbo_ngay", PASSWORD)

    # A day filled in for the person (today) is shown dd/mm/yyyy, not 12/02/2026.
    page.goto(reverse("council_sessions:question_create", args=[story["session"].pk]))
    received = page.get_by_label("Ngày nhận chất vấn")
    assert received.get_attribute("type") == "text"
    assert received.input_value() == f"{timezone.localdate():%d/%m/%Y}"

    page.goto(reverse("voters:reception_create"))
    day = page.get_by_label("Ngày tiếp")
    assert day.get_attribute("placeholder") == "dd/mm/yyyy"
    # The picker, in Vietnamese, writes the day picked into the box as dd/mm/yyyy.
    page.get_by_role("button", name="Chọn ngày trên lịch").click()
    calendar = page.locator(".flatpickr-calendar.open")
    assert "CN" in calendar.inner_text()  # Vietnamese weekdays (Chủ nhật … Thứ bảy)
    this_month = calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)")
    this_month.filter(has_text=re.compile(r"^15$")).click()
    assert re.fullmatch(r"15/\d\d/\d{4}", day.input_value())
    page.get_by_role("button", name="Chọn ngày trên lịch").click()
    screenshot(page, "dates-picker-en-us")
    page.keyboard.press("Escape")
    # What is typed is what is stored: 20/01/2027 is 20 January, whatever the browser's language.
    day.fill("")
    day.press_sequentially("20/01/2027")
    page.get_by_label("Cơ quan tiếp").select_option(index=1)
    page.get_by_label("Người tiếp").fill("Chủ tịch HĐND tỉnh")
    page.get_by_label("Địa điểm").fill("Trụ sở Tiếp công dân tỉnh")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("heading", name="Buổi tiếp công dân 20/01/2027").wait_for()
    assert ReceptionDay.objects.get().day == date(2027, 1, 20)

    # A filter reads dd/mm/yyyy too, and a range running backwards is a message naming both boxes.
    page.goto(reverse("voters:reception_list"))
    page.get_by_label("Từ ngày").fill("01/01/2027")
    page.get_by_label("Đến ngày").fill("31/01/2027")
    page.get_by_role("button", name="Lọc", exact=True).click()
    assert "Chủ tịch HĐND tỉnh" in page.locator("table").inner_text()
    assert page.get_by_label("Từ ngày").input_value() == "01/01/2027"
    page.get_by_label("Từ ngày").fill("31/01/2027")
    page.get_by_label("Đến ngày").fill("01/01/2027")
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_load_state()  # the page refused, not the one being left
    assert page.get_by_text("«Từ ngày» phải trước hoặc bằng «Đến ngày».", exact=True).first.is_visible()
    assert "Có lỗi cần sửa" in page.get_by_role("alert").inner_text()
    assert "Chủ tịch HĐND tỉnh" in page.locator("table").inner_text()  # not an empty list
    screenshot(page, "dates-filter-backwards-en-us")
