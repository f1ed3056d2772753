from datetime import timedelta

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
    def test_a_user_creates_a_secret_feed_with_their_deadlines_and_other_apps_events(self, login, client, staff_b, province, monkeypatch):
        followup_open(subject=None, title="Gửi tờ trình", lead_body=province.committee, due_on=timezone.localdate() + timedelta(days=3))
        followup_open(subject=None, title="Việc của Mặt trận", lead_body=province.front, due_on=timezone.localdate() + timedelta(days=3))

        def sessions(*, user, start, end):
            return [CalendarEvent(uid="session-1@phoihop", title="Kỳ họp thứ 5", start=timezone.localdate() + timedelta(days=20))]

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


