"""What happened cannot be in the future; what follows cannot come first (issue #9, part 3).

Seen by testers: a submission "sent" on 05/01/2027 and flagged late, a resolution "adopted" on 12/02/2027,
ratings recorded for a session that had not met. Each is now refused where it enters — the page, the
service, the admin — with a Vietnamese message naming the field and both days, and nothing is saved.
Meetings are scheduled ahead (in the calendar) and recorded as held once they took place; session numbers
follow the dates with no repeat and no gap.
"""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.models import FollowUp
from coordination.services import followups_of
from sessions import providers, services
from sessions.models import (
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SubmissionDocument,
)
from tests.conftest import LOCAL_TZ
from tests.sessions.factories import MeetingFactory, SessionFactory


def _page(response) -> str:
    return response.content.decode()


FUTURE = "sau ngày hôm nay"


# --- Facts are not in the future -----------------------------------------------------------------


@pytest.mark.today("2026-12-10")
def test_a_submission_sent_on_a_day_to_come_is_refused_not_flagged_late(login, staff_b, session, province):
    submission = services.submission_create(
        session=session, title="Tờ trình dự toán", presenting_body=province.committee
    )
    response = login(staff_b).post(reverse("council_sessions:submission_record", args=[submission.pk]), {
        "submitted_on": "2027-01-05", "file": SimpleUploadedFile("tt.pdf", b"%PDF-1.7 to trinh"),
    })
    assert response.status_code == 400
    assert (
        "Ngày gửi tờ trình 05/01/2027 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."
        in _page(response)
    )
    submission.refresh_from_db()
    assert submission.submitted_on is None and not SubmissionDocument.objects.exists()
    assert followups_of(submission).get().status == FollowUp.Status.OPEN


@pytest.mark.today("2026-12-10")
def test_a_resolution_adopted_on_a_day_to_come_is_refused(login, staff_a, session):
    response = login(staff_a).post(reverse("council_sessions:resolution_create", args=[session.pk]), {
        "number": "25/NQ-HĐND", "title": "Mức chi tiếp công dân", "adopted_on": "2027-02-12",
    })
    assert response.status_code == 400
    assert (
        "Ngày thông qua 12/02/2027 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."
        in _page(response)
    )
    assert not Resolution.objects.exists()


@pytest.mark.today("2026-12-01")
def test_ratings_of_a_session_that_has_not_met_are_refused_and_not_offered(login, staff_a, session, elected):
    client = login(staff_a)
    assert "Ghi nhận kết quả lấy phiếu" not in _page(client.get(session.get_absolute_url()))
    response = client.post(
        reverse("council_sessions:rating_create", args=[session.pk]),
        {
            "position": elected.pk,
            "kind": "rating",
            "total_members": 50,
            "ballots_issued": 48,
            "valid_ballots": 48,
            "high": 20,
            "confidence": 20,
            "low": 8,
        },
    )
    assert response.status_code == 400
    assert (
        "Ngày khai mạc kỳ họp thứ 8 08/12/2026 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy "
        "ra."
        in _page(response)
    )
    assert not ConfidenceRating.objects.exists()


@pytest.mark.today("2026-12-10")
def test_once_the_session_has_met_its_ratings_are_offered_and_recorded(login, staff_a, session, elected):
    client = login(staff_a)
    assert "Ghi nhận kết quả lấy phiếu" in _page(client.get(session.get_absolute_url()))
    services.rating_record(
        session=session,
        position=elected,
        kind="rating",
        total_members=50,
        ballots_issued=48,
        valid_ballots=48,
        high=20,
        confidence=20,
        low=8,
    )
    assert ConfidenceRating.objects.count() == 1


@pytest.mark.today("2026-12-10")
@pytest.mark.parametrize(
    ("where", "key"), [("question_create", "session"), ("meeting_question_create", "meeting")]
)
def test_a_question_received_on_a_day_to_come_is_explained_not_a_500(
    login, staff_a, session, province, deputy, where, key
):
    meeting = MeetingFactory(standing=province.standing, held_on=date(2026, 12, 1))
    target = {"session": session, "meeting": meeting}[key]
    response = login(staff_a).post(
        reverse(f"council_sessions:{where}", args=[target.pk]),
        {
            "deputy": deputy.pk,
            "questioned_body": province.agency.pk,
            "text": "Vì sao chậm?",
            "received_on": "2026-12-11",
            "answer_mode": "written",
        },
    )
    assert response.status_code == 400
    assert "Ngày nhận chất vấn 11/12/2026 sau ngày hôm nay 10/12/2026" in _page(response)
    assert (
        not Question.objects.exists()
        and not FollowUp.objects.filter(source__startswith="Trả lời chất vấn").exists()
    )


@pytest.mark.today("2026-06-20")
def test_a_supervision_step_or_answer_on_a_day_to_come_is_refused(login, staff_a, staff_b, mission, province):
    page = _page(
        login(staff_a).post(
            reverse("council_sessions:mission_step", args=[mission.pk]),
            {"step": "report", "on": "2026-06-25", "findings": "Còn tồn đọng"},
            follow=True,
        )
    )
    assert ("Chưa ghi nhận được: Ngày báo cáo kết quả 25/06/2026 sau ngày hôm nay 20/06/2026: "
            "không thể ghi nhận việc chưa xảy ra.") in page
    mission.refresh_from_db()
    assert mission.reported_on is None and mission.findings == ""
    assert services.mission_step_due(mission=mission)["report"].status == FollowUp.Status.OPEN

    recommendation = services.recommendation_add(
        mission=mission, addressee=province.agency, content="Giải quyết dứt điểm"
    )
    response = login(staff_b).post(
        reverse("council_sessions:recommendation_answer", args=[recommendation.pk]),
        {"answer": "Đã giải quyết", "answered_on": "2026-06-21"},
    )
    assert response.status_code == 400
    assert "Ngày trả lời 21/06/2026 sau ngày hôm nay 20/06/2026" in _page(response)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answered_on) == (Recommendation.Status.OPEN, None)


@pytest.mark.today("2026-12-10")
def test_a_review_report_before_the_submission_it_reviews_is_refused(
    login, committee_staff, session, province
):
    submission = services.submission_create(
        session=session,
        title="Tờ trình quy định mức chi",
        presenting_body=province.committee,
        reviewing_committee=province.council_committee,
    )
    services.submission_record(submission=submission, submitted_on=date(2026, 11, 20))
    response = login(committee_staff).post(
        reverse("council_sessions:submission_review_record", args=[submission.pk]),
        {
            "reviewed_on": "2026-11-19",
            "title": "Báo cáo thẩm tra",
            "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.7"),
        },
    )
    assert response.status_code == 400
    assert "Ngày gửi báo cáo thẩm tra (19/11/2026) không được trước ngày gửi tờ trình (20/11/2026)." in _page(
        response
    )
    submission.refresh_from_db()
    assert submission.reviewed_on is None and not SubmissionDocument.objects.exists()


@pytest.mark.today("2026-12-10")
def test_the_admin_refuses_a_fact_on_a_day_to_come(client, superuser, session):
    client.force_login(superuser)
    response = client.post(reverse("admin:council_sessions_resolution_add"), {
        "number": "25/NQ-HĐND", "title": "Mức chi", "council": session.council.pk, "session": session.pk,
        "adopted_on": "2027-02-12", "field": "",
    })
    assert response.status_code == 200
    assert (
        "Ngày thông qua 12/02/2027 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra."
        in _page(response)
    )
    assert not Resolution.objects.exists()


@pytest.mark.today("2026-12-10")
def test_each_service_refuses_a_fact_on_a_day_to_come(session, province, deputy, elected, mission, staff_b):
    tomorrow = date(2026, 12, 11)
    submission = services.submission_create(
        session=session,
        title="Tờ trình",
        presenting_body=province.committee,
        reviewing_committee=province.council_committee,
    )
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao?",
        received_on=date(2026, 12, 9),
        answer_mode="in_session",
    )
    refused = [
        ("submitted_on", lambda: services.submission_record(submission=submission, submitted_on=tomorrow)),
        (
            "reviewed_on",
            lambda: services.submission_review_record(
                submission=submission,
                reviewed_on=tomorrow,
                title="BC",
                file=SimpleUploadedFile("bc.pdf", b"%PDF"),
                by=staff_b,
            ),
        ),
        (
            "adopted_on",
            lambda: services.resolution_record(
                session=session, number="1/NQ-HĐND", title="NQ", adopted_on=tomorrow
            ),
        ),
        (
            "answered_on",
            lambda: services.question_answer(
                question=question, answer="Đã", answered_on=tomorrow, deputy_satisfied=True
            ),
        ),
        (
            "actual_open",
            lambda: services.session_set_status(
                session=services.session_set_status(session=session, status=Session.Status.CONVENED),
                status=Session.Status.IN_PROGRESS,
                on=tomorrow,
            ),
        ),
        (
            "decision_date",
            lambda: services.mission_create(
                kind="supervision",
                lead_body=province.standing,
                decision_number="9/QĐ",
                decision_date=tomorrow,
                subject="Giám sát",
                supervised_bodies=[province.agency],
                visit_start=date(2027, 1, 4),
                visit_end=date(2027, 1, 6),
            ),
        ),
        ("notified_on", lambda: services.mission_record_step(mission=mission, step="notify", on=tomorrow)),
    ]
    for field, attempt in refused:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert FUTURE in " ".join(error.value.message_dict[field]), field
    submission.refresh_from_db()
    question.refresh_from_db()
    session.refresh_from_db()
    assert (submission.submitted_on, submission.reviewed_on, question.answered_on, session.actual_open) == (
        None,
        None,
        None,
        None,
    )
    assert not Resolution.objects.exists() and Submission.objects.count() == 1


# --- What follows cannot come first --------------------------------------------------------------


def test_a_verification_is_never_dated_before_the_answer(mission, province):
    recommendation = Recommendation(
        mission=mission,
        addressee=province.agency,
        content="Số hóa hồ sơ",
        due_on=date(2026, 9, 30),
        answered_on=date(2026, 8, 20),
        verified_on=date(2026, 8, 19),
    )
    with pytest.raises(ValidationError) as refused:
        recommendation.clean()
    assert refused.value.message_dict == {
        "verified_on": ["Ngày xác minh (19/08/2026) không được trước ngày trả lời (20/08/2026)."]
    }


@pytest.mark.today("2026-12-10")
def test_a_verification_is_recorded_on_its_own_day_after_the_answer(
    mission, province, staff_b, committee_staff
):
    recommendation = services.recommendation_add(
        mission=mission, addressee=province.agency, content="Số hóa hồ sơ"
    )
    services.recommendation_answer(
        recommendation=recommendation, answer="Xong", answered_on=date(2026, 12, 9), by=staff_b
    )
    services.recommendation_verify(
        recommendation=recommendation, done=True, note="Đã kiểm tra", by=committee_staff
    )
    recommendation.refresh_from_db()
    assert (recommendation.answered_on, recommendation.verified_on) == (date(2026, 12, 9), date(2026, 12, 10))


# --- Meetings are scheduled ahead, recorded as held later ----------------------------------------


@pytest.mark.today("2026-11-20")
def test_a_joint_meeting_scheduled_ahead_is_in_the_calendar_and_fulfils_the_session_once_held(
        login, staff_a, province, council, today_of_the_story):
    session = services.session_schedule(term=province.term, council=council, number=1, kind="regular",
                                        planned_open=date(2026, 12, 8), planned_close=date(2026, 12, 10))
    joint = followups_of(session).get(source="session:joint_meeting")
    client = login(staff_a)
    response = client.post(reverse("council_sessions:meeting_create"), {
        "kind": "joint", "title": "Hội nghị liên tịch chuẩn bị kỳ họp thứ nhất", "planned_on": "2026-11-25",
        "for_session": session.pk,
    })
    meeting = StandingMeeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert (meeting.planned_on, meeting.held_on, meeting.is_held) == (date(2026, 11, 25), None, False)
    assert "Chưa họp" in _page(client.get(meeting.get_absolute_url()))
    events = providers.events(user=staff_a, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert [(e.title, e.start) for e in events if e.uid.startswith("standing-meeting")] == [
        ("Hội nghị liên tịch chuẩn bị kỳ họp thứ nhất (dự kiến)", date(2026, 11, 25))]
    joint.refresh_from_db()
    assert joint.status == FollowUp.Status.OPEN  # scheduled is not held

    url = reverse("council_sessions:meeting_dates", args=[meeting.pk])
    early = client.post(url, {"planned_on": "2026-11-25", "held_on": "2026-11-25"})
    assert early.status_code == 400
    assert "Ngày họp 25/11/2026 sau ngày hôm nay 20/11/2026: không thể ghi nhận việc chưa xảy ra." in _page(
        early
    )
    meeting.refresh_from_db()
    assert meeting.held_on is None

    today_of_the_story.move_to(datetime(2026, 11, 26, 9, tzinfo=LOCAL_TZ))
    client.post(url, {"planned_on": "2026-11-25", "held_on": "2026-11-25"})
    meeting.refresh_from_db()
    joint.refresh_from_db()
    assert meeting.held_on == date(2026, 11, 25)
    assert joint.status == FollowUp.Status.DONE and joint.completed_at.date() == date(2026, 11, 25)
    events = providers.events(user=staff_a, start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert [e.title for e in events if e.uid.startswith("standing-meeting")] == [
        "Hội nghị liên tịch chuẩn bị kỳ họp thứ nhất"
    ]


@pytest.mark.today("2026-12-01")
def test_a_meeting_recorded_as_held_on_a_day_to_come_is_refused_at_creation(login, staff_a, province):
    response = login(staff_a).post(reverse("council_sessions:meeting_create"), {
        "kind": "monthly", "title": "Phiên họp thường kỳ tháng 12", "held_on": "2026-12-12",
    })
    assert response.status_code == 400
    assert "Ngày họp 12/12/2026 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy ra." in _page(
        response
    )
    assert not StandingMeeting.objects.exists()
    neither = login(staff_a).post(
        reverse("council_sessions:meeting_create"), {"kind": "monthly", "title": "Phiên họp"}
    )
    assert neither.status_code == 400 and "cần ghi ngày họp dự kiến hoặc ngày đã họp" in _page(neither)


@pytest.mark.today("2026-12-01")
def test_an_explanation_session_scheduled_ahead_is_due_its_notice_from_the_planned_day(province):
    meeting = MeetingFactory(
        standing=province.standing,
        kind=StandingMeeting.Kind.EXPLANATION,
        planned_on=date(2026, 12, 21),
        held_on=None,
    )
    notice = services.meeting_track(meeting=meeting)
    assert notice.due_on == date(2026, 12, 11)  # ten days before the planned day


# --- Session numbers follow the dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "opening", "message"),
    [
        (8, "2026-12-20", "Kỳ họp thứ 8: nhiệm kỳ này đã có kỳ họp thứ 8 (khai mạc 08/12/2026)."),
        (
            10,
            "2026-12-20",
            "Kỳ họp thứ 10: số thứ tự bị cách quãng, kỳ họp sau kỳ họp thứ 8 (khai mạc 08/12/2026) là kỳ họp "
            "thứ 9.",
        ),
        (
            6,
            "2026-07-08",
            "Kỳ họp thứ 6: số thứ tự bị cách quãng, kỳ họp trước kỳ họp thứ 8 (khai mạc 08/12/2026) là kỳ "
            "họp thứ 7.",
        ),
        (
            9,
            "2026-12-01",
            "Kỳ họp thứ 9 khai mạc 01/12/2026, không sau kỳ họp thứ 8 (khai mạc 08/12/2026): "
            "số thứ tự phải theo thứ tự ngày họp.",
        ),
    ],
)
def test_a_repeated_skipped_or_out_of_order_session_number_names_the_session_it_collides_with(
        login, staff_a, session, number, opening, message):
    response = login(staff_a).post(reverse("council_sessions:session_create"), {
        "number": number, "kind": "regular", "planned_open": opening, "planned_close": opening,
    })
    assert response.status_code == 400
    assert message in _page(response)
    assert list(Session.objects.values_list("number", flat=True)) == [8]
    assert not FollowUp.objects.exists()


def test_the_next_number_after_the_last_session_is_scheduled(login, staff_a, session):
    response = login(staff_a).post(reverse("council_sessions:session_create"), {
        "number": 9, "kind": "regular", "planned_open": "2027-07-08", "planned_close": "2027-07-10",
    })
    assert response.status_code == 302
    assert sorted(Session.objects.values_list("number", flat=True)) == [8, 9]


def test_a_session_moved_past_the_next_one_is_refused_naming_it(session, province, council):
    later = SessionFactory(term=province.term, council=council, number=9, planned_open=date(2027, 7, 8))
    session.planned_open, session.planned_close = date(2027, 7, 20), date(2027, 7, 22)
    with pytest.raises(ValidationError) as refused:
        session.clean()
    assert refused.value.message_dict == {
        "number": [
            "Kỳ họp thứ 8 khai mạc 20/07/2027, không trước kỳ họp thứ 9 (khai mạc 08/07/2027): số thứ tự "
            "phải theo thứ tự ngày họp."
        ]
    }
    assert later.number == 9


def test_the_admin_refuses_a_repeated_session_number(client, superuser, session, province, council):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:council_sessions_session_add"),
        {
            "term": province.term.pk,
            "council": council.pk,
            "number": 8,
            "kind": "regular",
            "planned_open": "2026-12-20",
            "planned_close": "2026-12-21",
            "place": "",
            "status": "planned",
            "agenda_items-TOTAL_FORMS": 0,
            "agenda_items-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Kỳ họp thứ 8: nhiệm kỳ này đã có kỳ họp thứ 8 (khai mạc 08/12/2026)." in _page(response)
    assert Session.objects.count() == 1
