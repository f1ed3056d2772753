import django_filters
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    MAIN_BODY_KINDS,
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    CoordinationArea,
    Term,
)
from coordination.signature_checks import with_signature_outcome
from regulations.models import Regulation


class RegulationFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none(), empty_label=_("Tất cả")
    )
    level = django_filters.ModelChoiceFilter(
        label=_("Cấp"),
        field_name="unit__level",
        queryset=AdministrativeLevel.objects.all(),
        empty_label=_("Tất cả"),
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Bên ký kết"),
        field_name="parties__body",
        queryset=Body.objects.none(),
        empty_label=_("Tất cả"),
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Regulation.Status.choices, empty_label=_("Tất cả")
    )
    term = django_filters.ModelChoiceFilter(
        label=_("Nhiệm kỳ"), queryset=Term.objects.none(), empty_label=_("Tất cả")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực phối hợp"), field_name="articles__areas", queryset=CoordinationArea.objects.all(),
        empty_label=_("Tất cả"), distinct=True,
    )

    signed = django_filters.ChoiceFilter(
        label=_("Chữ ký số của bản ký"),
        method="filter_signed",
        empty_label=_("Tất cả"),
        choices=[
            ("valid", _("Hợp lệ, còn nguyên vẹn")),
            ("warning", _("Có cảnh báo")),
            ("none", _("Không có chữ ký số")),
        ],
    )

    class Meta:
        model = Regulation
        fields = ["unit", "level", "party", "status", "term", "area", "signed"]

    def filter_signed(self, queryset, name, value):
        return with_signature_outcome(queryset, "scanned_copy", value)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what this user's regulations involve is offered.
        units = self.queryset.values("unit_id")
        self.filters["unit"].queryset = AdministrativeUnit.objects.filter(pk__in=units).order_by("name")
        self.filters["party"].queryset = Body.objects.filter(
            unit_id__in=units, kind__in=MAIN_BODY_KINDS
        ).order_by("unit__name", "kind")
        self.filters["term"].queryset = Term.objects.filter(unit_id__in=units)
