"""The data migration that moves open deadlines computed before the working-day rule off days off."""

import importlib
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.utils import timezone

from coordination.models import FollowUp
from coordination.services import followup_complete, followup_open
from tests.voters.factories import PetitionFactory, RoundFactory

pytestmark = pytest.mark.django_db

SUNDAY, MONDAY = date(2027, 1, 31), date(2027, 2, 1)


def run_migration(module: str) -> None:
    importlib.import_module(module).forwards(apps, None)


@pytest.mark.today("2027-02-01")  # the answered petition was answered that Monday
def test_an_open_petition_due_on_a_sunday_moves_to_monday_and_its_history_says_why(province):
    petition = PetitionFactory(
        round=RoundFactory(organiser=province.front), due_on=SUNDAY, agency=province.agency
    )
    owed = followup_open(
        subject=petition, title="Trả lời kiến nghị", lead_body=province.agency, due_on=SUNDAY
    )
    answered = PetitionFactory(round=petition.round, due_on=SUNDAY, agency=province.agency)
    done = followup_open(
        subject=answered, title="Trả lời kiến nghị", lead_body=province.agency, due_on=SUNDAY
    )
    followup_complete(
        followup=done,
        outcome="Đã trả lời",
        completed_at=timezone.make_aware(datetime.combine(MONDAY, time(9))),
    )

    run_migration("voters.migrations.0011_deadlines_on_working_days")

    petition.refresh_from_db()
    answered.refresh_from_db()
    assert petition.due_on == MONDAY and FollowUp.objects.get(pk=owed.pk).due_on == MONDAY
    reason = FollowUp.history.filter(id=owed.pk).order_by("-history_id").first().history_change_reason
    assert reason == "Trùng ngày nghỉ, dời hạn (BLDS 2015, Điều 148 khoản 5): 31/01/2027 → 01/02/2027"
    # What was already done keeps the deadline it was judged against.
    assert answered.due_on == SUNDAY and FollowUp.objects.get(pk=done.pk).due_on == SUNDAY


def test_a_submission_due_on_tet_moves_to_the_working_day_before(province):
    from tests.sessions.factories import SessionFactory, SubmissionFactory

    session = SessionFactory(
        term=province.term, council=province.standing.parent, number=9, planned_open=date(2027, 3, 8)
    )
    tet_saturday, wednesday = date(2027, 2, 6), date(2027, 2, 3)
    submission = SubmissionFactory(session=session, presenting_body=province.committee, due_on=tet_saturday)
    owed = followup_open(
        subject=submission, title="Gửi tờ trình", lead_body=province.committee, due_on=tet_saturday
    )

    run_migration("sessions.migrations.0007_deadlines_on_working_days")

    submission.refresh_from_db()
    assert submission.due_on == wednesday and FollowUp.objects.get(pk=owed.pk).due_on == wednesday


def test_a_followup_without_a_subject_moves_to_the_next_working_day(province):
    owed = followup_open(
        subject=None, title="Báo cáo quý", lead_body=province.committee, due_on=date(2027, 1, 1)
    )
    run_migration("coordination.migrations.0011_deadlines_on_working_days")
    assert FollowUp.objects.get(pk=owed.pk).due_on == date(2027, 1, 4)
