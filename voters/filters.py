import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.filters import DayFilter, DayRangeFilterSet, ModelChoiceFilter, YearFilter, YesNoFilter
from coordination.models import Body, BodyKind
from coordination.permissions import access_for
from coordination.signature_checks import with_signature_outcome
from voters.models import (
    OWED_STATUSES,
    Competence,
    Letter,
    LetterKind,
    LetterStatus,
    Petition,
    PetitionField,
    PetitionStatus,
    ReceptionDay,
    ReceptionVisit,
    ReplyKind,
    ResultCategory,
    VoterContactRound,
)

ALL = _("Tất cả")


class RoundFilter(django_filters.FilterSet):
    timing = django_filters.ChoiceFilter(
        label=_("Trước/sau kỳ họp"), choices=VoterContactRound.Timing.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=VoterContactRound.Kind.choices, empty_label=ALL
    )
    year = YearFilter(label=_("Năm"), field_name="starts_on", lookup_expr="year")

    class Meta:
        model = VoterContactRound
        fields = ["timing", "kind", "year"]


class PetitionFilter(django_filters.FilterSet):
    agency = ModelChoiceFilter(
        label=_("Cơ quan giải quyết"), queryset=Body.objects.none(), empty_label=ALL
    )
    owed = YesNoFilter(label=_("Đang chờ trả lời"), method="filter_owed")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=PetitionStatus.choices, empty_label=ALL
    )
    round = ModelChoiceFilter(
        label=_("Đợt tiếp xúc"), queryset=VoterContactRound.objects.none(), empty_label=ALL
    )
    field = ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=PetitionField.objects.all(), empty_label=ALL
    )
    competence = django_filters.ChoiceFilter(
        label=_("Thẩm quyền"), choices=Competence.choices, empty_label=ALL
    )
    category = django_filters.ChoiceFilter(
        label=_("Kết quả"), choices=ResultCategory.choices, empty_label=ALL
    )
    is_recurring = YesNoFilter(label=_("Kiến nghị tái diễn"))
    answer_signed = django_filters.ChoiceFilter(
        label=_("Chữ ký số của văn bản trả lời"),
        method="filter_answer_signed",
        empty_label=ALL,
        choices=[
            ("valid", _("Hợp lệ, còn nguyên vẹn")),
            ("warning", _("Có cảnh báo")),
            ("none", _("Không có chữ ký số")),
        ],
    )

    class Meta:
        model = Petition
        fields = [
            "agency",
            "owed",
            "status",
            "round",
            "field",
            "competence",
            "category",
            "is_recurring",
            "answer_signed",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(request.user)
        units = None if access.is_superuser else access.unit_ids()
        bodies = Body.objects.filter(kind__in=[BodyKind.AGENCY, BodyKind.PEOPLES_COMMITTEE,
                                               BodyKind.NA_DELEGATION]).order_by("name")
        rounds = VoterContactRound.objects.order_by("-starts_on")
        if units is not None:
            bodies, rounds = bodies.filter(unit_id__in=units), rounds.filter(unit_id__in=units)
        self.filters["agency"].queryset = bodies
        self.filters["round"].queryset = rounds

    def filter_answer_signed(self, queryset, name, value):
        return with_signature_outcome(queryset, "answer_file", value)

    def filter_owed(self, queryset, name, value):
        owed = Q(status__in=OWED_STATUSES)
        return queryset.filter(owed) if value else queryset.exclude(owed)


class ReceptionFilter(DayRangeFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=ReceptionDay.Kind.choices, empty_label=ALL)
    day_from = DayFilter(label=_("Từ ngày"), field_name="day", lookup_expr="gte")
    day_to = DayFilter(label=_("Đến ngày"), field_name="day", lookup_expr="lte")

    class Meta:
        model = ReceptionDay
        fields = ["kind", "day_from", "day_to"]


class VisitFilter(DayRangeFilterSet):
    STATUSES = [
        ("owed", _("Đang chờ trả lời")),
        ("overdue", _("Quá hạn trả lời")),
        ("replied", _("Đã trả lời")),
    ]

    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=STATUSES, empty_label=ALL, method="filter_status"
    )
    reply = django_filters.ChoiceFilter(
        label=_("Trả lời công dân"), choices=ReplyKind.choices, empty_label=ALL
    )
    host_body = ModelChoiceFilter(label=_("Cơ quan tiếp"), field_name="reception__host_body",
                                                 queryset=Body.objects.none(), empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=_("Loại buổi tiếp"), field_name="reception__kind",
                                       choices=ReceptionDay.Kind.choices, empty_label=ALL)
    day_from = DayFilter(
        label=_("Tiếp từ ngày"), field_name="reception__day", lookup_expr="gte"
    )
    day_to = DayFilter(label=_("Đến ngày"), field_name="reception__day", lookup_expr="lte")

    class Meta:
        model = ReceptionVisit
        fields = ["status", "reply", "host_body", "kind", "day_from", "day_to"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(request.user)
        bodies = Body.objects.order_by("name")
        self.filters["host_body"].queryset = (
            bodies if access.is_superuser else bodies.filter(unit_id__in=access.unit_ids())
        )

    def filter_status(self, queryset, name, value):
        # Matches ReceptionVisit.reply_status: an extension still owes a final reply.
        final = Q(reply__in=[k for k in ReplyKind.values if k != ReplyKind.EXTENDED])
        if value == "replied":
            return queryset.filter(final)
        owed = queryset.exclude(final)
        return owed.filter(due_on__lt=timezone.localdate()) if value == "overdue" else owed


class LetterFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại đơn"), choices=LetterKind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=LetterStatus.choices, empty_label=ALL)
    channel = django_filters.ChoiceFilter(
        label=_("Nguồn đơn"), choices=Letter.Channel.choices, empty_label=ALL
    )
    received_from = DayFilter(
        label=_("Nhận từ ngày"), field_name="received_on", lookup_expr="gte"
    )

    class Meta:
        model = Letter
        fields = ["kind", "status", "channel", "received_from"]
