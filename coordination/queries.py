"""Read-side queries over the one follow-up table, shared by the dashboard, the implementation
report, review conferences, digests and the calendar feed."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.translation import gettext as _

from coordination.models import Body, FollowUp, Person
from coordination.providers import collect_figures


def people_of_unit(unit_id: int):
    """The people of a unit: those holding a position in one of its bodies or a member's account there."""
    return Person.objects.filter(
        Q(positions__body__unit_id=unit_id) | Q(user__memberships__body__unit_id=unit_id)
    ).distinct().order_by("full_name")


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date
    label: str


def parse_period(code: str) -> Period:
    """"2026" (year), "2026H1"/"2026H2" (six months), "2026Q3", "2026-05" (month)."""
    code = (code or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})", code):
        y = int(m[1])
        return Period(code, date(y, 1, 1), date(y, 12, 31), f"năm {y}")
    if m := re.fullmatch(r"(\d{4})H([12])", code):
        y, h = int(m[1]), int(m[2])
        return Period(code, date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31),
                      f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {y}")
    if m := re.fullmatch(r"(\d{4})Q([1-4])", code):
        y, q = int(m[1]), int(m[2])
        end_month = q * 3
        return Period(
            code,
            date(y, end_month - 2, 1),
            date(y, end_month, calendar.monthrange(y, end_month)[1]),
            f"quý {q} năm {y}",
        )
    if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            return Period(code, date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), f"tháng {mo}/{y}")
    raise ValueError(_("Kỳ báo cáo “%(code)s” không hợp lệ: dùng 2026, 2026H1, 2026H2, 2026Q1…2026Q4 hoặc "
                       "2026-05.") % {"code": code})


def period_choices(today: date) -> list[tuple[str, str]]:
    y = today.year
    codes = [
        str(y),
        f"{y}H1",
        f"{y}H2",
        f"{y}Q1",
        f"{y}Q2",
        f"{y}Q3",
        f"{y}Q4",
        f"{today:%Y-%m}",
        str(y - 1),
        f"{y - 1}H2",
    ]
    return [(c, parse_period(c).label.capitalize()) for c in codes]


def followups_in(*, unit_ids, start: date, end: date, body_ids=None, area_ids=None):
    qs = FollowUp.objects.filter(unit_id__in=unit_ids, due_on__gte=start, due_on__lte=end)
    if body_ids:
        qs = qs.filter(lead_body_id__in=body_ids)
    if area_ids:
        qs = qs.filter(area_id__in=area_ids)
    return qs


def _counts(today: date) -> dict:
    done = Q(status=FollowUp.Status.DONE)
    return {
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(completed_day__lte=F("due_on"))),
        "overdue": Count("pk", filter=Q(status=FollowUp.Status.OPEN, due_on__lt=today)),
        "open": Count("pk", filter=Q(status=FollowUp.Status.OPEN, due_on__gte=today)),
        "cancelled": Count("pk", filter=Q(status=FollowUp.Status.CANCELLED)),
    }


def on_time_rate(row: dict) -> float | None:
    """On time among what was due: done by the due date / (done + overdue). None when nothing was due."""
    due = row["done"] + row["overdue"]
    return round(100 * row["on_time"] / due, 1) if due else None


def implementation_data(
    *,
    unit_ids,
    start: date,
    end: date,
    today: date,
    body_ids=None,
    area_ids=None,
    list_limit: int = 20,
    user=None,
    figures: bool = True,
) -> dict:
    """Everything the dashboard and the implementation report show, in a fixed number of queries.

    ``user``: the person it is shown to; counts, lists and figures leave out the follow-ups (and the app
    figures) of subjects they may not see (a letter of another body).
    """
    from coordination.permissions import subjects_visible_q

    visible = subjects_visible_q(user) if user is not None else Q()
    qs = (
        followups_in(unit_ids=unit_ids, start=start, end=end, body_ids=body_ids, area_ids=area_ids)
        .filter(visible)
        .alias(completed_day=TruncDate("completed_at"))
    )
    per_body = list(qs.values("lead_body_id").annotate(**_counts(today)).order_by("lead_body_id"))
    names = {
        pk: short or name
        for pk, short, name in Body.objects.filter(pk__in=[r["lead_body_id"] for r in per_body]).values_list(
            "pk", "short_name", "name"
        )
    }
    for row in per_body:
        row["name"] = names.get(row["lead_body_id"], "")
        row["total"] = row["done"] + row["overdue"] + row["open"] + row["cancelled"]
        row["due"] = row["done"] + row["overdue"]  # what the on-time rate is out of
        row["rate"] = on_time_rate(row)
    per_body.sort(key=lambda r: (-r["total"], r["name"]))
    totals = {
        k: sum(r[k] for r in per_body)
        for k in ("done", "on_time", "overdue", "open", "cancelled", "total", "due")
    }
    trend_rows = {
        r["month"]: r
        for r in qs.annotate(month=TruncMonth("due_on"))
        .values("month")
        .annotate(**_counts(today))
        .order_by("month")
    }
    trend = []
    month = date(start.year, start.month, 1)
    while month <= end:
        row = trend_rows.get(month)
        label = f"{month.month:02d}/{month.year % 100:02d}"
        trend.append((label, row["on_time"], row["done"] + row["overdue"]) if row else (label, 0, 0))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    overdue = list(
        qs.filter(status=FollowUp.Status.OPEN, due_on__lt=today)
        .select_related("lead_body", "responsible")
        .annotate(nudge_count=Count("nudges"), last_nudged=Max("nudges__on"))  # "Đã đôn đốc 12/05 (2 lần)"
        .order_by("due_on", "id")[:list_limit]
    )
    month_end = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    upcoming_qs = FollowUp.objects.open().filter(
        visible, unit_id__in=unit_ids, due_on__gte=today, due_on__lte=month_end
    )
    if body_ids:
        upcoming_qs = upcoming_qs.filter(lead_body_id__in=body_ids)
    if area_ids:
        upcoming_qs = upcoming_qs.filter(area_id__in=area_ids)
    upcoming = list(
        upcoming_qs.select_related("lead_body", "responsible").order_by("due_on", "id")[:list_limit]
    )
    return {
        "per_body": per_body,
        "totals": totals,
        "on_time_rate": on_time_rate(totals),
        "trend": trend,
        "overdue": overdue,
        "upcoming": upcoming,
        # figures=False: the dashboard's cache (coordination.dashboard_cache) keeps the rest and asks the apps
        # each time.
        "figures": collect_figures(
            unit_ids=set(unit_ids), start=start, end=end, body_ids=body_ids, area_ids=area_ids, user=user
        )
        if figures
        else [],
    }


DIGEST_ROWS = 300  # items listed in one digest; the counts are always exact


def digest_items(*, person_id: int | None, body_ids: list[int], today: date, until: date, user=None) -> dict:
    """What one user owes (as responsible person or through a body): overdue first, then due by ``until``.

    One query per user (one more when the list is cut at ``DIGEST_ROWS``, and when it holds a subject with a
    door of its own); grouped by the kind of subject.
    """
    from coordination.permissions import restricted_subject_type_ids, subjects_visible_q

    # Both sides on an indexed column of the follow-up itself, so PostgreSQL combines the two indexes.
    owed = Q(responsible_id=person_id) if person_id else Q(pk__in=[])
    if body_ids:
        owed |= Q(lead_body_id__in=body_ids)

    def listed(condition):
        return list(
            FollowUp.objects.open().filter(condition, due_on__lte=until)
            .select_related("lead_body", "subject_type").order_by("due_on", "id")[:DIGEST_ROWS]
        )

    # Nothing of a subject the recipient may not see (a letter of another body). Most lists hold no such
    # subject: read first without the doors' subqueries (a digest run asks this of every user), and again
    # through them only when a row's subject has a door; the first rows are the same either way.
    rows = listed(owed)
    if user is not None:
        restricted = restricted_subject_type_ids()
        owed &= subjects_visible_q(user)
        if any(f.subject_type_id in restricted for f in rows):
            rows = listed(owed)

    def grouped(items):
        groups: dict[str, list] = {}
        for f in items:
            model = f.subject_type.model_class() if f.subject_type else None
            label = str(model._meta.verbose_name).capitalize() if model else "Việc khác"
            groups.setdefault(label, []).append(f)
        return sorted(groups.items())

    overdue = [f for f in rows if f.due_on < today]
    upcoming = [f for f in rows if f.due_on >= today]
    overdue_count, upcoming_count = len(overdue), len(upcoming)
    if len(rows) == DIGEST_ROWS:  # the list is cut: the counts come from the table, not from the rows shown
        counts = (
            FollowUp.objects.open()
            .filter(owed, due_on__lte=until)
            .aggregate(
                overdue=Count("pk", filter=Q(due_on__lt=today)),
                upcoming=Count("pk", filter=Q(due_on__gte=today)),
            )
        )
        overdue_count, upcoming_count = counts["overdue"], counts["upcoming"]
    return {
        "overdue_groups": grouped(overdue),
        "upcoming_groups": grouped(upcoming),
        "overdue_count": overdue_count,
        "upcoming_count": upcoming_count,
        "count": overdue_count + upcoming_count,
        "overdue_more": overdue_count - len(overdue),
        "upcoming_more": upcoming_count - len(upcoming),
    }


def feed_followups(*, user, start: date, end: date):
    """The follow-ups a user's calendar shows: theirs and their bodies' open items."""
    from coordination.permissions import access_for, subjects_visible_q

    body_ids = access_for(user).body_ids()
    return (
        FollowUp.objects.open()
        .filter(
            Q(responsible__user=user) | Q(lead_body_id__in=body_ids),
            subjects_visible_q(user),
            due_on__gte=start,
            due_on__lte=end,
        )
        .select_related("lead_body")
        .order_by("due_on", "id")[:2000]
    )
