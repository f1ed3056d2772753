"""An officer opens the follow-up list on what their body owes, most overdue first, and moves between tabs."""


from django.utils import timezone

from coordination.demo import DEMO_PASSWORD
from coordination.models import Body, BodyKind, FollowUp
from tests.e2e.conftest import screenshot


def test_an_officer_opens_on_what_their_body_owes_and_clicks_another_tab(demo, page, sign_in):
    committee = Body.objects.get(kind=BodyKind.PEOPLES_COMMITTEE, unit__name="Tỉnh Hòa Phong")
    owed = FollowUp.objects.open().filter(lead_body=committee)
    assert owed.overdue().exists()  # the demo's People's Committee is late on something
    sign_in("ubnd", DEMO_PASSWORD)
    page.get_by_role("link", name="Việc cần theo dõi").first.click()
    mine = page.get_by_test_id("tab-mine")
    assert mine.get_attribute("aria-current") == "page"
    assert mine.locator(".tab__count").inner_text() == str(owed.count())
    first_row = page.locator("tbody tr").first
    most_overdue = owed.order_by("due_on", "id").first()
    assert most_overdue.title in first_row.inner_text()
    days = (timezone.localdate() - most_overdue.due_on).days
    assert f"Quá hạn {days} ngày" in first_row.inner_text()
    screenshot(page, "followup-tabs-mine")

    page.get_by_test_id("tab-done").click()
    assert page.get_by_test_id("tab-done").get_attribute("aria-current") == "page"
    assert "state=done" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Việc cần theo dõi — Đã hoàn thành"
    statuses = page.locator("tbody tr td:nth-child(5)").all_inner_texts()
    assert statuses and set(statuses) == {"Đã hoàn thành"}
    screenshot(page, "followup-tabs-done")
