"""The plans moved from coordination to their own app, tables and all: what pointed at a plan or a task before
the move (a follow-up's subject, a guardian grant, a user's permission, the history) points at it after, and
back."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from guardian.shortcuts import get_perms

from coordination.models import FollowUp
from plans.models import CoordinationPlan, PlanTask

# Rows moved between tables, with fixed dates: the clock plays no part, so the difficult instants of
# .ci/run leave these (slow: migrating back and forth) out.
pytestmark = pytest.mark.clock_free

BEFORE_MOVE = [("coordination", "0015_document_signature_rule"), ("plans", None)]
MOVED = {"coordinationplan", "historicalcoordinationplan", "plantask", "historicalplantask", "plantaskchange",
         "reviewconference", "historicalreviewconference"}


def _migrate(target) -> None:
    MigrationExecutor(connection).migrate(target)
    ContentType.objects.clear_cache()  # the migration relabels content types under the cache's feet


def _state_before_move():
    """The models as they were before the move: every app's latest state, coordination's at 0015, no plans."""
    graph = MigrationExecutor(connection).loader
    nodes = [node for node in graph.graph.leaf_nodes() if node[0] not in ("coordination", "plans")]
    return graph.project_state([*nodes, BEFORE_MOVE[0]]).apps


def _labels_of_moved_models() -> set[str]:
    return set(ContentType.objects.filter(model__in=MOVED).values_list("app_label", flat=True))


@pytest.mark.django_db(transaction=True)
def test_what_points_at_a_plan_still_points_at_it_after_the_move_and_back(province, staff_a):
    try:
        _migrate(BEFORE_MOVE)
        assert _labels_of_moved_models() == {"coordination"}
        old = _state_before_move()
        old_content_type = old.get_model("contenttypes", "ContentType").objects.get
        plan_type = old_content_type(app_label="coordination", model="coordinationplan")
        task_type = old_content_type(app_label="coordination", model="plantask")
        permission = old.get_model("auth", "Permission").objects.get
        plan = old.get_model("coordination", "CoordinationPlan").objects.create(
            unit_id=province.unit.pk, year=2026, title="Kế hoạch phối hợp năm 2026")
        old.get_model("coordination", "HistoricalCoordinationPlan").objects.create(
            id=plan.pk,
            unit_id=province.unit.pk,
            year=2026,
            title=plan.title,
            history_date=timezone.now(),
            history_type="+",
        )
        task = old.get_model("coordination", "PlanTask").objects.create(
            plan=plan,
            title="Gửi tờ trình kỳ họp giữa năm",
            lead_body_id=province.committee.pk,
            due_on=date(2026, 6, 20),
        )
        # the follow-up table as it was then, too (later migrations add columns to it)
        followup = old.get_model("coordination", "FollowUp").objects.create(
            subject_type_id=task_type.pk,
            subject_id=task.pk,
            title=task.title,
            unit_id=province.unit.pk,
            lead_body_id=province.committee.pk,
            due_on=task.due_on,
        )
        old.get_model("coordination", "PlanTask").objects.filter(pk=task.pk).update(followup_id=followup.pk)
        old.get_model("guardian", "UserObjectPermission").objects.create(
            user_id=staff_a.pk, content_type_id=plan_type.pk, object_pk=str(plan.pk),
            permission=permission(content_type_id=plan_type.pk, codename="change_coordinationplan"))
        staff_a.user_permissions.add(permission(content_type_id=task_type.pk, codename="add_plantask").pk)

        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        assert _labels_of_moved_models() == {"plans"}
        moved_plan, moved_task = CoordinationPlan.objects.get(pk=plan.pk), PlanTask.objects.get(pk=task.pk)
        assert FollowUp.objects.get(pk=followup.pk).subject == moved_task
        assert moved_task.followup_id == followup.pk and moved_task.plan == moved_plan
        user = get_user_model().objects.get(pk=staff_a.pk)
        assert get_perms(user, moved_plan) == ["change_coordinationplan"]
        assert user.has_perm("plans.add_plantask")
        assert [h.title for h in moved_plan.history.all()] == ["Kế hoạch phối hợp năm 2026"]

        _migrate(BEFORE_MOVE)
        assert _labels_of_moved_models() == {"coordination"}
        assert old.get_model("coordination", "PlanTask").objects.get(pk=task.pk).followup_id == followup.pk
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
