"""What a person sees: lists with filters, search, Excel, print and constant query counts; forms that
explain bad input in Vietnamese and save nothing; the session page with its late badges."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coordination.models import FollowUp
from coordination.services import followups_of
from sessions import services
from sessions.models import ConfidenceRating, Recommendation, Resolution, Session, StandingMeeting, Submission
from tests.exports import export_xlsx
from tests.factories import DeputyFactory, PositionFactory
from tests.files import docx_bytes
from tests.sessions.factories import (
    MeetingFactory,
    MissionFactory,
    RecommendationFactory,
    ResolutionFactory,
    SessionFactory,
    SubmissionFactory,
)


def _rows(kind, province, council, n):
    """n rows of one list's model in the province."""
    for _ in range(n):
        if kind == "session_list":
            SessionFactory(term=province.term, council=council, number=Session.objects.count() + 100)
        elif kind == "submission_list":
            session = Session.objects.first() or SessionFactory(
                term=province.term, council=council, number=99
            )
            SubmissionFactory(session=session, presenting_body=province.committee)
        elif kind == "resolution_list":
            ResolutionFactory(council=council)
        elif kind == "question_list":
            session = Session.objects.first() or SessionFactory(
                term=province.term, council=council, number=99
            )
            services.question_ask(
                session=session,
                deputy=DeputyFactory(term=province.term, unit=province.unit),
                questioned_body=province.agency,
                text="Vì sao chậm giải phóng mặt bằng?",
                received_on=date(2026, 9, 1),
                answer_mode="written",
            )
        elif kind == "meeting_list":
            MeetingFactory(standing=province.standing)
        elif kind == "rating_list":  # ratings are recorded at a session that has met
            session = Session.objects.first() or SessionFactory(
                term=province.term,
                council=council,
                number=99,
                planned_open=timezone.localdate() - timedelta(days=3),
            )
            services.rating_record(
                session=session,
                position=PositionFactory(body=province.committee, elected_by_council=True),
                kind="rating",
                total_members=50,
                ballots_issued=50,
                valid_ballots=50,
                high=20,
                confidence=20,
                low=10,
            )
        else:  # missions and their recommendations
            mission = MissionFactory(lead_body=province.standing)
            RecommendationFactory(mission=mission, addressee=province.agency)


LISTS = [
    "session_list",
    "submission_list",
    "resolution_list",
    "meeting_list",
    "mission_list",
    "recommendation_list",
    "question_list",
    "rating_list",
]


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_queries_at_1_and_50_rows(
    name, login, staff_a, province, council, django_assert_max_num_queries
):
    client = login(staff_a)
    url = reverse(f"council_sessions:{name}")
    _rows(name, province, council, 1)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    _rows(name, province, council, 49)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert "Trang" in response.content.decode() or "page=2" in response.content.decode()  # 50 rows paginate


@pytest.mark.parametrize("name", LISTS)
def test_a_list_exports_to_excel_and_prints(name, login, staff_a, province, council):
    _rows(name, province, council, 3)
    client = login(staff_a)
    url = reverse(f"council_sessions:{name}")
    response = export_xlsx(client, url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(
        BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    assert sheet.max_row >= 4  # header (and title) plus three rows
    printed = client.get(url, {"format": "print"})
    assert printed.status_code == 200 and "<table" in printed.content.decode()


def test_the_session_list_searches_without_diacritics_and_filters(login, staff_a, province, council):
    SessionFactory(
        term=province.term, council=council, number=8, place="Hội trường Đông Khê", kind=Session.Kind.THEMATIC
    )
    SessionFactory(term=province.term, council=council, number=9, place="Nhà văn hóa tỉnh")
    client = login(staff_a)
    url = reverse("council_sessions:session_list")
    found = client.get(url, {"q": "dong khe"}).content.decode()
    assert "Hội trường Đông Khê" in found and "Nhà văn hóa tỉnh" not in found
    filtered = client.get(url, {"kind": "thematic"}).content.decode()
    assert "Hội trường Đông Khê" in filtered and "Nhà văn hóa tỉnh" not in filtered


def test_the_submissions_list_filters_late_ones(login, staff_a, session, province):
    late = services.submission_create(
        session=session, title="Tờ trình trễ", presenting_body=province.committee
    )
    services.submission_record(submission=late, submitted_on=late.due_on + timedelta(days=2))
    on_time = services.submission_create(
        session=session, title="Tờ trình đúng", presenting_body=province.committee
    )
    services.submission_record(submission=on_time, submitted_on=on_time.due_on)
    html = login(staff_a).get(reverse("council_sessions:submission_list"), {"late": "late"}).content.decode()
    assert "Tờ trình trễ" in html and "Trễ 2 ngày" in html and "Tờ trình đúng" not in html


@pytest.mark.today("2026-12-11")  # session 8 opened on 08/12/2026, the resolution was adopted on 10/12
def test_the_session_page_shows_due_dates_late_badges_resolutions_and_ratings(
    login, staff_a, session, province, elected
):
    submission = services.submission_create(
        session=session, title="Tờ trình dự toán", presenting_body=province.committee
    )
    services.submission_record(submission=submission, submitted_on=date(2026, 11, 21))
    old = ResolutionFactory(council=session.council, number="10/2016/NQ-HĐND")
    services.resolution_record(session=session, number="25/2026/NQ-HĐND", title="Mức chi tiếp công dân",
                               adopted_on=date(2026, 12, 10), replaces=[old])
    services.rating_record(
        session=session,
        position=elected,
        kind="rating",
        total_members=50,
        ballots_issued=50,
        valid_ballots=50,
        high=10,
        confidence=14,
        low=26,
    )
    html = login(staff_a).get(session.get_absolute_url()).content.decode()
    assert "18/11/2026" in html and "Trễ 3 ngày" in html
    assert "25/2026/NQ-HĐND" in html and "10/2016/NQ-HĐND" in html
    assert "Quá ngưỡng: đề nghị bỏ phiếu tín nhiệm" in html
    replaced = login(staff_a).get(old.get_absolute_url()).content.decode()
    assert "Bị thay thế bởi" in replaced and "25/2026/NQ-HĐND" in replaced


def test_scheduling_a_session_with_closing_before_opening_is_refused(login, staff_a, province):
    response = login(staff_a).post(
        reverse("council_sessions:session_create"),
        {
            "number": 9,
            "kind": "regular",
            "planned_open": "2026-12-10",
            "planned_close": "2026-12-08",
            "place": "",
        },
    )
    assert response.status_code == 400
    assert (
        "Ngày bế mạc dự kiến (08/12/2026) không được trước ngày khai mạc dự kiến (10/12/2026)."
        in response.content.decode()
    )
    assert not Session.objects.exists()


def test_scheduling_a_session_twice_under_one_number_is_refused(login, staff_a, session):
    response = login(staff_a).post(reverse("council_sessions:session_create"), {
        "number": 8, "kind": "regular", "planned_open": "2026-12-10", "planned_close": "2026-12-12",
    })
    assert response.status_code == 400
    assert "Kỳ họp thứ 8: nhiệm kỳ này đã có kỳ họp thứ 8 (khai mạc 08/12/2026)." in response.content.decode()
    assert Session.objects.count() == 1


def test_moving_a_session_shows_every_changed_deadline_then_re_dates_only_what_is_still_owed(
    login, staff_a, session, province
):
    owed = services.submission_create(
        session=session, title="Tờ trình quy hoạch", presenting_body=province.committee
    )
    sent_late = services.submission_create(
        session=session, title="Tờ trình ngân sách", presenting_body=province.committee
    )
    services.submission_record(
        submission=sent_late, submitted_on=date(2026, 11, 23)
    )  # due 18/11: 5 days late
    url = reverse("council_sessions:session_move", args=[session.pk])
    move = {"planned_open": "2026-12-15", "planned_close": "2026-12-16", "reason": "Trùng lịch họp Tỉnh ủy"}

    preview = login(staff_a).post(url, move).content.decode()
    changes = preview.split('data-testid="due-date-changes"')[1].split("</table>")[0]
    assert (
        "Gửi tờ trình: Tờ trình quy hoạch" in changes and "18/11/2026" in changes and "25/11/2026" in changes
    )
    assert "Tờ trình ngân sách" not in changes and "Xác nhận dời lịch" in preview
    session.refresh_from_db()
    assert session.planned_open == date(2026, 12, 8)  # nothing changes before the confirmation

    response = login(staff_a).post(url, {**move, "confirm": "1"}, follow=True)
    assert "các thời hạn liên quan đã được tính lại" in response.content.decode()
    owed.refresh_from_db()
    sent_late.refresh_from_db()
    assert owed.due_on == date(2026, 11, 25)
    assert (
        sent_late.due_on == date(2026, 11, 18) and sent_late.timeliness == "Trễ 5 ngày so với hạn 18/11/2026"
    )
    why = "Dời kỳ họp thứ 8 khai mạc 15/12/2026: Trùng lịch họp Tỉnh ủy"
    assert session.history.latest().history_change_reason == why
    assert followups_of(owed).get().history.latest().history_change_reason == why


def test_moving_a_session_needs_a_reason(login, staff_a, session):
    response = login(staff_a).post(
        reverse("council_sessions:session_move", args=[session.pk]),
        {"planned_open": "2026-12-15", "planned_close": "2026-12-16", "confirm": "1"},
    )
    assert response.status_code == 400 and "Lý do dời lịch" in response.content.decode()
    session.refresh_from_db()
    assert session.planned_open == date(2026, 12, 8)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        (
            {"high": 30, "confidence": 15, "low": 10},
            "Tổng số phiếu tín nhiệm cao, tín nhiệm và tín nhiệm thấp (55) lớn hơn số phiếu hợp lệ (48).",
        ),
        ({"high": -3, "confidence": 0, "low": 0}, "Số phiếu không được âm."),
    ],
)
@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_impossible_rating_counts_are_explained_and_nothing_saved(
    login, staff_a, session, elected, counts, message
):
    response = login(staff_a).post(
        reverse("council_sessions:rating_create", args=[session.pk]),
        {
            "position": elected.pk,
            "kind": "rating",
            "total_members": 50,
            "ballots_issued": 48,
            "valid_ballots": 48,
            **counts,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConfidenceRating.objects.exists()


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_valid_ballots_above_issued_are_refused(login, staff_a, session, elected):
    response = login(staff_a).post(
        reverse("council_sessions:rating_create", args=[session.pk]),
        {
            "position": elected.pk,
            "kind": "rating",
            "total_members": 50,
            "ballots_issued": 40,
            "valid_ballots": 45,
            "high": 1,
            "confidence": 1,
            "low": 1,
        },
    )
    assert "Số phiếu hợp lệ (45) lớn hơn số phiếu phát ra (40)." in response.content.decode()
    assert not ConfidenceRating.objects.exists()


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("to-trinh.exe", b"MZ\x90\x00"), "không đúng loại; chỉ nhận PDF, DOC, DOCX, ODT"),
    (SimpleUploadedFile("to-trinh.pdf", b"<html>not a pdf</html>"), "không phải tệp PDF hợp lệ"),
])
def test_a_wrong_upload_is_refused_and_the_submission_stays_unsent(
    login, staff_b, session, province, upload, message
):
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    response = login(staff_b).post(reverse("council_sessions:submission_record", args=[submission.pk]),
                                   {"submitted_on": "2026-11-17", "file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp tờ trình" in html and message in html
    submission.refresh_from_db()
    assert submission.submitted_on is None and not submission.documents.exists()
    assert FollowUp.objects.get(subject_id=submission.pk).status == FollowUp.Status.OPEN


def test_an_oversized_upload_is_refused(login, staff_b, session, province, settings):
    settings.MAX_UPLOAD_MB = 1
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    big = SimpleUploadedFile("to-trinh.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))
    response = login(staff_b).post(reverse("council_sessions:submission_record", args=[submission.pk]),
                                   {"submitted_on": "2026-11-17", "file": big})
    assert "lớn hơn 1 MB" in response.content.decode()
    assert not Submission.objects.get().documents.exists()


def test_recording_a_submission_with_a_pdf_shows_it_on_time_and_keeps_it_as_its_document(
    login, staff_b, session, province
):
    submission = services.submission_create(session=session, title="Tờ trình dự toán", number="12/TTr-UBND",
                                            presenting_body=province.committee)
    client = login(staff_b)
    response = client.post(
        reverse("council_sessions:submission_record", args=[submission.pk]),
        {"submitted_on": "2026-11-17", "file": SimpleUploadedFile("tt.pdf", b"%PDF-1.7 ...")},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã ghi nhận tờ trình đúng hạn." in html and "Tờ trình: Tờ trình 12/TTr-UBND" in html
    document = submission.documents.get()
    assert (document.kind, document.uploaded_by) == ("submission", staff_b)
    download = client.get(reverse("council_sessions:submission_document_file", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 ..."


def test_a_resolution_number_must_look_like_one_and_be_unique(login, staff_a, session):
    ResolutionFactory(council=session.council, number="25/NQ-HĐND")
    url = reverse("council_sessions:resolution_create", args=[session.pk])
    bad = (
        login(staff_a)
        .post(url, {"number": "hai lăm", "title": "X", "adopted_on": "2026-12-10"})
        .content.decode()
    )
    assert "Số, ký hiệu phải có dạng số/NQ-HĐND" in bad
    twice = (
        login(staff_a)
        .post(url, {"number": "25/NQ-HĐND", "title": "X", "adopted_on": "2026-12-10"})
        .content.decode()
    )
    assert "Nghị quyết số 25/NQ-HĐND đã có." in twice
    assert Resolution.objects.count() == 1


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_an_answer_with_a_commitment_but_no_next_session_names_the_date_field(
    login, staff_b, session, province, deputy
):
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao?",
        received_on=date(2026, 12, 9),
        answer_mode="in_session",
    )
    response = login(staff_b).post(
        reverse("council_sessions:question_answer", args=[question.pk]),
        {
            "answer": "Sẽ khắc phục",
            "answered_on": "2026-12-09",
            "deputy_satisfied": "false",
            "commitment": "Hoàn thành quý I",
        },
    )
    assert "Chưa có kỳ họp tiếp theo: hãy nhập hạn thực hiện." in response.content.decode()
    question.refresh_from_db()
    assert question.answer == ""  # nothing saved half-way


def test_a_re_supervision_without_recommendations_is_refused(login, staff_a, province):
    response = login(staff_a).post(
        reverse("council_sessions:mission_create"),
        {
            "kind": "resupervision",
            "lead_body": province.standing.pk,
            "decision_number": "78/QĐ",
            "decision_date": "2026-10-01",
            "subject": "Tái giám sát",
            "supervised_bodies": [province.agency.pk],
            "visit_start": "2026-11-01",
            "visit_end": "2026-11-02",
        },
    )
    assert "Tái giám sát phải chọn ít nhất một kiến nghị cần kiểm tra lại." in response.content.decode()
    from sessions.models import SupervisionMission

    assert not SupervisionMission.objects.exists()


def test_the_supervision_flow_from_decision_to_verified_recommendation(
    client, staff_a, staff_b, committee_staff, province
):
    client.force_login(staff_a)
    response = client.post(
        reverse("council_sessions:mission_create"),
        {
            "kind": "supervision",
            "lead_body": province.standing.pk,
            "decision_number": "45/QĐ-TTHĐND",
            "decision_date": "2026-05-04",
            "subject": "Giải quyết khiếu nại đất đai",
            "supervised_bodies": [province.agency.pk],
            "joint_bodies": [province.council_committee.pk],
            "visit_start": "2026-06-01",
            "visit_end": "2026-06-05",
        },
        follow=True,
    )
    mission = response.context["mission"]
    assert "19/05/2026" in response.content.decode()  # notify ≤ 15 days after the decision
    client.post(
        reverse("council_sessions:mission_step", args=[mission.pk]),
        {
            "step": "report",
            "on": "2026-06-15",
            "findings": "Còn tồn đọng",
            "conclusions": "Đề nghị giải quyết",
        },
    )
    client.post(reverse("council_sessions:recommendation_create", args=[mission.pk]),
                {"addressee": province.agency.pk, "content": "Giải quyết dứt điểm", "due_on": "2026-08-30"})
    recommendation = Recommendation.objects.get()
    client.force_login(staff_b)
    client.post(reverse("council_sessions:recommendation_answer", args=[recommendation.pk]),
                {"answer": "Đã giải quyết 37/37 vụ", "answered_on": "2026-08-20"})
    client.force_login(committee_staff)
    page = client.post(reverse("council_sessions:recommendation_verify", args=[recommendation.pk]),
                       {"done": "yes", "note": "Đã kiểm tra"}, follow=True).content.decode()
    assert "Đã thực hiện (đã xác minh)" in page and "<svg" in page
    assert "đã thực hiện 100\xa0%\xa0(1/1)" in page  # one recommendation of one


def test_the_meeting_page_lists_items_for_the_session(login, staff_a, session, province):
    client = login(staff_a)
    response = client.post(reverse("council_sessions:meeting_create"), {
        "kind": "explanation", "title": "Phiên giải trình về đất đai", "held_on": "2026-06-20",
        "attending_bodies": [province.committee.pk], "conclusions": "Giao UBND báo cáo",
    }, follow=True)
    meeting = StandingMeeting.objects.get()
    assert (
        "Hạn thông báo phiên giải trình" in response.content.decode()
        and "10/06/2026" in response.content.decode()
    )
    client.post(reverse("council_sessions:meeting_item_create", args=[meeting.pk]),
                {"order": 1, "title": "Báo cáo đất đai", "kind": "report", "to_session": session.pk})
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Báo cáo đất đai" in html and "Phiên giải trình về đất đai" in html


def test_meeting_conclusions_assign_followed_up_tasks_and_refuse_a_task_without_a_body(
    login, staff_a, province
):
    meeting = MeetingFactory(standing=province.standing, kind=StandingMeeting.Kind.EXPLANATION)
    client = login(staff_a)
    url = reverse("council_sessions:meeting_conclude", args=[meeting.pk])
    bad = client.post(url, {"conclusions": "Giao UBND", "task": "Báo cáo kết quả"})
    assert bad.status_code == 400
    assert "Việc được giao cần có cơ quan thực hiện và thời hạn." in bad.content.decode()
    assert not FollowUp.objects.exists()
    meeting.refresh_from_db()
    assert meeting.conclusions == ""
    page = client.post(
        url,
        {
            "conclusions": "Giao UBND báo cáo",
            "task": "Báo cáo kết quả khắc phục",
            "task_body": province.committee.pk,
            "task_due_on": "2026-08-30",
        },
        follow=True,
    ).content.decode()
    assert "Báo cáo kết quả khắc phục" in page and "30/08/2026" in page
    assert FollowUp.objects.get().lead_body == province.committee


def test_a_written_question_at_a_meeting_is_due_20_days_later(login, staff_a, province, deputy):
    meeting = MeetingFactory(standing=province.standing, held_on=date(2026, 9, 1))
    page = login(staff_a).post(reverse("council_sessions:meeting_question_create", args=[meeting.pk]), {
        "deputy": deputy.pk, "questioned_body": province.agency.pk, "text": "Tiến độ giải phóng mặt bằng?",
        "received_on": "2026-09-01", "answer_mode": "written",
    }, follow=True).content.decode()
    assert "Tiến độ giải phóng mặt bằng?" in page and "21/09/2026" in page


def test_a_deputy_without_a_membership_sees_their_questions(client, session, province, deputy):
    from tests.factories import UserFactory

    user = UserFactory()
    deputy.person.user = user
    deputy.person.save()
    services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Khi nào làm đường Phong Lạc?",
        received_on=date(2026, 9, 1),
        answer_mode="written",
    )
    client.force_login(user)
    html = client.get(reverse("council_sessions:question_list"), {"q": "phong lac"}).content.decode()
    assert "Khi nào làm đường Phong Lạc?" in html and "21/09/2026" in html


def test_a_bad_status_or_step_is_explained_not_a_500(login, staff_a, session, mission):
    client = login(staff_a)
    page = client.post(
        reverse("council_sessions:session_status", args=[session.pk]), {"status": "bogus"}, follow=True
    )
    assert "Trạng thái không hợp lệ." in page.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED
    page = client.post(
        reverse("council_sessions:mission_step", args=[mission.pk]),
        {"step": "notify", "on": "ngày mai"},
        follow=True,
    )
    assert "Chưa ghi nhận được: Ngày thực hiện" in page.content.decode()
    mission.refresh_from_db()
    assert mission.notified_on is None


def test_the_draft_and_documents_travel_with_the_submission(login, staff_b, session, province):
    from sessions.models import SubmissionDocument

    submission = services.submission_create(
        session=session, title="Tờ trình dự toán", presenting_body=province.committee
    )
    client = login(staff_b)
    url = reverse("council_sessions:submission_document_add", args=[submission.pk])
    bad = client.post(
        url, {"kind": "draft", "title": "Dự thảo", "file": SimpleUploadedFile("du-thao.txt", b"abc")}
    )
    assert (
        bad.status_code == 400 and "Tệp tài liệu: tệp “du-thao.txt” không đúng loại" in bad.content.decode()
    )
    assert not SubmissionDocument.objects.exists()
    page = client.post(
        url,
        {
            "kind": "draft",
            "title": "Dự thảo nghị quyết dự toán",
            "file": SimpleUploadedFile("du-thao.docx", docx_bytes()),
        },
        follow=True,
    ).content.decode()
    assert "Dự thảo nghị quyết: Dự thảo nghị quyết dự toán" in page
    document = SubmissionDocument.objects.get()
    assert document.uploaded_by == staff_b
    assert (
        client.get(reverse("council_sessions:submission_document_file", args=[document.pk])).status_code
        == 200
    )


RATING = {
    "kind": "rating",
    "total_members": 50,
    "ballots_issued": 48,
    "valid_ballots": 48,
    "high": 20,
    "confidence": 20,
    "low": 8,
}


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_a_second_rating_of_the_same_official_is_refused_by_name_not_a_500(login, staff_a, session, elected):
    url = reverse("council_sessions:rating_create", args=[session.pk])
    client = login(staff_a)
    assert client.post(url, {"position": elected.pk, **RATING}).status_code == 302
    again = client.post(url, {"position": elected.pk, **RATING, "low": 2})
    assert again.status_code == 400
    assert "Kỳ họp này đã có kết quả lấy phiếu tín nhiệm của Lê Quang Minh." in again.content.decode()
    assert list(ConfidenceRating.objects.values_list("low", flat=True)) == [8]
    # A formal vote on the same official is another result, not a duplicate.
    vote = {**RATING, "kind": "vote", "high": 0, "confidence": 30, "low": 18}
    assert client.post(url, {"position": elected.pk, **vote}).status_code == 302
    assert ConfidenceRating.objects.count() == 2


@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_more_ballots_issued_than_members_are_refused(login, staff_a, session, elected):
    response = login(staff_a).post(reverse("council_sessions:rating_create", args=[session.pk]),
                                   {"position": elected.pk, **RATING, "total_members": 45})
    assert response.status_code == 400
    assert "Số phiếu phát ra (48) lớn hơn tổng số đại biểu (45)." in response.content.decode()
    assert not ConfidenceRating.objects.exists()


def test_the_session_page_offers_only_the_next_status_and_refuses_a_jump(login, staff_a, session):
    client = login(staff_a)
    url = reverse("council_sessions:session_status", args=[session.pk])
    assert "Chuyển sang: Đã triệu tập" in client.get(session.get_absolute_url()).content.decode()
    jump = client.post(url, {"status": "closed"}, follow=True).content.decode()
    assert "Không thể chuyển kỳ họp từ “Dự kiến” sang “Đã bế mạc”" in jump
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED and session.actual_close is None
    for status, label in [("convened", "Đã triệu tập"), ("in_progress", "Đang họp"), ("closed", "Đã bế mạc")]:
        page = client.post(url, {"status": status}, follow=True).content.decode()
        assert f"Kỳ họp chuyển sang trạng thái: {label}." in page
    assert "Chuyển sang:" not in page  # closed is the end
    back = client.post(url, {"status": "planned"}, follow=True).content.decode()
    assert "Không thể chuyển kỳ họp từ “Đã bế mạc” sang “Dự kiến”" in back
    session.refresh_from_db()
    assert session.status == Session.Status.CLOSED


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("viewer", False),
        ("front_staff", False),
        ("staff_a", True),
        ("staff_b", True),
        ("agency_officer", True),
    ],
)
@pytest.mark.today("2026-12-10")  # session 8 opened on 08/12/2026
def test_record_the_answer_is_offered_only_to_who_may_answer(
    request, login, session, province, deputy, persona, offered
):
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao chậm?",
        received_on=date(2026, 12, 9),
        answer_mode="in_session",
    )
    meeting = MeetingFactory(standing=province.standing)
    services.question_ask(meeting=meeting, deputy=deputy, questioned_body=province.agency, text="Tiến độ?",
                          received_on=date(2026, 12, 9), answer_mode="in_session")
    client = login(request.getfixturevalue(persona))
    link = reverse("council_sessions:question_answer", args=[question.pk])
    for page in [session.get_absolute_url(), meeting.get_absolute_url()]:
        html = client.get(page).content.decode()
        assert "Vì sao chậm?" in html or "Tiến độ?" in html
        assert ("Ghi nhận trả lời" in html) is offered, page
    assert (client.get(link).status_code == 200) is offered


def test_not_done_needs_a_new_deadline_and_then_the_addressee_answers_again(login, mission, province, staff_b,
                                                                             committee_staff):
    recommendation = services.recommendation_add(
        mission=mission, addressee=province.agency, content="Giải quyết dứt điểm", due_on=date(2026, 8, 30)
    )
    services.recommendation_answer(
        recommendation=recommendation, answer="Đạt 40%", answered_on=date(2026, 8, 20), by=staff_b
    )
    client = login(committee_staff)
    url = reverse("council_sessions:recommendation_verify", args=[recommendation.pk])
    bad = client.post(url, {"done": "no", "note": "Chưa đạt"})
    assert bad.status_code == 400
    assert "Kiến nghị chưa thực hiện cần có thời hạn thực hiện mới." in bad.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ANSWERED and recommendation.verified_by is None
    new_due = timezone.localdate() + timedelta(days=60)
    client.post(url, {"done": "no", "note": "Chưa đạt", "new_due_on": new_due.isoformat()})
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.NOT_DONE and recommendation.due_on == new_due
    page = login(staff_b).get(mission.get_absolute_url()).content.decode()
    assert "Ý kiến xác minh: Chưa đạt" in page and "Báo cáo kết quả" in page
    client = login(staff_b)
    client.post(reverse("council_sessions:recommendation_answer", args=[recommendation.pk]),
                {"answer": "Đã giải quyết xong", "answered_on": timezone.localdate().isoformat()})
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answer) == (
        Recommendation.Status.ANSWERED,
        "Đã giải quyết xong",
    )
    assert "Trả lời đúng hạn" in client.get(mission.get_absolute_url()).content.decode()


@pytest.fixture
def reviewed(province, council):
    """A submission of a session that opened ten days ago, reviewed by the Legal Committee."""
    past = SessionFactory(
        term=province.term, council=council, number=5, planned_open=timezone.localdate() - timedelta(days=10)
    )
    return services.submission_create(
        session=past,
        title="Tờ trình quy định mức chi",
        presenting_body=province.committee,
        reviewing_committee=province.council_committee,
    )


def test_the_committee_records_a_late_review_report_and_the_session_page_flags_it(
    login, committee_staff, reviewed
):
    from sessions.models import SubmissionDocument

    client = login(committee_staff)
    page = client.get(reviewed.session.get_absolute_url()).content.decode()
    assert (
        "Ghi nhận báo cáo thẩm tra" in page and "Ghi nhận đã gửi" not in page
    )  # the committee does not send the submission
    late_day = reviewed.review_due_on + timedelta(days=2)
    response = client.post(reverse("council_sessions:submission_review_record", args=[reviewed.pk]), {
        "reviewed_on": late_day.isoformat(), "title": "Báo cáo thẩm tra số 12/BC-BPC",
        "file": SimpleUploadedFile("bao-cao-tham-tra.pdf", b"%PDF-1.7 bao cao"),
    }, follow=True)
    html = response.content.decode()
    assert "Đã ghi nhận báo cáo thẩm tra, trễ 2 ngày so với hạn." in html
    assert f"gửi {late_day:%d/%m/%Y}" in html and "Trễ 2 ngày" in html
    assert "Báo cáo thẩm tra: Báo cáo thẩm tra số 12/BC-BPC" in html
    assert "Ghi nhận báo cáo thẩm tra</a>" not in html  # recorded once
    document = SubmissionDocument.objects.get()
    assert (document.kind, document.uploaded_by) == (SubmissionDocument.Kind.REVIEW, committee_staff)
    review = FollowUp.objects.get(lead_body=reviewed.reviewing_committee)
    assert review.status == FollowUp.Status.DONE and review.was_on_time is False
    assert FollowUp.objects.get(lead_body=reviewed.presenting_body).status == FollowUp.Status.OPEN
    listed = client.get(reverse("council_sessions:submission_list")).content.decode()
    assert "Trễ 2 ngày" in listed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"file": SimpleUploadedFile("bao-cao.txt", b"abc")},
            "Tệp báo cáo thẩm tra: tệp “bao-cao.txt” không đúng loại",
        ),
        ({}, "Trường này là bắt buộc."),  # no file at all
        (
            {"reviewed_on": "2999-01-01", "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.7")},
            "Ngày gửi báo cáo thẩm tra 01/01/2999 sau ngày hôm nay",
        ),
    ],
)
def test_a_bad_review_report_is_explained_and_nothing_saved(login, committee_staff, reviewed, data, message):
    from sessions.models import SubmissionDocument

    response = login(committee_staff).post(
        reverse("council_sessions:submission_review_record", args=[reviewed.pk]),
        {"reviewed_on": timezone.localdate().isoformat(), "title": "Báo cáo", **data},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.reviewed_on is None and not SubmissionDocument.objects.exists()
    assert FollowUp.objects.get(lead_body=reviewed.reviewing_committee).status == FollowUp.Status.OPEN


def test_a_review_report_is_recorded_once(login, committee_staff, reviewed):
    url = reverse("council_sessions:submission_review_record", args=[reviewed.pk])
    client = login(committee_staff)
    day = reviewed.review_due_on.isoformat()
    client.post(
        url, {"reviewed_on": day, "title": "Báo cáo", "file": SimpleUploadedFile("bc.pdf", b"%PDF-1.7")}
    )
    again = client.post(url, {"reviewed_on": timezone.localdate().isoformat(), "title": "Lần hai",
                              "file": SimpleUploadedFile("bc2.pdf", b"%PDF-1.7")})
    assert again.status_code == 400
    assert (
        f"Báo cáo thẩm tra đã được ghi nhận ngày {reviewed.review_due_on:%d/%m/%Y}." in again.content.decode()
    )
    reviewed.refresh_from_db()
    assert reviewed.reviewed_on == reviewed.review_due_on and reviewed.documents.count() == 1


def test_a_submission_without_a_reviewing_committee_has_no_review_to_record(
    login, staff_a, session, province
):
    submission = services.submission_create(
        session=session, title="Tờ trình", presenting_body=province.committee
    )
    client = login(staff_a)
    assert "Ghi nhận báo cáo thẩm tra" not in client.get(session.get_absolute_url()).content.decode()
    assert (
        client.get(reverse("council_sessions:submission_review_record", args=[submission.pk])).status_code
        == 403
    )


def _fresh(user):
    """The user read again, without guardian's cached permissions."""
    return type(user).objects.get(pk=user.pk)


def test_team_members_chosen_when_the_mission_is_set_up_see_it(login, staff_a, agency_officer, province):
    login(staff_a).post(
        reverse("council_sessions:mission_create"),
        {
            "kind": "supervision",
            "lead_body": province.standing.pk,
            "decision_number": "45/QĐ-TTHĐND",
            "decision_date": "2026-05-04",
            "subject": "Giải quyết khiếu nại đất đai",
            "supervised_bodies": [province.agency.pk],
            "visit_start": "2026-06-01",
            "visit_end": "2026-06-05",
            "team_members": [agency_officer.pk],
        },
    )
    from sessions.models import SupervisionMission

    mission = SupervisionMission.objects.get()
    assert list(mission.team_members.all()) == [agency_officer]
    assert _fresh(agency_officer).has_perm("council_sessions.view_supervisionmission", mission)
    assert agency_officer.get_full_name() in login(staff_a).get(mission.get_absolute_url()).content.decode()


def test_the_team_page_grants_and_revokes_the_missions_permission(
    login, staff_a, agency_officer, staff_b, outsider, mission
):
    from sessions.models import SupervisionMission

    services.mission_set_team(mission=mission, users=[agency_officer])
    client = login(staff_a)
    url = reverse("council_sessions:mission_team", args=[mission.pk])
    assert "Sửa thành viên đoàn" in client.get(mission.get_absolute_url()).content.decode()
    # Someone with no membership in the unit is not offered, and nothing changes.
    bad = client.post(url, {"team_members": [outsider.pk]})
    assert bad.status_code == 400 and "Thành viên đoàn" in bad.content.decode()
    assert list(mission.team_members.all()) == [agency_officer]
    page = client.post(url, {"team_members": [staff_b.pk]}, follow=True).content.decode()
    assert "Đã cập nhật thành viên đoàn." in page and staff_b.get_full_name() in page
    mission = SupervisionMission.objects.get(pk=mission.pk)
    assert list(mission.team_members.all()) == [staff_b]
    assert _fresh(staff_b).has_perm("council_sessions.view_supervisionmission", mission)
    assert not _fresh(agency_officer).has_perm("council_sessions.view_supervisionmission", mission)


def test_a_notice_sent_later_and_a_moved_explanation_session_are_recorded(login, staff_a, province):
    client = login(staff_a)
    client.post(reverse("council_sessions:meeting_create"), {
        "kind": "explanation", "title": "Phiên giải trình về đất đai", "held_on": "2026-06-20",
    })
    meeting = StandingMeeting.objects.get()
    notice = FollowUp.objects.get(subject_id=meeting.pk)
    assert (notice.status, notice.due_on) == (FollowUp.Status.OPEN, date(2026, 6, 10))
    url = reverse("council_sessions:meeting_dates", args=[meeting.pk])
    page = client.post(
        url, {"held_on": "2026-06-20", "notified_on": "2026-06-12"}, follow=True
    ).content.decode()
    assert "Đã cập nhật ngày họp, ngày gửi thông báo." in page and "Thông báo trễ" in page
    notice.refresh_from_db()
    assert notice.status == FollowUp.Status.DONE and notice.was_on_time is False
    # Moved ten days later, the same notice came in time.
    page = client.post(
        url, {"held_on": "2026-06-30", "notified_on": "2026-06-12"}, follow=True
    ).content.decode()
    assert "Đã thông báo đúng hạn" in page and "30/06/2026" in page
    notice.refresh_from_db()
    # Ten days before Tuesday 30/06 is Saturday 20/06: the notice is due on Friday 19/06.
    assert (notice.status, notice.due_on, notice.was_on_time) == (
        FollowUp.Status.DONE,
        date(2026, 6, 19),
        True,
    )


def test_a_notice_after_the_meeting_is_refused_and_nothing_saved(login, staff_a, province):
    meeting = MeetingFactory(
        standing=province.standing, kind=StandingMeeting.Kind.EXPLANATION, held_on=date(2026, 6, 20)
    )
    notice = services.meeting_track(meeting=meeting)
    response = login(staff_a).post(reverse("council_sessions:meeting_dates", args=[meeting.pk]),
                                   {"held_on": "2026-06-25", "notified_on": "2026-06-26"})
    assert response.status_code == 400
    assert (
        "Ngày gửi thông báo (26/06/2026) không được sau ngày họp (25/06/2026)." in response.content.decode()
    )
    meeting.refresh_from_db()
    notice.refresh_from_db()
    assert (meeting.held_on, meeting.notified_on) == (date(2026, 6, 20), None)
    assert (notice.status, notice.due_on) == (FollowUp.Status.OPEN, date(2026, 6, 10))


def test_moving_the_joint_meeting_moves_when_the_sessions_followup_was_done(province, council):
    from coordination.services import followups_of

    session = services.session_schedule(term=province.term, council=council, number=9, kind="regular",
                                        planned_open=date(2026, 12, 8), planned_close=date(2026, 12, 10))
    joint = MeetingFactory(
        standing=province.standing, kind="joint", for_session=session, held_on=date(2026, 11, 5)
    )
    services.meeting_track(meeting=joint)
    services.meeting_set_dates(meeting=joint, held_on=date(2026, 11, 12), notified_on=None)
    followup = followups_of(session).get(source="session:joint_meeting")
    assert followup.status == FollowUp.Status.DONE and followup.completed_at.date() == date(2026, 11, 12)
    assert followup.was_on_time is False  # due 08/11
