"""A signature records what was done: it is never dated after today (coordination/dates.py), whether a
leader records it on the page, an editor types it in the header form, or a service is called directly."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regulations.services import party_sign
from tests.regulations.factories import draft_text, import_text

pytestmark = pytest.mark.today("2026-12-10")


def test_a_signature_recorded_for_a_day_to_come_is_refused_and_not_kept(login, province, leader):
    regulation = import_text(draft_text(), province.unit)
    party = regulation.parties.get(body=province.standing)
    signed_before = regulation.signed_on
    response = login(leader).post(
        reverse("regulations:party_sign", args=[party.pk]),
        {"signer_name": "Nguyễn Văn Thành", "signer_title": "CHỦ TỊCH", "signed_on": "20/12/2026"},
    )
    assert (
        "Ngày ký 20/12/2026 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."
        in response.content.decode()
    )
    party.refresh_from_db()
    regulation.refresh_from_db()
    assert (party.signed_on, party.signer_name, regulation.signed_on) == (None, "", signed_before)


def test_the_header_form_refuses_a_signing_day_to_come(login, province, staff_a):
    regulation = import_text(draft_text(), province.unit)
    signed_before = regulation.signed_on
    response = login(staff_a).post(reverse("regulations:edit", args=[regulation.pk]), {
        "number": regulation.number, "title": regulation.title, "signed_on": "05/01/2027"})
    assert (
        "Ngày ký 05/01/2027 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."
        in response.content.decode()
    )
    regulation.refresh_from_db()
    assert regulation.signed_on == signed_before


def test_the_service_refuses_it_too(province, leader):
    party = import_text(draft_text(), province.unit).parties.get(body=province.standing)
    with pytest.raises(ValidationError) as refused:
        party_sign(
            party=party,
            signer_name="Nguyễn Văn Thành",
            signer_title="CHỦ TỊCH",
            signed_on=date(2026, 12, 11),
            by=leader,
        )
    assert refused.value.message_dict == {
        "signed_on": ["Ngày ký 11/12/2026 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."]}
    party.refresh_from_db()
    assert party.signed_on is None
