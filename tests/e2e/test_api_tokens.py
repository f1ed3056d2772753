"""An officer makes an API token on its page, reads the API with it, gives it a new secret and revokes it."""

from coordination.models import Role
from tests.conftest import build_province, member
from tests.e2e.conftest import screenshot

PASSWORD = "mat-khau-can-bo-42"


def test_an_officer_makes_uses_rotates_and_revokes_a_token(transactional_db, page, sign_in):
    province = build_province("Hòa Phong")
    officer = member(province.standing, Role.STAFF, "canbo")
    officer.set_password(PASSWORD)
    officer.save()
    sign_in("canbo", PASSWORD)
    page.get_by_role("link", name="Khóa truy cập API").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Khóa truy cập API"
    page.get_by_label("Tên khóa").fill("Phần mềm quản lý văn bản")
    page.get_by_label("Phạm vi").select_option(label="Đọc và ghi")
    page.get_by_role("button", name="Tạo khóa").click()
    secret = page.get_by_test_id("secret").input_value()
    assert secret.startswith("ph_")
    assert "chỉ hiển thị một lần" in page.get_by_test_id("new-secret").inner_text()
    screenshot(page, "api-token-created")

    bearer = {"Authorization": f"Bearer {secret}"}
    units = page.request.get("/api/v1/units/", headers=bearer)
    assert units.status == 200 and units.json()["results"][0]["name"] == province.unit.name

    page.get_by_role("button", name="Tạo mã mới").click()
    new_secret = page.get_by_test_id("secret").input_value()
    assert new_secret != secret
    assert page.request.get("/api/v1/units/", headers=bearer).status == 401
    page.reload()
    assert page.get_by_test_id("new-secret").count() == 0  # shown once
    row = page.get_by_test_id("token-row")
    assert "Đang dùng" in row.inner_text() and new_secret[:11] in row.inner_text()
    row.get_by_role("button", name="Thu hồi").click()
    assert "Đã thu hồi ngày" in page.get_by_test_id("token-row").inner_text()
    refused = page.request.get("/api/v1/units/", headers={"Authorization": f"Bearer {new_secret}"})
    assert refused.status == 401 and refused.json() == {"detail": "Khóa truy cập API này đã bị thu hồi."}
    screenshot(page, "api-token-revoked")
