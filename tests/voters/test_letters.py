"""Letters: statutory deadlines, bad input, and above all the denouncer's identity reaching only its
handler."""

import logging
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook

from coordination.models import FollowUp, Role
from coordination.services import followups_of
from coordination.text import fold
from coordination.workdays import WorkCalendar
from tests.conftest import member
from tests.exports import export_xlsx
from tests.test_no_internal_codes import visible_text
from tests.url_coverage import covers
from voters import services
from voters.models import (
    DenouncerIdentity,
    DenouncerIdentityUserObjectPermission,
    HistoricalLetter,
    IdentityAccessLog,
    Letter,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Phạm Văn Tố"
SECRET_PHONE = "0912 000 111"
IDENTITY = {"full_name": SECRET_NAME, "address": "Thôn 4, xã Phong Lạc", "contact": SECRET_PHONE,
            "other_details": "Giáo viên trường THCS Phong Lạc"}
# The identity as people actually type it into a summary: without diacritics, other separators.
TYPED = "Ông Pham Van To (ĐT 0912.000.111, thôn 4 xã Phong Lạc, giáo viên trường THCS Phong Lạc)"


def working_day_from(day):
    """A period that ends on a weekend or holiday ends on the next working day (Civil Code 2015, art.
    148.5)."""
    return WorkCalendar().next_working_day(day)


@pytest.fixture
def handler(province):
    return member(province.standing, Role.STAFF, "handler")


@pytest.fixture
def denunciation(province, handler, today):
    return services.letter_register(
        handling_body=province.standing,
        number="02/ĐT",
        received_on=today - timedelta(days=3),
        channel="post",
        kind="denunciation",
        content=f"{TYPED} tố cáo cán bộ địa chính nhận tiền",
        classification=f"Tố cáo của ông {SECRET_NAME}",
        identity=IDENTITY,
        handler=handler,
    )


def _leaks(text: str) -> bool:
    """Any identifying detail, however it is written: any case, with or without diacritics, any digit
    grouping."""
    folded = fold(text)
    return ("pham van to" in folded or "0912000111" in re.sub(r"\D", "", text) or "xa phong lac" in folded
            or "giao vien truong" in folded)


class TestDeadlines:
    def test_a_complaint_is_accepted_within_10_days_and_resolved_within_30(self, province, today):
        letter = services.letter_register(
            handling_body=province.standing,
            number="1",
            received_on=today,
            channel="post",
            kind="complaint",
            content="Khiếu nại",
        )
        assert letter.due_on == working_day_from(today + timedelta(days=10))
        services.letter_accept(letter=letter, on=today)
        assert letter.due_on == working_day_from(today + timedelta(days=30))
        assert [f.status for f in followups_of(letter).order_by("id")] == [
            FollowUp.Status.DONE,
            FollowUp.Status.OPEN,
        ]

    def test_complex_second_complaints_and_remote_areas_get_longer(self, province, today):
        province.unit.is_remote = True
        province.unit.save()
        letter = services.letter_register(
            handling_body=province.standing,
            number="2",
            received_on=today,
            channel="post",
            kind="complaint",
            content="Khiếu nại lần hai",
            is_complex=True,
            is_second_complaint=True,
        )
        services.letter_accept(letter=letter, on=today)
        assert letter.due_on == working_day_from(today + timedelta(days=60 + 15))

    def test_a_denunciation_is_classified_in_7_working_days_and_extended_at_most_twice(
        self, denunciation, today
    ):
        assert denunciation.due_on == WorkCalendar().add_working_days(denunciation.received_on, 7)
        services.letter_accept(letter=denunciation, on=today)
        resolve_by = working_day_from(today + timedelta(days=30))
        assert denunciation.due_on == resolve_by
        services.letter_extend(letter=denunciation)
        services.letter_extend(letter=denunciation)
        # Each extension adds 30 days to the deadline then in force, which again ends on a working day.
        assert denunciation.due_on == working_day_from(
            working_day_from(resolve_by + timedelta(days=30)) + timedelta(days=30)
        )
        with pytest.raises(Exception, match="tối đa hai lần"):
            services.letter_extend(letter=denunciation)


@covers("voters:letter_create")
class TestRegisterBadInput:
    def _post(self, client, province, **overrides):
        data = {
            "handling_body": province.standing.pk,
            "number": "9/ĐT",
            "received_on": "2026-01-05",
            "channel": "post",
            "kind": "complaint",
            "content": "Khiếu nại",
        }
        data.update(overrides)
        return client.post(reverse("voters:letter_create"), data)

    def test_a_letter_without_a_kind_is_refused(self, login, staff_a, province):
        response = self._post(login(staff_a), province, kind="")
        assert response.status_code == 400
        assert "Chọn loại đơn" in response.content.decode()
        assert not Letter.objects.exists()

    def test_a_received_date_in_the_future_is_refused(self, login, staff_a, province, today):
        response = self._post(login(staff_a), province, received_on=(today + timedelta(days=1)).isoformat())
        assert (
            f"Ngày nhận {today + timedelta(days=1):%d/%m/%Y} sau ngày hôm nay {today:%d/%m/%Y}"
            in response.content.decode()
        )
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
        response = self._post(
            login(staff_a),
            province,
            kind="denunciation",
            denouncer_name="Ẩn Danh Văn B",
            denouncer_other="Kế toán Công ty Hòa Bình\n38A-123.45",
            content="Ông An Danh Van B, kế toán công ty Hòa Bình (xe 38A 123 45), tố cáo giám đốc",
        )
        letter = Letter.objects.get()
        assert response.status_code == 302
        assert (
            letter.content
            == "Ông [đã che thông tin], [đã che thông tin] (xe [đã che thông tin]), tố cáo giám đốc"
        )
        assert letter.identity.other_details == "Kế toán Công ty Hòa Bình\n38A-123.45"
        assert staff_a.has_perm("voters.view_denounceridentity", letter.identity)
        assert letter.handler == staff_a
        assert IdentityAccessLog.objects.get().action == "grant"


@covers("voters:letter_detail", "voters:letter_list", "voters:letter_copy")
class TestIdentityProtection:
    def test_the_handler_sees_the_identity_only_after_giving_a_reason_and_it_is_logged(
        self, login, handler, denunciation
    ):
        client = login(handler)
        url = reverse("voters:letter_detail", args=[denunciation.pk])
        assert not _leaks(client.get(url).content.decode())  # GET alone never shows it
        response = client.post(url, {"reason": "Xác minh nội dung tố cáo"})
        assert SECRET_NAME in response.content.decode()
        log = IdentityAccessLog.objects.get(action="view")
        assert (log.user, log.reason) == (handler, "Xác minh nội dung tố cáo")

    def test_a_reason_is_required(self, login, handler, denunciation):
        response = login(handler).post(
            reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": ""}
        )
        assert not _leaks(response.content.decode())
        assert not IdentityAccessLog.objects.filter(action="view").exists()

    def test_other_staff_of_the_same_body_never_receive_it(self, login, staff_a, denunciation):
        client = login(staff_a)
        detail = client.get(reverse("voters:letter_detail", args=[denunciation.pk]))
        assert detail.status_code == 200 and not _leaks(detail.content.decode())
        assert (
            client.post(
                reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": "tò mò"}
            ).status_code
            == 403
        )
        listing = client.get(reverse("voters:letter_list"))
        assert "02/ĐT" in listing.content.decode() and not _leaks(listing.content.decode())
        printed = client.get(reverse("voters:letter_list"), {"format": "print"}).content.decode()
        assert "02/ĐT" in printed and not _leaks(printed)
        workbook = load_workbook(BytesIO(export_xlsx(client, reverse("voters:letter_list")).content))
        cells = " ".join(str(v) for row in workbook.active.values for v in row)
        assert "02/ĐT" in cells and not _leaks(cells)
        assert "02/ĐT" in client.get(reverse("voters:letter_list"), {"q": "dia chinh"}).content.decode()
        for query in ("Phạm Văn Tố", "pham van to", "0912.000", "Phong Lạc", "giao vien"):
            found = client.get(reverse("voters:letter_list"), {"q": query}).content.decode()
            assert "02/ĐT" not in found, query
        copy = client.get(reverse("voters:letter_copy", args=[denunciation.pk])).content.decode()
        assert "giữ bí mật" in copy and not _leaks(copy)
        assert not IdentityAccessLog.objects.filter(action="view").exists()

    def test_a_superuser_has_no_way_in_either(self, login, superuser, denunciation):
        client = login(superuser)
        assert not _leaks(
            client.get(reverse("voters:letter_detail", args=[denunciation.pk])).content.decode()
        )
        assert (
            client.post(reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": "x"}).status_code
            == 403
        )
        changelist = client.get(reverse("admin:voters_letter_changelist")).content.decode()
        assert "02/ĐT" in changelist and not _leaks(changelist)
        assert not _leaks(
            client.get(reverse("admin:voters_letter_change", args=[denunciation.pk])).content.decode()
        )
        identities = client.get(reverse("admin:voters_denounceridentity_changelist"))
        assert identities.status_code == 200 and not _leaks(identities.content.decode())
        identity = denunciation.identity
        assert (
            client.get(reverse("admin:voters_denounceridentity_change", args=[identity.pk])).status_code
            == 403
        )
        searched = client.get(
            reverse("admin:voters_letter_changelist"), {"q": "Phạm Văn Tố"}
        ).content.decode()
        assert "02/ĐT" not in searched

    def test_a_global_permission_does_not_open_it(self, login, staff_a, denunciation):
        assign_perm("voters.view_denounceridentity", staff_a)
        response = login(staff_a).post(
            reverse("voters:letter_detail", args=[denunciation.pk]), {"reason": "x"}
        )
        assert response.status_code == 403 and not _leaks(response.content.decode())
        assert not IdentityAccessLog.objects.filter(action="view").exists()

    def test_outsiders_and_other_bodies_do_not_even_see_the_letter(
        self, login, outsider, staff_b, denunciation
    ):
        assert login(outsider).get(reverse("voters:letter_detail", args=[denunciation.pk])).status_code == 404
        assert login(staff_b).get(reverse("voters:letter_detail", args=[denunciation.pk])).status_code == 404
        assert login(staff_b).get(reverse("voters:letter_copy", args=[denunciation.pk])).status_code == 404
        assert "02/ĐT" not in login(staff_b).get(reverse("voters:letter_list")).content.decode()

    def test_nothing_identifying_in_str_repr_or_logs(self, denunciation, caplog, province, today):
        identity = DenouncerIdentity.objects.get(letter=denunciation)
        assert not _leaks(str(identity)) and not _leaks(repr(identity)) and not _leaks(str(denunciation))
        with caplog.at_level(logging.DEBUG):
            services.letter_register(
                handling_body=province.standing,
                number="3",
                received_on=today,
                channel="post",
                kind="denunciation",
                content="Tố cáo",
                identity={"full_name": "Trần Bí Mật"},
            )
        assert "Trần Bí Mật" not in caplog.text

    def test_the_summary_everyone_reads_is_redacted(self, denunciation):
        denunciation.refresh_from_db()
        assert denunciation.content == (
            "Ông [đã che thông tin] (ĐT [đã che thông tin], [đã che thông tin], [đã che thông tin]) "
            "tố cáo cán bộ địa chính nhận tiền"
        )
        assert denunciation.classification == "Tố cáo của ông [đã che thông tin]"
        assert not _leaks(denunciation.search_text)


@covers("voters:letter_history")
class TestHistoryHoldsNoIdentity:
    """The letter's history keeps every version: not one of them may hold the denouncer."""

    def test_its_history_page_shows_each_step_and_never_the_denouncer(self, login, viewer, handler,
                                                                      denunciation, today):
        client = login(handler)
        client.post(reverse("voters:letter_action", args=[denunciation.pk]),
                    {"action": "accept", "on": today.strftime("%d/%m/%Y")})
        services.letter_close(
            letter=denunciation, result=f"Kết luận: ông {SECRET_NAME} tố cáo đúng", on=today
        )
        # a version kept in plain text under older, narrower rules is redacted again as it is shown
        HistoricalLetter.objects.filter(id=denunciation.pk, history_type="+").update(content=TYPED)

        page = login(viewer).get(reverse("voters:letter_history", args=[denunciation.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert not _leaks(html)
        text = visible_text(html).replace(" :", ":")
        assert "Trạng thái: Mới tiếp nhận → Đã thụ lý, đang giải quyết" in text
        assert "Kết quả giải quyết: — → Kết luận: ông [đã che thông tin] tố cáo đúng" in text
        assert handler.get_full_name() in text  # who accepted it
        assert "người tố cáo" not in text.lower()  # no identity field, not even its label
        assert reverse("voters:letter_history", args=[denunciation.pk]) in login(viewer).get(
            denunciation.get_absolute_url()).content.decode()

    def test_its_history_page_goes_through_the_letters_door(self, login, client, outsider, staff_b,
                                                            denunciation):
        url = reverse("voters:letter_history", args=[denunciation.pk])
        assert client.get(url).status_code == 302
        assert login(outsider).get(url).status_code == 404
        assert login(staff_b).get(url).status_code == 404  # another body: the letter does not exist for them

    def _assert_no_version_leaks(self, client, letter):
        versions = list(HistoricalLetter.objects.filter(id=letter.pk))
        assert versions  # there is a history to check
        for version in versions:
            assert not any(
                _leaks(getattr(version, name)) for name in ("content", "classification", "result")
            ), version
        history = client.get(reverse("admin:voters_letter_history", args=[letter.pk]))
        assert history.status_code == 200 and "02/ĐT" in history.content.decode()
        assert not _leaks(history.content.decode())
        for version in versions:
            page = client.get(
                reverse("admin:voters_letter_simple_history", args=[letter.pk, version.history_id])
            )
            assert page.status_code == 200 and not _leaks(page.content.decode())

    def test_no_version_of_a_registered_denunciation_names_the_denouncer(
        self, login, superuser, denunciation, today
    ):
        services.letter_accept(letter=denunciation, on=today)
        services.letter_close(
            letter=denunciation, result=f"Kết luận: ông {SECRET_NAME} tố cáo đúng", on=today
        )
        denunciation.refresh_from_db()
        assert denunciation.result == "Kết luận: ông [đã che thông tin] tố cáo đúng"
        for followup in followups_of(denunciation):
            assert not _leaks(followup.outcome)
            assert not any(_leaks(v.outcome) for v in followup.history.all())
        self._assert_no_version_leaks(login(superuser), denunciation)

    def test_an_admin_edit_is_redacted_and_cannot_change_the_handler(self, login, superuser, staff_a, handler,
                                                                   denunciation):
        client = login(superuser)
        url = reverse("admin:voters_letter_change", args=[denunciation.pk])
        response = client.post(
            url,
            {
                "handling_body": denunciation.handling_body_id,
                "number": "02/ĐT",
                "received_on": denunciation.received_on.isoformat(),
                "channel": "post",
                "kind": "denunciation",
                "content": "Bổ sung: người tố cáo là PHẠM VĂN TỐ, điện thoại 0912000111",
                "classification": "Tố cáo",
                "eligible": "unknown",
                "status": "received",
                "due_on": denunciation.due_on.isoformat(),
                "extensions": 0,
                "closed_on_time": "unknown",
                "result": "",
                "handler": staff_a.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        denunciation.refresh_from_db()
        assert (
            denunciation.content
            == "Bổ sung: người tố cáo là [đã che thông tin], điện thoại [đã che thông tin]"
        )
        assert (
            denunciation.handler == handler
        )  # read-only in the admin: assigning goes through the letter page
        assert not _leaks(denunciation.search_text)
        self._assert_no_version_leaks(client, denunciation)


@covers("voters:letter_grant")
class TestGrant:
    def test_a_leader_authorises_a_colleague_and_the_grant_is_logged(
        self, login, leader, staff_a, denunciation
    ):
        response = login(leader).post(reverse("voters:letter_grant", args=[denunciation.pk]),
                                      {"username": staff_a.username, "reason": "Phối hợp xác minh"})
        assert response.status_code == 302
        assert IdentityAccessLog.objects.filter(action="grant", user=leader).exists()
        assert SECRET_NAME in login(staff_a).post(reverse("voters:letter_detail", args=[denunciation.pk]),
                                                  {"reason": "Xác minh"}).content.decode()

    def test_the_leader_cannot_grant_to_themself_nor_staff_at_all(self, login, leader, staff_a, denunciation):
        login(leader).post(
            reverse("voters:letter_grant", args=[denunciation.pk]),
            {"username": leader.username, "reason": "x"},
        )
        assert not leader.has_perm("voters.view_denounceridentity", denunciation.identity)
        assert not IdentityAccessLog.objects.filter(action="grant", user=leader).exists()
        assert login(staff_a).post(reverse("voters:letter_grant", args=[denunciation.pk]),
                                   {"username": staff_a.username, "reason": "x"}).status_code == 403


def _holders(identity) -> set[str]:
    return {
        row.user.username
        for row in DenouncerIdentityUserObjectPermission.objects.filter(content_object=identity)
    }


@covers("voters:letter_handler")
class TestAssignHandler:
    def _assign(self, client, letter, user):
        return client.post(
            reverse("voters:letter_handler", args=[letter.pk]), {"handler": user.pk}, follow=True
        )

    def test_a_leader_changes_the_handler_and_access_moves_with_it(
        self, login, leader, handler, staff_a, denunciation
    ):
        client = login(leader)
        page = client.get(reverse("voters:letter_detail", args=[denunciation.pk])).content.decode()
        assert (
            "Phân công người xử lý đơn" in page
            and f'<option value="{staff_a.pk}">' in page
            and not _leaks(page)
        )
        response = self._assign(client, denunciation, staff_a)
        assert "Đã phân công người xử lý đơn" in response.content.decode()
        denunciation.refresh_from_db()
        assert denunciation.handler == staff_a
        assert _holders(denunciation.identity) == {"staff_a"}
        logged = {(row.action, row.user.username, row.reason) for row in IdentityAccessLog.objects.all()}
        assert ("grant", "leader", "Cấp quyền cho staff_a: Phân công xử lý đơn") in logged
        assert ("revoke", "leader", "Thu hồi quyền của handler: Chuyển xử lý đơn cho staff_a") in logged
        url = reverse("voters:letter_detail", args=[denunciation.pk])
        assert login(handler).post(url, {"reason": "Xác minh"}).status_code == 403
        assert SECRET_NAME in login(staff_a).post(url, {"reason": "Xác minh"}).content.decode()

    def test_a_letter_without_identity_gets_a_handler_too(self, login, leader, staff_a, province, today):
        letter = services.letter_register(
            handling_body=province.standing,
            number="K1",
            received_on=today,
            channel="post",
            kind="complaint",
            content="Khiếu nại",
        )
        self._assign(login(leader), letter, staff_a)
        letter.refresh_from_db()
        assert letter.handler == staff_a and not IdentityAccessLog.objects.exists()

    def test_someone_outside_the_body_or_the_leader_themself_is_refused(
        self, login, leader, staff_b, viewer, handler, denunciation
    ):
        client = login(leader)
        for user in (staff_b, viewer):
            page = self._assign(client, denunciation, user).content.decode()
            assert "Người xử lý đơn: Người xử lý đơn phải là cán bộ của cơ quan xử lý đơn." in page
        page = self._assign(client, denunciation, leader).content.decode()
        assert "Người xử lý đơn: Không tự phân công cho chính mình" in page
        denunciation.refresh_from_db()
        assert denunciation.handler == handler and _holders(denunciation.identity) == {"handler"}
        assert not IdentityAccessLog.objects.filter(user=leader).exists()

    def test_only_a_leader_of_the_handling_body_assigns(
        self, login, staff_a, outsider, leader, denunciation, client
    ):
        url = reverse("voters:letter_handler", args=[denunciation.pk])
        assert login(staff_a).post(url, {"handler": staff_a.pk}).status_code == 403
        assert login(outsider).post(url, {"handler": outsider.pk}).status_code == 404
        assert login(leader).get(url).status_code == 405
        client.logout()
        assert client.post(url, {"handler": staff_a.pk}).status_code == 302
        denunciation.refresh_from_db()
        assert denunciation.handler.username == "handler"
        page = login(staff_a).get(reverse("voters:letter_detail", args=[denunciation.pk])).content.decode()
        assert "Phân công người xử lý đơn" not in page


@covers("voters:letter_revoke")
class TestRevoke:
    def test_a_leader_takes_back_a_grant_and_it_is_logged(self, login, leader, staff_a, denunciation):
        services.identity_grant(
            identity=denunciation.identity, user=staff_a, by=leader, reason="Phối hợp xác minh"
        )
        client = login(leader)
        assert (
            "Thu hồi quyền"
            in client.get(reverse("voters:letter_detail", args=[denunciation.pk])).content.decode()
        )
        response = client.post(reverse("voters:letter_revoke", args=[denunciation.pk]),
                               {"user": staff_a.pk, "reason": "Đã xong phần phối hợp"}, follow=True)
        assert "Đã thu hồi quyền xem" in response.content.decode()
        assert _holders(denunciation.identity) == {"handler"}
        assert IdentityAccessLog.objects.filter(
            action="revoke", user=leader, reason="Thu hồi quyền của staff_a: Đã xong phần phối hợp"
        ).exists()
        assert login(staff_a).post(reverse("voters:letter_detail", args=[denunciation.pk]),
                                   {"reason": "x"}).status_code == 403

    def test_a_reason_is_required_and_the_handler_keeps_access(
        self, login, leader, staff_a, handler, denunciation
    ):
        services.identity_grant(identity=denunciation.identity, user=staff_a, by=leader, reason="Phối hợp")
        client = login(leader)
        url = reverse("voters:letter_revoke", args=[denunciation.pk])
        page = client.post(url, {"user": staff_a.pk, "reason": ""}, follow=True).content.decode()
        assert "Lý do thu hồi: " in page
        page = client.post(url, {"user": handler.pk, "reason": "Thôi"}, follow=True).content.decode()
        assert "handler đang xử lý đơn: phân công người khác trước khi thu hồi quyền." in page
        page = client.post(url, {"user": leader.pk, "reason": "Thôi"}, follow=True).content.decode()
        assert "Người bị thu hồi quyền: leader không có quyền xem thông tin này." in page
        assert _holders(denunciation.identity) == {"handler", "staff_a"}
        assert not IdentityAccessLog.objects.filter(action="revoke").exists()

    def test_only_a_leader_of_the_handling_body_revokes(self, login, leader, staff_a, outsider, denunciation):
        services.identity_grant(identity=denunciation.identity, user=staff_a, by=leader, reason="Phối hợp")
        url = reverse("voters:letter_revoke", args=[denunciation.pk])
        assert login(staff_a).post(url, {"user": staff_a.pk, "reason": "x"}).status_code == 403
        assert login(outsider).post(url, {"user": staff_a.pk, "reason": "x"}).status_code == 404
        assert _holders(denunciation.identity) == {"handler", "staff_a"}


@covers("voters:letter_action")
class TestLetterActions:
    def test_staff_accept_forward_and_close(self, login, staff_a, province, today):
        letter = services.letter_register(
            handling_body=province.standing,
            number="5",
            received_on=today,
            channel="post",
            kind="report",
            content="Phản ánh",
        )
        client = login(staff_a)
        client.post(
            reverse("voters:letter_action", args=[letter.pk]),
            {"action": "forward", "to_body": province.agency.pk, "on": today.isoformat()},
        )
        letter.refresh_from_db()
        assert (letter.status, letter.forwarded_to, letter.closed_on_time) == (
            "forwarded",
            province.agency,
            True,
        )

    def test_closing_without_a_result_is_refused(self, login, staff_a, province, today):
        letter = services.letter_register(
            handling_body=province.standing,
            number="6",
            received_on=today,
            channel="post",
            kind="recommendation",
            content="Kiến nghị",
        )
        response = login(staff_a).post(reverse("voters:letter_action", args=[letter.pk]),
                                       {"action": "resolve", "on": today.isoformat()}, follow=True)
        assert "Cần ghi kết quả giải quyết" in response.content.decode()
        letter.refresh_from_db()
        assert letter.status == "received"

    def test_a_viewer_may_not_act(self, login, viewer, province, today):
        letter = services.letter_register(
            handling_body=province.standing,
            number="7",
            received_on=today,
            channel="post",
            kind="recommendation",
            content="Kiến nghị",
        )
        assert (
            login(viewer)
            .post(reverse("voters:letter_action", args=[letter.pk]), {"action": "accept"})
            .status_code
            == 403
        )


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
    letter = services.letter_register(
        handling_body=province.standing,
        number="8",
        received_on=received,
        channel="post",
        kind="denunciation",
        content="Tố cáo",
        identity={"full_name": "Ai Đó"},
    )
    limit = WorkCalendar().add_working_days(received, 5)
    services.letter_forward(letter=letter, to_body=province.agency, on=limit + timedelta(days=1))
    assert letter.closed_on_time is False


def test_the_migration_redacts_what_earlier_versions_kept(province, today):
    """Rows written before the fix: a first version in plain text, a result copied into the follow-up's
    outcome."""
    import importlib

    from django.apps import apps

    from coordination.services import followup_open

    letter = Letter.objects.create(
        handling_body=province.standing,
        number="OLD/1",
        received_on=today,
        channel="post",
        kind="denunciation",
        content=f"Ông {SECRET_NAME} tố cáo",
        result=f"Ông {SECRET_NAME} đúng",
    )
    DenouncerIdentity.objects.create(letter=letter, **IDENTITY)
    followup = followup_open(
        subject=letter, title="Giải quyết tố cáo", lead_body=province.standing, due_on=today
    )
    followup.outcome = f"Kết luận: ông {SECRET_NAME} tố cáo đúng"
    followup.save()
    assert _leaks(HistoricalLetter.objects.filter(id=letter.pk).first().content)

    importlib.import_module("voters.migrations.0005_redact_existing_letters").redact_existing(apps, None)
    letter.refresh_from_db()
    followup.refresh_from_db()
    assert (letter.content, letter.result) == ("Ông [đã che thông tin] tố cáo", "Ông [đã che thông tin] đúng")
    assert not _leaks(letter.search_text) and not _leaks(followup.outcome)
    for version in HistoricalLetter.objects.filter(id=letter.pk):
        assert not _leaks(version.content) and not _leaks(version.result)
    assert not any(_leaks(v.outcome) for v in followup.history.all())
