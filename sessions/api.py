"""Council sessions' endpoints: sessions and their submissions (tờ trình), read only."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from coordination.api.resources import ReadViewSet, described
from sessions.filters import SessionFilter, SubmissionFilter
from sessions.models import Session, Submission
from sessions.permissions import (
    get_session_for_user,
    get_submission_for_user,
    visible_sessions,
    visible_submissions,
)


class SessionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "term", "council", "number", "kind", "kind_label", "status", "status_label",
                  "planned_open", "planned_close", "actual_open", "actual_close", "place"]


@described(_("Các kỳ họp HĐND của đơn vị bạn."), _("Một kỳ họp."))
class SessionViewSet(ReadViewSet):
    """The Council's sessions of the user's units."""

    queryset = Session.objects.none()
    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def get_queryset(self):
        return visible_sessions(self.request.user)

    def get_object(self):
        return get_session_for_user(self.request.user, self.kwargs["pk"])


class SubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Submission
        fields = ["id", "session", "title", "number", "presenting_body", "reviewing_committee", "due_on",
                  "review_due_on", "submitted_on", "reviewed_on"]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("session", OpenApiTypes.INT, description=_("Một kỳ họp"))],
        description=_("Các tờ trình tại kỳ họp; session: của một kỳ họp."),
    ),
    retrieve=extend_schema(description=_("Một tờ trình.")),
)
class SubmissionViewSet(ReadViewSet):
    """Submissions to the Council's sessions; ``?session=`` one session's."""

    queryset = Submission.objects.none()
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter

    def get_queryset(self):
        submissions = visible_submissions(self.request.user)
        session = self.request.query_params.get("session", "")
        if session.isdigit() and len(session) < 10:
            return submissions.filter(session_id=int(session))
        return submissions

    def get_object(self):
        return get_submission_for_user(self.request.user, self.kwargs["pk"])
