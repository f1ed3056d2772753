"""What happened cannot be in the future; what follows cannot come first (issue #9, part 3), for voters.

Seen by testers: a reception reply dated 01/01/2020, before the visit it answers, counted as on time. A reply
is now never dated before the visit or the letter it answers, an answer never before the petition was routed,
and a voter-contact meeting is scheduled ahead and recorded as held once it took place.
"""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import FollowUp
from coordination.services import followups_of
from tests.conftest import LOCAL_TZ
from tests.url_coverage import covers
from tests.voters.factories import ReceptionDayFactory
from voters import providers, services
from voters.models import Letter, Opinion, PetitionStatus, ReceptionVisit, VoterMeeting

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


# --- Replies and answers follow what they answer ---------------------------------------------------


@pytest.mark.today("2026-12-10")
def test_a_reception_reply_dated_before_the_visit_is_refused_and_the_visit_stays_owed(
    login, staff_b, province
):
    reception = ReceptionDayFactory(host_body=province.committee, day=date(2026, 11, 2))
    visit = services.reception_visit_log(
        reception=reception, citizens="Ông Trần Văn Năm", citizen_count=1, content="Đền bù"
    )
    page = _page(login(staff_b).post(reverse("voters:visit_reply", args=[visit.pk]),
                                     {"reply": "accepted", "replied_on": "2020-01-01"}, follow=True))
    assert "Ngày trả lời (01/01/2020) không được trước ngày tiếp công dân (02/11/2026)." in page
    visit.refresh_from_db()
    assert (visit.reply, visit.replied_on) == ("", None)
    assert followups_of(visit).get().status == FollowUp.Status.OPEN  # not counted as answered on time


@pytest.mark.today("2026-12-10")
def test_a_reception_reply_on_a_day_to_come_is_refused(login, staff_b, province):
    reception = ReceptionDayFactory(host_body=province.committee, day=date(2026, 12, 7))
    visit = services.reception_visit_log(
        reception=reception, citizens="Bà Lê Thị Hoa", citizen_count=1, content="Chế độ"
    )
    page = _page(login(staff_b).post(reverse("voters:visit_reply", args=[visit.pk]),
                                     {"reply": "forwarded", "replied_on": "2026-12-11"}, follow=True))
    assert "Ngày trả lời 11/12/2026 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra." in page
    visit.refresh_from_db()
    assert visit.replied_on is None


@pytest.mark.today("2026-12-10")
def test_a_visit_to_a_reception_still_to_come_is_refused(login, staff_b, province):
    reception = ReceptionDayFactory(host_body=province.committee, day=date(2026, 12, 15))
    response = login(staff_b).post(
        reception.get_absolute_url(), {"citizens": "Ông C", "citizen_count": 1, "content": "x"}
    )
    assert response.status_code == 400
    assert (
        "Ngày tiếp công dân 15/12/2026 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."
        in _page(response)
    )
    assert not ReceptionVisit.objects.exists() and not FollowUp.objects.exists()


def test_an_answer_dated_before_the_petition_was_routed_is_refused(
    login, agency_officer, routed_petition, today
):
    routed = routed_petition.received_on
    response = login(agency_officer).post(
        reverse("voters:petition_answer", args=[routed_petition.pk]),
        {
            "category": "resolved",
            "answer_text": "Đã cấp giấy",
            "answered_on": (routed - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert (
        f"Ngày trả lời ({routed - timedelta(days=1):%d/%m/%Y}) không được trước ngày chuyển cơ quan "
        f"({routed:%d/%m/%Y})."
        in _page(response)
    )
    routed_petition.refresh_from_db()
    assert (routed_petition.status, routed_petition.answered_on) == (PetitionStatus.FORWARDED, None)
    assert followups_of(routed_petition).get().status == FollowUp.Status.OPEN


def test_an_answer_on_a_day_to_come_is_refused(login, agency_officer, routed_petition, today):
    tomorrow = today + timedelta(days=1)
    response = login(agency_officer).post(reverse("voters:petition_answer", args=[routed_petition.pk]), {
        "category": "resolved", "answer_text": "Đã cấp giấy", "answered_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert f"Ngày trả lời {tomorrow:%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}" in _page(response)
    routed_petition.refresh_from_db()
    assert routed_petition.answered_on is None


@pytest.mark.parametrize(("action", "label"), [("accept", "Ngày thụ lý"), ("forward", "Ngày chuyển đơn"),
                                               ("resolve", "Ngày kết thúc xử lý đơn")])
def test_a_letter_is_not_handled_before_it_was_received(login, staff_a, province, today, action, label):
    received = today - timedelta(days=3)
    letter = services.letter_register(
        handling_body=province.standing,
        number="5/ĐT",
        received_on=received,
        channel="post",
        kind="complaint",
        content="Khiếu nại",
    )
    page = _page(
        login(staff_a).post(
            reverse("voters:letter_action", args=[letter.pk]),
            {
                "action": action,
                "on": (received - timedelta(days=1)).isoformat(),
                "to_body": province.agency.pk,
                "result": "Xong",
            },
            follow=True,
        )
    )
    assert (
        f"{label} ({received - timedelta(days=1):%d/%m/%Y}) không được trước ngày nhận đơn "
        f"({received:%d/%m/%Y})."
        in page
    )
    letter.refresh_from_db()
    assert letter.status == "received"
    assert followups_of(letter).get().status == FollowUp.Status.OPEN


def test_a_letter_received_on_a_day_to_come_is_refused(login, staff_a, province, today):
    tomorrow = today + timedelta(days=1)
    response = login(staff_a).post(
        reverse("voters:letter_create"),
        {
            "handling_body": province.standing.pk,
            "number": "9/ĐT",
            "received_on": tomorrow.isoformat(),
            "channel": "post",
            "kind": "complaint",
            "content": "Khiếu nại",
        },
    )
    assert response.status_code == 400
    assert (
        f"Ngày nhận {tomorrow:%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}: không thể ghi nhận việc chưa xảy "
        f"ra."
        in _page(response)
    )
    assert not Letter.objects.exists() and not FollowUp.objects.exists()


def test_the_admin_refuses_a_reply_before_the_visit(client, superuser, province):
    reception = ReceptionDayFactory(host_body=province.committee, day=date(2026, 11, 2))
    visit = services.reception_visit_log(
        reception=reception, citizens="Ông C", citizen_count=1, content="Đền bù"
    )
    client.force_login(superuser)
    response = client.post(
        reverse("admin:voters_receptionvisit_change", args=[visit.pk]),
        {
            "reception": reception.pk,
            "citizens": "Ông C",
            "citizen_count": 1,
            "content": "Đền bù",
            "outcome": "",
            "due_on": visit.due_on.isoformat(),
            "reply": "accepted",
            "replied_on": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ngày trả lời (01/01/2020) không được trước ngày tiếp công dân (02/11/2026)." in _page(response)
    visit.refresh_from_db()
    assert visit.replied_on is None


def test_each_service_refuses_a_fact_on_a_day_to_come(
    voter_round, two_meetings, routed_petition, province, land, today
):
    tomorrow = today + timedelta(days=1)
    opinion = services.opinion_record(meeting=two_meetings[1], content="Đề nghị sửa đường")
    petition = services.petition_create_from_opinion(opinion=opinion)
    letter = services.letter_register(
        handling_body=province.standing,
        number="1/ĐT",
        received_on=today,
        channel="post",
        kind="complaint",
        content="Khiếu nại",
    )
    refused = [
        (
            "held_on",
            lambda: services.meeting_create(
                round_=voter_round,
                held_on=tomorrow,
                place_unit=province.unit,
                address="Nhà văn hóa",
                voters_attending=10,
            ),
        ),
        (
            "received_on",
            lambda: services.petition_route(
                petition=petition,
                field=land,
                competence="province",
                agency=province.agency,
                received_on=tomorrow,
            ),
        ),
        (
            "answered_on",
            lambda: services.petition_answer(
                petition=routed_petition, category="resolved", answer_text="Xong", answered_on=tomorrow
            ),
        ),
        (
            "received_on",
            lambda: services.letter_register(
                handling_body=province.standing,
                number="2/ĐT",
                received_on=tomorrow,
                channel="post",
                kind="complaint",
                content="Khiếu nại",
            ),
        ),
        ("on", lambda: services.letter_accept(letter=letter, on=tomorrow)),
        ("on", lambda: services.letter_close(letter=letter, result="Xong", on=tomorrow)),
    ]
    for field, attempt in refused:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "sau ngày hôm nay" in " ".join(error.value.message_dict[field]), field
    petition.refresh_from_db()
    letter.refresh_from_db()
    assert (petition.status, petition.received_on, letter.status) == (
        PetitionStatus.COMPILING,
        None,
        "received",
    )
    assert VoterMeeting.objects.count() == 2 and Letter.objects.count() == 1


# --- Voter-contact meetings: scheduled ahead, recorded as held ---------------------------------------


@covers("voters:meeting_held")
@pytest.mark.today("2026-12-01")
def test_a_meeting_scheduled_ahead_is_in_the_calendar_takes_opinions_only_once_held(
    login, front_staff, viewer, province, today_of_the_story
):
    round_ = services.round_create(
        organiser=province.front,
        title="Tiếp xúc cử tri trước kỳ họp cuối năm",
        timing="before",
        kind="general",
        starts_on=date(2026, 12, 3),
        ends_on=date(2026, 12, 10),
    )
    client = login(front_staff)
    response = client.post(reverse("voters:meeting_create", args=[round_.pk]), {
        "planned_on": "2026-12-05", "place_unit": province.unit.pk, "address": "Nhà văn hóa thôn Đông"})
    meeting = VoterMeeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert (meeting.planned_on, meeting.held_on) == (date(2026, 12, 5), None)
    page = _page(client.get(meeting.get_absolute_url()))
    assert "Chưa diễn ra" in page and "Ghi nhận đã tiếp xúc" in page and "Ghi nhanh ý kiến cử tri" not in page
    events = providers.events(user=front_staff, start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert [(e.title, e.start) for e in events if e.uid.startswith("voter-meeting")] == [
        ("Tiếp xúc cử tri tại Nhà văn hóa thôn Đông (dự kiến)", date(2026, 12, 5))]

    opinion = client.post(meeting.get_absolute_url(), {"content": "Đề nghị sửa đường"})
    assert "chưa diễn ra: ghi nhận hội nghị đã họp trước khi ghi ý kiến cử tri" in _page(opinion)
    assert not Opinion.objects.exists()

    held = reverse("voters:meeting_held", args=[meeting.pk])
    assert login(viewer).post(held, {"held_on": "2026-12-01", "voters_attending": 90}).status_code == 403
    client = login(front_staff)
    early = client.post(held, {"held_on": "2026-12-05", "voters_attending": 90})
    assert early.status_code == 400
    assert (
        "Ngày tiếp xúc 05/12/2026 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy ra."
        in _page(early)
    )
    meeting.refresh_from_db()
    assert meeting.held_on is None

    today_of_the_story.move_to(datetime(2026, 12, 5, 17, tzinfo=LOCAL_TZ))
    assert client.get(held).status_code == 200
    assert client.post(held, {"held_on": "2026-12-05", "voters_attending": 90}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.voters_attending) == (date(2026, 12, 5), 90)
    client.post(meeting.get_absolute_url(), {"content": "Đề nghị sửa đường"})
    assert Opinion.objects.get().meeting == meeting
    events = providers.events(user=front_staff, start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert [e.title for e in events if e.uid.startswith("voter-meeting")] == [
        "Tiếp xúc cử tri tại Nhà văn hóa thôn Đông"
    ]


@pytest.mark.today("2026-12-01")
def test_a_meeting_only_scheduled_is_not_counted_among_the_points_held(province):
    round_ = services.round_create(
        organiser=province.front,
        title="Đợt cuối năm",
        timing="before",
        kind="general",
        starts_on=date(2026, 11, 20),
        ends_on=date(2026, 12, 10),
    )
    services.meeting_create(
        round_=round_,
        held_on=date(2026, 11, 25),
        place_unit=province.unit,
        address="Điểm 1",
        voters_attending=80,
    )
    services.meeting_create(
        round_=round_, planned_on=date(2026, 12, 8), place_unit=province.unit, address="Điểm 2"
    )
    figures = {f.key: f.value for f in providers.figures(unit_ids={province.unit.pk}, start=date(2026, 1, 1),
                                                         end=date(2026, 12, 31))}
    assert (figures["voter_meeting_points"], figures["voters_attending"]) == (1, 80)


def test_a_round_ending_before_it_starts_is_refused_by_the_same_rule_when_moved(voter_round, today):
    with pytest.raises(ValidationError) as refused:
        services.round_move(round_=voter_round, starts_on=today, ends_on=today - timedelta(days=1))
    assert refused.value.message_dict == {
        "ends_on": [
            f"Đến ngày ({today - timedelta(days=1):%d/%m/%Y}) không được trước ngày bắt đầu đợt "
            f"({today:%d/%m/%Y})."
        ]
    }
    voter_round.refresh_from_db()
    assert voter_round.ends_on == today - timedelta(days=10)
