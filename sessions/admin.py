from django.contrib import admin
from guardian.admin import GuardedModelAdminMixin

from coordination.history_admin import HistoryAdmin
from sessions import services
from sessions.models import (
    AgendaItem,
    Commitment,
    ConfidenceRating,
    Question,
    RatingThreshold,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SubmissionDocument,
    SupervisionMission,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "session"
    extra = 0
    autocomplete_fields = ["presenting_body", "reviewing_committee"]


@admin.register(Session)
class SessionAdmin(HistoryAdmin):
    list_display = ["number", "council", "kind", "planned_open", "planned_close", "status"]
    list_filter = ["kind", "status", "term"]
    search_fields = ["search_text", "place"]
    list_select_related = ["council", "term"]
    autocomplete_fields = ["council"]
    inlines = [AgendaItemInline]


@admin.register(StandingMeeting)
class StandingMeetingAdmin(HistoryAdmin):
    list_display = ["title", "kind", "planned_on", "held_on", "standing", "for_session"]
    list_filter = ["kind", "planned_on", ("held_on", admin.EmptyFieldListFilter)]
    search_fields = ["search_text", "title"]
    list_select_related = ["standing", "for_session", "for_session__council"]
    autocomplete_fields = ["standing", "attending_bodies"]


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    list_display = ["title", "order", "kind", "session", "meeting", "presenting_body", "to_session"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_select_related = ["session__council", "meeting", "presenting_body", "to_session__council"]
    autocomplete_fields = ["presenting_body", "reviewing_committee"]


@admin.register(Submission)
class SubmissionAdmin(HistoryAdmin):
    list_display = ["title", "session", "presenting_body", "due_on", "submitted_on", "days_late"]
    list_filter = ["session__status", ("submitted_on", admin.EmptyFieldListFilter)]
    search_fields = ["search_text", "number"]
    list_select_related = ["session__council", "presenting_body"]
    autocomplete_fields = ["presenting_body", "reviewing_committee"]


@admin.register(SubmissionDocument)
class SubmissionDocumentAdmin(HistoryAdmin):
    list_display = ["title", "kind", "submission", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "submission__title"]
    list_select_related = ["submission", "uploaded_by"]


@admin.register(Resolution)
class ResolutionAdmin(HistoryAdmin):
    list_display = ["number", "title", "council", "session", "adopted_on", "effective_on"]
    list_filter = ["adopted_on", "field"]
    search_fields = ["search_text", "number"]
    list_select_related = ["council", "session__council"]
    filter_horizontal = ["replaces"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = [
        "__str__",
        "deputy",
        "questioned_body",
        "received_on",
        "answer_mode",
        "answer_due_on",
        "deputy_satisfied",
    ]
    list_filter = ["answer_mode", "deputy_satisfied"]
    search_fields = ["search_text"]
    list_select_related = ["deputy__person", "questioned_body"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    list_display = ["__str__", "question", "due_on"]
    list_filter = ["due_on"]
    search_fields = ["text"]
    list_select_related = ["question"]


@admin.register(RatingThreshold)
class RatingThresholdAdmin(HistoryAdmin):
    list_display = ["name", "share", "legal_basis"]
    list_filter = ["legal_basis"]
    search_fields = ["code", "name"]
    list_select_related = []


@admin.register(ConfidenceRating)
class ConfidenceRatingAdmin(HistoryAdmin):
    list_display = ["position", "session", "kind", "valid_ballots", "high", "confidence", "low"]
    list_filter = ["kind", "session"]
    search_fields = ["position__person__full_name", "position__title"]
    list_select_related = ["position__person", "position__body", "session__council"]


@admin.register(SupervisionMission)
class SupervisionMissionAdmin(GuardedModelAdminMixin, HistoryAdmin):
    list_display = [
        "subject",
        "kind",
        "lead_body",
        "decision_number",
        "decision_date",
        "visit_start",
        "visit_end",
    ]
    list_filter = ["kind", "decision_date"]
    search_fields = ["search_text", "decision_number"]
    list_select_related = ["lead_body"]
    autocomplete_fields = ["lead_body", "joint_bodies", "supervised_bodies"]
    filter_horizontal = ["team_members", "rechecks"]

    def save_related(self, request, form, formsets, change):
        """The team goes through the service, which grants and revokes the members' object permission."""
        team = form.cleaned_data.pop("team_members", None)
        super().save_related(request, form, formsets, change)
        if team is not None:
            services.mission_set_team(mission=form.instance, users=team)


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin):
    list_display = ["__str__", "mission", "addressee", "due_on", "status", "answered_on", "verified_on"]
    list_filter = ["status", "due_on"]
    search_fields = ["search_text"]
    list_select_related = ["mission", "addressee"]
    autocomplete_fields = ["addressee"]
