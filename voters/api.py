"""Voters' endpoints: petitions (list, detail, an agency's answer). Letters, reception and a denouncer's
identity have none: they never leave the site's pages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination.api.forms import cleaned, service_errors
from coordination.api.resources import ReadViewSet, described
from coordination.api.views import IDEMPOTENCY_PARAMETER
from coordination.permissions import Need
from voters import forms, services
from voters.filters import PetitionFilter
from voters.models import Petition, ResultCategory
from voters.permissions import get_petition_for_user, visible_petitions


class PetitionSerializer(serializers.ModelSerializer):
    round_title = serializers.CharField(source="round.title", read_only=True)
    field_name = serializers.CharField(source="field.name", read_only=True, allow_null=True, default=None)
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True, default=None)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    has_answer_file = serializers.SerializerMethodField()
    answer_file = serializers.SerializerMethodField(
        help_text=_("Địa chỉ tải tệp văn bản trả lời (cùng khóa truy cập); null khi chưa có tệp")
    )

    class Meta:
        model = Petition
        fields = ["id", "unit", "round", "round_title", "number", "title", "content", "field", "field_name",
                  "competence", "agency", "agency_name", "status", "status_label", "received_on", "due_on",
                  "category", "category_label", "answer_text", "answer_document", "has_answer_file",
                  "answer_file", "answered_on", "answered_on_time", "roadmap", "new_deadline", "is_recurring",
                  "merged_into"]

    def get_has_answer_file(self, petition) -> bool:
        return bool(petition.answer_file)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_answer_file(self, petition):
        if not petition.answer_file:
            return None
        path = reverse("api:petition-answer-file", args=[petition.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


# What check_document lets an answer's file be, as its download is typed.
ANSWER_FILE_TYPES = ("application/pdf", "application/msword",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "application/vnd.oasis.opendocument.text", "application/octet-stream")


class PetitionAnswerSerializer(serializers.Serializer):
    # The agency's answer: the fields of the page's answer form.

    category = serializers.ChoiceField(choices=ResultCategory.choices, help_text=_("Kết quả"))
    answer_text = serializers.CharField(help_text=_("Nội dung trả lời"))
    answered_on = serializers.DateField(help_text=_("Ngày trả lời"))
    answer_document = serializers.CharField(required=False, max_length=100,
                                            help_text=_("Văn bản trả lời (số, ký hiệu)"))
    answer_file = serializers.FileField(
        required=False, help_text=_("Tệp văn bản trả lời (PDF, DOC, DOCX, ODT)")
    )
    roadmap = serializers.CharField(required=False, help_text=_("Lộ trình giải quyết"))
    new_deadline = serializers.DateField(required=False, help_text=_("Thời hạn giải quyết mới"))


@described(_("Kiến nghị cử tri của đơn vị bạn, với các bộ lọc như trang danh sách."), _("Một kiến nghị."))
class PetitionViewSet(ReadViewSet):
    """Voters' petitions of the user's units, with the same filters as the page."""

    serializer_class = PetitionSerializer
    queryset = Petition.objects.none()  # the schema's model; rows come from the door
    filterset_class = PetitionFilter

    def get_queryset(self):
        return visible_petitions(self.request.user).select_related("round", "field", "agency")

    def get_object(self):
        return get_petition_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request={"multipart/form-data": PetitionAnswerSerializer,
                            "application/json": PetitionAnswerSerializer},
                   responses=PetitionSerializer, parameters=[IDEMPOTENCY_PARAMETER],
                   description=_("Cơ quan được giao ghi nhận trả lời kiến nghị, kèm văn bản trả lời."))
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The agency the petition was routed to records its answer, with its document."""
        petition = get_petition_for_user(request.user, pk, need=Need.ANSWER)
        data = cleaned(forms.AnswerForm, request)
        try:
            with transaction.atomic():
                services.petition_answer(petition=petition, **data)
        except ValidationError as exc:
            raise service_errors(exc) from None
        petition = get_petition_for_user(request.user, pk)
        return Response(PetitionSerializer(petition, context=self.get_serializer_context()).data)

    @extend_schema(responses={(200, media): OpenApiTypes.BINARY for media in ANSWER_FILE_TYPES},
                   description=_("Tải tệp văn bản trả lời của kiến nghị (404 khi kiến nghị chưa có tệp)."))
    @action(detail=True, methods=["get"], url_path="answer-file", url_name="answer-file",
            filter_backends=[], pagination_class=None)
    def answer_file(self, request, pk=None):
        """The agency's answer document, to whoever may read the petition (the page's door)."""
        petition = get_petition_for_user(request.user, pk)
        if not petition.answer_file:
            raise Http404
        return FileResponse(petition.answer_file.open("rb"), as_attachment=True,
                            filename=petition.answer_file.name.rsplit("/", 1)[-1])
