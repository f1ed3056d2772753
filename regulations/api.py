"""Regulations' endpoints: the regulations a user may read, each with its outline (chapters, sections,
articles, clauses, points). Read only: regulations are drafted, imported and signed on the pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coordination.api.resources import ReadViewSet, described
from regulations.filters import RegulationFilter
from regulations.models import Article, Clause, Regulation
from regulations.permissions import get_regulation_for_user, visible_regulations


class RegulationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Regulation
        fields = ["id", "number", "title", "unit", "term", "kind", "kind_label", "status", "status_label",
                  "place", "signed_on", "effective_from", "effective_to", "based_on", "supersedes"]


class PointSerializer(serializers.Serializer):
    letter = serializers.CharField()
    text = serializers.CharField()


class ClauseSerializer(serializers.Serializer):
    number = serializers.CharField()
    text = serializers.CharField()
    points = PointSerializer(many=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    chapter = serializers.CharField(source="chapter.number", allow_null=True, default=None)
    section = serializers.CharField(source="section.number", allow_null=True, default=None)
    clauses = ClauseSerializer(many=True)


class ChapterSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()


class RegulationOutlineSerializer(RegulationSerializer):
    chapters = ChapterSerializer(many=True, read_only=True)
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta(RegulationSerializer.Meta):
        fields = [*RegulationSerializer.Meta.fields, "preamble", "chapters", "articles"]


@described(_("Các quy chế phối hợp bạn được xem."), _("Một quy chế với các chương, điều, khoản, điểm."))
class RegulationViewSet(ReadViewSet):
    """Regulations the user may read, with the page's filters; a regulation's page holds its outline."""

    queryset = Regulation.objects.none()  # the schema's model; rows come from the door
    filterset_class = RegulationFilter

    def get_serializer_class(self):
        return RegulationOutlineSerializer if self.action == "retrieve" else RegulationSerializer

    def get_queryset(self):
        return visible_regulations(self.request.user)

    def get_object(self):
        regulation = get_regulation_for_user(self.request.user, self.kwargs["pk"])
        clauses = Clause.objects.order_by("order", "id").prefetch_related("points")
        articles = (
            Article.objects.select_related("chapter", "section")
            .order_by("order", "id")
            .prefetch_related(Prefetch("clauses", queryset=clauses))
        )
        return Regulation.objects.prefetch_related("chapters", Prefetch("articles", queryset=articles)).get(
            pk=regulation.pk
        )
