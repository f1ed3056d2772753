"""Typed opinions are corrected or deleted until compiled into a petition, with their history kept; one
limit of OPINION_MAX_CHARS for typing, correcting and importing; the box has the cursor after each save."""

import pytest
from django.urls import reverse

from tests.url_coverage import covers
from voters import services
from voters.models import MergeProposal, Opinion

pytestmark = pytest.mark.django_db

COMPILED = (
    "Ý kiến này đã được tổng hợp vào kiến nghị số 1: không sửa, xoá được nữa. Nếu cần, hãy sửa nội dung của "
    "kiến nghị."
)


def _edit(opinion):
    return reverse("voters:opinion_edit", args=[opinion.pk])


def _delete(opinion):
    return reverse("voters:opinion_delete", args=[opinion.pk])


def _refused_to_meeting(response, opinion) -> bool:
    """Followed (``follow=True``): back on the meeting's page, which says why."""
    return response.redirect_chain == [(opinion.meeting.get_absolute_url(), 302)] and (
        COMPILED in response.content.decode()
    )


@pytest.fixture
def opinion(two_meetings):
    return services.opinion_record(
        meeting=two_meetings[0], content="Đề nghị sửa đường thôn 19", raised_by="Ông B"
    )


def test_after_an_opinion_is_saved_the_page_comes_back_with_the_box_focused(login, front_staff, two_meetings):
    client = login(front_staff)
    meeting = two_meetings[0]
    response = client.post(meeting.get_absolute_url(), {"content": "Đề nghị lắp đèn đường"})
    # No #fragment in the address: a page opened at one would not give the box the cursor.
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert 'name="content" cols="40" rows="3" autofocus' in page
    assert "Đã ghi ý kiến. Nhập tiếp ý kiến sau." in page and "Tối đa 5.000 ký tự cho một ý kiến." in page


def test_an_over_long_typed_opinion_is_refused_with_the_limit_and_kept_in_the_box(
    login, front_staff, two_meetings
):
    text = "Đề nghị " + "x" * 20_000  # the 20 KB a secretary pasted, once accepted
    response = login(front_staff).post(two_meetings[0].get_absolute_url(), {"content": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung ý kiến dài 20.008 ký tự, quá giới hạn 5.000 ký tự" in page
    assert text in page  # nothing lost: the officer shortens it
    assert not Opinion.objects.exists()


def test_the_service_and_the_admin_refuse_the_same_limit(two_meetings, admin_client):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="quá giới hạn 5.000 ký tự"):
        services.opinion_record(meeting=two_meetings[0], content="x" * 5001)
    response = admin_client.post(reverse("admin:voters_opinion_add"), {
        "meeting": two_meetings[0].pk, "content": "x" * 5001, "raised_by": ""})
    assert "quá giới hạn 5.000 ký tự" in response.content.decode()
    assert not Opinion.objects.exists()


@covers("voters:opinion_edit")
class TestEdit:
    def test_an_officer_corrects_an_opinion_and_the_meeting_shows_what_it_said_before(
        self, login, front_staff, opinion
    ):
        client = login(front_staff)
        page = client.get(opinion.meeting.get_absolute_url()).content.decode()
        assert _edit(opinion) in page and _delete(opinion) in page
        form = client.get(_edit(opinion)).content.decode()
        assert "Đề nghị sửa đường thôn 19" in form and "autofocus" in form
        response = client.post(
            _edit(opinion), {"content": "Đề nghị sửa đường liên thôn 19", "raised_by": "Ông B"}
        )
        assert response.status_code == 302 and response.url == opinion.meeting.get_absolute_url()
        opinion.refresh_from_db()
        assert opinion.content == "Đề nghị sửa đường liên thôn 19"
        last = opinion.history.latest()
        assert (last.history_type, last.history_user) == ("~", front_staff)
        page = client.get(response.url).content.decode()
        assert "Đã sửa ý kiến. Nhập tiếp ý kiến sau." in page and "autofocus" in page
        before, after = "Đề nghị sửa đường thôn 19 — Ông B", "Đề nghị sửa đường liên thôn 19 — Ông B"
        assert f"đã sửa: «{before}» → «{after}»" in page
        history = client.get(_edit(opinion)).content.decode()
        assert (
            "ghi: «Đề nghị sửa đường thôn 19»" in history
            and "sửa: «Đề nghị sửa đường liên thôn 19»" in history
        )

    def test_a_correction_drops_the_duplicate_proposals_found_for_the_old_text(
        self, login, front_staff, two_meetings, opinion
    ):
        services.petition_create_from_opinion(
            opinion=services.opinion_record(meeting=two_meetings[1], content="Đề nghị sửa đường thôn 19")
        )
        services.proposals_refresh(round_=opinion.meeting.round)
        assert MergeProposal.objects.filter(opinion=opinion).exists()
        login(front_staff).post(_edit(opinion), {"content": "Đề nghị xây trường mẫu giáo"})
        assert not MergeProposal.objects.filter(opinion=opinion).exists()

    def test_an_empty_or_over_long_correction_is_refused_and_nothing_changes(
        self, login, front_staff, opinion
    ):
        client = login(front_staff)
        empty = client.post(_edit(opinion), {"content": "  "})
        long = client.post(_edit(opinion), {"content": "x" * 5001})
        assert empty.status_code == long.status_code == 400
        assert "Nội dung ý kiến, kiến nghị" in empty.content.decode()
        assert "dài 5.001 ký tự, quá giới hạn 5.000 ký tự" in long.content.decode()
        opinion.refresh_from_db()
        assert opinion.content == "Đề nghị sửa đường thôn 19" and opinion.history.count() == 1

    def test_a_compiled_opinion_is_refused_with_its_petition_named(self, login, front_staff, opinion):
        services.petition_create_from_opinion(opinion=opinion)
        client = login(front_staff)
        page = client.get(opinion.meeting.get_absolute_url()).content.decode()
        # Compiling saved the opinion again: that is no correction, so no change is listed.
        assert _edit(opinion) not in page and "Ý kiến đã sửa, đã xoá" not in page
        assert _refused_to_meeting(client.get(_edit(opinion), follow=True), opinion)
        assert _refused_to_meeting(client.post(_edit(opinion), {"content": "Khác"}, follow=True), opinion)
        opinion.refresh_from_db()
        assert opinion.content == "Đề nghị sửa đường thôn 19"

    def test_an_opinion_compiled_while_the_form_was_open_is_refused(self, login, front_staff, opinion):
        client = login(front_staff)
        assert client.get(_edit(opinion)).status_code == 200
        services.petition_create_from_opinion(opinion=Opinion.objects.get(pk=opinion.pk))
        assert _refused_to_meeting(client.post(_edit(opinion), {"content": "Khác"}, follow=True), opinion)
        assert Opinion.objects.get(pk=opinion.pk).content == "Đề nghị sửa đường thôn 19"

    def test_only_compilers_edit_and_outsiders_see_nothing(
        self, login, agency_officer, viewer, outsider, opinion
    ):
        for user in (agency_officer, viewer):
            client = login(user)
            assert client.get(_edit(opinion)).status_code == 403
            assert client.post(_edit(opinion), {"content": "Khác"}).status_code == 403
            assert _edit(opinion) not in client.get(opinion.meeting.get_absolute_url()).content.decode()
        assert login(outsider).get(_edit(opinion)).status_code == 404
        assert Opinion.objects.get().content == "Đề nghị sửa đường thôn 19"


@covers("voters:opinion_delete")
class TestDelete:
    def test_an_officer_confirms_and_the_deleted_text_stays_in_the_meetings_history(
        self, login, front_staff, opinion
    ):
        client = login(front_staff)
        confirm = client.get(_delete(opinion)).content.decode()
        assert "Xoá ý kiến này khỏi hội nghị tại Nhà văn hóa thôn 19" in confirm
        assert "Đề nghị sửa đường thôn 19" in confirm and Opinion.objects.exists()
        response = client.post(_delete(opinion))
        assert response.url == opinion.meeting.get_absolute_url()
        assert not Opinion.objects.exists()
        assert opinion.history.latest().history_type == "-"
        page = client.get(response.url).content.decode()
        assert "Đã xoá ý kiến «Đề nghị sửa đường thôn 19»." in page
        assert "Ý kiến đã sửa, đã xoá" in page and "đã xoá: «Đề nghị sửa đường thôn 19 — Ông B»" in page

    def test_a_compiled_opinion_is_not_deleted(self, login, front_staff, opinion):
        services.petition_create_from_opinion(opinion=opinion)
        client = login(front_staff)
        assert _refused_to_meeting(client.get(_delete(opinion), follow=True), opinion)
        assert _refused_to_meeting(client.post(_delete(opinion), follow=True), opinion)
        assert Opinion.objects.filter(pk=opinion.pk, petition__isnull=False).exists()

    def test_only_compilers_delete_and_outsiders_see_nothing(self, login, agency_officer, outsider, opinion):
        assert login(agency_officer).post(_delete(opinion)).status_code == 403
        assert login(outsider).post(_delete(opinion)).status_code == 404
        assert Opinion.objects.exists()
