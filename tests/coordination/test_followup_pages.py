from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coordination.models import FollowUp
from coordination.services import followup_open
from tests.conftest import member
from tests.exports import export_xlsx
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


def owed(body, title="Gửi báo cáo thẩm tra dự thảo nghị quyết", days=5, responsible=None):
    return followup_open(
        subject=None,
        title=title,
        lead_body=body,
        due_on=timezone.localdate() + timedelta(days=days),
        responsible=responsible,
        source="khoản 2 Điều 7 Quy chế",
    )


@covers("followups:list")
class TestFollowUpList:
    def test_it_lists_only_the_users_units_follow_ups(self, login, staff_a, province, other_province):
        owed(province.committee, "Việc của tỉnh mình")
        owed(other_province.committee, "Việc của tỉnh khác")
        html = login(staff_a).get(reverse("followups:list"), {"state": "all"}).content.decode()
        assert "Việc của tỉnh mình" in html
        assert "Việc của tỉnh khác" not in html

    def test_it_requires_login(self, client):
        assert client.get(reverse("followups:list")).status_code == 302

    def test_it_searches_without_diacritics(self, login, staff_a, province):
        owed(province.committee, "Kiến nghị đất đai xã Phong Lạc")
        owed(province.committee, "Báo cáo tiếp công dân")
        params = {"q": "kien nghi dat dai", "state": "all"}
        html = login(staff_a).get(reverse("followups:list"), params).content.decode()
        assert "Kiến nghị đất đai" in html
        assert "Báo cáo tiếp công dân" not in html

    def test_it_filters_overdue_items(self, login, staff_a, province):
        owed(province.committee, "Việc đã quá hạn", days=-3)
        owed(province.committee, "Việc còn hạn", days=3)
        html = login(staff_a).get(reverse("followups:list"), {"state": "overdue"}).content.decode()
        assert "Việc đã quá hạn" in html and "Quá hạn 3 ngày" in html
        assert "Việc còn hạn" not in html

    def test_it_filters_by_lead_body_and_mine(self, login, staff_a, province, person_of):
        owed(province.committee, "Việc của UBND")
        owed(province.front, "Việc của tôi", responsible=person_of(staff_a))
        client = login(staff_a)
        params = {"lead_body": province.committee.pk, "state": "all"}
        html = client.get(reverse("followups:list"), params).content.decode()
        assert "Việc của UBND" in html and "Việc của tôi" not in html
        html = client.get(reverse("followups:list"), {"mine": "true", "state": "all"}).content.decode()
        assert "Việc của tôi" in html and "Việc của UBND" not in html
        html = client.get(reverse("followups:list"), {"mine": "false", "state": "all"}).content.decode()
        assert "Việc của UBND" in html and "Việc của tôi" not in html

    def test_a_bad_filter_value_is_reported_not_a_500(self, login, staff_a):
        response = login(staff_a).get(
            reverse("followups:list"), {"due_from": "31/02/2026"}
        )
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()

    def test_it_exports_to_excel(self, login, staff_a, province):
        owed(province.standing, "Việc xuất Excel")
        response = export_xlsx(login(staff_a), reverse("followups:list"))
        rows = list(load_workbook(BytesIO(response.content)).active.values)
        assert rows[0][:4] == ("Nội dung công việc", "Cơ quan chủ trì", "Người chịu trách nhiệm", "Thời hạn")
        assert rows[1][0] == "Việc xuất Excel"

    def test_it_has_a_print_view(self, login, staff_a, province):
        owed(province.standing, "Việc để in")
        html = login(staff_a).get(reverse("followups:list"), {"format": "print"}).content.decode()
        assert "In trang này" in html and "Việc để in" in html

    def test_it_paginates(self, login, staff_a, province, settings):
        for n in range(30):
            owed(province.standing, f"Việc thứ {n:02d}", days=n)
        html = login(staff_a).get(reverse("followups:list"), {"page": 2}).content.decode()
        assert "Việc thứ 29" in html and "Việc thứ 00" not in html

    @pytest.mark.parametrize("count", [1, 50])
    def test_it_runs_a_constant_number_of_queries(
        self, login, staff_a, province, person_of, count, django_assert_max_num_queries
    ):
        for n in range(count):
            owed(province.standing, f"Việc {n}", responsible=person_of(staff_a))
        client = login(staff_a)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("followups:list")).status_code == 200


@covers("followups:detail", "followups:complete", "followups:evidence")
class TestFollowUpDetailAndCompletion:
    def test_a_member_of_the_unit_sees_the_5_ro(self, login, viewer, province):
        followup = owed(province.committee)
        html = login(viewer).get(followup.get_absolute_url()).content.decode()
        assert "Rõ tiến độ" in html and followup.title in html
        assert "Báo cáo hoàn thành" not in html  # a viewer cannot complete it

    def test_an_outsider_does_not_learn_it_exists(self, login, outsider, province):
        followup = owed(province.committee)
        assert login(outsider).get(followup.get_absolute_url()).status_code == 404
        response = login(outsider).post(reverse("followups:complete", args=[followup.pk]), {"outcome": "x"})
        assert response.status_code == 404

    def test_staff_of_another_body_may_see_but_not_complete(self, login, staff_a, province):
        followup = owed(province.committee)
        response = login(staff_a).post(reverse("followups:complete", args=[followup.pk]), {"outcome": "Xong"})
        assert response.status_code == 403
        assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.OPEN

    def test_staff_of_the_lead_body_completes_with_evidence(
        self, login, staff_b, province, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        followup = owed(province.committee)
        client = login(staff_b)
        evidence = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf")
        response = client.post(
            reverse("followups:complete", args=[followup.pk]),
            {"outcome": "Đã gửi Báo cáo số 12/BC-UBND", "evidence": evidence},
        )
        assert response.status_code == 302
        followup.refresh_from_db()
        assert followup.status == FollowUp.Status.DONE and followup.was_on_time
        html = client.get(followup.get_absolute_url()).content.decode()
        assert "Đúng hạn" in html and "Đã gửi Báo cáo số 12/BC-UBND" in html
        download = client.get(reverse("followups:evidence", args=[followup.pk]))
        assert b"".join(download.streaming_content) == b"%PDF-1.4 bao cao"

    def test_the_responsible_person_may_complete_it(self, login, agency_officer, province, person_of):
        followup = owed(province.committee, responsible=person_of(agency_officer))
        assert (
            login(agency_officer)
            .post(reverse("followups:complete", args=[followup.pk]), {"outcome": "Xong"})
            .status_code
            == 302
        )

    def test_an_empty_outcome_is_refused_with_a_message_and_nothing_saved(self, login, staff_b, province):
        followup = owed(province.committee)
        response = login(staff_b).post(reverse("followups:complete", args=[followup.pk]), {"outcome": "  "})
        assert response.status_code == 400
        assert "Kết quả thực hiện: vui lòng ghi kết quả" in response.content.decode()
        assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.OPEN

    def test_a_forbidden_file_type_is_refused(self, login, staff_b, province):
        followup = owed(province.committee)
        bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
        response = login(staff_b).post(
            reverse("followups:complete", args=[followup.pk]), {"outcome": "Xong", "evidence": bad}
        )
        assert response.status_code == 400
        assert "Tệp minh chứng: chỉ nhận" in response.content.decode()
        assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.OPEN

    def test_no_evidence_means_404_on_download(self, login, staff_b, province):
        followup = owed(province.committee)
        assert login(staff_b).get(reverse("followups:evidence", args=[followup.pk])).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, province):
        followup = owed(province.committee)
        assert client.get(followup.get_absolute_url()).status_code == 302
        assert client.get(reverse("followups:evidence", args=[followup.pk])).status_code == 302


def _recommendation_followup(province):
    from sessions.services import recommendation_add
    from tests.sessions.factories import MissionFactory

    mission = MissionFactory(lead_body=province.standing)
    recommendation_add(
        mission=mission, addressee=province.committee, content="Giải quyết dứt điểm vụ việc đất đai"
    )
    return mission.get_absolute_url()


def _letter_followup(province):
    from voters.services import letter_register

    letter = letter_register(
        handling_body=province.committee,
        number="15/ĐT",
        received_on=timezone.localdate(),
        channel="post",
        kind="recommendation",
        content="Kiến nghị lắp đèn chiếu sáng",
    )
    return letter.get_absolute_url()


def _submission_followup(province):
    from sessions.services import submission_create
    from tests.sessions.factories import SessionFactory

    session = SessionFactory(term=province.term, council=province.standing)
    submission_create(session=session, title="Tờ trình về giá đất", presenting_body=province.committee,
                      reviewing_committee=province.council_committee)
    return session.get_absolute_url()


def _question_followup(province):
    from sessions.services import question_ask
    from tests.factories import DeputyFactory
    from tests.sessions.factories import SessionFactory

    session = SessionFactory(term=province.term, council=province.standing)
    question_ask(
        deputy=DeputyFactory(),
        questioned_body=province.committee,
        text="Tiến độ giải phóng mặt bằng",
        received_on=timezone.localdate(),
        answer_mode="written",
        session=session,
    )
    return session.get_absolute_url()


def _round_followup(province):
    from voters.services import round_create

    round_ = round_create(organiser=province.front, title="Đợt tiếp xúc cử tri trước kỳ họp", timing="before",
                          kind="general", starts_on=timezone.localdate(), ends_on=timezone.localdate())
    return round_.get_absolute_url()


def _visit_followup(province):
    from tests.voters.factories import ReceptionDayFactory
    from voters.services import reception_visit_log

    day = ReceptionDayFactory(host_body=province.committee)
    reception_visit_log(
        reception=day, citizens="Ông Nguyễn Văn An", citizen_count=1, content="Đề nghị cấp sổ đỏ"
    )
    return day.get_absolute_url()


def _petition_followup(province):
    from tests.voters.factories import PetitionFactory, RoundFactory
    from voters.models import PetitionField
    from voters.services import petition_route

    petition = PetitionFactory(round=RoundFactory(organiser=province.front))
    petition_route(
        petition=petition,
        field=PetitionField.objects.first(),
        competence="province",
        agency=province.agency,
        received_on=timezone.localdate(),
    )
    return petition.get_absolute_url()


@covers("followups:detail", "followups:complete")
class TestFollowUpsClosedByTheirOwnWorkflow:
    """A recommendation, a letter, a submission… is closed by its app (answer, verification), not the generic
    page."""

    @pytest.mark.parametrize(
        "make",
        [
            _recommendation_followup,
            _letter_followup,
            _submission_followup,
            _question_followup,
            _round_followup,
            _visit_followup,
            _petition_followup,
        ],
    )
    def test_the_lead_bodys_staff_get_a_link_to_its_page_and_cannot_complete_it_here(
        self, login, province, make
    ):
        workflow_url = make(province)
        followup = FollowUp.objects.exclude(
            lead_body=province.council_committee
        ).get()  # a submission's review: below
        self.refused(login(member(followup.lead_body)), followup, workflow_url)

    def test_a_submissions_review_report_is_recorded_on_the_session_page_too(
        self, login, superuser, province
    ):
        workflow_url = _submission_followup(province)
        review = FollowUp.objects.get(lead_body=province.council_committee)
        self.refused(
            login(superuser), review, workflow_url
        )  # not even an administrator bypasses the workflow

    def refused(self, client, followup, workflow_url):
        html = client.get(followup.get_absolute_url()).content.decode()
        assert f'href="{workflow_url}" data-testid="followup-workflow"' in html
        assert "Báo cáo hoàn thành" not in html
        response = client.post(
            reverse("followups:complete", args=[followup.pk]), {"outcome": "Đã xong"}, follow=True
        )
        assert "Không ghi nhận hoàn thành tại đây" in response.content.decode()
        followup.refresh_from_db()
        assert (followup.status, followup.outcome, followup.completed_at) == (FollowUp.Status.OPEN, "", None)
