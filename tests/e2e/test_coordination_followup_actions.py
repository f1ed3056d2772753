"""The leader on a phone (390 px) opens an overdue item from the dashboard and acts on it: a comment, an
extension, a re-assignment — each recorded on the item's page, in its "Lịch sử" and in the list."""



from coordination.demo import DEMO_PASSWORD
from coordination.models import FollowUp, FollowUpComment
from tests.e2e.conftest import screenshot

PHONE = {"width": 390, "height": 844}
ITEM = "Trả lời kiến nghị cử tri số 5"


def responsible_shown(page) -> str:
    return page.locator("dt:has-text('Rõ người') + dd").inner_text()


def assert_fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)"
        ".slice(0, 5).map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)"
    )
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone: {wide}"


def test_a_leader_comments_extends_and_reassigns_an_overdue_item_from_the_dashboard(demo, page, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("lanhdao", DEMO_PASSWORD)

    # The most overdue item names its people and offers the actions (a plan task: the plan's own forms).
    page.goto("/dashboard/")
    page.get_by_test_id("overdue-item").first.click()
    assert responsible_shown(page) not in ("", "—")
    assert page.get_by_role("button", name="Gửi ý kiến").is_visible()
    assert page.get_by_role("button", name="Gia hạn").first.is_visible()
    screenshot(page, "coordination-followup-actions-plan-task")

    page.goto("/dashboard/")
    page.get_by_test_id("overdue-row").filter(has_text=ITEM).get_by_test_id("overdue-item").click()
    followup = FollowUp.objects.get(title__startswith=ITEM)
    first_due = f"{followup.due_on:%d/%m/%Y}"
    assert responsible_shown(page) == str(followup.responsible)
    assert_fits_the_phone(page)
    screenshot(page, "coordination-followup-actions-open")

    page.locator("#comments").get_by_label("Ý kiến").fill("Đề nghị Sở báo cáo tiến độ trước ngày 10.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert "Đã ghi ý kiến" in page.get_by_role("status").inner_text()
    comment = page.get_by_test_id("comment").last
    assert "Đề nghị Sở báo cáo tiến độ trước ngày 10." in comment.inner_text()
    assert "Trần Thị Mai" in comment.inner_text()
    assert FollowUpComment.objects.get(followup=followup).by.username == "lanhdao"

    # A day before today is refused, naming the field; nothing changes.
    extend = page.locator("#extend")
    extend.get_by_label("Thời hạn mới").fill("01/12/2026")
    extend.get_by_label("Lý do gia hạn").fill("Chờ ý kiến của Bộ")
    extend.get_by_role("button", name="Gia hạn").click()
    assert "Thời hạn mới (01/12/2026) không được trước ngày hôm nay" in page.content()
    assert_fits_the_phone(page)
    screenshot(page, "coordination-followup-actions-extend-refused")
    assert FollowUp.objects.get(pk=followup.pk).extended_from is None
    # The form comes back with the reason kept: the leader corrects the day only.
    assert page.get_by_label("Lý do gia hạn").input_value() == "Chờ ý kiến của Bộ"
    page.get_by_label("Thời hạn mới").fill("31/12/2026")
    page.get_by_role("button", name="Gia hạn").click()
    assert "Đã gia hạn đến 31/12/2026." in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("extended").inner_text() == f"Gia hạn đến 31/12/2026 (hạn ban đầu {first_due})"

    reassign = page.locator("#reassign")
    reassign.get_by_label("Người chịu trách nhiệm").select_option(label="Nguyễn Văn Thành")
    reassign.get_by_label("Lý do giao lại").fill("Thường trực HĐND trực tiếp theo dõi")
    reassign.get_by_role("button", name="Giao lại").click()
    assert "Đã giao lại" in page.get_by_role("status").inner_text()
    assert responsible_shown(page) == "Nguyễn Văn Thành"
    assert_fits_the_phone(page)
    screenshot(page, "coordination-followup-actions-done")

    page.get_by_role("link", name="Lịch sử thay đổi").click()
    history = page.get_by_test_id("history").inner_text()
    assert "Ý kiến: Đề nghị Sở báo cáo tiến độ trước ngày 10." in history
    assert f"{first_due} → 31/12/2026" in history and "Chờ ý kiến của Bộ" in history
    assert "→ Nguyễn Văn Thành" in history and "Thường trực HĐND trực tiếp theo dõi" in history
    screenshot(page, "coordination-followup-actions-history")

    page.goto("/followups/?state=open&due_from=31%2F12%2F2026&due_to=31%2F12%2F2026")
    row = page.locator("tr").filter(has_text=ITEM)
    assert "Gia hạn đến 31/12/2026" in row.inner_text()
    screenshot(page, "coordination-followup-actions-list")
