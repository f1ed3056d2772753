"""The filters of the public petition list and its open data: unit, field, agency, status, round, words."""

import django_filters
from django.utils.translation import gettext_lazy as _

from coordination.listing import search_filter
from coordination.models import AdministrativeUnit, Body
from voters.models import Petition, PetitionField, PetitionStatus
from voters.queries import published_rounds

ALL = _("Tất cả")
PUBLIC_STATUSES = [(value, label) for value, label in PetitionStatus.choices
                   if value != PetitionStatus.MERGED]


class PublicPetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo nội dung (gõ có dấu hay không dấu đều được)"),
                                  method="filter_words")
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none(),
                                            empty_label=ALL)
    round = django_filters.ModelChoiceFilter(label=_("Đợt tiếp xúc cử tri"),
                                             queryset=published_rounds().none(), empty_label=ALL)
    field = django_filters.ModelChoiceFilter(label=_("Lĩnh vực"), queryset=PetitionField.objects.all(),
                                             empty_label=ALL)
    agency = django_filters.ModelChoiceFilter(label=_("Cơ quan giải quyết"), queryset=Body.objects.none(),
                                              empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=PUBLIC_STATUSES, empty_label=ALL)

    class Meta:
        model = Petition
        fields = ["q", "unit", "round", "field", "agency", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = published_rounds()
        # Only what a published round holds is offered: an unpublished round, or an agency seen only in
        # one, is not even named.
        self.filters["unit"].queryset = AdministrativeUnit.objects.filter(
            pk__in=rounds.values("unit_id")).order_by("name")
        self.filters["round"].queryset = rounds.select_related(None).order_by("-starts_on", "-id")
        self.filters["agency"].queryset = Body.objects.filter(
            pk__in=Petition.objects.filter(round__in=rounds.values("pk")).values("agency_id")
        ).order_by("name")

    def filter_words(self, queryset, name, value):
        return search_filter(queryset, value)
