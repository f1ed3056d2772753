from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from coordination.models import DeadlineAnchor, FollowUp
from coordination.services import followup_open
from coordination.workdays import WorkCalendar
from plans.models import CoordinationPlan, PlanTask, PlanTaskChange, ReviewConference
from plans.services import (
    PlanError,
    plan_generate_recurring,
    plan_task_create,
    plan_task_extend,
    plan_tasks_for_event,
    review_conference_record,
)
from tests.conftest import LOCAL_TZ
from tests.exports import export_xlsx
from tests.test_no_internal_codes import visible_text
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(province):
    return CoordinationPlan.objects.create(unit=province.unit, year=2026, title="Kế hoạch phối hợp năm 2026")


@pytest.fixture
def task(plan, province, person_of, staff_b):
    return plan_task_create(plan=plan, title="Gửi tờ trình kỳ họp giữa năm", lead_body=province.committee,
                            due_on=timezone.localdate() + timedelta(days=10), responsible=person_of(staff_b),
                            expected_result="Hồ sơ đầy đủ", accountability="Chủ tịch UBND")


@pytest.fixture
def regulation(province):
    from regulations.models import Article, Obligation, Regulation

    reg = Regulation.objects.create(number="01/QCPH-HĐND-UBND", title="Quy chế phối hợp", unit=province.unit,
                                    status=Regulation.Status.IN_FORCE, effective_from=date(2025, 1, 1))
    article = Article.objects.create(regulation=reg, number="7", title="Kỳ họp", order=7)
    common = {"regulation": reg, "article": article, "status": Obligation.Status.CONFIRMED}
    Obligation.objects.create(**common, lead_body=province.standing, action="Họp Thường trực HĐND hằng tháng",
                              rule_kind="monthly", day_of_month=15)
    Obligation.objects.create(
        **common,
        lead_body=province.committee,
        action="Gửi tờ trình trước kỳ họp",
        rule_kind="relative",
        anchor=DeadlineAnchor.SESSION_OPENING,
        direction="before",
        amount=20,
    )
    Obligation.objects.create(
        **common,
        lead_body=province.front,
        action="Báo cáo tổng hợp kiến nghị sau đợt TXCT",
        rule_kind="relative",
        anchor=DeadlineAnchor.ROUND_END,
        direction="after",
        amount=10,
        day_unit="working",
    )
    Obligation.objects.create(
        regulation=reg,
        article=article,
        status=Obligation.Status.PROPOSED,
        lead_body=province.front,
        action="Chưa xác nhận",
        rule_kind="yearly",
        month=1,
        day_of_month=31,
    )
    return reg


class TestPlanGeneration:
    def test_recurring_tasks_land_on_working_days_once(self, plan, regulation):
        assert plan_generate_recurring(plan=plan) == 12
        assert plan_generate_recurring(plan=plan) == 0
        tasks = list(plan.tasks.order_by("due_on"))
        cal = WorkCalendar()
        assert all(cal.is_working_day(t.due_on) for t in tasks)
        assert tasks[1].due_on == date(2026, 2, 23)  # 15 Feb 2026 falls in the Tết holiday
        assert all(t.followup.subject == t for t in tasks)
        plan.refresh_from_db()
        assert plan.regulation_id == regulation.pk

    def test_an_event_gets_its_tasks_with_real_dates(self, plan, regulation, province):
        opening = date(2026, 7, 10)
        session = province.term  # any model instance stands for the event
        tasks = plan_tasks_for_event(
            plan=plan, anchor=DeadlineAnchor.SESSION_OPENING, anchor_date=opening, subject=session
        )
        assert [(t.title, t.due_on) for t in tasks] == [
            ("Gửi tờ trình trước kỳ họp", date(2026, 6, 19))
        ]  # Saturday 20/06 moves to the Friday before
        again = plan_tasks_for_event(
            plan=plan, anchor=DeadlineAnchor.SESSION_OPENING, anchor_date=date(2026, 7, 20), subject=session
        )
        assert [t.pk for t in again] == [tasks[0].pk]
        assert FollowUp.objects.get(pk=tasks[0].followup_id).due_on == date(2026, 6, 30)  # the event moved

    def test_without_a_regulation_nothing_is_generated(self, plan):
        assert plan_generate_recurring(plan=plan) == 0


@covers("plans:list", "plans:detail")
class TestPlanPages:
    def test_members_see_the_plan_with_its_5_ro(self, login, viewer, plan, task):
        client = login(viewer)
        assert plan.title in client.get(reverse("plans:list")).content.decode()
        html = client.get(plan.get_absolute_url()).content.decode()
        assert task.title in html and "Rõ trách nhiệm" in html and "Chủ tịch UBND" in html

    def test_outsiders_get_404(self, login, outsider, plan):
        assert plan.title not in login(outsider).get(reverse("plans:list")).content.decode()
        assert login(outsider).get(plan.get_absolute_url()).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, plan):
        assert client.get(reverse("plans:list")).status_code == 302
        assert client.get(plan.get_absolute_url()).status_code == 302

    def test_the_register_exports_and_prints(self, login, viewer, plan):
        client = login(viewer)
        assert export_xlsx(client, reverse("plans:list"))["Content-Type"].startswith(
            "application/vnd.openxml"
        )
        assert plan.title in client.get(reverse("plans:list"), {"format": "print"}).content.decode()

    @pytest.mark.parametrize("count", [1, 50])
    def test_the_register_runs_a_constant_number_of_queries(
        self, login, viewer, province, count, django_assert_max_num_queries
    ):
        for year in range(count):
            CoordinationPlan.objects.create(unit=province.unit, year=1990 + year, title=f"Kế hoạch {year}")
        client = login(viewer)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("plans:list")).status_code == 200


@covers("plans:history")
class TestPlanHistory:
    def test_it_shows_each_edit_by_its_label_with_who_and_why(self, login, viewer, superuser, plan):
        plan.signed_on, plan.regulation_title = date(2026, 1, 5), "Quy chế phối hợp số 01"
        plan._history_user, plan._change_reason = superuser, "Bổ sung ngày ký"  # as the admin saves it
        plan.save()
        client = login(viewer)
        response = client.get(reverse("plans:history", args=[plan.pk]))
        assert response.status_code == 200
        text = visible_text(response.content.decode()).replace(" :", ":")
        assert "Ngày ký: — → 05/01/2026" in text
        assert "Quy chế được thực hiện: — → Quy chế phối hợp số 01" in text
        assert "Bổ sung ngày ký" in text and "root" in text  # the superuser has no full name: the login
        assert "signed_on" not in text
        assert (
            reverse("plans:history", args=[plan.pk]) in client.get(plan.get_absolute_url()).content.decode()
        )

    def test_it_goes_through_the_plans_door(self, login, outsider, client, plan):
        url = reverse("plans:history", args=[plan.pk])
        assert client.get(url).status_code == 302
        assert login(outsider).get(url).status_code == 404


@covers("plans:task_reassign", "plans:task_extend")
class TestTaskChanges:
    def test_staff_of_the_lead_body_reassigns_with_a_reason(
        self, login, staff_b, task, person_of, agency_officer
    ):
        response = login(staff_b).post(
            reverse("plans:task_reassign", args=[task.pk]),
            {"to_person": person_of(agency_officer).pk, "reason": "Sở NN&MT chủ động số liệu"},
        )
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.responsible == person_of(agency_officer)
        assert FollowUp.objects.get(pk=task.followup_id).responsible == person_of(agency_officer)
        html = login(staff_b).get(task.get_absolute_url()).content.decode()
        assert "Giao lại" in html and "Sở NN&amp;MT chủ động số liệu" in html

    def test_a_reassignment_without_reason_is_refused(self, login, staff_b, task, person_of, agency_officer):
        response = login(staff_b).post(
            reverse("plans:task_reassign", args=[task.pk]), {"to_person": person_of(agency_officer).pk}
        )
        assert response.status_code == 400
        assert "Lý do giao lại: bắt buộc phải ghi lý do." in response.content.decode()
        assert PlanTask.objects.get(pk=task.pk).responsible != person_of(agency_officer)

    def test_an_extension_needs_reason_and_approver(self, login, staff_b, task, person_of, leader):
        new_due = task.due_on + timedelta(days=15)
        client = login(staff_b)
        response = client.post(
            reverse("plans:task_extend", args=[task.pk]),
            {"due_on": new_due.strftime("%d/%m/%Y"), "reason": "Chờ số liệu"},
        )
        assert response.status_code == 400
        assert "Lãnh đạo phê duyệt: vui lòng chọn người phê duyệt." in response.content.decode()
        response = client.post(
            reverse("plans:task_extend", args=[task.pk]),
            {
                "due_on": new_due.strftime("%d/%m/%Y"),
                "reason": "Chờ số liệu",
                "approved_by": person_of(leader).pk,
            },
        )
        assert response.status_code == 302
        assert FollowUp.objects.get(pk=task.followup_id).due_on == new_due
        change = PlanTaskChange.objects.get(task=task, kind="extended")
        assert (change.old_due_on, change.new_due_on, change.approved_by) == (
            task.due_on,
            new_due,
            person_of(leader),
        )

    def test_an_extension_to_an_earlier_date_is_refused(self, task, person_of, leader):
        with pytest.raises(PlanError, match="Thời hạn mới: phải sau"):
            plan_task_extend(task=task, due_on=task.due_on, reason="x", approved_by=person_of(leader))

    def test_staff_of_another_body_gets_403_and_outsiders_404(
        self, login, front_staff, outsider, task, person_of
    ):
        data = {"to_person": person_of(front_staff).pk, "reason": "x"}
        response = login(front_staff).post(reverse("plans:task_reassign", args=[task.pk]), data)
        assert response.status_code == 403
        assert login(outsider).post(reverse("plans:task_extend", args=[task.pk]), data).status_code == 404

    def test_the_standing_committees_secretariat_reassigns_any_task_of_the_unit(
        self, login, staff_a, task, person_of
    ):
        data = {"to_person": person_of(staff_a).pk, "reason": "Thường trực theo dõi trực tiếp"}
        assert login(staff_a).post(reverse("plans:task_reassign", args=[task.pk]), data).status_code == 302
        followup = FollowUp.objects.get(pk=task.followup_id)
        assert followup.responsible == person_of(staff_a)
        assert followup.history.first().history_change_reason == "Thường trực theo dõi trực tiếp"

    def test_completing_the_follow_up_completes_the_task(self, login, staff_b, task):
        login(staff_b).post(
            reverse("followups:complete", args=[task.followup_id]), {"outcome": "Đã gửi tờ trình"}
        )
        assert PlanTaskChange.objects.filter(task=task, kind="completed").exists()
        assert FollowUp.objects.get(pk=task.followup_id).status == FollowUp.Status.DONE


@covers("plans:detail")
def test_a_review_conference_keeps_a_snapshot(plan, task, login, staff_b):
    held_on = task.due_on + timedelta(days=1)
    # Recorded once it was held (a conference is not recorded ahead): the task was then one day overdue.
    with time_machine.travel(datetime.combine(held_on, time(17), tzinfo=LOCAL_TZ), tick=True):
        conference = review_conference_record(
            plan=plan,
            kind=ReviewConference.Kind.INTERIM,
            held_on=held_on,
            title="Sơ kết 6 tháng",
            conclusions="Tốt",
            period_start=date(2026, 1, 1),
        )
    assert conference.figures["totals"]["overdue"] == 1
    page = login(staff_b).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "tỷ lệ đúng hạn 0\xa0%\xa0(0/1)." in page  # nothing on time of the one thing due


@covers("plans:task_create")
class TestTaskCreate:
    def data(self, body, **extra):
        return {"title": "Chuẩn bị báo cáo sơ kết", "lead_body": body.pk, "due_on": "15/12/2026",
                "expected_result": "Dự thảo báo cáo", "accountability": "Chánh Văn phòng", **extra}

    def test_staff_assign_a_task_for_their_body(self, login, staff_b, plan, province):
        response = login(staff_b).post(
            reverse("plans:task_create", args=[plan.pk]), self.data(province.committee)
        )
        assert response.status_code == 302
        task = PlanTask.objects.get(plan=plan)
        assert (task.followup.due_on, task.followup.lead_body) == (date(2026, 12, 15), province.committee)
        assert PlanTaskChange.objects.filter(task=task, kind="assigned").exists()

    def test_they_cannot_assign_work_to_another_body(self, login, staff_b, plan, province):
        response = login(staff_b).post(
            reverse("plans:task_create", args=[plan.pk]), self.data(province.front)
        )
        assert response.status_code == 400
        assert "Cơ quan chủ trì: bạn không được giao việc cho cơ quan này." in response.content.decode()
        assert not PlanTask.objects.exists()

    def test_a_bad_date_names_the_field(self, login, staff_b, plan, province):
        response = login(staff_b).post(
            reverse("plans:task_create", args=[plan.pk]), self.data(province.committee, due_on="31/02/2026")
        )
        assert "Thời hạn: ngày không hợp lệ (dd/mm/yyyy)." in response.content.decode()
        assert not PlanTask.objects.exists() and not FollowUp.objects.exists()

    def test_a_task_given_at_a_review_conference_is_listed_under_it(self, login, staff_b, plan, province):
        conference = review_conference_record(
            plan=plan,
            kind=ReviewConference.Kind.ROUTINE,
            held_on=date(2026, 7, 10),
            title="Giao ban quý II",
            conclusions="Đẩy nhanh tiến độ",
            period_start=date(2026, 4, 1),
        )
        client = login(staff_b)
        assert "Giao tại hội nghị (nếu có)" in client.get(plan.get_absolute_url()).content.decode()
        response = client.post(
            reverse("plans:task_create", args=[plan.pk]),
            self.data(province.committee, conference=conference.pk),
        )
        assert response.status_code == 302
        task = PlanTask.objects.get(plan=plan)
        assert task.conference == conference
        html = client.get(plan.get_absolute_url()).content.decode()
        assert "Nhiệm vụ mới giao tại hội nghị:" in html
        assert (
            f'<li><a href="{task.get_absolute_url()}">Chuẩn bị báo cáo sơ kết</a> — 15/12/2026</li>' in html
        )

    def test_a_conference_of_another_plan_is_refused_and_nothing_saved(self, login, staff_b, plan, province):
        other_plan = CoordinationPlan.objects.create(unit=province.unit, year=2025, title="Kế hoạch năm 2025")
        other = review_conference_record(
            plan=other_plan,
            kind=ReviewConference.Kind.ANNUAL,
            held_on=date(2025, 12, 20),
            title="Tổng kết 2025",
            conclusions="Tốt",
            period_start=date(2025, 1, 1),
        )
        response = login(staff_b).post(
            reverse("plans:task_create", args=[plan.pk]), self.data(province.committee, conference=other.pk)
        )
        assert response.status_code == 400
        assert "Giao tại hội nghị: chỉ chọn hội nghị của kế hoạch này." in response.content.decode()
        assert not PlanTask.objects.exists() and not FollowUp.objects.exists()

    def test_viewers_get_403_and_outsiders_404(self, login, viewer, outsider, plan, province):
        url = reverse("plans:task_create", args=[plan.pk])
        assert login(viewer).post(url, self.data(province.standing)).status_code == 403
        assert login(outsider).post(url, self.data(province.standing)).status_code == 404
        assert "Giao việc mới" not in login(viewer).get(plan.get_absolute_url()).content.decode()


@covers("plans:conference_create")
class TestReviewConference:
    def _post(self, client, plan, **overrides):
        data = {
            "kind": "so_ket",
            "title": "Sơ kết 6 tháng đầu năm 2026",
            "period_start": "2026-01-01",
            "held_on": "2026-07-10",
            "conclusions": "Cần khắc phục tình trạng gửi tờ trình chậm.",
            **overrides,
        }
        return client.post(reverse("plans:conference_create", args=[plan.pk]), data)

    def test_staff_record_a_conference_with_a_snapshot_of_the_figures(self, login, staff_a, plan, province):
        followup_open(subject=None, title="Gửi báo cáo", lead_body=province.standing, due_on=date(2026, 3, 1))
        response = self._post(login(staff_a), plan)
        assert response.status_code == 302
        conference = plan.conferences.get()
        assert conference.kind == "so_ket"
        assert conference.figures["period"] == ["2026-01-01", "2026-07-10"]
        assert conference.figures["totals"]["overdue"] == 1
        page = login(staff_a).get(reverse("plans:detail", args=[plan.pk])).content.decode()
        assert "Sơ kết 6 tháng đầu năm 2026" in page
        assert "Cần khắc phục tình trạng gửi tờ trình chậm." in page

    def test_bad_dates_are_named_and_nothing_is_saved(self, login, staff_a, plan):
        response = self._post(login(staff_a), plan, period_start="2026-08-01")
        assert response.status_code == 400
        assert "Số liệu tính từ ngày: phải trước ngày tổ chức hội nghị." in response.content.decode()
        response = self._post(login(staff_a), plan, held_on="2099-01-01")
        assert response.status_code == 400
        assert "Ngày tổ chức 01/01/2099 sau ngày hôm nay" in response.content.decode()
        response = self._post(login(staff_a), plan, conclusions="")
        assert "Kết luận: vui lòng ghi kết luận" in response.content.decode()
        assert not plan.conferences.exists()

    def test_a_viewer_may_not_and_an_outsider_does_not_know_the_plan(self, login, viewer, outsider, plan):
        assert self._post(login(viewer), plan).status_code == 403
        assert self._post(login(outsider), plan).status_code == 404
        assert not plan.conferences.exists()

    def test_anonymous_is_sent_to_login(self, client, plan):
        assert self._post(client, plan).status_code == 302


def plan_data(province, chosen, **overrides):
    return {
        "unit": province.unit.pk,
        "year": "2026",
        "title": "Kế hoạch phối hợp năm 2026",
        "regulation": chosen.pk,
        "parties": [province.standing.pk, province.committee.pk],
        "signed_on": "15/01/2026",
        **overrides,
    }


@covers("plans:create")
class TestPlanCreate:
    def test_staff_of_a_main_body_create_the_years_plan(self, login, staff_a, province, regulation):
        client = login(staff_a)
        assert "Lập kế hoạch phối hợp" in client.get(reverse("plans:list")).content.decode()
        form = client.get(reverse("plans:create")).content.decode()
        assert regulation.number in form and province.front.name in form and province.agency.name not in form
        response = client.post(reverse("plans:create"), plan_data(province, regulation))
        plan = CoordinationPlan.objects.get()
        assert response.url == plan.get_absolute_url()
        assert (plan.unit, plan.year, plan.regulation, plan.signed_on) == (
            province.unit,
            2026,
            regulation,
            date(2026, 1, 15),
        )
        assert set(plan.parties.all()) == {province.standing, province.committee}
        html = client.get(plan.get_absolute_url()).content.decode()
        assert "Đã lập kế hoạch: Kế hoạch phối hợp năm 2026." in html
        assert f'href="{regulation.get_absolute_url()}"' in html and "15/01/2026" in html

    def test_events_scheduled_before_the_plan_give_it_their_tasks(self, login, staff_a, province, regulation):
        from tests.sessions.factories import SessionFactory
        from tests.voters.factories import RoundFactory

        SessionFactory(term=province.term, council=province.standing.parent, planned_open=date(2026, 7, 10))
        SessionFactory(
            term=province.term, council=province.standing.parent, planned_open=date(2027, 1, 8)
        )  # next year's plan
        RoundFactory(organiser=province.front, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 10))
        RoundFactory(
            organiser=province_front_elsewhere(province),
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 4, 10),
        )
        login(staff_a).post(reverse("plans:create"), plan_data(province, regulation))
        plan = CoordinationPlan.objects.get()
        assert sorted((t.title, t.due_on) for t in plan.tasks.all()) == [
            (
                "Báo cáo tổng hợp kiến nghị sau đợt TXCT",
                date(2026, 4, 24),
            ),  # 10 working days after Friday 10/4
            ("Gửi tờ trình trước kỳ họp", date(2026, 6, 19)),  # Saturday 20/06 moves to the Friday before
        ]
        assert all(t.followup.due_on == t.due_on for t in plan.tasks.all())
        html = login(staff_a).get(plan.get_absolute_url()).content.decode()
        assert "Đã thêm 2 nhiệm vụ của các sự kiện đã lên lịch trong năm." in html

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"year": "1999"}, "Năm: từ 2000 đến"),
            ({"year": "2100"}, "Năm: từ 2000 đến"),
            ({"year": "hai nghìn"}, "Năm: nhập một số, ví dụ 2026."),
            ({"title": ""}, "Tên kế hoạch: vui lòng nhập."),
            ({"regulation": ""}, "Quy chế được thực hiện: vui lòng chọn quy chế đã ban hành của đơn vị."),
            ({"unit": ""}, "Đơn vị: vui lòng chọn."),
            ({"parties": []}, "Các bên: chọn các cơ quan cùng ký kế hoạch."),
            ({"signed_on": "31/02/2026"}, "Ngày ký: ngày không hợp lệ (dd/mm/yyyy)."),
            ({"signed_on": "15/01/2024"}, "Ngày ký: phải trong năm 2026 hoặc cuối năm trước."),
            pytest.param(
                {"signed_on": "20/12/2026"},
                "Ngày ký 20/12/2026 sau ngày hôm nay 10/12/2026: không thể ghi nhận việc chưa xảy ra.",
                marks=pytest.mark.today("2026-12-10"),
                id="signed-after-today",
            ),
        ],
    )
    def test_bad_input_names_the_field_and_saves_nothing(
        self, login, staff_a, province, regulation, overrides, message
    ):
        response = login(staff_a).post(reverse("plans:create"), plan_data(province, regulation, **overrides))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not CoordinationPlan.objects.exists()

    def test_a_second_plan_for_the_same_year_is_refused(self, login, staff_a, province, regulation, plan):
        response = login(staff_a).post(reverse("plans:create"), plan_data(province, regulation))
        assert response.status_code == 400
        assert f"Năm: {province.unit.name} đã có kế hoạch phối hợp năm 2026." in response.content.decode()
        assert CoordinationPlan.objects.get() == plan

    def test_a_regulation_of_another_unit_is_refused(
        self, login, staff_a, superuser, province, other_province, regulation
    ):
        from regulations.models import Regulation

        theirs = Regulation.objects.create(
            number="02/QCPH",
            title="Quy chế tỉnh khác",
            unit=other_province.unit,
            status=Regulation.Status.IN_FORCE,
            effective_from=date(2025, 1, 1),
        )
        response = login(staff_a).post(reverse("plans:create"), plan_data(province, theirs))
        assert "Quy chế được thực hiện: chỉ chọn quy chế đã ban hành của đơn vị." in response.content.decode()
        # A superuser sees every unit's regulations; the one chosen must still be the plan's unit's.
        response = login(superuser).post(reverse("plans:create"), plan_data(province, theirs))
        assert response.status_code == 400
        assert (
            f"Quy chế được thực hiện: quy chế này là của {other_province.unit.name}, không phải của "
            f"{province.unit.name}."
            in response.content.decode()
        )
        assert not CoordinationPlan.objects.exists()

    def test_a_draft_or_a_regulation_not_in_force_that_year_is_refused(
        self, login, staff_a, province, regulation
    ):
        from regulations.models import Regulation

        draft = Regulation.objects.create(
            number="03/QCPH", title="Dự thảo", unit=province.unit, status=Regulation.Status.DRAFT
        )
        response = login(staff_a).post(reverse("plans:create"), plan_data(province, draft))
        assert "Quy chế được thực hiện: chỉ chọn quy chế đã ban hành của đơn vị." in response.content.decode()
        response = login(staff_a).post(reverse("plans:create"), plan_data(province, regulation, year="2024"))
        assert (
            "Quy chế được thực hiện: quy chế không có hiệu lực trong năm 2024." in response.content.decode()
        )
        assert not CoordinationPlan.objects.exists()

    def test_parties_are_main_bodies_of_the_unit_one_of_them_the_authors(
        self, login, staff_a, province, other_province, regulation
    ):
        client = login(staff_a)
        response = client.post(
            reverse("plans:create"), plan_data(province, regulation, parties=[province.standing.pk])
        )
        assert "Các bên: kế hoạch phối hợp cần ít nhất hai cơ quan." in response.content.decode()
        response = client.post(
            reverse("plans:create"),
            plan_data(province, regulation, parties=[province.committee.pk, province.front.pk]),
        )
        assert "Các bên: phải gồm cơ quan mà bạn là cán bộ hoặc lãnh đạo." in response.content.decode()
        response = client.post(
            reverse("plans:create"),
            plan_data(province, regulation, parties=[province.standing.pk, province.agency.pk]),
        )
        assert (
            "Các bên: chỉ chọn Đoàn ĐBQH, Thường trực HĐND, UBND, Ban Thường trực UBMTTQ của đơn vị."
            in response.content.decode()
        )
        assert not CoordinationPlan.objects.exists()

    def test_viewers_and_agency_officers_get_403_outsiders_cannot_choose_the_unit(
        self, login, viewer, agency_officer, outsider, province, regulation
    ):
        for user in (viewer, agency_officer):
            assert login(user).get(reverse("plans:create")).status_code == 403
            assert (
                login(user).post(reverse("plans:create"), plan_data(province, regulation)).status_code == 403
            )
            assert "Lập kế hoạch phối hợp" not in login(user).get(reverse("plans:list")).content.decode()
        response = login(outsider).post(reverse("plans:create"), plan_data(province, regulation))
        assert response.status_code == 400
        assert "Đơn vị: bạn không được lập kế hoạch cho đơn vị này." in response.content.decode()
        assert not CoordinationPlan.objects.exists()

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get(reverse("plans:create")).status_code == 302


def province_front_elsewhere(province):
    """The Front board of another province: its round is not this plan's."""
    from tests.factories import BodyFactory, UnitFactory

    return BodyFactory(unit=UnitFactory(), kind="front_board")


@pytest.fixture
def signed_plan(plan, province):
    plan.parties.set([province.standing, province.committee])
    return plan


@covers("plans:generate")
class TestPlanGenerate:
    def test_staff_of_a_party_generate_the_recurring_tasks_once(
        self, login, staff_b, signed_plan, regulation
    ):
        client = login(staff_b)
        assert (
            "Tạo nhiệm vụ định kỳ từ quy chế" in client.get(signed_plan.get_absolute_url()).content.decode()
        )
        response = client.post(reverse("plans:generate", args=[signed_plan.pk]), follow=True)
        assert "Đã tạo 12 nhiệm vụ định kỳ từ quy chế." in response.content.decode()
        assert signed_plan.tasks.count() == 12
        assert FollowUp.objects.filter(plan_task__plan=signed_plan).count() == 12
        response = client.post(reverse("plans:generate", args=[signed_plan.pk]), follow=True)
        assert (
            "Không có nhiệm vụ định kỳ mới: các nhiệm vụ từ quy chế đã có trong kế hoạch."
            in response.content.decode()
        )
        assert signed_plan.tasks.count() == 12

    def test_without_a_regulation_in_force_it_says_so(self, login, staff_b, signed_plan, province):
        response = login(staff_b).post(reverse("plans:generate", args=[signed_plan.pk]), follow=True)
        assert (
            f"Chưa tạo được nhiệm vụ: {province.unit.name} chưa có quy chế phối hợp có hiệu lực trong năm "
            f"2026."
            in response.content.decode()
        )
        assert not signed_plan.tasks.exists()

    def test_it_uses_the_regulation_the_plan_names(self, signed_plan, province, regulation):
        from regulations.models import Regulation

        newer = Regulation.objects.create(number="05/QCPH", title="Quy chế mới", unit=province.unit,
                                          status=Regulation.Status.IN_FORCE, effective_from=date(2026, 1, 1))
        assert plan_generate_recurring(plan=signed_plan) == 0  # the newer one has no obligations yet
        signed_plan.refresh_from_db()
        assert signed_plan.regulation == newer
        signed_plan.regulation = regulation
        assert plan_generate_recurring(plan=signed_plan) == 12

    def test_others_of_the_unit_get_403_outsiders_404(
        self, login, front_staff, viewer, outsider, signed_plan, regulation
    ):
        url = reverse("plans:generate", args=[signed_plan.pk])
        for user in (front_staff, viewer):  # the Front did not sign this plan
            assert login(user).post(url).status_code == 403
            assert (
                "Tạo nhiệm vụ định kỳ từ quy chế"
                not in login(user).get(signed_plan.get_absolute_url()).content.decode()
            )
        assert login(outsider).post(url).status_code == 404
        assert not signed_plan.tasks.exists()

    def test_anonymous_is_sent_to_login_and_get_is_not_allowed(self, client, login, staff_b, signed_plan):
        assert client.post(reverse("plans:generate", args=[signed_plan.pk])).status_code == 302
        assert login(staff_b).get(reverse("plans:generate", args=[signed_plan.pk])).status_code == 405

    def test_the_admin_action_generates_them_too(self, login, superuser, plan, regulation):
        client = login(superuser)
        changelist = reverse("admin:plans_coordinationplan_changelist")
        data = {"action": "generate_recurring_tasks", "_selected_action": [plan.pk]}
        response = client.post(changelist, data, follow=True)
        assert "Đã sinh 12 nhiệm vụ định kỳ." in response.content.decode()
        response = client.post(changelist, data, follow=True)
        assert "Đã sinh 0 nhiệm vụ định kỳ." in response.content.decode()
        assert plan.tasks.count() == 12


class TestPlanRegulationLink:
    def test_a_regulation_a_plan_implements_cannot_be_deleted(self, plan, regulation):
        from django.db.models import ProtectedError

        plan.regulation = regulation
        plan.save()
        with pytest.raises(ProtectedError):
            regulation.delete()

    def test_event_tasks_are_added_once(self, plan, province, regulation):
        from plans.services import plan_tasks_for_scheduled_events
        from tests.sessions.factories import SessionFactory

        SessionFactory(
            term=province.term,
            council=province.standing.parent,
            planned_open=date(2026, 3, 10),
            actual_open=date(2026, 3, 12),
        )
        assert plan_tasks_for_scheduled_events(plan=plan) == 1
        assert plan_tasks_for_scheduled_events(plan=plan) == 0
        assert plan.tasks.get().due_on == date(
            2026, 2, 13
        )  # 20 days before the actual opening is in Tết: the Friday before it

    def test_an_admin_created_plan_gets_the_event_tasks(self, login, superuser, province, regulation):
        from tests.voters.factories import RoundFactory

        RoundFactory(organiser=province.front, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 10))
        response = login(superuser).post(reverse("admin:plans_coordinationplan_add"), {
            "unit": province.unit.pk, "year": 2026, "title": "Kế hoạch năm 2026", "regulation": regulation.pk,
            "regulation_title": "", "parties": [province.standing.pk, province.front.pk], "signed_on": "",
            "tasks-TOTAL_FORMS": 0, "tasks-INITIAL_FORMS": 0,
        })
        assert response.status_code == 302, response.content.decode()[:2000]
        assert [t.title for t in CoordinationPlan.objects.get().tasks.all()] == [
            "Báo cáo tổng hợp kiến nghị sau đợt TXCT"
        ]
