from decimal import Decimal

import django_filters
from django.db.models import F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.filters import YearFilter, YesNoFilter
from coordination.models import Body, BodyKind
from coordination.permissions import access_for
from sessions.models import (
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SupervisionMission,
)
from sessions.permissions import visible_resolutions, visible_sessions
from sessions.services import rating_thresholds

EMPTY = _("Tất cả")


class SessionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Session.Status.choices, empty_label=EMPTY
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại kỳ họp"), choices=Session.Kind.choices, empty_label=EMPTY
    )
    year = YearFilter(label=_("Năm"), field_name="planned_open__year")

    class Meta:
        model = Session
        fields = ["status", "kind", "year"]


class SubmissionFilter(django_filters.FilterSet):
    late = django_filters.ChoiceFilter(
        label=_("Đúng hạn / trễ hạn"), choices=[("late", _("Trễ hạn")), ("on_time", _("Đúng hạn"))],
        method="filter_late", empty_label=EMPTY,
    )
    presenting_body = django_filters.ModelChoiceFilter(
        label=_("Cơ quan trình"), queryset=Body.objects.none(), empty_label=EMPTY
    )

    class Meta:
        model = Submission
        fields = ["late", "presenting_body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the bodies of the units this user may see are offered.
        bodies = Body.objects.filter(kind__in=[BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY]).order_by("name")
        access = access_for(self.request.user)
        self.filters["presenting_body"].queryset = (
            bodies if access.is_superuser else bodies.filter(unit_id__in=access.unit_ids())
        )

    def filter_late(self, queryset, name, value):
        today = timezone.localdate()
        late = Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=today)
        return queryset.filter(late) if value == "late" else queryset.exclude(late)


class ResolutionFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Năm thông qua"), field_name="adopted_on__year")
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=[], empty_label=EMPTY)

    class Meta:
        model = Resolution
        fields = ["year", "field"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields the user's resolutions are filed under, to pick from: typed text would depend on
        # case and diacritics ("đất" would not find "Đất đai" on every database).
        fields = visible_resolutions(self.request.user).exclude(field="").values_list("field", flat=True)
        self.filters["field"].extra["choices"] = [(f, f) for f in fields.order_by("field").distinct()]


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Loại cuộc họp"), choices=StandingMeeting.Kind.choices, empty_label=EMPTY
    )
    year = YearFilter(label=_("Năm"), method="filter_year")

    class Meta:
        model = StandingMeeting
        fields = ["kind", "year"]

    def filter_year(self, queryset, name, value):
        # The year of the day it was held, or planned while it has not been held.
        return queryset.filter(Q(held_on__year=value) | Q(held_on__isnull=True, planned_on__year=value))


class MissionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Loại hoạt động"), choices=SupervisionMission.Kind.choices, empty_label=EMPTY
    )
    year = YearFilter(label=_("Năm quyết định"), field_name="decision_date__year")

    class Meta:
        model = SupervisionMission
        fields = ["kind", "year"]


class RecommendationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Recommendation.Status.choices, empty_label=EMPTY
    )

    class Meta:
        model = Recommendation
        fields = ["status"]


class RatingFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Kỳ họp"), queryset=Session.objects.none(), empty_label=EMPTY
    )
    kind = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=ConfidenceRating.Kind.choices, empty_label=EMPTY
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Kết quả"), choices=[("over", _("Quá ngưỡng")), ("under", _("Không có hệ quả"))],
        method="filter_outcome", empty_label=EMPTY,
    )

    class Meta:
        model = ConfidenceRating
        fields = ["session", "kind", "outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["session"].queryset = visible_sessions(self.request.user)

    def filter_outcome(self, queryset, name, value):
        """The test of ConfidenceRating.outcome() in SQL: more "low" than the threshold's share of all
        members. Shares have three decimals, so both sides are compared in thousandths, as integers."""
        thresholds = rating_thresholds()
        over = Q()
        for kind, code in [
            (ConfidenceRating.Kind.RATING, "formal_vote"),
            (ConfidenceRating.Kind.VOTE, "dismissal"),
        ]:
            share = int(thresholds.get(code, Decimal("0.5")) * 1000)
            over |= Q(kind=kind, low_thousandths__gt=F("total_members") * Value(share))
        queryset = queryset.alias(low_thousandths=F("low") * Value(1000))
        return queryset.filter(over) if value == "over" else queryset.exclude(over)


class QuestionFilter(django_filters.FilterSet):
    answer_mode = django_filters.ChoiceFilter(
        label=_("Hình thức trả lời"), choices=Question.AnswerMode.choices, empty_label=EMPTY
    )
    deputy_satisfied = YesNoFilter(label=_("Đại biểu đồng ý"))

    class Meta:
        model = Question
        fields = ["answer_mode", "deputy_satisfied"]
