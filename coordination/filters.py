import django_filters
from django.utils.translation import gettext_lazy as _

from coordination.models import AdministrativeLevel, AdministrativeUnit, Body, BodyKind


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại cơ quan"), choices=BodyKind.choices, empty_label=_("Tất cả"))
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
