"""Deadlines, late submissions, moving a session, questioning, confidence counts and maker–checker."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import FollowUp, OutboxMessage, StatutoryRule
from coordination.services import followups_of
from sessions import services
from sessions.models import ConfidenceRating, Question, Recommendation, Session
from tests.sessions.factories import SessionFactory


def test_a_submission_is_due_20_days_and_its_review_7_days_before_the_opening(session, province):
    submission = services.submission_create(
        session=session, title="Tờ trình dự toán ngân sách", presenting_body=province.committee,
        reviewing_committee=province.council_committee,
    )
    assert submission.due_on == date(2026, 11, 18)
    assert submission.review_due_on == date(2026, 12, 1)
    followups = {f.lead_body_id: f for f in followups_of(submission)}
    assert followups[province.committee.pk].due_on == date(2026, 11, 18)
    assert followups[province.council_committee.pk].due_on == date(2026, 12, 1)


def test_the_deadline_follows_the_rule_data_not_a_constant(session, province):
    StatutoryRule.objects.filter(code="submission_due").update(amount=25)
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    assert submission.due_on == date(2026, 11, 13)


def test_a_late_submission_is_flagged_with_its_days_late_and_closes_its_followup(session, province):
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    services.submission_record(submission=submission, submitted_on=date(2026, 11, 21))
    assert submission.is_late and submission.days_late == 3
    followup = followups_of(submission).get()
    assert followup.status == FollowUp.Status.DONE and followup.was_on_time is False


def test_an_on_time_submission_is_not_late(session, province):
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    services.submission_record(submission=submission, submitted_on=date(2026, 11, 18))
    assert not submission.is_late
    assert followups_of(submission).get().was_on_time is True


def test_moving_a_session_reschedules_every_dependent_followup_and_mails_once(
    session, province, staff_b, committed
):
    province.committee.email = "ubnd@example.vn"
    province.committee.save()
    submission = services.submission_create(
        session=session,
        title="Tờ trình",
        presenting_body=province.committee,
        reviewing_committee=province.council_committee,
    )
    with committed():
        queued = services.session_move(
            session=session,
            planned_open=date(2026, 12, 15),
            planned_close=date(2026, 12, 17),
            reason="Trùng lịch họp Tỉnh ủy",
        )
    submission.refresh_from_db()
    assert submission.due_on == date(2026, 11, 25)
    assert sorted(f.due_on for f in followups_of(submission)) == [date(2026, 11, 25), date(2026, 12, 8)]
    recipients = set(OutboxMessage.objects.filter(kind="session_moved").values_list("to_email", flat=True))
    assert {"ubnd@example.vn", staff_b.email} <= recipients
    assert queued == OutboxMessage.objects.count()
    # The same move again changes nothing and mails nobody twice.
    assert (
        services.session_move(
            session=session,
            planned_open=date(2026, 12, 15),
            planned_close=date(2026, 12, 17),
            reason="Trùng lịch họp Tỉnh ủy",
        )
        == 0
    )
    assert OutboxMessage.objects.count() == queued


def _move_queries(session, province, submissions: int, to: date) -> int:
    for n in range(submissions):
        services.submission_create(
            session=session, title=f"Tờ trình {n}", presenting_body=province.committee,
            reviewing_committee=province.council_committee,
        )
    with CaptureQueriesContext(connection) as queries:
        queued = services.session_move(
            session=session, planned_open=to, planned_close=to, reason="Trùng lịch họp Tỉnh ủy"
        )
    assert queued  # the bodies' staff are told
    return len(queries)


def test_moving_a_session_costs_the_same_queries_for_2_or_12_submissions(session, province, staff_b):
    small = _move_queries(session, province, 2, to=date(2026, 12, 15))
    other = SessionFactory(term=province.term, council=session.council, number=9,
                           planned_open=date(2027, 6, 8))
    # The first move also fills the caches of the process (content types, rules, calendar): no more after.
    assert _move_queries(other, province, 12, to=date(2027, 6, 15)) <= small
    submission = other.submissions.order_by("pk").last()
    followup = followups_of(submission).get(lead_body=province.committee)
    assert submission.due_on == followup.due_on > date(2027, 5, 14)  # 20 days before the old opening
    for row in (submission, followup):
        assert row.history.first().history_change_reason.startswith("Dời kỳ họp thứ 9")


def test_moving_a_session_moves_the_commitments_due_before_it(session, province, council, deputy):
    earlier = Session.objects.create(
        term=province.term,
        council=council,
        number=7,
        planned_open=date(2026, 7, 8),
        planned_close=date(2026, 7, 10),
    )
    question = services.question_ask(
        session=earlier,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao chậm?",
        received_on=date(2026, 7, 9),
        answer_mode=Question.AnswerMode.IN_SESSION,
    )
    commitment = services.commitment_add(question=question, text="Hoàn thành trong năm")
    assert commitment.due_on == date(2026, 12, 7)
    services.session_move(
        session=session,
        planned_open=date(2026, 12, 20),
        planned_close=date(2026, 12, 22),
        reason="Trùng lịch họp Tỉnh ủy",
    )
    commitment.refresh_from_db()
    # The day before Sunday 20/12 is a Saturday: the commitment ends on Friday 18/12.
    assert commitment.due_on == date(2026, 12, 18)
    assert followups_of(commitment).get().due_on == date(2026, 12, 18)


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_a_commitment_without_a_next_session_needs_a_date(session, province, deputy):
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="?",
        received_on=date(2026, 12, 9),
        answer_mode=Question.AnswerMode.IN_SESSION,
    )
    with pytest.raises(ValidationError) as error:
        services.commitment_add(question=question, text="Sẽ làm")
    assert "kỳ họp tiếp theo" in str(error.value)


def test_a_written_answer_is_due_20_days_after_receipt(session, province, deputy):
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao?",
        received_on=date(2026, 9, 1),
        answer_mode=Question.AnswerMode.WRITTEN,
    )
    assert question.answer_due_on == date(2026, 9, 21)
    services.question_answer(
        question=question, answer="Đã trả lời", answered_on=date(2026, 9, 15), deputy_satisfied=True
    )
    assert followups_of(question).get().status == FollowUp.Status.DONE


@pytest.mark.parametrize(("counts", "field", "message"), [
    (dict(high=30, confidence=15, low=10), "low", "lớn hơn số phiếu hợp lệ"),
    (dict(high=-1, confidence=0, low=0), "high", "không được âm"),
])
@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_impossible_confidence_counts_are_refused(session, elected, counts, field, message):
    with pytest.raises(ValidationError) as error:
        services.rating_record(
            session=session,
            position=elected,
            kind="rating",
            total_members=50,
            ballots_issued=48,
            valid_ballots=48,
            **counts,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not ConfidenceRating.objects.exists()


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_the_confidence_outcome_reads_the_thresholds_as_rule_data(session, elected):
    rating = services.rating_record(session=session, position=elected, kind="rating", total_members=50,
                                    ballots_issued=50, valid_ballots=50, high=10, confidence=14, low=26)
    assert "bỏ phiếu tín nhiệm" in rating.outcome(services.rating_thresholds())
    from sessions.models import RatingThreshold

    RatingThreshold.objects.filter(code="formal_vote").update(share="0.6")
    assert rating.outcome(services.rating_thresholds()) == "Không có hệ quả"


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_a_formal_vote_with_more_than_half_no_confidence_proposes_dismissal(session, elected):
    rating = services.rating_record(session=session, position=elected, kind="vote", total_members=50,
                                    ballots_issued=50, valid_ballots=50, confidence=24, low=26)
    assert "miễn nhiệm" in rating.outcome(services.rating_thresholds())


def test_a_mission_tracks_notify_programme_and_report_deadlines(mission):
    due = {step: f.due_on for step, f in services.mission_step_due(mission=mission).items()}
    # The report is due 15 days after the visits end (05/06): Saturday 20/06 becomes Monday 22/06.
    assert due == {"notify": date(2026, 5, 19), "programme": date(2026, 5, 22), "report": date(2026, 6, 22)}
    services.mission_record_step(mission=mission, step="notify", on=date(2026, 5, 25))
    followup = services.mission_step_due(mission=mission)["notify"]
    assert followup.status == FollowUp.Status.DONE and followup.was_on_time is False


def test_who_records_the_answer_cannot_verify_it(mission, province, staff_a, committee_staff):
    recommendation = services.recommendation_add(
        mission=mission, addressee=province.agency, content="Giải quyết dứt điểm"
    )
    assert recommendation.due_on == date(2026, 7, 6)  # 30 days after 05/06 is Sunday 05/07
    services.recommendation_answer(
        recommendation=recommendation, answer="Đã xong", answered_on=date(2026, 7, 1), by=staff_a
    )
    with pytest.raises(ValidationError, match="không được tự xác minh"):
        services.recommendation_verify(recommendation=recommendation, done=True, note="", by=staff_a)
    services.recommendation_verify(recommendation=recommendation, done=True, note="Đúng", by=committee_staff)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DONE
    assert followups_of(recommendation).get().status == FollowUp.Status.DONE


def test_a_re_supervision_links_back_and_progress_rolls_up(mission, province, staff_a, committee_staff):
    first = services.recommendation_add(mission=mission, addressee=province.agency, content="Một")
    services.recommendation_add(mission=mission, addressee=province.agency, content="Hai")
    services.recommendation_answer(
        recommendation=first, answer="Xong", answered_on=date(2026, 7, 1), by=staff_a
    )
    services.recommendation_verify(recommendation=first, done=False, note="Chưa đạt", by=committee_staff)
    again = services.mission_create(
        kind="resupervision",
        lead_body=province.council_committee,
        decision_number="78/QĐ",
        decision_date=date(2026, 10, 1),
        subject="Tái giám sát",
        supervised_bodies=[province.agency],
        visit_start=date(2026, 11, 1),
        visit_end=date(2026, 11, 2),
        rechecks=[first],
    )
    assert list(first.rechecked_by.all()) == [again]
    progress = services.mission_progress(list(mission.recommendations.all()))
    assert (
        progress["total"] == 2
        and progress["not_done"] == 1
        and progress["open"] == 1
        and progress["done"] == 0
    )


def test_team_members_get_an_object_permission(mission, outsider):
    services.mission_set_team(mission=mission, users=[outsider])
    assert outsider.has_perm("council_sessions.view_supervisionmission", mission)
    services.mission_set_team(mission=mission, users=[])
    from django.contrib.auth import get_user_model

    fresh = get_user_model().objects.get(pk=outsider.pk)
    assert not fresh.has_perm("council_sessions.view_supervisionmission", mission)


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026 and closed today
def test_a_session_goes_planned_convened_in_progress_closed_recording_the_actual_dates(session):
    services.session_set_status(session=session, status=Session.Status.CONVENED, on=date(2026, 11, 20))
    assert (session.status, session.actual_open) == (Session.Status.CONVENED, None)
    services.session_set_status(session=session, status=Session.Status.IN_PROGRESS, on=date(2026, 12, 8))
    services.session_set_status(session=session, status=Session.Status.CLOSED, on=date(2026, 12, 10))
    session.refresh_from_db()
    assert session.status == Session.Status.CLOSED
    assert (session.actual_open, session.actual_close) == (date(2026, 12, 8), date(2026, 12, 10))
    assert services.session_next_status(session) is None


@pytest.mark.parametrize(("start", "target"), [
    (Session.Status.PLANNED, Session.Status.IN_PROGRESS),  # skipping "convened"
    (Session.Status.PLANNED, Session.Status.CLOSED),
    (Session.Status.CLOSED, Session.Status.PLANNED),  # back from closed
    (Session.Status.IN_PROGRESS, Session.Status.CONVENED),
    (Session.Status.CONVENED, Session.Status.CONVENED),
])
def test_a_status_out_of_order_is_refused_and_nothing_changes(session, start, target):
    Session.objects.filter(pk=session.pk).update(status=start)
    session.refresh_from_db()
    with pytest.raises(
        ValidationError, match="trạng thái đi theo thứ tự Dự kiến → Đã triệu tập → Đang họp → Đã bế mạc"
    ):
        services.session_set_status(session=session, status=target, on=date(2026, 12, 8))
    session.refresh_from_db()
    assert (session.status, session.actual_open, session.actual_close) == (start, None, None)


def test_an_explanation_session_notified_in_time_closes_its_notice_followup(province):
    from tests.sessions.factories import MeetingFactory

    meeting = MeetingFactory(standing=province.standing, kind="explanation", held_on=date(2026, 6, 20),
                             notified_on=date(2026, 6, 8))
    followup = services.meeting_track(meeting=meeting)
    followup.refresh_from_db()
    assert followup.due_on == date(2026, 6, 10) and followup.was_on_time is True


def test_scheduling_opens_the_joint_meeting_and_front_report_deadlines_and_moving_moves_them(
    province, council
):
    session = services.session_schedule(term=province.term, council=council, number=9, kind="regular",
                                        planned_open=date(2026, 12, 8), planned_close=date(2026, 12, 10))
    due = {f.source: (f.lead_body, f.due_on) for f in followups_of(session)}
    # 30 and 10 days before Tuesday 08/12 are a Sunday and a Saturday: both move to the Friday before.
    assert due == {"session:joint_meeting": (province.standing, date(2026, 11, 6)),
                   "session:front_petition_report": (province.front, date(2026, 11, 27))}
    services.session_move(
        session=session,
        planned_open=date(2026, 12, 15),
        planned_close=date(2026, 12, 16),
        reason="Trùng lịch họp Tỉnh ủy",
    )
    assert {f.source: f.due_on for f in followups_of(session)} == {
        "session:joint_meeting": date(2026, 11, 13), "session:front_petition_report": date(2026, 12, 4)}
    from tests.sessions.factories import MeetingFactory

    joint = MeetingFactory(
        standing=province.standing, kind="joint", for_session=session, held_on=date(2026, 11, 12)
    )
    services.meeting_track(meeting=joint)
    followup = followups_of(session).get(source="session:joint_meeting")
    assert followup.status == FollowUp.Status.DONE and followup.was_on_time is True


def test_only_an_official_elected_by_the_council_is_rated(session, province):
    from coordination.models import Position
    from tests.factories import PersonFactory

    appointed = Position.objects.create(person=PersonFactory(full_name="Trần Văn Bình"), body=province.agency,
                                        title="Giám đốc Sở", elected_by_council=False)
    with pytest.raises(ValidationError) as error:
        services.rating_record(
            session=session,
            position=appointed,
            kind="rating",
            total_members=50,
            ballots_issued=48,
            valid_ballots=48,
            high=20,
            confidence=20,
            low=8,
        )
    assert error.value.message_dict["position"] == ["Chỉ lấy phiếu tín nhiệm người giữ chức vụ do HĐND bầu."]
    assert not ConfidenceRating.objects.exists()


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_the_same_rating_twice_is_refused_and_the_first_stands(session, elected):
    counts = dict(
        kind="rating", total_members=50, ballots_issued=48, valid_ballots=48, high=20, confidence=20
    )
    services.rating_record(session=session, position=elected, low=8, **counts)
    with pytest.raises(ValidationError) as error:
        services.rating_record(session=session, position=elected, low=2, **counts)
    assert error.value.message_dict["position"] == [
        "Kỳ họp này đã có kết quả lấy phiếu tín nhiệm của Lê Quang Minh."
    ]
    assert list(ConfidenceRating.objects.values_list("low", flat=True)) == [8]


def test_a_recommendation_verified_not_done_is_owed_again_by_the_new_deadline(
    mission, province, staff_b, committee_staff
):
    recommendation = services.recommendation_add(
        mission=mission, addressee=province.agency, content="Giải quyết dứt điểm", due_on=date(2026, 8, 30)
    )
    services.recommendation_answer(
        recommendation=recommendation, answer="Đạt 40%", answered_on=date(2026, 8, 20), by=staff_b
    )
    services.recommendation_verify(
        recommendation=recommendation,
        done=False,
        note="Chưa đạt",
        by=committee_staff,
        new_due_on=date(2026, 11, 30),
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.due_on) == (
        Recommendation.Status.NOT_DONE,
        date(2026, 11, 30),
    )
    followup = followups_of(recommendation).get()
    assert (followup.status, followup.due_on) == (FollowUp.Status.OPEN, date(2026, 11, 30))
    services.recommendation_answer(
        recommendation=recommendation, answer="Đã xong 100%", answered_on=date(2026, 11, 25), by=staff_b
    )
    assert recommendation.status == Recommendation.Status.ANSWERED
    services.recommendation_verify(recommendation=recommendation, done=True, note="Đạt", by=committee_staff)
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.DONE and followup.was_on_time is True
    with pytest.raises(ValidationError, match="đã thực hiện, không thể sửa trả lời"):
        services.recommendation_answer(
            recommendation=recommendation, answer="Khác", answered_on=date(2026, 12, 1), by=staff_b
        )
