"""Compiling in the browser (issue #15 §4): two near-identical opinions typed at two meetings of a round are
proposed at once on the compile page; several proposals are accepted in one click; another opinion joins a
petition found by typing words without diacritics in the picker; every step says what happened and what is
left."""

import re

from playwright.sync_api import expect

from coordination.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot
from voters.models import Opinion, Petition, VoterContactRound

CANAL = "Đề nghị nạo vét kênh mương nội đồng thôn Chín bị bồi lấp."
CANAL_AGAIN = "de nghi NAO VET kenh muong noi dong thon Chin bi boi lap nang"
BRIDGE = "Đề nghị sửa cầu treo bản Mường Lò đã hư hỏng"
BRIDGE_AGAIN = "Đề nghị sớm sửa cầu treo bản Mường Lò hư hỏng"
LATE = "Cử tri phản ánh việc cấp nước tưới cho cánh đồng thôn Chín chưa kịp thời"


def _type(page, meeting, text):
    page.goto(meeting.get_absolute_url())
    page.get_by_label("Nội dung ý kiến, kiến nghị").fill(text)
    page.get_by_role("button", name="Ghi ý kiến").click()
    expect(page.get_by_text("Đã ghi ý kiến.")).to_be_visible()


def _card(page, text):
    return page.locator(f"#y-kien-{Opinion.objects.get(content=text).pk}")


def test_an_officer_compiles_near_identical_opinions_of_two_meetings_at_once(demo, page, sign_in):
    round_ = VoterContactRound.objects.get(title__startswith="Tiếp xúc cử tri trước")
    first, second = round_.meetings.filter(held_on__isnull=False).order_by("id")[:2]
    sign_in("mattran", DEMO_PASSWORD)
    for meeting, text in ((first, CANAL), (first, BRIDGE), (second, CANAL_AGAIN), (second, BRIDGE_AGAIN)):
        _type(page, meeting, text)

    page.goto(round_.get_absolute_url())
    page.get_by_role("link", name="Tổng hợp, phân loại ý kiến").click()
    # Proposed as typed, across the two meetings, without any "find" click.
    canal = _card(page, CANAL_AGAIN)
    expect(canal.get_by_text(f"Giống ý kiến «{CANAL}» ({first.address}, chưa tổng hợp")).to_be_visible()
    bridge = _card(page, BRIDGE_AGAIN)
    expect(bridge.get_by_text(f"Giống ý kiến «{BRIDGE}»")).to_be_visible()
    canal.locator("input[name=proposal]").first.check()
    bridge.locator("input[name=proposal]").first.check()
    canal.scroll_into_view_if_needed()
    screenshot(page, "compile-flow-1-proposals")
    page.get_by_role("button", name="Chấp nhận các đề xuất đã chọn").click()
    expect(page.get_by_text("Đã gộp 4 ý kiến vào 2 kiến nghị.")).to_be_visible()
    pending = Opinion.objects.filter(meeting__round=round_, petition__isnull=True).count()
    expect(
        page.get_by_text(f"Đã gộp 4 ý kiến vào 2 kiến nghị. Còn {pending} ý kiến chờ tổng hợp.")
    ).to_be_visible()
    canal_petition = Petition.objects.get(title=CANAL)
    assert set(canal_petition.opinions.values_list("meeting", flat=True)) == {first.pk, second.pk}
    assert Petition.objects.get(title=BRIDGE).opinions.count() == 2

    # A later opinion joins the canal petition through the picker: words typed without diacritics.
    _type(page, second, LATE)
    page.goto(round_.get_absolute_url())
    page.get_by_role("link", name="Tổng hợp, phân loại ý kiến").click()
    _card(page, LATE).locator("input[name=opinion]").check()
    picker = page.get_by_role("combobox", name=re.compile("Tìm kiến nghị"))
    picker.fill("nao vet kenh")
    option = page.get_by_role("listbox", name="Kiến nghị tìm thấy").get_by_role(
        "option", name=f"Số {canal_petition.number}: {CANAL}"
    )
    option.wait_for()
    expect(page.get_by_role("listbox", name="Kiến nghị tìm thấy").get_by_role("option")).to_have_count(1)
    screenshot(page, "compile-flow-2-picker")
    option.click()
    assert page.get_by_label("Kiến nghị để gộp vào").input_value() == str(canal_petition.pk)
    page.get_by_role("button", name="Gộp vào kiến nghị đã chọn").click()
    expect(page.get_by_text("Đã gộp 1 ý kiến vào kiến nghị số")).to_be_visible()
    pending = Opinion.objects.filter(meeting__round=round_, petition__isnull=True).count()
    expect(page.get_by_text(
        f"Đã gộp 1 ý kiến vào kiến nghị số {canal_petition.number}. Còn {pending} ý kiến chờ tổng hợp."
    )).to_be_visible()
    assert canal_petition.opinions.filter(content=LATE).exists()
    screenshot(page, "compile-flow-3-done")
