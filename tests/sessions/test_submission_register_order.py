"""The registers' orders and counts. The submissions' register lists the latest session first from the
session's opening kept on each submission (``Submission.session_planned_open``, which its index serves): it
stays in step when a session moves (the service, the admin), when a submission is given another session, and
the data migration filled it. The missions' register counts each mission's recommendations."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import Term
from sessions import services
from sessions.models import Recommendation, Session, Submission
from tests.migrations import migrate_to, migrate_to_latest
from tests.sessions.factories import MissionFactory, RecommendationFactory, SessionFactory, SubmissionFactory


@pytest.fixture
def later(province, council):
    return SessionFactory(term=province.term, council=council, number=9, planned_open=date(2027, 6, 8))


def _submit(session, province, title):
    return services.submission_create(session=session, title=title, presenting_body=province.committee)


def _register_titles(client) -> list[str]:
    response = client.get(reverse("council_sessions:submission_list"))
    assert response.status_code == 200
    return [obj.title for obj, _cells in response.context["rows"]]


def _openings() -> dict[str, date]:
    return dict(Submission.objects.values_list("title", "session_planned_open"))


def test_a_new_submission_keeps_its_sessions_opening(session, province):
    submission = _submit(session, province, "Tờ trình về ngân sách")
    assert Submission.objects.get(pk=submission.pk).session_planned_open == date(2026, 12, 8)


@pytest.mark.today("2026-11-02")
def test_moving_a_session_moves_its_submissions_in_the_register(session, province, council, login, staff_a):
    next_term = Term.objects.create(unit=province.unit, start_year=2031, end_year=2036)
    first_of_next = SessionFactory(term=next_term, council=council, number=1, planned_open=date(2027, 1, 12))
    _submit(session, province, "Tờ trình kỳ họp thứ 8")
    _submit(session, province, "Tờ trình thứ hai kỳ họp thứ 8")
    _submit(first_of_next, province, "Tờ trình kỳ họp thứ nhất")
    client = login(staff_a)
    assert _register_titles(client) == [
        "Tờ trình kỳ họp thứ nhất", "Tờ trình kỳ họp thứ 8", "Tờ trình thứ hai kỳ họp thứ 8"
    ]

    # Session 8 is put off past the other: its submissions follow in one UPDATE, whatever their number.
    with CaptureQueriesContext(connection) as queries:
        services.session_move(session=session, planned_open=date(2027, 2, 2), planned_close=date(2027, 2, 4),
                              reason="Trùng lịch họp Tỉnh ủy")
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "council_sessions_submission"')
               and "session_planned_open" in q["sql"]]
    assert len(updates) == 1
    assert _openings() == {
        "Tờ trình kỳ họp thứ 8": date(2027, 2, 2),
        "Tờ trình thứ hai kỳ họp thứ 8": date(2027, 2, 2),
        "Tờ trình kỳ họp thứ nhất": date(2027, 1, 12),
    }
    assert _register_titles(client) == [
        "Tờ trình kỳ họp thứ 8", "Tờ trình thứ hai kỳ họp thứ 8", "Tờ trình kỳ họp thứ nhất"
    ]


def test_a_session_saved_without_its_opening_leaves_the_submissions_alone(session, province):
    _submit(session, province, "Tờ trình")
    session = Session.objects.get(pk=session.pk)
    with CaptureQueriesContext(connection) as queries:
        services.session_set_status(session=session, status=Session.Status.CONVENED)
    assert not [q for q in queries if 'UPDATE "council_sessions_submission"' in q["sql"]]


def test_a_session_read_twice_and_moved_back_takes_its_submissions_back(session, province):
    _submit(session, province, "Tờ trình")
    first, second = Session.objects.get(pk=session.pk), Session.objects.get(pk=session.pk)
    second.planned_open, second.planned_close = date(2026, 12, 9), date(2026, 12, 10)
    second.save()
    first.refresh_from_db()
    first.planned_open = date(2026, 12, 8)
    first.save()
    assert _openings() == {"Tờ trình": date(2026, 12, 8)}


def test_a_session_moved_in_the_admin_moves_its_submissions(client, superuser, session, province):
    _submit(session, province, "Tờ trình")
    client.force_login(superuser)
    response = client.post(reverse("admin:council_sessions_session_change", args=[session.pk]), {
        "term": session.term_id, "council": session.council_id, "number": 8, "kind": "regular",
        "planned_open": "2026-12-22", "planned_close": "2026-12-24", "place": session.place,
        "status": "planned",
        "agenda_items-TOTAL_FORMS": 0, "agenda_items-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _openings() == {"Tờ trình": date(2026, 12, 22)}


def test_a_submission_given_another_session_takes_its_opening(session, later, province):
    submission = _submit(session, province, "Tờ trình")
    submission.session = later
    submission.save()
    assert _openings() == {"Tờ trình": date(2027, 6, 8)}
    # Saving only the session (update_fields) carries the opening along; a row read without its session too.
    submission = Submission.objects.get(pk=submission.pk)
    submission.session_id = session.pk
    submission.save(update_fields=["session"])
    assert _openings() == {"Tờ trình": date(2026, 12, 8)}


def test_a_submission_moved_to_another_session_in_the_admin_takes_its_opening(
    client, superuser, session, later, province
):
    submission = _submit(session, province, "Tờ trình")
    client.force_login(superuser)
    response = client.post(reverse("admin:council_sessions_submission_change", args=[submission.pk]), {
        "session": later.pk, "title": "Tờ trình", "number": "", "presenting_body": province.committee.pk,
        "reviewing_committee": "", "due_on": "2027-05-19", "review_due_on": "", "submitted_on": "",
        "reviewed_on": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _openings() == {"Tờ trình": date(2027, 6, 8)}


BEFORE = [("council_sessions", "0009_supervision_sources_by_deadline_code")]
AFTER = [("council_sessions", "0010_submission_session_planned_open")]


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_fills_each_submissions_opening_from_its_session(province):
    first = SessionFactory(term=province.term, council=province.standing.parent, number=8,
                           planned_open=date(2026, 12, 8))
    second = SessionFactory(term=province.term, council=province.standing.parent, number=9,
                            planned_open=date(2027, 6, 8))
    try:
        old = migrate_to(BEFORE).get_model("council_sessions", "Submission")
        for n, session in enumerate([first, second, second]):
            old.objects.create(session_id=session.pk, title=f"Tờ trình {n}", due_on=date(2026, 11, 18),
                               presenting_body_id=province.committee.pk)
        migrate_to(AFTER)
        assert _openings() == {
            "Tờ trình 0": date(2026, 12, 8), "Tờ trình 1": date(2027, 6, 8), "Tờ trình 2": date(2027, 6, 8),
        }
    finally:
        migrate_to_latest()


def test_the_factory_rows_keep_the_opening_too(session, province):
    SubmissionFactory(session=session, presenting_body=province.committee, title="Tờ trình")
    assert _openings() == {"Tờ trình": date(2026, 12, 8)}


def test_the_missions_register_counts_each_missions_recommendations_done_and_all(login, staff_a, province):
    counted = MissionFactory(lead_body=province.standing, subject="Giám sát có kiến nghị")
    MissionFactory(lead_body=province.standing, subject="Giám sát chưa có kiến nghị")
    for status in (Recommendation.Status.DONE, Recommendation.Status.ANSWERED, Recommendation.Status.OPEN):
        RecommendationFactory(mission=counted, addressee=province.agency, status=status)
    response = login(staff_a).get(reverse("council_sessions:mission_list"))
    cells = {obj.subject: row[-1] for obj, row in response.context["rows"]}
    assert cells == {"Giám sát có kiến nghị": "1/3", "Giám sát chưa có kiến nghị": "0/0"}
    assert "1 kết quả" not in response.content.decode() and "2 kết quả" in response.content.decode()
