import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Body, BodyKind
from coordination.permissions import access_for
from sessions.models import (
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SupervisionMission,
)

EMPTY = _("Tất cả")


class SessionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Session.Status.choices, empty_label=EMPTY)
    kind = django_filters.ChoiceFilter(label=_("Loại kỳ họp"), choices=Session.Kind.choices, empty_label=EMPTY)
    year = django_filters.NumberFilter(label=_("Năm"), field_name="planned_open__year")

    class Meta:
        model = Session
        fields = ["status", "kind", "year"]


class SubmissionFilter(django_filters.FilterSet):
    late = django_filters.ChoiceFilter(
        label=_("Đúng hạn / trễ hạn"), choices=[("late", _("Trễ hạn")), ("on_time", _("Đúng hạn"))],
        method="filter_late", empty_label=EMPTY,
    )
    presenting_body = django_filters.ModelChoiceFilter(label=_("Cơ quan trình"), queryset=Body.objects.none(), empty_label=EMPTY)

    class Meta:
        model = Submission
        fields = ["late", "presenting_body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the bodies of the units this user may see are offered.
        bodies = Body.objects.filter(kind__in=[BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY]).order_by("name")
        access = access_for(self.request.user)
        self.filters["presenting_body"].queryset = bodies if access.is_superuser else bodies.filter(unit_id__in=access.unit_ids())

    def filter_late(self, queryset, name, value):
        today = timezone.localdate()
        late = Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=today)
        return queryset.filter(late) if value == "late" else queryset.exclude(late)


class ResolutionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Năm thông qua"), field_name="adopted_on__year")
    field = django_filters.CharFilter(label=_("Lĩnh vực"), lookup_expr="icontains")

    class Meta:
        model = Resolution
        fields = ["year", "field"]


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại cuộc họp"), choices=StandingMeeting.Kind.choices, empty_label=EMPTY)
    year = django_filters.NumberFilter(label=_("Năm"), field_name="held_on__year")

    class Meta:
        model = StandingMeeting
        fields = ["kind", "year"]


class MissionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại hoạt động"), choices=SupervisionMission.Kind.choices, empty_label=EMPTY)
    year = django_filters.NumberFilter(label=_("Năm quyết định"), field_name="decision_date__year")

    class Meta:
        model = SupervisionMission
        fields = ["kind", "year"]


class RecommendationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Recommendation.Status.choices, empty_label=EMPTY)

    class Meta:
        model = Recommendation
        fields = ["status"]


class QuestionFilter(django_filters.FilterSet):
    answer_mode = django_filters.ChoiceFilter(label=_("Hình thức trả lời"), choices=Question.AnswerMode.choices, empty_label=EMPTY)
    deputy_satisfied = django_filters.BooleanFilter(label=_("Đại biểu đồng ý"))

    class Meta:
        model = Question
        fields = ["answer_mode", "deputy_satisfied"]
