"""Registers (filters, search without diacritics, Excel, print, pagination, query counts) and the other
pages."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coordination.models import FollowUp, GeneratedReport
from coordination.services import followups_of
from tests.exports import export_xlsx
from tests.url_coverage import covers
from tests.voters.factories import (
    LetterFactory,
    MeetingFactory,
    PetitionFactory,
    ReceptionDayFactory,
    RoundFactory,
    VisitFactory,
)
from voters import services
from voters.models import ReceptionDay, ReceptionVisit, VoterContactRound, VoterMeeting

pytestmark = pytest.mark.django_db

MAX_QUERIES = 14


def rows_of(response):
    return list(load_workbook(BytesIO(response.content)).active.values)


@pytest.fixture
def make(province):
    """make[name](n) creates n rows of that register, visible to the province's users."""
    def rounds(n):
        for _ in range(n):
            MeetingFactory(round=RoundFactory(organiser=province.front))

    def petitions(n):
        round_ = RoundFactory(organiser=province.front)
        PetitionFactory.create_batch(n, round=round_, agency=province.agency, status="forwarded")

    def receptions(n):
        ReceptionDayFactory.create_batch(n, host_body=province.committee)

    def letters(n):
        LetterFactory.create_batch(n, handling_body=province.standing)

    def visits(n):
        VisitFactory.create_batch(n, reception__host_body=province.committee)

    return {
        "voters:round_list": rounds,
        "voters:petition_list": petitions,
        "voters:reception_list": receptions,
        "voters:letter_list": letters,
        "voters:visit_list": visits,
    }


@covers("voters:round_list", "voters:petition_list", "voters:reception_list", "voters:visit_list")
@pytest.mark.parametrize(
    "name",
    [
        "voters:round_list",
        "voters:petition_list",
        "voters:reception_list",
        "voters:letter_list",
        "voters:visit_list",
    ],
)
class TestRegisters:
    def test_query_count_is_the_same_at_1_and_50_rows(
        self, name, make, login, staff_a, django_assert_max_num_queries
    ):
        client = login(staff_a)
        make[name](1)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(reverse(name)).status_code == 200
        make[name](49)
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(reverse(name))
        assert response.context["paginator"].count >= 50
        assert response.context["page_obj"].has_next()

    def test_excel_and_print(self, name, make, login, staff_a):
        make[name](3)
        client = login(staff_a)
        rows = rows_of(export_xlsx(client, reverse(name)))
        assert len(rows) >= 4 and rows[0][0]
        printed = client.get(reverse(name), {"format": "print"})
        assert printed.status_code == 200 and len(printed.context["rows"]) >= 3

    def test_anonymous_goes_to_login_and_outsiders_see_nothing(self, name, make, login, outsider, client):
        make[name](2)
        assert client.get(reverse(name)).status_code == 302
        response = export_xlsx(login(outsider), reverse(name))
        assert len(rows_of(response)) == 1


class TestSearchAndFilters:
    def test_petitions_are_found_without_diacritics_and_filtered(self, login, staff_a, province):
        round_ = RoundFactory(organiser=province.front)
        PetitionFactory(
            round=round_, title="Sửa chữa đường liên xã", agency=province.agency, status="forwarded"
        )
        PetitionFactory(
            round=round_, title="Bổ sung bác sĩ", agency=province.other_agency, status="satisfied"
        )
        client = login(staff_a)
        html = client.get(reverse("voters:petition_list"), {"q": "duong lien xa"}).content.decode()
        assert "Sửa chữa đường liên xã" in html and "Bổ sung bác sĩ" not in html
        html = client.get(
            reverse("voters:petition_list"), {"agency": province.agency.pk, "owed": "true"}
        ).content.decode()
        assert "Sửa chữa đường liên xã" in html and "Bổ sung bác sĩ" not in html
        rows = rows_of(export_xlsx(client, reverse("voters:petition_list"), {"status": "satisfied"}))
        assert [r[1] for r in rows[1:]] == ["Bổ sung bác sĩ"]

    @pytest.mark.parametrize("cap", [4, 100])
    @pytest.mark.parametrize("in_one_agency", [False, True])
    def test_a_search_pages_its_matches_in_due_date_order_however_many_match(
        self, login, staff_a, province, monkeypatch, cap, in_one_agency
    ):
        # Below the count cap PostgreSQL reads the matches once and pages them by id; at the cap it walks the
        # due-date index; inside one agency's petitions it counts by walking that agency's index. Either way:
        # the same rows, in the register's order.
        from voters.views import petitions

        monkeypatch.setattr(petitions.CappedCountPaginator, "cap", cap)
        monkeypatch.setattr(petitions.PetitionListView, "paginate_by", 2)
        round_ = RoundFactory(organiser=province.front)
        today = timezone.localdate()
        made = [
            PetitionFactory(
                round=round_,
                title=f"Sửa đường liên xã {n}",
                due_on=today + timedelta(days=d),
                agency=province.agency,
            )
            for n, d in enumerate((5, 9, 1, 3, 3, 0))
        ]
        PetitionFactory(round=round_, title="Bổ sung bác sĩ", due_on=today, agency=province.agency)
        elsewhere = PetitionFactory(
            round=round_,
            title="Sửa đường liên xã ở nơi khác",
            due_on=today - timedelta(days=1),
            agency=province.other_agency,
        )
        expected = [p.pk for p in sorted(made + ([] if in_one_agency else [elsewhere]),
                                         key=lambda p: (p.due_on, p.pk))][:cap]
        params = {"q": "duong lien xa", **({"agency": province.agency.pk} if in_one_agency else {})}
        client = login(staff_a)
        seen = []
        for page in range(1, (len(expected) + 1) // 2 + 1):
            response = client.get(reverse("voters:petition_list"), {**params, "page": page})
            seen += [p.pk for p in response.context["page_obj"].object_list]
        assert seen == expected

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the head is read on PostgreSQL only")
    @pytest.mark.parametrize(
        "head, glance, first, narrowed, read_by",
        [
            (4, 2, "Sửa đường liên xã", {}, "head"),  # the glance finds its share (2 of 2), the head 3 of 4
            (4, 1, "Bổ sung bác sĩ", {}, "trigram index"),  # the glance finds none of its 1: no head read
            (3, 1, "Sửa đường liên xã", {}, "trigram index"),  # the head holds 2 matches, under the cap
            (4, 2, "Sửa đường liên xã", {"status": "compiling"}, "trigram index"),  # a filter: no head read
        ],
        ids=["cap-in-head", "glance-finds-too-few", "head-too-short", "filtered"],
    )
    def test_a_search_proves_its_cap_in_the_first_rows_or_asks_the_index(
        self, login, staff_a, province, monkeypatch, head, glance, first, narrowed, read_by
    ):
        # With a cap of 3, the table's first rows prove "3 or more" without the trigram index (no LIKE);
        # otherwise, or through a filter, the index counts. The same count and the same rows either way.
        from voters.views import petitions

        monkeypatch.setattr(petitions.CappedCountPaginator, "cap", 3)
        monkeypatch.setattr(petitions, "HEAD_ROWS", head)
        monkeypatch.setattr(petitions, "GLANCE_ROWS", glance)
        monkeypatch.setattr(petitions.PetitionListView, "paginate_by", 2)
        round_ = RoundFactory(organiser=province.front)
        today = timezone.localdate()
        titles = [first, "Sửa đường liên xã", "Bổ sung bác sĩ", "Sửa đường liên xã", "Sửa đường liên xã"]
        made = [  # saved in this order, the table's own; due in the reverse order
            PetitionFactory(
                round=round_, title=title, due_on=today + timedelta(days=9 - n), agency=province.agency
            )
            for n, title in enumerate(titles)
        ]
        client = login(staff_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("voters:petition_list"), {"q": "duong lien xa", **narrowed})
        matches = sorted((p for p in made if p.title.startswith("Sửa")), key=lambda p: (p.due_on, p.pk))
        assert [p.pk for p in response.context["page_obj"].object_list] == [p.pk for p in matches[:2]]
        assert "Có từ 3 kết quả trở lên" in response.content.decode()
        liked = any("LIKE" in q["sql"] and "voters_petition" in q["sql"] for q in queries.captured_queries)
        assert liked == (read_by == "trigram index")

    def test_an_agency_officer_gets_a_button_to_their_inbox(self, login, agency_officer, province):
        html = login(agency_officer).get(reverse("voters:petition_list")).content.decode()
        assert f"?agency={province.agency.pk}&amp;owed=true" in html

    def test_letters_filter_by_kind_and_search_by_number(self, login, staff_a, province):
        LetterFactory(
            handling_body=province.standing, number="77/ĐT", kind="complaint", content="Khiếu nại đất đai"
        )
        LetterFactory(handling_body=province.standing, number="78/ĐT", kind="report", content="Phản ánh")
        client = login(staff_a)
        assert [
            r[0]
            for r in rows_of(export_xlsx(client, reverse("voters:letter_list"), {"kind": "complaint"}))[1:]
        ] == ["77/ĐT"]
        assert "77/ĐT" in client.get(reverse("voters:letter_list"), {"q": "khieu nai dat"}).content.decode()

    def test_rounds_filter_by_timing_and_receptions_by_kind(self, login, staff_a, province):
        RoundFactory(organiser=province.front, title="Đợt trước kỳ họp", timing="before")
        RoundFactory(organiser=province.front, title="Đợt sau kỳ họp", timing="after")
        ReceptionDayFactory(host_body=province.committee, kind=ReceptionDay.Kind.JOINT, receiver="Tiếp chung")
        client = login(staff_a)
        html = client.get(reverse("voters:round_list"), {"timing": "after"}).content.decode()
        assert "Đợt sau kỳ họp" in html and "Đợt trước kỳ họp" not in html
        assert (
            "Tiếp chung" in client.get(reverse("voters:reception_list"), {"kind": "joint"}).content.decode()
        )
        assert (
            "Tiếp chung"
            not in client.get(reverse("voters:reception_list"), {"kind": "regular"}).content.decode()
        )


@covers("voters:round_create", "voters:round_detail", "voters:meeting_create")
class TestRoundsAndMeetings:
    def test_the_front_creates_a_round_and_adds_a_meeting(self, login, front_staff, province, today):
        client = login(front_staff)
        response = client.post(reverse("voters:round_create"), {
            "title": "Đợt sau kỳ họp thứ tư", "timing": "after", "kind": "general",
            "na_session_number": 10, "organiser": province.front.pk, "cooperating": province.standing.pk,
            "starts_on": (today - timedelta(days=5)).isoformat(), "ends_on": today.isoformat()})
        round_ = VoterContactRound.objects.get()
        assert response.url == round_.get_absolute_url()
        client.post(
            reverse("voters:meeting_create", args=[round_.pk]),
            {
                "held_on": today.isoformat(),
                "place_unit": province.unit.pk,
                "address": "Hội trường xã",
                "voters_attending": 120,
            },
        )
        page = client.get(round_.get_absolute_url()).content.decode()
        assert "Hội trường xã" in page and "120 lượt cử tri" in page and "Kỳ họp thứ 10 của Quốc hội" in page

    def test_a_round_ending_before_it_starts_and_a_meeting_in_the_future_are_refused(
        self, login, front_staff, province, voter_round, today
    ):
        client = login(front_staff)
        response = client.post(reverse("voters:round_create"), {
            "title": "Sai", "timing": "after", "kind": "general", "organiser": province.front.pk,
            "starts_on": today.isoformat(), "ends_on": (today - timedelta(days=1)).isoformat()})
        assert (
            f"Đến ngày ({today - timedelta(days=1):%d/%m/%Y}) không được trước ngày bắt đầu đợt "
            f"({today:%d/%m/%Y})."
            in response.content.decode()
        )
        response = client.post(
            reverse("voters:meeting_create", args=[voter_round.pk]),
            {
                "held_on": (today + timedelta(days=2)).isoformat(),
                "place_unit": province.unit.pk,
                "address": "X",
                "voters_attending": 1,
            },
        )
        assert (
            f"Ngày tiếp xúc {today + timedelta(days=2):%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}"
            in response.content.decode()
        )
        assert VoterContactRound.objects.count() == 1 and not VoterMeeting.objects.exists()

    def test_the_round_page_leads_its_editors_to_the_meeting_form(
        self, login, front_staff, viewer, voter_round, today
    ):
        add = reverse("voters:meeting_create", args=[voter_round.pk])
        assert f'href="{add}"' in login(front_staff).get(voter_round.get_absolute_url()).content.decode()
        assert f'href="{add}"' not in login(viewer).get(voter_round.get_absolute_url()).content.decode()
        form = login(front_staff).get(add).context["form"]
        assert form["held_on"].value() == today and "Hòa Phong" in str(form["place_unit"])

    def test_permissions(self, login, staff_b, viewer, outsider, voter_round):
        assert login(staff_b).get(reverse("voters:round_create")).status_code == 403
        assert login(viewer).get(voter_round.get_absolute_url()).status_code == 200
        assert (
            login(viewer).post(reverse("voters:meeting_create", args=[voter_round.pk]), {}).status_code == 403
        )
        assert login(outsider).get(voter_round.get_absolute_url()).status_code == 404


@covers("voters:reception_create", "voters:reception_detail", "voters:visit_reply")
class TestReception:
    def test_a_visit_gets_a_10_working_day_reply_deadline_closed_by_the_reply(
        self, login, staff_b, province, today
    ):
        client = login(staff_b)
        client.post(
            reverse("voters:reception_create"),
            {
                "host_body": province.committee.pk,
                "receiver": "Chủ tịch UBND tỉnh",
                "kind": "regular",
                "day": today.isoformat(),
                "place": "Trụ sở",
            },
        )
        reception = ReceptionDay.objects.get()
        client.post(
            reception.get_absolute_url(), {"citizens": "Ông C", "citizen_count": 2, "content": "Đền bù"}
        )
        visit = ReceptionVisit.objects.get()
        from coordination.workdays import WorkCalendar

        assert visit.due_on == WorkCalendar().add_working_days(today, 10)
        client.post(
            reverse("voters:visit_reply", args=[visit.pk]),
            {"reply": "forwarded", "replied_on": today.isoformat()},
        )
        visit.refresh_from_db()
        assert visit.get_reply_display() == "Chuyển cơ quan có thẩm quyền"
        assert followups_of(visit).get().status == FollowUp.Status.DONE

    @pytest.mark.parametrize("reply", ["accepted", "refused", "forwarded"])
    def test_a_final_reply_ends_what_is_owed(self, login, staff_b, province, today, reply):
        visit = self._visit(province)
        response = login(staff_b).post(reverse("voters:visit_reply", args=[visit.pk]),
                                       {"reply": reply, "replied_on": today.isoformat()}, follow=True)
        assert "Đã ghi nhận trả lời công dân" in response.content.decode()
        visit.refresh_from_db()
        assert (visit.reply, visit.replied_on) == (reply, today)
        followup = followups_of(visit).get()
        assert followup.status == FollowUp.Status.DONE and followup.outcome == visit.get_reply_display()
        again = login(staff_b).post(reverse("voters:visit_reply", args=[visit.pk]),
                                    {"reply": "refused", "replied_on": today.isoformat()}, follow=True)
        assert "Trả lời công dân: Lượt tiếp này đã được trả lời" in again.content.decode()
        visit.refresh_from_db()
        assert visit.reply == reply

    def test_an_extension_moves_the_deadline_and_a_reply_is_still_owed(self, login, staff_b, province, today):
        visit = self._visit(province)
        client = login(staff_b)
        new_due = visit.due_on + timedelta(days=10)
        client.post(reverse("voters:visit_reply", args=[visit.pk]),
                    {"reply": "extended", "replied_on": today.isoformat(), "new_due_on": new_due.isoformat()})
        visit.refresh_from_db()
        followup = followups_of(visit).get()
        assert (visit.reply, visit.due_on) == ("extended", new_due)
        assert (followup.status, followup.due_on) == (FollowUp.Status.OPEN, new_due)
        page = client.get(visit.reception.get_absolute_url()).content.decode()
        assert (
            "Gia hạn" in page and reverse("voters:visit_reply", args=[visit.pk]) in page
        )  # the final reply is still owed
        client.post(
            reverse("voters:visit_reply", args=[visit.pk]),
            {"reply": "accepted", "replied_on": today.isoformat()},
        )
        visit.refresh_from_db()
        assert visit.reply == "accepted" and followups_of(visit).get().status == FollowUp.Status.DONE

    @pytest.mark.parametrize("new_due, message", [
        ("", "Hạn trả lời mới (khi gia hạn): Gia hạn cần hạn trả lời mới."),
        ("same", "Hạn trả lời mới (khi gia hạn): Hạn trả lời mới phải sau hạn hiện tại"),
    ])
    def test_an_extension_needs_a_later_due_date(self, login, staff_b, province, today, new_due, message):
        visit = self._visit(province)
        due_on = visit.due_on
        response = login(staff_b).post(reverse("voters:visit_reply", args=[visit.pk]), {
            "reply": "extended", "replied_on": today.isoformat(),
            "new_due_on": due_on.isoformat() if new_due == "same" else ""}, follow=True)
        assert message in response.content.decode()
        visit.refresh_from_db()
        followup = followups_of(visit).get()
        assert (visit.reply, visit.replied_on, visit.due_on) == ("", None, due_on)
        assert (followup.status, followup.due_on) == (FollowUp.Status.OPEN, due_on)

    def _visit(self, province):
        reception = ReceptionDayFactory(host_body=province.committee)
        return services.reception_visit_log(
            reception=reception, citizens="Ông C", citizen_count=1, content="Đền bù"
        )

    def test_a_visit_to_a_future_reception_is_refused(self, login, staff_b, province, today):
        reception = ReceptionDayFactory(host_body=province.committee, day=today + timedelta(days=3))
        response = login(staff_b).post(
            reception.get_absolute_url(), {"citizens": "Ông C", "citizen_count": 1, "content": "x"}
        )
        assert response.status_code == 400
        assert (
            f"Ngày tiếp công dân {today + timedelta(days=3):%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}: "
            f"không thể ghi nhận "
            "việc chưa xảy ra."
        ) in response.content.decode()
        assert not ReceptionVisit.objects.exists()

    def test_permissions(self, login, agency_officer, viewer, outsider, province, db):
        reception = ReceptionDayFactory(host_body=province.committee)
        assert login(viewer).get(reception.get_absolute_url()).status_code == 200
        assert login(viewer).post(reception.get_absolute_url(), {"citizens": "x"}).status_code == 403
        assert login(outsider).get(reception.get_absolute_url()).status_code == 404
        assert login(viewer).get(reverse("voters:reception_create")).status_code == 403
        visit = services.reception_visit_log(reception=reception, citizens="A", citizen_count=1, content="B")
        assert (
            login(agency_officer)
            .post(reverse("voters:visit_reply", args=[visit.pk]), {"reply": "accepted"})
            .status_code
            == 403
        )


@covers("voters:results", "voters:results_pdf")
class TestResults:
    def test_the_report_counts_by_category_and_agency_on_time(
        self, login, staff_a, routed_petition, today, committed
    ):
        services.petition_answer(
            petition=routed_petition, category="resolved", answer_text="Xong", answered_on=today
        )
        client = login(staff_a)
        html = client.get(reverse("voters:results"), {"round": routed_petition.round_id}).content.decode()
        assert "<svg" in html and "Đã giải quyết xong" in html and "100\xa0%\xa0(1/1)" in html
        rows = rows_of(
            client.get(reverse("voters:results"), {"round": routed_petition.round_id, "format": "xlsx"})
        )
        assert ("Cơ quan", routed_petition.agency.name, 1, 1, 1, 100) in rows
        assert ("Tình trạng xử lý", "Đã trả lời, chờ đánh giá", 1) in [row[:3] for row in rows]
        assert "Tình trạng xử lý" in html and "Đã trả lời, chờ đánh giá" in html
        with committed():
            response = client.post(reverse("voters:results_pdf") + f"?round={routed_petition.round_id}")
        report = GeneratedReport.objects.get()
        assert response.url == report.get_absolute_url()
        assert report.status == "done", report.error
        assert report.file.read().startswith(b"%PDF")

    def test_outsiders_cannot_report_on_a_round_they_cannot_see(
        self, login, outsider, routed_petition, client
    ):
        assert (
            login(outsider).get(reverse("voters:results"), {"round": routed_petition.round_id}).status_code
            == 404
        )
        assert (
            login(outsider)
            .post(reverse("voters:results_pdf") + f"?round={routed_petition.round_id}")
            .status_code
            == 404
        )
        client.logout()
        assert client.get(reverse("voters:results")).status_code == 302
