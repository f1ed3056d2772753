"""A Council Standing Committee leader keeps their certificate, exports the joint regulation, signs it
digitally from its page; an officer uploads the signed copy back and the regulation's page shows its badge."""

import pytest

from coordination.models import GeneratedReport, Role
from tests.conftest import build_province, member
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD
from tests.regulations.factories import draft_text, import_text
from tests.signing_ca import authority, issue, picture


@pytest.fixture
def story(transactional_db, settings, tmp_path):
    root = tmp_path / "goc.pem"
    root.write_bytes(authority().pem)
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    province = build_province("Tỉnh Hòa Phong")
    leader = member(province.standing, Role.LEADER, "lanhdao_ky")
    officer = member(province.standing, Role.STAFF, "canbo_ky")
    regulation = import_text(draft_text(), province.unit)
    p12 = tmp_path / "lanh-dao.p12"
    p12.write_bytes(issue("Trần Thị Bình", "Thường trực HĐND tỉnh Hòa Phong"))
    signature = tmp_path / "chu-ky.png"
    signature.write_bytes(picture())
    return {
        "regulation": regulation,
        "leader": leader,
        "officer": officer,
        "p12": p12,
        "signature": signature,
    }


def test_a_leader_signs_in_the_browser_and_the_signed_copy_gets_its_badge(story, page, sign_in, live_server):
    sign_in("lanhdao_ky", PASSWORD)
    page.get_by_role("link", name="Chữ ký số của tôi").click()
    page.get_by_label("Tệp chứng thư số (.p12, .pfx)").set_input_files(str(story["p12"]))
    page.get_by_label("Mật khẩu của tệp").fill("matkhau")
    page.get_by_label("Ảnh chữ ký (PNG, nền trong suốt)").set_input_files(str(story["signature"]))
    page.get_by_role("button", name="Lưu chứng thư số").click()
    assert "Trần Thị Bình" in page.get_by_test_id("credential").inner_text()
    screenshot(page, "signing-my-certificate")

    page.goto(story["regulation"].get_absolute_url())
    page.get_by_role("button", name="Xuất PDF").click()
    page.get_by_test_id("report-download").wait_for()
    assert "Chờ ký" in page.get_by_test_id("signatures").inner_text()
    page.get_by_test_id("sign").click()
    page.get_by_test_id("report-download-signed").wait_for()
    parties = page.get_by_test_id("signatures").inner_text()
    assert "Đã ký số bởi" in parties and "Chờ ký" in parties  # the People's Committee is awaited
    screenshot(page, "signing-signed-by-the-lead-party")

    signed = GeneratedReport.objects.get(kind="regulation_pdf").signed_file.read()
    sign_in("canbo_ky", PASSWORD)
    page.goto(story["regulation"].get_absolute_url())
    page.get_by_label("Tải lên bản ký (PDF)").set_input_files(
        {"name": "ban-ky-so.pdf", "mimeType": "application/pdf", "buffer": signed})
    page.get_by_role("button", name="Lưu bản ký").click()
    page.goto(story["regulation"].get_absolute_url())
    badge = page.get_by_test_id("signature-badge").inner_text()
    assert (
        "Đã ký số bởi Trần Thị Bình (Thường trực HĐND tỉnh Hòa Phong)" in badge
        and "nội dung còn nguyên vẹn" in badge
    )
    screenshot(page, "signing-badge-on-the-regulation")
