"""Every URL of the app, for each persona: who reads, who changes, who may not know it exists."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sessions import services
from sessions.models import Question
from tests.sessions.factories import MeetingFactory
from tests.url_coverage import covers

# The story: session 8 opened on 08/12/2026, its resolution, question and ratings are recorded by 10/12/2026.
pytestmark = pytest.mark.today("2026-12-10")

LISTS = [
    "session_list",
    "submission_list",
    "resolution_list",
    "meeting_list",
    "mission_list",
    "recommendation_list",
    "question_list",
    "rating_list",
]


@pytest.fixture
def world(session, province, deputy, mission, staff_b, elected):
    submission = services.submission_create(
        session=session,
        title="Tờ trình đất đai",
        presenting_body=province.committee,
        reviewing_committee=province.council_committee,
    )
    document = services.submission_document_add(
        submission=submission,
        kind="draft",
        title="Dự thảo nghị quyết",
        file=ContentFile(b"%PDF-1.4 du thao", name="du-thao.pdf"),
        by=staff_b,
    )
    resolution = services.resolution_record(
        session=session, number="25/NQ-HĐND", title="Nghị quyết", adopted_on=date(2026, 12, 10)
    )
    resolution.file.save("nghi-quyet.pdf", ContentFile(b"%PDF-1.4 thu"), save=True)
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao chậm?",
        received_on=date(2026, 12, 9),
        answer_mode=Question.AnswerMode.IN_SESSION,
    )
    meeting = MeetingFactory(standing=province.standing)
    services.rating_record(
        session=session,
        position=elected,
        kind="rating",
        total_members=50,
        ballots_issued=50,
        valid_ballots=50,
        high=20,
        confidence=20,
        low=10,
    )
    open_rec = services.recommendation_add(mission=mission, addressee=province.agency, content="Giải quyết")
    answered = services.recommendation_add(mission=mission, addressee=province.agency, content="Số hóa")
    services.recommendation_answer(
        recommendation=answered, answer="Đã xong", answered_on=date(2026, 7, 1), by=staff_b
    )
    return {
        "session": session.pk,
        "submission": submission.pk,
        "document": document.pk,
        "resolution": resolution.pk,
        "question": question.pk,
        "meeting": meeting.pk,
        "mission": mission.pk,
        "recommendation": open_rec.pk,
        "answered": answered.pk,
    }


# url name, object key (None: no argument), method, {persona: expected status}
CASES = [
    *[
        (name, None, "get", {"staff_a": 200, "viewer": 200, "outsider": 200, "anonymous": 302})
        for name in LISTS
    ],
    *[
        (name, None, "get", {"staff_a": 200, "leader": 200, "viewer": 403, "staff_b": 403, "anonymous": 302})
        for name in ["session_create", "meeting_create", "mission_create"]
    ],
    *[
        (name, key, "get", {"staff_a": 200, "viewer": 200, "staff_b": 200, "outsider": 404, "anonymous": 302})
        for name, key in [
            ("session_detail", "session"),
            ("session_history", "session"),
            ("submission_history", "submission"),
            ("resolution_detail", "resolution"),
            ("meeting_detail", "meeting"),
            ("mission_detail", "mission"),
            ("resolution_file", "resolution"),
            ("submission_document_file", "document"),
        ]
    ],
    *[
        (name, key, "get", {"staff_a": 200, "viewer": 403, "staff_b": 403, "outsider": 404, "anonymous": 302})
        for name, key in [
            ("session_move", "session"),
            ("agenda_item_create", "session"),
            ("submission_create", "session"),
            ("resolution_create", "session"),
            ("question_create", "session"),
            ("rating_create", "session"),
            ("meeting_item_create", "meeting"),
            ("meeting_conclude", "meeting"),
            ("meeting_dates", "meeting"),
            ("meeting_question_create", "meeting"),
            ("recommendation_create", "mission"),
            ("mission_team", "mission"),
        ]
    ],
    (
        "session_status",
        "session",
        "post",
        {"staff_a": 302, "viewer": 403, "staff_b": 403, "outsider": 404, "anonymous": 302},
    ),
    (
        "session_dossier",
        "session",
        "post",
        {"staff_a": 302, "viewer": 302, "outsider": 404, "anonymous": 302},
    ),
    ("mission_step", "mission", "post", {"staff_a": 302, "viewer": 403, "outsider": 404, "anonymous": 302}),
    # The People's Committee records its submissions and the answers of its departments.
    (
        "submission_record",
        "submission",
        "get",
        {
            "staff_b": 200,
            "staff_a": 200,
            "viewer": 403,
            "front_staff": 403,
            "outsider": 404,
            "anonymous": 302,
        },
    ),
    (
        "submission_document_add",
        "submission",
        "get",
        {"staff_b": 200, "staff_a": 200, "viewer": 403, "outsider": 404, "anonymous": 302},
    ),
    # The reviewing committee (or the Standing Committee) records its review report; not the presenting body.
    (
        "submission_review_record",
        "submission",
        "get",
        {
            "committee_staff": 200,
            "staff_a": 200,
            "staff_b": 403,
            "agency_officer": 403,
            "viewer": 403,
            "outsider": 404,
            "anonymous": 302,
        },
    ),
    (
        "question_answer",
        "question",
        "get",
        {"staff_b": 200, "agency_officer": 200, "viewer": 403, "outsider": 404},
    ),
    (
        "recommendation_answer",
        "recommendation",
        "get",
        {"agency_officer": 200, "staff_b": 200, "viewer": 403, "committee_staff": 403, "outsider": 404},
    ),
    # Council committee members verify.
    (
        "recommendation_verify",
        "answered",
        "get",
        {"committee_staff": 200, "staff_a": 200, "staff_b": 403, "agency_officer": 403, "outsider": 404},
    ),
]


@covers(*{f"council_sessions:{case[0]}" for case in CASES})
@pytest.mark.parametrize(("name", "key", "method", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_lets_each_persona_in_or_not(request, client, world, name, key, method, expected):
    url = reverse(f"council_sessions:{name}", args=[world[key]] if key else [])
    for persona, status in expected.items():
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        response = client.post(url, {"status": "convened"}) if method == "post" else client.get(url)
        assert response.status_code == status, (
            f"{persona} → {name}: {response.status_code}, expected {status}"
        )


def test_an_outsider_sees_no_row_in_any_list(login, world, outsider, session):
    client = login(outsider)
    for name in LISTS:
        response = client.get(reverse(f"council_sessions:{name}"))
        assert "Không có kết quả nào phù hợp." in response.content.decode(), name


def test_a_supervision_team_member_from_elsewhere_sees_the_mission(login, mission, outsider):
    assert login(outsider).get(mission.get_absolute_url()).status_code == 404
    services.mission_set_team(mission=mission, users=[outsider])
    outsider.refresh_from_db()
    response = login(outsider).get(mission.get_absolute_url())
    assert response.status_code == 200
    assert "Giải quyết khiếu nại về đất đai" in response.content.decode()


def test_a_deputy_sees_their_own_question_through_the_questions_door(world, deputy):
    from sessions.permissions import visible_questions
    from tests.factories import UserFactory

    user = UserFactory()  # a deputy with an account but no membership in any body
    assert not visible_questions(user).exists()
    deputy.person.user = user
    deputy.person.save()
    assert list(visible_questions(user).values_list("pk", flat=True)) == [world["question"]]
