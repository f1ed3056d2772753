"""What a leader does from a follow-up's own page: a comment, a re-assignment, an extension — each recorded
(on the page and in its "Lịch sử"), each refused with the field named when it is wrong, and each door
tested as every persona."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse

from coordination.models import COMMENT_MAX_CHARS, FollowUp, FollowUpComment, OutboxMessage
from coordination.services import followup_complete, followup_open
from tests.factories import PersonFactory
from tests.url_coverage import covers

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-15")]

TODAY = date(2026, 6, 15)


def overdue(body, *, days=167, responsible=None, title="Báo cáo kết quả giám sát chuyên đề"):
    return followup_open(
        subject=None,
        title=title,
        lead_body=body,
        due_on=TODAY - timedelta(days=days),
        responsible=responsible,
    )


def page(client, followup) -> str:
    return unescape(client.get(followup.get_absolute_url()).content.decode())


def url(name: str, followup) -> str:
    return reverse(f"followups:{name}", args=[followup.pk])


# --- Comments ----------------------------------------------------------------------------------------------


@covers("followups:comment")
class TestComment:
    def test_a_leader_comments_and_sees_it_on_the_page_and_in_the_history(
        self, login, leader, staff_b, province, person_of
    ):
        followup = overdue(province.committee, responsible=person_of(staff_b))
        client = login(leader)
        response = client.post(url("comment", followup), {"text": "Đề nghị báo cáo trước thứ Sáu."})
        assert response.status_code == 302 and response.url.endswith("#comments")
        client.post(url("comment", followup), {"text": "Nhắc lại: cần số liệu quý II."})
        comments = list(FollowUpComment.objects.filter(followup=followup).order_by("created_at", "id"))
        assert [(c.by, c.text) for c in comments] == [
            (leader, "Đề nghị báo cáo trước thứ Sáu."),
            (leader, "Nhắc lại: cần số liệu quý II."),
        ]
        html = page(client, followup)
        assert html.index("Đề nghị báo cáo trước thứ Sáu.") < html.index("Nhắc lại: cần số liệu quý II.")
        assert leader.get_full_name() in html
        history = unescape(client.get(url("history", followup)).content.decode())
        assert "Ý kiến: Đề nghị báo cáo trước thứ Sáu." in history

    def test_the_comment_is_mailed_once_to_those_who_owe_it(
        self, login, leader, staff_b, province, person_of
    ):
        followup = overdue(province.committee, responsible=person_of(staff_b))
        login(leader).post(url("comment", followup), {"text": "Đề nghị báo cáo."})
        mails = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.COMMENT)
        assert [m.recipient for m in mails] == [staff_b]  # the responsible officer, not its author
        assert "Đề nghị báo cáo." in mails[0].body_text and followup.title in mails[0].subject
        comment = FollowUpComment.objects.get()
        assert mails[0].key == f"comment:{staff_b.pk}:{comment.pk}"

    @pytest.mark.parametrize("who", ["staff_a", "staff_b"])
    def test_staff_of_the_unit_may_comment(self, request, login, province, who):
        followup = overdue(province.committee)
        response = login(request.getfixturevalue(who)).post(url("comment", followup), {"text": "Đã nhắc."})
        assert response.status_code == 302 and FollowUpComment.objects.count() == 1

    def test_a_viewer_reads_but_may_not_comment(self, login, viewer, province):
        followup = overdue(province.committee)
        assert 'data-testid="comment-submit"' not in page(login(viewer), followup)
        assert login(viewer).post(url("comment", followup), {"text": "x"}).status_code == 403
        assert not FollowUpComment.objects.exists() and not OutboxMessage.objects.exists()

    def test_an_outsider_does_not_learn_it_exists(self, login, outsider, province):
        followup = overdue(province.committee)
        assert login(outsider).post(url("comment", followup), {"text": "x"}).status_code == 404
        assert not FollowUpComment.objects.exists()

    def test_an_anonymous_visitor_signs_in_first(self, client, province):
        followup = overdue(province.committee)
        assert client.post(url("comment", followup), {"text": "x"}).status_code == 302
        assert not FollowUpComment.objects.exists()

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("   ", "Ý kiến: vui lòng ghi nội dung."),
            ("x" * (COMMENT_MAX_CHARS + 1), "Ý kiến dài 2.001 ký tự, quá giới hạn 2.000 ký tự: hãy rút gọn."),
        ],
    )
    def test_an_empty_or_too_long_comment_is_refused_naming_the_field(
        self, login, leader, province, text, message
    ):
        followup = overdue(province.committee)
        response = login(leader).post(url("comment", followup), {"text": text})
        assert response.status_code == 400 and message in unescape(response.content.decode())
        assert not FollowUpComment.objects.exists() and not OutboxMessage.objects.exists()


# --- Re-assignment -----------------------------------------------------------------------------------------


@covers("followups:reassign")
class TestReassign:
    def test_a_leader_gives_it_to_another_body_and_person_and_the_newcomers_are_told(
        self, login, leader, staff_b, front_staff, province, person_of
    ):
        followup = overdue(province.committee, responsible=person_of(staff_b))
        client = login(leader)
        response = client.post(
            url("reassign", followup),
            {
                "reassign-lead_body": province.front.pk,
                "reassign-responsible": person_of(front_staff).pk,
                "reassign-reason": "Mặt trận nắm số liệu cử tri",
            },
        )
        assert response.status_code == 302
        followup.refresh_from_db()
        assert (followup.lead_body, followup.responsible) == (province.front, person_of(front_staff))
        html = page(client, followup)
        assert f"Rõ người (chịu trách nhiệm)</dt><dd>{person_of(front_staff)}" in html
        history = unescape(client.get(url("history", followup)).content.decode())
        assert "Mặt trận nắm số liệu cử tri" in history
        assert f"Cơ quan chủ trì</strong>: {province.committee} → {province.front}" in history
        mails = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.REASSIGNED)
        assert [m.recipient for m in mails] == [front_staff]
        assert "Mặt trận nắm số liệu cử tri" in mails[0].body_text

    def test_the_standing_committees_officer_may_reassign(self, login, staff_a, province, person_of):
        person = PersonFactory(user=None)
        person.positions.create(body=province.committee, title="Chuyên viên")
        followup = overdue(province.committee)
        response = login(staff_a).post(
            url("reassign", followup),
            {
                "reassign-lead_body": province.committee.pk,
                "reassign-responsible": person.pk,
                "reassign-reason": "Phân công cán bộ",
            },
        )
        assert response.status_code == 302
        assert FollowUp.objects.get(pk=followup.pk).responsible == person

    @pytest.mark.parametrize("who", ["viewer", "staff_b"])
    def test_a_viewer_or_the_lead_bodys_officer_may_not_reassign(
        self, request, login, province, person_of, who
    ):
        user = request.getfixturevalue(who)
        followup = overdue(province.committee)
        assert 'data-testid="reassign-submit"' not in page(login(user), followup)
        response = login(user).post(
            url("reassign", followup),
            {
                "reassign-lead_body": province.committee.pk,
                "reassign-responsible": person_of(user).pk,
                "reassign-reason": "Tự nhận",
            },
        )
        assert response.status_code == 403
        assert FollowUp.objects.get(pk=followup.pk).responsible is None

    def test_an_outsider_does_not_learn_it_exists(self, login, outsider, province, person_of):
        followup = overdue(province.committee)
        response = login(outsider).post(
            url("reassign", followup),
            {
                "reassign-lead_body": province.committee.pk,
                "reassign-responsible": person_of(outsider).pk,
                "reassign-reason": "x",
            },
        )
        assert response.status_code == 404

    def test_only_bodies_and_people_of_the_same_unit(
        self, login, leader, outsider, province, other_province, person_of
    ):
        followup = overdue(province.committee)
        client = login(leader)
        response = client.post(
            url("reassign", followup),
            {
                "reassign-lead_body": other_province.committee.pk,
                "reassign-responsible": person_of(outsider).pk,
                "reassign-reason": "x",
            },
        )
        html = unescape(response.content.decode())
        assert response.status_code == 400
        assert "Cơ quan chủ trì: chỉ chọn cơ quan của đơn vị này." in html
        assert "Người chịu trách nhiệm: chỉ chọn người của đơn vị này." in html
        followup.refresh_from_db()
        assert (followup.lead_body, followup.responsible) == (province.committee, None)
        assert not OutboxMessage.objects.exists()

    def test_a_reason_is_required_and_kept_short(self, login, leader, staff_b, province, person_of):
        followup = overdue(province.committee)
        data = {"reassign-lead_body": province.committee.pk, "reassign-responsible": person_of(staff_b).pk}
        html = unescape(
            login(leader).post(url("reassign", followup), {**data, "reassign-reason": ""}).content.decode()
        )
        assert "Lý do giao lại: bắt buộc phải ghi lý do." in html
        response = login(leader).post(url("reassign", followup), {**data, "reassign-reason": "x" * 101})
        assert response.status_code == 400
        assert "Lý do dài 101 ký tự, quá giới hạn 100 ký tự: hãy rút gọn." in unescape(
            response.content.decode()
        )
        assert FollowUp.objects.get(pk=followup.pk).responsible is None

    def test_nothing_changed_is_said_so(self, login, leader, staff_b, province, person_of):
        followup = overdue(province.committee, responsible=person_of(staff_b))
        response = login(leader).post(
            url("reassign", followup),
            {
                "reassign-lead_body": province.committee.pk,
                "reassign-responsible": person_of(staff_b).pk,
                "reassign-reason": "Giữ nguyên",
            },
        )
        assert response.status_code == 400
        assert "hãy chọn cơ quan chủ trì hoặc người chịu trách nhiệm khác" in unescape(
            response.content.decode()
        )


# --- Extension ---------------------------------------------------------------------------------------------


@covers("followups:extend")
class TestExtend:
    def test_a_leader_extends_it_and_the_list_and_history_say_so(self, login, leader, province):
        followup = overdue(province.committee, days=10)
        first_due = followup.due_on
        client = login(leader)
        response = client.post(
            url("extend", followup), {"extend-due_on": "30/06/2026", "extend-reason": "Chờ số liệu quý II"}
        )
        assert response.status_code == 302
        followup.refresh_from_db()
        assert (followup.due_on, followup.extended_from) == (date(2026, 6, 30), first_due)
        assert not followup.is_overdue
        listing = unescape(client.get(reverse("followups:list"), {"state": "all"}).content.decode())
        assert "Gia hạn đến 30/06/2026" in listing
        assert "Gia hạn đến 30/06/2026 (hạn ban đầu 05/06/2026)" in page(client, followup)
        history = unescape(client.get(url("history", followup)).content.decode())
        assert "05/06/2026 → 30/06/2026" in history and "Chờ số liệu quý II" in history

    def test_a_second_extension_keeps_the_first_deadline(self, login, leader, province):
        followup = overdue(province.committee, days=10)
        client = login(leader)
        client.post(url("extend", followup), {"extend-due_on": "30/06/2026", "extend-reason": "Lần một"})
        client.post(url("extend", followup), {"extend-due_on": "15/07/2026", "extend-reason": "Lần hai"})
        followup.refresh_from_db()
        assert (followup.due_on, followup.extended_from) == (date(2026, 7, 15), date(2026, 6, 5))

    @pytest.mark.parametrize(
        ("due_on", "message"),
        [
            ("14/06/2026", "Thời hạn mới (14/06/2026) không được trước ngày hôm nay (15/06/2026)."),
            ("31/02/2026", "Thời hạn mới: ghi ngày/tháng/năm, ví dụ 20/01/2027."),
            ("", "Thời hạn mới: vui lòng nhập ngày."),
        ],
    )
    def test_a_day_before_today_or_not_a_day_is_refused(self, login, leader, province, due_on, message):
        followup = overdue(province.committee)
        response = login(leader).post(
            url("extend", followup), {"extend-due_on": due_on, "extend-reason": "Lý do"}
        )
        assert response.status_code == 400 and message in unescape(response.content.decode())
        followup.refresh_from_db()
        assert followup.due_on == TODAY - timedelta(days=167) and followup.extended_from is None

    def test_a_day_before_the_current_deadline_is_refused(self, login, leader, province):
        followup = followup_open(
            subject=None, title="Việc còn hạn", lead_body=province.committee, due_on=date(2026, 7, 1)
        )
        response = login(leader).post(
            url("extend", followup), {"extend-due_on": "20/06/2026", "extend-reason": "Lý do"}
        )
        assert response.status_code == 400
        assert "Thời hạn mới (20/06/2026) không được trước thời hạn hiện tại (01/07/2026)." in unescape(
            response.content.decode()
        )
        assert FollowUp.objects.get(pk=followup.pk).due_on == date(2026, 7, 1)

    def test_a_reason_is_required(self, login, leader, province):
        followup = overdue(province.committee)
        response = login(leader).post(
            url("extend", followup), {"extend-due_on": "30/06/2026", "extend-reason": " "}
        )
        assert response.status_code == 400
        assert "Lý do gia hạn: bắt buộc phải ghi lý do." in unescape(response.content.decode())
        assert FollowUp.objects.get(pk=followup.pk).extended_from is None

    def test_a_finished_item_is_not_extended(self, login, leader, province):
        followup = overdue(province.committee)
        followup_complete(followup=followup, outcome="Đã gửi.")
        response = login(leader).post(
            url("extend", followup), {"extend-due_on": "30/06/2026", "extend-reason": "Lý do"}
        )
        assert response.status_code == 400 and "Chỉ gia hạn việc đang thực hiện." in response.content.decode()

    @pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("staff_b", 403), ("outsider", 404)])
    def test_only_the_lead_bodys_leaders_and_the_secretariat_extend(
        self, request, login, province, who, status
    ):
        followup = overdue(province.committee)
        response = login(request.getfixturevalue(who)).post(
            url("extend", followup), {"extend-due_on": "30/06/2026", "extend-reason": "Lý do"}
        )
        assert response.status_code == status
        assert FollowUp.objects.get(pk=followup.pk).extended_from is None

    def test_the_standing_committees_officer_extends(self, login, staff_a, province):
        followup = overdue(province.committee)
        response = login(staff_a).post(
            url("extend", followup), {"extend-due_on": "30/06/2026", "extend-reason": "Lý do"}
        )
        assert response.status_code == 302
        assert FollowUp.objects.get(pk=followup.pk).due_on == date(2026, 6, 30)


# --- The page ----------------------------------------------------------------------------------------------


class TestThePage:
    @pytest.mark.parametrize("count", [1, 50])
    def test_it_runs_a_constant_number_of_queries(
        self, login, leader, staff_b, province, person_of, count, django_assert_max_num_queries
    ):
        followup = overdue(province.committee, responsible=person_of(staff_b))
        FollowUpComment.objects.bulk_create(
            [FollowUpComment(followup=followup, by=staff_b, text=f"Ý kiến {n}") for n in range(count)]
        )
        client = login(leader)
        with django_assert_max_num_queries(22):
            html = client.get(followup.get_absolute_url()).content.decode()
        assert html.count('data-testid="comment"') == count
        assert 'data-testid="reassign-submit"' in html and 'data-testid="extend-submit"' in html
