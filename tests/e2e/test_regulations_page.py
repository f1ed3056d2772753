"""A regulation of 17 articles read on a desktop and on a phone: its chapters fold (the page is a fraction of
its unfolded height), the table of contents stays in view beside the text while scrolling, a click on an
article of a folded chapter opens that chapter and brings the article into view; a link to an article opens
its chapter; the register lists the title in sentence case while the page keeps the document's capitals."""


import pytest

from coordination.demo import DEMO_PASSWORD
from regulations.models import Regulation
from tests.e2e.conftest import screenshot

NUMBER = "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"


@pytest.fixture
def demo(demo):
    return Regulation.objects.get(number=NUMBER)


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_a_long_regulation_folds_its_chapters_and_keeps_its_contents_in_view(demo, page, sign_in):
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto(demo.get_absolute_url())
    chapters = page.locator("details.chapter")
    assert chapters.count() == 3
    assert page.locator("details.chapter[open]").count() == 0, "17 articles open folded"
    folded = page_height(page)
    page.get_by_role("button", name="Mở tất cả").click()
    assert page.locator("details.chapter[open]").count() == 3
    unfolded = page_height(page)
    assert folded * 2 < unfolded, (folded, unfolded)
    page.get_by_role("button", name="Thu gọn tất cả").click()
    assert page.locator("details.chapter[open]").count() == 0
    assert page_height(page) == folded
    screenshot(page, "regulation-page-desktop-folded")

    # The contents stay beside the text after scrolling down.
    page.get_by_role("button", name="Mở tất cả").click()
    page.mouse.wheel(0, 4000)
    page.wait_for_function("window.scrollY > 3000")
    toc = page.get_by_role("navigation", name="Mục lục")
    box = toc.bounding_box()
    viewport = page.viewport_size
    assert 0 <= box["y"] < viewport["height"] and box["y"] + 40 < viewport["height"], box
    assert toc.get_by_role("link", name="Điều 1.", exact=False).first.is_visible()
    page.get_by_role("button", name="Thu gọn tất cả").click()

    # An article of a folded chapter: its chapter opens and the article comes into view.
    chapter_three = page.locator("details#chuong-iii")
    assert not chapter_three.evaluate("d => d.open")
    last_article = demo.articles.filter(chapter__number="III").order_by("order").last()
    toc.locator(f"a[href='#{last_article.anchor}']").click()
    assert chapter_three.evaluate("d => d.open")
    assert page.locator("details.chapter[open]").count() == 1
    heading = page.locator(f"#{last_article.anchor} h3")
    heading.wait_for()
    top = heading.bounding_box()["y"]
    assert 0 <= top < viewport["height"] / 2, top
    assert page.url.endswith(f"#{last_article.anchor}")
    screenshot(page, "regulation-page-desktop-jump")

    # The page keeps the document's capitals; the register lists it in sentence case.
    assert demo.title in page.locator(".regulation-main .card h2").first.inner_text()
    page.goto("/regulations/")
    row = page.get_by_role("row").filter(has_text=NUMBER)
    assert "Phối hợp công tác giữa Đoàn đại biểu Quốc hội tỉnh" in row.inner_text()
    assert demo.title not in row.inner_text()

    # A link to an article from another page opens its chapter too.
    page.goto(demo.get_absolute_url() + "#dieu-5")
    assert page.locator("#dieu-5").is_visible()
    assert page.locator("details.chapter[open]").count() == 1


def test_on_a_phone_the_contents_fold_above_the_text(demo, page, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("thuongtruc", DEMO_PASSWORD)
    page.goto(demo.get_absolute_url())
    toc = page.get_by_role("navigation", name="Mục lục")
    text = page.get_by_role("region", name="Nội dung quy chế")
    assert toc.bounding_box()["y"] < text.bounding_box()["y"], "the contents come before the text"
    assert not toc.locator("details").evaluate("d => d.open"), "folded on a phone"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "regulation-page-phone")
    toc.get_by_text("Mục lục").click()
    toc.locator("a[href='#dieu-10']").click()
    assert page.locator("#dieu-10").is_visible()
    assert not toc.locator("details").evaluate("d => d.open"), "the contents fold again after a jump"
    screenshot(page, "regulation-page-phone-jump")
