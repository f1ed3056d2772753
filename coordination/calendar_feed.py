"""The per-user iCalendar feed: follow-up deadlines plus the events other apps contribute
(sessions, meetings, reception days) through ``collect_calendar_events``."""

from datetime import date, datetime, timedelta

from django.conf import settings
from icalendar import Calendar, Event

from coordination.providers import CalendarEvent, collect_calendar_events
from coordination.queries import feed_followups


def _event(item: CalendarEvent) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("summary", item.title)
    event.add("dtstart", item.start)
    if item.end is not None:
        event.add("dtend", item.end)
    elif isinstance(item.start, date) and not isinstance(item.start, datetime):
        event.add("dtend", item.start + timedelta(days=1))
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    event.add("dtstamp", datetime(2026, 1, 1))
    return event


def calendar_feed_ics(*, user, start: date, end: date) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Phoi hop//Lich ca nhan//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Phối hợp — việc cần theo dõi")
    for followup in feed_followups(user=user, start=start, end=end):
        cal.add_component(_event(CalendarEvent(
            uid=f"followup-{followup.pk}@phoihop", title=f"Hạn: {followup.title}", start=followup.due_on,
            description=f"Cơ quan chủ trì: {followup.lead_body}. {followup.expected_result}".strip(),
            url=settings.SITE_URL + followup.get_absolute_url(),
        )))
    for item in collect_calendar_events(user=user, start=start, end=end):
        cal.add_component(_event(item))
    return cal.to_ical()
