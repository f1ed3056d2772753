"""Demo data of the Council's work in Hòa Phong: sessions, monthly Standing Committee meetings, two
supervision missions (one re-supervised). Idempotent: every row is looked up by a natural key first,
and rows with follow-ups are created through the services only when missing."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from coordination.demo import DemoContext
from coordination.models import BodyKind, Deputy, FollowUp, Position
from coordination.services import followup_complete, followups_of
from sessions import services
from sessions.models import (
    AgendaItem,
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    SupervisionMission,
)


def _session(ctx, term, number, kind, planned_open, days, place="Hội trường HĐND tỉnh") -> Session:
    session = Session.objects.filter(council=ctx.bodies[BodyKind.COUNCIL], term=term, number=number).first()
    return session or services.session_schedule(
        term=term, council=ctx.bodies[BodyKind.COUNCIL], number=number, kind=kind, planned_open=planned_open,
        planned_close=planned_open + timedelta(days=days), place=place,
    )


def _close(session: Session) -> None:
    if session.status != Session.Status.CLOSED:
        while (status := services.session_next_status(session)) is not None:
            on = session.planned_close if status == Session.Status.CLOSED else session.planned_open
            services.session_set_status(session=session, status=status, on=on)
        # A past session's preparations were done on time.
        for followup in followups_of(session).filter(status=FollowUp.Status.OPEN):
            followup_complete(followup=followup, outcome="Đã thực hiện",
                              completed_at=timezone.make_aware(datetime.combine(followup.due_on, time(9))))


def _meeting(
    ctx, title, day, *, kind=StandingMeeting.Kind.MONTHLY, for_session=None, items=(), conclusions=""
):
    held = day <= ctx.today  # a meeting later this month is scheduled, not yet held
    meeting, created = StandingMeeting.objects.get_or_create(
        standing=ctx.bodies[BodyKind.COUNCIL_STANDING],
        title=title,
        defaults={
            "kind": kind,
            "planned_on": day,
            "held_on": day if held else None,
            "for_session": for_session,
            "place": "Phòng họp Thường trực HĐND tỉnh",
            "conclusions": conclusions if held else "",
        },
    )
    if created:
        meeting.attending_bodies.set(
            [
                ctx.bodies[k]
                for k in (
                    BodyKind.COUNCIL_STANDING,
                    BodyKind.PEOPLES_COMMITTEE,
                    BodyKind.FRONT_BOARD,
                    BodyKind.NA_DELEGATION,
                )
            ]
        )
        for order, (item_title, to_session) in enumerate(items, start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, title=item_title, to_session=to_session,
                                      presenting_body=ctx.bodies[BodyKind.PEOPLES_COMMITTEE])
        services.meeting_track(meeting=meeting)
    return meeting


def _previous_term(ctx: DemoContext) -> None:
    """May 2022 (DOMAIN.md §3): 10 items considered, 4 of them to go before the mid-year session."""
    mid_year = _session(ctx, ctx.previous_term, 7, Session.Kind.REGULAR, date(2022, 7, 12), 3)
    _close(mid_year)
    titles = [
        ("Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2022", True),
        ("Dự thảo nghị quyết điều chỉnh kế hoạch đầu tư công trung hạn", True),
        ("Dự thảo nghị quyết quy định mức chi hỗ trợ cán bộ làm công tác tiếp công dân", True),
        ("Báo cáo kết quả giải quyết kiến nghị cử tri trước kỳ họp", True),
        ("Kết quả giám sát chuyên đề về xây dựng nông thôn mới", False),
        ("Chương trình giám sát 6 tháng cuối năm 2022", False),
        ("Kết quả tiếp công dân, xử lý đơn thư tháng 4/2022", False),
        ("Chuẩn bị hội nghị liên tịch kỳ họp giữa năm", False),
        ("Phân công dự họp tiếp xúc cử tri", False),
        ("Các vấn đề phát sinh giữa hai kỳ họp", False),
    ]
    _meeting(
        ctx,
        "Phiên họp thường kỳ tháng 5/2022",
        date(2022, 5, 16),
        items=[(t, mid_year if to_session else None) for t, to_session in titles],
        conclusions="Thống nhất 4 nội dung trình kỳ họp giữa năm 2022; giao các Ban thẩm tra theo lĩnh vực.",
    )
    Resolution.objects.get_or_create(
        council=ctx.bodies[BodyKind.COUNCIL],
        number="10/2016/NQ-HĐND",
        defaults={
            "title": "Quy định mức chi bảo đảm cho công tác tiếp công dân, xử lý đơn thư trên địa bàn tỉnh",
            "adopted_on": date(2016, 7, 14),
            "effective_on": date(2016, 8, 1),
            "field": "Tiếp công dân",
        },
    )


def _closed_session(ctx: DemoContext) -> Session:
    session = _session(ctx, ctx.term, 2, Session.Kind.REGULAR, date(2026, 7, 8), 2)
    _close(session)
    council = ctx.bodies[BodyKind.COUNCIL]
    for order, (title, kind) in enumerate([
        ("Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2026", AgendaItem.Kind.REPORT),
        ("Dự thảo nghị quyết quy định mức chi cho công tác tiếp công dân", AgendaItem.Kind.DRAFT_RESOLUTION),
        ("Chất vấn và trả lời chất vấn", AgendaItem.Kind.QUESTIONING),
        ("Lấy phiếu tín nhiệm giữa nhiệm kỳ (minh họa)", AgendaItem.Kind.CONFIDENCE),
    ], start=1):
        AgendaItem.objects.get_or_create(
            session=session, order=order, defaults={"title": title, "kind": kind}
        )
    if not Resolution.objects.filter(council=council, session=session).exists():
        services.resolution_record(
            session=session,
            number="25/NQ-HĐND",
            adopted_on=date(2026, 7, 10),
            title="Về kế hoạch tổ chức các kỳ họp thường lệ năm 2027",
            field="Tổ chức kỳ họp",
        )
        services.resolution_record(
            session=session,
            number="12/2026/NQ-HĐND",
            adopted_on=date(2026, 7, 10),
            effective_on=date(2026, 8, 1),
            title="Quy định mức chi bảo đảm cho công tác tiếp công dân, xử lý đơn thư trên địa bàn tỉnh",
            field="Tiếp công dân",
            replaces=[Resolution.objects.get(council=council, number="10/2016/NQ-HĐND")],
        )
    if not Question.objects.filter(session=session).exists():
        deputy = Deputy.objects.get(person=ctx.people["Cao Thị Ngọc"], term=ctx.term)
        question = services.question_ask(
            session=session,
            deputy=deputy,
            questioned_body=ctx.agencies["nong_nghiep"],
            questioned_person=ctx.people["Lý Văn Sơn"],
            received_on=date(2026, 7, 9),
            answer_mode=Question.AnswerMode.IN_SESSION,
            text="Tiến độ cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân xã Phong Lạc còn chậm, nguyên "
                 "nhân và giải pháp?",
        )
        services.question_answer(
            question=question, answered_on=date(2026, 7, 9), deputy_satisfied=False,
            answer="Sở đã rà soát 1.240 hồ sơ tồn đọng; phấn đấu hoàn thành cấp giấy trong năm 2026.",
        )
        services.commitment_add(
            question=question, text="Hoàn thành cấp giấy chứng nhận cho 1.240 hồ sơ tồn đọng tại xã Phong Lạc"
        )
    counts = [
        ("Nguyễn Văn Thành", 38, 8, 2),
        ("Lê Quang Minh", 35, 10, 3),
        ("Phạm Thu Hà", 30, 14, 4),
        ("Vũ Thị Lan", 33, 12, 3),
    ]
    for full_name, high, confidence, low in counts:
        position = Position.objects.filter(person=ctx.people[full_name], elected_by_council=True).first()
        if not ConfidenceRating.objects.filter(session=session, position=position).exists():
            services.rating_record(
                session=session,
                position=position,
                kind=ConfidenceRating.Kind.RATING,
                total_members=50,
                ballots_issued=48,
                valid_ballots=48,
                high=high,
                confidence=confidence,
                low=low,
            )
    return session


def _planned_session(ctx: DemoContext) -> Session:
    """The year-end session opens in 18 days: submissions are due already, one came in late, one is
    missing."""
    session = _session(ctx, ctx.term, 3, Session.Kind.REGULAR, ctx.today + timedelta(days=18), 3)
    if not session.submissions.exists():
        committee = ctx.bodies[BodyKind.PEOPLES_COMMITTEE]
        rows = [
            ("Tờ trình dự toán ngân sách nhà nước năm 2027", ctx.committees["kinh_te"], -4),
            (
                "Tờ trình quy định phí bảo vệ môi trường đối với khai thác khoáng sản",
                ctx.committees["kinh_te"],
                2,
            ),
            ("Tờ trình kế hoạch phát triển giáo dục nghề nghiệp 2027", ctx.committees["van_hoa"], None),
        ]
        for number, (title, reviewer, offset) in enumerate(rows, start=279):
            submission = services.submission_create(
                session=session,
                title=title,
                presenting_body=committee,
                reviewing_committee=reviewer,
                number=f"{number}/TTr-UBND",
            )
            if offset is not None:
                services.submission_record(
                    submission=submission, submitted_on=submission.due_on + timedelta(days=offset)
                )
    _meeting(
        ctx,
        f"Hội nghị liên tịch chuẩn bị kỳ họp thứ {session.number}",
        session.planned_open - timedelta(days=30),
        kind=StandingMeeting.Kind.JOINT,
        for_session=session,
        items=[
            ("Thống nhất nội dung, chương trình kỳ họp", session),
            ("Phân công chuẩn bị báo cáo thẩm tra", None),
        ],
    )
    return session


def _monthly_meetings(ctx: DemoContext, next_session: Session) -> None:
    month = date(2026, 5, 1)
    while month <= ctx.today:
        _meeting(ctx, f"Phiên họp thường kỳ tháng {month.month}/{month.year}", month.replace(day=12),
                 items=[("Kết quả giải quyết kiến nghị cử tri trong tháng", None),
                        ("Chuẩn bị nội dung trình kỳ họp", next_session)],
                 conclusions="Giao Văn phòng tổng hợp, theo dõi việc thực hiện.")
        month = (month + timedelta(days=32)).replace(day=1)


def _missions(ctx: DemoContext) -> None:
    agency = ctx.agencies["nong_nghiep"]
    first = SupervisionMission.objects.filter(decision_number="45/QĐ-TTHĐND").first()
    if first is None:
        first = services.mission_create(
            kind=SupervisionMission.Kind.SUPERVISION,
            lead_body=ctx.bodies[BodyKind.COUNCIL_STANDING],
            decision_number="45/QĐ-TTHĐND",
            decision_date=date(2026, 5, 4),
            subject="Việc giải quyết đơn thư khiếu nại về đất đai trên địa bàn tỉnh",
            supervised_bodies=[agency, ctx.bodies[BodyKind.PEOPLES_COMMITTEE]],
            visit_start=date(2026, 6, 1),
            visit_end=date(2026, 6, 5),
            joint_bodies=[ctx.committees["phap_che"], ctx.bodies[BodyKind.FRONT_BOARD]],
            team_members=[ctx.users["thuongtruc"], ctx.users["banphapche"]],
        )
        services.mission_record_step(mission=first, step="notify", on=date(2026, 5, 12))
        services.mission_record_step(mission=first, step="programme", on=date(2026, 5, 20))
        services.mission_record_step(
            mission=first, step="report", on=date(2026, 6, 18),
            findings="Còn 37 vụ việc quá hạn giải quyết; hồ sơ lưu trữ chưa đầy đủ.",
            conclusions="Đề nghị UBND tỉnh chỉ đạo giải quyết dứt điểm các vụ việc quá hạn.",
        )
        done = services.recommendation_add(mission=first, addressee=agency, due_on=date(2026, 8, 30),
                                           content="Giải quyết dứt điểm 37 vụ việc khiếu nại quá hạn")
        not_done = services.recommendation_add(mission=first, addressee=agency, due_on=date(2026, 9, 30),
                                               content="Số hóa hồ sơ giải quyết khiếu nại về đất đai")
        services.recommendation_add(
            mission=first,
            addressee=ctx.bodies[BodyKind.PEOPLES_COMMITTEE],
            due_on=date(2026, 12, 31),
            content="Ban hành quy trình phối hợp liên ngành giải quyết khiếu nại đất đai",
        )
        services.recommendation_answer(recommendation=done, answer="Đã giải quyết 37/37 vụ việc.",
                                       answered_on=date(2026, 8, 25), by=ctx.users["songanh"])
        services.recommendation_verify(
            recommendation=done, done=True, note="Đã kiểm tra hồ sơ.", by=ctx.users["banphapche"]
        )
        services.recommendation_answer(recommendation=not_done, answer="Đang triển khai, đạt 40%.",
                                       answered_on=date(2026, 10, 5), by=ctx.users["songanh"])
        services.recommendation_verify(
            recommendation=not_done, done=False, note="Chưa hoàn thành.", by=ctx.users["banphapche"]
        )
    if not SupervisionMission.objects.filter(decision_number="78/QĐ-TTHĐND").exists():
        services.mission_create(
            kind=SupervisionMission.Kind.RESUPERVISION,
            lead_body=ctx.committees["phap_che"],
            decision_number="78/QĐ-TTHĐND",
            decision_date=ctx.today - timedelta(days=5),
            subject="Tái giám sát việc thực hiện kiến nghị về giải quyết khiếu nại đất đai",
            supervised_bodies=[agency],
            visit_start=ctx.today + timedelta(days=20),
            visit_end=ctx.today + timedelta(days=22),
            team_members=[ctx.users["banphapche"]],
            rechecks=first.recommendations.filter(status=Recommendation.Status.NOT_DONE),
        )


def build(ctx: DemoContext) -> None:
    # Seeded by migrations too, but a flushed test database (transactional tests) has lost them.
    services.rating_thresholds_ensure()
    _previous_term(ctx)
    upcoming = _planned_session(ctx)
    _closed_session(ctx)
    _monthly_meetings(ctx, upcoming)
    _missions(ctx)
