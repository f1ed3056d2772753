from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coordination.models import NotificationPreference
from coordination.providers import CalendarEvent
from coordination.services import feed_token_rotate, followup_open
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


@covers("followups:notifications", "followups:feed_rotate", "followups:feed")
class TestCalendarFeed:
    def test_a_user_creates_a_secret_feed_with_their_deadlines_and_other_apps_events(
        self, login, client, staff_b, province, monkeypatch
    ):
        followup_open(
            subject=None,
            title="Gửi tờ trình",
            lead_body=province.committee,
            due_on=timezone.localdate() + timedelta(days=3),
        )
        followup_open(
            subject=None,
            title="Việc của Mặt trận",
            lead_body=province.front,
            due_on=timezone.localdate() + timedelta(days=3),
        )

        def sessions(*, user, start, end):
            return [
                CalendarEvent(
                    uid="session-1@phoihop",
                    title="Kỳ họp thứ 5",
                    start=timezone.localdate() + timedelta(days=20),
                )
            ]

        monkeypatch.setattr("coordination.calendar_feed.collect_calendar_events", lambda **kw: sessions(**kw))
        signed_in = login(staff_b)
        assert "chưa có địa chỉ lịch" in signed_in.get(reverse("followups:notifications")).content.decode()
        signed_in.post(reverse("followups:feed_rotate"))
        token = NotificationPreference.objects.get(user=staff_b).feed_token
        assert token in signed_in.get(reverse("followups:notifications")).content.decode()
        client.logout()
        response = client.get(reverse("followups:feed", args=[token]))
        assert response["Content-Type"].startswith("text/calendar")
        summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
        assert summaries == ["Hạn: Gửi tờ trình", "Kỳ họp thứ 5"]

    def test_the_feed_carries_a_real_session_and_reception_day_with_absolute_links(
        self, client, staff_b, province, settings
    ):
        from tests.sessions.factories import SessionFactory
        from tests.voters.factories import ReceptionDayFactory

        settings.SITE_URL = "https://phoihop.example.vn"
        today = timezone.localdate()
        session = SessionFactory(
            term=province.term,
            council=province.standing,
            number=9,
            planned_open=today + timedelta(days=10),
            planned_close=today + timedelta(days=12),
        )
        reception = ReceptionDayFactory(
            host_body=province.committee, day=today + timedelta(days=4), receiver="Chủ tịch UBND tỉnh"
        )
        before = timezone.now().replace(microsecond=0)
        response = client.get(reverse("followups:feed", args=[feed_token_rotate(user=staff_b)]))
        events = {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
        meeting, receiving = (
            events[f"session-{session.pk}@phoihop"],
            events[f"reception-{reception.pk}@phoihop"],
        )
        assert str(meeting["summary"]) == f"Kỳ họp thứ 9 — {province.standing.name}"
        # All-day events: DTEND is the day after the last day, so the closing day is in the calendar.
        assert (meeting.decoded("dtstart"), meeting.decoded("dtend")) == (
            today + timedelta(days=10),
            today + timedelta(days=13),
        )
        assert (receiving.decoded("dtstart"), receiving.decoded("dtend")) == (
            today + timedelta(days=4),
            today + timedelta(days=5),
        )
        assert str(meeting["url"]) == "https://phoihop.example.vn" + session.get_absolute_url()
        assert str(receiving["url"]) == "https://phoihop.example.vn" + reception.get_absolute_url()
        assert str(receiving["summary"]) == "Tiếp công dân: Chủ tịch UBND tỉnh"
        for event in (meeting, receiving):
            assert event.decoded("dtstamp") >= before  # when the feed was written, not a fixed date

    def test_a_timed_event_keeps_its_hour_in_vietnams_zone_and_a_deadline_reminds_the_day_before(
        self, client, staff_b, province, monkeypatch
    ):
        due = timezone.localdate() + timedelta(days=3)
        followup_open(subject=None, title="Gửi tờ trình", lead_body=province.committee, due_on=due)
        day = timezone.localdate() + timedelta(days=5)
        opens = datetime.combine(day, time(7, 30), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        monkeypatch.setattr(
            "coordination.calendar_feed.collect_calendar_events",
            lambda **kw: [
                CalendarEvent(uid="reception-1@phoihop", title="Tiếp công dân",
                              start=opens.astimezone(UTC), end=opens + timedelta(hours=4))
            ],
        )
        response = client.get(reverse("followups:feed", args=[feed_token_rotate(user=staff_b)]))
        feed = Calendar.from_ical(response.content)
        events = {str(e["uid"]): e for e in feed.walk("VEVENT")}
        receiving = events["reception-1@phoihop"]
        # 07:30 in Hà Nội, however the provider gave it, named by its zone; the zone is described in the feed
        assert receiving["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
        assert receiving.decoded("dtstart").replace(tzinfo=None) == datetime.combine(day, time(7, 30))
        assert receiving.decoded("dtend").replace(tzinfo=None) == datetime.combine(day, time(11, 30))
        assert [str(z["tzid"]) for z in feed.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
        assert not receiving.walk("VALARM")  # a meeting is not a deadline
        deadline = next(e for uid, e in events.items() if uid.startswith("followup-"))
        assert deadline.decoded("dtstart") == due  # a deadline stays a whole day
        (alarm,) = deadline.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == timedelta(days=-1)
        assert str(alarm["description"]) == "Ngày mai đến hạn: Gửi tờ trình"

    def test_rotating_kills_the_old_url(self, client, staff_b):
        old = feed_token_rotate(user=staff_b)
        new = feed_token_rotate(user=staff_b)
        assert client.get(reverse("followups:feed", args=[old])).status_code == 404
        assert client.get(reverse("followups:feed", args=[new])).status_code == 200

    def test_a_guessed_or_empty_token_is_404(self, client, staff_b):
        NotificationPreference.objects.create(user=staff_b)  # no token yet
        assert client.get(reverse("followups:feed", args=["x"])).status_code == 404
        assert client.get(reverse("followups:feed", args=["a" * 43])).status_code == 404

    def test_rotation_needs_login_and_post(self, client, login, staff_b):
        assert client.post(reverse("followups:feed_rotate")).status_code == 302
        assert client.get(reverse("followups:notifications")).status_code == 302
        assert login(staff_b).get(reverse("followups:feed_rotate")).status_code == 405


