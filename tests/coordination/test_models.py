import pytest
from django.db import IntegrityError, transaction

from coordination.models import BodyKind
from coordination.text import fold, to_nfc
from tests.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_unit_has_at_most_one_current_body_of_each_main_kind(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        BodyFactory(unit=province.unit, kind=BodyKind.PEOPLES_COMMITTEE, name="UBND thứ hai")


def test_a_former_main_body_may_coexist_with_its_successor(province):
    province.committee.active_to = "2026-03-31"
    province.committee.save()
    successor = BodyFactory(unit=province.unit, kind=BodyKind.PEOPLES_COMMITTEE, name="UBND nhiệm kỳ mới")
    assert successor.pk


def test_agencies_are_not_limited(province):
    BodyFactory.create_batch(3, unit=province.unit, kind=BodyKind.AGENCY)


def test_text_is_stored_nfc_and_searchable_without_diacritics():
    decomposed = "Nguyê\u0303n Thi\u0323 Đào"
    person = PersonFactory(full_name=decomposed)
    person.refresh_from_db()
    assert person.full_name == to_nfc(decomposed)
    assert person.search_text == "nguyen thi dao"
    assert fold("KIẾN NGHỊ ĐẤT ĐAI") == "kien nghi dat dai"
