from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coordination.history_admin import HistoryAdmin
from plans.models import CoordinationPlan, PlanTask, PlanTaskChange, ReviewConference
from plans.services import plan_generate_recurring, plan_tasks_for_scheduled_events


class PlanTaskInline(admin.TabularInline):
    model = PlanTask
    extra = 0
    fields = ["title", "lead_body", "responsible", "due_on", "expected_result"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # tasks are created by services so each opens its follow-up


@admin.register(CoordinationPlan)
class CoordinationPlanAdmin(HistoryAdmin):
    list_display = ["title", "year", "unit", "regulation_title", "signed_on"]
    list_filter = ["year"]
    search_fields = ["title", "regulation_title", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "regulation", "parties"]
    inlines = [PlanTaskInline]
    actions = ["generate_recurring_tasks"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # as on the site: a new plan gets the tasks of the year's events already scheduled
            plan_tasks_for_scheduled_events(plan=form.instance)

    @admin.action(description=_("Sinh nhiệm vụ định kỳ từ quy chế đang có hiệu lực"))
    def generate_recurring_tasks(self, request, queryset):
        created = sum(
            plan_generate_recurring(plan=plan) for plan in queryset.select_related("unit", "regulation")
        )
        self.message_user(request, gettext("Đã sinh %(n)s nhiệm vụ định kỳ.") % {"n": created})


@admin.register(PlanTask)
class PlanTaskAdmin(HistoryAdmin):
    """Read-mostly: tasks are created, re-assigned, extended and completed through services (and the site)."""

    list_display = ["title", "plan", "lead_body", "responsible", "due_on", "origin_key"]
    list_filter = ["plan__year", "lead_body__kind", "area"]
    search_fields = ["title", "source", "origin_key"]
    list_select_related = ["plan", "lead_body", "responsible"]
    readonly_fields = ["plan", "lead_body", "responsible", "due_on", "origin_key", "followup", "conference"]

    def has_add_permission(self, request):
        return False


@admin.register(PlanTaskChange)
class PlanTaskChangeAdmin(admin.ModelAdmin):
    list_display = [
        "task",
        "kind",
        "from_person",
        "to_person",
        "old_due_on",
        "new_due_on",
        "approved_by",
        "at",
    ]
    list_filter = ["kind"]
    search_fields = ["task__title", "reason"]
    list_select_related = ["task", "from_person", "to_person", "approved_by"]


@admin.register(ReviewConference)
class ReviewConferenceAdmin(HistoryAdmin):
    list_display = ["title", "kind", "held_on", "plan"]
    list_filter = ["kind"]
    search_fields = ["title", "conclusions"]
    list_select_related = ["plan"]
    exclude = ["figures"]  # the frozen figures are read on the conference's page, not as their stored JSON
