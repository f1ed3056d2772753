"""Accessibility, measured (issue #15 §8). axe-core reads every page the browser tests visit
(tests/e2e/conftest.py); here: that it does, click targets of at least 44 px, the error summary of a refused
form, and key pages used at 390 px wide and at 200 % zoom without scrolling sideways."""


import pytest

from coordination.demo import DEMO_PASSWORD
from coordination.models import FollowUp
from tests.e2e.conftest import check_accessibility, screenshot

# What a person clicks or taps: buttons, boxes, and the links of menus, tabs, pagination and action bars. A
# link in running text (a sentence, a table cell's title, a list of items) is exempt, as WCAG 2.5.8 exempts
# inline links: its size is the text's.
TARGETS = (
    "button:visible, input:not([type=hidden]):visible, select:visible, textarea:visible, a.button:visible, "
    ".main-nav a:visible, .header-tools a:visible, .pagination a:visible, .tab:visible, .actions a:visible, "
    "summary:visible, .error-summary a:visible"
)
# 200 % zoom of a 1280 px window lays the page out as a 640 px window (device_scale_factor is no zoom: it
# keeps the CSS width); a phone is 390 px wide.
WIDTHS = {"phone-390": {"width": 390, "height": 844}, "zoom-200": {"width": 640, "height": 400}}


def key_pages() -> dict[str, str]:
    followup = FollowUp.objects.order_by("id").first()
    return {
        "home": "/",
        "followups": "/followups/",
        "followup-detail": f"/followups/{followup.pk}/",
        "password-form": "/accounts/password_change/",
        "dashboard": "/dashboard/",
    }


def small_targets(page) -> list[str]:
    return page.locator(TARGETS).evaluate_all(
        """(elements) => elements.flatMap((e) => {
          const box = e.getBoundingClientRect();
          // a checkbox or radio is clicked through its label, which holds it
          const target = e.matches("input[type=checkbox], input[type=radio]") && e.closest("label") || e;
          const height = target.getBoundingClientRect().height;
          const name = target.outerHTML.slice(0, 90);
          return box.width && height < 44 ? [`${name}: ${height.toFixed(1)} px`] : [];
        })"""
    )


def test_click_targets_are_44_px_and_no_page_scrolls_sideways_at_390_px_or_200_percent_zoom(
    demo, page, sign_in
):
    sign_in("lanhdao", DEMO_PASSWORD)
    pages = key_pages()
    for name, url in pages.items():
        page.goto(url)
        assert small_targets(page) == [], f"{name}: targets under 44 px"
    for width_name, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        for name, url in pages.items():
            page.goto(url)
            if page.get_by_role("button", name="Menu").is_visible():  # the menu unfolded takes room too
                page.get_by_role("button", name="Menu").click()
            sideways = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert sideways[0] <= sideways[1] + 1, f"{name} at {width_name} scrolls sideways: {sideways}"
            assert small_targets(page) == [], f"{name} at {width_name}: targets under 44 px"
            screenshot(page, f"a11y-{width_name}-{name}")


def test_a_refused_form_sums_up_its_errors_at_the_top_and_a_link_puts_the_focus_in_the_field(
    demo, page, sign_in
):
    sign_in("lanhdao", DEMO_PASSWORD)
    page.goto("/accounts/password_change/")
    page.locator("#id_old_password").fill("không phải mật khẩu")
    page.locator("#id_new_password1").fill("Mot-mat-khau-moi-2027")
    page.locator("#id_new_password2").fill("Mot-mat-khau-khac-2027")
    page.locator("main").get_by_role("button", name="Đổi mật khẩu").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", level=2).inner_text() == "Có lỗi cần sửa"
    assert page.evaluate("document.activeElement.dataset.errorSummary") is not None  # the focus is on it
    links = summary.get_by_role("link")
    assert links.count() == 2
    old_label = page.locator("label[for=id_old_password]").inner_text().rstrip(":")
    assert links.first.inner_text().startswith(f"{old_label}: ")
    screenshot(page, "a11y-error-summary")
    links.last.click()
    assert page.evaluate("document.activeElement.id") == "id_new_password2"
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "id_old_password"


@pytest.mark.django_db(transaction=True)
def test_axe_reads_the_page_shown_and_names_the_rule_the_elements_and_the_page(page):
    page.goto("/accounts/login/")
    page.wait_for_function("window.__axeIdle")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img id=\"no-alt\" src=\"/static/img/logo.svg\">')"
    )
    check_accessibility(page)
    found = [v for v in page.axe_violations if v["id"] == "image-alt"]
    assert found and found[0]["targets"] == ["#no-alt"] and found[0]["url"].endswith("/accounts/login/")
    page.evaluate("document.getElementById('no-alt').remove()")
    page.axe_violations.clear()
