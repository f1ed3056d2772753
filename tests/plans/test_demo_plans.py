import pytest
from django.core.management import call_command

from coordination.models import FollowUp, NotificationPreference, OutboxMessage
from plans.models import CoordinationPlan, PlanTask, PlanTaskChange, ReviewConference

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            CoordinationPlan,
            PlanTask,
            PlanTaskChange,
            ReviewConference,
            FollowUp,
            OutboxMessage,
            NotificationPreference,
        )
    }


def test_the_demo_plan_has_tasks_in_every_state_reminders_and_a_digest(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_demo")
    first = counts()
    plan = CoordinationPlan.objects.get()
    statuses = {t.followup.status for t in plan.tasks.select_related("followup")}
    assert statuses == {"open", "done", "cancelled"}
    assert any(t.followup.is_overdue for t in plan.tasks.select_related("followup"))
    assert set(OutboxMessage.objects.values_list("kind", flat=True)) >= {"reminder", "escalation", "digest"}
    assert ReviewConference.objects.filter(plan=plan, kind="so_ket").exists()
    # "Rõ người": every task and follow-up of the demo names who answers for it, the overdue ones first
    assert not PlanTask.objects.filter(responsible__isnull=True).exists()
    assert not FollowUp.objects.filter(responsible__isnull=True).exists()
    call_command("load_demo")
    assert counts() == first
