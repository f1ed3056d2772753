"""Coordination's endpoints: units, bodies, follow-ups (and completing one), the calendar."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination import services
from coordination.filters import FollowUpFilter, followup_tab_of, followup_tabs
from coordination.forms import FollowUpCompleteForm
from coordination.models import AdministrativeUnit, Body, FollowUp
from coordination.permissions import (
    Need,
    get_followup_for_user,
    visible_bodies,
    visible_followups,
    visible_units,
)
from coordination.providers import collect_calendar_events, followup_complete_by_subject

from .forms import cleaned
from .pagination import ListCursorPagination
from .views import IDEMPOTENCY_PARAMETER, ApiViewMixin

CALENDAR_MAX_DAYS = 366


def described(listing, detail):
    """The schema's Vietnamese description of a list and of one object (the docstrings are the code's)."""
    return extend_schema_view(
        list=extend_schema(description=listing), retrieve=extend_schema(description=detail)
    )


class ReadViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A list (cursor pages) and a detail, both through the object type's door."""

    lookup_value_regex = r"[0-9]{1,18}"  # a primary key: anything else is 404 before any query


class UnitSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="level.name", read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level", "parent", "valid_from", "valid_to"]


@described(_("Các đơn vị hành chính của cơ quan bạn."), _("Một đơn vị hành chính."))
class UnitViewSet(ReadViewSet):
    """The administrative units of the user's bodies."""

    serializer_class = UnitSerializer
    queryset = AdministrativeUnit.objects.none()  # the schema's model; rows come from the door

    def get_queryset(self):
        return visible_units(self.request.user).select_related("level")


class BodySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "short_name",
            "unit",
            "parent",
            "active_from",
            "active_to",
        ]


@described(_("Các cơ quan của đơn vị bạn."), _("Một cơ quan."))
class BodyViewSet(ReadViewSet):
    """The bodies of the user's units."""

    serializer_class = BodySerializer
    queryset = Body.objects.none()

    def get_queryset(self):
        return visible_bodies(self.request.user)


class FollowUpSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    source_label = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "title", "unit", "lead_body", "responsible", "area", "due_on", "expected_result",
                  "source_label", "status", "status_label", "is_overdue", "completed_at", "outcome",
                  "has_evidence"]

    def get_has_evidence(self, followup) -> bool:
        return bool(followup.evidence)


class FollowUpCompleteSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text=_("Kết quả thực hiện, minh chứng"))
    evidence = serializers.FileField(required=False, help_text=_("Tệp minh chứng (không bắt buộc)"))


STATE_PARAMETER = OpenApiParameter(
    "state", OpenApiTypes.STR, enum=["mine", "overdue", "soon", "open", "done", "cancelled", "all"],
    description="Như các thẻ của trang: mine (cơ quan tôi phải làm), overdue (quá hạn), soon (sắp đến hạn), "
    "open, done, cancelled, all.",
)


@extend_schema_view(
    list=extend_schema(parameters=[STATE_PARAMETER], description=_(
        "Việc cần theo dõi bạn được xem; state như các thẻ của trang, mine=true: việc giao cho tôi."
    )),
    retrieve=extend_schema(description=_("Một việc cần theo dõi.")),
)
class FollowUpViewSet(ReadViewSet):
    """Follow-ups the user may see; ``?state=`` as the page's tabs, ``?mine=true`` those assigned to me."""

    serializer_class = FollowUpSerializer
    queryset = FollowUp.objects.none()
    filterset_class = FollowUpFilter

    def get_queryset(self):
        followups = visible_followups(self.request.user)
        if self.action == "list":
            tab = followup_tab_of(followup_tabs(self.request.user, timezone.localdate()),
                                  self.request.query_params.get("state", "all"))
            followups = followups if tab.rows is None else followups.filter(tab.rows)
        return followups

    def get_object(self):
        return get_followup_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request={"multipart/form-data": FollowUpCompleteSerializer,
                            "application/json": FollowUpCompleteSerializer},
                   responses=FollowUpSerializer, parameters=[IDEMPOTENCY_PARAMETER],
                   description=_("Báo hoàn thành việc, với kết quả và tệp minh chứng (không bắt buộc)."))
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record that the follow-up is done, with its outcome and (optionally) its evidence file."""
        followup = get_followup_for_user(request.user, pk, need=Need.CHANGE)
        if followup.workflow_url() is not None:
            raise exceptions.ValidationError({"detail": gettext(
                "Không ghi nhận hoàn thành tại đây: việc này hoàn thành khi được xử lý tại trang của nó."
            )})
        if followup.status != FollowUp.Status.OPEN:
            raise exceptions.ValidationError({"detail": gettext("Việc này không còn mở.")})
        data = cleaned(FollowUpCompleteForm, request)
        with transaction.atomic():
            if not followup_complete_by_subject(followup=followup, outcome=data["outcome"],
                                                evidence=data["evidence"], by=request.user):
                services.followup_complete(followup=followup, outcome=data["outcome"],
                                           evidence=data["evidence"])
        followup.refresh_from_db()
        return Response(FollowUpSerializer(followup).data)


class CalendarEventSerializer(serializers.Serializer):
    uid = serializers.CharField()
    title = serializers.CharField()
    start = serializers.CharField(help_text="YYYY-MM-DD hoặc ISO 8601")
    end = serializers.CharField(allow_null=True)
    location = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()


class CalendarRangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs):
        today = timezone.localdate()
        start, end = attrs.get("start", today), attrs.get("end", today + timedelta(days=90))
        if end < start:
            raise serializers.ValidationError({"end": _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")})
        if (end - start).days > CALENDAR_MAX_DAYS:
            raise serializers.ValidationError(
                {"end": _("Mỗi lần lấy tối đa %(n)s ngày.") % {"n": CALENDAR_MAX_DAYS}}
            )
        return {"start": start, "end": end}


class CalendarViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """The events the user's calendar feed holds (sessions, meetings, deadlines), between two days, in cursor
    pages like every list (sorted by start, then uid: the cursor is a place in that order)."""

    serializer_class = CalendarEventSerializer
    pagination_class = ListCursorPagination
    filter_backends = []

    def get_queryset(self):  # the events come from each app's calendar provider, through its door
        return FollowUp.objects.none()

    @extend_schema(parameters=[CalendarRangeSerializer], responses=CalendarEventSerializer(many=True),
                   description=_("Các sự kiện trong lịch cá nhân của bạn giữa hai ngày (tối đa 366 ngày), "
                                 "mỗi trang 50 sự kiện."))
    def list(self, request):
        window = CalendarRangeSerializer(data=request.query_params)
        window.is_valid(raise_exception=True)
        events = sorted(collect_calendar_events(user=request.user, **window.validated_data),
                        key=lambda e: (str(e.start), e.uid))
        page = self.paginate_queryset(events)
        return self.get_paginated_response([{
            "uid": e.uid, "title": str(e.title), "start": e.start.isoformat(),
            "end": e.end.isoformat() if e.end else None, "location": e.location,
            "description": str(e.description), "url": e.url,
        } for e in page])


__all__ = ["UnitViewSet", "BodyViewSet", "FollowUpViewSet", "CalendarViewSet"]
