"""Compile, route, answer, verify: the petition's life, through the pages a person uses."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import FollowUp
from coordination.services import followups_of
from coordination.workdays import WorkCalendar
from tests.factories import BodyFactory, CommuneFactory
from tests.test_no_internal_codes import visible_text
from tests.url_coverage import covers
from voters import services
from voters.forms import RouteForm
from voters.models import MergeProposal, Opinion, Petition, PetitionStatus, ResultCategory
from voters.queries import trigram_similarity

pytestmark = pytest.mark.django_db


def test_similarity_ignores_diacritics_and_case():
    assert trigram_similarity("Đề nghị sửa đường liên xã", "de nghi sua duong lien xa") == 1.0
    assert trigram_similarity("sửa đường liên xã", "bổ sung bác sĩ trạm y tế") < 0.2


def test_a_round_opens_its_compile_deadline_from_the_rule(voter_round):
    followup = followups_of(voter_round).get()
    assert followup.lead_body == voter_round.organiser
    assert followup.due_on == WorkCalendar().next_working_day(voter_round.ends_on + timedelta(days=15))


@covers("voters:meeting_detail", "voters:compile", "voters:proposal_decide", "voters:petition_from_opinion")
class TestCompile:
    def test_it_records_opinions_fast_and_proposes_duplicates_a_person_accepts(
        self, login, front_staff, two_meetings
    ):
        client = login(front_staff)
        first, second = two_meetings
        client.post(
            reverse("voters:meeting_detail", args=[first.pk]),
            {"content": "Đề nghị sửa chữa đường liên xã bị xuống cấp"},
        )
        client.post(
            reverse("voters:meeting_detail", args=[second.pk]),
            {"content": "de nghi sua chua duong lien xa xuong cap"},
        )
        client.post(
            reverse("voters:meeting_detail", args=[second.pk]), {"content": "Bổ sung bác sĩ cho trạm y tế"}
        )
        assert Opinion.objects.count() == 3
        # Proposed as it was typed, across the two meetings: only the similar wording, never the doctor.
        pair = MergeProposal.objects.get()
        assert pair.opinion.content.startswith("de nghi sua") and pair.similar_opinion.meeting == first
        founding = Opinion.objects.get(meeting=first)
        client.post(reverse("voters:petition_from_opinion", args=[founding.pk]))
        petition = Petition.objects.get()
        client.post(reverse("voters:compile", args=[first.round_id]), {"action": "propose"})
        proposal = MergeProposal.objects.get(petition=petition)
        assert proposal.opinion.content.startswith("de nghi sua")
        assert Opinion.objects.get(pk=proposal.opinion_id).petition_id is None  # nothing merged by itself
        page = client.get(reverse("voters:compile", args=[first.round_id])).content.decode()
        assert f"Gộp vào kiến nghị số {petition.number}" in page
        client.post(reverse("voters:proposal_decide", args=[proposal.pk]), {"accept": "1"})
        petition.refresh_from_db()
        assert petition.opinions.count() == 2
        detail = client.get(petition.get_absolute_url()).content.decode()
        assert "Nhà văn hóa thôn 19" in detail and "Nhà văn hóa thôn 15" in detail

    def test_a_rejected_proposal_is_never_proposed_again(self, login, front_staff, two_meetings):
        first, second = two_meetings
        services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=first, content="Sửa đường liên xã")
        )
        services.opinion_record(meeting=second, content="Sửa đường liên xã thôn 2")
        services.proposals_refresh(round_=first.round)
        proposal = MergeProposal.objects.get()
        login(front_staff).post(reverse("voters:proposal_decide", args=[proposal.pk]), {"accept": "0"})
        services.proposals_refresh(round_=first.round)
        assert list(MergeProposal.objects.values_list("status", flat=True)) == ["rejected"]
        assert Opinion.objects.filter(petition__isnull=True).count() == 1

    def test_an_agency_officer_may_not_compile(self, login, agency_officer, voter_round, two_meetings):
        client = login(agency_officer)
        assert client.get(reverse("voters:compile", args=[voter_round.pk])).status_code == 403
        assert (
            client.post(
                reverse("voters:meeting_detail", args=[two_meetings[0].pk]), {"content": "x"}
            ).status_code
            == 403
        )
        opinion = services.opinion_record(meeting=two_meetings[0], content="Ý kiến")
        assert client.post(reverse("voters:petition_from_opinion", args=[opinion.pk])).status_code == 403
        assert not Petition.objects.exists()

    def test_an_outsider_gets_404(self, login, outsider, voter_round, two_meetings):
        client = login(outsider)
        assert client.get(reverse("voters:compile", args=[voter_round.pk])).status_code == 404
        assert client.get(reverse("voters:meeting_detail", args=[two_meetings[0].pk])).status_code == 404
        opinion = services.opinion_record(meeting=two_meetings[0], content="Ý kiến")
        assert client.post(reverse("voters:petition_from_opinion", args=[opinion.pk])).status_code == 404

    def test_proposal_decide_refuses_get_and_outsiders(self, login, outsider, front_staff, two_meetings):
        services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Sửa đường")
        )
        services.opinion_record(meeting=two_meetings[1], content="Sửa đường")
        services.proposals_refresh(round_=two_meetings[0].round)
        proposal = MergeProposal.objects.get()
        assert (
            login(front_staff).get(reverse("voters:proposal_decide", args=[proposal.pk])).status_code == 405
        )
        assert (
            login(outsider)
            .post(reverse("voters:proposal_decide", args=[proposal.pk]), {"accept": "1"})
            .status_code
            == 404
        )

    def test_an_empty_opinion_is_refused_with_the_field_named(self, login, front_staff, two_meetings):
        response = login(front_staff).post(
            reverse("voters:meeting_detail", args=[two_meetings[0].pk]), {"content": "  "}
        )
        assert "Nội dung ý kiến, kiến nghị" in response.content.decode()
        assert not Opinion.objects.exists()


@covers("voters:petition_merge")
class TestMerge:
    def test_merging_keeps_every_source_meeting(self, login, front_staff, two_meetings):
        a = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đường A")
        )
        b = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[1], content="Đường B")
        )
        response = login(front_staff).post(
            reverse("voters:petition_merge", args=[b.pk]), {"target": a.number}
        )
        assert response.status_code == 302
        b.refresh_from_db()
        assert (b.status, b.merged_into) == (PetitionStatus.MERGED, a)
        assert {o.meeting_id for o in a.opinions.all()} == {m.pk for m in two_meetings}

    def test_merging_into_a_missing_number_says_so(self, login, front_staff, two_meetings):
        a = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đường A")
        )
        response = login(front_staff).post(reverse("voters:petition_merge", args=[a.pk]), {"target": 99})
        assert response.status_code == 400
        assert "không có kiến nghị số 99" in response.content.decode()
        a.refresh_from_db()
        assert a.status == PetitionStatus.COMPILING

    def test_staff_of_the_agency_may_not_merge(self, login, agency_officer, routed_petition):
        assert (
            login(agency_officer)
            .post(reverse("voters:petition_merge", args=[routed_petition.pk]), {"target": 1})
            .status_code
            == 403
        )


@covers("voters:petition_detail", "voters:petition_route")
class TestRoute:
    def test_routing_sets_the_statutory_due_date_and_opens_a_followup(
        self, login, front_staff, two_meetings, province, land, today
    ):
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đất")
        )
        response = login(front_staff).post(
            reverse("voters:petition_route", args=[petition.pk]),
            {
                "title": "Cấp giấy chứng nhận",
                "field": land.pk,
                "competence": "province",
                "agency": province.agency.pk,
                "received_on": today.isoformat(),
            },
        )
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.due_on == WorkCalendar().next_working_day(today + timedelta(days=60))
        followup = followups_of(petition).get()
        assert (followup.lead_body, followup.due_on, followup.status) == (
            province.agency,
            petition.due_on,
            FollowUp.Status.OPEN,
        )

    def test_a_body_of_another_unit_is_refused_with_its_unit_named(
        self, login, front_staff, two_meetings, other_province, land, today
    ):
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đất")
        )
        response = login(front_staff).post(reverse("voters:petition_route", args=[petition.pk]), {
            "title": "Đất", "field": land.pk, "competence": "province", "agency": other_province.agency.pk,
            "received_on": today.isoformat(),
        })
        assert response.status_code == 400
        assert (
            "không thuộc" in response.content.decode()
            and other_province.unit.name in response.content.decode()
        )
        petition.refresh_from_db()
        assert petition.status == PetitionStatus.COMPILING and not followups_of(petition).exists()

    def test_a_commune_agency_is_accepted_for_commune_competence(self, two_meetings, province, land, today):
        commune_committee = BodyFactory(unit=CommuneFactory(parent=province.unit), kind="peoples_committee")
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đất")
        )
        services.petition_route(
            petition=petition, field=land, competence="commune", agency=commune_committee, received_on=today
        )
        assert petition.agency == commune_committee

    def test_a_province_body_is_refused_for_a_commune_competence_naming_the_field(
        self, login, front_staff, two_meetings, province, land, today
    ):
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đất")
        )
        response = login(front_staff).post(reverse("voters:petition_route", args=[petition.pk]), {
            "title": "Đất", "field": land.pk, "competence": "commune", "agency": province.agency.pk,
            "received_on": today.isoformat(),
        })
        assert response.status_code == 400
        assert (f"Cơ quan giải quyết: «{province.agency}» là cơ quan tỉnh, thành phố trực thuộc trung ương, "
                "không phải cơ quan có thẩm quyền «Cấp xã»") in unescape(response.content.decode())
        petition.refresh_from_db()
        assert (petition.status, petition.agency) == (PetitionStatus.COMPILING, None) and not followups_of(
            petition
        ).exists()

    def test_a_commune_body_is_refused_for_a_province_competence(self, two_meetings, province, land, today):
        commune_committee = BodyFactory(unit=CommuneFactory(parent=province.unit), kind="peoples_committee")
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đất")
        )
        with pytest.raises(ValidationError) as refused:
            services.petition_route(
                petition=petition,
                field=land,
                competence="province",
                agency=commune_committee,
                received_on=today,
            )
        assert (
            "không phải cơ quan có thẩm quyền «Cấp tỉnh»" in refused.value.error_dict["agency"][0].messages[0]
        )
        petition.refresh_from_db()
        assert petition.agency is None

    def test_a_communes_petition_of_province_competence_goes_to_the_province_above(
        self, province, land, today
    ):
        commune = CommuneFactory(parent=province.unit)
        front = BodyFactory(unit=commune, kind="front_board")
        round_ = services.round_create(organiser=front, title="Đợt của xã", timing="before", kind="general",
                                       starts_on=today - timedelta(days=3), ends_on=today)
        meeting = services.meeting_create(
            round_=round_, held_on=today, place_unit=commune, address="Nhà văn hóa", voters_attending=50
        )
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=meeting, content="Đường")
        )
        assert province.agency.pk in [
            c[0] for c in RouteForm(petition=petition).fields["agency"].widget.choices
        ]
        services.petition_route(
            petition=petition, field=land, competence="province", agency=province.agency, received_on=today
        )
        assert petition.agency == province.agency

    def test_a_date_in_the_future_is_refused(self, login, front_staff, two_meetings, province, land, today):
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="Đất")
        )
        response = login(front_staff).post(reverse("voters:petition_route", args=[petition.pk]), {
            "title": "Đất", "field": land.pk, "competence": "province", "agency": province.agency.pk,
            "received_on": (today + timedelta(days=3)).isoformat(),
        })
        assert response.status_code == 400
        assert (
            f"Ngày chuyển cơ quan {today + timedelta(days=3):%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}"
            in response.content.decode()
        )

    def test_central_competence_goes_via_the_na_delegation(self, two_meetings, province, land, today):
        petition = services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[0], content="BHXH")
        )
        with pytest.raises(Exception, match="Đoàn đại biểu Quốc hội"):
            services.petition_route(
                petition=petition, field=land, competence="central", agency=province.agency, received_on=today
            )

    def test_the_detail_page_is_for_the_unit_only(self, login, viewer, outsider, routed_petition, client):
        assert (
            "Đề nghị cấp giấy chứng nhận"
            in login(viewer).get(routed_petition.get_absolute_url()).content.decode()
        )
        assert login(outsider).get(routed_petition.get_absolute_url()).status_code == 404
        client.logout()
        assert client.get(routed_petition.get_absolute_url()).status_code == 302

    def test_a_viewer_may_not_route(self, login, viewer, routed_petition, land, province, today):
        response = login(viewer).post(
            reverse("voters:petition_route", args=[routed_petition.pk]),
            {
                "title": "x",
                "field": land.pk,
                "competence": "province",
                "agency": province.agency.pk,
                "received_on": today,
            },
        )
        assert response.status_code == 403


@covers("voters:petition_history")
class TestPetitionHistory:
    def test_it_shows_the_answer_by_its_labels_and_who_gave_it(self, login, agency_officer, viewer,
                                                              routed_petition, province, today):
        login(agency_officer).post(
            reverse("voters:petition_answer", args=[routed_petition.pk]),
            {"category": "resolved", "answer_text": "Đã cấp giấy", "answered_on": today.strftime("%d/%m/%Y")},
        )
        client = login(viewer)
        response = client.get(reverse("voters:petition_history", args=[routed_petition.pk]))
        assert response.status_code == 200
        text = visible_text(response.content.decode()).replace(" :", ":")
        assert "Nội dung trả lời: — → Đã cấp giấy" in text
        assert f"Ngày trả lời: — → {today:%d/%m/%Y}" in text
        assert "Trả lời đúng hạn: — → Có" in text
        assert f"Kết quả: — → {ResultCategory.RESOLVED.label}" in text
        assert f"Cơ quan giải quyết: — → {province.agency}" in text  # routed: the agency by its name
        assert agency_officer.get_full_name() in text
        assert "resolved" not in text
        assert reverse("voters:petition_history", args=[routed_petition.pk]) in client.get(
            routed_petition.get_absolute_url()).content.decode()

    def test_it_goes_through_the_petitions_door(self, login, outsider, routed_petition, client):
        url = reverse("voters:petition_history", args=[routed_petition.pk])
        assert client.get(url).status_code == 302
        assert login(outsider).get(url).status_code == 404


@covers("voters:petition_answer", "voters:petition_verify")
class TestAnswerAndVerify:
    def test_the_agency_answers_and_the_standing_committee_verifies(
        self, login, agency_officer, staff_a, routed_petition, today
    ):
        response = login(agency_officer).post(
            reverse("voters:petition_answer", args=[routed_petition.pk]),
            {
                "category": "resolved",
                "answer_text": "Đã cấp giấy",
                "answered_on": today.isoformat(),
                "answer_document": "12/SNN",
            },
        )
        assert response.status_code == 302
        routed_petition.refresh_from_db()
        assert (routed_petition.status, routed_petition.answered_on_time) == (PetitionStatus.ANSWERED, True)
        assert followups_of(routed_petition).get().status == FollowUp.Status.DONE
        login(staff_a).post(
            reverse("voters:petition_verify", args=[routed_petition.pk]), {"satisfactory": "1", "note": ""}
        )
        routed_petition.refresh_from_db()
        assert routed_petition.status == PetitionStatus.SATISFIED

    def test_an_unsatisfactory_answer_reopens_the_petition(self, login, staff_a, routed_petition, today):
        services.petition_answer(
            petition=routed_petition, category="explained", answer_text="Giải trình", answered_on=today
        )
        login(staff_a).post(
            reverse("voters:petition_verify", args=[routed_petition.pk]),
            {"satisfactory": "0", "note": "Chưa rõ"},
        )
        routed_petition.refresh_from_db()
        followup = followups_of(routed_petition).get()
        assert routed_petition.status == PetitionStatus.REOPENED
        assert followup.status == FollowUp.Status.OPEN and followup.due_on == WorkCalendar().next_working_day(
            today + timedelta(days=60)
        )

    def test_a_reopened_petition_shows_its_answer_superseded_the_new_due_date_and_the_next_step(
        self, login, staff_a, agency_officer, routed_petition, today
    ):
        services.petition_answer(
            petition=routed_petition, category="resolved", answer_text="Đã cấp giấy", answered_on=today
        )
        answered = login(staff_a).get(routed_petition.get_absolute_url()).content.decode()
        on_time = '<span class="badge badge--ok">đúng hạn</span>'
        assert on_time in answered and "Trả lời của cơ quan" in answered
        services.petition_verify(petition=routed_petition, satisfactory=False, note="Cử tri chưa nhận giấy")
        routed_petition.refresh_from_db()
        page = login(agency_officer).get(routed_petition.get_absolute_url()).content.decode()
        due, day = f"{routed_petition.due_on:%d/%m/%Y}", f"{today:%d/%m/%Y}"
        assert "Kiến nghị đã mở lại: cần trả lời lại" in page
        assert f"Mở lại ngày {day}: trả lời trước đây không còn hiệu lực." in page
        next_step = f"{routed_petition.agency.name} trả lời lại trước ngày {due} (hạn mới)"
        assert next_step + "; sau đó kết quả được đánh giá lại." in page
        assert 'Trả lời trước đây <span class="badge badge--warn">không còn hiệu lực</span>' in page
        assert "Kết quả đã báo" in page and "(lúc đó trả lời đúng hạn)" in page
        assert on_time not in page
        assert "Cử tri chưa nhận giấy" in page and "Ghi trả lời" in page  # why, and where to answer again

    def test_unsatisfactory_needs_a_reason(self, login, staff_a, routed_petition, today):
        services.petition_answer(
            petition=routed_petition, category="explained", answer_text="Giải trình", answered_on=today
        )
        response = login(staff_a).post(
            reverse("voters:petition_verify", args=[routed_petition.pk]), {"satisfactory": "0"}
        )
        assert response.status_code == 400 and "Cần nêu lý do" in response.content.decode()
        routed_petition.refresh_from_db()
        assert routed_petition.status == PetitionStatus.ANSWERED

    def test_in_progress_needs_a_roadmap_and_new_deadline(
        self, login, agency_officer, routed_petition, today
    ):
        response = login(agency_officer).post(reverse("voters:petition_answer", args=[routed_petition.pk]), {
            "category": "in_progress", "answer_text": "Đang làm", "answered_on": today.isoformat()})
        assert response.status_code == 400
        assert "lộ trình và thời hạn mới" in response.content.decode()
        routed_petition.refresh_from_db()
        assert routed_petition.status == PetitionStatus.FORWARDED and routed_petition.answer_text == ""

    def test_only_the_agency_answers_and_only_verifiers_verify(
        self, login, staff_b, agency_officer, routed_petition, today
    ):
        data = {"category": "resolved", "answer_text": "x", "answered_on": today.isoformat()}
        assert (
            login(staff_b)
            .post(reverse("voters:petition_answer", args=[routed_petition.pk]), data)
            .status_code
            == 403
        )
        services.petition_answer(
            petition=routed_petition, category="resolved", answer_text="x", answered_on=today
        )
        assert login(agency_officer).post(reverse("voters:petition_verify", args=[routed_petition.pk]),
                                          {"satisfactory": "1"}).status_code == 403

    def test_an_unanswered_petition_past_its_due_date_is_overdue_and_keeps_its_due_date(
        self, routed_petition
    ):
        due_on, later = routed_petition.due_on, routed_petition.due_on + timedelta(days=1)
        assert services.petitions_reopen_overdue(today=later) == 0
        routed_petition.refresh_from_db()
        assert (routed_petition.status, routed_petition.due_on) == (PetitionStatus.FORWARDED, due_on)
        assert followups_of(routed_petition).overdue(today=later).count() == 1
        assert not followups_of(routed_petition).overdue(today=due_on).exists()

    def test_an_overdue_promise_is_reopened_by_the_sweep_once(self, routed_petition, today):
        services.petition_answer(
            petition=routed_petition,
            category="in_progress",
            answer_text="Đang làm",
            roadmap="Quý 3",
            answered_on=today - timedelta(days=2),
            new_deadline=today - timedelta(days=1),
        )
        assert services.petitions_reopen_overdue(today=today) == 1
        assert services.petitions_reopen_overdue(today=today) == 0
        routed_petition.refresh_from_db()
        assert routed_petition.status == PetitionStatus.REOPENED


@covers("voters:petition_recurring")
class TestRecurring:
    def test_a_petition_raised_again_next_round_is_linked_and_flagged(
        self, login, front_staff, routed_petition, province, today
    ):
        later = services.round_create(
            organiser=province.front,
            title="Đợt sau",
            timing="after",
            kind="general",
            starts_on=today - timedelta(days=3),
            ends_on=today,
        )
        meeting = services.meeting_create(
            round_=later, held_on=today, place_unit=province.unit, address="Thôn 1", voters_attending=50
        )
        again = services.petition_create_from_opinion(
            opinion=services.opinion_record(
                meeting=meeting, content="Đề nghị cấp giấy chứng nhận quyền sử dụng đất"
            )
        )
        client = login(front_staff)
        page = client.get(again.get_absolute_url()).content.decode()
        assert "Có thể là kiến nghị tái diễn" in page
        client.post(reverse("voters:petition_recurring", args=[again.pk]), {"previous": routed_petition.pk})
        again.refresh_from_db()
        assert again.is_recurring and again.recurring_of == routed_petition
        assert "Tái diễn — đề xuất chất vấn" in client.get(again.get_absolute_url()).content.decode()

    def test_a_later_round_cannot_be_the_previous_one(self, login, front_staff, routed_petition, outsider):
        response = login(front_staff).post(reverse("voters:petition_recurring", args=[routed_petition.pk]),
                                           {"previous": routed_petition.pk}, follow=True)
        assert "đợt tiếp xúc trước đó" in response.content.decode()
        assert login(outsider).post(reverse("voters:petition_recurring", args=[routed_petition.pk]),
                                    {"previous": routed_petition.pk}).status_code == 404
