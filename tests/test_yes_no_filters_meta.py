"""Every yes/no filter of every register opens on "Tất cả" and offers "Có" / "Không" — never Django's
"Chưa xác định" (which reads as a value) — and both choices narrow the rows."""

import importlib
import re

import django_filters
import pytest
from django.apps import apps
from django.urls import reverse

from coordination.filters import YesNoFilter
from tests.factories import UnitFactory
from tests.url_coverage import covers
from tests.voters.factories import PetitionFactory, RoundFactory

pytestmark = pytest.mark.django_db


def filtersets():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.filters")
        except ModuleNotFoundError:
            continue
    pending, found = list(django_filters.FilterSet.__subclasses__()), []
    while pending:
        filterset = pending.pop()
        found.append(filterset)
        pending.extend(filterset.__subclasses__())
    return found


def test_every_yes_no_filter_is_the_shared_one():
    sets = filtersets()
    assert {f.__module__.split(".")[0] for f in sets} >= {"coordination", "regulations", "sessions", "voters"}
    plain = [
        f"{filterset.__module__}.{filterset.__name__}.{name}"
        for filterset in sets
        for name, field in filterset.base_filters.items()
        if isinstance(field, django_filters.BooleanFilter) and not isinstance(field, YesNoFilter)
    ]
    assert plain == []


def yes_no_select(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    return [(value, label, bool(selected)) for value, selected, label in options]


@covers("units", "voters:petition_list", "council_sessions:question_list", "followups:list")
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("units", "current"),
        ("voters:petition_list", "is_recurring"),
        ("voters:petition_list", "owed"),
        ("council_sessions:question_list", "deputy_satisfied"),
        ("followups:list", "mine"),
    ],
)
def test_a_yes_no_filter_opens_on_all(login, staff_a, url, name):
    html = login(staff_a).get(reverse(url)).content.decode()
    assert yes_no_select(html, name) == [
        ("", "Tất cả", True), ("true", "Có", False), ("false", "Không", False)
    ]
    assert "Chưa xác định" not in html
    chosen = login(staff_a).get(reverse(url), {name: "false"}).content.decode()
    assert yes_no_select(chosen, name)[2] == ("false", "Không", True)


@covers("units")
def test_yes_and_no_narrow_the_units(login, staff_a, province):
    UnitFactory(name="Tỉnh Đã Sáp Nhập", valid_to="2025-06-30")
    client = login(staff_a)
    current = client.get(reverse("units"), {"current": "true"}).content.decode()
    former = client.get(reverse("units"), {"current": "false"}).content.decode()
    everything = client.get(reverse("units")).content.decode()
    assert "Tỉnh Đã Sáp Nhập" not in current and province.unit.name in current
    assert "Tỉnh Đã Sáp Nhập" in former and province.unit.name not in former
    assert "Tỉnh Đã Sáp Nhập" in everything and province.unit.name in everything


@covers("voters:petition_list")
def test_yes_and_no_narrow_the_petitions(login, staff_a, province):
    round_ = RoundFactory(organiser=province.front)
    PetitionFactory(round=round_, title="Đường liên xã lại xuống cấp", is_recurring=True, status="satisfied")
    PetitionFactory(
        round=round_, title="Bổ sung bác sĩ trạm y tế", agency=province.agency, status="forwarded"
    )
    client = login(staff_a)

    def shown(params):
        html = client.get(reverse("voters:petition_list"), params).content.decode()
        return {t for t in ("Đường liên xã lại xuống cấp", "Bổ sung bác sĩ trạm y tế") if t in html}

    assert shown({"is_recurring": "true"}) == {"Đường liên xã lại xuống cấp"}
    assert shown({"is_recurring": "false"}) == {"Bổ sung bác sĩ trạm y tế"}
    assert shown({"owed": "true"}) == {"Bổ sung bác sĩ trạm y tế"}
    assert shown({"owed": "false"}) == {"Đường liên xã lại xuống cấp"}
    assert len(shown({})) == 2
