import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import FollowUp, NotificationPreference, OutboxMessage, Role
from coordination.services import (
    digests_send,
    followup_complete,
    followup_open,
    followup_reopen,
    followup_reschedule,
    reminder_step_for,
    reminders_sweep,
)
from coordination.tokens import preferences_token
from tests.conftest import member
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)  # a Monday


def owed(body, *, due_on, title="Gửi tờ trình kỳ họp giữa năm", responsible=None):
    return followup_open(subject=None, title=title, lead_body=body, due_on=due_on, responsible=responsible)


class TestReminderSteps:
    @pytest.mark.parametrize(
        ("days_left", "step"), [(9, None), (7, "d7"), (5, "d7"), (1, "d1"), (0, "d0"), (-1, "overdue")]
    )
    def test_it_picks_the_step_owed_today(self, days_left, step):
        found = reminder_step_for(due_on=TODAY + timedelta(days=days_left), today=TODAY, offsets=[7, 1, 0])
        assert (found.split("@")[0] if found else None) == step


class TestReminderSweep:
    def test_it_reminds_the_responsible_person_and_the_lead_bodys_staff_once(
        self, province, staff_b, agency_officer, person_of, committed
    ):
        followup = owed(
            province.committee, due_on=TODAY + timedelta(days=7), responsible=person_of(agency_officer)
        )
        with committed():
            assert reminders_sweep(today=TODAY) == 2
        with committed():
            assert reminders_sweep(today=TODAY) == 0
            assert reminders_sweep(today=TODAY + timedelta(days=1)) == 0  # still the 7-day step
        assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_b.email, agency_officer.email])
        assert mail.outbox[0].subject == f"[Còn 7 ngày] {followup.title}"
        assert "07/" not in mail.outbox[0].subject
        assert f"/followups/{followup.pk}/" in mail.outbox[0].body

    def test_each_offset_then_escalation_to_the_leaders(self, province, staff_a, leader, committed):
        owed(province.standing, due_on=TODAY + timedelta(days=7))
        with committed():
            for offset in range(0, 10):
                reminders_sweep(today=TODAY + timedelta(days=offset))
        kinds = [(m.to[0], m.subject.split("]")[0] + "]") for m in mail.outbox]
        assert kinds == [
            (staff_a.email, "[Còn 7 ngày]"),
            (staff_a.email, "[Còn 1 ngày]"),
            (staff_a.email, "[Đến hạn hôm nay]"),
            (leader.email, "[Quá hạn]"),
        ]
        assert set(OutboxMessage.objects.values_list("kind", flat=True)) == {"reminder", "escalation"}

    def test_a_missed_sweep_still_sends_the_latest_reminder(self, province, staff_a, committed):
        owed(province.standing, due_on=TODAY + timedelta(days=3))
        with committed():
            assert reminders_sweep(today=TODAY) == 1
        assert mail.outbox[0].subject.startswith("[Còn 3 ngày]")

    def test_an_extended_deadline_earns_fresh_reminders(self, province, staff_a, committed):
        followup = owed(province.standing, due_on=TODAY + timedelta(days=1))
        with committed():
            reminders_sweep(today=TODAY)
            followup_reschedule(
                followup=FollowUp.objects.get(pk=followup.pk), due_on=TODAY + timedelta(days=5)
            )
            assert reminders_sweep(today=TODAY) == 1
        assert len(mail.outbox) == 2

    def test_an_escalated_item_given_a_new_deadline_is_reminded_and_escalated_again(
        self, province, staff_a, leader, committed
    ):
        followup = owed(province.standing, due_on=TODAY)
        with committed():
            reminders_sweep(today=TODAY)
            assert reminders_sweep(today=TODAY + timedelta(days=1)) == 1  # escalated to the leader
            followup_reschedule(
                followup=FollowUp.objects.get(pk=followup.pk), due_on=TODAY + timedelta(days=8)
            )
            for offset in range(1, 11):
                reminders_sweep(today=TODAY + timedelta(days=offset))
        sent = [(m.to[0], m.subject.split("]")[0] + "]") for m in mail.outbox]
        assert sent == [
            (staff_a.email, "[Đến hạn hôm nay]"),
            (leader.email, "[Quá hạn]"),
            (staff_a.email, "[Còn 7 ngày]"),
            (staff_a.email, "[Còn 1 ngày]"),
            (staff_a.email, "[Đến hạn hôm nay]"),
            (leader.email, "[Quá hạn]"),
        ]
        assert FollowUp.objects.get(pk=followup.pk).reminder_step == f"overdue@{TODAY + timedelta(days=8)}"

    def test_a_reopened_item_with_a_new_deadline_is_escalated_again(
        self, province, staff_a, leader, committed
    ):
        followup = owed(province.standing, due_on=TODAY - timedelta(days=1))
        with committed():
            assert reminders_sweep(today=TODAY) == 1
            followup_complete(followup=followup, outcome="Đã gửi")
            followup_reopen(followup=followup, due_on=TODAY + timedelta(days=1), reason="Hồ sơ thiếu")
            assert reminders_sweep(today=TODAY + timedelta(days=2)) == 1
        assert [m.to[0] for m in mail.outbox] == [leader.email, leader.email]
        assert OutboxMessage.objects.filter(kind="escalation").count() == 2

    def test_a_body_without_a_leader_escalates_to_its_parents_leaders(self, province, leader, committed):
        chairman = member(province.committee, Role.LEADER, "chutich")
        owed(province.agency, due_on=TODAY - timedelta(days=2))
        with committed():
            assert reminders_sweep(today=TODAY) == 1
        assert [(m.to[0], m.subject.split("]")[0] + "]") for m in mail.outbox] == [
            (chairman.email, "[Quá hạn]")
        ]

    def test_a_council_committee_without_a_leader_escalates_to_the_standing_committee(
        self, province, leader, committed
    ):
        # The Ban's parent, the Council itself, has no members: the Standing Committee directs the Bans.
        owed(province.council_committee, due_on=TODAY - timedelta(days=2))
        with committed():
            assert reminders_sweep(today=TODAY) == 1
        assert [m.to[0] for m in mail.outbox] == [leader.email]

    def test_an_escalation_nobody_can_receive_is_not_marked_done_and_is_sent_once_a_leader_exists(
        self, province, committed
    ):
        followup = owed(province.agency, due_on=TODAY - timedelta(days=2))
        with committed():
            assert reminders_sweep(today=TODAY) == 0
        assert FollowUp.objects.get(pk=followup.pk).reminder_step == ""
        standing_leader = member(province.standing, Role.LEADER, "chutich_hdnd")
        with committed():
            assert reminders_sweep(today=TODAY + timedelta(days=1)) == 1
        assert [m.to[0] for m in mail.outbox] == [standing_leader.email]
        assert FollowUp.objects.get(pk=followup.pk).reminder_step == f"overdue@{followup.due_on}"

    def test_done_items_and_far_deadlines_send_nothing(self, province, staff_a, committed):
        owed(province.standing, due_on=TODAY + timedelta(days=30))
        FollowUp.objects.filter(pk=owed(province.standing, due_on=TODAY).pk).update(
            status=FollowUp.Status.DONE
        )
        with committed():
            assert reminders_sweep(today=TODAY) == 0
        assert mail.outbox == []

    def test_a_sweep_cut_off_between_two_chunks_leaves_the_rest_to_the_next_one_and_sends_each_once(
        self, province, staff_a, monkeypatch, committed
    ):
        from coordination.services import reminders

        monkeypatch.setattr(reminders, "SWEEP_CHUNK", 2)
        items = [owed(province.standing, due_on=TODAY, title=f"Việc số {n}") for n in range(5)]
        marked = []

        def killed_during_the_second_chunk(marks):
            marked.append(marks)
            if len(marked) == 2:
                raise RuntimeError("the worker was killed")
            real_mark_steps(marks)

        real_mark_steps = reminders._mark_steps
        monkeypatch.setattr(reminders, "_mark_steps", killed_during_the_second_chunk)
        with committed(), pytest.raises(RuntimeError):
            reminders_sweep(today=TODAY)
        # The first chunk committed and was sent; the second rolled back whole, its mails with its steps.
        assert sorted(m.subject for m in mail.outbox) == [f"[Đến hạn hôm nay] Việc số {n}" for n in (0, 1)]
        assert OutboxMessage.objects.count() == 2
        assert [FollowUp.objects.get(pk=f.pk).reminder_step != "" for f in items] == [True] * 2 + [False] * 3
        monkeypatch.setattr(reminders, "_mark_steps", real_mark_steps)
        with committed():
            assert reminders_sweep(today=TODAY) == 3
            assert reminders_sweep(today=TODAY) == 0
        assert sorted(m.subject for m in mail.outbox) == [f"[Đến hạn hôm nay] Việc số {n}" for n in range(5)]
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 5

    def test_the_sweep_makes_as_many_queries_for_many_follow_ups_as_for_one(
        self, province, staff_a, leader, person_of, committed
    ):
        def sweep_queries(day, n):
            FollowUp.objects.update(status=FollowUp.Status.DONE)  # the previous run's out of the way
            for k in range(n):
                owed(province.standing, due_on=day + timedelta(days=k % 3), responsible=person_of(staff_a))
                owed(province.agency, due_on=day - timedelta(days=1 + k % 2))
            with committed(), CaptureQueriesContext(connection) as queries:
                assert reminders_sweep(today=day) > 0
            return len(queries)

        assert sweep_queries(TODAY, 3) == sweep_queries(TODAY + timedelta(days=100), 20)  # 40 mails, one task

    def test_the_command_runs_the_sweep(self, province, staff_a, committed, capsys):
        from django.utils import timezone

        owed(province.standing, due_on=timezone.localdate())
        with committed():
            call_command("send_reminders")
        assert "Đã xếp 1 thư nhắc việc" in capsys.readouterr().out
        assert len(mail.outbox) == 1


MONDAY_8AM = datetime(2026, 5, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


class TestDigests:
    def test_it_lists_overdue_first_then_this_week_with_links(self, province, staff_b, person_of, committed):
        owed(province.committee, due_on=TODAY + timedelta(days=3), title="Việc trong tuần")
        owed(province.committee, due_on=TODAY - timedelta(days=2), title="Việc quá hạn")
        owed(province.committee, due_on=TODAY + timedelta(days=20), title="Việc tháng sau")
        with committed():
            assert digests_send(frequency="weekly", now=MONDAY_8AM) == 1
        message = mail.outbox[0]
        assert message.to == [staff_b.email]
        body = message.body
        assert (
            body.index("QUÁ HẠN (1 việc)")
            < body.index("Việc quá hạn")
            < body.index("TUẦN NÀY (1 việc)")
            < body.index("Việc trong tuần")
        )
        assert "Việc tháng sau" not in body
        assert "/followups/preferences/" in body
        html = message.alternatives[0][0]
        assert "Việc quá hạn</a>" in html

    def test_nothing_is_sent_to_a_user_with_nothing_to_report(self, province, staff_b, committed):
        with committed():
            assert digests_send(frequency="weekly", now=MONDAY_8AM) == 0
        assert mail.outbox == []

    def test_one_digest_per_period(self, province, staff_b, committed):
        owed(province.committee, due_on=TODAY)
        with committed():
            digests_send(frequency="weekly", now=MONDAY_8AM)
            digests_send(frequency="weekly", now=MONDAY_8AM + timedelta(days=2))
            assert digests_send(frequency="weekly", now=MONDAY_8AM + timedelta(days=7)) == 1
        assert len(mail.outbox) == 2

    def test_the_beat_respects_weekday_hour_and_choice(self, province, staff_b, staff_a, committed):
        owed(province.committee, due_on=TODAY)
        owed(province.standing, due_on=TODAY)
        NotificationPreference.objects.create(user=staff_a, digest_frequency="daily", digest_hour=9)
        with committed():
            assert (
                digests_send(frequency="weekly", now=MONDAY_8AM - timedelta(hours=2), only_due=True) == 0
            )  # 06:00
            assert digests_send(frequency="weekly", now=MONDAY_8AM, only_due=True) == 1
            assert (
                digests_send(frequency="weekly", now=MONDAY_8AM + timedelta(days=1), only_due=True) == 0
            )  # sent this week
            assert digests_send(frequency="daily", now=MONDAY_8AM, only_due=True) == 0  # before 09:00
            assert digests_send(frequency="daily", now=MONDAY_8AM + timedelta(hours=1), only_due=True) == 1
        assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_b.email, staff_a.email])

    def test_a_weekly_digest_whose_hour_passed_while_nothing_ran_is_sent_when_the_beat_comes_back(
        self, province, staff_b, committed
    ):
        owed(province.committee, due_on=TODAY)
        with committed():
            # Beat and workers down from Sunday to Wednesday: Monday 07:00 passed unseen.
            assert digests_send(frequency="weekly", now=MONDAY_8AM + timedelta(days=2), only_due=True) == 1
            assert (
                digests_send(
                    frequency="weekly", now=MONDAY_8AM + timedelta(days=2, minutes=15), only_due=True
                )
                == 0
            )
            assert (
                digests_send(frequency="weekly", now=MONDAY_8AM + timedelta(days=6), only_due=True) == 0
            )  # once a week
        assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [
            "<digest=3A" + str(staff_b.pk) + "=3A2026-W19@phoihop>"
        ]

    def test_a_daily_digest_missed_just_before_midnight_is_sent_for_its_own_day(
        self, province, staff_b, committed
    ):
        owed(province.committee, due_on=TODAY)
        NotificationPreference.objects.create(user=staff_b, digest_frequency="daily", digest_hour=23)
        with committed():
            back = MONDAY_8AM.replace(hour=0, minute=30) + timedelta(
                days=1
            )  # Tuesday 00:30: Monday 23:00 was missed
            assert digests_send(frequency="daily", now=back, only_due=True) == 1
            assert digests_send(frequency="daily", now=back + timedelta(hours=1), only_due=True) == 0
            # A day later at 00:30 nobody ran on Tuesday 23:00 either: that one is sent too, and no older one.
            assert digests_send(frequency="daily", now=back + timedelta(days=1), only_due=True) == 1
        keys = sorted(OutboxMessage.objects.filter(kind="digest").values_list("key", flat=True))
        assert keys == [f"digest:{staff_b.pk}:2026-05-04", f"digest:{staff_b.pk}:2026-05-05"]

    def test_a_new_user_does_not_get_last_weeks_digest(self, province, staff_b, committed):
        owed(province.committee, due_on=TODAY)
        with committed():
            assert digests_send(frequency="weekly", now=MONDAY_8AM - timedelta(hours=2), only_due=True) == 0

    def test_the_counts_are_exact_when_the_list_is_cut(self, province, staff_b, committed):
        from coordination.queries import DIGEST_ROWS

        for n in range(DIGEST_ROWS + 20):
            owed(province.committee, due_on=TODAY - timedelta(days=1 + n % 5), title=f"Việc cũ {n}")
        for n in range(7):
            owed(province.committee, due_on=TODAY + timedelta(days=1), title=f"Việc mới {n}")
        with committed():
            assert digests_send(frequency="weekly", now=MONDAY_8AM) == 1
        message = mail.outbox[0]
        assert f"({DIGEST_ROWS + 20} quá hạn, 7 sắp đến hạn)" in message.subject
        assert f"QUÁ HẠN ({DIGEST_ROWS + 20} việc)" in message.body
        assert "… và 20 việc quá hạn khác" in message.body
        assert "TUẦN NÀY (7 việc)" in message.body and "… và 7 việc sắp đến hạn khác" in message.body

    def test_an_unsubscribed_user_gets_nothing(self, province, staff_b, committed):
        owed(province.committee, due_on=TODAY)
        NotificationPreference.objects.create(user=staff_b, digest_frequency="never")
        with committed():
            assert digests_send(frequency="weekly", now=MONDAY_8AM) == 0

    @pytest.mark.parametrize("users", [1, 10])
    def test_a_constant_number_of_queries_per_user(self, province, users):
        for n in range(users):
            member(province.committee, Role.STAFF, f"nguoi{n}")
        for n in range(5):
            owed(province.committee, due_on=TODAY + timedelta(days=n - 2))
        with CaptureQueriesContext(connection) as queries:
            assert digests_send(frequency="weekly", now=MONDAY_8AM) == users
        # …and each recipient's memberships in one query, the letters' content type (what each may see)
        fixed = 11
        assert len(queries) <= fixed + users, [q["sql"][:80] for q in queries]

    def test_the_command(self, province, staff_b, committed, capsys):
        from django.utils import timezone

        owed(province.committee, due_on=timezone.localdate())
        with committed():
            call_command("send_digests", "--frequency", "weekly")
        assert "Đã xếp 1 thư tổng hợp" in capsys.readouterr().out

    def test_the_command_refuses_a_bad_frequency(self):
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="frequency"):
            call_command("send_digests", "--frequency", "monthly")


@covers("followups:preferences")
class TestPreferencesWithoutLogin:
    def test_the_link_in_the_digest_opens_without_login(self, client, staff_b):
        response = client.get(preferences_token(user=staff_b))
        assert response.status_code == 200
        assert staff_b.email in response.content.decode()

    def test_it_saves_a_daily_choice(self, client, staff_b):
        url = preferences_token(user=staff_b)
        response = client.post(url, {"digest_frequency": "daily", "digest_weekday": 0, "digest_hour": 6})
        assert response.status_code == 302
        pref = NotificationPreference.objects.get(user=staff_b)
        assert (pref.digest_frequency, pref.digest_hour) == ("daily", 6)

    def test_a_bad_hour_is_refused_with_a_message(self, client, staff_b):
        response = client.post(
            preferences_token(user=staff_b),
            {"digest_frequency": "daily", "digest_weekday": 0, "digest_hour": 30},
        )
        assert response.status_code == 400
        assert "Giờ gửi: từ 0 đến 23." in response.content.decode()
        assert not NotificationPreference.objects.filter(user=staff_b, digest_frequency="daily").exists()

    def test_unsubscribe(self, client, staff_b):
        client.post(preferences_token(user=staff_b), {"unsubscribe": "1"})
        assert NotificationPreference.objects.get(user=staff_b).digest_frequency == "never"

    def test_a_tampered_token_is_refused(self, client, staff_b, staff_a):
        url = preferences_token(user=staff_b)
        token = url.rstrip("/").rsplit("/", 1)[-1]
        forged = re.sub(r".$", "A" if not token.endswith("A") else "B", token)
        response = client.get(reverse("followups:preferences", args=[forged]))
        assert response.status_code == 404
        assert "Liên kết không hợp lệ" in response.content.decode()
