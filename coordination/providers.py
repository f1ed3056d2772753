"""What other apps contribute to the dashboard, the implementation report and the calendar feed.

Each app may have a ``providers.py`` (autodiscovered at start-up, like ``reports.py``) with:

    @register_figures
    def figures(*, unit_ids: set[int], start: date, end: date, user=None) -> list[Figure]: ...

    @register_calendar_events
    def events(*, user, start: date, end: date) -> list[CalendarEvent]: ...

    @register_plan_events
    def plan_events(*, unit, year: int) -> Iterable[PlanEvent]: ...

    @register_subject_visibility(Letter)
    def visible(user) -> QuerySet: ...   # the subjects of that model ``user`` may see (the app's door)

Figures are counts over the units the viewer may see; events are what the user may see. A figure
whose source app has not landed is simply absent, never faked. Plan events are the events of ``unit``
already scheduled in ``year`` (a session's opening, a round's end…): a plan created after them still
gets their tasks. A follow-up is seen by the members of its unit; an app whose subjects are seen by fewer
(a letter: only the members of its handling body) registers its door, and whoever may not see the subject
then sees none of its follow-ups: list, detail, search, dashboard, calendar feed, digests, reminders, exports
(``coordination.permissions.visible_followups``). coordination never imports the app to ask.
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models


@dataclass(frozen=True)
class Figure:
    key: str  # stable identifier, e.g. "sessions_held"
    label: str  # Vietnamese label shown on the dashboard and in the report
    value: int | float | str
    breakdown: list[tuple[str, int]] = field(default_factory=list)  # (label, count) pairs for a bar chart
    url: str = ""  # drill-down page
    group: str = ""  # section heading, e.g. "Kỳ họp", "Cử tri"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across feeds, e.g. "session-12@phoihop"
    title: str
    start: date | datetime
    end: date | datetime | None = None  # for an all-day event its last day (inclusive); none: one day
    location: str = ""
    description: str = ""
    url: str = ""  # a page path ("/sessions/3/") or an absolute URL; the feed prefixes SITE_URL to a path


@dataclass(frozen=True)
class PlanEvent:
    anchor: str  # a DeadlineAnchor value, as passed to coordination.services.plan_tasks_for_event
    anchor_date: date
    subject: models.Model


FIGURE_PROVIDERS: list[Callable[..., list[Figure]]] = []
CALENDAR_EVENT_PROVIDERS: list[Callable[..., list[CalendarEvent]]] = []
PLAN_EVENT_PROVIDERS: list[Callable[..., Iterable[PlanEvent]]] = []
SUBJECT_VISIBILITY: dict[type[models.Model], Callable[..., models.QuerySet]] = {}


def register_figures(provider):
    FIGURE_PROVIDERS.append(provider)
    return provider


def register_calendar_events(provider):
    CALENDAR_EVENT_PROVIDERS.append(provider)
    return provider


def register_plan_events(provider):
    PLAN_EVENT_PROVIDERS.append(provider)
    return provider


def register_subject_visibility(model: type[models.Model]):
    def decorator(visible):
        SUBJECT_VISIBILITY[model] = visible
        return visible

    return decorator


def collect_figures(*, unit_ids: set[int], start: date, end: date, user=None) -> list[Figure]:
    """``user``: the person the figures are shown to; a provider taking ``user`` counts only what they may see."""
    figures = []
    for provider in FIGURE_PROVIDERS:
        viewer = {"user": user} if user is not None and "user" in inspect.signature(provider).parameters else {}
        figures += provider(unit_ids=unit_ids, start=start, end=end, **viewer)
    return figures


def collect_calendar_events(*, user, start: date, end: date) -> list[CalendarEvent]:
    return [event for provider in CALENDAR_EVENT_PROVIDERS for event in provider(user=user, start=start, end=end)]


def collect_plan_events(*, unit, year: int) -> list[PlanEvent]:
    return [event for provider in PLAN_EVENT_PROVIDERS for event in provider(unit=unit, year=year)]


def _register_signed_uploads():
    # The evidence attached to a completed follow-up may come back signed: its signatures are checked.
    from coordination.models import FollowUp
    from coordination.signature_checks import register_signed_upload

    register_signed_upload(FollowUp, "evidence")


_register_signed_uploads()
