"""Letters: statutory deadlines, bad input, and above all the denouncer's identity reaching only its handler."""

import logging
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook

from coordination.models import FollowUp, Role
from coordination.services import followups_of
from tests.conftest import member
from tests.url_coverage import covers
from voters import services
from voters.models import DenouncerIdentity, IdentityAccessLog, Letter

pytestmark = pytest.mark.django_db

SECRET_NAME = "Phạm Văn Tố"
SECRET_PHONE = "0912 000 111"


@pytest.fixture
def handler(province):
    return member(province.standing, Role.STAFF, "handler")


@pytest.fixture
def denunciation(province, handler, today):
    return services.letter_register(
        handling_body=province.standing, number="02/ĐT", received_on=today - timedelta(days=3), channel="post",
        kind="denunciation", content=f"Ông {SECRET_NAME} tố cáo cán bộ địa chính nhận tiền",
        identity={"full_name": SECRET_NAME, "address": "Thôn 4, xã Phong Lạc", "contact": SECRET_PHONE}, handler=handler,
    )


def _leaks(text: str) -> bool:
    return SECRET_NAME in text or SECRET_PHONE in text or "pham van to" in text.lower()


class TestDeadlines:
    def test_a_complaint_is_accepted_within_10_days_and_resolved_within_30(self, province, today):
        letter = services.letter_register(handling_body=province.standing, number="1", received_on=today, channel="post",
                                          kind="complaint", content="Khiếu nại")
        assert letter.due_on == today + timedelta(days=10)
        services.letter_accept(letter=letter, on=today)
        assert letter.due_on == today + timedelta(days=30)
        assert [f.status for f in followups_of(letter).order_by("id")] == [FollowUp.Status.DONE, FollowUp.Status.OPEN]

    def test_complex_second_complaints_and_remote_areas_get_longer(self, province, today):
        province.unit.is_remote = True
        province.unit.save()
        letter = services.letter_register(handling_body=province.standing, number="2", received_on=today, channel="post",
                                          kind="complaint", content="Khiếu nại lần hai", is_complex=True, is_second_complaint=True)
        services.letter_accept(letter=letter, on=today)
        assert letter.due_on == today + timedelta(days=60 + 15)

    def test_a_denunciation_is_classified_in_7_working_days_and_extended_at_most_twice(self, denunciation, today):
        from coordination.workdays import WorkCalendar

        assert denunciation.due_on == WorkCalendar().add_working_days(denunciation.received_on, 7)
        services.letter_accept(letter=denunciation, on=today)
        assert denunciation.due_on == today + timedelta(days=30)
        services.letter_extend(letter=denunciation)
        services.letter_extend(letter=denunciation)
        assert denunciation.due_on == today + timedelta(days=90)
        with pytest.raises(Exception, match="tối đa hai lần"):
            services.letter_extend(letter=denunciation)


@covers("voters:letter_create")
class TestRegisterBadInput:
    def _post(self, client, province, **overrides):
        data = {"handling_body": province.standing.pk, "number": "9/ĐT", "received_on": "2026-01-05", "channel": "post",
                "kind": "complaint", "content": "Khiếu nại"}
        data.update(overrides)
        return client.post(reverse("voters:letter_create"), data)

    def test_a_letter_without_a_kind_is_refused(self, login, staff_a, province):
        response = self._post(login(staff_a), province, kind="")
        assert response.status_code == 400
        assert "Chọn loại đơn" in response.content.decode()
        assert not Letter.objects.exists()

    def test_a_received_date_in_the_future_is_refused(self, login, staff_a, province, today):
        response = self._post(login(staff_a), province, received_on=(today + timedelta(days=1)).isoformat())
        assert "Ngày không được ở tương lai" in response.content.decode()
        assert not Letter.objects.exists() and not FollowUp.objects.exists()

    def test_a_denunciation_needs_the_denouncer(self, login, staff_a, province):
        response = self._post(login(staff_a), province, kind="denunciation")
        assert "cần họ tên người tố cáo" in response.content.decode()
        assert not Letter.objects.exists()

    def test_a_viewer_and_an_agency_of_no_body_may_not_register(self, login, client, db):
        from tests.factories import UserFactory

        assert login(UserFactory()).get(reverse("voters:letter_create")).status_code == 403
        client.logout()
        assert client.get(reverse("voters:letter_create")).status_code == 302

    def test_registering_grants_the_recorder_the_identity(self, login, staff_a, province):
        response = self._post(login(staff_a), province, kind="denunciation", denouncer_name="Ẩn Danh Văn B")
        letter = Letter.objects.get()
        assert response.status_code == 302
        assert "Ẩn Danh Văn B" not in letter.content
        assert staff_a.has_perm("voters.view_denounceridentity", letter.identity)


@covers("voters:letter_detail", "voters:letter_list", "voters:letter_copy")
class TestIdentityProtection:
    def test_the_handler_sees_the_identity_only_after_giving_a_reason_and_it_is_logged(self, login, handler, denunciation):
        client = login(handler)
        url = reverse("voters:letter_detail", args=[denunciation.pk])
        assert not _leaks(client.get(url).content.decode())  # GET alone never shows it
        response = client.post(url, {"reason": "Xác minh nội dung tố cáo"})
        assert SECRET_NAME in response.content.decode()
        log = IdentityAccessLog.objects.get(action="view")
        assert (log.user, log.reason) == (handler, "Xác minh nội dung tố cáo")

    def test_a_reason_is_required(self, login, handler, denunciation):
        response = login(handler).post(reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": ""})
        assert not _leaks(response.content.decode())
        assert not IdentityAccessLog.objects.filter(action="view").exists()

    def test_other_staff_of_the_same_body_never_receive_it(self, login, staff_a, denunciation):
        client = login(staff_a)
        detail = client.get(reverse("voters:letter_detail", args=[denunciation.pk]))
        assert detail.status_code == 200 and not _leaks(detail.content.decode())
        assert client.post(reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": "tò mò"}).status_code == 403
        listing = client.get(reverse("voters:letter_list"))
        assert "02/ĐT" in listing.content.decode() and not _leaks(listing.content.decode())
        printed = client.get(reverse("voters:letter_list"), {"format": "print"}).content.decode()
        assert "02/ĐT" in printed and not _leaks(printed)
        workbook = load_workbook(BytesIO(client.get(reverse("voters:letter_list"), {"format": "xlsx"}).content))
        cells = " ".join(str(v) for row in workbook.active.values for v in row)
        assert "02/ĐT" in cells and not _leaks(cells)
        for query in ("Phạm Văn Tố", "pham van to", "0912"):
            found = client.get(reverse("voters:letter_list"), {"q": query}).content.decode()
            assert "02/ĐT" not in found
        copy = client.get(reverse("voters:letter_copy", args=[denunciation.pk])).content.decode()
        assert "giữ bí mật" in copy and not _leaks(copy)
        assert not IdentityAccessLog.objects.filter(action="view").exists()

    def test_a_superuser_has_no_way_in_either(self, login, superuser, denunciation):
        client = login(superuser)
        assert not _leaks(client.get(reverse("voters:letter_detail", args=[denunciation.pk])).content.decode())
        assert client.post(reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": "x"}).status_code == 403
        changelist = client.get(reverse("admin:voters_letter_changelist")).content.decode()
        assert "02/ĐT" in changelist and not _leaks(changelist)
        assert not _leaks(client.get(reverse("admin:voters_letter_change", args=[denunciation.pk])).content.decode())
        identities = client.get(reverse("admin:voters_denounceridentity_changelist"))
        assert identities.status_code == 200 and not _leaks(identities.content.decode())
        identity = denunciation.identity
        assert client.get(reverse("admin:voters_denounceridentity_change", args=[identity.pk])).status_code == 403
        searched = client.get(reverse("admin:voters_letter_changelist"), {"q": "Phạm Văn Tố"}).content.decode()
        assert "02/ĐT" not in searched

    def test_a_global_permission_does_not_open_it(self, login, staff_a, denunciation):
        assign_perm("voters.view_denounceridentity", staff_a)
        assert not _leaks(login(staff_a).post(reverse("voters:letter_detail", args=[denunciation.pk]),
                                              {"reason": "x"}).content.decode())

    def test_outsiders_and_other_bodies_do_not_even_see_the_letter(self, login, outsider, staff_b, denunciation):
        assert login(outsider).get(reverse("voters:letter_detail", args=[denunciation.pk])).status_code == 404
        assert login(staff_b).get(reverse("voters:letter_detail", args=[denunciation.pk])).status_code == 404
        assert login(staff_b).get(reverse("voters:letter_copy", args=[denunciation.pk])).status_code == 404
        assert "02/ĐT" not in login(staff_b).get(reverse("voters:letter_list")).content.decode()

    def test_nothing_identifying_in_str_repr_or_logs(self, denunciation, caplog, province, today):
        identity = DenouncerIdentity.objects.get(letter=denunciation)
        assert not _leaks(str(identity)) and not _leaks(repr(identity)) and not _leaks(str(denunciation))
        with caplog.at_level(logging.DEBUG):
            services.letter_register(handling_body=province.standing, number="3", received_on=today, channel="post",
                                     kind="denunciation", content="Tố cáo", identity={"full_name": "Trần Bí Mật"})
        assert "Trần Bí Mật" not in caplog.text

    def test_the_summary_everyone_reads_is_redacted(self, denunciation):
        assert SECRET_NAME not in denunciation.content
        assert "[đã che thông tin]" in denunciation.content


@covers("voters:letter_grant")
class TestGrant:
    def test_a_leader_authorises_a_colleague_and_the_grant_is_logged(self, login, leader, staff_a, denunciation):
        response = login(leader).post(reverse("voters:letter_grant", args=[denunciation.pk]),
                                      {"username": staff_a.username, "reason": "Phối hợp xác minh"})
        assert response.status_code == 302
        assert IdentityAccessLog.objects.filter(action="grant", user=leader).exists()
        assert SECRET_NAME in login(staff_a).post(reverse("voters:letter_detail", args=[denunciation.pk]),
                                                  {"reason": "Xác minh"}).content.decode()

    def test_the_leader_cannot_grant_to_themself_nor_staff_at_all(self, login, leader, staff_a, denunciation):
        login(leader).post(reverse("voters:letter_grant", args=[denunciation.pk]), {"username": leader.username, "reason": "x"})
        assert not leader.has_perm("voters.view_denounceridentity", denunciation.identity) or leader.is_superuser
        assert login(staff_a).post(reverse("voters:letter_grant", args=[denunciation.pk]),
                                   {"username": staff_a.username, "reason": "x"}).status_code == 403


@covers("voters:letter_action")
class TestLetterActions:
    def test_staff_accept_forward_and_close(self, login, staff_a, province, today):
        letter = services.letter_register(handling_body=province.standing, number="5", received_on=today, channel="post",
                                          kind="report", content="Phản ánh")
        client = login(staff_a)
        client.post(reverse("voters:letter_action", args=[letter.pk]), {"action": "forward", "to_body": province.agency.pk,
                                                                        "on": today.isoformat()})
        letter.refresh_from_db()
        assert (letter.status, letter.forwarded_to, letter.closed_on_time) == ("forwarded", province.agency, True)

    def test_closing_without_a_result_is_refused(self, login, staff_a, province, today):
        letter = services.letter_register(handling_body=province.standing, number="6", received_on=today, channel="post",
                                          kind="recommendation", content="Kiến nghị")
        response = login(staff_a).post(reverse("voters:letter_action", args=[letter.pk]),
                                       {"action": "resolve", "on": today.isoformat()}, follow=True)
        assert "Cần ghi kết quả giải quyết" in response.content.decode()
        letter.refresh_from_db()
        assert letter.status == "received"

    def test_a_viewer_may_not_act(self, login, viewer, province, today):
        letter = services.letter_register(handling_body=province.standing, number="7", received_on=today, channel="post",
                                          kind="recommendation", content="Kiến nghị")
        assert login(viewer).post(reverse("voters:letter_action", args=[letter.pk]), {"action": "accept"}).status_code == 403


def test_error_reports_hide_the_denouncer_fields(rf, staff_a):
    from django.views.debug import SafeExceptionReporterFilter

    from voters.views import letter_create

    request = rf.post("/voters/letters/new/", {"denouncer_name": SECRET_NAME, "number": "1"})
    request.user = staff_a
    letter_create(request)  # the decorator marks the request before the view runs
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["denouncer_name"] != SECRET_NAME and cleaned["number"] == "1"


def test_a_denunciation_forwarded_after_5_working_days_is_late(province, today):
    from coordination.workdays import WorkCalendar

    received = today - timedelta(days=20)
    letter = services.letter_register(handling_body=province.standing, number="8", received_on=received, channel="post",
                                      kind="denunciation", content="Tố cáo", identity={"full_name": "Ai Đó"})
    limit = WorkCalendar().add_working_days(received, 5)
    services.letter_forward(letter=letter, to_body=province.agency, on=limit + timedelta(days=1))
    assert letter.closed_on_time is False
