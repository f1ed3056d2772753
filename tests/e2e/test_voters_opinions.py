"""A secretary at a voter-contact meeting types opinions one after the other (the cursor is back in the box
after each save), corrects one and deletes another; the meeting keeps what they said before."""

import re

from coordination.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot
from voters.models import Opinion, Petition, PetitionStatus, VoterContactRound

FIRST = "Đề nghị lắp đèn chiếu sáng đường liên thôn Bảy"
SECOND = "Đề nghị nâng cấp trạm y tế xã"
CORRECTED = "Đề nghị lắp đèn chiếu sáng đường liên thôn Bảy và thôn Tám"


def _typed(meeting) -> list[str]:
    typed = Opinion.objects.filter(meeting=meeting, petition__isnull=True)
    return list(typed.values_list("content", flat=True))


def _focused(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


def test_an_officer_types_two_opinions_corrects_one_and_deletes_the_other(demo, page, sign_in):
    round_ = VoterContactRound.objects.get(title__startswith="Tiếp xúc cử tri trước")
    meeting = round_.meetings.order_by("-id").first()
    sign_in("mattran", DEMO_PASSWORD)
    page.goto(meeting.get_absolute_url())
    assert _focused(page) == "content"  # the box has the cursor when the page opens
    page.keyboard.type(FIRST)
    page.get_by_role("button", name="Ghi ý kiến").click()
    assert page.get_by_text("Đã ghi ý kiến. Nhập tiếp ý kiến sau.").is_visible()
    assert _focused(page) == "content"  # back in the box: the next opinion is typed at once
    page.keyboard.type(SECOND)
    page.get_by_role("button", name="Ghi ý kiến").click()
    assert _focused(page) == "content"
    assert _typed(meeting) == [FIRST, SECOND]

    page.locator("li", has_text=FIRST).get_by_role("link", name=re.compile("^Sửa ý kiến")).click()
    page.get_by_label("Nội dung ý kiến, kiến nghị").fill(CORRECTED)
    page.get_by_role("button", name="Lưu ý kiến đã sửa").click()
    assert page.get_by_text("Đã sửa ý kiến. Nhập tiếp ý kiến sau.").is_visible()
    assert _focused(page) == "content"

    page.locator("li", has_text=SECOND).get_by_role("link", name=re.compile("^Xoá ý kiến")).click()
    assert page.get_by_text("Xoá ý kiến này khỏi hội nghị").is_visible()
    page.get_by_role("button", name="Xoá ý kiến").click()
    assert page.get_by_text(f"Đã xoá ý kiến «{SECOND}».").is_visible()
    assert _typed(meeting) == [CORRECTED]
    changes = page.locator("section", has_text="Ý kiến đã sửa, đã xoá")
    assert changes.get_by_text(f"đã xoá: «{SECOND}»").is_visible()
    assert changes.get_by_text(f"đã sửa: «{FIRST}» → «{CORRECTED}»").is_visible()
    screenshot(page, "voters-opinions-corrected-and-deleted")


def test_a_reopened_petition_reads_as_owed_again(demo, page, sign_in):
    petition = Petition.objects.filter(status=PetitionStatus.REOPENED).select_related("agency").first()
    sign_in("mattran", DEMO_PASSWORD)
    page.goto(petition.get_absolute_url())
    assert page.get_by_role("heading", name="Kiến nghị đã mở lại: cần trả lời lại").is_visible()
    assert page.get_by_text(f"trả lời lại trước ngày {petition.due_on:%d/%m/%Y} (hạn mới)").is_visible()
    assert page.get_by_text("không còn hiệu lực", exact=True).is_visible()
    screenshot(page, "voters-petition-reopened")
