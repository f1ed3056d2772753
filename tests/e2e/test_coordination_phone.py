"""The leader's two minutes on a phone (390 × 844): the figures first, the filters folded, a tile opens its
list, an overdue item nudged from the dashboard."""



from coordination.demo import DEMO_PASSWORD
from coordination.models import FollowUpNudge, OutboxMessage
from tests.e2e.conftest import SCREENSHOTS, screenshot

PHONE = {"width": 390, "height": 844}


def first_screen(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # what the phone shows before any scrolling


def test_a_leader_on_a_phone_sees_the_figures_first_filters_taps_a_tile_and_nudges(demo, page, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("lanhdao", DEMO_PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Bảng điều hành").click()
    assert not page.get_by_role("navigation", name="Điều hướng chính").is_visible()  # folded again
    tiles = page.get_by_test_id("tiles").bounding_box()
    assert tiles["y"] >= 0 and tiles["y"] + tiles["height"] <= PHONE["height"]
    filters = page.get_by_role("form", name="Lọc số liệu")
    assert not filters.is_visible()
    first_screen(page, "coordination-phone-dashboard")
    screenshot(page, "coordination-phone-dashboard-full")

    page.get_by_text("Lọc số liệu", exact=True).click()
    assert filters.is_visible() and filters.get_by_label("Cơ quan chủ trì").is_visible()
    first_screen(page, "coordination-phone-filters")

    row = page.get_by_test_id("overdue-row").first
    title = row.get_by_test_id("overdue-item").inner_text()
    row.get_by_role("button", name="Đôn đốc").click()
    assert f"Đã đôn đốc: {title}" in page.get_by_role("status").inner_text()
    nudged = page.get_by_test_id("overdue-row").filter(has_text=title).get_by_test_id("nudged")
    assert nudged.inner_text().startswith("Đã đôn đốc ") and nudged.inner_text().endswith("(1 lần)")
    nudge = FollowUpNudge.objects.get(followup__title=title)
    assert nudge.by.username == "lanhdao"
    assert OutboxMessage.objects.filter(kind=OutboxMessage.Kind.NUDGE, followup=nudge.followup).exists()
    page.locator("#overdue").screenshot(path=str(SCREENSHOTS / "coordination-phone-nudged.png"))

    overdue = page.get_by_test_id("overdue-count").inner_text()
    page.get_by_test_id("tile-overdue").click()
    page.wait_for_url("**/followups/?state=overdue*")
    tab = page.get_by_test_id("tab-overdue")
    assert tab.get_attribute("aria-current") == "page"
    assert tab.locator(".tab__count").inner_text() == overdue
    first_screen(page, "coordination-phone-overdue-list")
