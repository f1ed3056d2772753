"""Every demo user signs in, sees the home page and (admin only) the Django admin."""


import pytest

from coordination.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot


def printed_logins(output: str) -> list[str]:
    """The usernames ``load_demo`` prints, one an indented line after its "Tài khoản" line."""
    return [
        line.split()[0] for line in output.split("Tài khoản", 1)[1].splitlines()[1:] if line.startswith("  ")
    ]


@pytest.fixture
def demo(demo) -> list[str]:
    return printed_logins(demo)


def test_each_demo_user_signs_in_and_opens_home_and_admin(demo, page, sign_in):
    # Every login the demo prints (and the README lists), so a user added to the demo is tested too.
    assert {"thuongtruc", "tiepdan", "admin"} <= set(demo)
    for username in demo:
        sign_in(username, DEMO_PASSWORD)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào"), username
        assert page.get_by_role("button", name="Đăng xuất").is_visible()
        screenshot(page, f"home-{username}")
        page.goto("/admin/")
        if username == "admin":
            assert "Quản trị dữ liệu" in page.content()
            page.goto("/admin/coordination/body/")
            assert "Thường trực Hội đồng nhân dân tỉnh Hòa Phong" in page.content()
        else:
            assert "/admin/login/" in page.url, username
        page.goto("/")
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url("**/accounts/login/**")


def test_a_wrong_password_is_explained_in_vietnamese(demo, page):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("thuongtruc")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", level=2).inner_text() == "Có lỗi cần sửa"
    assert summary.get_by_role("link").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    assert page.evaluate("document.activeElement.dataset.errorSummary") is not None
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_the_bodies_list_filters_and_opens_a_body(demo, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.get_by_role("link", name="Cơ quan", exact=True).click()
    page.get_by_label("Tìm kiếm (gõ có dấu hoặc không dấu)").fill("so xay dung")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Sở Xây dựng tỉnh Hòa Phong").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sở Xây dựng tỉnh Hòa Phong"
    screenshot(page, "body-detail")
