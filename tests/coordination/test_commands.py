import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from coordination.models import AdministrativeUnit, Body, BodyKind, Membership

pytestmark = pytest.mark.django_db


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models() if not model._meta.proxy}


def test_load_units_loads_34_provinces_and_3321_communes_and_changes_nothing_the_second_time(capsys):
    call_command("load_units")
    assert AdministrativeUnit.objects.filter(level__code="province").count() == 34
    assert AdministrativeUnit.objects.filter(level__rank=3).count() == 3321
    hanoi = AdministrativeUnit.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.children.filter(name="Phường Hoàn Kiếm").exists()
    assert AdministrativeUnit.objects.filter(search_text__contains="hoan kiem").exists()
    before = _counts()
    capsys.readouterr()
    call_command("load_units")
    assert "thêm mới 0, cập nhật 0, giữ nguyên 3355" in capsys.readouterr().out
    assert _counts() == before


def test_load_units_repairs_a_renamed_unit():
    call_command("load_units")
    AdministrativeUnit.objects.filter(code="01").update(name="Tên sai")
    call_command("load_units")
    assert AdministrativeUnit.objects.get(code="01").name == "Thành phố Hà Nội"


def test_load_demo_builds_the_province_and_is_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "demo12345" in out
    assert "thuongtruc" in out
    hoa_phong = AdministrativeUnit.objects.get(name="Tỉnh Hòa Phong")
    kinds = set(Body.objects.filter(unit=hoa_phong).values_list("kind", flat=True))
    assert {
        BodyKind.NA_DELEGATION,
        BodyKind.COUNCIL_STANDING,
        BodyKind.PEOPLES_COMMITTEE,
        BodyKind.FRONT_BOARD,
    } <= kinds
    assert Membership.objects.filter(user__username="lanhdao", role="leader").exists()
    before = _counts()
    call_command("load_demo")
    assert _counts() == before


@override_settings(PRODUCTION=True)
def test_load_demo_refuses_production_settings():
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    assert not AdministrativeUnit.objects.filter(name="Tỉnh Hòa Phong").exists()
