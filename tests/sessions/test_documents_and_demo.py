"""The session dossier (page → background task → download; and the command), providers, demo data."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordination.models import GeneratedReport
from coordination.providers import collect_calendar_events, collect_figures
from sessions import services
from sessions.models import (
    AgendaItem,
    Commitment,
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SupervisionMission,
)


def test_the_dossier_is_rendered_in_the_background_and_downloads(
    login, staff_a, session, province, committed
):
    services.submission_create(
        session=session, title="Tờ trình dự toán ngân sách", presenting_body=province.committee
    )
    client = login(staff_a)
    with committed():
        response = client.post(reverse("council_sessions:session_dossier", args=[session.pk]))
    report = GeneratedReport.objects.get()
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.DONE, report.error
    download = client.get(reverse("report_download", args=[report.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.today("2026-12-11")  # session 8 opened on 08/12/2026, its resolution adopted on 10/12
def test_the_dossier_holds_every_section_a_reader_needs(session, province, elected, deputy, mission):
    from django.template.loader import render_to_string

    from sessions.reports import DOSSIER_TEMPLATE, session_dossier_context

    submission = services.submission_create(
        session=session, title="Tờ trình dự toán ngân sách", presenting_body=province.committee
    )
    services.submission_record(submission=submission, submitted_on=date(2026, 11, 21))
    services.resolution_record(
        session=session, number="25/NQ-HĐND", title="Kế hoạch kỳ họp", adopted_on=date(2026, 12, 10)
    )
    question = services.question_ask(
        session=session,
        deputy=deputy,
        questioned_body=province.agency,
        text="Vì sao chậm cấp sổ?",
        received_on=date(2026, 12, 9),
        answer_mode="in_session",
    )
    services.question_answer(
        question=question, answer="Sẽ xong trong quý I", answered_on=date(2026, 12, 9), deputy_satisfied=False
    )
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
    services.recommendation_add(
        mission=mission, addressee=province.agency, content="Số hóa hồ sơ đất đai", due_on=date(2026, 9, 30)
    )
    html = render_to_string(DOSSIER_TEMPLATE, session_dossier_context(session)).replace(
        "\xa0", " "
    )  # cells bind words
    for expected in [
        '<meta charset="utf-8">',
        "Hồ sơ kỳ họp thứ 8",
        "Trễ 3 ngày",
        "25/NQ-HĐND",
        "Vì sao chậm cấp sổ?",
        "Sẽ xong trong quý I",
        "chưa đồng ý",
        "Quá ngưỡng: đề nghị bỏ phiếu tín nhiệm",
        "Số hóa hồ sơ đất đai",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]:
        assert expected in html, expected


def test_the_dossier_command_writes_a_pdf(tmp_path, session):
    target = tmp_path / "ho-so.pdf"
    call_command("session_dossier", str(session.pk), "-o", str(target), stdout=StringIO())
    assert target.read_bytes().startswith(b"%PDF")


def test_the_dossier_command_explains_a_missing_session(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có kỳ họp số 999"):
        call_command("session_dossier", "999", "-o", str(tmp_path / "x.pdf"))


def test_the_calendar_provider_gives_what_the_user_may_see(session, mission, staff_a, outsider):
    events = collect_calendar_events(user=staff_a, start=date(2026, 1, 1), end=date(2026, 12, 31))
    uids = {e.uid for e in events}
    assert f"session-{session.pk}@phoihop" in uids and f"supervision-{mission.pk}@phoihop" in uids
    assert not [
        e
        for e in collect_calendar_events(user=outsider, start=date(2026, 1, 1), end=date(2026, 12, 31))
        if e.uid.startswith(("session-", "supervision-"))
    ]


@pytest.mark.today("2026-12-10")  # session 8 met from 08 to 10/12/2026
def test_the_figures_count_sessions_resolutions_and_supervisions(session, mission, province):
    for status in [Session.Status.CONVENED, Session.Status.IN_PROGRESS, Session.Status.CLOSED]:
        services.session_set_status(session=session, status=status, on=date(2026, 12, 10))
    services.resolution_record(
        session=session, number="25/NQ-HĐND", title="NQ", adopted_on=date(2026, 12, 10)
    )
    figures = {
        f.key: f.value
        for f in collect_figures(unit_ids={province.unit.pk}, start=date(2026, 1, 1), end=date(2026, 12, 31))
    }
    assert (
        figures["sessions_held"] == 1 and figures["resolutions_adopted"] == 1 and figures["supervisions"] == 1
    )


MODELS = [
    Session,
    StandingMeeting,
    AgendaItem,
    Submission,
    Resolution,
    Question,
    Commitment,
    ConfidenceRating,
    SupervisionMission,
    Recommendation,
]


def test_load_demo_twice_changes_nothing_and_has_the_story(db):
    call_command("load_demo", stdout=StringIO())
    counts = {m.__name__: m.objects.count() for m in MODELS}
    call_command("load_demo", stdout=StringIO())
    assert {m.__name__: m.objects.count() for m in MODELS} == counts
    assert counts["Session"] == 3 and counts["SupervisionMission"] == 2
    may_2022 = StandingMeeting.objects.get(title="Phiên họp thường kỳ tháng 5/2022")
    assert (
        may_2022.agenda_items.count() == 10
        and may_2022.agenda_items.filter(to_session__isnull=False).count() == 4
    )
    upcoming = Session.objects.get(status=Session.Status.PLANNED)
    assert any(s.is_late for s in upcoming.submissions.all()) and any(
        not s.is_late for s in upcoming.submissions.all()
    )
    assert Resolution.objects.get(number="12/2026/NQ-HĐND").replaces.get().number == "10/2016/NQ-HĐND"
    assert SupervisionMission.objects.get(kind="resupervision").rechecks.count() == 1


@pytest.mark.today("2026-12-07")
def test_the_dossier_shows_each_submissions_review_on_time_late_or_not_sent(session, province):
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string

    from sessions.reports import DOSSIER_TEMPLATE, session_dossier_context

    def reviewed(title, day):
        submission = services.submission_create(
            session=session,
            title=title,
            presenting_body=province.committee,
            reviewing_committee=province.council_committee,
        )
        if day:
            services.submission_review_record(
                submission=submission,
                reviewed_on=day,
                title="Báo cáo thẩm tra",
                by=None,
                file=ContentFile(b"%PDF-1.4 bao cao", name="tham-tra.pdf"),
            )
        return submission

    reviewed("Tờ trình thẩm tra đúng hạn", date(2026, 11, 30))  # due 01/12/2026, 7 days before the opening
    reviewed("Tờ trình thẩm tra trễ", date(2026, 12, 4))
    reviewed("Tờ trình chưa thẩm tra", None)
    services.submission_create(
        session=session, title="Tờ trình không thẩm tra", presenting_body=province.committee
    )
    context = session_dossier_context(session)
    assert {s.title: s.review_timeliness for s in context["submissions"]} == {
        "Tờ trình thẩm tra đúng hạn": "Đúng hạn", "Tờ trình thẩm tra trễ": "Trễ 3 ngày so với hạn 01/12/2026",
        "Tờ trình chưa thẩm tra": "Chưa gửi, trễ 6 ngày so với hạn 01/12/2026", "Tờ trình không thẩm tra": ""}
    html = render_to_string(DOSSIER_TEMPLATE, context).replace(
        "\xa0", " "
    )  # cells bind words with no-break spaces
    assert "<th>Tờ trình</th><th>Cơ quan trình</th><th>Gửi tờ trình</th><th>Thẩm tra</th>" in html
    late_row = next(row for row in html.split("<tr>") if "Tờ trình thẩm tra trễ" in row)
    assert all(
        cell in late_row
        for cell in [str(province.council_committee), "01/12/2026", "04/12/2026", "Trễ 3 ngày"]
    )
    assert "Không qua thẩm tra" in next(row for row in html.split("<tr>") if "Tờ trình không thẩm tra" in row)
