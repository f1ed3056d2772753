"""The per-user iCalendar feed: follow-up deadlines plus the events other apps contribute
(sessions, meetings, reception days) through ``collect_calendar_events``.

An event whose time is known is written at that time in Vietnam's zone (TZID=Asia/Ho_Chi_Minh, with its
VTIMEZONE), so that a calendar elsewhere shows it at the right hour; the others are all-day. Each deadline
carries a reminder (VALARM) the day before."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from coordination.providers import CalendarEvent, collect_calendar_events
from coordination.queries import feed_followups


def _event(item: CalendarEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("summary", item.title)
    if isinstance(item.start, datetime):
        event.add("dtstart", timezone.localtime(item.start))  # carries TZID=Asia/Ho_Chi_Minh
        if item.end is not None:
            event.add("dtend", timezone.localtime(item.end))
    else:
        event.add("dtstart", item.start)
        # An all-day DTEND is exclusive (RFC 5545 3.6.1): the day after the event's last day.
        event.add("dtend", (item.end or item.start) + timedelta(days=1))
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        # Calendar apps open the link outside the site, so a page path needs the site's address.
        event.add("url", item.url if "://" in item.url else settings.SITE_URL + item.url)
    event.add("dtstamp", stamp)
    if item.alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-1))
        alarm.add("description", item.alarm)
        event.add_component(alarm)
    return event


def calendar_feed_ics(*, user, start: date, end: date) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Phoi hop//Lich ca nhan//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Phối hợp — việc cần theo dõi"))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()  # the feed is generated on request: this is when its events were written
    for followup in feed_followups(user=user, start=start, end=end):
        cal.add_component(_event(CalendarEvent(
            uid=f"followup-{followup.pk}@phoihop", title=_("Hạn: %(title)s") % {
                "title": followup.title}, start=followup.due_on,
            description=(_("Cơ quan chủ trì: %(body)s. %(expected)s") % {
                "body": followup.lead_body, "expected": followup.expected_result}).strip(),
            url=followup.get_absolute_url(),
            alarm=_("Ngày mai đến hạn: %(title)s") % {"title": followup.title},
        ), stamp))
    for item in collect_calendar_events(user=user, start=start, end=end):
        cal.add_component(_event(item, stamp))
    # The zone of the timed events, from 2000 on: Vietnam has kept UTC+7 since 1975.
    cal.add_missing_timezones(first_date=date(2000, 1, 1), last_date=end + timedelta(days=366))
    return cal.to_ical()
