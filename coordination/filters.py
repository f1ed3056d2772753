import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyKind,
    CoordinationArea,
    FollowUp,
)


class YearFilter(django_filters.NumberFilter):
    """A year, as a whole number a date can have: "1.5", "99999999999999999999999" or "-1" is a form error,
    not a 500 from the date arithmetic of the ``__year`` lookup."""

    field_class = django_filters.fields.forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Loại cơ quan"), choices=BodyKind.choices, empty_label=_("Tất cả")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị hành chính"), queryset=AdministrativeUnit.objects.none(), empty_label=_("Tất cả")
    )

    class Meta:
        model = Body
        fields = ["kind", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the units whose bodies this user may see are offered.
        self.filters["unit"].queryset = AdministrativeUnit.objects.filter(
            pk__in=self.queryset.values("unit_id")
        ).order_by("name")


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ModelChoiceFilter(
        label=_("Cấp"), queryset=AdministrativeLevel.objects.all(), empty_label=_("Tất cả")
    )
    current = django_filters.BooleanFilter(
        label=_("Chỉ đơn vị đang có hiệu lực"), field_name="valid_to", lookup_expr="isnull"
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "current"]


class FollowUpFilter(django_filters.FilterSet):
    STATE_CHOICES = [
        ("open", _("Đang thực hiện (còn hạn)")),
        ("overdue", _("Quá hạn")),
        ("done", _("Đã hoàn thành")),
        ("cancelled", _("Đã hủy")),
    ]
    state = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=STATE_CHOICES, method="filter_state", empty_label=_("Tất cả")
    )
    lead_body = django_filters.ModelChoiceFilter(
        label=_("Cơ quan chủ trì"), queryset=Body.objects.none(), empty_label=_("Tất cả")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=CoordinationArea.objects.all(), empty_label=_("Tất cả")
    )
    due_from = django_filters.DateFilter(label=_("Hạn từ ngày"), field_name="due_on", lookup_expr="gte",
                                         input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    due_to = django_filters.DateFilter(label=_("Hạn đến ngày"), field_name="due_on", lookup_expr="lte",
                                       input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    mine = django_filters.BooleanFilter(label=_("Chỉ việc giao cho tôi"), method="filter_mine",
                                        widget=django_filters.widgets.BooleanWidget())

    class Meta:
        model = FollowUp
        fields = ["state", "lead_body", "area", "due_from", "due_to", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from coordination.permissions import visible_bodies

        self.filters["lead_body"].queryset = visible_bodies(self.request.user).order_by(
            "unit__name", "kind", "name"
        )

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(status=FollowUp.Status.OPEN, due_on__gte=today)
        if value == "overdue":
            return queryset.overdue(today)
        return queryset.filter(status=value)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(responsible__user=self.request.user) if value else queryset
