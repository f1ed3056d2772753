"""Voters in the browser: from two meetings to a verified answer and the report; the denunciation as
its handler (identity shown, access logged) and as another officer of the same body (identity absent);
a leader handing it to another officer, who then sees the identity."""


from django.utils import timezone

from coordination.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot
from voters.models import IdentityAccessLog, Petition, PetitionStatus, ReceptionDay, VoterContactRound

FIRST = "Đề nghị nạo vét kênh mương nội đồng thôn Chín bị bồi lấp"
SECOND = "de nghi nao vet kenh muong noi dong thon Chin bi boi lap"


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_opinions_to_a_verified_answer_and_the_report(demo, page, sign_in):
    round_ = VoterContactRound.objects.get(title__startswith="Tiếp xúc cử tri trước")
    sign_in("mattran", DEMO_PASSWORD)
    page.get_by_role("link", name="Cử tri, công dân").click()
    page.get_by_role("link", name="Đợt tiếp xúc", exact=True).click()
    page.get_by_role("link", name=round_.title).click()
    screenshot(page, "voters-round")
    # The round's editors add a meeting on a page of its own.
    page.get_by_role("link", name="Thêm hội nghị tiếp xúc").click()
    assert page.get_by_role("heading", name="Thêm hội nghị tiếp xúc cử tri").is_visible()
    assert page.get_by_label("Địa điểm").is_visible()
    page.go_back()
    meetings = page.locator("table a[href*='/voters/meetings/']")
    for index, text in ((0, FIRST), (1, SECOND)):
        meetings.nth(index).click()
        page.get_by_label("Nội dung ý kiến, kiến nghị").fill(text)
        page.get_by_role("button", name="Ghi ý kiến").click()
        assert page.get_by_text("Đã ghi ý kiến.").is_visible()
        if index == 0:
            screenshot(page, "voters-meeting-opinions")
        page.get_by_role("link", name="Về đợt tiếp xúc").click()

    page.get_by_role("link", name="Tổng hợp, phân loại ý kiến").click()
    # The second opinion's proposal quotes the first: the first opinion's own card comes first.
    page.locator("article", has_text=FIRST).first.get_by_role(
        "button", name="Tạo kiến nghị mới từ ý kiến này"
    ).click()
    page.get_by_role("button", name="Tìm lại ý kiến trùng lặp").click()
    petition = Petition.objects.get(title=FIRST)
    screenshot(page, "voters-compile-proposal")
    page.locator("article", has_text=SECOND).get_by_role(
        "button", name=f"Gộp vào kiến nghị số {petition.number}"
    ).click()
    assert petition.opinions.count() == 2

    page.get_by_role("link", name=FIRST).click()
    page.get_by_label("Lĩnh vực").select_option(label="Nông nghiệp, nông thôn")
    page.get_by_label("Thẩm quyền").select_option("province")
    page.get_by_label("Cơ quan giải quyết").select_option(
        label="Sở Nông nghiệp và Môi trường tỉnh Hòa Phong (Tỉnh Hòa Phong)"
    )
    page.get_by_role("button", name="Chuyển kiến nghị").click()
    assert page.get_by_text("Đã chuyển kiến nghị đến cơ quan giải quyết.").is_visible()
    sign_out(page)

    sign_in("songanh", DEMO_PASSWORD)
    page.goto(petition.get_absolute_url())
    page.get_by_label("Đã giải quyết xong").check()
    page.get_by_label("Nội dung trả lời").fill("Đã nạo vét xong 2,5 km kênh mương.")
    page.get_by_label("Văn bản trả lời (số, ký hiệu)").fill("101/SNNMT-TL")
    page.get_by_label("Tệp văn bản trả lời (PDF, DOC, DOCX, ODT)").set_input_files(
        files=[{"name": "101-SNNMT-TL.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 tra loi"}])
    page.get_by_role("button", name="Ghi trả lời").click()
    assert page.get_by_text("Đã ghi nhận trả lời.").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp văn bản trả lời").click()
    assert download.value.suggested_filename.endswith(".pdf")
    sign_out(page)

    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto(petition.get_absolute_url())
    page.get_by_label("Đạt yêu cầu").check()
    page.get_by_role("button", name="Ghi đánh giá").click()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.SATISFIED
    screenshot(page, "voters-petition-detail")
    page.goto(f"/voters/results/?round={round_.pk}")
    assert page.get_by_role("heading", name="Báo cáo kết quả giải quyết kiến nghị cử tri").is_visible()
    assert page.locator("svg").first.is_visible()
    screenshot(page, "voters-results")


def test_the_denunciation_as_handler_and_as_another_officer(demo, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto("/voters/letters/")
    page.get_by_role("link", name="Đơn số 02/ĐT").or_(page.get_by_role("link", name="02/ĐT")).first.click()
    assert "Phạm Văn Tố" not in page.content()
    assert page.get_by_role("button", name="Xem thông tin người tố cáo").count() == 0
    screenshot(page, "voters-letter-other-staff")
    sign_out(page)

    sign_in("tiepdan", DEMO_PASSWORD)
    page.goto("/voters/letters/")
    page.get_by_role("link", name="02/ĐT").click()
    assert "Phạm Văn Tố" not in page.content()
    page.get_by_label("Lý do xem thông tin người tố cáo").fill("Xác minh nội dung tố cáo")
    page.get_by_role("button", name="Xem thông tin người tố cáo").click()
    assert page.get_by_text("Phạm Văn Tố").is_visible()
    assert IdentityAccessLog.objects.filter(
        user__username="tiepdan",
        action="view",
        reason="Xác minh nội dung tố cáo",
        at__date=timezone.localdate(),
    ).exists()
    screenshot(page, "voters-letter-handler")


def test_a_leader_hands_the_denunciation_to_another_officer(demo, page, sign_in):
    sign_in("lanhdao", DEMO_PASSWORD)
    page.goto("/voters/letters/")
    page.get_by_role("link", name="02/ĐT").click()
    assert "Phạm Văn Tố" not in page.content()
    page.get_by_label("Người xử lý đơn").select_option(label="Nguyễn Thị Thu")
    page.get_by_role("button", name="Phân công", exact=True).click()
    assert page.get_by_text("Đã phân công người xử lý đơn.").is_visible()
    assert page.locator(".holders").get_by_text("Nguyễn Thị Thu (người xử lý)").is_visible()
    assert "Hà Văn Tiến" not in page.locator(".holders").inner_text()
    screenshot(page, "voters-letter-assign-handler")
    sign_out(page)

    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto("/voters/letters/")
    page.get_by_role("link", name="02/ĐT").click()
    page.get_by_label("Lý do xem thông tin người tố cáo").fill("Tiếp nhận xử lý đơn")
    page.get_by_role("button", name="Xem thông tin người tố cáo").click()
    assert page.get_by_text("Phạm Văn Tố").is_visible()


def test_a_reception_day_is_logged_and_replied_to(demo, page, sign_in):
    sign_in("ubnd", DEMO_PASSWORD)
    page.goto("/voters/reception/")
    screenshot(page, "voters-reception-register")
    past = ReceptionDay.objects.filter(
        day__lte=timezone.localdate(), host_body__kind="peoples_committee"
    ).first()
    page.goto(past.get_absolute_url())
    page.get_by_label("Công dân đến").fill("Ông Trần Văn Năm")
    page.get_by_label("Nội dung trình bày").fill("Đề nghị giải quyết chế độ thương binh")
    page.get_by_role("button", name="Ghi lượt tiếp").click()
    assert page.get_by_text("Đã ghi lượt tiếp công dân.").is_visible()
    row = page.locator("tr", has_text="Ông Trần Văn Năm")
    row.locator("select").select_option("accepted")
    row.get_by_role("button", name="Ghi trả lời").click()
    assert page.locator("tr", has_text="Ông Trần Văn Năm").get_by_text("Thụ lý").is_visible()
    screenshot(page, "voters-reception-day")
    page.goto("/voters/reception/visits/?q=thuong+binh")
    assert page.locator("tr", has_text="Ông Trần Văn Năm").get_by_text("Đã trả lời").is_visible()
    screenshot(page, "voters-visit-register")


def test_a_year_of_weekly_reception_days_is_generated(demo, page, sign_in):
    year = timezone.localdate().year + 1
    sign_in("ubnd", DEMO_PASSWORD)
    page.goto("/voters/reception/schedule/")
    page.get_by_label("Cơ quan tiếp").select_option(index=1)
    page.get_by_label("Người tiếp").fill("Chủ tịch UBND tỉnh")
    page.get_by_label("Địa điểm").fill("Trụ sở Tiếp công dân tỉnh")
    page.locator("#id_year").fill(str(year))
    page.get_by_label("Hằng tuần", exact=True).check()
    page.get_by_label("Thứ trong tuần (tiếp hằng tuần)").select_option(label="Thứ Năm")
    screenshot(page, "voters-reception-schedule")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text(f"Đã lập lịch năm {year}:").is_visible()
    assert ReceptionDay.objects.filter(day__year=year).count() >= 50


def test_the_letter_register_shows_no_identity_to_the_handler_either(demo, page, sign_in):
    sign_in("tiepdan", DEMO_PASSWORD)
    page.goto("/voters/letters/?q=to+cao")
    assert "02/ĐT" in page.content() and "Phạm Văn Tố" not in page.content()
    screenshot(page, "voters-letter-register")
