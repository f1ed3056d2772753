"""A voter-contact round gives the year's coordination plan its tasks counted from the round's end."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import DeadlineAnchor, FollowUp
from plans.models import CoordinationPlan, PlanTask
from plans.services import plan_tasks_for_event_in_unit
from tests.regulations.factories import confirmed_rules
from voters import services
from voters.models import VoterContactRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(province):
    return confirmed_rules(
        province.unit,
        {
            "lead_body": province.front,
            "action": "Báo cáo tổng hợp kiến nghị sau đợt tiếp xúc cử tri",
            "rule_kind": "relative",
            "anchor": DeadlineAnchor.ROUND_END,
            "direction": "after",
            "amount": 10,
            "day_unit": "working",
        },
        {
            "lead_body": province.committee,
            "action": "Gửi tờ trình trước kỳ họp",
            "rule_kind": "relative",
            "anchor": DeadlineAnchor.SESSION_OPENING,
            "direction": "before",
            "amount": 20,
        },
    )


@pytest.fixture
def plan(province):
    return CoordinationPlan.objects.create(unit=province.unit, year=2026, title="Kế hoạch phối hợp năm 2026")


def _round(province, ends_on=date(2026, 4, 10)) -> VoterContactRound:
    return services.round_create(
        organiser=province.front,
        cooperating=province.standing,
        title="Tiếp xúc cử tri trước kỳ họp giữa năm",
        timing=VoterContactRound.Timing.BEFORE,
        kind=VoterContactRound.Kind.GENERAL,
        starts_on=date(2026, 4, 1),
        ends_on=ends_on,
    )


def test_a_new_round_gives_the_plan_its_task(province, rules, plan):
    _round(province)
    task = PlanTask.objects.get(plan=plan)
    # 10 working days after Friday 10/4/2026.
    assert (task.title, task.due_on, task.lead_body) == (
        "Báo cáo tổng hợp kiến nghị sau đợt tiếp xúc cử tri",
        date(2026, 4, 24),
        province.front,
    )
    followup = FollowUp.objects.get(pk=task.followup_id)
    assert (followup.due_on, followup.lead_body, followup.status) == (
        date(2026, 4, 24),
        province.front,
        FollowUp.Status.OPEN,
    )


def test_a_later_round_end_moves_the_task_deadline_over_the_holidays(province, rules, plan):
    round_ = _round(province)
    compile_due = services._current_followup(round_).due_on
    services.round_move(round_=round_, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 17))
    task = PlanTask.objects.get(plan=plan)
    # Hùng Kings' day (27/4, observed) and 30/4–1/5 are not working days.
    assert task.due_on == date(2026, 5, 6)
    assert FollowUp.objects.get(pk=task.followup_id).due_on == date(2026, 5, 6)
    round_.refresh_from_db()
    assert round_.ends_on == date(2026, 4, 17)
    assert services._current_followup(round_).due_on > compile_due  # the compilation deadline moved too


def test_a_repeated_move_or_call_creates_no_duplicates(province, rules, plan):
    round_ = _round(province)
    for _ in range(2):
        services.round_move(round_=round_, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 17))
    again = plan_tasks_for_event_in_unit(
        unit=province.unit, anchor=DeadlineAnchor.ROUND_END, anchor_date=date(2026, 4, 17), subject=round_
    )
    task = PlanTask.objects.get(plan=plan)
    assert [t.pk for t in again] == [task.pk]
    assert FollowUp.objects.filter(plan_task__plan=plan).count() == 1


def test_without_a_plan_nothing_is_created(province, rules):
    round_ = _round(province)
    services.round_move(round_=round_, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 17))
    assert not CoordinationPlan.objects.exists()
    assert not PlanTask.objects.exists()


def test_a_round_ending_before_it_starts_is_refused_and_nothing_moves(province, rules, plan):
    round_ = _round(province)
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu đợt"):
        services.round_move(round_=round_, starts_on=date(2026, 4, 1), ends_on=date(2026, 3, 20))
    round_.refresh_from_db()
    assert round_.ends_on == date(2026, 4, 10)
    assert PlanTask.objects.get(plan=plan).due_on == date(2026, 4, 24)


def test_changing_the_end_date_in_the_admin_moves_the_task(province, rules, plan, login, superuser):
    round_ = _round(province)
    data = {
        "unit": province.unit.pk,
        "title": round_.title,
        "timing": round_.timing,
        "session_label": round_.session_label,
        "na_session_number": "",
        "organiser": province.front.pk,
        "cooperating": province.standing.pk,
        "kind": round_.kind,
        "starts_on": "2026-04-01",
        "ends_on": "2026-04-17",
        "compiled_at_0": "",
        "compiled_at_1": "",
    }
    response = login(superuser).post(reverse("admin:voters_votercontactround_change", args=[round_.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PlanTask.objects.get(plan=plan).due_on == date(2026, 5, 6)
