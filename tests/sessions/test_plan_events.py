"""Scheduling a session or deciding a supervision gives the year's coordination plan its tasks with real
dates."""

from datetime import date, timedelta

import pytest

from coordination.models import DeadlineAnchor, FollowUp
from plans.models import CoordinationPlan, PlanTask
from plans.services import plan_tasks_for_event_in_unit
from sessions import services
from sessions.models import Session
from tests.regulations.factories import confirmed_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(province):
    return confirmed_rules(
        province.unit,
        {
            "lead_body": province.committee,
            "action": "Gửi tờ trình, dự thảo nghị quyết trước kỳ họp",
            "rule_kind": "relative",
            "anchor": DeadlineAnchor.SESSION_OPENING,
            "direction": "before",
            "amount": 20,
        },
        {
            "lead_body": province.standing,
            "action": "Gửi kế hoạch giám sát đến cơ quan chịu sự giám sát",
            "rule_kind": "relative",
            "anchor": DeadlineAnchor.DECISION,
            "direction": "after",
            "amount": 5,
        },
        {
            "lead_body": province.front,
            "action": "Báo cáo tổng hợp kiến nghị sau đợt TXCT",
            "rule_kind": "relative",
            "anchor": DeadlineAnchor.ROUND_END,
            "direction": "after",
            "amount": 10,
            "day_unit": "working",
        },
    )


@pytest.fixture
def plan(province):
    return CoordinationPlan.objects.create(unit=province.unit, year=2026, title="Kế hoạch phối hợp năm 2026")


def _schedule(province, planned_open=date(2026, 7, 10)) -> Session:
    return services.session_schedule(
        term=province.term, council=province.standing.parent, number=9, kind=Session.Kind.REGULAR,
        planned_open=planned_open, planned_close=planned_open + timedelta(days=2),
    )


def _mission(province, decision_date=date(2026, 5, 4)):
    # The visits come four weeks after the decision (they cannot precede it).
    return services.mission_create(
        kind="supervision",
        lead_body=province.standing,
        decision_number="45/QĐ-TTHĐND",
        decision_date=decision_date,
        subject="Giải quyết khiếu nại về đất đai",
        supervised_bodies=[province.agency],
        visit_start=decision_date + timedelta(days=28),
        visit_end=decision_date + timedelta(days=32),
    )


class TestSessionOpening:
    def test_a_scheduled_session_gives_the_plan_its_task(self, province, rules, plan):
        _schedule(province)
        task = PlanTask.objects.get(plan=plan)
        assert (task.title, task.due_on, task.lead_body) == (
            "Gửi tờ trình, dự thảo nghị quyết trước kỳ họp",
            date(2026, 6, 19),
            province.committee,
        )
        followup = FollowUp.objects.get(pk=task.followup_id)
        assert (followup.due_on, followup.lead_body, followup.status) == (
            date(2026, 6, 19),
            province.committee,
            FollowUp.Status.OPEN,
        )

    def test_moving_the_session_moves_the_task_deadline(self, province, rules, plan):
        session = _schedule(province)
        preview = services.session_move_changes(
            session=session, planned_open=date(2026, 7, 20), planned_close=date(2026, 7, 22)
        )
        assert [(c.followup.title, c.old_due, c.new_due) for c in preview if c.mirror_field == "due_on"] == [
            ("Gửi tờ trình, dự thảo nghị quyết trước kỳ họp", date(2026, 6, 19), date(2026, 6, 30))]
        services.session_move(
            session=session,
            planned_open=date(2026, 7, 20),
            planned_close=date(2026, 7, 22),
            reason="Trùng lịch họp Tỉnh ủy",
        )
        task = PlanTask.objects.get(plan=plan)
        assert task.due_on == date(2026, 6, 30)
        assert FollowUp.objects.get(pk=task.followup_id).due_on == date(2026, 6, 30)

    def test_a_repeated_move_or_call_creates_no_duplicates(self, province, rules, plan):
        session = _schedule(province)
        for _ in range(2):
            services.session_move(
                session=session,
                planned_open=date(2026, 7, 20),
                planned_close=date(2026, 7, 22),
                reason="Trùng lịch họp Tỉnh ủy",
            )
        again = plan_tasks_for_event_in_unit(unit=province.unit, anchor=DeadlineAnchor.SESSION_OPENING,
                                             anchor_date=date(2026, 7, 20), subject=session)
        task = PlanTask.objects.get(plan=plan)
        assert [t.pk for t in again] == [task.pk]
        assert FollowUp.objects.filter(plan_task__plan=plan).count() == 1

    def test_without_a_plan_nothing_is_created(self, province, rules):
        _schedule(province)
        assert not CoordinationPlan.objects.exists()
        assert not PlanTask.objects.exists()

    def test_the_plan_of_another_unit_or_year_is_left_alone(self, province, other_province, rules, plan):
        other = CoordinationPlan.objects.create(
            unit=other_province.unit, year=2026, title="Kế hoạch tỉnh khác"
        )
        next_year = CoordinationPlan.objects.create(
            unit=province.unit, year=2027, title="Kế hoạch phối hợp năm 2027"
        )
        _schedule(province)
        assert PlanTask.objects.filter(plan=plan).count() == 1
        assert not PlanTask.objects.filter(plan__in=[other, next_year]).exists()


class TestSupervisionDecision:
    def test_a_decided_mission_gives_the_plan_its_task(self, province, rules, plan):
        mission = _mission(province)
        task = PlanTask.objects.get(plan=plan)
        assert (task.title, task.due_on, task.lead_body) == (
            "Gửi kế hoạch giám sát đến cơ quan chịu sự giám sát",
            date(2026, 5, 11),
            province.standing,
        )
        assert FollowUp.objects.get(pk=task.followup_id).due_on == date(
            2026, 5, 11
        )  # Saturday 09/05 -> Monday
        again = plan_tasks_for_event_in_unit(unit=province.unit, anchor=DeadlineAnchor.DECISION,
                                             anchor_date=mission.decision_date, subject=mission)
        assert [t.pk for t in again] == [task.pk]
        assert PlanTask.objects.count() == 1

    def test_each_mission_gets_its_own_task(self, province, rules, plan):
        _mission(province)
        _mission(province, decision_date=date(2026, 9, 1))
        assert sorted(PlanTask.objects.filter(plan=plan).values_list("due_on", flat=True)) == [
            date(2026, 5, 11),
            date(2026, 9, 7),
        ]

    def test_without_a_plan_nothing_is_created(self, province, rules):
        _mission(province)
        assert not CoordinationPlan.objects.exists()
        assert not PlanTask.objects.exists()
