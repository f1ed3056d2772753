from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coordination.date_inputs import DayField
from coordination.form_renderer import ModelChoiceField, OneQueryChoiceIterator
from coordination.models import (
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyKind,
    CoordinationArea,
    FollowUp,
)
from coordination.models.followups import ALL_TAB_ORDERING


class _OneQueryFilterIterator(django_filters.fields.ModelChoiceIterator, OneQueryChoiceIterator):
    pass


class _OneQueryModelChoiceField(django_filters.fields.ModelChoiceField, ModelChoiceField):
    iterator = _OneQueryFilterIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ``ModelChoiceFilter`` whose options cost one query instead of a server-side cursor's
    three round trips (``coordination.form_renderer.OneQueryChoiceIterator``): use it in every register."""

    field_class = _OneQueryModelChoiceField


class YearFilter(django_filters.NumberFilter):
    """A year, as a whole number a date can have: "1.5", "99999999999999999999999" or "-1" is a form error,
    not a 500 from the date arithmetic of the ``__year`` lookup."""

    field_class = django_filters.fields.forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """"Tất cả" / "Có" / "Không" (Django's own select opens on "Chưa xác định", which reads as a value)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


class YesNoFilter(django_filters.BooleanFilter):
    """Every yes/no filter of every register: opens on "Tất cả"; "Có" keeps the rows where it holds,
    "Không" the others (a ``method=`` filter receives True or False and must honour both)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoWidget)
        super().__init__(*args, **kwargs)


class DayFilter(django_filters.DateFilter):
    """A day typed dd/mm/yyyy in any interface language, as in the forms (``DayField``)."""

    field_class = DayField


class DayRangeForm(forms.Form):
    """A filter form whose ranges (``day_ranges``: from and to field names) run forwards; a range running
    backwards filters nothing (as a wrong value in one box does) and says why under its second box."""

    day_ranges: list[tuple[str, str]] = []

    def clean(self):
        data = super().clean()
        for start, end in self.day_ranges:
            if data.get(start) and data.get(end) and data[start] > data[end]:
                labels = {"start": self.fields[start].label, "end": self.fields[end].label}
                self.add_error(end, _("«%(start)s» phải trước hoặc bằng «%(end)s».") % labels)
                del data[start]
        return data


class DayRangeFilterSet(django_filters.FilterSet):
    """A filter set whose ``gte`` and ``lte`` day filters of one field are a range: one running backwards is
    a message under its second box naming both, not a list silently empty."""

    def get_form_class(self):
        starts = {f.field_name: name for name, f in self.filters.items()
                  if isinstance(f, DayFilter) and f.lookup_expr == "gte"}
        ranges = [(starts[f.field_name], name) for name, f in self.filters.items()
                  if isinstance(f, DayFilter) and f.lookup_expr == "lte" and f.field_name in starts]
        form = super().get_form_class()
        return type(form.__name__, (DayRangeForm, form), {"day_ranges": ranges})


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
    current = YesNoFilter(label=_("Đơn vị đang có hiệu lực"), field_name="valid_to", lookup_expr="isnull")

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "current"]


class FollowUpFilter(DayRangeFilterSet):
    """The follow-up list's filters; its tabs (``followup_tabs``) say which status is shown."""

    lead_body = ModelChoiceFilter(
        label=_("Cơ quan chủ trì"), queryset=Body.objects.none(), empty_label=_("Tất cả")
    )
    area = ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=CoordinationArea.objects.all(), empty_label=_("Tất cả")
    )
    due_from = DayFilter(label=_("Hạn từ ngày"), field_name="due_on", lookup_expr="gte")
    due_to = DayFilter(label=_("Hạn đến ngày"), field_name="due_on", lookup_expr="lte")
    mine = YesNoFilter(label=_("Việc giao cho tôi"), method="filter_mine")

    class Meta:
        model = FollowUp
        fields = ["lead_body", "area", "due_from", "due_to", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from coordination.permissions import visible_bodies

        # Only what an option shows (Body.__str__): a superuser's 340 bodies, each with its unit and parent,
        # were a thousand model instances a page.
        self.filters["lead_body"].queryset = (
            visible_bodies(self.request.user)
            .select_related(None)
            .only("pk", "name", "short_name")
            .order_by("unit__name", "kind", "name")
        )

    def filter_mine(self, queryset, name, value):
        mine = Q(responsible__user=self.request.user)
        return queryset.filter(mine) if value else queryset.exclude(mine)


# --- The follow-up list's tabs

DUE_SOON_DAYS = 7  # "Sắp đến hạn": due today or in the coming week, as in the digest


@dataclass(frozen=True)
class FollowUpTab:
    key: str  # the list's ``?state=``
    label: str
    rows: Q | None  # None: every row
    ordering: Sequence
    # Counted as the sum of these tabs' counts rather than by a subquery of its own: "Tất cả" is the open, the
    # done and the cancelled rows (every follow-up has one of the three statuses), which spares the count that
    # read every row for a search matching few (a sequential scan of the whole table at 1,000,000 rows).
    sum_of: tuple[str, ...] = ()


def followup_tabs(user, today: date) -> list[FollowUpTab]:
    """The follow-up list's tabs; "mine" (what the user's bodies, as staff or leader, still owe) only for a
    user who owes something as a body (not a viewer, not a superuser). Open rows come most overdue first;
    finished ones most recent first."""
    from coordination.permissions import EDITOR_ROLES, access_for

    is_open = Q(status=FollowUp.Status.OPEN)
    soon = Q(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
    by_due = ("due_on", "id")
    own_bodies = access_for(user).body_ids(*EDITOR_ROLES)
    tabs = [
        FollowUpTab("mine", _("Cơ quan tôi phải làm"), is_open & Q(lead_body_id__in=own_bodies), by_due),
        FollowUpTab("overdue", _("Quá hạn"), is_open & Q(due_on__lt=today), by_due),
        FollowUpTab("soon", _("Sắp đến hạn (%(days)s ngày tới)") % {"days": DUE_SOON_DAYS},
                    is_open & soon, by_due),
        FollowUpTab("open", _("Chưa hoàn thành"), is_open, by_due),
        FollowUpTab("done", _("Đã hoàn thành"), Q(status=FollowUp.Status.DONE), ("-completed_at", "-id")),
        FollowUpTab("cancelled", _("Đã hủy"), Q(status=FollowUp.Status.CANCELLED), ("-due_on", "-id")),
        FollowUpTab("all", _("Tất cả"), None, ALL_TAB_ORDERING,  # open first, by due date; its index
                    sum_of=("open", "done", "cancelled")),
    ]
    return tabs if own_bodies else tabs[1:]


def followup_tab_of(tabs: list[FollowUpTab], key: str | None) -> FollowUpTab:
    """The tab ``?state=`` names; when it names none (a fresh visit, an old link), what the user's bodies
    owe, or everything still open for a user who owes nothing as a body."""
    by_key = {tab.key: tab for tab in tabs}
    return by_key.get(key) or by_key.get("mine") or by_key["open"]


def followup_tab_counts(queryset: QuerySet, tabs: list[FollowUpTab], cap: int) -> dict[str, int]:
    """How many rows of ``queryset`` (already through the door, the filters and the search) each tab holds,
    at most ``cap`` each (a national viewer's million), in one query: one bounded subquery per tab, each an
    index walk that stops at ``cap`` rows (one aggregate with a FILTER per tab would read every row). A tab
    that is the sum of others (``sum_of``) adds their counts, up to ``cap``: past it when one of them is."""
    from coordination.listing import capped_counts

    counts = capped_counts(
        {
            tab.key: queryset if tab.rows is None else queryset.filter(tab.rows)
            for tab in tabs
            if not tab.sum_of
        },
        cap,
    )
    for tab in tabs:
        if tab.sum_of:
            counts[tab.key] = min(cap, sum(counts[key] for key in tab.sum_of))
    return counts
