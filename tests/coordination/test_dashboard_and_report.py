import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from coordination.models import FollowUp, GeneratedReport
from coordination.queries import parse_period
from coordination.services import followup_complete, followup_open
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


def read_docx(content: bytes):
    from docx import Document

    return Document(io.BytesIO(content))


def owed(body, *, days, title="Gửi báo cáo", area=None):
    return followup_open(
        subject=None,
        title=title,
        lead_body=body,
        due_on=timezone.localdate() + timedelta(days=days),
        area=area,
    )


def done(followup, *, late_days=0):
    at = timezone.make_aware(datetime.combine(followup.due_on + timedelta(days=late_days), time(10)))
    return followup_complete(followup=followup, outcome="Đã xong", completed_at=at)


@pytest.fixture
def figures(province):
    """UBND: 2 on time, 1 late, 1 overdue; Front: 1 upcoming."""
    done(owed(province.committee, days=-10))
    done(owed(province.committee, days=-5))
    done(owed(province.committee, days=-8), late_days=2)
    owed(province.committee, days=-3, title="Báo cáo giám sát quá hạn")
    owed(province.front, days=1, title="Tổng hợp kiến nghị cử tri")


def year_period():
    return str(timezone.localdate().year)


@covers("dashboard")
@pytest.mark.today("2026-06-15")  # the figures' dates all fall inside the year shown
class TestDashboard:
    def test_a_leader_sees_counts_rates_charts_and_overdue_items(self, login, leader, province, figures):
        html = login(leader).get(reverse("dashboard"), {"period": year_period()}).content.decode()
        assert 'data-testid="total">5<' in html
        assert 'data-testid="overdue-count">1<' in html
        # 2 on time of (3 done + 1 overdue), written the Vietnamese way, with what it is out of
        assert 'data-testid="rate">50\xa0%\xa0(2/4)<' in html
        assert ">50\xa0%\xa0(2/4)</text>" in html  # UBND's bar; the Front, with nothing due yet, has none
        assert "<svg" in html and "UBND" in html
        assert (
            'width="0,' not in html and 'x="0.0"' in html
        )  # SVG numbers never take the Vietnamese decimal comma
        assert "Báo cáo giám sát quá hạn" in html

    def test_it_filters_by_body_and_area(self, login, leader, province, figures):
        html = (
            login(leader)
            .get(reverse("dashboard"), {"period": year_period(), "body": province.front.pk})
            .content.decode()
        )
        assert 'data-testid="total">1<' in html
        assert "Báo cáo giám sát quá hạn" not in html

    def test_an_outsider_sees_only_their_own_unit(self, login, outsider, province, figures):
        response = login(outsider).get(reverse("dashboard"), {"unit": province.unit.pk})
        html = response.content.decode()
        assert response.status_code == 200
        assert "errorlist" in html  # the other province is not a choice
        assert "Báo cáo giám sát quá hạn" not in html

    def test_a_bad_period_is_reported_not_a_500(self, login, leader, province):
        response = login(leader).get(reverse("dashboard"), {"period": "2026X9"})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()

    def test_a_user_without_a_body_is_told_why_it_is_empty(self, login, db):
        from tests.factories import UserFactory

        assert "chưa thuộc cơ quan nào" in login(UserFactory()).get(reverse("dashboard")).content.decode()

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get(reverse("dashboard")).status_code == 302

    def test_it_has_a_print_button(self, login, leader, province):
        assert "In trang này" in login(leader).get(reverse("dashboard")).content.decode()

    @pytest.mark.parametrize("count", [1, 50])
    def test_it_runs_a_constant_number_of_queries(
        self, login, leader, province, count, django_assert_max_num_queries
    ):
        for n in range(count):
            followup = owed(
                province.committee if n % 2 else province.front, days=n % 40 - 20, title=f"Việc {n}"
            )
            if (
                n % 3 == 0 and followup.due_on <= timezone.localdate()
            ):  # done on its deadline, once that has come
                done(followup)
        client = login(leader)
        # ~12 of ours plus a fixed number for each figure the other apps' providers contribute.
        with django_assert_max_num_queries(40):
            assert client.get(reverse("dashboard")).status_code == 200


@covers("followups:implementation_report")
class TestImplementationReport:
    def test_a_member_requests_the_pdf_and_downloads_it(self, login, leader, province, figures, committed):
        client = login(leader)
        with committed():
            response = client.post(reverse("followups:implementation_report"),
                                   {"unit": province.unit.pk, "period": year_period(), "output": "pdf"})
        report = GeneratedReport.objects.get()
        assert response.url == report.get_absolute_url()
        assert (report.status, report.progress) == (GeneratedReport.Status.DONE, 100), report.error
        content = b"".join(client.get(reverse("report_download", args=[report.pk])).streaming_content)
        assert content.startswith(b"%PDF")

    def test_the_docx_is_signed_numbered_and_addressed_to_the_units_level(
        self, login, leader, province, figures, committed
    ):
        from tests.factories import PersonFactory, PositionFactory

        PositionFactory(
            body=province.standing,
            is_head=True,
            title="Chủ tịch HĐND",
            person=PersonFactory(full_name="Nguyễn Văn Chủ"),
        )
        client = login(leader)
        with committed():
            client.post(
                reverse("followups:implementation_report"),
                {"unit": province.unit.pk, "period": year_period(), "output": "docx"},
            )
        report = GeneratedReport.objects.get()
        assert report.status == GeneratedReport.Status.DONE, report.error
        assert report.file.name.endswith(".docx")
        document = read_docx(
            b"".join(client.get(reverse("report_download", args=[report.pk])).streaming_content)
        )
        closing = document.tables[-1]  # Decree 30: the signer on the right, "Nơi nhận:" on its left
        signature = [p.text for row in closing.rows for p in row.cells[1].paragraphs if p.text.strip()]
        assert signature == ["TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH", "Nguyễn Văn Chủ"]
        section = document.sections[0]
        assert section.different_first_page_header_footer  # page numbers from page 2, as Decree 30 wants
        assert [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))] == ["PAGE"]
        assert not list(section.first_page_header._element.iter(qn("w:instrText")))
        recipients = [p.text for p in closing.rows[0].cells[0].paragraphs if p.text.strip()]
        assert recipients == ["Nơi nhận:", "- Đoàn ĐBQH tỉnh;", "- Thường trực HĐND tỉnh;", "- UBND tỉnh;",
                              "- Ban Thường trực UBMTTQ Việt Nam tỉnh;", "- Lưu: VT."]

    def test_a_communes_report_goes_to_the_communes_bodies_and_the_province(self, province):
        from coordination.implementation_report import render_implementation_docx
        from tests.factories import CommuneFactory

        commune = CommuneFactory(name="Xã Hòa Bình", parent=province.unit)
        document = read_docx(render_implementation_docx(unit=commune, period=parse_period(year_period())))
        closing = document.tables[-1]
        recipients = [p.text for p in closing.rows[0].cells[0].paragraphs if p.text.strip()]
        assert recipients == [
            "Nơi nhận:",
            "- Thường trực HĐND tỉnh (để báo cáo);",
            "- Thường trực HĐND xã;",
            "- UBND xã;",
            "- Ban Thường trực UBMTTQ Việt Nam xã;",
            "- Lưu: VT.",
        ]
        signature = [p.text for row in closing.rows for p in row.cells[1].paragraphs if p.text.strip()]
        assert signature == [
            "TM. THƯỜNG TRỰC HĐND",
            "CHỦ TỊCH",
        ]  # no chair on record: the name is left to write in

    def test_an_outsider_cannot_request_another_units_report(self, login, outsider, province):
        response = login(outsider).post(
            reverse("followups:implementation_report"),
            {"unit": province.unit.pk, "period": "2026", "output": "pdf"},
        )
        assert response.status_code == 400
        assert "Đơn vị: không hợp lệ." in response.content.decode()
        assert not GeneratedReport.objects.exists()

    def test_a_bad_period_names_the_field(self, login, leader, province):
        response = login(leader).post(
            reverse("followups:implementation_report"),
            {"unit": province.unit.pk, "period": "nửa năm", "output": "pdf"},
        )
        assert response.status_code == 400
        assert "Kỳ báo cáo “NỬA NĂM” không hợp lệ" in response.content.decode()
        assert not GeneratedReport.objects.exists()

    def test_anonymous_is_sent_to_login(self, client):
        assert client.post(reverse("followups:implementation_report"), {}).status_code == 302

    def test_the_command_writes_pdf_and_docx(self, province, figures, tmp_path, capsys):
        province.unit.code = "HP"
        province.unit.save()
        call_command(
            "implementation_report",
            "--unit",
            "HP",
            "--period",
            f"{year_period()}H2",
            "-o",
            str(tmp_path / "bc.pdf"),
        )
        assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF")
        call_command(
            "implementation_report",
            "--unit",
            "HP",
            "--period",
            year_period(),
            "-o",
            str(tmp_path / "bc.docx"),
        )
        assert (tmp_path / "bc.docx").read_bytes()[:2] == b"PK"

    @pytest.mark.parametrize(("args", "message"), [
        (["--unit", "KHONGCO", "--period", "2026"], "--unit: không có đơn vị"),
        (["--unit", "HP", "--period", "2026H3"], "--period: Kỳ báo cáo"),
    ])
    def test_the_command_names_the_bad_argument(self, province, tmp_path, args, message):
        province.unit.code = "HP"
        province.unit.save()
        with pytest.raises(CommandError, match=message):
            call_command("implementation_report", *args, "-o", str(tmp_path / "x.pdf"))


class TestPeriods:
    @pytest.mark.parametrize(("code", "start", "end"), [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)), ("2026H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026h2", date(2026, 7, 1), date(2026, 12, 31)), ("2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ])
    def test_it_reads_period_codes(self, code, start, end):
        period = parse_period(code)
        assert (period.start, period.end) == (start, end)

    def test_on_time_uses_the_local_completion_day(self, province):
        followup = owed(province.committee, days=-1)
        # 23:30 in Hà Nội on the due date is still on time even though it is the next day nowhere else that
        # matters.
        at = timezone.make_aware(datetime.combine(followup.due_on, time(23, 30)))
        followup_complete(followup=followup, outcome="x", completed_at=at)
        from coordination.queries import implementation_data

        data = implementation_data(
            unit_ids={province.unit.pk},
            start=followup.due_on,
            end=followup.due_on,
            today=timezone.localdate(),
        )
        assert data["totals"]["on_time"] == 1
        assert FollowUp.objects.get(pk=followup.pk).was_on_time


def test_the_dashboard_draws_each_apps_breakdown_as_a_chart(login, leader, province):
    from tests.voters.factories import LetterFactory

    LetterFactory(handling_body=province.standing)
    html = login(leader).get(reverse("dashboard")).content.decode()
    chart = html.split('aria-label="Cử tri, công dân: Đơn thư theo loại"', 1)[1].split("</svg>", 1)[0]
    assert ">Kiến nghị</text>" in chart
    assert "<title>Đơn thư theo loại: 1</title>" in chart  # the one recommendation is a bar
