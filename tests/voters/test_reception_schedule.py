"""A year of reception days from a rule, and the register of visits across reception days."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination.models import CalendarDay
from coordination.workdays import WorkCalendar
from tests.exports import export_xlsx
from tests.url_coverage import covers
from tests.voters.factories import ReceptionDayFactory, VisitFactory
from voters import services
from voters.models import ReceptionDay

pytestmark = pytest.mark.django_db


def _schedule(province, **rule):
    return {"host_body": province.committee.pk, "receiver": "Chủ tịch UBND tỉnh", "kind": "regular",
            "place": "Trụ sở Tiếp công dân tỉnh", "year": 2027, **rule}


@covers("voters:reception_schedule")
class TestSchedule:
    def test_monthly_on_the_15th_gives_twelve_working_days_and_a_second_run_adds_nothing(
        self, login, staff_b, province
    ):
        client = login(staff_b)
        form = client.get(reverse("voters:reception_schedule")).content.decode()
        assert (
            "Chủ tịch UBND tỉnh tiếp ít nhất một ngày mỗi tháng" in form
            and "Thứ trong tuần (tiếp hằng tuần)" in form
        )
        response = client.post(
            reverse("voters:reception_schedule"),
            _schedule(province, frequency="monthly", day_of_month=15),
            follow=True,
        )
        assert "Đã lập lịch năm 2027: 12 buổi tiếp mới, 0 buổi đã có từ trước." in response.content.decode()
        days = list(
            ReceptionDay.objects.filter(host_body=province.committee)
            .order_by("day")
            .values_list("day", flat=True)
        )
        cal = WorkCalendar()
        assert len(days) == 12 and all(cal.is_working_day(d) for d in days)
        assert [d.month for d in days] == list(range(1, 13))
        assert date(2027, 5, 17) in days  # Saturday 15 May 2027 moves to Monday
        response = client.post(
            reverse("voters:reception_schedule"),
            _schedule(province, frequency="monthly", day_of_month=15),
            follow=True,
        )
        assert "0 buổi tiếp mới, 12 buổi đã có từ trước." in response.content.decode()
        assert ReceptionDay.objects.count() == 12

    def test_weekly_on_monday_moves_a_day_off_to_the_next_working_day(self, province):
        CalendarDay.objects.create(day=date(2027, 3, 1), kind=CalendarDay.Kind.DAY_OFF, name="Nghỉ bù")
        created, existing = services.reception_days_generate(
            host_body=province.committee,
            receiver="Chủ tịch UBND xã",
            kind="regular",
            place="Trụ sở UBND xã",
            year=2027,
            weekday=0,
        )
        days = set(ReceptionDay.objects.values_list("day", flat=True))
        assert (created, existing) == (len(days), 0) and 50 <= created <= 52
        assert date(2027, 3, 1) not in days and date(2027, 3, 2) in days
        assert all(d.year == 2027 and WorkCalendar().is_working_day(d) for d in days)

    def test_the_joint_reception_day_is_kept_apart_from_the_regular_one(self, province):
        services.reception_days_generate(
            host_body=province.committee,
            receiver="Chủ tịch",
            kind="regular",
            place="P",
            year=2027,
            day_of_month=10,
        )
        created, existing = services.reception_days_generate(
            host_body=province.committee,
            receiver="Lãnh đạo các cơ quan",
            kind="joint",
            place="P",
            year=2027,
            day_of_month=10,
        )
        assert (created, existing) == (12, 0)
        assert ReceptionDay.objects.filter(kind="joint").count() == 12

    @pytest.mark.parametrize(("rule", "message"), [
        ({"frequency": "monthly"}, "Ngày trong tháng: cần ghi khi tiếp công dân hằng tháng."),
        ({"frequency": "weekly"}, "Thứ trong tuần: cần chọn khi tiếp công dân hằng tuần."),
        ({"frequency": "monthly", "day_of_month": 32}, "31"),
        ({"frequency": "weekly", "weekday": 9}, "9"),
    ])
    def test_an_incomplete_rule_is_refused_naming_the_field_and_nothing_is_saved(
        self, login, staff_b, province, rule, message
    ):
        response = login(staff_b).post(reverse("voters:reception_schedule"), _schedule(province, **rule))
        assert response.status_code == 400 and message in response.content.decode()
        assert not ReceptionDay.objects.exists()

    def test_permissions(self, login, viewer, outsider, province, client):
        url = reverse("voters:reception_schedule")
        assert client.get(url).status_code == 302
        assert login(viewer).get(url).status_code == 403
        assert (
            login(viewer).post(url, _schedule(province, frequency="monthly", day_of_month=1)).status_code
            == 403
        )
        # An officer of another province is not offered this province's bodies, and a forged POST saves
        # nothing.
        response = login(outsider).post(url, _schedule(province, frequency="monthly", day_of_month=1))
        assert response.status_code == 400 and "Cơ quan tiếp" in response.content.decode()
        assert not ReceptionDay.objects.exists()


def _rows(response):
    return list(load_workbook(BytesIO(response.content)).active.values)


@covers("voters:visit_list")
class TestVisitRegister:
    def test_visits_of_every_reception_day_filter_by_status_and_are_found_without_diacritics(
        self, login, staff_a, province, today
    ):
        reception = ReceptionDayFactory(host_body=province.committee, day=today - timedelta(days=30))
        late = VisitFactory(reception=reception, citizens="Bà Trần Thị Lan", content="Đền bù đất ở",
                            due_on=today - timedelta(days=5))
        replied = VisitFactory(
            reception=ReceptionDayFactory(host_body=province.committee),
            citizens="Ông Lê Văn Nam",
            content="Cấp sổ hộ nghèo",
        )
        services.reception_visit_reply(visit=replied, reply="accepted", replied_on=today)
        client = login(staff_a)
        rows = _rows(export_xlsx(client, reverse("voters:visit_list")))
        assert rows[0][:4] == ("Ngày tiếp", "Cơ quan tiếp", "Người tiếp", "Công dân")
        by_citizen = {row[3]: row for row in rows[1:]}
        assert by_citizen["Bà Trần Thị Lan"][-1] == "Quá hạn trả lời"
        assert (by_citizen["Ông Lê Văn Nam"][7], by_citizen["Ông Lê Văn Nam"][9]) == ("Thụ lý", "Đã trả lời")
        html = client.get(reverse("voters:visit_list"), {"q": "den bu dat"}).content.decode()
        assert "Bà Trần Thị Lan" in html and "Ông Lê Văn Nam" not in html
        assert late.get_absolute_url() in html
        overdue = _rows(export_xlsx(client, reverse("voters:visit_list"), {"status": "overdue"}))
        assert [row[3] for row in overdue[1:]] == ["Bà Trần Thị Lan"]
        done = _rows(export_xlsx(client, reverse("voters:visit_list"), {"status": "replied"}))
        assert [row[3] for row in done[1:]] == ["Ông Lê Văn Nam"]

    def test_an_extended_visit_is_still_owed(self, login, staff_a, province, today):
        visit = VisitFactory(reception__host_body=province.committee, due_on=today + timedelta(days=2))
        services.reception_visit_reply(
            visit=visit, reply="extended", replied_on=today, new_due_on=today + timedelta(days=10)
        )
        rows = _rows(export_xlsx(login(staff_a), reverse("voters:visit_list"), {"status": "owed"}))
        assert [row[-1] for row in rows[1:]] == ["Đang chờ trả lời"]

    def test_outsiders_see_no_visit(self, login, outsider, province):
        VisitFactory(reception__host_body=province.committee)
        assert len(_rows(export_xlsx(login(outsider), reverse("voters:visit_list")))) == 1
