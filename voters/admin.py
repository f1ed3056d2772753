from django.contrib import admin

from coordination.admin import RecordAdmin
from coordination.admin_scale import LargeTableAdmin
from coordination.confidential import ConfidentialAdmin
from coordination.history_admin import HistoryAdmin
from voters import services
from voters.models import (
    DenouncerIdentity,
    IdentityAccessLog,
    Letter,
    MergeProposal,
    Opinion,
    Petition,
    PetitionField,
    PetitionTally,
    ReceptionDay,
    ReceptionVisit,
    VoterContactRound,
    VoterMeeting,
)
from voters.queries import search_in_order
from voters.views.petitions import CappedCountPaginator


@admin.register(PetitionField)
class PetitionFieldAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "code"]


@admin.register(PetitionTally)
class PetitionTallyAdmin(RecordAdmin):
    """The results report's rollup, kept by PostgreSQL's triggers: to read when a figure is questioned."""

    list_display = ["round", "unit", "field", "competence", "category", "status", "agency", "answered", "n"]
    list_filter = ["status", "category", "competence"]
    list_select_related = ["round", "unit", "field", "agency"]


@admin.register(VoterContactRound)
class VoterContactRoundAdmin(LargeTableAdmin, HistoryAdmin):
    list_display = [
        "title",
        "timing",
        "kind",
        "council_session_display",
        "na_session_number",
        "organiser",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["timing", "kind"]
    search_fields = ["title", "search_text", "session_label"]
    list_select_related = ["organiser", "council_session__council"]
    autocomplete_fields = ["unit", "organiser", "cooperating", "council_session"]
    # Publishing is an act of the Standing Committee or the Front on the round's page
    # (services.round_results_publish), never a field an administrator types.
    readonly_fields = ["results_published_at", "results_published_by"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"starts_on", "ends_on"} & set(form.changed_data):
            services.round_move(
                round_=obj, starts_on=obj.starts_on, ends_on=obj.ends_on
            )  # deadlines move with the dates


@admin.register(VoterMeeting)
class VoterMeetingAdmin(LargeTableAdmin, HistoryAdmin):
    list_display = ["address", "planned_on", "held_on", "round", "place_unit", "voters_attending"]
    list_filter = ["round", ("held_on", admin.EmptyFieldListFilter)]
    search_fields = ["address", "search_text"]
    list_select_related = ["round", "place_unit"]
    autocomplete_fields = ["place_unit", "deputies"]


class OpinionSearchPaginator(CappedCountPaginator):
    """The petitions' plan for a search of the opinions, which are listed by id."""

    order_field = "id"


@admin.register(Opinion)
class OpinionAdmin(LargeTableAdmin, HistoryAdmin):
    list_display = ["__str__", "meeting", "petition", "answered_on_spot"]
    list_filter = ["answered_on_spot"]
    search_fields = ["search_text"]
    list_select_related = ["meeting", "petition"]
    raw_id_fields = ["meeting", "petition"]
    # "giai phong mat bang" joined and sorted its 71,430 matches for a page (1.4 s at a million opinions).
    search_paginator = OpinionSearchPaginator
    search_in_order = staticmethod(search_in_order)


@admin.register(Petition)
class PetitionAdmin(LargeTableAdmin, HistoryAdmin):
    list_display = [
        "number",
        "title",
        "round",
        "field",
        "competence",
        "agency",
        "status",
        "category",
        "due_on",
        "is_recurring",
    ]
    list_filter = ["status", "category", "competence", "field", "is_recurring"]
    search_fields = ["title", "search_text"]
    list_select_related = ["round", "field", "agency"]
    raw_id_fields = ["round", "merged_into", "recurring_of"]
    autocomplete_fields = ["agency", "unit"]
    # A search pages as the register's does (at a million petitions "giai phong mat bang" joined and sorted
    # its 71,430 matches for a page of 100: 1.2 s): at most COUNT_CAP matches counted, or the due-date index
    # walked; narrowed to one agency, its own index read for the count.
    search_paginator = CappedCountPaginator
    search_in_order = staticmethod(search_in_order)
    count_in_order_lookups = ("agency__id__exact",)
    # The answer file is attached through the answer form (type and size checked) and downloaded through the
    # petition's page: the admin would link it at /media/, which is not served.
    exclude = ["answer_file"]


@admin.register(MergeProposal)
class MergeProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "score", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["petition__title", "opinion__content"]
    list_select_related = ["opinion", "petition", "decided_by"]
    raw_id_fields = ["opinion", "petition", "similar_opinion"]


@admin.register(ReceptionDay)
class ReceptionDayAdmin(HistoryAdmin):
    list_display = ["day", "receiver", "host_body", "kind", "place"]
    list_filter = ["kind"]
    search_fields = ["receiver", "place", "search_text"]
    list_select_related = ["host_body"]


@admin.register(ReceptionVisit)
class ReceptionVisitAdmin(HistoryAdmin):
    list_display = ["__str__", "citizen_count", "due_on", "reply", "replied_on"]
    list_filter = ["reply"]
    search_fields = ["search_text"]
    list_select_related = ["reception"]


@admin.register(Letter)
class LetterAdmin(LargeTableAdmin, HistoryAdmin):
    """Letters hold no identity; the admin neither shows nor searches DenouncerIdentity.

    The handler is read-only here: assigning one grants and revokes access to the identity, which a leader
    of the handling body does on the letter page (services.letter_assign_handler).
    """

    list_display = ["number", "received_on", "kind", "channel", "handling_body", "status", "due_on"]
    list_filter = ["kind", "status", "channel"]
    search_fields = ["number", "search_text"]
    list_select_related = ["handling_body"]
    raw_id_fields = ["handling_body", "forwarded_to"]
    readonly_fields = ["handler"]

    def save_model(self, request, obj, form, change):
        services.letter_save(
            letter=obj
        )  # an edited summary naming the denouncer is redacted before it is kept


@admin.register(DenouncerIdentity)
class DenouncerIdentityAdmin(ConfidentialAdmin, admin.ModelAdmin):
    """Registered so that it is visibly protected: the list shows only the letter, and nobody opens a row.

    Identities are read only on the letter page by the handler or an authorised leader, with a logged reason.
    No lookup on the identity's own fields is allowed (``?full_name__startswith=P`` would answer yes or no).
    """

    list_display = ["__str__", "letter"]
    list_filter = ["letter__kind"]
    search_fields = ["letter__number"]
    list_select_related = ["letter"]

    def has_view_permission(self, request, obj=None):
        return obj is None and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "reason", "identity"]
    list_filter = ["action"]
    search_fields = ["user__username", "reason"]
    list_select_related = ["user", "identity"]
    readonly_fields = ["identity", "user", "action", "reason", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
