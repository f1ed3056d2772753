"""An anonymous voter on a phone (390 × 844) follows their petition on the public pages: a search typed
without diacritics, the code printed beside it, the petition's own page with the agency's answer."""


import pytest

from regulations.models import Regulation
from tests.e2e.conftest import check_accessibility, screenshot
from voters.models import Petition
from voters.queries import public_code

PHONE = {"width": 390, "height": 844}


def fits_the_phone(page) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_voter_searches_looks_up_a_code_and_reads_the_answer(demo, page):
    page.set_viewport_size(PHONE)
    page.goto("/cong-khai/")
    assert page.get_by_role("heading", name="Kết quả giải quyết kiến nghị cử tri").is_visible()
    fits_the_phone(page)
    screenshot(page, "public-phone-home")

    page.get_by_role("searchbox").fill("giay chung nhan quyen su dung dat")
    page.get_by_role("button", name="Tìm", exact=True).click()
    results = page.get_by_role("list").filter(has_text="Đề nghị sớm cấp giấy chứng nhận")
    assert results.first.is_visible()
    assert "Tìm thấy" in page.get_by_role("heading", level=2).first.inner_text()
    fits_the_phone(page)
    screenshot(page, "public-phone-search")
    # The result's link opens its page, whose heading starts with the code printed beside it in the list.
    link = results.first.get_by_role("link").filter(has_text="Đề nghị sớm cấp giấy chứng nhận").first
    listed_code = link.locator(".code").inner_text()
    link.click()
    page.wait_for_url(f"**/cong-khai/kien-nghi/{listed_code}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(listed_code)

    petition = Petition.objects.get(round__results_published_at__isnull=False, number=1)
    code = public_code(petition)
    page.goto("/cong-khai/")
    page.get_by_role("textbox", name="Mã kiến nghị").fill(code)
    page.get_by_role("button", name="Xem kiến nghị").click()
    page.wait_for_url(f"**/cong-khai/kien-nghi/{code}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(code)
    answer = page.get_by_role("region", name="Trả lời của cơ quan giải quyết")
    assert "Đã cấp 214 giấy chứng nhận" in answer.inner_text() and "512/STNMT-QLĐĐ" in answer.inner_text()
    assert "Trả lời đúng hạn" in page.inner_text("main") or "Trả lời quá hạn" in page.inner_text("main")
    fits_the_phone(page)
    # Big targets: the search and lookup buttons, the menu links are at least 44 px tall.
    for link in page.get_by_role("navigation", name="Các trang công khai").get_by_role("link").all():
        assert link.bounding_box()["height"] >= 44
    screenshot(page, "public-phone-petition")

    page.goto("/cong-khai/")
    page.get_by_role("textbox", name="Mã kiến nghị").fill("99999-1")
    page.get_by_role("button", name="Xem kiến nghị").click()
    assert "Mã kiến nghị: không tìm thấy" in page.get_by_role("alert").inner_text()


@pytest.mark.parametrize("width", [390, 1366])
def test_every_kind_of_public_page_has_no_serious_accessibility_violation(demo, page, width):
    """The violations found fail the test at its end, listed with their page (tests/e2e/conftest.py)."""
    page.set_viewport_size({"width": width, "height": 900})
    petition = Petition.objects.filter(round__results_published_at__isnull=False, number=1).get()
    pages = ["/cong-khai/", "/cong-khai/kien-nghi/?q=dat+dai", f"/cong-khai/dot/{petition.round_id}/",
             f"/cong-khai/don-vi/{petition.unit_id}/", f"/cong-khai/kien-nghi/{public_code(petition)}/",
             "/cong-khai/lich-tiep-cong-dan/", "/cong-khai/quy-che/", "/cong-khai/tra-cuu/?ma=sai"]
    regulation = Regulation.objects.filter(status=Regulation.Status.IN_FORCE).first()
    pages.append(f"/cong-khai/quy-che/{regulation.pk}/")
    for url in pages:
        page.goto(url)
        if width == 390:
            fits_the_phone(page)
        check_accessibility(page)  # axe-core, as on every page the browser tests visit (e2e/conftest.py)
