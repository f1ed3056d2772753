"""The demo's administrator opens the change form of every model the admin offers that has a row, on a
1366×768 screen: none is wider than the screen (wide text boxes, inline tables, two-list pickers, JSON and
long text fields, selects named by a regulation's whole title stay within the content column), and the
admin speaks Vietnamese."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from coordination.demo import DEMO_PASSWORD
from coordination.models import CalendarDay
from regulations.models import Chapter, Section
from tests.e2e.conftest import screenshot

WIDTH = 1366
# Boxes that reach past the screen's right edge: the page scrolls sideways, or (inside a form row, which
# hides what overflows it) a select cut off with its arrow out of sight.
PAST_THE_EDGE = """() => [...document.querySelectorAll("#content *")]
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1; })
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`).slice(0, 5)"""


@pytest.fixture
def demo(demo):
    """The demo, with a row where the demo has none and one is simple to make: a group (its permissions
    in the two-list picker), a section of a chapter, a day off in the working calendar."""
    group = Group.objects.create(name="Biên tập quy chế")
    group.permissions.set(Permission.objects.filter(content_type__app_label="regulations"))
    Section.objects.create(chapter=Chapter.objects.order_by("pk").first(), number="1", title="Giám sát chung")
    CalendarDay.objects.create(day=date(2027, 1, 1), kind=CalendarDay.Kind.DAY_OFF, name="Tết Dương lịch")


def change_forms(user) -> list[tuple[str, str]]:
    """(model label, change form URL) of the first row of every registered model that has one and that the
    admin shows this user (a denouncer's identity is shown to nobody there)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    forms = []
    for model, model_admin in admin.site._registry.items():
        row = model_admin.get_queryset(request).order_by("pk").first()
        if row is None or not model_admin.has_view_or_change_permission(request, row):
            continue
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
        except NoReverseMatch:
            continue
        forms.append((model._meta.label, url))
        if model_admin.has_add_permission(request):  # the empty form: every widget editable
            add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            forms.append((f"{model._meta.label} (thêm)", add))
    return forms


def test_every_change_form_fits_a_1366_screen(demo, page):
    page.set_viewport_size({"width": WIDTH, "height": 768})
    page.goto("/admin/login/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    assert "Quản trị dữ liệu" in page.content()

    forms = change_forms(get_user_model().objects.get(username="admin"))
    assert len(forms) >= 60, forms
    too_wide = {}
    for label, url in forms:
        response = page.goto(url)
        assert response.status == 200, (label, url, response.status)
        assert page.locator("html").get_attribute("lang") == "vi", url
        width = page.evaluate("document.documentElement.scrollWidth")
        past = page.evaluate(PAST_THE_EDGE)
        if width > WIDTH or past:
            too_wide[label] = (width, past)
            screenshot(page, f"admin-too-wide-{label}")
    assert too_wide == {}, too_wide
    page.goto(dict(forms)["regulations.RegulationStatusChange"])
    screenshot(page, "admin-status-change-form-1366")  # the select named by a regulation's whole title
    page.goto(dict(forms)["auth.Group"])
    screenshot(page, "admin-group-change-form-1366")  # the two-list picker
