"""Demo data for voters: two voter-contact rounds at dozens of points (Hồng Lĩnh-like figures),
petitions in every status (merged and recurring included), reception days and letters of each
kind, with a denunciation whose denouncer only the demo handler ``tiepdan`` may see.

Idempotent: each part is built once, keyed on a natural key (round title, reception day, letter number).
"""

from datetime import timedelta

from coordination.demo import DemoContext, demo_user
from coordination.models import BodyKind, Deputy, Role
from sessions.models import Session
from voters import services
from voters.models import (
    Competence,
    Letter,
    LetterKind,
    Opinion,
    Petition,
    PetitionField,
    ReceptionDay,
    ResultCategory,
    VoterContactRound,
)
from voters.reference import petition_fields_ensure

PLACES = ["Nhà văn hóa thôn", "Hội trường UBND", "Nhà văn hóa tổ dân phố", "Trường tiểu học"]
THEMES = [
    (
        "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân tái định cư",
        "dat_dai",
        "nong_nghiep",
    ),
    ("Đề nghị sửa chữa tuyến đường liên xã bị xuống cấp nghiêm trọng", "giao_thong", "xay_dung"),
    ("Đề nghị xử lý ô nhiễm môi trường tại cụm công nghiệp", "moi_truong", "nong_nghiep"),
    ("Đề nghị tăng mức hỗ trợ cho người cao tuổi và hộ nghèo", "chinh_sach_xa_hoi", "tai_chinh"),
    ("Đề nghị bổ sung bác sĩ cho trạm y tế xã", "y_te", "y_te"),
    ("Đề nghị xây thêm phòng học cho trường mầm non", "giao_duc", "giao_duc"),
    ("Đề nghị Quốc hội sửa đổi chính sách bảo hiểm xã hội một lần", "chinh_sach_xa_hoi", None),
]
VARIANTS = ["{}", "Cử tri {}", "{} trong năm nay", "Tiếp tục {}"]


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _build_round(ctx: DemoContext, *, title: str, start, session_number: int, na_session: int | None,
                 timing: str, meetings: int, themes: list, deputies) -> VoterContactRound:
    front, standing = ctx.bodies[BodyKind.FRONT_BOARD], ctx.bodies[BodyKind.COUNCIL_STANDING]
    round_ = services.round_create(
        organiser=front,
        cooperating=standing,
        title=title,
        timing=timing,
        kind=VoterContactRound.Kind.GENERAL,
        starts_on=start,
        ends_on=start + timedelta(days=9),
        na_session_number=na_session,
        # The sessions step (run before this one) scheduled the term's sessions 2 and 3.
        council_session=Session.objects.filter(
            council=ctx.bodies[BodyKind.COUNCIL], term=ctx.term, number=session_number
        ).first(),
    )
    places = [ctx.commune, ctx.province]
    for i in range(meetings):
        meeting = services.meeting_create(
            round_=round_,
            held_on=start + timedelta(days=i % 10),
            place_unit=places[i % 2],
            address=f"{PLACES[i % len(PLACES)]} số {i + 1}, {places[i % 2].name}",
            voters_attending=80 + (i * 37) % 90,
            deputies=deputies[i % 2 : i % 2 + 2],
            officials_answering="Lãnh đạo UBND xã trả lời trực tiếp các ý kiến thuộc thẩm quyền"
            if i % 3 == 0
            else "",
        )
        # Each theme is raised at several meetings, in slightly different words.
        for t, (text, _field, _agency) in enumerate(themes):
            if i == 0:  # the first meeting raises every theme, in the words that found the petitions
                services.opinion_record(meeting=meeting, content=text, raised_by="Cử tri thôn 1")
            elif (i + t) % 3 == 0:
                wording = VARIANTS[(i + t) % len(VARIANTS)].format(
                    _lower_first(text) if (i + t) % len(VARIANTS) else text
                )
                services.opinion_record(
                    meeting=meeting, content=wording, raised_by=f"Cử tri thôn {i % 7 + 1}"
                )
    return round_


def _compile(round_: VoterContactRound, by) -> dict[str, object]:
    """One petition per theme: the first opinion founds it, the rest are merged by accepting proposals."""
    petitions = {}
    for opinion in round_.meetings.all().order_by("held_on", "id").first().opinions.all():
        petitions[opinion.content] = services.petition_create_from_opinion(opinion=opinion)
    services.proposals_refresh(round_=round_)
    for proposal in (p for o in Opinion.objects.filter(meeting__round=round_, petition__isnull=True)
                     for p in o.proposals.filter(petition__isnull=False).order_by("-score")[:1]):
        services.proposal_decide(proposal=proposal, accept=True, by=by)
    return petitions


def build(ctx: DemoContext) -> None:
    standing = ctx.bodies[BodyKind.COUNCIL_STANDING]
    demo_user(
        ctx,
        "tiepdan",
        "Hà Văn Tiến",
        body=standing,
        role=Role.STAFF,
        title="Chuyên viên tiếp công dân, xử lý đơn thư",
        description="Cán bộ xử lý đơn thư (xem được danh tính người tố cáo được giao)",
    )
    today = ctx.today
    deputies = list(Deputy.objects.filter(unit=ctx.province).order_by("id"))
    petition_fields_ensure()
    fields = {f.code: f for f in PetitionField.objects.all()}
    mattran = ctx.users["mattran"]

    first_title = "Tiếp xúc cử tri sau Kỳ họp thứ hai HĐND tỉnh khóa XI"
    if not VoterContactRound.objects.filter(title=first_title).exists():
        round_ = _build_round(
            ctx,
            title=first_title,
            start=today - timedelta(days=150),
            timing=VoterContactRound.Timing.AFTER,
            session_number=2,
            na_session=None,
            meetings=24,
            themes=THEMES,
            deputies=deputies,
        )
        petitions = list(_compile(round_, mattran).values())
        services.round_mark_compiled(round_=round_)
        received = today - timedelta(days=130)
        for p, (_text, field, agency) in zip(petitions, THEMES, strict=False):
            body = ctx.agencies[agency] if agency else ctx.bodies[BodyKind.NA_DELEGATION]
            competence = Competence.PROVINCE if agency else Competence.CENTRAL
            services.petition_route(
                petition=p, field=fields[field], competence=competence, agency=body, received_on=received
            )
        answered = today - timedelta(days=100)
        services.petition_answer(
            petition=petitions[0],
            category=ResultCategory.RESOLVED,
            answered_on=answered,
            answer_text="Đã cấp 214 giấy chứng nhận cho các hộ tái định cư.",
            answer_document="512/STNMT-QLĐĐ",
        )
        services.petition_verify(petition=petitions[0], satisfactory=True, note="Đã kiểm tra tại địa phương.")
        services.petition_answer(
            petition=petitions[1],
            category=ResultCategory.IN_PROGRESS,
            answered_on=answered,
            answer_text="Đã đưa vào kế hoạch đầu tư công trung hạn.",
            roadmap="Khởi công quý III",
            new_deadline=today + timedelta(days=90),
            answer_document="77/SXD-HT",
        )
        services.petition_verify(petition=petitions[1], satisfactory=True, note="Theo dõi tiến độ.")
        services.petition_answer(
            petition=petitions[2],
            category=ResultCategory.EXPLAINED,
            answered_on=answered,
            answer_text="Cụm công nghiệp đã được kiểm tra, đạt quy chuẩn.",
            answer_document="90/STNMT-MT",
        )
        services.petition_verify(
            petition=petitions[2],
            satisfactory=False,
            note="Cử tri vẫn phản ánh ô nhiễm; đề nghị kiểm tra lại.",
        )
        services.petition_answer(
            petition=petitions[3],
            category=ResultCategory.EXPLAINED,
            answered_on=today - timedelta(days=40),
            answer_text="Mức hỗ trợ theo Nghị quyết của HĐND tỉnh.",
            answer_document="15/STC-NS",
        )
        # petitions[4..] stay forwarded: [4] and [5] are overdue in the agencies' inboxes.
    # The Standing Committee reported this round's results back to voters: its petitions and answers are on
    # the public pages (/cong-khai/); the second round is not published yet.
    first = VoterContactRound.objects.filter(title=first_title).first()
    if first is not None and not first.is_published:
        services.round_results_publish(round_=first, by=ctx.users["thuongtruc"])

    second_title = "Tiếp xúc cử tri trước Kỳ họp thứ ba HĐND tỉnh khóa XI"
    if not VoterContactRound.objects.filter(title=second_title).exists():
        round_ = _build_round(
            ctx,
            title=second_title,
            start=today - timedelta(days=30),
            timing=VoterContactRound.Timing.BEFORE,
            session_number=3,
            na_session=11,
            meetings=22,
            themes=THEMES[:4],
            deputies=deputies,
        )
        petitions = list(_compile(round_, mattran).values())
        # A duplicate petition typed twice, then merged: its source meetings move to the kept one.
        duplicate = services.petition_create_from_opinion(
            opinion=services.opinion_record(
                meeting=round_.meetings.order_by("-id").first(),
                content="Cử tri tiếp tục đề nghị sửa chữa đường liên xã đã xuống cấp",
            )
        )
        services.petition_merge(source=duplicate, target=petitions[1])
        services.petition_route(
            petition=petitions[0],
            field=fields["dat_dai"],
            competence=Competence.PROVINCE,
            agency=ctx.agencies["nong_nghiep"],
            received_on=today - timedelta(days=10),
        )
        previous = Petition.objects.get(round__title=first_title, number=3)
        services.petition_link_recurring(petition=petitions[2], previous=previous)
        # One more opinion waits in the compile screen with a duplicate proposal to accept or reject.
        services.opinion_record(
            meeting=round_.meetings.order_by("id").first(),
            content="Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho hộ dân tái định cư thôn 5",
        )
        services.proposals_refresh(round_=round_)

    _reception(ctx, today)
    _letters(ctx, today)


def _reception(ctx: DemoContext, today) -> None:
    committee = ctx.bodies[BodyKind.PEOPLES_COMMITTEE]
    standing = ctx.bodies[BodyKind.COUNCIL_STANDING]
    for months_ago in (3, 2, 1, 0, -1):
        day = today.replace(day=15) - timedelta(days=30 * months_ago)
        reception, created = ReceptionDay.objects.get_or_create(
            host_body=committee, day=day, kind=ReceptionDay.Kind.REGULAR,
            defaults={"receiver": "Chủ tịch UBND tỉnh", "place": "Trụ sở Tiếp công dân tỉnh Hòa Phong"},
        )
        if created and day <= today:
            visit = services.reception_visit_log(
                reception=reception,
                citizens="Nhóm hộ dân thôn Đông",
                citizen_count=4,
                content="Khiếu nại về giá bồi thường giải phóng mặt bằng",
                outcome="Giao Sở NN&MT kiểm tra, trả lời",
            )
            if months_ago >= 2:
                services.reception_visit_reply(
                    visit=visit, reply="accepted", replied_on=day + timedelta(days=7)
                )
    joint_day = today - timedelta(days=20)
    reception, created = ReceptionDay.objects.get_or_create(
        host_body=standing,
        day=joint_day,
        kind=ReceptionDay.Kind.JOINT,
        defaults={
            "receiver": "Thường trực HĐND, Đoàn ĐBQH, UBND và UBMTTQ tỉnh",
            "place": "Trụ sở Tiếp công dân tỉnh",
        },
    )
    if created:
        services.reception_visit_log(
            reception=reception,
            citizens="Bà Lê Thị Hoa",
            citizen_count=1,
            content="Kiến nghị về chế độ người có công",
            outcome="Hướng dẫn gửi hồ sơ",
        )


def _letters(ctx: DemoContext, today) -> None:
    standing = ctx.bodies[BodyKind.COUNCIL_STANDING]
    tiepdan, lanhdao = ctx.users["tiepdan"], ctx.users["lanhdao"]
    specs = [
        ("01/ĐT", LetterKind.COMPLAINT, 40, "Khiếu nại quyết định thu hồi đất của UBND xã Phong Lạc", None),
        (
            "02/ĐT",
            LetterKind.DENUNCIATION,
            12,
            "Tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất",
            {"full_name": "Phạm Văn Tố", "address": "Thôn 4, xã Phong Lạc", "contact": "0912 000 111"},
        ),
        (
            "03/ĐT",
            LetterKind.RECOMMENDATION,
            8,
            "Kiến nghị lắp đèn chiếu sáng đoạn đường qua trường học",
            None,
        ),
        ("04/ĐT", LetterKind.REPORT, 25, "Phản ánh tình trạng khai thác cát trái phép trên sông", None),
    ]
    for number, kind, days_ago, content, identity in specs:
        if Letter.objects.filter(handling_body=standing, number=number).exists():
            continue
        letter = services.letter_register(
            handling_body=standing, number=number, received_on=today - timedelta(days=days_ago),
            channel=Letter.Channel.POST, kind=kind, content=content, identity=identity,
            classification="Thuộc thẩm quyền" if kind != LetterKind.REPORT else "",
        )
        if kind == LetterKind.COMPLAINT:
            services.letter_accept(letter=letter, on=today - timedelta(days=35))
        elif kind == LetterKind.DENUNCIATION:
            services.letter_assign_handler(letter=letter, handler=tiepdan, by=lanhdao)
        elif kind == LetterKind.REPORT:
            services.letter_forward(
                letter=letter, to_body=ctx.agencies["nong_nghiep"], on=today - timedelta(days=22)
            )
