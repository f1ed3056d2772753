"""Dates out of order are refused where they enter: the message names the field and both days, and
nothing is saved (a resolution in force before its adoption, an answer before the question, …)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coordination.models import FollowUp
from sessions import services
from sessions.models import (
    Commitment,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    SupervisionMission,
)

# The story: session 8 opens on 08/12/2026; the dates recorded around it are in the past on 10/12/2026.
pytestmark = pytest.mark.today("2026-12-10")


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {"adopted_on": "2026-12-10", "effective_on": "2026-12-01"},
            "Ngày có hiệu lực (01/12/2026) không được trước ngày thông qua (10/12/2026).",
        ),
        (
            {"adopted_on": "2026-12-01"},
            "Ngày thông qua (01/12/2026) không được trước ngày khai mạc kỳ họp (08/12/2026).",
        ),
    ],
)
def test_a_resolution_in_force_before_its_adoption_or_adopted_before_the_session_is_refused(
        login, staff_a, session, dates, message):
    response = login(staff_a).post(reverse("council_sessions:resolution_create", args=[session.pk]), {
        "number": "25/NQ-HĐND", "title": "Mức chi tiếp công dân", **dates,
    })
    assert response.status_code == 400
    assert message in _page(response)
    assert not Resolution.objects.exists()


def test_an_answer_before_the_question_was_received_is_refused(login, staff_b, session, province, deputy):
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao chậm?",
        received_on=date(2026, 12, 9),
        answer_mode="in_session",
    )
    response = login(staff_b).post(reverse("council_sessions:question_answer", args=[question.pk]), {
        "answer": "Sẽ khắc phục", "answered_on": "2026-12-08", "deputy_satisfied": "true",
    })
    assert response.status_code == 400
    assert "Ngày trả lời (08/12/2026) không được trước ngày nhận chất vấn (09/12/2026)." in _page(response)
    question.refresh_from_db()
    assert (question.answer, question.answered_on) == ("", None)


def test_a_commitment_due_before_the_answer_is_refused_and_the_answer_not_kept(
    login, staff_b, session, province, deputy
):
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao chậm?",
        received_on=date(2026, 12, 9),
        answer_mode="in_session",
    )
    response = login(staff_b).post(reverse("council_sessions:question_answer", args=[question.pk]), {
        "answer": "Sẽ khắc phục", "answered_on": "2026-12-09", "deputy_satisfied": "true",
        "commitment": "Hoàn thành quý I", "commitment_due_on": "2026-12-01",
    })
    assert response.status_code == 400
    assert "Hạn thực hiện (01/12/2026) không được trước ngày trả lời chất vấn (09/12/2026)." in _page(
        response
    )
    question.refresh_from_db()
    assert question.answer == "" and not Commitment.objects.exists()


MISSION = {"kind": "supervision", "decision_number": "78/QĐ-TTHĐND", "decision_date": "2026-10-01",
           "subject": "Giám sát giải phóng mặt bằng"}


@pytest.mark.parametrize(
    ("visits", "message"),
    [
        (
            {"visit_start": "2026-09-20", "visit_end": "2026-09-22"},
            "Ngày bắt đầu làm việc trực tiếp (20/09/2026) không được trước ngày quyết định thành lập đoàn "
            "(01/10/2026).",
        ),
        (
            {"visit_start": "2026-10-20", "visit_end": "2026-10-18"},
            "Ngày kết thúc (18/10/2026) không được trước ngày bắt đầu làm việc trực tiếp (20/10/2026).",
        ),
    ],
)
def test_visits_before_the_decision_or_ending_before_they_start_are_refused(
    login, staff_a, province, visits, message
):
    response = login(staff_a).post(reverse("council_sessions:mission_create"), {
        **MISSION, "lead_body": province.standing.pk, "supervised_bodies": [province.agency.pk], **visits,
    })
    assert response.status_code == 400
    assert message in _page(response)
    assert not SupervisionMission.objects.exists() and not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("step", "on", "field", "message"),
    [
        (
            "notify",
            "2026-05-01",
            "notified_on",
            "Ngày thông báo cho cơ quan chịu giám sát (01/05/2026) không được trước ngày quyết định thành "
            "lập đoàn (04/05/2026).",
        ),
        (
            "programme",
            "2026-05-03",
            "programme_sent_on",
            "Ngày gửi chương trình làm việc (03/05/2026) không được trước ngày quyết định thành lập đoàn "
            "(04/05/2026).",
        ),
        (
            "report",
            "2026-06-03",
            "reported_on",
            "Ngày báo cáo kết quả (03/06/2026) không được trước ngày kết thúc làm việc trực tiếp "
            "(05/06/2026).",
        ),
    ],
)
def test_a_step_before_the_decision_or_a_report_before_the_visits_end_is_refused(
    login, staff_a, mission, step, on, field, message
):
    page = _page(login(staff_a).post(reverse("council_sessions:mission_step", args=[mission.pk]),
                                     {"step": step, "on": on, "findings": "Còn tồn đọng"}, follow=True))
    assert f"Chưa ghi nhận được: {message}" in page
    mission.refresh_from_db()
    assert getattr(mission, field) is None and mission.findings == ""
    assert services.mission_step_due(mission=mission)[step].status == FollowUp.Status.OPEN


def test_a_recommendation_due_or_answered_before_the_visits_end_is_refused(
    login, staff_a, staff_b, mission, province
):
    response = login(staff_a).post(
        reverse("council_sessions:recommendation_create", args=[mission.pk]),
        {"addressee": province.agency.pk, "content": "Giải quyết dứt điểm", "due_on": "2026-06-01"},
    )
    assert response.status_code == 400
    assert "Thời hạn (01/06/2026) không được trước ngày kết thúc làm việc trực tiếp (05/06/2026)." in _page(
        response
    )
    assert not Recommendation.objects.exists()

    recommendation = services.recommendation_add(
        mission=mission, addressee=province.agency, content="Giải quyết dứt điểm"
    )
    response = login(staff_b).post(
        reverse("council_sessions:recommendation_answer", args=[recommendation.pk]),
        {"answer": "Đã giải quyết", "answered_on": "2026-06-02"},
    )
    assert response.status_code == 400
    assert (
        "Ngày trả lời (02/06/2026) không được trước ngày kết thúc làm việc trực tiếp (05/06/2026)."
        in _page(response)
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answered_on, recommendation.answer) == (
        Recommendation.Status.OPEN,
        None,
        "",
    )


def test_a_session_does_not_close_before_it_opened(session):
    services.session_set_status(session=session, status=Session.Status.CONVENED)
    services.session_set_status(session=session, status=Session.Status.IN_PROGRESS, on=date(2026, 12, 8))
    with pytest.raises(ValidationError) as refused:
        services.session_set_status(session=session, status=Session.Status.CLOSED, on=date(2026, 12, 7))
    assert refused.value.message_dict == {
        "actual_close": [
            "Ngày bế mạc thực tế (07/12/2026) không được trước ngày khai mạc thực tế (08/12/2026)."
        ]
    }
    session.refresh_from_db()
    assert (session.status, session.actual_close) == (Session.Status.IN_PROGRESS, None)


def test_closing_from_the_page_before_the_recorded_opening_is_explained(login, staff_a, session):
    services.session_set_status(session=session, status=Session.Status.CONVENED)
    services.session_set_status(session=session, status=Session.Status.IN_PROGRESS, on=timezone.localdate())
    opened = timezone.localdate() + timedelta(days=3)  # a wrong opening day kept from before the rule
    Session.objects.filter(pk=session.pk).update(actual_open=opened)
    session.refresh_from_db()
    page = _page(
        login(staff_a).post(
            reverse("council_sessions:session_status", args=[session.pk]), {"status": "closed"}, follow=True
        )
    )
    assert f"không được trước ngày khai mạc thực tế ({opened:%d/%m/%Y})." in page
    session.refresh_from_db()
    assert session.status == Session.Status.IN_PROGRESS


def test_moving_a_session_to_close_before_it_opens_is_refused(login, staff_a, session, province):
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    response = login(staff_a).post(
        reverse("council_sessions:session_move", args=[session.pk]),
        {"planned_open": "2026-12-15", "planned_close": "2026-12-14", "reason": "Trùng lịch"},
    )
    assert response.status_code == 400
    assert "Ngày bế mạc dự kiến (14/12/2026) không được trước ngày khai mạc dự kiến (15/12/2026)." in _page(
        response
    )
    session.refresh_from_db()
    submission.refresh_from_db()
    assert session.planned_open == date(2026, 12, 8) and submission.due_on == date(2026, 11, 18)


def test_a_new_meeting_notified_after_it_is_held_is_refused(login, staff_a, province):
    response = login(staff_a).post(
        reverse("council_sessions:meeting_create"),
        {
            "kind": "explanation",
            "title": "Phiên giải trình về đất đai",
            "held_on": "2026-06-20",
            "notified_on": "2026-06-21",
        },
    )
    assert response.status_code == 400
    assert "Ngày gửi thông báo (21/06/2026) không được sau ngày họp (20/06/2026)." in _page(response)
    assert not StandingMeeting.objects.exists() and not FollowUp.objects.exists()


def test_the_admin_refuses_a_resolution_in_force_before_its_adoption(client, superuser, session):
    client.force_login(superuser)
    response = client.post(reverse("admin:council_sessions_resolution_add"), {
        "number": "25/NQ-HĐND", "title": "Mức chi", "council": session.council.pk, "session": session.pk,
        "adopted_on": "2026-12-10", "effective_on": "2026-12-01", "field": "",
    })
    assert response.status_code == 200
    assert "Ngày có hiệu lực (01/12/2026) không được trước ngày thông qua (10/12/2026)." in _page(response)
    assert not Resolution.objects.exists()


@pytest.mark.parametrize("model", ["recommendation", "commitment"])
def test_an_admin_form_without_its_parent_names_the_missing_field_not_a_500(client, superuser, model):
    client.force_login(superuser)
    response = client.post(
        reverse(f"admin:council_sessions_{model}_add"),
        {"content": "Kiến nghị", "text": "Cam kết", "due_on": "2026-06-01"},
    )
    assert response.status_code == 200
    assert (
        "This field is required." in response.content.decode()
        or "Trường này là bắt buộc." in response.content.decode()
    )
