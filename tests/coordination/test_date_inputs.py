"""Dates typed and shown dd/mm/yyyy whatever the interface's language, in forms and filters alike (issue #15
§1): a wrong day names its field, a range running backwards names both boxes."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import FollowUpFactory
from tests.sessions.factories import SessionFactory
from voters.models import ReceptionDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(login):
    def _english(user):
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _english


def _box(html: str, name: str) -> str:
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)


def _reception(province, day: str) -> dict:
    return {"host_body": province.committee.pk, "receiver": "Chủ tịch UBND tỉnh", "kind": "regular",
            "day": day, "place": "Trụ sở Tiếp công dân tỉnh"}


@pytest.mark.parametrize("typed", ["01/02/2027", "1/2/2027", "01-02-2027", "2027-02-01"])
def test_a_day_typed_in_the_english_interface_is_read_day_first(english, staff_b, province, typed):
    client = english(staff_b)
    form = client.get(reverse("voters:reception_create")).content.decode()
    assert "Sign out" in form  # the English interface
    box = _box(form, "day")
    assert 'type="text"' in box and 'placeholder="dd/mm/yyyy"' in box and "data-datepicker" in box
    response = client.post(reverse("voters:reception_create"), _reception(province, typed))
    assert response.status_code == 302
    assert ReceptionDay.objects.get().day == date(2027, 2, 1)


@pytest.mark.parametrize("typed", ["31/02/2027", "20/01/27", "01/20/2027", "hôm nay"])
def test_a_wrong_day_is_a_message_naming_the_field_and_nothing_is_saved(login, staff_b, province, typed):
    response = login(staff_b).post(reverse("voters:reception_create"), _reception(province, typed))
    page = response.content.decode()
    assert "Ngày tiếp: ghi ngày/tháng/năm, ví dụ 20/01/2027." in page
    assert f'value="{typed}"' in _box(page, "day")  # what was typed stays, to be corrected
    assert not ReceptionDay.objects.exists()


@pytest.mark.today("2026-12-10")
def test_a_day_filled_in_for_the_person_is_shown_dd_mm_yyyy(english, staff_a, province):
    session = SessionFactory(term=province.term, council=province.standing.parent)
    url = reverse("council_sessions:question_create", args=[session.pk])
    page = english(staff_a).get(url).content.decode()
    assert 'value="10/12/2026"' in _box(page, "received_on")


def test_a_filter_reads_and_shows_dd_mm_yyyy_in_the_english_interface(english, staff_a, province):
    FollowUpFactory(lead_body=province.committee, title="Hạn ngày 1 tháng 2", due_on=date(2027, 2, 1))
    FollowUpFactory(lead_body=province.committee, title="Hạn ngày 2 tháng 1", due_on=date(2027, 1, 2))
    query = {"state": "all", "due_from": "01/02/2027"}  # "all": the follow-ups are not staff_a's bodies'
    html = english(staff_a).get(reverse("followups:list"), query).content.decode()
    assert "Hạn ngày 1 tháng 2" in html and "Hạn ngày 2 tháng 1" not in html
    box = _box(html, "due_from")
    assert 'value="01/02/2027"' in box and 'placeholder="dd/mm/yyyy"' in box and 'type="text"' in box


@pytest.mark.parametrize(
    ("url", "start", "end", "message"),
    [
        ("followups:list", "due_from", "due_to", "«Hạn từ ngày» phải trước hoặc bằng «Hạn đến ngày»."),
        ("voters:reception_list", "day_from", "day_to", "«Từ ngày» phải trước hoặc bằng «Đến ngày»."),
        ("voters:visit_list", "day_from", "day_to", "«Tiếp từ ngày» phải trước hoặc bằng «Đến ngày»."),
    ],
)
def test_a_range_running_backwards_is_a_message_naming_both_boxes(login, staff_b, url, start, end, message):
    response = login(staff_b).get(reverse(url), {start: "20/01/2027", end: "10/01/2027"})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_range_running_backwards_filters_nothing_rather_than_an_empty_list(login, staff_a, province):
    FollowUpFactory(lead_body=province.committee, title="Hạn giữa tháng", due_on=date(2027, 1, 15))
    html = login(staff_a).get(
        reverse("followups:list"), {"state": "all", "due_from": "20/01/2027", "due_to": "10/01/2027"}
    ).content.decode()
    assert "«Hạn từ ngày» phải trước hoặc bằng «Hạn đến ngày»." in html and "Hạn giữa tháng" in html


def test_a_range_of_one_day_is_not_backwards(login, staff_a, province):
    FollowUpFactory(lead_body=province.committee, title="Hạn đúng ngày", due_on=date(2027, 2, 1))
    html = login(staff_a).get(
        reverse("followups:list"), {"state": "all", "due_from": "01/02/2027", "due_to": "01/02/2027"}
    ).content.decode()
    assert "Hạn đúng ngày" in html and "phải trước hoặc bằng" not in html
