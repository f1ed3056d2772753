import django_filters
from django.utils.translation import gettext_lazy as _

from coordination.models import Body
from coordination.permissions import access_for
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
    ResultCategory,
    VoterContactRound,
)

ALL = _("Tất cả")


class RoundFilter(django_filters.FilterSet):
    timing = django_filters.ChoiceFilter(label=_("Trước/sau kỳ họp"), choices=VoterContactRound.Timing.choices, empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=VoterContactRound.Kind.choices, empty_label=ALL)
    year = django_filters.NumberFilter(label=_("Năm"), field_name="starts_on", lookup_expr="year")

    class Meta:
        model = VoterContactRound
        fields = ["timing", "kind", "year"]


class PetitionFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(label=_("Cơ quan giải quyết"), queryset=Body.objects.none(), empty_label=ALL)
    owed = django_filters.BooleanFilter(label=_("Chỉ kiến nghị đang chờ trả lời"), method="filter_owed")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=PetitionStatus.choices, empty_label=ALL)
    round = django_filters.ModelChoiceFilter(label=_("Đợt tiếp xúc"), queryset=VoterContactRound.objects.none(), empty_label=ALL)
    field = django_filters.ModelChoiceFilter(label=_("Lĩnh vực"), queryset=PetitionField.objects.all(), empty_label=ALL)
    competence = django_filters.ChoiceFilter(label=_("Thẩm quyền"), choices=Competence.choices, empty_label=ALL)
    category = django_filters.ChoiceFilter(label=_("Kết quả"), choices=ResultCategory.choices, empty_label=ALL)
    is_recurring = django_filters.BooleanFilter(label=_("Kiến nghị tái diễn"))

    class Meta:
        model = Petition
        fields = ["agency", "owed", "status", "round", "field", "competence", "category", "is_recurring"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(request.user)
        units = None if access.is_superuser else access.unit_ids()
        bodies = Body.objects.filter(kind__in=["agency", "peoples_committee", "na_delegation"]).order_by("name")
        rounds = VoterContactRound.objects.order_by("-starts_on")
        if units is not None:
            bodies, rounds = bodies.filter(unit_id__in=units), rounds.filter(unit_id__in=units)
        self.filters["agency"].queryset = bodies
        self.filters["round"].queryset = rounds

    def filter_owed(self, queryset, name, value):
        return queryset.filter(status__in=OWED_STATUSES) if value else queryset


class ReceptionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=ReceptionDay.Kind.choices, empty_label=ALL)
    day_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="day", lookup_expr="gte")
    day_to = django_filters.DateFilter(label=_("Đến ngày"), field_name="day", lookup_expr="lte")

    class Meta:
        model = ReceptionDay
        fields = ["kind", "day_from", "day_to"]


class LetterFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại đơn"), choices=LetterKind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=LetterStatus.choices, empty_label=ALL)
    channel = django_filters.ChoiceFilter(label=_("Nguồn đơn"), choices=Letter.Channel.choices, empty_label=ALL)
    received_from = django_filters.DateFilter(label=_("Nhận từ ngày"), field_name="received_on", lookup_expr="gte")

    class Meta:
        model = Letter
        fields = ["kind", "status", "channel", "received_from"]
