"""The shared date rules (coordination/dates.py): what happened cannot be in the future, what follows
cannot come first — one set of words for every app, and every fact date declared on its model."""

from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from coordination.dates import (
    NotAfter,
    NotBefore,
    check_dates,
    future_message,
    order_message,
    refuse_before,
    refuse_future,
)
from plans.models import ReviewConference
from sessions.models import Question, StandingMeeting
from tests.conftest import LOCAL_TZ

# What records a fact, model by model: planned dates (openings, visits, scheduled meetings, reception days,
# rounds, deadlines, effective dates) are deliberately absent. A new fact date must be added here and to the
# model.
FACT_DATES = {
    "coordination.Term": ("elected_on",),
    "coordination.FollowUp": ("completed_at",),
    "coordination.FollowUpNudge": ("on",),
    "plans.CoordinationPlan": ("signed_on",),
    "plans.ReviewConference": ("held_on",),
    "regulations.Regulation": ("signed_on",),
    "regulations.Party": ("signed_on",),
    "council_sessions.Session": ("actual_open", "actual_close"),
    "council_sessions.StandingMeeting": ("held_on", "notified_on"),
    "council_sessions.Submission": ("submitted_on", "reviewed_on"),
    "council_sessions.Resolution": ("adopted_on",),
    "council_sessions.Question": ("received_on", "answered_on"),
    "council_sessions.SupervisionMission": (
        "decision_date",
        "notified_on",
        "programme_sent_on",
        "reported_on",
    ),
    "council_sessions.Recommendation": ("answered_on", "verified_on"),
    "voters.VoterContactRound": ("compiled_at", "results_published_at"),
    "voters.VoterMeeting": ("held_on",),
    "voters.Petition": ("received_on", "answered_on"),
    "voters.ReceptionVisit": ("replied_on",),
    "voters.Letter": ("received_on",),
}


@pytest.fixture(autouse=True)
def vietnamese():
    """The messages are read in Vietnamese, the source language, whatever another test activated."""
    with translation.override("vi"):
        yield


@pytest.mark.today("2026-12-01")
def test_a_day_after_today_is_refused_in_words_naming_the_field_and_both_days():
    assert future_message(date(2027, 1, 5), label="ngày gửi") == (
        "Ngày gửi 05/01/2027 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy ra.")
    assert future_message(date(2026, 12, 1), label="ngày gửi") is None  # today has happened
    with pytest.raises(ValidationError) as refused:
        refuse_future(date(2026, 12, 2), field="on", label="ngày thụ lý")
    assert refused.value.message_dict == {
        "on": ["Ngày thụ lý 02/12/2026 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy ra."]}


@pytest.mark.today("2026-12-31")
def test_an_instant_counts_by_its_day_in_viet_nam():
    # 23:30 on New Year's Eve in Hà Nội is still 31/12: done today, not in the future.
    assert (
        future_message(
            datetime.combine(date(2026, 12, 31), time(23, 30), tzinfo=LOCAL_TZ), label="hoàn thành lúc"
        )
        is None
    )
    assert "01/01/2027" in future_message(datetime.combine(date(2027, 1, 1), time(0, 10), tzinfo=LOCAL_TZ),
                                          label="hoàn thành lúc")


def test_what_follows_cannot_come_first_and_a_missing_day_passes():
    before = NotBefore("answered_on", date(2026, 12, 9), "ngày nhận chất vấn")
    assert order_message(date(2026, 12, 8), before, label="ngày trả lời") == (
        "Ngày trả lời (08/12/2026) không được trước ngày nhận chất vấn (09/12/2026).")
    assert order_message(date(2026, 12, 9), before, label="ngày trả lời") is None
    assert order_message(None, before, label="ngày trả lời") is None
    assert (
        order_message(date(2026, 12, 8), NotBefore("answered_on", None, "ngày nhận"), label="ngày trả lời")
        is None
    )
    after = NotAfter("notified_on", date(2026, 6, 20), "ngày họp")
    assert order_message(date(2026, 6, 21), after, label="ngày gửi thông báo") == (
        "Ngày gửi thông báo (21/06/2026) không được sau ngày họp (20/06/2026).")
    with pytest.raises(ValidationError) as refused:
        refuse_before(
            date(2020, 1, 1),
            date(2026, 11, 2),
            field="on",
            label="ngày trả lời",
            bound_label="ngày tiếp công dân",
        )
    assert refused.value.messages == [
        "Ngày trả lời (01/01/2020) không được trước ngày tiếp công dân (02/11/2026)."
    ]


@pytest.mark.today("2026-12-01")
def test_a_model_reports_every_offending_field_at_once_the_future_first():
    question = Question(received_on=date(2026, 12, 9), answered_on=date(2026, 12, 8))
    with pytest.raises(ValidationError) as refused:
        check_dates(question, order=[NotBefore("answered_on", question.received_on, "ngày nhận chất vấn")])
    assert refused.value.message_dict == {
        "received_on": [
            "Ngày nhận chất vấn 09/12/2026 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy ra."
        ],
        "answered_on": [
            "Ngày trả lời 08/12/2026 sau ngày hôm nay 01/12/2026: không thể ghi nhận việc chưa xảy ra."
        ],
    }
    # A planned day may lie ahead: a meeting scheduled for next week is fine until someone says it was held.
    StandingMeeting(title="Phiên họp tháng 12", planned_on=date(2026, 12, 8)).clean()
    with pytest.raises(ValidationError) as refused:
        StandingMeeting(
            title="Phiên họp tháng 12", planned_on=date(2026, 12, 8), held_on=date(2026, 12, 8)
        ).clean()
    assert list(refused.value.message_dict) == ["held_on"]
    ReviewConference(title="Sơ kết", kind="so_ket", held_on=date(2026, 12, 1)).clean()


def test_every_date_that_records_a_fact_is_declared_on_its_model_and_nothing_else():
    declared = {
        model._meta.label: tuple(model.FACT_DATES)
        for model in apps.get_models()
        if model._meta.app_label in ("coordination", "regulations", "council_sessions", "voters", "plans")
        and "FACT_DATES" in vars(model)
    }
    assert declared == FACT_DATES
    for label, names in FACT_DATES.items():
        model = apps.get_model(label)
        for name in names:
            assert isinstance(model._meta.get_field(name), models.DateField | models.DateTimeField), (
                label,
                name,
            )
