"""Whoever may not see a letter sees none of its follow-ups (issue #10, finding 1).

`/followups/39/` (denunciation 02/ĐT) answered 200 to ubnd, mattran, doanqh, songanh and banphapche, who get
404 on the letter itself, with the letter's number, due date and the handler's e-mail; `/followups/?q=đơn`
listed letters 01–04/ĐT. Now: list, detail, search, Excel and print, dashboard counts, figures and lists, the
implementation report, calendar feed, digests, home page and reminders all go through the letter's door.
"""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from coordination.models import FollowUp, OutboxMessage, Person, Role
from coordination.queries import digest_items, implementation_data
from coordination.services import (
    digests_send,
    feed_token_rotate,
    followup_open,
    followups_of,
    reminders_sweep,
)
from tests.conftest import member
from tests.exports import export_xlsx
from tests.tabs import tab_counts
from tests.url_coverage import covers
from voters import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiepdan(province):
    return member(province.standing, Role.STAFF, "tiepdan")


@pytest.fixture
def letter(province, tiepdan, today):
    # Received long enough ago that classifying it is overdue: it shows on the dashboard's overdue list.
    return services.letter_register(
        handling_body=province.standing,
        number="02/ĐT",
        received_on=today - timedelta(days=30),
        channel="post",
        kind="denunciation",
        content="Tố cáo cán bộ địa chính",
        identity={"full_name": "Phạm Văn Tố"},
        handler=tiepdan,
    )


@pytest.fixture
def others(province, staff_b, front_staff, agency_officer):
    """The demo's ubnd, mattran, songanh, doanqh and banphapche: members of the unit, not of the handling
    body."""
    return [staff_b, front_staff, agency_officer, member(province.na_delegation, Role.STAFF, "doanqh"),
            member(province.council_committee, Role.STAFF, "banphapche")]


def _followup(letter) -> FollowUp:
    return followups_of(letter).get(status=FollowUp.Status.OPEN)


@covers("followups:detail", "followups:list")
def test_only_those_who_see_the_letter_see_its_follow_up(login, letter, others, tiepdan, staff_a, viewer):
    followup = _followup(letter)
    detail = reverse("followups:detail", args=[followup.pk])
    for user in others:
        client = login(user)
        assert client.get(reverse("voters:letter_detail", args=[letter.pk])).status_code == 404
        assert client.get(detail).status_code == 404, user.username
        for params in ({}, {"q": "đơn"}, {"q": "02"}, {"format": "print"}, {"state": "overdue"},
                       {"state": "all"}):
            assert "02/ĐT" not in client.get(reverse("followups:list"), params).content.decode(), (
                user.username,
                params,
            )
        workbook = load_workbook(BytesIO(export_xlsx(client, reverse("followups:list")).content))
        assert "02/ĐT" not in " ".join(str(v) for row in workbook.active.values for v in row)
    for user in (tiepdan, staff_a, viewer):  # the members of the handling body still do
        client = login(user)
        assert client.get(detail).status_code == 200
        assert "02/ĐT" in client.get(reverse("followups:list"), {"q": "đơn"}).content.decode()


@covers("followups:list")
def test_the_tabs_do_not_count_a_follow_up_of_a_letter_one_may_not_see(
    login, letter, staff_b, tiepdan, province, today
):
    followup_open(subject=None, title="Báo cáo tiếp công dân", lead_body=province.committee,
                  due_on=today - timedelta(days=2), source="khoản 2 Điều 7 Quy chế")
    counts = {
        user.username: tab_counts(login(user).get(reverse("followups:list")).content.decode())
        for user in (staff_b, tiepdan)
    }
    assert counts["staff_b"] == {"mine": 1, "overdue": 1, "soon": 0, "open": 1, "done": 0, "cancelled": 0,
                                 "all": 1}
    assert (counts["tiepdan"]["mine"], counts["tiepdan"]["overdue"], counts["tiepdan"]["all"]) == (1, 2, 2)


@covers("dashboard")
def test_the_dashboard_counts_and_lists_only_what_the_viewer_may_see(
    login, letter, others, staff_a, province, today
):
    for user in others:
        response = login(user).get(reverse("dashboard"), {"unit": province.unit.pk})
        page = response.content.decode()
        assert "02/ĐT" not in page
        assert response.context["totals"]["total"] == 0
        figures = {f.key: f for f in response.context["figures"]}
        assert figures["letters_by_kind"].value == 0
    response = login(staff_a).get(reverse("dashboard"), {"unit": province.unit.pk})
    assert "02/ĐT" in response.content.decode() and response.context["totals"]["overdue"] == 1
    assert {f.key: f for f in response.context["figures"]}["letters_by_kind"].value == 1
    data = implementation_data(
        unit_ids={province.unit.pk}, start=today - timedelta(days=365), end=today, today=today, user=others[0]
    )
    assert data["totals"]["total"] == 0 and not data["overdue"]


def test_the_implementation_report_leaves_it_out_for_whoever_asked(letter, others, staff_a, province, today):
    from coordination.implementation_report import implementation_report_context
    from coordination.queries import parse_period

    period = parse_period(str(today.year))
    for user, expected in ((others[0], 0), (staff_a, 1)):
        context = implementation_report_context(unit=province.unit, period=period, user=user)
        assert context["totals"]["total"] == expected


@covers("followups:feed")
def test_feed_digest_and_home_page_leave_it_out_even_for_a_person_named_responsible(
    client, login, letter, staff_b, tiepdan, today
):
    followup = _followup(letter)
    # Even a follow-up that names them (an admin's edit, an old row) does not reach someone outside the body.
    FollowUp.objects.filter(pk=followup.pk).update(responsible=Person.objects.get(user=staff_b))
    token = feed_token_rotate(user=staff_b)
    summaries = [
        str(e["summary"])
        for e in Calendar.from_ical(client.get(reverse("followups:feed", args=[token])).content).walk(
            "VEVENT"
        )
    ]
    assert not [s for s in summaries if "02/ĐT" in s]
    person = Person.objects.get(user=staff_b)
    items = digest_items(
        person_id=person.pk, body_ids=[], today=today, until=today + timedelta(days=7), user=staff_b
    )
    assert items["count"] == 0
    digests_send(frequency="weekly")
    assert not OutboxMessage.objects.filter(recipient=staff_b, body_text__contains="02/ĐT").exists()
    assert OutboxMessage.objects.filter(recipient=tiepdan, body_text__contains="02/ĐT").exists()
    assert "02/ĐT" not in login(staff_b).get(reverse("home")).content.decode()


def test_an_overdue_letter_is_not_escalated_to_leaders_outside_the_handling_body(
    province, leader, today, committed
):
    """A Council committee has no leader: escalation climbs to the Standing Committee's, who may not see the
    letter."""
    officer = member(province.council_committee, Role.STAFF, "banphapche")
    services.letter_register(
        handling_body=province.council_committee,
        number="05/ĐT",
        received_on=today - timedelta(days=30),
        channel="post",
        kind="complaint",
        content="Khiếu nại",
        handler=officer,
    )
    with committed():
        reminders_sweep(today=today)
    assert not OutboxMessage.objects.filter(recipient=leader, subject__contains="05/ĐT").exists()
