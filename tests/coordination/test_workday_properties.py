"""Property tests (hypothesis) for the working-day calendar: ARCHITECTURE.md rule 5."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordination.models import CalendarDay, DeadlineRule, StatutoryRule
from coordination.statutory_rules import STATUTORY_RULES
from coordination.workdays import WorkCalendar, describe_day_off_shift, periodic_due_dates, relative_due_date

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=80)
CAL = WorkCalendar(overrides={})


@settings(deadline=None)  # the first call fills the holiday cache; timing is not the property
@given(start=days, n=counts)
def test_adding_working_days_always_lands_on_a_working_day(start, n):
    result = CAL.add_working_days(start, n)
    assert n == 0 or CAL.is_working_day(result)
    assert result.weekday() < 5 or n == 0


@settings(deadline=None)  # the first call fills the holiday cache; timing is not the property
@given(start=days, n=st.integers(min_value=1, max_value=80))
def test_going_back_the_same_number_of_working_days_returns(start, n):
    begin = CAL.next_working_day(start)
    assert CAL.add_working_days(CAL.add_working_days(begin, n), -n) == begin
    assert CAL.working_days_between(begin, CAL.add_working_days(begin, n)) == n


@settings(deadline=None)  # the first call fills the holiday cache; timing is not the property
@given(start=days, a=counts, b=counts)
def test_it_is_monotonic(start, a, b):
    if a <= b:
        assert CAL.add_working_days(start, a) <= CAL.add_working_days(start, b)


@settings(deadline=None)  # the first call fills the holiday cache; timing is not the property
@given(start=days, n=st.integers(min_value=1, max_value=80))
def test_no_official_holiday_is_counted(start, n):
    end = CAL.add_working_days(start, n)
    official = holidays.country_holidays("VN", years=range(start.year, end.year + 1))
    counted = [
        start + timedelta(days=i)
        for i in range(1, (end - start).days + 1)
        if CAL.is_working_day(start + timedelta(days=i))
    ]
    assert len(counted) == n
    assert not any(d in official for d in counted)


def test_tet_2026_is_skipped():
    # Tết Bính Ngọ: 17 February 2026; the official break runs over the whole week.
    assert not CAL.is_working_day(date(2026, 2, 17))
    assert CAL.add_working_days(date(2026, 2, 13), 1) > date(2026, 2, 20)


@pytest.mark.django_db
@settings(deadline=None, max_examples=30)
@given(day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
def test_calendar_day_swaps_are_respected(day):
    CalendarDay.objects.filter(day=day).delete()
    kind = CalendarDay.Kind.DAY_OFF if CAL.is_working_day(day) else CalendarDay.Kind.WORKING_DAY
    CalendarDay.objects.create(day=day, kind=kind, name="Hoán đổi ngày làm việc")
    assert WorkCalendar().is_working_day(day) is (kind == CalendarDay.Kind.WORKING_DAY)
    CalendarDay.objects.filter(day=day).delete()


@settings(deadline=None)  # the first call fills the holiday cache; timing is not the property
@given(
    day=st.integers(min_value=1, max_value=31),
    year=st.integers(min_value=2024, max_value=2030),
    kind=st.sampled_from(
        [DeadlineRule.Kind.MONTHLY, DeadlineRule.Kind.EVERY_N_MONTHS, DeadlineRule.Kind.YEARLY]
    ),
    every=st.sampled_from([1, 2, 3, 4, 6, 12]),
    month=st.integers(min_value=1, max_value=12),
)
def test_periodic_rules_land_on_working_days_in_order(day, year, kind, every, month):
    rule = StatutoryRule(rule_kind=kind, day_of_month=day, every_months=every, month=month)
    dates = periodic_due_dates(rule, date(year, 1, 1), date(year, 12, 31), cal=CAL)
    assert all(CAL.is_working_day(d) for d in dates)
    assert all(d.year == year for d in dates)  # a plan year's occurrences stay in that year
    assert dates == sorted(dates)
    expected = {
        DeadlineRule.Kind.MONTHLY: 12,
        DeadlineRule.Kind.EVERY_N_MONTHS: 12 // every,
        DeadlineRule.Kind.YEARLY: 1,
    }[kind]
    assert len(dates) == expected


@settings(deadline=None)  # the first call fills the holiday cache; timing is not the property
@given(start=days, n=st.integers(min_value=0, max_value=60), extra=st.integers(min_value=0, max_value=30))
def test_remote_areas_never_get_less_time(start, n, extra):
    rule = StatutoryRule(
        rule_kind="relative", direction="after", amount=n, day_unit="working", remote_extra_days=extra
    )
    from coordination.workdays import relative_due_date

    assert relative_due_date(rule, start, remote=True, cal=CAL) >= relative_due_date(
        rule, start, remote=False, cal=CAL
    )


@pytest.mark.parametrize(
    "kind", [DeadlineRule.Kind.YEARLY, DeadlineRule.Kind.EVERY_N_MONTHS, DeadlineRule.Kind.MONTHLY]
)
def test_a_31_december_on_a_sunday_stays_in_its_year(kind):
    # 31/12/2028 is a Sunday and 1/1/2029 a holiday: the next working day would be 2/1/2029, in the next plan
    # year.
    rule = StatutoryRule(rule_kind=kind, day_of_month=31, every_months=6, month=12)
    dates = periodic_due_dates(rule, date(2028, 1, 1), date(2028, 12, 31), cal=CAL)
    assert dates[-1] == date(2028, 12, 29)  # the Friday before


def test_a_day_off_inside_the_year_still_moves_to_the_next_working_day():
    rule = StatutoryRule(rule_kind=DeadlineRule.Kind.MONTHLY, day_of_month=15)
    # 15/2/2026 is a Sunday in the Tết holiday: the next working day is after it, still in 2026.
    feb = [d for d in periodic_due_dates(rule, date(2026, 1, 1), date(2026, 12, 31), cal=CAL) if d.month == 2]
    assert feb == [CAL.next_working_day(date(2026, 2, 15))] and feb[0] > date(2026, 2, 15)


# --- The working-day rule: a deadline never ends on a day off (Civil Code 2015, art. 148.5) --------

LAW = {
    code: StatutoryRule(code=code, rule_kind="relative", **fields)
    for code, _basis, fields in STATUTORY_RULES
}
anchors = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))


@settings(deadline=None, max_examples=300)
@given(code=st.sampled_from(sorted(LAW)), anchor=anchors, remote=st.booleans())
def test_every_statutory_deadline_ends_on_a_working_day_no_earlier_than_the_law_allows(code, anchor, remote):
    rule = LAW[code]
    due = relative_due_date(rule, anchor, remote=remote, cal=CAL)
    assert CAL.is_working_day(due)
    amount = rule.amount + (rule.remote_extra_days if remote else 0)
    if rule.direction == "after":
        # The agency has at least the whole period, and not a day more than the days off that end it.
        nominal = (
            CAL.add_working_days(anchor, amount)
            if rule.day_unit == "working"
            else anchor + timedelta(days=amount)
        )
        assert due >= nominal and all(
            not CAL.is_working_day(nominal + timedelta(days=n)) for n in range((due - nominal).days)
        )
    else:
        # "Chậm nhất N ngày trước": done before the event, never later than the law's last day.
        nominal = (
            CAL.add_working_days(anchor, -rule.amount)
            if rule.day_unit == "working"
            else anchor - timedelta(days=rule.amount)
        )
        assert due <= nominal < anchor
        assert all(
            not CAL.is_working_day(due + timedelta(days=n)) for n in range(1, (nominal - due).days + 1)
        )


@pytest.mark.parametrize("code, anchor, expected", [
    # 60 days after receipt on 02/12/2026 is Sunday 31/01/2027: the agency answering on Monday is on time.
    ("petition_answer", date(2026, 12, 2), date(2027, 2, 1)),
    # 30 days after a decision of 02/12/2026 is New Year's Day 2027 (Friday): Monday 04/01/2027.
    ("denunciation_resolve", date(2026, 12, 2), date(2027, 1, 4)),
    # 10 days after receipt on 02/12/2026 is Saturday 12/12/2026: Monday 14/12/2026.
    ("complaint_accept", date(2026, 12, 2), date(2026, 12, 14)),
    # 45 days after receipt on 02/12/2026 is Saturday 16/01/2027.
    ("complaint_second_resolve", date(2026, 12, 2), date(2027, 1, 18)),
    # 30 days before an opening on Monday 08/03/2027 is Saturday 06/02/2027 (Tết): the last working day
    # before it is Wednesday 03/02/2027, so the joint meeting still happens before the session.
    ("joint_meeting", date(2027, 3, 8), date(2027, 2, 3)),
])
def test_the_deadlines_seen_on_days_off_now_end_on_working_days(code, anchor, expected):
    assert relative_due_date(LAW[code], anchor, cal=CAL) == expected


def test_an_administrators_swapped_working_day_counts_as_the_last_day():
    saturday = date(2026, 12, 12)
    swapped = WorkCalendar(overrides={saturday: CalendarDay.Kind.WORKING_DAY})
    assert relative_due_date(LAW["complaint_accept"], date(2026, 12, 2), cal=swapped) == saturday
    added_day_off = WorkCalendar(overrides={date(2026, 12, 14): CalendarDay.Kind.DAY_OFF})
    assert relative_due_date(LAW["complaint_accept"], date(2026, 12, 2), cal=added_day_off) == date(
        2026, 12, 15
    )


def test_each_rule_says_where_it_moves_and_why():
    assert describe_day_off_shift(LAW["petition_answer"]) == (
        "Trùng ngày nghỉ: sang ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148 khoản 5)")
    assert describe_day_off_shift(LAW["submission_due"]).startswith(
        "Trùng ngày nghỉ: về ngày làm việc liền trước"
    )
    assert {rule.day_off_shift for rule in LAW.values() if rule.direction == "before"} == {"previous"}
    assert {rule.day_off_shift for rule in LAW.values() if rule.direction == "after"} == {"next"}


@pytest.mark.django_db
def test_the_seeded_rules_carry_their_shift_in_the_database():
    assert set(StatutoryRule.objects.filter(direction="before").values_list("day_off_shift", flat=True)) == {
        "previous"
    }
    assert set(StatutoryRule.objects.filter(direction="after").values_list("day_off_shift", flat=True)) == {
        "next"
    }
