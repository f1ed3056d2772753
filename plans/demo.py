"""Demo: the 2026 coordination plan of Hòa Phong with tasks in every state, reminder history, a review
conference and a weekly digest written to var/mail/. Runs last in load_demo; idempotent (origin keys,
outbox keys)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from coordination import services
from coordination.demo import DemoContext
from coordination.models import BodyKind, CoordinationArea, FollowUp, NotificationPreference, Person, Role
from plans import services as plans
from plans.models import CoordinationPlan, ReviewConference

# (offset in days from today, title, lead body key, responsible username, expected result, state, area code)
DEMO_TASKS = [
    (
        -60,
        "Tổng hợp kết quả giải quyết kiến nghị cử tri gửi Thường trực HĐND",
        BodyKind.PEOPLES_COMMITTEE,
        "ubnd",
        "Báo cáo tổng hợp đầy đủ các kiến nghị đã và đang giải quyết",
        "done_on_time",
        "voter_contact",
    ),
    (
        -45,
        "Gửi báo cáo kết quả giám sát chuyên đề đất đai",
        BodyKind.COUNCIL_STANDING,
        "thuongtruc",
        "Báo cáo kết quả giám sát gửi UBND tỉnh và các sở",
        "done_late",
        "supervision",
    ),
    (
        -20,
        "Báo cáo tiến độ giải quyết kiến nghị sau giám sát về môi trường",
        BodyKind.PEOPLES_COMMITTEE,
        "ubnd",
        "Báo cáo có lộ trình, thời hạn cho từng kiến nghị",
        "open",
        "post_supervision",
    ),
    (
        -9,
        "Tổng hợp ý kiến, kiến nghị cử tri sau đợt tiếp xúc cuối năm",
        BodyKind.FRONT_BOARD,
        "mattran",
        "Báo cáo tổng hợp, phân loại theo thẩm quyền",
        "open",
        "voter_contact",
    ),
    (
        0,
        "Gửi dự thảo chương trình kỳ họp cuối năm để thống nhất tại hội nghị liên tịch",
        BodyKind.COUNCIL_STANDING,
        "thuongtruc",
        "Dự thảo chương trình kỳ họp",
        "open",
        "council_sessions",
    ),
    (
        1,
        "Gửi tờ trình, dự thảo nghị quyết trình kỳ họp cuối năm",
        BodyKind.PEOPLES_COMMITTEE,
        "ubnd",
        "Hồ sơ tờ trình đầy đủ gửi các Ban thẩm tra",
        "open",
        "council_sessions",
    ),
    (
        5,
        "Lịch tiếp công dân định kỳ của đại biểu Quốc hội tháng tới",
        BodyKind.NA_DELEGATION,
        "doanqh",
        "Thông báo lịch tiếp công dân",
        "open",
        "citizen_reception",
    ),
    (
        25,
        "Phản biện xã hội dự thảo nghị quyết về chính sách hỗ trợ người có công",
        BodyKind.FRONT_BOARD,
        "mattran",
        "Văn bản phản biện xã hội gửi Thường trực HĐND",
        "open",
        "social_criticism",
    ),
    (
        -30,
        "Khảo sát trường học vùng sâu (hủy do trùng lịch kỳ họp)",
        BodyKind.COUNCIL_STANDING,
        "thuongtruc",
        "Biên bản khảo sát",
        "cancelled",
        "supervision",
    ),
]


def build(ctx: DemoContext) -> None:
    today = ctx.today
    year = today.year
    b = ctx.bodies
    plan, _ = CoordinationPlan.objects.get_or_create(
        unit=ctx.province,
        year=year,
        defaults={
            "title": f"Kế hoạch phối hợp công tác năm {year} giữa Đoàn ĐBQH, Thường trực HĐND, UBND và Ban "
                     f"Thường trực UBMTTQ Việt Nam tỉnh Hòa Phong",
            "signed_on": date(year, 1, 15),
        },
    )
    plan.parties.add(
        *[
            b[k]
            for k in (
                BodyKind.NA_DELEGATION,
                BodyKind.COUNCIL_STANDING,
                BodyKind.PEOPLES_COMMITTEE,
                BodyKind.FRONT_BOARD,
            )
        ]
    )
    plans.plan_generate_recurring(plan=plan)
    # The demo's sessions, rounds and supervisions were scheduled before the plan (it is built last).
    plans.plan_tasks_for_scheduled_events(plan=plan)
    _name_the_people(ctx, plan)
    # The recurring tasks of past months were carried out, most on time, every third a few days late.
    for n, task in enumerate(
        plan.tasks.filter(
            origin_key__startswith="obligation:",
            due_on__lt=today - timedelta(days=30),
            followup__status=FollowUp.Status.OPEN,
        ).select_related("followup")
    ):
        plans.plan_task_complete(task=task, outcome="Đã thực hiện theo kế hoạch.")
        late = 4 if n % 3 == 2 else -1
        FollowUp.objects.filter(pk=task.followup_id).update(
            completed_at=timezone.make_aware(datetime.combine(task.due_on + timedelta(days=late), time(16))))
    areas = {a.code: a for a in CoordinationArea.objects.all()}
    for n, (offset, title, body_key, username, expected, state, area_code) in enumerate(DEMO_TASKS):
        due = today + timedelta(days=offset)
        task = plans.plan_task_create(
            plan=plan, title=title, lead_body=b[body_key], due_on=due, responsible=ctx.people[username],
            expected_result=expected, accountability=f"Người đứng đầu {b[body_key]} chịu trách nhiệm",
            area=areas.get(area_code), source="Kế hoạch phối hợp năm", origin_key=f"demo:{n}",
        )
        followup = task.followup
        if followup.status != FollowUp.Status.OPEN:
            continue
        if state == "done_on_time":
            plans.plan_task_complete(task=task, outcome="Đã gửi Báo cáo số 112/BC-UBND đúng hạn.")
            FollowUp.objects.filter(pk=followup.pk).update(
                completed_at=timezone.make_aware(datetime.combine(due - timedelta(days=2), time(9)))
            )
        elif state == "done_late":
            plans.plan_task_complete(task=task, outcome="Đã gửi báo cáo, chậm 3 ngày do chờ số liệu của sở.")
            FollowUp.objects.filter(pk=followup.pk).update(
                completed_at=timezone.make_aware(datetime.combine(due + timedelta(days=3), time(15)))
            )
        elif state == "cancelled":
            services.followup_cancel(followup=followup, reason="Hủy do trùng lịch kỳ họp.")
    if not ReviewConference.objects.filter(plan=plan, kind=ReviewConference.Kind.INTERIM).exists():
        plans.review_conference_record(  # recorded once held: early in the year, the review held so far
            plan=plan,
            kind=ReviewConference.Kind.INTERIM,
            held_on=min(date(year, 7, 10), today),
            title=f"Hội nghị sơ kết 6 tháng đầu năm {year} thực hiện Quy chế phối hợp",
            period_start=date(year, 1, 1),
            conclusions="Các cơ quan phối hợp chặt chẽ; còn tình trạng gửi tờ trình chậm. Giao UBND tỉnh chỉ "
                        "đạo các sở gửi hồ sơ đúng hạn.",
        )
    _name_the_people(ctx, plan)  # the follow-ups of the other apps, opened without a person
    # Reminder history and a digest: the sweeps are idempotent, so a second load_demo adds nothing.
    services.reminders_sweep(today=today)
    NotificationPreference.objects.get_or_create(
        user=ctx.users["thuongtruc"], defaults={"digest_frequency": NotificationPreference.Frequency.WEEKLY}
    )
    services.digests_send(frequency=NotificationPreference.Frequency.WEEKLY)


def _officer_of(body, cache: dict) -> Person | None:
    """The person who follows the body's work: an officer with an account there, else the holder of one of
    its positions (its head first)."""
    if body.pk not in cache:
        cache[body.pk] = (
            Person.objects.filter(user__memberships__body=body, user__memberships__role=Role.STAFF)
            .order_by("pk").first()
            or Person.objects.filter(positions__body=body).order_by("-positions__is_head", "pk").first()
        )
    return cache[body.pk]


def _name_the_people(ctx: DemoContext, plan) -> None:
    """Every task and follow-up of the demo names its responsible person ("Rõ người"): the tasks the plan
    generated from the regulation's obligations and the follow-ups the other apps opened without one are
    given, as the Standing Committee's secretariat would, to an officer of their lead body."""
    by, cache = ctx.users["thuongtruc"], {}
    reason = "Phân công cán bộ theo dõi"
    for task in plan.tasks.filter(responsible__isnull=True).select_related("lead_body", "plan"):
        if person := _officer_of(task.lead_body, cache):
            plans.plan_task_reassign(task=task, to_person=person, reason=reason, by=by)
    for followup in FollowUp.objects.filter(responsible__isnull=True).select_related("lead_body"):
        if person := _officer_of(followup.lead_body, cache):
            services.followup_reassign(
                followup=followup, lead_body=followup.lead_body, responsible=person, reason=reason, by=by
            )
