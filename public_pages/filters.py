"""The filters of the public petition list and its open data: unit, field, agency, status, round, words."""

import django_filters
from django.db import connection
from django.utils.translation import gettext_lazy as _

from coordination.listing import trigram_search_filter
from coordination.models import AdministrativeUnit, Body
from voters.models import Petition, PetitionField, PetitionStatus
from voters.queries import published_rounds

ALL = _("Tất cả")
PUBLIC_STATUSES = [(value, label) for value, label in PetitionStatus.choices
                   if value != PetitionStatus.MERGED]


def published_round_ids() -> list[int]:
    return list(published_rounds().select_related(None).order_by("pk").values_list("pk", flat=True))


def published_agency_ids(rounds: list[int] | None = None) -> list[int]:
    """The agencies named by a petition of a published round, in one query that skips from one agency to the
    next along the petitions' agency index (a loose index scan: a few index probes per agency), where a
    DISTINCT or a semi-join reads every petition (most of a second at a million)."""
    rounds = published_round_ids() if rounds is None else rounds
    if not rounds:
        return []
    # The rounds' ids written in (integers from the database): a MIN on one table, which PostgreSQL reads as
    # the first entry of the agency index past the last one found; a join would make it read every row.
    in_rounds = f"round_id IN ({', '.join(str(int(pk)) for pk in rounds)})"
    after = f'SELECT MIN(agency_id) FROM "{Petition._meta.db_table}" WHERE {in_rounds} AND agency_id {{}}'
    first, following = after.format("IS NOT NULL"), after.format("> agencies.id")
    sql = (f"WITH RECURSIVE agencies(id) AS ({first} UNION ALL SELECT ({following}) FROM agencies "
           f"WHERE agencies.id IS NOT NULL) SELECT id FROM agencies WHERE id IS NOT NULL")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


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

    def __init__(self, *args, round_ids: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = published_rounds()
        # Only what a published round holds is offered: an unpublished round, or an agency seen only in
        # one, is not even named.
        self.filters["unit"].queryset = AdministrativeUnit.objects.filter(
            pk__in=rounds.values("unit_id")).order_by("name")
        self.filters["round"].queryset = rounds.select_related(None).order_by("-starts_on", "-id")
        agencies = published_agency_ids(round_ids)
        self.filters["agency"].queryset = Body.objects.filter(pk__in=agencies).order_by("name")

    def filter_words(self, queryset, name, value):
        return trigram_search_filter(queryset, value)
