"""Every endpoint as each persona: the same doors as the pages (an outsider gets 404 on another province's
objects, a viewer reads and never writes, a read-only token never writes)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from coordination.models import ApiToken, ApiTokenUse, FollowUp
from coordination.services import followups_of
from tests.factories import FollowUpFactory
from tests.url_coverage import covers
from voters.models import PetitionStatus

READ = ApiToken.Scope.READ


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@covers("api:unit-list", "api:unit-detail")
def test_units_are_those_of_the_users_bodies(bearer, staff_a, outsider, province, other_province, client):
    assert ids(bearer(staff_a).get(reverse("api:unit-list"))) == [province.unit.pk]
    assert ids(bearer(outsider, READ).get(reverse("api:unit-list"))) == [other_province.unit.pk]
    detail = reverse("api:unit-detail", args=[province.unit.pk])
    assert bearer(staff_a, READ).get(detail).json()["name"] == province.unit.name
    response = bearer(outsider).get(detail)
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    assert client.get(detail).status_code == 401


@covers("api:body-list", "api:body-detail")
def test_bodies_are_those_of_the_users_units(bearer, viewer, outsider, province):
    listed = ids(bearer(viewer, READ).get(reverse("api:body-list")))
    assert province.agency.pk in listed and province.standing.pk in listed
    assert province.agency.pk not in ids(bearer(outsider).get(reverse("api:body-list")))
    detail = reverse("api:body-detail", args=[province.agency.pk])
    assert bearer(viewer, READ).get(detail).json()["name"] == province.agency.name
    assert bearer(outsider).get(detail).status_code == 404


@covers("api:petition-list", "api:petition-detail")
def test_petitions_through_the_petitions_door(
    bearer, viewer, agency_officer, outsider, routed_petition, client
):
    for user in (viewer, agency_officer):
        assert ids(bearer(user, READ).get(reverse("api:petition-list"))) == [routed_petition.pk]
    assert ids(bearer(outsider).get(reverse("api:petition-list"))) == []
    detail = reverse("api:petition-detail", args=[routed_petition.pk])
    body = bearer(viewer, READ).get(detail).json()
    assert (body["title"], body["status"], body["agency"]) == (
        routed_petition.title, PetitionStatus.FORWARDED, routed_petition.agency_id)
    assert bearer(outsider).get(detail).status_code == 404
    assert client.get(detail).status_code == 401


def test_petitions_take_the_pages_filters(bearer, staff_a, routed_petition, province):
    client = bearer(staff_a, READ)
    assert ids(client.get(reverse("api:petition-list"), {"status": "forwarded"})) == [routed_petition.pk]
    assert ids(client.get(reverse("api:petition-list"), {"status": "answered"})) == []
    assert ids(client.get(reverse("api:petition-list"), {"agency": province.agency.pk})) == [
        routed_petition.pk
    ]
    response = client.get(reverse("api:petition-list"), {"status": "nonsense"})
    assert response.status_code == 400 and "status" in response.json()


@covers("api:petition-answer")
def test_only_the_agency_answers_and_a_read_token_never_writes(
    bearer, agency_officer, staff_a, viewer, outsider, routed_petition, today
):
    url = reverse("api:petition-answer", args=[routed_petition.pk])
    data = {"category": "resolved", "answer_text": "Đã cấp giấy", "answered_on": today.isoformat(),
            "answer_document": "12/SNN"}
    assert bearer(outsider).post(url, data).status_code == 404
    assert bearer(viewer).post(url, data).status_code == 403
    assert bearer(staff_a).post(url, data).status_code == 403
    read_only = bearer(agency_officer, READ).post(url, data)
    assert read_only.status_code == 403
    assert read_only.json() == {"detail": "Khóa truy cập API này chỉ được đọc, không được ghi."}
    routed_petition.refresh_from_db()
    assert routed_petition.status == PetitionStatus.FORWARDED
    response = bearer(agency_officer).post(url, data)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == PetitionStatus.ANSWERED
    routed_petition.refresh_from_db()
    assert (routed_petition.status, routed_petition.answer_document) == (PetitionStatus.ANSWERED, "12/SNN")
    assert followups_of(routed_petition).get().status == FollowUp.Status.DONE


def test_an_answer_with_its_document_as_json_or_file(
    bearer, agency_officer, routed_petition, today, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("api:petition-answer", args=[routed_petition.pk])
    pdf = SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    response = bearer(agency_officer).post(
        url,
        {
            "category": "resolved",
            "answer_text": "Đã cấp giấy",
            "answered_on": today.isoformat(),
            "answer_file": pdf,
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["has_answer_file"] is True
    routed_petition.refresh_from_db()
    assert routed_petition.answer_file.name.endswith(".pdf")


def test_a_bad_answer_names_the_field_and_saves_nothing(bearer, agency_officer, routed_petition, today):
    url = reverse("api:petition-answer", args=[routed_petition.pk])
    response = bearer(agency_officer).post(
        url,
        {
            "category": "resolved",
            "answer_text": "Đã cấp giấy",
            "answered_on": (today + timedelta(days=3)).isoformat(),
        },
        json=True,
    )
    assert response.status_code == 400
    assert "answered_on" in response.json()
    response = bearer(agency_officer).post(
        url, {"category": "resolved", "answered_on": "31/02/2026"}, json=True
    )
    assert response.status_code == 400
    assert set(response.json()) == {"answer_text", "answered_on"}
    assert "ghi ngày/tháng/năm" in response.json()["answered_on"][0]
    routed_petition.refresh_from_db()
    assert routed_petition.status == PetitionStatus.FORWARDED


@pytest.fixture
def followups(province, other_province, staff_a, person_of, today):
    return {
        "mine": FollowUpFactory(
            lead_body=province.standing, responsible=person_of(staff_a), title="Báo cáo quý"
        ),
        "overdue": FollowUpFactory(
            lead_body=province.standing, due_on=today - timedelta(days=3), title="Báo cáo quá hạn"
        ),
        "committee": FollowUpFactory(lead_body=province.committee, title="Việc của UBND"),
        "elsewhere": FollowUpFactory(lead_body=other_province.standing, title="Việc tỉnh khác"),
    }


@covers("api:followup-list", "api:followup-detail")
def test_followups_mine_due_overdue(bearer, staff_a, viewer, outsider, followups):
    client = bearer(staff_a, READ)
    url = reverse("api:followup-list")
    everything = set(ids(client.get(url)))
    assert everything == {followups[k].pk for k in ("mine", "overdue", "committee")}
    assert ids(client.get(url, {"mine": "true"})) == [followups["mine"].pk]
    assert ids(client.get(url, {"state": "overdue"})) == [followups["overdue"].pk]
    assert set(ids(client.get(url, {"state": "mine"}))) == {followups["mine"].pk, followups["overdue"].pk}
    assert ids(client.get(url, {"due_to": followups["overdue"].due_on.strftime("%d/%m/%Y")})) == [
        followups["overdue"].pk]
    assert ids(bearer(outsider).get(url)) == [followups["elsewhere"].pk]
    detail = reverse("api:followup-detail", args=[followups["mine"].pk])
    assert bearer(viewer, READ).get(detail).json()["title"] == "Báo cáo quý"
    assert bearer(outsider).get(detail).status_code == 404


@covers("api:followup-complete")
def test_completing_a_followup_with_evidence(bearer, staff_a, staff_b, viewer, outsider, followups):
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = followups["mine"]
    url = reverse("api:followup-complete", args=[target.pk])
    data = {"outcome": "Đã gửi báo cáo số 5/BC"}
    assert bearer(outsider).post(url, data).status_code == 404
    assert bearer(viewer).post(url, data).status_code == 403
    assert bearer(staff_b).post(url, data).status_code == 403
    assert bearer(staff_a, READ).post(url, data).status_code == 403
    response = bearer(staff_a).post(url, {"outcome": ""})
    assert response.status_code == 400
    assert response.json()["outcome"] == ["Kết quả thực hiện: vui lòng ghi kết quả trước khi báo hoàn thành."]
    target.refresh_from_db()
    assert target.status == FollowUp.Status.OPEN
    evidence = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = bearer(staff_a).post(url, {**data, "evidence": evidence})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["has_evidence"]) == ("done", True)
    target.refresh_from_db()
    assert (target.status, target.outcome) == (FollowUp.Status.DONE, "Đã gửi báo cáo số 5/BC")
    assert target.evidence.name.endswith(".pdf")
    again = bearer(staff_a).post(url, data, json=True)
    assert again.status_code == 400 and again.json() == {"detail": "Việc này không còn mở."}


def test_a_followup_closed_by_its_own_workflow_is_not_completed_here(bearer, agency_officer, routed_petition):
    followup = followups_of(routed_petition).get()
    response = bearer(agency_officer).post(reverse("api:followup-complete", args=[followup.pk]),
                                           {"outcome": "Xong"})
    assert response.status_code == 400
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN


@covers("api:calendar-list")
def test_the_calendar_is_the_users_feed(bearer, agency_officer, outsider, routed_petition, today):
    url = reverse("api:calendar-list")
    window = {"start": today.isoformat(), "end": (today + timedelta(days=120)).isoformat()}
    mine = bearer(agency_officer, READ).get(url, window)
    assert mine.status_code == 200
    assert bearer(outsider).get(url, window).json() == {"next": None, "previous": None, "results": []}
    backwards = bearer(agency_officer).get(url, {"start": window["end"], "end": window["start"]})
    assert backwards.status_code == 400 and "end" in backwards.json()


def test_the_calendar_comes_in_cursor_pages(bearer, front_staff, outsider, two_meetings, today):
    url = reverse("api:calendar-list")
    window = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    client = bearer(front_staff, READ)
    everything = client.get(url, window).json()
    uids = [f"voter-meeting-{m.pk}@phoihop" for m in two_meetings]
    assert [e["uid"] for e in everything["results"]] == uids
    assert everything["next"] is None and everything["previous"] is None
    first = client.get(url, {**window, "page_size": 1}).json()
    assert [e["uid"] for e in first["results"]] == [everything["results"][0]["uid"]]
    assert first["previous"] is None and "cursor=" in first["next"] and "start=" in first["next"]
    second = client.get(first["next"]).json()
    assert [e["uid"] for e in second["results"]] == [everything["results"][1]["uid"]]
    assert second["next"] is None
    assert [e["uid"] for e in client.get(second["previous"]).json()["results"]] == [
        everything["results"][0]["uid"]]
    wrong = client.get(url, {**window, "cursor": "nonsense"})
    assert wrong.status_code == 404 and wrong.json() == {"detail": "Con trỏ trang không hợp lệ."}
    assert bearer(outsider).get(url, window).json()["results"] == []


@covers("api:petition-answer-file")
def test_the_answer_file_through_the_petitions_door(
    bearer, agency_officer, viewer, outsider, routed_petition, today, client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = reverse("api:petition-answer-file", args=[routed_petition.pk])
    detail = reverse("api:petition-detail", args=[routed_petition.pk])
    assert bearer(viewer, READ).get(detail).json()["answer_file"] is None
    no_file = bearer(viewer, READ).get(url)
    assert no_file.status_code == 404 and no_file.json() == {"detail": "Không tìm thấy."}
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    answered = bearer(agency_officer).post(reverse("api:petition-answer", args=[routed_petition.pk]), {
        "category": "resolved", "answer_text": "Đã cấp giấy", "answered_on": today.isoformat(),
        "answer_file": SimpleUploadedFile("tra-loi.pdf", pdf, content_type="application/pdf"),
    })
    assert answered.json()["answer_file"] == f"http://testserver{url}"
    body = bearer(viewer, READ).get(detail).json()
    assert body["answer_file"] == f"http://testserver{url}" and body["has_answer_file"] is True
    response = bearer(viewer, READ).get(body["answer_file"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf
    assert "attachment" in response["Content-Disposition"]
    assert bearer(outsider).get(url).status_code == 404
    assert client.get(url).status_code == 401


def test_every_use_of_a_token_is_logged(bearer, staff_a, province, client):
    token_client = bearer(staff_a, READ)
    token_client.get(reverse("api:unit-list"))
    token_client.post(reverse("api:followup-complete", args=[1]), {"outcome": "x"})
    uses = list(ApiTokenUse.objects.order_by("id").values_list("user__username", "method", "path", "status"))
    assert uses == [
        ("staff_a", "GET", "/api/v1/units/", 200),
        ("staff_a", "POST", "/api/v1/followups/1/complete/", 403),
    ]
